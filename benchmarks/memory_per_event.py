"""Bytes retained per event, by path: N events through each path (boto3, fast path,
batches of 10), each path in a fresh mock, measured with ``tracemalloc`` (what is
still allocated after the run and a full collection, less what was before it).

    PYTHONPATH=src python benchmarks/memory_per_event.py [events | --quick] [path...]

The paths:

- ``put_events -> SQS + Kinesis``: one rule, two targets (a queue and a stream); what
  remains is mostly the messages and records themselves, as AWS keeps them;
- ``put_events -> Lambda``: a rule whose target is a ``register_lambda`` callable;
- ``SQS -> mapping -> Lambda``: an event source mapping reads the queue (the callable
  succeeds, so each message is deleted);
- ``SNS -> https``: an https subscription answered by ``register_http``;
- ``put_events -> failing target``: a rule whose target queue does not exist;
- ``SQS -> pipe -> SQS, drained``: a pipe from one queue to another, which is
  received from and emptied after each batch.

Run in a fresh process; it prints one line per path for docs/benchmarks.md (only the
paths whose names contain one of the ``path`` arguments, if given: ``Lambda``).
``--quick`` (CI's smoke pass) sends 1,000 events per path. The clock does not move,
so nothing expires: the figure is what a long test or server keeps.
"""

from __future__ import annotations

import gc
import json
import logging
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:
    import eventmock
except ImportError:  # running from a checkout without installing the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import eventmock

import boto3

REGION = "us-east-1"
ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/r"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:sink"
Send = Callable[[int], None]  # sends 10 events numbered from its argument


def _detail(n: int) -> str:
    return json.dumps({"n": n, "pad": "x" * 64})


def _clients(*names: str) -> list[Any]:
    session = boto3.session.Session()
    return [session.client(name, region_name=REGION) for name in names]


def _queue(sqs: Any, name: str) -> tuple[str, str]:
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    return url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def _rule_to(events: Any, targets: list[dict[str, Any]]) -> Send:
    events.put_rule(Name="all", EventPattern=json.dumps({"source": ["bench"]}))
    events.put_targets(Rule="all", Targets=targets)

    def send(first: int) -> None:
        events.put_events(Entries=[{"Source": "bench", "DetailType": "tick", "Detail": _detail(first + i)} for i in range(10)])

    return send


def queue_and_stream() -> Send:
    events, sqs, kinesis = _clients("events", "sqs", "kinesis")
    _, queue_arn = _queue(sqs, "sink")
    kinesis.create_stream(StreamName="sink", ShardCount=1)
    stream_arn = kinesis.describe_stream_summary(StreamName="sink")["StreamDescriptionSummary"]["StreamARN"]
    return _rule_to(events, [{"Id": "q", "Arn": queue_arn}, {"Id": "k", "Arn": stream_arn, "RoleArn": ROLE}])


def events_to_lambda() -> Send:
    [events] = _clients("events")
    eventmock.register_lambda(FUNCTION, lambda event, context: None)
    return _rule_to(events, [{"Id": "f", "Arn": FUNCTION}])


def mapping_to_lambda() -> Send:
    sqs, lam = _clients("sqs", "lambda")
    eventmock.register_lambda(FUNCTION, lambda event, context: None)
    url, arn = _queue(sqs, "source")
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName=FUNCTION, BatchSize=10)

    def send(first: int) -> None:
        sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": _detail(first + i)} for i in range(10)])

    return send


def sns_to_https() -> Send:
    [sns] = _clients("sns")
    tokens: list[str] = []

    def hook(request: Any) -> int:
        if request.headers.get("x-amz-sns-message-type") == "SubscriptionConfirmation":
            tokens.append(request.json()["Token"])
        return 200

    eventmock.register_http("https://hooks.example.com/", hook)
    topic = sns.create_topic(Name="t")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="https", Endpoint="https://hooks.example.com/sns")
    sns.confirm_subscription(TopicArn=topic, Token=tokens[0])

    def send(first: int) -> None:
        sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[{"Id": str(i), "Message": _detail(first + i)} for i in range(10)])

    return send


def failing_target() -> Send:
    # each failure is logged (WARNING, with its traceback): not what is measured here
    logging.getLogger("eventmock.delivery").setLevel(logging.ERROR)
    [events] = _clients("events")
    return _rule_to(events, [{"Id": "q", "Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:missing"}])


def pipe_drained() -> Send:
    sqs, pipes = _clients("sqs", "pipes")
    url, source = _queue(sqs, "source")
    target_url, target = _queue(sqs, "target")
    pipes.create_pipe(Name="p", Source=source, Target=target, RoleArn=ROLE, SourceParameters={"SqsQueueParameters": {"BatchSize": 10}})
    pipes.describe_pipe(Name="p")

    def send(first: int) -> None:
        sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": _detail(first + i)} for i in range(10)])
        while messages := sqs.receive_message(QueueUrl=target_url, MaxNumberOfMessages=10).get("Messages"):
            sqs.delete_message_batch(QueueUrl=target_url, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)])

    return send


PATHS: dict[str, Callable[[], Send]] = {
    "put_events -> SQS + Kinesis": queue_and_stream,
    "put_events -> Lambda": events_to_lambda,
    "SQS -> mapping -> Lambda": mapping_to_lambda,
    "SNS -> https": sns_to_https,
    "put_events -> failing target": failing_target,
    "SQS -> pipe -> SQS, drained": pipe_drained,
}


def measure(setup: Callable[[], Send], total: int) -> float:
    """Bytes retained per event after ``total`` events (a multiple of 10) sent."""
    with eventmock.mock_aws():
        send = setup()
        send(-10)  # warm every cache before measuring
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        for first in range(0, total, 10):
            send(first)
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
    return (after - before) / total


def main(total: int, only: list[str]) -> None:
    total -= total % 10
    for name, setup in PATHS.items():
        if only and not any(part in name for part in only):
            continue
        per_event = measure(setup, total)
        print(f"{name:32} {total} events: {per_event * total / 2**20:7.1f} MiB retained, {per_event:7,.0f} B/event", flush=True)


if __name__ == "__main__":
    argument = sys.argv[1] if len(sys.argv) > 1 else "100000"
    main(1_000 if argument == "--quick" else int(argument), sys.argv[2:])
