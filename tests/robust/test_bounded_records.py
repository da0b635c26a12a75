"""Every record a test can read keeps the latest ``EVENTMOCK_RECORD_LIMIT`` entries
(10,000 by default): with a limit of 50, 200 events through each path leave the latest
50, the 200th last."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import eventmock as eventmock_package
from eventmock.core import records
from eventmock.core.records import Record

LIMIT, EVENTS = 50, 200
ACCOUNT, REGION = "123456789012", "us-east-1"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:sink"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/r"
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def small_records(monkeypatch: pytest.MonkeyPatch) -> None:
    """Records made from now on keep 50 entries (list it before ``eventmock``)."""
    monkeypatch.setenv("EVENTMOCK_RECORD_LIMIT", str(LIMIT))


def _queue(sqs: Any, name: str) -> tuple[str, str]:
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    return url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def _put_events(events: Any, targets: list[dict[str, Any]]) -> None:
    events.put_rule(Name="r", EventPattern=json.dumps({"source": ["s"]}))
    events.put_targets(Rule="r", Targets=targets)
    for n in range(1, EVENTS + 1):
        events.put_events(Entries=[{"Source": "s", "DetailType": "t", "Detail": json.dumps({"n": n})}])


def test_put_events_to_lambda_keeps_the_latest_invocations(small_records: None, eventmock: Any, client_for: Any) -> None:
    eventmock.register_lambda(FUNCTION, lambda event, context: None)
    _put_events(client_for("events"), [{"Id": "f", "Arn": FUNCTION}])
    invocations = eventmock.backend("lambda").functions["sink"].invocations
    assert [event["detail"]["n"] for event in invocations] == list(range(EVENTS - LIMIT + 1, EVENTS + 1))
    assert invocations[-1]["detail"]["n"] == EVENTS
    deliveries = eventmock.backend("events").deliveries
    assert len(deliveries) == LIMIT and deliveries[-1].event["detail"]["n"] == EVENTS


def test_a_mapping_to_lambda_keeps_the_latest_invocations(small_records: None, eventmock: Any, client_for: Any) -> None:
    received: list[Any] = []
    eventmock.register_lambda(FUNCTION, lambda event, context: received.append(event))
    sqs, lam = client_for("sqs"), client_for("lambda")
    url, arn = _queue(sqs, "source")
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName=FUNCTION, BatchSize=1)
    for n in range(1, EVENTS + 1):
        sqs.send_message(QueueUrl=url, MessageBody=str(n))
    sqs.get_queue_url(QueueName="source")  # the mapping reads before the next call
    assert len(received) == EVENTS  # each message its own invocation
    invocations = eventmock.backend("lambda").functions["sink"].invocations
    assert [event["Records"][0]["body"] for event in invocations] == [str(n) for n in range(EVENTS - LIMIT + 1, EVENTS + 1)]


def test_sns_to_https_keeps_the_latest_requests(small_records: None, eventmock: Any, client_for: Any) -> None:
    eventmock.register_http("https://hooks.example.com/", lambda request: 200)
    sns = client_for("sns")
    topic = sns.create_topic(Name="t")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="https", Endpoint="https://hooks.example.com/sns")
    [confirmation] = eventmock.http.requests
    sns.confirm_subscription(TopicArn=topic, Token=confirmation.json()["Token"])
    for n in range(1, EVENTS + 1):
        sns.publish(TopicArn=topic, Message=str(n))
    requests = eventmock.http.requests
    assert [request.json()["Message"] for request in requests] == [str(n) for n in range(EVENTS - LIMIT + 1, EVENTS + 1)]
    assert len(eventmock.http.sent) == LIMIT and eventmock.http.sent[-1].response.status == 200


def test_a_failing_target_keeps_the_latest_failures(small_records: None, eventmock: Any, client_for: Any) -> None:
    _put_events(client_for("events"), [{"Id": "q", "Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:missing"}])
    failures = eventmock.backend("events").failed_deliveries
    assert [failure.event["detail"]["n"] for failure in failures] == list(range(EVENTS - LIMIT + 1, EVENTS + 1))
    assert failures[-1].target_arn == f"arn:aws:sqs:{REGION}:{ACCOUNT}:missing"


def test_a_pipe_keeps_the_latest_deliveries(small_records: None, eventmock: Any, client_for: Any) -> None:
    sqs, pipes = client_for("sqs"), client_for("pipes")
    url, source = _queue(sqs, "source")
    target_url, target = _queue(sqs, "target")
    pipe_arn = pipes.create_pipe(
        Name="p", Source=source, Target=target, RoleArn=ROLE, TargetParameters={"InputTemplate": "<$.body>"}
    )["Arn"]
    for n in range(1, EVENTS + 1):
        sqs.send_message(QueueUrl=url, MessageBody=str(n))
        [message] = sqs.receive_message(QueueUrl=target_url)["Messages"]
        sqs.delete_message(QueueUrl=target_url, ReceiptHandle=message["ReceiptHandle"])
    assert eventmock.pipes.deliveries(pipe_arn) == [[str(n)] for n in range(EVENTS - LIMIT + 1, EVENTS + 1)]


def test_none_keeps_every_entry(monkeypatch: pytest.MonkeyPatch, eventmock: Any, client_for: Any) -> None:
    monkeypatch.setenv("EVENTMOCK_RECORD_LIMIT", "none")
    _put_events(client_for("events"), [{"Id": "q", "Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:missing"}])
    assert len(eventmock.backend("events").failed_deliveries) == EVENTS


def test_a_bad_limit_fails_when_the_mock_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTMOCK_RECORD_LIMIT", "lots")
    with pytest.raises(ValueError, match="EVENTMOCK_RECORD_LIMIT must be a whole number of entries or 'none', not 'lots'"):
        with eventmock_package.mock_aws():
            pass


def test_the_default_is_the_documented_10000(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTMOCK_RECORD_LIMIT", raising=False)
    assert records.DEFAULT_LIMIT == 10_000
    assert Record().limit == records.configured_limit() == 10_000
    section = (DOCS / "delivery.md").read_text().split("## Records are bounded", 1)[1].split("\n## ", 1)[0]
    words = " ".join(section.replace("*", "").split())
    assert f"keeps the latest {records.DEFAULT_LIMIT:,} entries" in words and "EVENTMOCK_RECORD_LIMIT" in words


def test_a_record_reads_like_a_list() -> None:
    record = Record(range(5), limit=3)
    record.append(5)
    assert record == [3, 4, 5] and record != [3, 4] and len(record) == 3
    assert (record[0], record[-1], record[1:], record[::-1], record[5:9]) == (3, 5, [4, 5], [5, 4, 3], [])
    with pytest.raises(IndexError):
        record[3]
    assert list(reversed(record)) == [5, 4, 3] and 4 in record and bool(Record(limit=0)) is False
