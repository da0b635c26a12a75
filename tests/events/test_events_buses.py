"""Event buses: the default bus, create, describe, update, list with pagination, delete."""

from __future__ import annotations

import datetime as dt

import boto3
import pytest
from events_support import ACCOUNT, OTHER_ACCOUNT, PATTERN, error_of, status_of
from freezegun import freeze_time

DLQ = f"arn:aws:sqs:us-east-1:{ACCOUNT}:dlq"


def test_the_default_bus_exists_in_every_account_and_region(client_for):
    for account, region in [(ACCOUNT, "us-east-1"), (OTHER_ACCOUNT, "us-east-1"), (ACCOUNT, "eu-west-2")]:
        bus = client_for(account, region).describe_event_bus()
        assert bus["Name"] == "default"
        assert bus["Arn"] == f"arn:aws:events:{region}:{account}:event-bus/default"
        assert isinstance(bus["CreationTime"], dt.datetime) and bus["CreationTime"].tzinfo is not None
        assert "Policy" not in bus


def test_describe_default_bus_by_name_and_by_arn(events):
    by_default = events.describe_event_bus()
    assert events.describe_event_bus(Name="default")["Arn"] == by_default["Arn"]
    assert events.describe_event_bus(Name=by_default["Arn"])["Name"] == "default"


def test_create_event_bus_returns_the_arn_and_echoes_settings(events):
    response = events.create_event_bus(
        Name="orders",
        Description="order events",
        KmsKeyIdentifier="alias/orders",
        DeadLetterConfig={"Arn": DLQ},
        LogConfig={"IncludeDetail": "FULL", "Level": "INFO"},
    )
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["EventBusArn"] == f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/orders"
    assert response["Description"] == "order events"
    assert response["KmsKeyIdentifier"] == "alias/orders"
    assert response["DeadLetterConfig"] == {"Arn": DLQ}
    assert response["LogConfig"] == {"IncludeDetail": "FULL", "Level": "INFO"}


def test_describe_event_bus_returns_what_was_created(events):
    with freeze_time("2026-03-04 05:06:07.891"):
        arn = events.create_event_bus(
            Name="orders", Description="d", KmsKeyIdentifier="k", DeadLetterConfig={"Arn": DLQ}, LogConfig={"Level": "ERROR"}
        )["EventBusArn"]
    for name in ("orders", arn):
        bus = events.describe_event_bus(Name=name)
        bus.pop("ResponseMetadata")
        created = dt.datetime(2026, 3, 4, 5, 6, 7, 891000, tzinfo=dt.timezone.utc)
        assert bus == {
            "Name": "orders",
            "Arn": arn,
            "Description": "d",
            "KmsKeyIdentifier": "k",
            "DeadLetterConfig": {"Arn": DLQ},
            "LogConfig": {"Level": "ERROR"},
            "CreationTime": created,
            "LastModifiedTime": created,
        }


def test_a_minimal_bus_has_no_optional_members(events):
    response = events.create_event_bus(Name="plain")
    assert set(response) == {"EventBusArn", "ResponseMetadata"}
    assert set(events.describe_event_bus(Name="plain")) == {"Name", "Arn", "CreationTime", "LastModifiedTime", "ResponseMetadata"}


def test_duplicate_name_is_refused(events):
    events.create_event_bus(Name="orders")
    for name in ("orders", "default"):
        with pytest.raises(events.exceptions.ResourceAlreadyExistsException) as info:
            events.create_event_bus(Name=name)
        assert error_of(info) == ("ResourceAlreadyExistsException", f"Event bus {name} already exists.")
        assert status_of(info) == 400


def test_custom_bus_name_may_not_contain_a_slash(events):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.create_event_bus(Name="team/bus")
    assert error_of(info) == ("ValidationException", "Event bus name must not contain '/'.")
    assert status_of(info) == 400
    assert [b["Name"] for b in events.list_event_buses()["EventBuses"]] == ["default"]


@pytest.mark.parametrize(
    ("name", "constraint"),
    [
        ("bad name", "Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+"),
        ("b" * 257, "Member must have length less than or equal to 256"),
    ],
)
def test_name_constraints_of_the_model(events, name, constraint):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.create_event_bus(Name=name)
    code, message = error_of(info)
    assert code == "ValidationException"
    assert message == f"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: {constraint}"


@pytest.mark.parametrize("name", ["aws.orders", "aws."])
def test_a_custom_bus_name_may_not_start_with_aws_dot(events, name):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.create_event_bus(Name=name)
    assert error_of(info) == ("ValidationException", "EventBus name starting with 'aws.' is not valid.")
    assert [b["Name"] for b in events.list_event_buses()["EventBuses"]] == ["default"]


