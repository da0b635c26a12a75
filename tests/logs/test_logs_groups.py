"""Log groups: create, describe (prefix, pattern, pagination), delete, retention, tags;
log streams."""

from __future__ import annotations

from unittest.mock import ANY

import pytest
from freezegun import freeze_time
from logs_support import NOW, NOW_MS, error_of

ACCOUNT = "123456789012"


@pytest.mark.model("logs", "LogGroup", "deletionProtectionEnabled")
def test_create_and_describe_a_log_group(logs):
    with freeze_time(NOW):
        assert set(logs.create_log_group(logGroupName="/aws/lambda/checkout")) == {"ResponseMetadata"}
    [group] = logs.describe_log_groups()["logGroups"]
    assert group == {
        "logGroupName": "/aws/lambda/checkout",
        "creationTime": NOW_MS,
        "metricFilterCount": 0,
        "arn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/aws/lambda/checkout:*",
        "logGroupArn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/aws/lambda/checkout",
        "storedBytes": 0,
        "logGroupClass": "STANDARD",
        "deletionProtectionEnabled": False,
    }


@pytest.mark.model("logs", "LogGroup", "deletionProtectionEnabled")
def test_kms_key_and_class_are_kept(logs):
    key = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234"
    logs.create_log_group(logGroupName="audit", kmsKeyId=key, logGroupClass="INFREQUENT_ACCESS")
    [group] = logs.describe_log_groups(logGroupNamePrefix="audit")["logGroups"]
    assert (group["kmsKeyId"], group["logGroupClass"]) == (key, "INFREQUENT_ACCESS")
    assert logs.describe_log_groups(logGroupClass="STANDARD")["logGroups"] == []


def test_duplicate_group_is_resource_already_exists(logs, group):
    with pytest.raises(logs.exceptions.ResourceAlreadyExistsException) as info:
        logs.create_log_group(logGroupName=group)
    assert error_of(info) == ("ResourceAlreadyExistsException", "The specified log group already exists")
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_a_name_outside_the_model_pattern_is_invalid_parameter(logs):
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        logs.create_log_group(logGroupName="orders service")
    assert error_of(info)[1] == (
        "1 validation error detected: Value 'orders service' at 'logGroupName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+"
    )
    assert logs.describe_log_groups()["logGroups"] == []


@pytest.mark.model("logs", "LogGroup", "deletionProtectionEnabled")
def test_describe_by_prefix_pattern_and_pages(logs):
    for name in ("/app/b", "/app/a", "/other/x", "/app/c"):
        logs.create_log_group(logGroupName=name)
    assert [g["logGroupName"] for g in logs.describe_log_groups(logGroupNamePrefix="/app/")["logGroups"]] == ["/app/a", "/app/b", "/app/c"]
    assert [g["logGroupName"] for g in logs.describe_log_groups(logGroupNamePattern="x")["logGroups"]] == ["/other/x"]
    first = logs.describe_log_groups(limit=3)
    assert [g["logGroupName"] for g in first["logGroups"]] == ["/app/a", "/app/b", "/app/c"]
    assert first["nextToken"] == "/app/c"  # the last name answered, as AWS's token
    second = logs.describe_log_groups(limit=3, nextToken=first["nextToken"])
    assert [g["logGroupName"] for g in second["logGroups"]] == ["/other/x"] and "nextToken" not in second
    pages = logs.get_paginator("describe_log_groups").paginate(PaginationConfig={"PageSize": 1})
    assert [g["logGroupName"] for page in pages for g in page["logGroups"]] == ["/app/a", "/app/b", "/app/c", "/other/x"]


