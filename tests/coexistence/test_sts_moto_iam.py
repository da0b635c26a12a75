"""STS with moto underneath: keys moto's IAM issued to a user are that user's."""

from __future__ import annotations

import boto3
import pytest

REGION = "us-east-1"


def keyed(service, key):
    return boto3.client(service, region_name=REGION, aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])


@pytest.fixture
def user_key(both):
    iam = boto3.client("iam", region_name=REGION)
    user = iam.create_user(UserName="alice")["User"]
    return user, iam.create_access_key(UserName="alice")["AccessKey"]


def test_a_moto_iam_users_key_is_that_user(user_key):
    user, key = user_key
    identity = keyed("sts", key).get_caller_identity()
    assert (identity["Arn"], identity["UserId"], identity["Account"]) == (user["Arn"], user["UserId"], user["Arn"].split(":")[4])
    assert boto3.client("sts", region_name=REGION).get_access_key_info(AccessKeyId=key["AccessKeyId"])["Account"] == identity["Account"]


def test_a_users_session_and_federation_token(user_key):
    user, key = user_key
    sts = keyed("sts", key)
    session = sts.get_session_token()["Credentials"]
    assert keyed("sts", session).get_caller_identity()["Arn"] == user["Arn"]
    federated = sts.get_federation_token(Name="bob")["FederatedUser"]
    assert federated["Arn"] == f"arn:aws:sts::{user['Arn'].split(':')[4]}:federated-user/bob"
