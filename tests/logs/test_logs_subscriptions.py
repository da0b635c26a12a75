"""Subscription filters: put, describe, delete, their errors, and what their
destinations receive (AWS's gzip-compressed CloudWatch Logs payload)."""

from __future__ import annotations

import base64
import gzip
import json

import pytest
from freezegun import freeze_time
from logs_support import NOW, NOW_MS, error_of, events

from eventmock import register_lambda

ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/cwl-to-kinesis"
STREAM = f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/log-feed"
FUNCTION = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:log-handler"


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time(NOW):
        yield


@pytest.fixture
def kinesis(client_for):
    client = client_for("kinesis")
    client.create_stream(StreamName="log-feed", ShardCount=2)
    return client


def consume(kinesis):
    """What a Kinesis consumer reads: every record of every shard, decoded."""
    payloads = []
    for shard in kinesis.list_shards(StreamName="log-feed")["Shards"]:
        iterator = kinesis.get_shard_iterator(StreamName="log-feed", ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        for record in kinesis.get_records(ShardIterator=iterator)["Records"]:
            payloads.append((record["SequenceNumber"], record["PartitionKey"], json.loads(gzip.decompress(record["Data"]))))
    return [(key, payload) for _, key, payload in sorted(payloads, key=lambda p: int(p[0]))]


def subscribe(logs, group, destination=STREAM, pattern="", name="to-feed", **more):
    if destination.split(":")[2] in ("kinesis", "firehose"):
        more.setdefault("roleArn", ROLE)
    logs.put_subscription_filter(logGroupName=group, filterName=name, filterPattern=pattern, destinationArn=destination, **more)


def put(logs, group, *items, stream="web-1"):
    return logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=events(*items))


def test_kinesis_consumer_decodes_the_gzip_payload(logs, group, kinesis):
    subscribe(logs, group, pattern="ERROR")
    [(_, control)] = consume(kinesis)
    assert control == {
        "messageType": "CONTROL_MESSAGE",
        "owner": "CloudwatchLogs",
        "logGroup": "",
        "logStream": "",
        "subscriptionFilters": [],
        "logEvents": [{"id": "", "timestamp": NOW_MS, "message": "CWL CONTROL MESSAGE: Checking health of destination Kinesis stream."}],
    }
    put(logs, group, (NOW_MS - 3, "ERROR one"), (NOW_MS - 2, "INFO skipped"), (NOW_MS - 1, "ERROR two"))
    [(key, payload)] = consume(kinesis)[1:]
    ids = {e["message"]: e["eventId"] for e in logs.filter_log_events(logGroupName=group)["events"]}
    assert payload == {
        "messageType": "DATA_MESSAGE",
        "owner": ACCOUNT,
        "logGroup": group,
        "logStream": "web-1",
        "subscriptionFilters": ["to-feed"],
        "logEvents": [
            {"id": ids["ERROR one"], "timestamp": NOW_MS - 3, "message": "ERROR one"},
            {"id": ids["ERROR two"], "timestamp": NOW_MS - 1, "message": "ERROR two"},
        ],
    }
    put(logs, group, (NOW_MS, "ERROR three"))
    [(again, _)] = consume(kinesis)[2:]
    assert again == key  # ByLogStream: one stream's payloads share a partition key


def test_nothing_is_sent_when_nothing_matches(logs, group, kinesis):
    subscribe(logs, group, pattern='{ $.level = "error" }')
    put(logs, group, (NOW_MS, '{"level": "info"}'), (NOW_MS, "not json"))
    assert len(consume(kinesis)) == 1  # the control message only


def test_lambda_destination_gets_awslogs_data(logs, group):
    received = []
    register_lambda(FUNCTION, lambda event, context: received.append(event))
    subscribe(logs, group, destination=FUNCTION)
    assert received == []  # no control message for Lambda
    put(logs, group, (NOW_MS, "hello"))
    [event] = received
    payload = json.loads(gzip.decompress(base64.b64decode(event["awslogs"]["data"])))
    assert (payload["messageType"], payload["logStream"], [e["message"] for e in payload["logEvents"]]) == ("DATA_MESSAGE", "web-1", ["hello"])


