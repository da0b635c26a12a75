"""A test's outcome depends only on its calls and the mock's clock (docs/time.md): each
scenario runs with and without pauses between calls, under a frozen clock and not,
three times each, and must end the same way every time."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import boto3
import pytest
import time_machine
from freezegun import freeze_time

from eventmock import MockedAWS, mock_aws, register_lambda
from eventmock.core import shapes

REGION = "us-east-1"
ACCOUNT = "123456789012"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:worker"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/eventmock"
BUS = f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/default"
#: Frozen variants start half-way through a second (the replay scenario needs it).
FROZEN_AT = "2026-06-01T00:00:00.500Z"
REPEAT = 3
_SESSION = boto3.session.Session()
_CLIENTS: dict[str, Any] = {}


def client(service: str) -> Any:
    """One client per service for the whole module (clients made afterwards would cost
    more than the scenarios)."""
    if service not in _CLIENTS:
        _CLIENTS[service] = _SESSION.client(service, region_name=REGION, aws_access_key_id=ACCOUNT, aws_secret_access_key="x")
    return _CLIENTS[service]


class Run:
    """One run of a scenario: clients, and ``step()`` between calls (a pause or none)."""

    def __init__(self, aws: MockedAWS, pause: bool) -> None:
        self.aws = aws
        self.pause = pause
        self.sqs = client("sqs")
        self.lam = client("lambda")

    def step(self) -> None:
        if self.pause:
            time.sleep(0.005)

    def queue(self, name: str, **attributes: Any) -> tuple[str, str]:
        url = self.sqs.create_queue(QueueName=name, Attributes={k: str(v) for k, v in attributes.items()})["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return url, arn

    def count(self, url: str) -> int:
        attributes = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]
        return int(attributes["ApproximateNumberOfMessages"])

    def redriven_source(self) -> tuple[str, str, str]:
        """(dead-letter queue URL, source URL, source ARN): visibility timeout 0,
        dead-lettered at the third receive."""
        dlq_url, dlq_arn = self.queue("dlq")
        url, arn = self.queue("source", VisibilityTimeout=0, RedrivePolicy=json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2}))
        return dlq_url, url, arn


def _raise(event: Any, context: Any) -> None:
    raise RuntimeError("down")


def _dead_letters_after_sends(run: Run, send: Callable[[], None]) -> list[int]:
    """The dead-letter count each of 4 calls after the send answers: each call receives
    the message once before it is answered (visible again at once means visible to the
    next call), and the third finds it received twice: dead-lettered."""
    dlq_url = run.sqs.get_queue_url(QueueName="dlq")["QueueUrl"]
    send()
    seen = []
    for _ in range(4):
        run.step()
        seen.append(run.count(dlq_url))
    return seen


# -- the scenarios: each returns what a user observes -----------------------------------


def mapping_partial_failures(run: Run) -> object:
    _, url, arn = run.redriven_source()
    register_lambda(FUNCTION, lambda e, c: {"batchItemFailures": [{"itemIdentifier": r["messageId"]} for r in e["Records"]]})
    run.lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", FunctionResponseTypes=["ReportBatchItemFailures"])
    return _dead_letters_after_sends(run, lambda: run.sqs.send_message(QueueUrl=url, MessageBody="m"))


def mapping_handler_raises(run: Run) -> object:
    _, url, arn = run.redriven_source()
    register_lambda(FUNCTION, _raise)
    run.lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker")
    return _dead_letters_after_sends(run, lambda: run.sqs.send_message(QueueUrl=url, MessageBody="m"))


def pipe_target_fails(run: Run) -> object:
    _, url, arn = run.redriven_source()
    register_lambda(FUNCTION, _raise)
    client("pipes").create_pipe(Name="p", Source=arn, Target=FUNCTION, RoleArn=ROLE)
    return _dead_letters_after_sends(run, lambda: run.sqs.send_message(QueueUrl=url, MessageBody="m"))


def sns_to_sqs_to_mapping(run: Run) -> object:
    _, _, arn = run.redriven_source()
    register_lambda(FUNCTION, _raise)
    sns = client("sns")
    topic = sns.create_topic(Name="t")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    run.lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker")
    return _dead_letters_after_sends(run, lambda: sns.publish(TopicArn=topic, Message="m"))


def kinesis_mapping_retries(run: Run) -> object:
    """A failing batch is retried by each next call, then goes to the on-failure
    destination (AWS documents no delay between retries)."""
    kinesis = client("kinesis")
    kinesis.create_stream(StreamName="s", ShardCount=1)
    stream = kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]["StreamARN"]
    failed_url, failed_arn = run.queue("failed")
    attempts: list[int] = []

    def fail(event: Any, context: Any) -> None:
        attempts.append(len(event["Records"]))
        raise RuntimeError("down")

    register_lambda(FUNCTION, fail)
    run.lam.create_event_source_mapping(
        EventSourceArn=stream,
        FunctionName="worker",
        StartingPosition="TRIM_HORIZON",
        MaximumRetryAttempts=2,
        DestinationConfig={"OnFailure": {"Destination": failed_arn}},
    )
    kinesis.put_record(StreamName="s", Data=b"x", PartitionKey="k")
    seen = []
    for _ in range(4):
        run.step()
        failed = run.count(failed_url)
        seen.append((len(attempts), failed))
    return seen


def scheduler_retries_past_runs(run: Run) -> object:
    """A one-time schedule an hour in the past runs on the next call: its retries (1 s,
    then 2 s after each failure) are past too, so they all run then, in order."""
    dlq_url, dlq_arn = run.queue("dlq")
    register_lambda(FUNCTION, _raise)
    past = (run.aws.now() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S")
    client("scheduler").create_schedule(
        Name="s",
        ScheduleExpression=f"at({past})",
        Target={"Arn": FUNCTION, "RoleArn": ROLE, "RetryPolicy": {"MaximumRetryAttempts": 2}, "DeadLetterConfig": {"Arn": dlq_arn}},
        FlexibleTimeWindow={"Mode": "OFF"},
    )
    run.step()
    return [i.attempt for i in run.aws.scheduler.invocations()], run.count(dlq_url)


def created_before_the_clock_goes_back(run: Run) -> object:
    """A mapping and a pipe created, then the clock moved a year back before the next
    call: they still settle on the next call."""
    _, arn = run.queue("source")
    register_lambda(FUNCTION, lambda e, c: None)
    uuid = run.lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker")["UUID"]
    pipes = client("pipes")
    pipes.create_pipe(Name="p", Source=arn, Target=FUNCTION, RoleArn=ROLE)
    run.aws.advance(-dt.timedelta(days=365))
    run.step()
    return run.lam.get_event_source_mapping(UUID=uuid)["State"], pipes.describe_pipe(Name="p")["CurrentState"]


def replay_from_the_same_second(run: Run) -> object:
    """An event sent a millisecond before a replay's start time, in the same second, is
    not replayed; the one sent after it is."""
    if not shapes.EPOCH_FRACTIONS:
        pytest.skip("this botocore sends EventStartTime in whole seconds, as AWS then receives it")
    events = client("events")
    url, arn = run.queue("q")
    events.put_rule(Name="r", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="r", Targets=[{"Id": "q", "Arn": arn}])
    archive = events.create_archive(ArchiveName="a", EventSourceArn=BUS)["ArchiveArn"]
    events.put_events(Entries=[{"Source": "shop", "DetailType": "before", "Detail": "{}"}])
    run.step()
    run.aws.advance(0.001)
    start = run.aws.now()
    events.put_events(Entries=[{"Source": "shop", "DetailType": "after", "Detail": "{}"}])
    run.sqs.purge_queue(QueueUrl=url)
    events.start_replay(
        ReplayName="again", EventSourceArn=archive, EventStartTime=start, EventEndTime=start + dt.timedelta(minutes=1), Destination={"Arn": BUS}
    )
    messages = run.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    return [json.loads(m["Body"])["detail-type"] for m in messages]


SCENARIOS: dict[Callable[[Run], object], object] = {
    mapping_partial_failures: [0, 0, 1, 1],
    mapping_handler_raises: [0, 0, 1, 1],
    pipe_target_fails: [0, 0, 1, 1],
    sns_to_sqs_to_mapping: [0, 0, 1, 1],
    kinesis_mapping_retries: [(1, 0), (2, 0), (3, 1), (3, 1)],
    scheduler_retries_past_runs: ([1, 2, 3], 1),
    created_before_the_clock_goes_back: ("Enabled", "RUNNING"),
    replay_from_the_same_second: ["after"],
}


@contextmanager
def _clock(kind: str) -> Iterator[None]:
    if kind == "freezegun":
        with freeze_time(FROZEN_AT):
            yield
    elif kind == "time-machine":
        with time_machine.travel(dt.datetime(2026, 6, 1, 0, 0, 0, 500_000, tzinfo=dt.timezone.utc), tick=False):
            yield
    else:
        with nullcontext():
            yield


@pytest.mark.parametrize("clock", ["real", "freezegun", "time-machine"])
@pytest.mark.parametrize("pause", [False, True], ids=["no-pause", "pauses"])
@pytest.mark.parametrize("scenario", list(SCENARIOS), ids=lambda s: s.__name__)
def test_one_outcome_whatever_the_pauses_and_the_clock(scenario: Callable[[Run], object], pause: bool, clock: str) -> None:
    outcomes = []
    for _ in range(REPEAT):
        with _clock(clock), mock_aws() as aws:
            outcomes.append(scenario(Run(aws, pause)))
    assert outcomes == [SCENARIOS[scenario]] * REPEAT


# -- a clock that goes back ---------------------------------------------------------------


def test_schedules_deployed_at_real_time_run_in_a_test_body_frozen_in_the_past(caplog: pytest.LogCaptureFixture) -> None:
    """A fixture deploys at the real time; the test body runs in 2025 under freezegun:
    recurring schedules re-arm from the new time (with a WARNING), a one-time schedule
    keeps its time."""
    with mock_aws() as aws:
        sqs = client("sqs")
        url = sqs.create_queue(QueueName="q")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        events = client("events")
        events.put_rule(Name="hourly", ScheduleExpression="rate(1 hour)")
        events.put_targets(Rule="hourly", Targets=[{"Id": "q", "Arn": arn, "Input": '"rule"'}])
        scheduler = client("scheduler")
        for name, expression in (("cron", "cron(0 * * * ? *)"), ("once", f"at({(aws.now() + dt.timedelta(hours=1)):%Y-%m-%dT%H:%M:%S})")):
            scheduler.create_schedule(
                Name=name,
                ScheduleExpression=expression,
                Target={"Arn": arn, "RoleArn": ROLE, "Input": name},
                FlexibleTimeWindow={"Mode": "OFF"},
            )
        with freeze_time("2025-03-01T00:30:00Z") as frozen, caplog.at_level(logging.WARNING, logger="eventmock"):
            assert aws.scheduler.next_run(f"arn:aws:scheduler:{REGION}:{ACCOUNT}:schedule/default/cron") == dt.datetime(
                2025, 3, 1, 1, tzinfo=dt.timezone.utc
            )
            frozen.tick(dt.timedelta(hours=2))
            bodies = [m.body for m in aws.sqs.messages(arn)]
    assert sorted(bodies) == sorted(['"rule"', '"rule"', "cron", "cron"])  # "once" is still a year and more away
    [warning] = [r for r in caplog.records if r.name == "eventmock"]
    assert warning.levelno == logging.WARNING and "went back" in warning.getMessage()
    assert "2 recurring schedule(s) re-armed" in warning.getMessage()


def test_a_rate_rule_keeps_its_pace_when_the_clock_goes_back() -> None:
    with freeze_time("2026-06-01T12:00:00Z") as frozen, mock_aws() as aws:
        sqs = client("sqs")
        url = sqs.create_queue(QueueName="q")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        events = client("events")
        events.put_rule(Name="r", ScheduleExpression="rate(10 minutes)")  # runs at 12:10, 12:20, ...
        events.put_targets(Rule="r", Targets=[{"Id": "q", "Arn": arn}])
        frozen.move_to("2026-06-01T11:03:00Z")
        sqs.list_queues()  # the mock sees the clock back at 11:03 (no call: it never did)
        frozen.tick(dt.timedelta(minutes=20))
        times = [json.loads(m.body)["time"] for m in aws.sqs.messages(arn)]
    assert times == ["2026-06-01T11:10:00Z", "2026-06-01T11:20:00Z"]


@pytest.mark.parametrize("back", ["freeze_time", "move_to"])
def test_a_mapping_and_a_pipe_created_before_the_clock_goes_back_settle_on_the_next_call(back: str) -> None:
    with freeze_time("2026-06-01T12:00:00Z") as frozen, mock_aws() as aws:
        run = Run(aws, pause=False)
        _, arn = run.queue("source")
        register_lambda(FUNCTION, lambda e, c: None)
        uuid = run.lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker")["UUID"]
        client("pipes").create_pipe(Name="p", Source=arn, Target=FUNCTION, RoleArn=ROLE)
        with freeze_time("2025-03-01") if back == "freeze_time" else nullcontext():
            if back == "move_to":
                frozen.move_to("2026-05-01T00:00:00Z")
            assert run.lam.get_event_source_mapping(UUID=uuid)["State"] == "Enabled"
            assert client("pipes").describe_pipe(Name="p")["CurrentState"] == "RUNNING"
