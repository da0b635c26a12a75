"""CloudWatch Logs destinations and cross-account subscriptions through them."""

from __future__ import annotations

import gzip
import json

import pytest
from freezegun import freeze_time
from logs_support import NOW, NOW_MS, error_of, events

RECEIVER = "222222222222"
SENDER = "111111111111"
STREAM = f"arn:aws:kinesis:us-east-1:{RECEIVER}:stream/central"
ROLE = f"arn:aws:iam::{RECEIVER}:role/cwl"
DESTINATION = f"arn:aws:logs:us-east-1:{RECEIVER}:destination:central"


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time(NOW):
        yield


@pytest.fixture
def receiver(client_for):
    client_for("kinesis", account=RECEIVER).create_stream(StreamName="central", ShardCount=1)
    logs = client_for(account=RECEIVER)
    logs.put_destination(destinationName="central", targetArn=STREAM, roleArn=ROLE)
    return logs


def allow(receiver, account):
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": account}, "Action": "logs:PutSubscriptionFilter", "Resource": DESTINATION}]}
    receiver.put_destination_policy(destinationName="central", accessPolicy=json.dumps(policy))
    return json.dumps(policy)


def test_put_describe_update_delete(receiver):
    [found] = receiver.describe_destinations(DestinationNamePrefix="cen")["destinations"]
    assert found == {"destinationName": "central", "targetArn": STREAM, "roleArn": ROLE, "arn": DESTINATION, "creationTime": NOW_MS}
    other = f"arn:aws:kinesis:us-east-1:{RECEIVER}:stream/other"
    assert receiver.put_destination(destinationName="central", targetArn=other, roleArn=ROLE)["destination"]["targetArn"] == other
    policy = allow(receiver, SENDER)
    [found] = receiver.describe_destinations()["destinations"]
    assert (found["targetArn"], found["accessPolicy"]) == (other, policy)
    assert receiver.describe_destinations(DestinationNamePrefix="x")["destinations"] == []
    receiver.delete_destination(destinationName="central")
    assert receiver.describe_destinations()["destinations"] == []
    with pytest.raises(receiver.exceptions.ResourceNotFoundException) as info:
        receiver.delete_destination(destinationName="central")
    assert error_of(info)[1] == "The specified destination does not exist."


def test_destination_tags(receiver):
    receiver.tag_resource(resourceArn=DESTINATION, tags={"team": "ops"})
    assert receiver.list_tags_for_resource(resourceArn=DESTINATION)["tags"] == {"team": "ops"}
    receiver.untag_resource(resourceArn=DESTINATION, tagKeys=["team"])
    assert receiver.list_tags_for_resource(resourceArn=DESTINATION)["tags"] == {}


def test_another_account_subscribes_when_the_policy_allows(client_for, receiver):
    sender = client_for(account=SENDER)
    sender.create_log_group(logGroupName="/app")
    sender.create_log_stream(logGroupName="/app", logStreamName="s")
    with pytest.raises(sender.exceptions.ClientError) as info:
        sender.put_subscription_filter(logGroupName="/app", filterName="out", filterPattern="", destinationArn=DESTINATION)
    assert error_of(info)[0] == "AccessDeniedException"
    allow(receiver, SENDER)
    sender.put_subscription_filter(logGroupName="/app", filterName="out", filterPattern="ERROR", destinationArn=DESTINATION)
    sender.put_log_events(logGroupName="/app", logStreamName="s", logEvents=events((NOW_MS, "ERROR one"), (NOW_MS, "fine")))
    kinesis = client_for("kinesis", account=RECEIVER)
    [shard] = kinesis.list_shards(StreamName="central")["Shards"]
    iterator = kinesis.get_shard_iterator(StreamName="central", ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    payloads = [json.loads(gzip.decompress(r["Data"])) for r in kinesis.get_records(ShardIterator=iterator)["Records"]]
    assert payloads[0]["messageType"] == "CONTROL_MESSAGE"
    assert payloads[1]["owner"] == SENDER and payloads[1]["logGroup"] == "/app"
    assert [e["message"] for e in payloads[1]["logEvents"]] == ["ERROR one"]
    [described] = sender.describe_subscription_filters(logGroupName="/app")["subscriptionFilters"]
    assert described["destinationArn"] == DESTINATION


def test_a_missing_destination(client_for):
    sender = client_for(account=SENDER)
    sender.create_log_group(logGroupName="/app")
    with pytest.raises(sender.exceptions.ResourceNotFoundException):
        sender.put_subscription_filter(logGroupName="/app", filterName="out", filterPattern="", destinationArn=DESTINATION)


def test_a_deleted_destination_is_a_recorded_failure(eventmock, client_for, receiver):
    receiver.create_log_group(logGroupName="/own")
    receiver.create_log_stream(logGroupName="/own", logStreamName="s")
    receiver.put_subscription_filter(logGroupName="/own", filterName="out", filterPattern="", destinationArn=DESTINATION)
    receiver.delete_destination(destinationName="central")
    receiver.put_log_events(logGroupName="/own", logStreamName="s", logEvents=events((NOW_MS, "x")))
    [failure] = eventmock.logs.subscription_failures(f"arn:aws:logs:us-east-1:{RECEIVER}:log-group:/own")
    assert failure.code == "ResourceNotFoundException"
