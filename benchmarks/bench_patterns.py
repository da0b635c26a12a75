"""Benchmark the EventBridge event-pattern engine (standard library only).

    python benchmarks/bench_patterns.py           # full run, figures for docs/benchmarks.md
    python benchmarks/bench_patterns.py --quick   # smoke test, a few seconds

Prints the matches per second of one compiled 5-condition pattern (against a
matching and a non-matching event), then the routing curve of PatternIndex
with 1, 100, 1,000 and 10,000 rules, each on a distinct ``source``.  Every
figure is the median of several repeats.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
import timeit
from pathlib import Path

try:
    from eventmock.services.events.patterns import PatternIndex, compile
except ImportError:  # running from a checkout without installing the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from eventmock.services.events.patterns import PatternIndex, compile

PATTERN = {
    "source": ["aws.ec2"],
    "detail-type": ["EC2 Instance State-change Notification"],
    "detail": {
        "state": ["running", "pending"],
        "instance-id": [{"prefix": "i-"}],
        "cpu": [{"numeric": [">", 0, "<=", 100]}],
    },
}
EVENT = {
    "version": "0",
    "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": "111122223333",
    "time": "2017-12-22T18:43:48Z",
    "region": "us-west-1",
    "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
    "detail": {"instance-id": "i-1234567890abcdef0", "state": "running", "cpu": 42.5},
}
RULE_COUNTS = (1, 100, 1_000, 10_000)


def median_rate(func: object, number: int, repeat: int) -> float:
    """Calls per second: the median over ``repeat`` runs of ``number`` calls."""
    times = timeit.repeat(func, number=number, repeat=repeat)  # type: ignore[arg-type]
    return number / statistics.median(times)


def bench_single(number: int, repeat: int) -> None:
    matcher = compile(PATTERN)
    miss = {**EVENT, "detail": {**EVENT["detail"], "cpu": 150}}  # type: ignore[dict-item]
    assert matcher.matches(EVENT) and not matcher.matches(miss)
    hit_rate = median_rate(lambda: matcher.matches(EVENT), number, repeat)
    miss_rate = median_rate(lambda: matcher.matches(miss), number, repeat)
    print(f"5-condition pattern, matching event:     {hit_rate:>12,.0f} matches/s")
    print(f"5-condition pattern, non-matching event: {miss_rate:>12,.0f} matches/s")


def bench_routing(number: int, repeat: int) -> None:
    print("PatternIndex.match, rules with distinct sources:")
    print(f"  {'rules':>7}  {'build (s)':>9}  {'match (us)':>10}  {'vs 1 rule':>9}")
    baseline = 0.0
    for count in RULE_COUNTS:
        started = time.perf_counter()
        index: PatternIndex[str] = PatternIndex()
        for i in range(count):
            index.add(f"rule-{i}", compile({"source": [f"app.{i}"], "detail-type": ["Order Placed"]}))
        build = time.perf_counter() - started
        event = {**EVENT, "source": f"app.{count // 2}", "detail-type": "Order Placed"}
        assert index.match(event) == [f"rule-{count // 2}"]
        per_call = 1e6 / median_rate(lambda i=index, e=event: i.match(e), number, repeat)
        baseline = baseline or per_call
        print(f"  {count:>7,}  {build:>9.2f}  {per_call:>10.2f}  {per_call / baseline:>8.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short run for CI smoke tests")
    args = parser.parse_args()
    number, repeat = (20_000, 3) if args.quick else (200_000, 7)
    print(f"Python {platform.python_version()} ({platform.python_implementation()}), {platform.machine()}")
    bench_single(number, repeat)
    bench_routing(number // 4, repeat)


if __name__ == "__main__":
    main()
