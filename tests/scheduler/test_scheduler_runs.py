"""Schedules run on the mock's clock: freezegun's ``tick``/``move_to`` or
``aws.advance``, then any call, delivers what became due, each run at its own time."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from freezegun import freeze_time
from scheduler_support import ACCOUNT, OFF, bodies, queue, target

from eventmock import register_lambda


UTC = dt.timezone.utc
T0 = dt.datetime(2026, 6, 1, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def frozen():
    with freeze_time(T0) as frozen:
        yield frozen


def test_a_cron_schedule_runs_at_each_occurrence_carrying_its_scheduled_time(frozen, scheduler, sqs):
    url, arn = queue(sqs)
    scheduler.create_schedule(
        Name="noon",
        ScheduleExpression="cron(0 12 * * ? *)",
        Target=target(arn, Input='{"at": "<aws.scheduler.scheduled-time>", "n": "<aws.scheduler.attempt-number>"}'),
        FlexibleTimeWindow=OFF,
    )
    frozen.tick(dt.timedelta(days=3))
    assert [json.loads(b) for b in bodies(sqs, url)] == [
        {"at": f"2026-06-0{day}T12:00:00Z", "n": "1"} for day in (1, 2, 3)
    ]


def test_a_rate_schedule_starts_at_once_without_a_start_date(frozen, scheduler, sqs):
    url, arn = queue(sqs)
    scheduler.create_schedule(Name="r", ScheduleExpression="rate(10 minutes)", Target=target(arn, Input="x"), FlexibleTimeWindow=OFF)
    assert bodies(sqs, url) == ["x"]  # the run due at creation, before the next call
    frozen.tick(dt.timedelta(minutes=35))
    assert bodies(sqs, url) == ["x", "x", "x"]


def test_a_rate_schedule_in_a_time_zone_keeps_24_hour_days_across_daylight_saving(scheduler, sqs, eventmock):
    # New York springs forward on 2026-03-08: a rate(1 day) run at 09:00 EST comes at 10:00 EDT.
    with freeze_time(dt.datetime(2026, 3, 6, 13, 0, tzinfo=UTC)) as frozen:
        url, arn = queue(sqs)
        scheduler.create_schedule(
            Name="daily",
            ScheduleExpression="rate(1 day)",
            ScheduleExpressionTimezone="America/New_York",
            StartDate=dt.datetime(2026, 3, 6, 14, 0, tzinfo=UTC),  # 09:00 EST
            Target=target(arn, Input="<aws.scheduler.scheduled-time>"),
            FlexibleTimeWindow=OFF,
        )
        frozen.tick(dt.timedelta(days=4))
        assert bodies(sqs, url) == [f"2026-03-{d:02}T14:00:00Z" for d in (6, 7, 8, 9)]


def test_a_cron_schedule_in_a_time_zone_follows_the_wall_clock_across_daylight_saving(scheduler, sqs):
    with freeze_time(dt.datetime(2026, 3, 6, 0, 0, tzinfo=UTC)) as frozen:
        url, arn = queue(sqs)
        scheduler.create_schedule(
            Name="nine",
            ScheduleExpression="cron(0 9 * * ? *)",
            ScheduleExpressionTimezone="America/New_York",
            Target=target(arn, Input="<aws.scheduler.scheduled-time>"),
            FlexibleTimeWindow=OFF,
        )
        frozen.tick(dt.timedelta(days=4))
        # 09:00 EST is 14:00 UTC; 09:00 EDT (from the 8th) is 13:00 UTC
        assert bodies(sqs, url) == ["2026-03-06T14:00:00Z", "2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z"]


def test_a_one_time_schedule_runs_once_and_deletes_itself(frozen, scheduler, sqs):
    url, arn = queue(sqs)
    scheduler.create_schedule(
        Name="once",
        ScheduleExpression="at(2026-06-01T17:30:00)",
        ScheduleExpressionTimezone="Europe/Paris",  # 15:30 UTC
        ActionAfterCompletion="DELETE",
        Target=target(arn, Input="<aws.scheduler.schedule-arn>"),
        FlexibleTimeWindow=OFF,
    )
    frozen.move_to(dt.datetime(2026, 6, 1, 15, 29, tzinfo=UTC))
    assert bodies(sqs, url) == []
    assert [s["Name"] for s in scheduler.list_schedules()["Schedules"]] == ["once"]
    frozen.tick(dt.timedelta(days=2))
    assert bodies(sqs, url) == [f"arn:aws:scheduler:us-east-1:{ACCOUNT}:schedule/default/once"]
    assert scheduler.list_schedules()["Schedules"] == []


@pytest.mark.usefixtures("no_system_zones")
def test_zones_come_from_the_tzdata_package_where_the_system_has_none(frozen, scheduler, sqs):
    url, arn = queue(sqs)
    at = "at(2026-06-01T17:30:00)"
    scheduler.create_schedule(Name="once", ScheduleExpression=at, ScheduleExpressionTimezone="Europe/Paris", Target=target(arn, Input="x"), FlexibleTimeWindow=OFF)
    frozen.move_to(dt.datetime(2026, 6, 1, 15, 29, tzinfo=UTC))
    assert bodies(sqs, url) == []
    frozen.tick(dt.timedelta(minutes=1))  # 17:30 in Paris is 15:30 UTC
    assert bodies(sqs, url) == ["x"]


def test_a_one_time_schedule_without_delete_stays(frozen, scheduler, sqs):
    url, arn = queue(sqs)
    scheduler.create_schedule(Name="once", ScheduleExpression="at(2026-06-01T10:00:00)", Target=target(arn, Input="x"), FlexibleTimeWindow=OFF)
    frozen.tick(dt.timedelta(days=1))
    assert bodies(sqs, url) == ["x"]
    assert scheduler.get_schedule(Name="once")["State"] == "ENABLED"


def test_disabled_schedules_stay_silent_and_updates_take_effect(frozen, scheduler, sqs):
    url, arn = queue(sqs)
    common = {"ScheduleExpression": "cron(0 * * * ? *)", "Target": target(arn, Input="x"), "FlexibleTimeWindow": OFF}
    scheduler.create_schedule(Name="hourly", State="DISABLED", **common)
    frozen.tick(dt.timedelta(hours=5))
    assert bodies(sqs, url) == []
    scheduler.update_schedule(Name="hourly", State="ENABLED", **common)
    frozen.tick(dt.timedelta(hours=2))
    assert bodies(sqs, url) == ["x", "x"]  # no flood of the five missed hours
    scheduler.delete_schedule(Name="hourly")
    frozen.tick(dt.timedelta(hours=2))
    assert bodies(sqs, url) == []


def test_end_date_stops_a_recurring_schedule_and_delete_after_completion(frozen, scheduler, sqs):
    url, arn = queue(sqs)
    scheduler.create_schedule(
        Name="short",
        ScheduleExpression="rate(1 hour)",
        StartDate=T0 + dt.timedelta(hours=1),
        EndDate=T0 + dt.timedelta(hours=4),
        ActionAfterCompletion="DELETE",
        Target=target(arn, Input="<aws.scheduler.scheduled-time>"),
        FlexibleTimeWindow=OFF,
    )
    frozen.tick(dt.timedelta(days=1))
    assert bodies(sqs, url) == ["2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", "2026-06-01T12:00:00Z"]
    assert scheduler.list_schedules()["Schedules"] == []


def test_a_flexible_window_delays_each_run_deterministically_within_it(scheduler, sqs, eventmock):
    def run_times():
        eventmock.reset()
        with freeze_time(T0) as frozen:
            url, arn = queue(sqs)
            scheduler.create_schedule(
                Name="flex",
                ScheduleExpression="cron(0 * * * ? *)",
                Target=target(arn, Input="x"),
                FlexibleTimeWindow={"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 15},
            )
            frozen.tick(dt.timedelta(hours=3, minutes=15))
            eventmock.run_due()
            return [i.time for i in eventmock.backend("scheduler").invocations]

    first, second = run_times(), run_times()
    assert first == second and len(first) == 3
    for hour, when in zip((10, 11, 12), first):
        assert dt.datetime(2026, 6, 1, hour, tzinfo=UTC) <= when < dt.datetime(2026, 6, 1, hour, 15, tzinfo=UTC)
    assert len({w.minute * 60 + w.second for w in first}) > 1  # not one fixed offset


def test_fifo_queue_target_with_message_group(frozen, scheduler, sqs):
    url, arn = queue(sqs, "jobs.fifo", FifoQueue="true")
    scheduler.create_schedule(
        Name="fifo",
        ScheduleExpression="rate(1 minute)",
        Target=target(arn, Input="x", SqsParameters={"MessageGroupId": "g1"}),
        FlexibleTimeWindow=OFF,
    )
    frozen.tick(dt.timedelta(minutes=2, seconds=1))
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["MessageGroupId"])["Messages"]
    assert len(messages) == 3 and {m["Attributes"]["MessageGroupId"] for m in messages} == {"g1"}


def test_lambda_target_gets_the_input_and_failures_are_retried_then_dead_lettered(frozen, scheduler, sqs, eventmock):
    calls = []

    def handler(event, context):
        calls.append((event, eventmock.now()))
        raise RuntimeError("down")

    function = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:job"
    register_lambda(function, handler)
    dlq_url, dlq_arn = queue(sqs, "dlq")
    scheduler.create_schedule(
        Name="flaky",
        ScheduleExpression="at(2026-06-01T10:00:00)",
        Target=target(
            function,
            Input='{"attempt": "<aws.scheduler.attempt-number>"}',
            RetryPolicy={"MaximumRetryAttempts": 2},
            DeadLetterConfig={"Arn": dlq_arn},
        ),
        FlexibleTimeWindow=OFF,
    )
    frozen.tick(dt.timedelta(hours=2))
    assert calls == []  # nothing runs in the background
    eventmock.run_due()
    ten = dt.datetime(2026, 6, 1, 10, tzinfo=UTC)
    assert calls == [
        ({"attempt": "1"}, ten),
        ({"attempt": "2"}, ten + dt.timedelta(seconds=1)),
        ({"attempt": "3"}, ten + dt.timedelta(seconds=3)),
    ]
    message = sqs.receive_message(QueueUrl=dlq_url, MessageAttributeNames=["All"])["Messages"][0]
    assert json.loads(message["Body"]) == {"attempt": "3"}
    attributes = {k: v["StringValue"] for k, v in message["MessageAttributes"].items()}
    assert attributes["ERROR_CODE"] == "ERROR_FROM_TARGET"
    assert attributes["EXHAUSTED_RETRY_CONDITION"] == "MaximumRetryAttempts"
    assert attributes["RETRY_ATTEMPTS"] == "2"
    assert attributes["SCHEDULE_ARN"].endswith(":schedule/default/flaky")
    failure = eventmock.backend("scheduler").failed_invocations[0]
    assert failure.dead_letter_arn == dlq_arn and failure.invocation.attempt == 3


@pytest.mark.parametrize("policy", [None, {"MaximumRetryAttempts": 185, "MaximumEventAgeInSeconds": 86400}], ids=["default", "maximum"])
def test_a_failing_target_is_retried_185_times_then_dead_lettered_as_the_clock_advances_a_day(frozen, scheduler, sqs, eventmock, policy):
    attempts = []

    def handler(event, context):
        attempts.append(eventmock.now())
        raise RuntimeError("down")

    function = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:job"
    register_lambda(function, handler)
    dlq_url, dlq_arn = queue(sqs, "dlq")
    scheduler.create_schedule(
        Name="flaky",
        ScheduleExpression="at(2026-06-01T10:00:00)",
        Target=target(function, DeadLetterConfig={"Arn": dlq_arn}, **({"RetryPolicy": policy} if policy else {})),
        FlexibleTimeWindow=OFF,
    )
    frozen.tick(dt.timedelta(hours=1))
    eventmock.run_due()
    assert len(attempts) == 1
    frozen.tick(dt.timedelta(hours=12))
    eventmock.run_due()
    assert 1 < len(attempts) < 186 and bodies(sqs, dlq_url) == []  # still retrying
    frozen.tick(dt.timedelta(hours=12))
    eventmock.run_due()
    assert len(attempts) == 186  # the first attempt and 185 retries
    gaps = [(b - a).total_seconds() for a, b in zip(attempts, attempts[1:])]
    assert gaps[:10] == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300] and set(gaps[10:]) == {300}
    message = sqs.receive_message(QueueUrl=dlq_url, MessageAttributeNames=["All"])["Messages"][0]
    attributes = {k: v["StringValue"] for k, v in message["MessageAttributes"].items()}
    assert attributes["EXHAUSTED_RETRY_CONDITION"] == "MaximumRetryAttempts"
    assert attributes["RETRY_ATTEMPTS"] == "185"
    (failure,) = eventmock.backend("scheduler").failed_invocations
    assert failure.invocation.attempt == 186 and failure.dead_letter_arn == dlq_arn


def test_event_bus_target_puts_an_event_with_the_input_as_detail(frozen, scheduler, sqs, client_for):
    events = client_for("events")
    url, arn = queue(sqs)
    events.put_rule(Name="r", EventPattern=json.dumps({"source": ["my.scheduler"]}))
    events.put_targets(Rule="r", Targets=[{"Id": "q", "Arn": arn}])
    bus = f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/default"
    scheduler.create_schedule(
        Name="to-bus",
        ScheduleExpression="at(2026-06-01T10:00:00)",
        Target=target(bus, Input='{"job": "nightly"}', EventBridgeParameters={"DetailType": "Job Due", "Source": "my.scheduler"}),
        FlexibleTimeWindow=OFF,
    )
    frozen.tick(dt.timedelta(hours=1))
    (event,) = [json.loads(b) for b in bodies(sqs, url)]
    assert event["detail-type"] == "Job Due" and event["source"] == "my.scheduler"
    assert event["detail"] == {"job": "nightly"} and event["time"] == "2026-06-01T10:00:00Z"
    assert event["resources"] == [f"arn:aws:scheduler:us-east-1:{ACCOUNT}:schedule/default/to-bus"]


def test_advance_moves_the_clock_without_freezegun(scheduler, sqs, eventmock):
    url, arn = queue(sqs)
    scheduler.create_schedule(Name="r", ScheduleExpression="rate(1 hour)", Target=target(arn, Input="x"), FlexibleTimeWindow=OFF)
    eventmock.advance(dt.timedelta(hours=3))
    assert [m.body for m in eventmock.sqs.messages(arn)] == ["x"] * 4


def test_a_universal_target_makes_that_sdk_call_through_the_mock(frozen, scheduler, sqs):
    url, _ = queue(sqs)
    payload = json.dumps({"QueueUrl": url, "MessageBody": "sent at <aws.scheduler.scheduled-time>"})
    scheduler.create_schedule(
        Name="universal",
        ScheduleExpression="at(2026-06-01T10:00:00)",
        Target=target("arn:aws:scheduler:::aws-sdk:sqs:sendMessage", Input=payload),
        FlexibleTimeWindow=OFF,
    )
    frozen.tick(dt.timedelta(hours=1))
    assert bodies(sqs, url) == ["sent at 2026-06-01T10:00:00Z"]


def test_kinesis_target_uses_the_partition_key(frozen, scheduler, client_for):
    kinesis = client_for("kinesis")
    kinesis.create_stream(StreamName="s", ShardCount=1)
    arn = kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]["StreamARN"]
    scheduler.create_schedule(
        Name="k",
        ScheduleExpression="rate(1 hour)",
        StartDate=T0 + dt.timedelta(minutes=30),
        Target=target(arn, Input='{"n": 1}', KinesisParameters={"PartitionKey": "pk"}),
        FlexibleTimeWindow=OFF,
    )
    frozen.tick(dt.timedelta(hours=2))
    shard = kinesis.list_shards(StreamName="s")["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamName="s", ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = kinesis.get_records(ShardIterator=iterator)["Records"]
    assert [(r["Data"], r["PartitionKey"]) for r in records] == [(b'{"n": 1}', "pk")] * 2
    assert [r["ApproximateArrivalTimestamp"] for r in records] == [T0 + dt.timedelta(minutes=30), T0 + dt.timedelta(minutes=90)]


def test_a_missing_target_is_retried_then_recorded(frozen, scheduler, eventmock):
    scheduler.create_schedule(
        Name="lost",
        ScheduleExpression="at(2026-06-01T10:00:00)",
        Target=target(f"arn:aws:sqs:us-east-1:{ACCOUNT}:missing", Input="x", RetryPolicy={"MaximumRetryAttempts": 0}),
        FlexibleTimeWindow=OFF,
    )
    frozen.tick(dt.timedelta(hours=1))
    (failure,) = eventmock.backend("scheduler").failed_invocations
    assert failure.code == "NO_RESOURCE" and failure.invocation.attempt == 1 and failure.dead_letter_arn is None


def test_the_inspection_view_shows_runs_failures_and_the_next_run(frozen, scheduler, sqs, eventmock):
    url, arn = queue(sqs)
    good = scheduler.create_schedule(
        Name="good", ScheduleExpression="cron(0 12 * * ? *)", Target=target(arn, Input="x"), FlexibleTimeWindow=OFF
    )["ScheduleArn"]
    bad = scheduler.create_schedule(
        Name="bad",
        ScheduleExpression="at(2026-06-01T10:00:00)",
        Target=target(f"arn:aws:sqs:us-east-1:{ACCOUNT}:missing", RetryPolicy={"MaximumRetryAttempts": 0}),
        FlexibleTimeWindow=OFF,
    )["ScheduleArn"]
    assert eventmock.scheduler.next_run(good) == dt.datetime(2026, 6, 1, 12, tzinfo=UTC)
    frozen.tick(dt.timedelta(hours=4))
    view = eventmock.scheduler  # taking the view runs what is due
    assert [(i.schedule_arn, i.scheduled_time.hour, i.error is None) for i in view.invocations()] == [(bad, 10, False), (good, 12, True)]
    assert [f.invocation.schedule_arn for f in view.failures()] == [bad]
    assert view.invocations(good)[0].payload == "x"
    assert view.next_run(good) == dt.datetime(2026, 6, 2, 12, tzinfo=UTC)
    assert view.next_run(bad) is None


def test_a_rate_longer_than_time_itself_runs_once_then_never(frozen, scheduler, sqs):
    url, arn = queue(sqs)
    scheduler.create_schedule(Name="r", ScheduleExpression="rate(999999999 days)", Target=target(arn, Input="x"), FlexibleTimeWindow=OFF)
    assert bodies(sqs, url) == ["x"]  # the run due at creation
    for _ in range(3):
        frozen.tick(dt.timedelta(days=3))  # within the queue's retention
        assert bodies(sqs, url) == []
    assert scheduler.get_schedule(Name="r")["State"] == "ENABLED"
