"""End to end: EventBridge rules whose target is a log group; what they wrote is read
back with FilterLogEvents and GetLogEvents."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json

import pytest
from freezegun import freeze_time
from logs_support import NOW, NOW_MS

from eventmock import register_lambda

ACCOUNT = "123456789012"
GROUP = "/aws/events/orders"
GROUP_ARN = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:{GROUP}"


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time(NOW):
        yield


@pytest.fixture
def events(client_for, logs):
    logs.create_log_group(logGroupName=GROUP)
    return client_for("events")


def rule_to(events, target, name="orders"):
    events.put_rule(Name=name, EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule=name, Targets=[{"Id": "log", **target}])


def order(status, amount, **fields):
    return {"Source": "shop", "DetailType": "OrderPlaced", "Detail": json.dumps({"status": status, "amount": amount}), **fields}


@pytest.mark.parametrize("arn", [GROUP_ARN, GROUP_ARN + ":*"])
def test_matched_events_are_written_and_filtered_back(events, logs, arn):
    rule_to(events, {"Arn": arn})
    entries = events.put_events(Entries=[order("paid", 25), order("paid", 5), order("refunded", 40)])["Entries"]
    found = logs.filter_log_events(logGroupName=GROUP, filterPattern='{ $.detail.status = "paid" && $.detail.amount > 10 }')["events"]
    [hit] = found
    event = json.loads(hit["message"])
    assert (event["id"], event["detail"], event["source"]) == (entries[0]["EventId"], {"status": "paid", "amount": 25}, "shop")
    assert hit["logStreamName"] == entries[0]["EventId"]  # one stream per event, named by its id
    assert hit["timestamp"] == NOW_MS // 1000 * 1000  # the event's time (whole seconds)
    streams = logs.describe_log_streams(logGroupName=GROUP)["logStreams"]
    assert sorted(s["logStreamName"] for s in streams) == sorted(e["EventId"] for e in entries)


def test_the_handle_reads_the_log_group(eventmock, events):
    rule_to(events, {"Arn": GROUP_ARN})
    [entry] = events.put_events(Entries=[order("paid", 3)])["Entries"]
    [record] = eventmock.logs.events(GROUP_ARN + ":*")
    assert (record.log_stream, record.json()["detail"], record.timestamp) == (entry["EventId"], {"status": "paid", "amount": 3}, NOW.replace(microsecond=0))
    assert eventmock.logs.events(GROUP_ARN, log_stream="other") == []
    assert eventmock.logs.subscription_failures(GROUP_ARN) == []


def test_event_time_is_the_log_events_timestamp(events, logs):
    rule_to(events, {"Arn": GROUP_ARN})
    earlier = NOW - dt.timedelta(hours=1)
    [entry] = events.put_events(Entries=[order("paid", 1, Time=earlier)])["Entries"]
    [event] = logs.get_log_events(logGroupName=GROUP, logStreamName=entry["EventId"])["events"]
    assert event["timestamp"] == NOW_MS // 1000 * 1000 - 3_600_000
    assert event["ingestionTime"] == NOW_MS


def test_input_transformer_with_timestamp_and_message(events, logs):
    rule_to(
        events,
        {
            "Arn": GROUP_ARN,
            "InputTransformer": {
                "InputPathsMap": {"time": "$.time", "status": "$.detail.status"},
                "InputTemplate": '{"timestamp": <time>, "message": "order <status>"}',
            },
        },
    )
    events.put_events(Entries=[order("paid", 1)])
    [event] = logs.filter_log_events(logGroupName=GROUP)["events"]
    assert (event["message"], event["timestamp"]) == ("order paid", NOW_MS // 1000 * 1000)


def test_a_missing_log_group_is_a_recorded_failure(eventmock, client_for):
    events = client_for("events")
    rule_to(events, {"Arn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/aws/events/missing"})
    assert events.put_events(Entries=[order("paid", 1)])["FailedEntryCount"] == 0
    [failure] = eventmock.backend("events").failed_deliveries
    assert failure.code == "NO_RESOURCE"


def test_a_log_group_subscription_sees_what_eventbridge_wrote(events, logs):
    received = []
    function = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:audit"
    register_lambda(function, lambda event, context: received.append(event))
    logs.put_subscription_filter(logGroupName=GROUP, filterName="all", filterPattern="", destinationArn=function)
    rule_to(events, {"Arn": GROUP_ARN})
    [entry] = events.put_events(Entries=[order("paid", 1)])["Entries"]
    assert len(received) == 1
    payload = json.loads(gzip.decompress(base64.b64decode(received[0]["awslogs"]["data"])))
    assert payload["logStream"] == entry["EventId"] and json.loads(payload["logEvents"][0]["message"])["id"] == entry["EventId"]