def test_list_log_groups_by_pattern(logs):
    for name in ("/aws/lambda/a", "/app/discovery", "/app/web"):
        logs.create_log_group(logGroupName=name)
    found = logs.list_log_groups(logGroupNamePattern="^/aws/lambda|discovery")["logGroups"]
    assert found == [
        {"logGroupName": "/app/discovery", "logGroupArn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/app/discovery", "logGroupClass": "STANDARD"},
        {"logGroupName": "/aws/lambda/a", "logGroupArn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/aws/lambda/a", "logGroupClass": "STANDARD"},
    ]
    first = logs.list_log_groups(limit=2)
    assert len(first["logGroups"]) == 2 and len(logs.list_log_groups(nextToken=first["nextToken"])["logGroups"]) == 1


def test_describe_refuses_prefix_with_pattern_a_bad_token_and_a_big_limit(logs):
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        logs.describe_log_groups(logGroupNamePrefix="/a", logGroupNamePattern="a")
    assert error_of(info)[1] == "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters."
    # AWS's token is a group name: any string is one, and the groups after it answer.
    assert logs.describe_log_groups(nextToken="nonsense") == {"logGroups": [], "ResponseMetadata": ANY}
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        logs.describe_log_groups(limit=51)
    assert "Member must have value less than or equal to 50" in error_of(info)[1]


def test_delete_log_group(logs, group):
    logs.delete_log_group(logGroupName=group)
    assert logs.describe_log_groups()["logGroups"] == []
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        logs.delete_log_group(logGroupName=group)
    assert error_of(info) == ("ResourceNotFoundException", "The specified log group does not exist.")


@pytest.mark.model("logs", "LogGroup", "deletionProtectionEnabled")
def test_retention_policy(logs, group):
    logs.put_retention_policy(logGroupName=group, retentionInDays=7)
    assert logs.describe_log_groups()["logGroups"][0]["retentionInDays"] == 7
    logs.delete_retention_policy(logGroupName=group)
    assert "retentionInDays" not in logs.describe_log_groups()["logGroups"][0]
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        logs.put_retention_policy(logGroupName=group, retentionInDays=4)
    assert error_of(info)[1].startswith(
        "1 validation error detected: Value '4' at 'retentionInDays' failed to satisfy constraint: "
        "Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, "
    )
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.put_retention_policy(logGroupName="missing", retentionInDays=7)


@pytest.mark.model("logs", "LogGroup", "deletionProtectionEnabled")
def test_tags_through_both_apis(logs):
    logs.create_log_group(logGroupName="tagged", tags={"env": "test"})
    arn = logs.describe_log_groups()["logGroups"][0]["logGroupArn"]
    logs.tag_log_group(logGroupName="tagged", tags={"team": "shop"})
    logs.tag_resource(resourceArn=arn, tags={"cost": "1"})
    assert logs.list_tags_log_group(logGroupName="tagged")["tags"] == {"env": "test", "team": "shop", "cost": "1"}
    logs.untag_log_group(logGroupName="tagged", tags=["env"])
    logs.untag_resource(resourceArn=arn, tagKeys=["cost"])
    assert logs.list_tags_for_resource(resourceArn=arn)["tags"] == {"team": "shop"}
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.list_tags_for_resource(resourceArn=arn + "-missing")
    with pytest.raises(logs.exceptions.TooManyTagsException) as info:
        logs.tag_resource(resourceArn=arn, tags={f"k{i}": "v" for i in range(50)})
    assert info.value.response["resourceName"] == arn
    assert logs.list_tags_for_resource(resourceArn=arn)["tags"] == {"team": "shop"}


