"""Scheduled rules fire on the mock's clock: a ``Scheduled Event`` per run, at the
run's own time, through the targets' input settings."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from events_support import ACCOUNT
from freezegun import freeze_time

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 6, 1, 9, 0, 30, tzinfo=UTC)
RULE_ARN = f"arn:aws:events:us-east-1:{ACCOUNT}:rule/tick"


@pytest.fixture
def frozen():
    with freeze_time(T0) as frozen:
        yield frozen


@pytest.fixture
def sqs(eventmock, boto3_session):
    return boto3_session.client("sqs", region_name="us-east-1")


@pytest.fixture
def queue(sqs):
    url = sqs.create_queue(QueueName="ticks")["QueueUrl"]
    return url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def received(sqs, url):
    found = []
    while True:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not messages:
            return found
        for message in messages:
            found.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


def test_several_days_of_a_cron_rule_each_event_at_its_own_time(frozen, events, sqs, queue):
    url, arn = queue
    events.put_rule(Name="tick", ScheduleExpression="cron(0 12 * * ? *)")
    events.put_targets(Rule="tick", Targets=[{"Id": "q", "Arn": arn}])
    frozen.tick(dt.timedelta(days=3))
    got = received(sqs, url)
    assert [e["time"] for e in got] == ["2026-06-01T12:00:00Z", "2026-06-02T12:00:00Z", "2026-06-03T12:00:00Z"]
    first = got[0]
    assert set(first) == {"version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"}
    assert (first["version"], first["detail-type"], first["source"]) == ("0", "Scheduled Event", "aws.events")
    assert (first["account"], first["region"], first["resources"], first["detail"]) == (ACCOUNT, "us-east-1", [RULE_ARN], {})
    assert len({e["id"] for e in got}) == 3


def test_a_rate_rule_first_runs_one_period_after_creation(frozen, events, sqs, queue):
    url, arn = queue
    events.put_rule(Name="tick", ScheduleExpression="rate(5 minutes)")
    events.put_targets(Rule="tick", Targets=[{"Id": "q", "Arn": arn}])
    frozen.tick(dt.timedelta(minutes=4))
    assert received(sqs, url) == []
    frozen.tick(dt.timedelta(minutes=12))
    assert [e["time"] for e in received(sqs, url)] == ["2026-06-01T09:05:30Z", "2026-06-01T09:10:30Z", "2026-06-01T09:15:30Z"]


def test_targets_input_settings_apply_to_scheduled_events(frozen, events, sqs, queue):
    url, arn = queue
    events.put_rule(Name="tick", ScheduleExpression="rate(1 hour)")
    events.put_targets(
        Rule="tick",
        Targets=[
            {"Id": "constant", "Arn": arn, "Input": '{"job": "report"}'},
            {"Id": "path", "Arn": arn, "InputPath": "$.time"},
            {
                "Id": "transformed",
                "Arn": arn,
                "InputTransformer": {"InputPathsMap": {"t": "$.time"}, "InputTemplate": '{"at": <t>, "rule": <aws.events.rule-name>}'},
            },
        ],
    )
    frozen.tick(dt.timedelta(hours=1))
    assert received(sqs, url) == [{"job": "report"}, "2026-06-01T10:00:30Z", {"at": "2026-06-01T10:00:30Z", "rule": "tick"}]


def test_a_disabled_rule_stays_silent_and_enabling_does_not_flood(frozen, events, sqs, queue):
    url, arn = queue
    events.put_rule(Name="tick", ScheduleExpression="cron(0 * * * ? *)", State="DISABLED")
    events.put_targets(Rule="tick", Targets=[{"Id": "q", "Arn": arn}])
    frozen.tick(dt.timedelta(hours=5))
    assert received(sqs, url) == []
    events.enable_rule(Name="tick")
    frozen.tick(dt.timedelta(hours=2))
    assert [e["time"] for e in received(sqs, url)] == ["2026-06-01T15:00:00Z", "2026-06-01T16:00:00Z"]
    events.disable_rule(Name="tick")
    frozen.tick(dt.timedelta(hours=3))
    assert received(sqs, url) == []


def test_deleting_or_replacing_a_rule_stops_or_moves_its_runs(frozen, events, sqs, queue):
    url, arn = queue
    events.put_rule(Name="tick", ScheduleExpression="rate(10 minutes)")
    events.put_targets(Rule="tick", Targets=[{"Id": "q", "Arn": arn}])
    frozen.tick(dt.timedelta(minutes=5))
    events.put_rule(Name="tick", ScheduleExpression="rate(10 minutes)", Description="same pace")
    frozen.tick(dt.timedelta(minutes=5, seconds=1))
    assert len(received(sqs, url)) == 1  # 09:10:30, as before the PutRule
    events.put_rule(Name="tick", ScheduleExpression="cron(0 12 * * ? *)")
    frozen.tick(dt.timedelta(hours=1))
    assert received(sqs, url) == []
    events.remove_targets(Rule="tick", Ids=["q"])
    events.delete_rule(Name="tick")
    frozen.tick(dt.timedelta(days=1))
    assert received(sqs, url) == []


def test_a_rule_with_a_pattern_and_a_schedule_gets_both(frozen, events, sqs, queue):
    url, arn = queue
    events.put_rule(Name="tick", ScheduleExpression="rate(1 day)", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="tick", Targets=[{"Id": "q", "Arn": arn}])
    events.put_events(Entries=[{"Source": "shop", "DetailType": "x", "Detail": "{}"}])
    frozen.tick(dt.timedelta(days=1))
    assert [e["source"] for e in received(sqs, url)] == ["shop", "aws.events"]


def test_without_freezegun_advance_moves_the_clock(eventmock, events, sqs, queue):
    url, arn = queue
    events.put_rule(Name="tick", ScheduleExpression="rate(1 minute)")
    events.put_targets(Rule="tick", Targets=[{"Id": "q", "Arn": arn}])
    eventmock.advance(dt.timedelta(minutes=10))
    assert len(eventmock.sqs.messages(arn)) == 10
    assert len(eventmock.backend("events").deliveries) == 10


@pytest.mark.parametrize("expression", ["rate(999999999 days)", "rate(2147483647 days)"])
def test_a_rate_longer_than_time_itself_runs_never(frozen, events, sqs, queue, expression):
    url, arn = queue
    events.put_rule(Name="tick", ScheduleExpression=expression)
    events.put_targets(Rule="tick", Targets=[{"Id": "q", "Arn": arn}])
    for _ in range(3):
        frozen.tick(dt.timedelta(days=3))  # within the queue's retention
        assert received(sqs, url) == []
    assert events.describe_rule(Name="tick")["ScheduleExpression"] == expression


@pytest.mark.parametrize("expression", ["rate(99999999999999 days)", "rate(2147483648 minutes)"])
def test_a_rate_past_a_32_bit_number_is_not_valid(events, expression):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.put_rule(Name="tick", ScheduleExpression=expression)
    assert info.value.response["Error"]["Message"] == "Parameter ScheduleExpression is not valid."
    assert events.list_rules()["Rules"] == []
