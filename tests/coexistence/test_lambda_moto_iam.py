"""Lambda with moto underneath: a function's role must be one moto's IAM has."""

from __future__ import annotations

import json

import boto3
import pytest

from tests.lambda_.zips import ECHO

REGION = "us-east-1"
TRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def create(role: str) -> dict:
    return boto3.client("lambda", region_name=REGION).create_function(
        FunctionName="echo", Runtime="python3.12", Role=role, Handler="lambda_function.handler", Code={"ZipFile": ECHO}
    )


def test_a_role_moto_iam_lacks_cannot_be_assumed(both):
    lam = boto3.client("lambda", region_name=REGION)
    with pytest.raises(lam.exceptions.InvalidParameterValueException) as info:
        create("arn:aws:iam::123456789012:role/service-role/unknown_role")
    assert info.value.response["Error"]["Message"] == "The role defined for the function cannot be assumed by Lambda."
    assert lam.list_functions()["Functions"] == []


def test_a_role_made_in_moto_iam_is_accepted(both):
    role = boto3.client("iam", region_name=REGION).create_role(RoleName="runner", AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]["Arn"]
    assert create(role)["Role"] == role
    lam = boto3.client("lambda", region_name=REGION)
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        lam.update_function_configuration(FunctionName="echo", Role="arn:aws:iam::123456789012:role/missing")
    assert lam.get_function_configuration(FunctionName="echo")["Role"] == role