@pytest.mark.model("logs", "LogGroup", "deletionProtectionEnabled")
def test_tag_keys_and_values_are_checked_against_the_models_unicode_pattern(logs):
    """``^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$``: letters, separators and numbers of any
    script, and ``_.:/=+-@``; nothing else."""
    logs.create_log_group(logGroupName="tagged")
    arn = logs.describe_log_groups()["logGroups"][0]["logGroupArn"]
    for call in (
        lambda: logs.tag_resource(resourceArn=arn, tags={"bad#key": "v"}),
        lambda: logs.tag_log_group(logGroupName="tagged", tags={"bad#key": "v"}),
        lambda: logs.create_log_group(logGroupName="other", tags={"bad#key": "v"}),
    ):
        with pytest.raises(logs.exceptions.InvalidParameterException) as info:
            call()
        assert error_of(info) == (
            "InvalidParameterException",
            "1 validation error detected: Value 'bad#key' at 'tags.bad#key' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$",
        )
    logs.tag_resource(resourceArn=arn, tags={"équipe": "données 2026", "チーム": "٣"})
    assert logs.list_tags_for_resource(resourceArn=arn)["tags"] == {"équipe": "données 2026", "チーム": "٣"}
    assert [g["logGroupName"] for g in logs.describe_log_groups()["logGroups"]] == ["tagged"]


def test_groups_are_per_account_and_region(client_for):
    client_for(account="111111111111").create_log_group(logGroupName="mine")
    assert client_for().describe_log_groups()["logGroups"] == []
    assert client_for(account="111111111111", region="eu-west-1").describe_log_groups()["logGroups"] == []


# -- log streams -------------------------------------------------------------------------


def test_create_and_describe_log_streams(logs, group):
    with freeze_time(NOW):
        logs.create_log_stream(logGroupName=group, logStreamName="web-2")
    streams = logs.describe_log_streams(logGroupName=group)["logStreams"]
    assert [s["logStreamName"] for s in streams] == ["web-1", "web-2"]
    assert streams[1] == {
        "logStreamName": "web-2",
        "creationTime": NOW_MS,
        "arn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:{group}:log-stream:web-2",
        "storedBytes": 0,
    }


def test_stream_errors(logs, group):
    with pytest.raises(logs.exceptions.ResourceAlreadyExistsException) as info:
        logs.create_log_stream(logGroupName=group, logStreamName="web-1")
    assert error_of(info)[1] == "The specified log stream already exists"
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        logs.create_log_stream(logGroupName="missing", logStreamName="s")
    assert error_of(info)[1] == "The specified log group does not exist."
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.create_log_stream(logGroupName=group, logStreamName="a:b")
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        logs.delete_log_stream(logGroupName=group, logStreamName="nope")
    assert error_of(info)[1] == "The specified log stream does not exist."


def test_describe_streams_by_prefix_order_and_identifier(logs, group):
    for name in ("api-2", "api-1", "worker"):
        logs.create_log_stream(logGroupName=group, logStreamName=name)
    names = [s["logStreamName"] for s in logs.describe_log_streams(logGroupName=group, logStreamNamePrefix="api")["logStreams"]]
    assert names == ["api-1", "api-2"]
    names = [s["logStreamName"] for s in logs.describe_log_streams(logGroupName=group, descending=True)["logStreams"]]
    assert names == ["worker", "web-1", "api-2", "api-1"]
    arn = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:{group}"
    for identifier in (group, arn):
        assert len(logs.describe_log_streams(logGroupIdentifier=identifier)["logStreams"]) == 4
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:  # the model's pattern has no '*'
        logs.describe_log_streams(logGroupIdentifier=arn + ":*")
    assert "at 'logGroupIdentifier' failed to satisfy constraint" in error_of(info)[1]
    with pytest.raises(logs.exceptions.ClientError) as info:
        logs.describe_log_streams(logGroupName=group, logGroupIdentifier=arn)
    assert error_of(info) == ("ValidationException", "LogGroup name and LogGroup ARN are mutually exclusive parameters.")
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        logs.describe_log_streams(logGroupName=group, logStreamNamePrefix="api", orderBy="LastEventTime")
    assert error_of(info)[1] == "Cannot order by LastEventTime with a logStreamNamePrefix."
    page = logs.describe_log_streams(logGroupName=group, limit=3)
    rest = logs.describe_log_streams(logGroupName=group, limit=3, nextToken=page["nextToken"])
    assert [s["logStreamName"] for s in page["logStreams"] + rest["logStreams"]] == ["api-1", "api-2", "web-1", "worker"]


