"""Rotation: RotateSecret runs the rotation function's four steps through eventmock's
Lambda; the schedule comes due on the mock's clock; CancelRotateSecret."""

from __future__ import annotations

import datetime as dt

import pytest
from botocore.exceptions import ClientError

from eventmock import register_lambda
from sm_support import error_of

FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:rotator"


def rotator(sm, seen):
    """A rotation function written as AWS's templates write them."""

    def handler(event, context):
        seen.append(event)
        arn, token, step = event["SecretId"], event["ClientRequestToken"], event["Step"]
        versions = sm.describe_secret(SecretId=arn)["VersionIdsToStages"]
        assert "AWSPENDING" in versions[token]
        if step == "createSecret":
            with pytest.raises(sm.exceptions.ResourceNotFoundException):
                sm.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")
            sm.put_secret_value(SecretId=arn, ClientRequestToken=token, SecretString="rotated", VersionStages=["AWSPENDING"])
        elif step == "finishSecret":
            current = next(v for v, labels in versions.items() if "AWSCURRENT" in labels)
            sm.update_secret_version_stage(
                SecretId=arn, VersionStage="AWSCURRENT", MoveToVersionId=token, RemoveFromVersionId=current
            )

    return handler


def test_rotate_secret_runs_the_four_steps(sm):
    seen: list[dict] = []
    register_lambda(FUNCTION, rotator(sm, seen))
    arn = sm.create_secret(Name="db", SecretString="original")["ARN"]
    answer = sm.rotate_secret(SecretId="db", RotationLambdaARN=FUNCTION, RotationRules={"AutomaticallyAfterDays": 7})
    token = answer["VersionId"]
    assert [e["Step"] for e in seen] == ["createSecret", "setSecret", "testSecret", "finishSecret"]
    assert {(e["SecretId"], e["ClientRequestToken"]) for e in seen} == {(arn, token)}
    value = sm.get_secret_value(SecretId="db")
    assert (value["SecretString"], value["VersionId"]) == ("rotated", token)
    assert sm.get_secret_value(SecretId="db", VersionStage="AWSPREVIOUS")["SecretString"] == "original"
    described = sm.describe_secret(SecretId="db")
    assert described["RotationEnabled"] is True
    assert described["RotationLambdaARN"] == FUNCTION
    assert described["RotationRules"]["AutomaticallyAfterDays"] == 7
    assert "LastRotatedDate" in described and "NextRotationDate" in described


def test_the_schedule_rotates_on_the_mocks_clock(sm, eventmock):
    seen: list[dict] = []
    register_lambda(FUNCTION, rotator(sm, seen))
    sm.create_secret(Name="db", SecretString="original")
    sm.rotate_secret(SecretId="db", RotationLambdaARN=FUNCTION, RotationRules={"AutomaticallyAfterDays": 2}, RotateImmediately=False)
    assert seen == []
    assert sm.get_secret_value(SecretId="db")["SecretString"] == "original"
    eventmock.advance(dt.timedelta(days=2, seconds=1))
    assert [e["Step"] for e in seen] == ["createSecret", "setSecret", "testSecret", "finishSecret"]
    assert sm.get_secret_value(SecretId="db")["SecretString"] == "rotated"


def test_a_failing_step_leaves_the_rotation_pending(sm):
    def broken(event, context):
        if event["Step"] == "setSecret":
            raise RuntimeError("database unreachable")
        if event["Step"] == "createSecret":
            sm.put_secret_value(
                SecretId=event["SecretId"], ClientRequestToken=event["ClientRequestToken"], SecretString="new", VersionStages=["AWSPENDING"]
            )

    register_lambda(FUNCTION, broken)
    sm.create_secret(Name="db", SecretString="original")
    token = sm.rotate_secret(SecretId="db", RotationLambdaARN=FUNCTION)["VersionId"]  # AWS rotates asynchronously
    assert sm.get_secret_value(SecretId="db")["SecretString"] == "original"
    assert sm.get_secret_value(SecretId="db", VersionStage="AWSPENDING")["VersionId"] == token
    with pytest.raises(ClientError) as info:
        sm.rotate_secret(SecretId="db")
    assert error_of(info) == ("InvalidRequestException", "A previous rotation isn't complete. That rotation will be reattempted.")
    cancelled = sm.cancel_rotate_secret(SecretId="db")
    assert cancelled["VersionId"] == token
    described = sm.describe_secret(SecretId="db")
    assert described["RotationEnabled"] is False and "NextRotationDate" not in described


