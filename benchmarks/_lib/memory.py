"""Memory, each case in a fresh subprocess: resident memory (RSS) after storing many
records or rules, and bytes per stored item from ``tracemalloc``.

Cases (all through the backend seam, not boto3: a million boto3 calls would take
minutes, and the botocore side holds nothing per call anyway):

``kinesis``
    N records written to a Kinesis stream with ``KinesisBackend._deliver``, the seam
    every delivering service uses (EventBridge targets, Pinpoint and Customer
    Profiles event streams). Each record has distinct 100-byte data and a 36-character
    partition key (an event id, as EventBridge uses by default).
``events``
    N events through the EventBridge flow: ``EventsBackend.put_events`` (one entry,
    a 100-byte detail) matched by one rule whose target is that Kinesis stream. Counts
    what the flow keeps per event besides the Kinesis record.
``rules``
    N rules on the default bus (``EventsBackend.put_rule``), each on a distinct source,
    indexed for routing.

RSS is read from ``/proc/self/status`` (``VmRSS``) after a full collection; the delta
is against the same process before the loop (eventmock imported, mock entered,
resources created). ``tracemalloc`` runs in a separate process (it slows allocation),
with its own count.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_BYTES = 100
STREAM = "bench"


@dataclass
class MemoryResult:
    case: str
    count: int
    rss_after: int
    rss_delta: int
    seconds: float
    #: tracemalloc bytes per item, and the count it was measured over.
    traced_per_item: float | None = None
    traced_count: int | None = None
    payload: int | None = None


def _rss() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def _data(i: int) -> bytes:
    return f'{{"order": {i:>10}, "pad": "'.encode().ljust(DATA_BYTES - 2, b"x") + b'"}'


def _key(i: int) -> str:
    return f"{i:08x}-0000-4000-8000-000000000000"


def _setup(case: str) -> tuple[Any, Any]:
    """Enter a mock and create what ``case`` writes to; (handle, loop body)."""
    from eventmock import mock_aws

    handle = mock_aws().__enter__()
    kinesis: Any = handle.backend("kinesis")
    kinesis.create_stream(StreamName=STREAM, ShardCount=1)
    arn = kinesis.streams[STREAM].arn
    if case == "kinesis":
        deliver = kinesis._deliver

        def body(i: int) -> None:
            deliver(arn, _data(i), _key(i))

        return handle, body
    events: Any = handle.backend("events")
    if case == "events":
        events.put_rule(Name="orders", EventPattern=json.dumps({"source": ["bench.orders"]}))
        events.put_targets(Rule="orders", Targets=[{"Id": "stream", "Arn": arn, "RoleArn": "arn:aws:iam::123456789012:role/r"}])
        put_events = events.put_events

        def body(i: int) -> None:
            detail = json.dumps({"order": i, "pad": "x" * (DATA_BYTES - 30)})
            put_events(Entries=[{"Source": "bench.orders", "DetailType": "Order Placed", "Detail": detail}])

        return handle, body
    if case == "rules":
        put_rule = events.put_rule

        def body(i: int) -> None:
            put_rule(Name=f"rule-{i}", EventPattern=json.dumps({"source": [f"app.{i}"]}))

        return handle, body
    raise ValueError(case)


def child(case: str, count: int, traced: bool) -> None:
    """Runs in the subprocess: prints one JSON line."""
    handle, body = _setup(case)
    body(-1)  # the first item may create lazily-built state (dispatch tables, lists)
    gc.collect()
    if traced:
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
    rss_before = _rss()
    started = time.perf_counter()
    for i in range(count):
        body(i)
    seconds = time.perf_counter() - started
    gc.collect()
    out: dict[str, Any] = {"rss_after": _rss(), "rss_delta": _rss() - rss_before, "seconds": seconds}
    if traced:
        out["traced_per_item"] = (tracemalloc.get_traced_memory()[0] - base) / count
        tracemalloc.stop()
    if case == "kinesis" or case == "events":
        stored = sum(len(s.records) for s in handle.backend("kinesis").streams[STREAM].shards)
        assert stored == count + 1, stored
    print(json.dumps(out))


def _spawn(case: str, count: int, traced: bool) -> dict[str, Any]:
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from _lib import memory; "
        "memory.child(sys.argv[2], int(sys.argv[3]), sys.argv[4] == '1')"
    )
    benchmarks = str(Path(__file__).resolve().parents[1])
    done = subprocess.run(
        [sys.executable, "-c", code, benchmarks, case, str(count), "1" if traced else "0"],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"memory case {case} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(counts: dict[str, tuple[int, int]], progress: Any = print) -> list[MemoryResult]:
    """``counts``: case -> (count for RSS, count for tracemalloc)."""
    results = []
    for case, (count, traced_count) in counts.items():
        plain = _spawn(case, count, False)
        traced = _spawn(case, traced_count, True)
        result = MemoryResult(
            case,
            count,
            plain["rss_after"],
            plain["rss_delta"],
            plain["seconds"],
            traced["traced_per_item"],
            traced_count,
            DATA_BYTES if case in ("kinesis", "events") else None,
        )
        progress(
            f"  {case:<8} {count:>9,} items: RSS {result.rss_after / 2**20:7.1f} MiB (+{result.rss_delta / 2**20:.1f} MiB) "
            f"in {result.seconds:.1f} s; tracemalloc {result.traced_per_item:,.0f} B/item over {traced_count:,}"
        )
        results.append(result)
    return results


if __name__ == "__main__":  # pragma: no cover - run by _spawn through -c, not directly
    sys.exit("run benchmarks/run.py")
