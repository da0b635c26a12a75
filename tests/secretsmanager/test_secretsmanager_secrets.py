"""Secrets: create, describe, read, update, delete, restore, list, tags."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from botocore.exceptions import ClientError

from sm_support import error_of

ACCOUNT = "123456789012"


def test_create_answers_an_arn_ending_in_six_random_characters(sm):
    created = sm.create_secret(Name="db/password", SecretString="s3cret")
    assert re.fullmatch(rf"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db/password-[A-Za-z0-9]{{6}}", created["ARN"])
    assert created["Name"] == "db/password"
    assert set(created) - {"ResponseMetadata"} == {"ARN", "Name", "VersionId"}


def test_a_secret_without_a_value_has_no_version(sm):
    created = sm.create_secret(Name="empty")
    assert "VersionId" not in created
    assert "VersionIdsToStages" not in sm.describe_secret(SecretId="empty")
    with pytest.raises(ClientError) as info:
        sm.get_secret_value(SecretId="empty")
    assert error_of(info) == (
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
    )


def test_get_by_name_full_arn_and_partial_arn(sm):
    arn = sm.create_secret(Name="k", SecretString="v")["ARN"]
    for secret_id in ("k", arn, arn[:-7]):
        value = sm.get_secret_value(SecretId=secret_id)
        assert value["SecretString"] == "v"
        assert value["VersionStages"] == ["AWSCURRENT"]
        assert value["ARN"] == arn


def test_binary_secret_round_trips(sm):
    sm.create_secret(Name="bin", SecretBinary=b"\x00\x01\xff")
    value = sm.get_secret_value(SecretId="bin")
    assert value["SecretBinary"] == b"\x00\x01\xff"
    assert "SecretString" not in value


def test_both_string_and_binary_is_refused(sm):
    with pytest.raises(ClientError) as info:
        sm.create_secret(Name="both", SecretString="a", SecretBinary=b"b")
    assert error_of(info)[0] == "InvalidParameterException"
    with pytest.raises(sm.exceptions.ResourceNotFoundException):
        sm.describe_secret(SecretId="both")


def test_not_found_and_exists_errors(sm):
    with pytest.raises(ClientError) as info:
        sm.get_secret_value(SecretId="missing")
    assert error_of(info) == ("ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
    sm.create_secret(Name="dup", SecretString="a")
    with pytest.raises(ClientError) as info:
        sm.create_secret(Name="dup", SecretString="b")
    assert error_of(info) == ("ResourceExistsException", "The operation failed because the secret dup already exists.")


def test_create_retried_with_the_same_token_is_idempotent(sm):
    token = "a" * 32
    first = sm.create_secret(Name="idem", SecretString="x", ClientRequestToken=token)
    again = sm.create_secret(Name="idem", SecretString="x", ClientRequestToken=token)
    assert again["ARN"] == first["ARN"] and again["VersionId"] == token


@pytest.mark.parametrize("name", ["Inv Name", " Inv*Name? "])
def test_invalid_names_are_a_validation_error(sm, name):
    message = "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!"
    with pytest.raises(ClientError) as info:
        sm.create_secret(Name=name, SecretString="x")
    assert error_of(info) == ("ValidationException", message)
    with pytest.raises(ClientError) as info:
        sm.describe_secret(SecretId=name)
    assert error_of(info) == ("ValidationException", message)


def test_describe_omits_what_is_not_set_and_keeps_what_is(sm):
    sm.create_secret(Name="d", SecretString="v", Description="about", KmsKeyId="alias/mine", Tags=[{"Key": "team", "Value": "a"}])
    described = sm.describe_secret(SecretId="d")
    assert described["Description"] == "about"
    assert described["KmsKeyId"] == "alias/mine"
    assert described["Tags"] == [{"Key": "team", "Value": "a"}]
    for absent in ("RotationEnabled", "DeletedDate", "LastAccessedDate", "OwningService", "PrimaryRegion", "ReplicationStatus"):
        assert absent not in described
    sm.get_secret_value(SecretId="d")
    accessed = sm.describe_secret(SecretId="d")["LastAccessedDate"]
    assert (accessed.hour, accessed.minute, accessed.second) == (0, 0, 0)  # AWS keeps the day only


def test_update_secret_makes_a_new_current_version(sm):
    first = sm.create_secret(Name="u", SecretString="one")["VersionId"]
    updated = sm.update_secret(SecretId="u", SecretString="two", Description="new")
    assert updated["VersionId"] != first
    assert sm.get_secret_value(SecretId="u")["SecretString"] == "two"
    assert sm.get_secret_value(SecretId="u", VersionStage="AWSPREVIOUS")["SecretString"] == "one"
    described = sm.describe_secret(SecretId="u")
    assert described["Description"] == "new"
    assert described["VersionIdsToStages"] == {first: ["AWSPREVIOUS"], updated["VersionId"]: ["AWSCURRENT"]}
    only_description = sm.update_secret(SecretId="u", Description="newer")
    assert "VersionId" not in only_description


def test_delete_schedules_and_restore_cancels(sm, eventmock):
    sm.create_secret(Name="gone", SecretString="v")
    deleted = sm.delete_secret(SecretId="gone", RecoveryWindowInDays=7)
    now = eventmock.now()
    assert abs(deleted["DeletionDate"] - (now + dt.timedelta(days=7))) < dt.timedelta(seconds=5)
    assert "DeletedDate" in sm.describe_secret(SecretId="gone")
    message = "You can't perform this operation on the secret because it was marked for deletion."
    for call in (
        lambda: sm.get_secret_value(SecretId="gone"),
        lambda: sm.put_secret_value(SecretId="gone", SecretString="x"),
        lambda: sm.tag_resource(SecretId="gone", Tags=[{"Key": "a", "Value": "b"}]),
        lambda: sm.delete_secret(SecretId="gone"),
    ):
        with pytest.raises(ClientError) as info:
            call()
        assert error_of(info) == ("InvalidRequestException", message)
    with pytest.raises(ClientError) as info:
        sm.create_secret(Name="gone", SecretString="again")
    assert error_of(info) == (
        "InvalidRequestException",
        "You can't create this secret because a secret with this name is already scheduled for deletion.",
    )
    assert [s["Name"] for s in sm.list_secrets()["SecretList"]] == []
    assert [s["Name"] for s in sm.list_secrets(IncludePlannedDeletion=True)["SecretList"]] == ["gone"]
    sm.restore_secret(SecretId="gone")
    assert sm.get_secret_value(SecretId="gone")["SecretString"] == "v"
    assert "DeletedDate" not in sm.describe_secret(SecretId="gone")


def test_the_recovery_window_ends_on_the_mocks_clock(sm, eventmock):
    sm.create_secret(Name="later", SecretString="v")
    sm.delete_secret(SecretId="later", RecoveryWindowInDays=7)
    eventmock.advance(dt.timedelta(days=6))
    assert sm.describe_secret(SecretId="later")["Name"] == "later"
    eventmock.advance(dt.timedelta(days=1, seconds=1))
    with pytest.raises(sm.exceptions.ResourceNotFoundException):
        sm.describe_secret(SecretId="later")
    sm.create_secret(Name="later", SecretString="new")  # the name is free again


def test_force_delete_is_immediate_even_when_scheduled(sm):
    sm.create_secret(Name="f", SecretString="v")
    sm.delete_secret(SecretId="f")
    sm.delete_secret(SecretId="f", ForceDeleteWithoutRecovery=True)
    with pytest.raises(sm.exceptions.ResourceNotFoundException):
        sm.describe_secret(SecretId="f")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"RecoveryWindowInDays": 6}, "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive)."),
        ({"RecoveryWindowInDays": 31}, "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive)."),
        (
            {"RecoveryWindowInDays": 7, "ForceDeleteWithoutRecovery": True},
            "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
        ),
    ],
)
def test_delete_parameter_errors_change_nothing(sm, params, message):
    sm.create_secret(Name="p", SecretString="v")
    with pytest.raises(ClientError) as info:
        sm.delete_secret(SecretId="p", **params)
    assert error_of(info) == ("InvalidParameterException", message)
    assert sm.get_secret_value(SecretId="p")["SecretString"] == "v"


def test_list_filters(sm):
    sm.create_secret(Name="app/db", SecretString="1", Description="Database password", Tags=[{"Key": "env", "Value": "prod"}])
    sm.create_secret(Name="app/api", SecretString="2", Tags=[{"Key": "env", "Value": "dev"}])
    sm.create_secret(Name="other", SecretString="3", Description="misc")

    def names(*filters):
        return [s["Name"] for s in sm.list_secrets(Filters=list(filters))["SecretList"]]

    assert names({"Key": "name", "Values": ["app/"]}) == ["app/db", "app/api"]
    assert names({"Key": "name", "Values": ["App/"]}) == []  # name: case-sensitive
    assert names({"Key": "description", "Values": ["database"]}) == ["app/db"]  # not case-sensitive
    assert names({"Key": "tag-key", "Values": ["env"]}) == ["app/db", "app/api"]
    assert names({"Key": "tag-value", "Values": ["prod"]}) == ["app/db"]
    assert names({"Key": "name", "Values": ["!app"]}) == ["other"]
    assert names({"Key": "all", "Values": ["DEV"]}) == ["app/api"]
    assert names({"Key": "name", "Values": ["app"]}, {"Key": "tag-value", "Values": ["dev"]}) == ["app/api"]


def test_list_sorts_and_pages(sm):
    for name in ("one", "two", "three"):
        sm.create_secret(Name=name, SecretString="v")
    assert [s["Name"] for s in sm.list_secrets(SortOrder="desc")["SecretList"]] == ["three", "two", "one"]
    first = sm.list_secrets(MaxResults=2)
    assert [s["Name"] for s in first["SecretList"]] == ["one", "two"]
    rest = sm.list_secrets(MaxResults=2, NextToken=first["NextToken"])
    assert [s["Name"] for s in rest["SecretList"]] == ["three"] and "NextToken" not in rest
    listed = first["SecretList"][0]
    assert "SecretVersionsToStages" in listed and "VersionIdsToStages" not in listed


def test_tag_and_untag(sm):
    sm.create_secret(Name="t", SecretString="v", Tags=[{"Key": "a", "Value": "1"}])
    sm.tag_resource(SecretId="t", Tags=[{"Key": "a", "Value": "2"}, {"Key": "b", "Value": "3"}])
    assert sm.describe_secret(SecretId="t")["Tags"] == [{"Key": "a", "Value": "2"}, {"Key": "b", "Value": "3"}]
    sm.untag_resource(SecretId="t", TagKeys=["a", "b"])
    assert sm.describe_secret(SecretId="t")["Tags"] == []  # once tagged, AWS lists Tags even empty
    sm.create_secret(Name="never", SecretString="v")
    assert "Tags" not in sm.describe_secret(SecretId="never")


def test_list_filters_match_words_as_aws_does(sm):
    """AWS's word matching (moto's aws_verified test_with_all_filter and
    test_with_filter_with_value_with_multiple_words record it): a value's words each
    match the start of a word, words split at separators and case changes."""
    sm.create_secret(Name="SecretOne", SecretString="s")
    sm.create_secret(Name="uat/COMPANYthings", SecretString="s", Description="one and two")
    sm.create_secret(Name="x", SecretString="s", Description="two")

    def names(key, *values):
        return [s["Name"] for s in sm.list_secrets(Filters=[{"Key": key, "Values": list(values)}])["SecretList"]]

    assert names("all", "one") == ["SecretOne", "uat/COMPANYthings"]
    assert names("all", "ret") == []
    assert names("all", "Ythings") == ["uat/COMPANYthings"]
    assert names("all", "things") == []
    assert names("all", "company") == []  # "COMPAN", "Ythings"
    assert names("all", "SecretO") == ["SecretOne"]
    assert names("description", "o t") == ["uat/COMPANYthings"]
    assert names("description", "!one") == ["SecretOne", "x"]  # no description: not "one"
    assert names("description", "one", "!two") == ["SecretOne", "uat/COMPANYthings"]  # values: OR


def test_list_filter_errors(sm):
    with pytest.raises(ClientError) as info:
        sm.list_secrets(Filters=[{"Key": "description"}])
    assert error_of(info) == ("InvalidParameterException", "Invalid filter values for key: description")
    with pytest.raises(ClientError) as info:
        sm.list_secrets(Filters=[{"Values": ["x"]}])
    assert error_of(info) == ("InvalidParameterException", "Invalid filter key")
