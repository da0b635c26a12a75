"""Routing cost against the number of rules: ``events.put_events`` through boto3 with
N rules on the default bus, each on a distinct ``source``, one of which the event
matches.

Each rule count lives in its own region (every region has its own default bus), so
within one mock the counts can be timed in alternation, repeat after repeat, and the
"vs 1 rule" ratios are computed within one run. Rules are created through boto3
(``put_rule``), as a test would.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import boto3

from . import timing

REGIONS = ("us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1")


@dataclass
class Level:
    rules: int
    #: Seconds per put_events call (median over repeats).
    per_call: float
    #: Seconds to create the rules through boto3.
    build: float


def _entry(source: str) -> dict[str, Any]:
    return {"Source": source, "DetailType": "Order Placed", "Detail": json.dumps({"order": 1})}


def _build(region: str, count: int) -> tuple[Callable[[], object], float]:
    events = boto3.client("events", region_name=region)
    started = time.perf_counter()
    for i in range(count):
        events.put_rule(Name=f"rule-{i}", EventPattern=json.dumps({"source": [f"app.{i}"]}))
    build = time.perf_counter() - started
    entries = [_entry(f"app.{count // 2}")]

    def call() -> object:
        result = events.put_events(Entries=entries)
        assert result["FailedEntryCount"] == 0
        return result

    return call, build


def _measure(
    activation: Callable[[], Any],
    counts: tuple[int, ...],
    number: Callable[[int], int],
    repeat: int,
    verify: Callable[[Any, str, int], None] | None = None,
    progress: Callable[[str], None] = print,
) -> list[Level]:
    with activation() as handle:
        calls = {}
        builds = {}
        for region, count in zip(REGIONS, counts):
            calls[count], builds[count] = _build(region, count)
            if verify is not None:
                verify(handle, region, count)
            progress(f"    {count:>6,} rules created in {builds[count]:.1f} s")
        timed = timing.interleaved({str(c): (calls[c], number(c)) for c in counts}, repeat)
    return [Level(c, timed[str(c)].median, builds[c]) for c in counts]


def _verify_eventmock(handle: Any, region: str, count: int) -> None:
    """The event matches exactly the one rule on its source (eventmock's routing
    index, read directly)."""
    bus = handle.backend("events", region=region).buses["default"]
    event = {"source": f"app.{count // 2}", "detail-type": "Order Placed", "detail": {"order": 1}}
    matched = bus.index.match(event)
    assert matched == [f"rule-{count // 2}"], matched


def run(
    counts: tuple[int, ...], number: int, repeat: int, with_moto: bool, progress: Callable[[str], None] = print
) -> dict[str, list[Level]]:
    import eventmock

    assert len(counts) <= len(REGIONS)
    progress("  eventmock:")
    results = {"eventmock": _measure(eventmock.mock_aws, counts, lambda c: number, repeat, _verify_eventmock, progress)}
    if with_moto:
        import moto

        progress("  moto:")
        # moto matches every rule of the bus on every event: fewer calls as N grows.
        results["moto"] = _measure(moto.mock_aws, counts, lambda c: max(3, min(number // 4, 20_000 // c)), repeat, progress=progress)
    return results
