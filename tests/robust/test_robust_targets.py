"""EventBridge targets: PutTargets refuses JSON paths delivery could not read, and no
target, whatever it holds, makes ``put_events`` raise: a failure is a failed delivery."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

QUEUE = "arn:aws:sqs:us-east-1:123456789012:sink"
STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/sink"
ROLE = "arn:aws:iam::123456789012:role/r"


@pytest.fixture
def events(client_for: Any) -> Any:
    client_for("sqs").create_queue(QueueName="sink")
    client_for("kinesis").create_stream(StreamName="sink", ShardCount=1)
    client = client_for("events")
    client.put_rule(Name="r", EventPattern=json.dumps({"source": ["s"]}))
    return client


BAD_TARGETS = [
    ({"InputPath": "$."}, "InputPath for target t is invalid."),
    ({"InputPath": "$..a"}, "InputPath for target t is invalid."),
    ({"InputPath": "detail"}, "InputPath for target t is invalid."),
    ({"InputTransformer": {"InputPathsMap": {"a": "$.detail..a"}, "InputTemplate": "<a>"}}, "InputPath for target t is invalid."),
    ({"InputTransformer": {"InputPathsMap": {"a": "$.detail["}, "InputTemplate": "<a>"}}, "InputPath for target t is invalid."),
]


@pytest.mark.parametrize(("extra", "message"), BAD_TARGETS)
def test_put_targets_refuses_paths_delivery_cannot_read(events: Any, extra: dict[str, Any], message: str) -> None:
    with pytest.raises(ClientError) as info:
        events.put_targets(Rule="r", Targets=[{"Id": "t", "Arn": QUEUE, **extra}])
    error = info.value.response["Error"]
    assert (error["Code"], error["Message"]) == ("ValidationException", message)
    assert events.list_targets_by_rule(Rule="r")["Targets"] == []


def test_put_targets_refuses_a_partition_key_path_without_root(events: Any) -> None:
    with pytest.raises(ClientError) as info:
        events.put_targets(
            Rule="r", Targets=[{"Id": "t", "Arn": STREAM, "RoleArn": ROLE, "KinesisParameters": {"PartitionKeyPath": "detail.id"}}]
        )
    assert info.value.response["Error"]["Code"] == "ValidationException"
    assert events.list_targets_by_rule(Rule="r")["Targets"] == []


@pytest.mark.parametrize("path", ["$", "$.detail", "$.detail.items[0]", "$.detail.*", "$.detail.items[*].id"])
def test_readable_paths_are_accepted(events: Any, path: str) -> None:
    events.put_targets(Rule="r", Targets=[{"Id": "t", "Arn": QUEUE, "InputPath": path}])
    events.put_targets(Rule="r", Targets=[{"Id": "k", "Arn": STREAM, "RoleArn": ROLE, "KinesisParameters": {"PartitionKeyPath": path}}])
    answer = events.put_events(Entries=[{"Source": "s", "DetailType": "t", "Detail": json.dumps({"items": [{"id": "x"}]})}])
    assert answer["FailedEntryCount"] == 0


def test_a_lone_surrogate_in_a_target_input_fails_that_delivery_only(eventmock: Any, events: Any, client_for: Any) -> None:
    events.put_targets(
        Rule="r",
        Targets=[{"Id": "q", "Arn": QUEUE, "Input": "\"a\ud800\""}, {"Id": "k", "Arn": STREAM, "RoleArn": ROLE}],
    )
    answer = events.put_events(Entries=[{"Source": "s", "DetailType": "t", "Detail": "{}"}])
    assert answer["FailedEntryCount"] == 0
    assert len(eventmock.kinesis.records(STREAM)) == 1
    sqs = client_for("sqs")
    url = sqs.get_queue_url(QueueName="sink")["QueueUrl"]
    received = sqs.receive_message(QueueUrl=url).get("Messages", [])
    failed = eventmock.backend("events").failed_deliveries
    # SQS refuses the character (its documented set); the event still reached Kinesis
    assert [m["Body"] for m in received] == [] and [f.target_arn for f in failed] == [QUEUE]


@pytest.mark.internal_failure
def test_a_failure_inside_a_delivery_is_a_failed_delivery(eventmock: Any, events: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventmock.core import registry

    def broken(self: Any, arn: Any, message: Any) -> Any:
        raise TypeError("a bug")

    monkeypatch.setattr(registry.backend_class("sqs"), "_receive", broken)
    events.put_targets(Rule="r", Targets=[{"Id": "q", "Arn": QUEUE}, {"Id": "k", "Arn": STREAM, "RoleArn": ROLE}])
    answer = events.put_events(Entries=[{"Source": "s", "DetailType": "t", "Detail": "{}"}])
    assert answer["FailedEntryCount"] == 0
    assert len(eventmock.kinesis.records(STREAM)) == 1
    [failure] = eventmock.backend("events").failed_deliveries
    assert (failure.target_arn, failure.code) == (QUEUE, "INTERNAL_ERROR")


@pytest.mark.parametrize("depth", [900, 5000])
def test_a_deeply_nested_detail_through_an_input_transformer(eventmock: Any, events: Any, depth: int) -> None:
    events.put_targets(
        Rule="r",
        Targets=[
            {"Id": "json", "Arn": QUEUE, "InputTransformer": {"InputPathsMap": {"d": "$.detail"}, "InputTemplate": '{"x": <d>}'}},
            {"Id": "text", "Arn": QUEUE, "InputTransformer": {"InputPathsMap": {"d": "$.detail"}, "InputTemplate": "d is <d>"}},
        ],
    )
    detail = '{"a":' * depth + "1" + "}" * depth
    answer = events.put_events(Entries=[{"Source": "s", "DetailType": "t", "Detail": detail}])
    entry = answer["Entries"][0]
    # accepted and delivered to both targets, or refused as malformed: never a failure inside
    assert ("EventId" in entry and answer["FailedEntryCount"] == 0) or entry["ErrorCode"] == "MalformedDetail"
    assert eventmock.backend("events").failed_deliveries == []
