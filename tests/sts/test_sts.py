"""STS: who the caller is, and temporary credentials that act in another account."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re

import pytest
from dateutil.tz import tzutc
from freezegun import freeze_time

from sts_support import client_with, error_of

from eventmock import DEFAULT_ACCOUNT_ID

ROLE_ACCOUNT = "111111111111"
ROLE = f"arn:aws:iam::{ROLE_ACCOUNT}:role/deployer"


def jwt(claims):
    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


# -- GetCallerIdentity -------------------------------------------------------------------


def test_caller_is_the_root_identity_of_the_default_account(sts):
    response = sts.get_caller_identity()
    assert {k: response[k] for k in ("Account", "Arn", "UserId")} == {
        "Account": DEFAULT_ACCOUNT_ID,
        "Arn": f"arn:aws:iam::{DEFAULT_ACCOUNT_ID}:root",
        "UserId": DEFAULT_ACCOUNT_ID,
    }
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_a_12_digit_access_key_names_the_callers_account(client_for):
    identity = client_for(account="444455556666").get_caller_identity()
    assert identity["Account"] == "444455556666"
    assert identity["Arn"] == "arn:aws:iam::444455556666:root"


# -- AssumeRole --------------------------------------------------------------------------


def test_assume_role_returns_credentials_and_the_assumed_role_user(sts):
    with freeze_time("2026-03-04 05:06:07.890"):
        response = sts.assume_role(RoleArn=ROLE, RoleSessionName="ci-run")
    credentials = response["Credentials"]
    assert re.fullmatch(r"ASIA[A-Z0-9]{16}", credentials["AccessKeyId"])
    assert len(credentials["SecretAccessKey"]) == 40
    assert len(credentials["SessionToken"]) > 100
    assert credentials["Expiration"] == dt.datetime(2026, 3, 4, 6, 6, 7, tzinfo=tzutc())  # one hour by default
    user = response["AssumedRoleUser"]
    assert user["Arn"] == f"arn:aws:sts::{ROLE_ACCOUNT}:assumed-role/deployer/ci-run"
    assert re.fullmatch(r"AROA[A-Z0-9]{17}:ci-run", user["AssumedRoleId"])
    assert "SourceIdentity" not in response and "PackedPolicySize" not in response


def test_a_role_keeps_its_id_across_sessions_and_keys_differ(sts):
    first = sts.assume_role(RoleArn=ROLE, RoleSessionName="one")
    second = sts.assume_role(RoleArn=ROLE, RoleSessionName="two")
    other = sts.assume_role(RoleArn=f"arn:aws:iam::{ROLE_ACCOUNT}:role/reader", RoleSessionName="one")
    role_id = first["AssumedRoleUser"]["AssumedRoleId"].split(":")[0]
    assert second["AssumedRoleUser"]["AssumedRoleId"] == f"{role_id}:two"
    assert other["AssumedRoleUser"]["AssumedRoleId"].split(":")[0] != role_id
    assert first["Credentials"]["AccessKeyId"] != second["Credentials"]["AccessKeyId"]


def test_duration_and_source_identity(sts):
    with freeze_time("2026-03-04 05:06:07"):
        response = sts.assume_role(RoleArn=ROLE, RoleSessionName="s1", DurationSeconds=900, SourceIdentity="alice")
    assert response["Credentials"]["Expiration"] == dt.datetime(2026, 3, 4, 5, 21, 7, tzinfo=tzutc())
    assert response["SourceIdentity"] == "alice"


def test_a_role_path_is_not_part_of_the_assumed_role_arn(sts):
    response = sts.assume_role(RoleArn=f"arn:aws:iam::{ROLE_ACCOUNT}:role/service/team/deployer", RoleSessionName="s1")
    assert response["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ROLE_ACCOUNT}:assumed-role/deployer/s1"


def test_assumed_credentials_act_as_the_role_in_its_account(sts, boto3_session):
    credentials = sts.assume_role(RoleArn=ROLE, RoleSessionName="ci-run")["Credentials"]
    identity = client_with(boto3_session, credentials, region="eu-west-1").get_caller_identity()
    assert identity["Account"] == ROLE_ACCOUNT
    assert identity["Arn"] == f"arn:aws:sts::{ROLE_ACCOUNT}:assumed-role/deployer/ci-run"
    assert identity["UserId"].endswith(":ci-run")


def test_assumed_credentials_create_resources_in_the_roles_account(sts, boto3_session, client_for):
    credentials = sts.assume_role(RoleArn=ROLE, RoleSessionName="s1")["Credentials"]
    theirs = client_with(boto3_session, credentials, service="kinesis")
    theirs.create_stream(StreamName="orders", ShardCount=1)
    arn = theirs.describe_stream_summary(StreamName="orders")["StreamDescriptionSummary"]["StreamARN"]
    assert arn == f"arn:aws:kinesis:us-east-1:{ROLE_ACCOUNT}:stream/orders"
    assert client_for("kinesis", account=ROLE_ACCOUNT).list_streams()["StreamNames"] == ["orders"]
    assert client_for("kinesis").list_streams()["StreamNames"] == []


def test_only_the_latest_issued_credentials_are_remembered(sts, boto3_session, monkeypatch):
    """Bounded: beyond MAX_IDENTITIES, the oldest key is forgotten (and acts as a key STS
    never issued)."""
    from eventmock.services.sts import base

    monkeypatch.setattr(base, "MAX_IDENTITIES", 2)
    first, second, third = (sts.assume_role(RoleArn=ROLE, RoleSessionName=f"s{i}")["Credentials"] for i in range(3))
    assert client_with(boto3_session, first).get_caller_identity()["Account"] == DEFAULT_ACCOUNT_ID
    for credentials in (second, third):
        assert client_with(boto3_session, credentials).get_caller_identity()["Account"] == ROLE_ACCOUNT


def test_issued_credentials_are_forgotten_on_reset(eventmock, sts, boto3_session):
    credentials = sts.assume_role(RoleArn=ROLE, RoleSessionName="s1")["Credentials"]
    eventmock.reset()
    assert client_with(boto3_session, credentials).get_caller_identity()["Account"] == DEFAULT_ACCOUNT_ID


def test_role_chaining_is_limited_to_one_hour(sts, boto3_session):
    chained = client_with(boto3_session, sts.assume_role(RoleArn=ROLE, RoleSessionName="s1")["Credentials"])
    target = "arn:aws:iam::222222222222:role/next"
    with pytest.raises(chained.exceptions.ClientError) as info:
        chained.assume_role(RoleArn=target, RoleSessionName="s2", DurationSeconds=3601)
    assert error_of(info) == (
        "ValidationError",
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
        400,
    )
    response = chained.assume_role(RoleArn=target, RoleSessionName="s2", DurationSeconds=3600)
    identity = client_with(boto3_session, response["Credentials"]).get_caller_identity()
    assert identity["Arn"] == "arn:aws:sts::222222222222:assumed-role/next/s2"


@pytest.mark.parametrize(
    "role_arn",
    [
        "nothing-valid-in-here",
        "arn::b:::something/test-role",
        "arn:a::::something/test-role",
        "arn:a:::something/test-role",
        "arn:a:a::aaaaaaaaaa:",
    ],
)
def test_a_malformed_role_arn_is_a_validation_error(sts, role_arn):
    with pytest.raises(sts.exceptions.ClientError) as info:
        sts.assume_role(RoleArn=role_arn, RoleSessionName="s1")
    assert error_of(info) == ("ValidationError", f"{role_arn} is invalid", 400)
    assert info.value.response["Error"]["Type"] == "Sender"


def test_an_arn_that_names_no_role_is_access_denied(sts):
    with pytest.raises(sts.exceptions.ClientError) as info:
        sts.assume_role(RoleArn="arn:aws:s3:::some-bucket/object", RoleSessionName="s1")
    assert error_of(info) == (
        "AccessDenied",
        f"User: arn:aws:iam::{DEFAULT_ACCOUNT_ID}:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:s3:::some-bucket/object",
        403,
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"RoleSessionName": "Session1:2"},
            "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: [\\w+=,.@-]*",
        ),
        (
            {"DurationSeconds": 43201},
            "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: "
            "Member must have value less than or equal to 43200",
        ),
    ],
)
def test_model_constraints_are_validation_errors(sts, params, message):
    with pytest.raises(sts.exceptions.ClientError) as info:
        sts.assume_role(**{"RoleArn": ROLE, "RoleSessionName": "s1", **params})
    assert error_of(info) == ("ValidationError", message, 400)


def test_session_tag_rules(sts):
    with pytest.raises(sts.exceptions.ClientError) as info:
        sts.assume_role(RoleArn=ROLE, RoleSessionName="s1", Tags=[{"Key": "team", "Value": "a"}, {"Key": "Team", "Value": "b"}])
    assert error_of(info) == ("InvalidParameterValue", "Duplicate tag keys found. Please note that Tag keys are case insensitive.", 400)
    with pytest.raises(sts.exceptions.ClientError) as info:
        sts.assume_role(RoleArn=ROLE, RoleSessionName="s1", Tags=[{"Key": "team", "Value": "a"}], TransitiveTagKeys=["cost"])
    assert error_of(info) == ("InvalidParameterValue", "The specified transitive tag key must be included in the requested tags.", 400)
    sts.assume_role(RoleArn=ROLE, RoleSessionName="s1", Tags=[{"Key": "team", "Value": "a"}], TransitiveTagKeys=["Team"])


def test_a_session_policy_must_be_json(sts):
    with pytest.raises(sts.exceptions.MalformedPolicyDocumentException) as info:
        sts.assume_role(RoleArn=ROLE, RoleSessionName="s1", Policy="not json")
    assert error_of(info)[0] == "MalformedPolicyDocument"
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})
    sts.assume_role(RoleArn=ROLE, RoleSessionName="s1", Policy=policy)


# -- AssumeRoleWithWebIdentity -----------------------------------------------------------


def test_assume_role_with_web_identity_reads_the_tokens_claims(sts, boto3_session):
    token = jwt({"iss": "https://token.actions.githubusercontent.com", "sub": "repo:shop/app:ref:refs/heads/main", "aud": "sts.amazonaws.com"})
    with freeze_time("2026-03-04 05:06:07"):
        response = sts.assume_role_with_web_identity(RoleArn=ROLE, RoleSessionName="gha", WebIdentityToken=token, DurationSeconds=1800)
    assert response["SubjectFromWebIdentityToken"] == "repo:shop/app:ref:refs/heads/main"
    assert response["Audience"] == "sts.amazonaws.com"
    assert response["Provider"] == "token.actions.githubusercontent.com"
    assert response["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ROLE_ACCOUNT}:assumed-role/deployer/gha"
    assert response["Credentials"]["Expiration"] == dt.datetime(2026, 3, 4, 5, 36, 7, tzinfo=tzutc())
    assert client_with(boto3_session, response["Credentials"]).get_caller_identity()["Account"] == ROLE_ACCOUNT


def test_a_token_that_is_no_jwt_is_an_invalid_identity_token(sts):
    with pytest.raises(sts.exceptions.InvalidIdentityTokenException) as info:
        sts.assume_role_with_web_identity(RoleArn=ROLE, RoleSessionName="gha", WebIdentityToken="opaque-access-token")
    assert error_of(info)[0::2] == ("InvalidIdentityToken", 400)


# -- GetSessionToken ---------------------------------------------------------------------


def test_session_token_acts_as_the_caller(client_for, boto3_session):
    sts = client_for(account="444455556666")
    with freeze_time("2026-03-04 05:06:07"):
        credentials = sts.get_session_token()["Credentials"]
    assert re.fullmatch(r"ASIA[A-Z0-9]{16}", credentials["AccessKeyId"])
    assert credentials["Expiration"] == dt.datetime(2026, 3, 4, 6, 6, 7, tzinfo=tzutc())  # root: one hour at most
    identity = client_with(boto3_session, credentials).get_caller_identity()
    assert (identity["Account"], identity["Arn"]) == ("444455556666", "arn:aws:iam::444455556666:root")


def test_session_credentials_cannot_get_a_session_token(sts, boto3_session):
    assumed = client_with(boto3_session, sts.assume_role(RoleArn=ROLE, RoleSessionName="s1")["Credentials"])
    with pytest.raises(assumed.exceptions.ClientError) as info:
        assumed.get_session_token()
    assert error_of(info) == ("AccessDenied", "Cannot call GetSessionToken with session credentials", 403)
    with pytest.raises(sts.exceptions.ClientError) as info:
        sts.get_session_token(DurationSeconds=129601)
    assert error_of(info)[0::2] == ("ValidationError", 400)