def test_firehose_destination_gets_the_compressed_record(eventmock, logs, group, client_for):
    client_for("s3").create_bucket(Bucket="lake")
    arn = client_for("firehose").create_delivery_stream(
        DeliveryStreamName="logs-to-lake", S3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::lake"}
    )["DeliveryStreamARN"]
    subscribe(logs, group, destination=arn)
    put(logs, group, (NOW_MS, "to the lake"))
    control, data = [json.loads(gzip.decompress(r.data)) for r in eventmock.firehose.records(arn)]
    assert control["logEvents"][0]["message"] == "CWL CONTROL MESSAGE: Checking health of destination Firehose stream."
    assert [e["message"] for e in data["logEvents"]] == ["to the lake"]


def test_describe_update_and_delete(logs, group, kinesis):
    subscribe(logs, group, pattern="ERROR")
    subscribe(logs, group, pattern="[]")  # same name: replaced
    [found] = logs.describe_subscription_filters(logGroupName=group)["subscriptionFilters"]
    assert found == {
        "filterName": "to-feed",
        "logGroupName": group,
        "filterPattern": "[]",
        "destinationArn": STREAM,
        "roleArn": ROLE,
        "distribution": "ByLogStream",
        "applyOnTransformedLogs": False,
        "creationTime": NOW_MS,
    }
    subscribe(logs, group, name="other", distribution="Random")
    assert [f["filterName"] for f in logs.describe_subscription_filters(logGroupName=group, filterNamePrefix="oth")["subscriptionFilters"]] == [
        "other"
    ]
    logs.delete_subscription_filter(logGroupName=group, filterName="to-feed")
    assert [f["filterName"] for f in logs.describe_subscription_filters(logGroupName=group)["subscriptionFilters"]] == ["other"]
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        logs.delete_subscription_filter(logGroupName=group, filterName="to-feed")
    assert error_of(info)[1] == "The specified subscription filter does not exist."


def test_two_filters_at_most(logs, group, kinesis):
    subscribe(logs, group, name="a")
    subscribe(logs, group, name="b")
    with pytest.raises(logs.exceptions.LimitExceededException) as info:
        subscribe(logs, group, name="c")
    assert error_of(info) == ("LimitExceededException", "Resource limit exceeded.")
    subscribe(logs, group, name="b", pattern="ERROR")  # updating one is fine


def test_put_subscription_filter_errors(logs, group, kinesis):
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        subscribe(logs, "missing")
    assert error_of(info)[1] == "The specified log group does not exist."
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        logs.put_subscription_filter(logGroupName=group, filterName="f", filterPattern="", destinationArn=STREAM)
    assert error_of(info)[1] == "destinationArn for vendor kinesis cannot be used without roleArn"
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        subscribe(logs, group, destination=f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/unknown-stream")
    assert error_of(info)[1] == (
        "Could not deliver test message to specified Kinesis stream. Check if the given kinesis stream is in ACTIVE state."
    )
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        subscribe(logs, group, destination=FUNCTION)
    assert error_of(info)[1].startswith("Could not execute the lambda function.")
    with pytest.raises(logs.exceptions.AccessDeniedException) as info:
        subscribe(logs, group, destination="arn:aws:lambda:us-east-1:111111111111:function:theirs")
    assert error_of(info)[1].startswith("Cross-account lambda invocation passing is not allowed.")
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        subscribe(logs, group, pattern='{ $.a = "b"')
    assert error_of(info)[1] == "If a filter pattern starts with '{' it must end with '}'"
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        subscribe(logs, group, pattern="{ $.a > b }")
    assert error_of(info)[1] == "Invalid subscription filter pattern"
    assert logs.describe_subscription_filters(logGroupName=group)["subscriptionFilters"] == []
    assert len(consume(kinesis)) == 0


def test_a_failed_delivery_does_not_fail_put_log_events(eventmock, logs, group, kinesis):
    subscribe(logs, group)
    kinesis.delete_stream(StreamName="log-feed")
    assert "rejectedLogEventsInfo" not in put(logs, group, (NOW_MS, "lost"))
    [failure] = eventmock.backend("logs").subscription_failures
    assert (failure.filter_name, failure.destination, failure.code) == ("to-feed", STREAM, "NO_RESOURCE")
    assert logs.get_log_events(logGroupName=group, logStreamName="web-1")["events"][0]["message"] == "lost"