def test_delete_log_stream(logs, group):
    logs.delete_log_stream(logGroupName=group, logStreamName="web-1")
    assert logs.describe_log_streams(logGroupName=group)["logStreams"] == []


def test_a_pattern_search_answers_as_aws_records(logs):
    logs.create_log_group(logGroupName="/aws/lambda/checkout")
    logs.create_log_group(logGroupName="/other")
    first = logs.describe_log_groups(logGroupNamePattern="checkout")
    [group] = first["logGroups"]
    # AWS leaves these two out of a pattern search's answer, and gives a token.
    assert "storedBytes" not in group and "deletionProtectionEnabled" not in group
    rest = logs.describe_log_groups(logGroupNamePattern="checkout", nextToken=first["nextToken"])
    assert rest["logGroups"] == [] and "nextToken" not in rest
    pages = logs.get_paginator("describe_log_groups").paginate(logGroupNamePattern="checkout")
    assert [g["logGroupName"] for page in pages for g in page["logGroups"]] == ["/aws/lambda/checkout"]


def test_a_too_long_name_has_aws_message(logs):
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        logs.create_log_group(logGroupName="g" * 513)
    assert error_of(info) == ("InvalidParameterException", "Invalid LogGroup or LogStream, both must have length less than or equal to 512.")


@pytest.mark.model("logs", "LogGroup", "deletionProtectionEnabled")
def test_deletion_protection(logs):
    logs.create_log_group(logGroupName="/keep")
    logs.put_log_group_deletion_protection(logGroupIdentifier="/keep", deletionProtectionEnabled=True)
    assert logs.describe_log_groups()["logGroups"][0]["deletionProtectionEnabled"] is True
    with pytest.raises(logs.exceptions.ClientError) as info:
        logs.delete_log_group(logGroupName="/keep")
    assert error_of(info) == ("ValidationException", "Cannot delete log group with deletion protection enabled. Disable deletion protection first.")
    logs.put_log_group_deletion_protection(logGroupIdentifier="/keep", deletionProtectionEnabled=False)
    logs.delete_log_group(logGroupName="/keep")
    assert logs.describe_log_groups()["logGroups"] == []


@pytest.mark.model("logs", "LogGroup", "deletionProtectionEnabled")
def test_kms_key_association(logs, group):
    key = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/abcd"
    logs.associate_kms_key(logGroupName=group, kmsKeyId=key)
    assert logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]["kmsKeyId"] == key
    logs.disassociate_kms_key(logGroupName=group)
    assert "kmsKeyId" not in logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]
    logs.associate_kms_key(resourceIdentifier=f"arn:aws:logs:us-east-1:{ACCOUNT}:query-result:*", kmsKeyId=key)
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.associate_kms_key(logGroupName="/missing", kmsKeyId=key)


def test_retention_deletes_events_as_the_clock_passes(logs, group):
    from logs_support import DAY, events

    with freeze_time(NOW) as frozen:
        logs.put_retention_policy(logGroupName=group, retentionInDays=1)
        logs.put_log_events(logGroupName=group, logStreamName="web-1", logEvents=events((NOW_MS - 1000, "old"), (NOW_MS, "new")))
        frozen.tick(DAY / 1000 - 0.5)
        assert [e["message"] for e in logs.get_log_events(logGroupName=group, logStreamName="web-1")["events"]] == ["new"]
        # deleted, not hidden: lifting the retention does not bring it back
        logs.delete_retention_policy(logGroupName=group)
        assert [e["message"] for e in logs.filter_log_events(logGroupName=group)["events"]] == ["new"]
        [stream] = logs.describe_log_streams(logGroupName=group)["logStreams"]
        assert stream["firstEventTimestamp"] == NOW_MS