@pytest.mark.parametrize("name", ["a", "A-b_c.d", "x" * 256, "0rders", "awsorders", "my.aws.bus"])
def test_names_aws_allows(events, name):
    arn = events.create_event_bus(Name=name)["EventBusArn"]
    assert arn.endswith(f":event-bus/{name}")


@pytest.mark.parametrize(
    ("dlq", "message"),
    [
        ("arn:aws:sns:us-east-1:123456789012:topic", "sns is not supported as a dead letter resource"),
        ("arn:aws:lambda:us-east-1:123456789012:function:f", "lambda is not supported as a dead letter resource"),
        ("arn:aws:sqs:us-east-1:123456789012:dlq.fifo", "SQS FIFO is not supported by Dead Letter Queues"),
    ],
)
def test_dead_letter_queue_must_be_a_standard_queue(events, dlq, message):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.create_event_bus(Name="orders", DeadLetterConfig={"Arn": dlq})
    assert error_of(info) == ("ValidationException", message)
    with pytest.raises(events.exceptions.ResourceNotFoundException):
        events.describe_event_bus(Name="orders")


def test_invalid_tags_create_nothing(events):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.create_event_bus(Name="orders", Tags=[{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}])
    assert error_of(info)[0] == "ValidationException"
    with pytest.raises(events.exceptions.ResourceNotFoundException):
        events.describe_event_bus(Name="orders")


def test_describe_unknown_bus_is_not_found(events):
    with pytest.raises(events.exceptions.ResourceNotFoundException) as info:
        events.describe_event_bus(Name="nope")
    assert error_of(info) == ("ResourceNotFoundException", "Event bus nope does not exist.")
    assert status_of(info) == 400


def test_an_arn_of_another_account_or_region_names_no_bus_here(events):
    events.create_event_bus(Name="orders")
    for arn in (
        f"arn:aws:events:us-east-1:{OTHER_ACCOUNT}:event-bus/orders",
        f"arn:aws:events:eu-west-1:{ACCOUNT}:event-bus/orders",
    ):
        with pytest.raises(events.exceptions.ResourceNotFoundException, match="Event bus orders does not exist."):
            events.describe_event_bus(Name=arn)


def test_update_event_bus_replaces_the_settings(events):
    with freeze_time("2026-01-01"):
        events.create_event_bus(Name="orders", Description="old", KmsKeyIdentifier="k1", DeadLetterConfig={"Arn": DLQ})
    with freeze_time("2026-02-02"):
        response = events.update_event_bus(Name="orders", Description="new", LogConfig={"Level": "TRACE"})
    assert response["Arn"] == f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/orders"
    assert response["Name"] == "orders"
    assert response["Description"] == "new"
    assert response["LogConfig"] == {"Level": "TRACE"}
    assert "KmsKeyIdentifier" not in response and "DeadLetterConfig" not in response
    bus = events.describe_event_bus(Name="orders")
    assert bus["Description"] == "new"
    assert "KmsKeyIdentifier" not in bus and "DeadLetterConfig" not in bus
    assert bus["CreationTime"] == dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    assert bus["LastModifiedTime"] == dt.datetime(2026, 2, 2, tzinfo=dt.timezone.utc)


def test_update_without_a_name_updates_the_default_bus(events):
    response = events.update_event_bus(Description="the default bus")
    assert response["Name"] == "default"
    assert events.describe_event_bus()["Description"] == "the default bus"


def test_update_unknown_bus_is_not_found(events):
    with pytest.raises(events.exceptions.ResourceNotFoundException, match="Event bus nope does not exist."):
        events.update_event_bus(Name="nope", Description="x")


def test_update_with_a_bad_dead_letter_queue_changes_nothing(events):
    events.create_event_bus(Name="orders", Description="keep")
    with pytest.raises(events.exceptions.ClientError, match="sns is not supported as a dead letter resource"):
        events.update_event_bus(Name="orders", Description="lost", DeadLetterConfig={"Arn": "arn:aws:sns:us-east-1:123456789012:t"})
    assert events.describe_event_bus(Name="orders")["Description"] == "keep"


def test_list_event_buses_includes_default_sorted_by_name(events):
    for name in ("zeta", "alpha", "orders"):
        events.create_event_bus(Name=name, Description=f"{name} bus")
    listed = events.list_event_buses()
    assert "NextToken" not in listed
    assert [b["Name"] for b in listed["EventBuses"]] == ["alpha", "default", "orders", "zeta"]
    alpha = listed["EventBuses"][0]
    assert set(alpha) == {"Name", "Arn", "Description", "CreationTime", "LastModifiedTime"}
    assert alpha["Description"] == "alpha bus"