def test_rotation_needs_a_function(sm):
    sm.create_secret(Name="db", SecretString="v")
    with pytest.raises(ClientError) as info:
        sm.rotate_secret(SecretId="db")
    assert error_of(info) == ("InvalidRequestException", "No Lambda rotation function ARN is associated with this secret.")


def test_a_function_that_does_not_exist_cannot_be_invoked(sm):
    sm.create_secret(Name="db", SecretString="v")
    with pytest.raises(ClientError) as info:
        sm.rotate_secret(SecretId="db", RotationLambdaARN="arn:aws:lambda:us-east-1:123456789012:function:nobody")
    assert error_of(info) == (
        "AccessDeniedException",
        "Secrets Manager cannot invoke the specified Lambda function. "
        "Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.",
    )
    described = sm.describe_secret(SecretId="db")
    for absent in ("RotationEnabled", "RotationRules", "RotationLambdaARN"):
        assert absent not in described


def test_rotation_rules_are_checked(sm):
    register_lambda(FUNCTION, lambda event, context: None)
    sm.create_secret(Name="db", SecretString="v")
    with pytest.raises(ClientError) as info:
        sm.rotate_secret(
            SecretId="db", RotationLambdaARN=FUNCTION, RotationRules={"AutomaticallyAfterDays": 3, "ScheduleExpression": "rate(3 days)"}
        )
    assert error_of(info)[0] == "InvalidParameterException"
    assert "RotationEnabled" not in sm.describe_secret(SecretId="db")


def test_a_schedule_expression_sets_the_next_rotation(sm, eventmock):
    register_lambda(FUNCTION, lambda event, context: None)
    sm.create_secret(Name="db", SecretString="v")
    sm.rotate_secret(SecretId="db", RotationLambdaARN=FUNCTION, RotationRules={"ScheduleExpression": "rate(10 days)"}, RotateImmediately=False)
    described = sm.describe_secret(SecretId="db")
    assert described["RotationRules"] == {"ScheduleExpression": "rate(10 days)"}
    assert abs(described["NextRotationDate"] - (eventmock.now() + dt.timedelta(days=10))) < dt.timedelta(seconds=5)


def test_cancel_without_rotation_is_refused(sm):
    sm.create_secret(Name="db", SecretString="v")
    with pytest.raises(ClientError) as info:
        sm.cancel_rotate_secret(SecretId="db")
    assert error_of(info)[0] == "InvalidRequestException"


def test_each_rotation_is_recorded(sm, eventmock):
    register_lambda(FUNCTION, lambda event, context: None)
    arn = sm.create_secret(Name="db", SecretString="v")["ARN"]
    token = sm.rotate_secret(SecretId="db", RotationLambdaARN=FUNCTION)["VersionId"]
    [rotation] = eventmock.backend("secretsmanager").rotations
    assert (rotation.secret_arn, rotation.token, rotation.function_arn, rotation.outcome) == (arn, token, FUNCTION, "rotated")


def test_with_lambda_excluded_a_rotation_is_only_recorded():
    """Under ``mock_aws(exclude=["lambda"])`` eventmock does not call the function (the
    mock underneath owns Lambda): the rotation is configured and recorded, nothing else."""
    import boto3

    from eventmock import mock_aws

    with mock_aws(exclude=["lambda"]) as aws:
        sm = boto3.client("secretsmanager", region_name="us-east-1")
        sm.create_secret(Name="db", SecretString="v")
        sm.rotate_secret(SecretId="db", RotationLambdaARN=FUNCTION)
        assert sm.describe_secret(SecretId="db")["RotationEnabled"] is True
        assert sm.get_secret_value(SecretId="db")["SecretString"] == "v"
        assert [r.outcome for r in aws.backend("secretsmanager").rotations] == ["not invoked"]


def test_a_secret_scheduled_for_deletion_does_not_rotate_until_restored(sm, eventmock):
    seen: list[dict] = []
    register_lambda(FUNCTION, rotator(sm, seen))
    sm.create_secret(Name="db", SecretString="original")
    sm.rotate_secret(SecretId="db", RotationLambdaARN=FUNCTION, RotationRules={"AutomaticallyAfterDays": 1}, RotateImmediately=False)
    sm.delete_secret(SecretId="db", RecoveryWindowInDays=7)
    eventmock.advance(dt.timedelta(days=2))
    assert seen == []
    sm.restore_secret(SecretId="db")
    assert "NextRotationDate" in sm.describe_secret(SecretId="db")
    eventmock.advance(dt.timedelta(days=1, seconds=1))
    assert [e["Step"] for e in seen][-1] == "finishSecret"
    assert sm.get_secret_value(SecretId="db")["SecretString"] == "rotated"
