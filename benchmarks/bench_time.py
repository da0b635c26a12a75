"""Benchmark time-driven delivery: a week of a ``rate(1 minute)`` rule in one tick.

    python benchmarks/bench_time.py           # full run, figures for docs/benchmarks.md
    python benchmarks/bench_time.py --quick   # smoke test (one day, one repeat)

A scheduled rule (``rate(1 minute)``) with one SQS target; ``freezer.tick`` moves
freezegun's clock by 7 days, and the next call (``sqs.list_queues``) delivers the
10,080 ``Scheduled Event`` messages that became due, each at its own minute. The
figure is the time of that one call (median of the repeats), and the same with the
clock moved by ``aws.advance`` instead of freezegun. The same for an EventBridge
Scheduler ``rate(1 minute)`` schedule to the same queue.
"""

from __future__ import annotations

import argparse
import datetime as dt
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
from freezegun import freeze_time

T0 = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
#: freezegun freezes ``time.perf_counter`` too; the process's CPU time it leaves alone
#: (the work measured is all CPU, in this one thread).
_clock = time.process_time


def _setup(kind: str) -> tuple[Any, str]:
    sqs = boto3.client("sqs", region_name="us-east-1")
    # 14 days' retention: with SQS's default 4 days, the first 3 days of a week would
    # have expired by the time they are read (retention follows the same clock).
    url = sqs.create_queue(QueueName="ticks", Attributes={"MessageRetentionPeriod": "1209600"})["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    if kind == "rule":
        events = boto3.client("events", region_name="us-east-1")
        events.put_rule(Name="tick", ScheduleExpression="rate(1 minute)")
        events.put_targets(Rule="tick", Targets=[{"Id": "q", "Arn": arn}])
    else:
        scheduler = boto3.client("scheduler", region_name="us-east-1")
        scheduler.create_schedule(
            Name="tick",
            ScheduleExpression="rate(1 minute)",
            StartDate=T0 + dt.timedelta(minutes=1),
            Target={"Arn": arn, "RoleArn": "arn:aws:iam::123456789012:role/s", "Input": "tick"},
            FlexibleTimeWindow={"Mode": "OFF"},
        )
    return sqs, arn


def one_run(kind: str, days: int, with_freezegun: bool) -> float:
    with freeze_time(T0) as frozen, eventmock.mock_aws() as aws:
        sqs, arn = _setup(kind)
        if with_freezegun:
            frozen.tick(dt.timedelta(days=days))
            start = _clock()
            sqs.list_queues()  # the call that delivers what became due
        else:
            start = _clock()
            aws.advance(dt.timedelta(days=days))
        elapsed = _clock() - start
        delivered = len(aws.backend("sqs").queues["ticks"].messages)  # type: ignore[attr-defined]
        expected = days * 24 * 60
        assert delivered == expected, (delivered, expected)
        return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: one day, one repeat")
    args = parser.parse_args()
    days, repeat = (1, 1) if args.quick else (7, 5)
    print(f"{days} day(s) of rate(1 minute) = {days * 1440:,} deliveries, median of {repeat}:")
    for kind, label in (("rule", "EventBridge rule"), ("schedule", "Scheduler schedule")):
        for with_freezegun, how in ((True, "freezer.tick + one call"), (False, "aws.advance")):
            times = [one_run(kind, days, with_freezegun) for _ in range(repeat)]
            median = statistics.median(times)
            print(f"  {label:<20} {how:<24} {median * 1000:8.1f} ms  ({median / (days * 1440) * 1e6:.1f} us per delivery)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
