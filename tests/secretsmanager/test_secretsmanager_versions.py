"""Versions and staging labels: PutSecretValue, UpdateSecretVersionStage,
ListSecretVersionIds, GetSecretValue by version, BatchGetSecretValue.

The label moves asserted here follow AWS's recorded responses (LocalStack's
test_secretsmanager snapshots, recorded against AWS)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from sm_support import error_of


def stages(sm, name, **params):
    """Version id -> staging labels, as ListSecretVersionIds answers them."""
    versions = sm.list_secret_version_ids(SecretId=name, **params)["Versions"]
    return {v["VersionId"]: v.get("VersionStages") for v in versions}


def test_put_with_custom_labels_leaves_awscurrent_where_it_is(sm):
    first = sm.create_secret(Name="s", SecretString="v0")["VersionId"]
    put = sm.put_secret_value(SecretId="s", SecretString="v1", VersionStages=["one", "two", "three"])
    assert put["VersionStages"] == ["one", "three", "two"]  # AWS answers labels sorted
    assert sm.get_secret_value(SecretId="s")["VersionId"] == first
    again = sm.put_secret_value(SecretId="s", SecretString="v2", VersionStages=["one", "two", "three", "four"])
    # the labels moved: the version left without any is deprecated (not listed)
    assert stages(sm, "s") == {first: ["AWSCURRENT"], again["VersionId"]: ["four", "one", "three", "two"]}
    assert stages(sm, "s", IncludeDeprecated=True)[put["VersionId"]] is None
    assert sm.get_secret_value(SecretId="s", VersionStage="four")["SecretString"] == "v2"


def test_the_first_version_is_awscurrent_whatever_labels_it_is_given(sm):
    sm.create_secret(Name="empty")
    put = sm.put_secret_value(SecretId="empty", SecretString="v", VersionStages=["AWSPENDING"])
    assert put["VersionStages"] == ["AWSCURRENT", "AWSPENDING"]
    assert sm.get_secret_value(SecretId="empty")["SecretString"] == "v"


def test_moving_awscurrent_to_the_pending_version(sm):
    v1 = sm.create_secret(Name="s", SecretString="S1")["VersionId"]
    v2 = sm.put_secret_value(SecretId="s", SecretString="S2", VersionStages=["AWSPENDING"])["VersionId"]
    assert stages(sm, "s") == {v1: ["AWSCURRENT"], v2: ["AWSPENDING"]}
    answer = sm.update_secret_version_stage(SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=v2, RemoveFromVersionId=v1)
    assert set(answer) - {"ResponseMetadata"} == {"ARN", "Name"}
    assert stages(sm, "s") == {v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT", "AWSPENDING"]}
    value = sm.get_secret_value(SecretId="s")
    assert (value["SecretString"], value["VersionStages"]) == ("S2", ["AWSCURRENT", "AWSPENDING"])
    v3 = sm.put_secret_value(SecretId="s", SecretString="S3", VersionStages=["AWSPENDING"])["VersionId"]
    assert stages(sm, "s") == {v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT"], v3: ["AWSPENDING"]}
    v4 = sm.put_secret_value(SecretId="s", SecretString="S4")["VersionId"]
    assert stages(sm, "s") == {v2: ["AWSPREVIOUS"], v3: ["AWSPENDING"], v4: ["AWSCURRENT"]}


def test_list_secret_version_ids_answers_aws_shape(sm):
    sm.create_secret(Name="s", SecretString="v")
    listed = sm.list_secret_version_ids(SecretId="s")
    assert listed["Name"] == "s" and listed["ARN"].startswith("arn:aws:secretsmanager:")
    [version] = listed["Versions"]
    assert version["KmsKeyIds"] == ["DefaultEncryptionKey"]
    assert set(version) == {"VersionId", "VersionStages", "CreatedDate", "KmsKeyIds"}
    for _ in range(3):
        sm.put_secret_value(SecretId="s", SecretString="x", VersionStages=["mine"])
    first = sm.list_secret_version_ids(SecretId="s", MaxResults=1, IncludeDeprecated=True)
    assert len(first["Versions"]) == 1 and "NextToken" in first
    with pytest.raises(ClientError) as info:
        sm.list_secret_version_ids(SecretId="s", NextToken="not-a-token")
    assert error_of(info)[0] == "InvalidNextTokenException"


def test_a_version_token_reused_with_another_value_is_refused(sm):
    arn = sm.create_secret(Name="s", SecretString="a")["ARN"]
    token = "b" * 32
    sm.put_secret_value(SecretId="s", SecretString="one", ClientRequestToken=token)
    retried = sm.put_secret_value(SecretId="s", SecretString="one", ClientRequestToken=token)
    assert retried["VersionId"] == token
    with pytest.raises(ClientError) as info:
        sm.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=token)
    assert error_of(info) == (
        "ResourceExistsException",
        f"You can't use ClientRequestToken {token} because that value is already in use for a version of secret {arn}.",
    )
    assert sm.get_secret_value(SecretId="s")["SecretString"] == "one"


def test_put_needs_a_value(sm):
    with pytest.raises(ClientError) as info:
        sm.put_secret_value(SecretId="missing")
    assert error_of(info)[0] == "InvalidRequestException"


def test_get_by_version_id_and_stage(sm):
    v1 = sm.create_secret(Name="s", SecretString="a")["VersionId"]
    sm.put_secret_value(SecretId="s", SecretString="b")
    assert sm.get_secret_value(SecretId="s", VersionId=v1)["SecretString"] == "a"
    assert sm.get_secret_value(SecretId="s", VersionId=v1, VersionStage="AWSPREVIOUS")["SecretString"] == "a"
    with pytest.raises(ClientError) as info:
        sm.get_secret_value(SecretId="s", VersionId=v1, VersionStage="AWSCURRENT")
    assert error_of(info) == (
        "InvalidRequestException",
        "You provided a VersionStage that is not associated to the provided VersionId.",
    )
    with pytest.raises(ClientError) as info:
        sm.get_secret_value(SecretId="s", VersionStage="nothing")
    assert error_of(info) == (
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret value for staging label: nothing",
    )


def test_update_version_stage_errors_change_nothing(sm):
    v1 = sm.create_secret(Name="s", SecretString="a")["VersionId"]
    v2 = sm.put_secret_value(SecretId="s", SecretString="b", VersionStages=["next"])["VersionId"]
    before = stages(sm, "s")
    with pytest.raises(ClientError) as info:
        sm.update_secret_version_stage(SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=v2)
    assert error_of(info) == (
        "InvalidParameterException",
        f"The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version {v1}, "
        "so you must explicitly reference that version in RemoveFromVersionId.",
    )
    with pytest.raises(ClientError) as info:
        sm.update_secret_version_stage(SecretId="s", VersionStage="AWSCURRENT", RemoveFromVersionId=v1)
    assert error_of(info)[0] == "InvalidParameterException"
    assert stages(sm, "s") == before
    sm.update_secret_version_stage(SecretId="s", VersionStage="next", RemoveFromVersionId=v2)
    assert stages(sm, "s") == {v1: ["AWSCURRENT"]}


@pytest.mark.model("secretsmanager", "BatchGetSecretValueRequest", "SecretIdList")
def test_batch_get_by_ids_reports_each_failure(sm):
    sm.create_secret(Name="a", SecretString="1")
    sm.create_secret(Name="b", SecretString="2")
    sm.create_secret(Name="gone", SecretString="3")
    sm.delete_secret(SecretId="gone")
    batch = sm.batch_get_secret_value(SecretIdList=["a", "b", "missing", "gone"])
    assert [(v["Name"], v["SecretString"], v["VersionStages"]) for v in batch["SecretValues"]] == [
        ("a", "1", ["AWSCURRENT"]),
        ("b", "2", ["AWSCURRENT"]),
    ]
    assert [(e["SecretId"], e["ErrorCode"]) for e in batch["Errors"]] == [
        ("missing", "ResourceNotFoundException"),
        ("gone", "InvalidRequestException"),
    ]


@pytest.mark.model("secretsmanager", "BatchGetSecretValueRequest", "SecretIdList")
def test_batch_get_by_filters_pages(sm):
    for name in ("app/1", "app/2", "app/3", "other"):
        sm.create_secret(Name=name, SecretString=name)
    first = sm.batch_get_secret_value(Filters=[{"Key": "name", "Values": ["app"]}], MaxResults=2)
    assert [v["SecretString"] for v in first["SecretValues"]] == ["app/1", "app/2"]
    assert "Errors" not in first
    rest = sm.batch_get_secret_value(Filters=[{"Key": "name", "Values": ["app"]}], MaxResults=2, NextToken=first["NextToken"])
    assert [v["SecretString"] for v in rest["SecretValues"]] == ["app/3"] and "NextToken" not in rest
    with pytest.raises(ClientError) as info:
        sm.batch_get_secret_value(SecretIdList=["a"], Filters=[{"Key": "name", "Values": ["app"]}])
    assert error_of(info)[0] == "InvalidParameterException"
