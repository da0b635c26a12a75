"""A typical test, as a test suite pays for it: enter a fresh mock, make 4 clients, make
10 calls, leave. eventmock against moto, in one process, rounds interleaved.

    python benchmarks/bench_typical.py           # full run (~1 min)
    python benchmarks/bench_typical.py --quick   # CI smoke run (a few seconds)

Also measured, to see where a fresh mock's time goes:

- 4 clients made on a warm session outside any mock (the floor a fresh mock is held
  to: within 1.5x);
- 4 clients made inside a fresh eventmock mock, with the loader caches it shares
  across mocks, and without them (``share_loaders`` off: what every fresh mock paid
  before, when each reloaded botocore's JSON models and endpoint rulesets).

Figures are medians of wall time over interleaved rounds (a round runs each contender
once), so a burst of load on the shared machine slows all contenders of that round.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

try:
    import eventmock
except ImportError:  # running from a checkout without installing the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import eventmock

import boto3

from eventmock.core import containment

REGION = "us-east-1"
SERVICES = ("events", "sqs", "kinesis", "s3")


def typical_test() -> None:
    """What a typical test does once its mock is active: 4 clients, 10 calls."""
    events, sqs, kinesis, s3 = (boto3.client(name, region_name=REGION) for name in SERVICES)
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="orders", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="orders", Targets=[{"Id": "q", "Arn": arn}])
    events.put_events(Entries=[{"Source": "shop", "DetailType": "order", "Detail": '{"id": 1}'}])
    sqs.receive_message(QueueUrl=url)
    kinesis.create_stream(StreamName="clicks", ShardCount=1)
    kinesis.list_streams()
    s3.create_bucket(Bucket="exports")
    s3.put_object(Bucket="exports", Key="a.json", Body=b"{}")


def _in(activation: Callable[[], object], body: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        with activation():  # type: ignore[attr-defined]
            body()

    return run


def _clients() -> None:
    for name in SERVICES:
        boto3.client(name, region_name=REGION)


def _unshared(body: Callable[[], None]) -> Callable[[], None]:
    """``body`` in a fresh mock whose sessions load botocore's data anew (the cost
    before the loaders' caches were shared)."""

    def run() -> None:
        original = containment.share_loaders
        containment.share_loaders = lambda on: original(False)  # type: ignore[assignment]
        try:
            with eventmock.mock_aws():
                body()
        finally:
            containment.share_loaders = original

    return run


def measure(contenders: dict[str, Callable[[], None]], rounds: int) -> dict[str, float]:
    for fn in contenders.values():  # warm up: imports, first loads
        fn()
    runs: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            start = time.perf_counter()
            fn()
            runs[name].append(time.perf_counter() - start)
    return {name: statistics.median(r) for name, r in runs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run for CI")
    parser.add_argument("--rounds", type=int, default=None)
    args = parser.parse_args()
    rounds = args.rounds or (2 if args.quick else 30)
    try:
        import moto
    except ImportError:
        moto = None
        print("moto: not installed, not compared")

    contenders: dict[str, Callable[[], None]] = {
        "eventmock: typical test": _in(eventmock.mock_aws, typical_test),
        "eventmock: typical test, loaders not shared": _unshared(typical_test),
    }
    if moto is not None:
        contenders["moto: typical test"] = _in(moto.mock_aws, typical_test)
    session = boto3.session.Session()

    def warm_clients() -> None:
        for name in SERVICES:
            session.client(name, region_name=REGION)

    contenders["4 clients, warm session, no mock"] = warm_clients
    contenders["4 clients, fresh eventmock mock"] = _in(eventmock.mock_aws, _clients)
    contenders["4 clients, fresh mock, loaders not shared"] = _unshared(_clients)
    if moto is not None:
        contenders["4 clients, fresh moto mock"] = _in(moto.mock_aws, _clients)

    results = measure(contenders, rounds)
    width = max(map(len, results))
    for name, seconds in results.items():
        print(f"{name:<{width}}  {seconds * 1e3:8.1f} ms")
    typical = results["eventmock: typical test"]
    print()
    if moto is not None:
        print(f"typical test: moto / eventmock = {results['moto: typical test'] / typical:.1f}x (goal: at least 5x)")
    print(
        "typical test: before (loaders not shared) / now = "
        f"{results['eventmock: typical test, loaders not shared'] / typical:.1f}x"
    )
    print(
        "client creation: fresh eventmock mock / warm session = "
        f"{results['4 clients, fresh eventmock mock'] / results['4 clients, warm session, no mock']:.2f}x (goal: at most 1.5x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
