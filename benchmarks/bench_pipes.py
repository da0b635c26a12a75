"""Benchmark the shared poller: 10,000 SQS messages through a filtering pipe to a
Lambda callable (and the same through a Lambda event source mapping).

    python benchmarks/bench_pipes.py           # full run, figures for docs/benchmarks.md
    python benchmarks/bench_pipes.py --quick   # smoke test (1,000 messages, one repeat)

Two measures per consumer, CPU time of the process (median of the repeats):

- *backlog*: 10,000 messages wait in the queue (sent with ``send_message_batch``
  while the pipe is stopped, or the mapping disabled); ``start_pipe`` (or
  ``update_event_source_mapping(Enabled=True)``) and the next call read them all, in
  batches of 10, through the filter (half of the messages match) to the callable;
- *live*: the pipe runs while the 10,000 messages are sent, 10 per
  ``send_message_batch`` call; the figure includes the 1,000 sending calls, each of
  which is answered after the previous batch was consumed.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

try:
    import eventmock
except ImportError:  # running from a checkout without installing the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import eventmock

import boto3

FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:sink"
ROLE = "arn:aws:iam::123456789012:role/pipe"
FILTER = {"Filters": [{"Pattern": json.dumps({"body": {"kind": ["order"]}})}]}
_clock = time.process_time


def _bodies(count: int) -> list[str]:
    return [json.dumps({"kind": "order" if i % 2 == 0 else "refund", "n": i}) for i in range(count)]


def _send(sqs: Any, url: str, bodies: list[str]) -> None:
    for start in range(0, len(bodies), 10):
        sqs.send_message_batch(
            QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": b} for i, b in enumerate(bodies[start : start + 10])]
        )


def one_run(consumer: str, mode: str, count: int) -> float:
    received = [0]

    def sink(event: Any, context: Any) -> None:
        received[0] += len(event["Records"] if isinstance(event, dict) else event)

    with eventmock.mock_aws():
        eventmock.register_lambda(FUNCTION, sink)
        sqs = boto3.client("sqs", region_name="us-east-1")
        url = sqs.create_queue(QueueName="source")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        bodies = _bodies(count)
        running = mode == "live"
        if consumer == "pipe":
            pipes = boto3.client("pipes", region_name="us-east-1")
            pipes.create_pipe(
                Name="p", Source=arn, Target=FUNCTION, RoleArn=ROLE, SourceParameters={"FilterCriteria": FILTER},
                DesiredState="RUNNING" if running else "STOPPED",
            )
            pipes.describe_pipe(Name="p")
        else:
            lam = boto3.client("lambda", region_name="us-east-1")
            uuid = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName=FUNCTION, FilterCriteria=FILTER, Enabled=running)["UUID"]
        gc.disable()
        try:
            if running:
                start = _clock()
                _send(sqs, url, bodies)
                sqs.list_queues()
            else:
                _send(sqs, url, bodies)
                start = _clock()
                if consumer == "pipe":
                    pipes.start_pipe(Name="p")
                else:
                    lam.update_event_source_mapping(UUID=uuid, Enabled=True)
                sqs.list_queues()  # the call before which the backlog is read
            elapsed = _clock() - start
        finally:
            gc.enable()
        assert received[0] == count // 2, (received[0], count)
        left = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]
        assert left["ApproximateNumberOfMessages"] == "0", left
        return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: 1,000 messages, one repeat")
    args = parser.parse_args()
    count, repeat = (1_000, 1) if args.quick else (10_000, 5)
    print(f"{count:,} SQS messages, half matching the filter, to a Lambda callable; median of {repeat}:")
    for consumer, label in (("pipe", "pipe"), ("mapping", "event source mapping")):
        for mode, how in (("backlog", "backlog, one call"), ("live", "live, 10 per send call")):
            times = [one_run(consumer, mode, count) for _ in range(repeat)]
            median = statistics.median(times)
            print(f"  {label:<22} {how:<24} {median * 1000:8.1f} ms  ({median / count * 1e6:.1f} us per message)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