def test_list_event_buses_by_name_prefix(events):
    for name in ("orders-eu", "orders-us", "billing"):
        events.create_event_bus(Name=name)
    assert [b["Name"] for b in events.list_event_buses(NamePrefix="orders")["EventBuses"]] == ["orders-eu", "orders-us"]
    assert [b["Name"] for b in events.list_event_buses(NamePrefix="orders-us")["EventBuses"]] == ["orders-us"]
    assert events.list_event_buses(NamePrefix="x")["EventBuses"] == []


def test_list_event_buses_pages_with_limit_and_token(events):
    names = [f"bus-{i}" for i in range(6)]
    for name in names:
        events.create_event_bus(Name=name)
    seen, token, pages = [], None, 0
    while True:
        page = events.list_event_buses(NamePrefix="bus-", Limit=4, **({"NextToken": token} if token else {}))
        pages += 1
        seen += [b["Name"] for b in page["EventBuses"]]
        token = page.get("NextToken")
        if token is None:
            break
    assert (seen, pages) == (names, 2)


def test_list_event_buses_default_page_size_is_100(events):
    for i in range(100):
        events.create_event_bus(Name=f"bus-{i:03d}")
    first = events.list_event_buses()
    assert len(first["EventBuses"]) == 100
    rest = events.list_event_buses(NextToken=first["NextToken"])
    assert [b["Name"] for b in rest["EventBuses"]] == ["default"]


def test_a_token_eventmock_did_not_issue_is_refused(events):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.list_event_buses(NextToken="garbage")
    assert error_of(info)[0] == "InvalidToken"
    assert status_of(info) == 400


def test_limit_over_100_is_refused(events):
    # botocore itself refuses a Limit under 1; the service refuses one over 100.
    with pytest.raises(events.exceptions.ClientError) as info:
        events.list_event_buses(Limit=101)
    assert error_of(info) == (
        "ValidationException",
        "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: "
        "Member must have value less than or equal to 100",
    )


def test_delete_event_bus(events):
    events.create_event_bus(Name="orders")
    response = events.delete_event_bus(Name="orders")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    with pytest.raises(events.exceptions.ResourceNotFoundException):
        events.describe_event_bus(Name="orders")
    assert [b["Name"] for b in events.list_event_buses()["EventBuses"]] == ["default"]
    events.create_event_bus(Name="orders")  # the name is free again


def test_deleting_a_missing_bus_is_a_no_op(events):
    events.delete_event_bus(Name="never-created")
    assert [b["Name"] for b in events.list_event_buses()["EventBuses"]] == ["default"]


def test_the_default_bus_cannot_be_deleted(events):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.delete_event_bus(Name="default")
    assert error_of(info) == ("ValidationException", "Cannot delete event bus default.")
    assert status_of(info) == 400
    assert events.describe_event_bus()["Name"] == "default"


def test_a_bus_with_rules_cannot_be_deleted(events):
    events.create_event_bus(Name="orders")
    events.put_rule(Name="r", EventBusName="orders", EventPattern=PATTERN)
    with pytest.raises(events.exceptions.ClientError) as info:
        events.delete_event_bus(Name="orders")
    assert error_of(info) == ("ValidationException", "EventBus can't be deleted since it has rules.")
    assert events.describe_rule(Name="r", EventBusName="orders")["Name"] == "r"
    events.delete_rule(Name="r", EventBusName="orders")
    events.delete_event_bus(Name="orders")


def test_a_deleted_and_recreated_bus_has_no_old_tags(events):
    arn = events.create_event_bus(Name="orders", Tags=[{"Key": "team", "Value": "a"}])["EventBusArn"]
    events.delete_event_bus(Name="orders")
    events.create_event_bus(Name="orders")
    assert events.list_tags_for_resource(ResourceARN=arn)["Tags"] == []


def test_buses_are_isolated_per_account_and_region(eventmock):
    home = boto3.client("events", region_name="us-east-1")  # credentials of the mock: the default account
    other_region = boto3.client("events", region_name="ap-southeast-2")
    other_account = boto3.client("events", region_name="us-east-1", aws_access_key_id=OTHER_ACCOUNT, aws_secret_access_key="x")
    home.create_event_bus(Name="orders")
    for client in (other_region, other_account):
        assert [b["Name"] for b in client.list_event_buses()["EventBuses"]] == ["default"]
        with pytest.raises(client.exceptions.ResourceNotFoundException):
            client.describe_event_bus(Name="orders")
    arn = other_account.create_event_bus(Name="orders")["EventBusArn"]
    assert arn == f"arn:aws:events:us-east-1:{OTHER_ACCOUNT}:event-bus/orders"
