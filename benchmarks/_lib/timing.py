"""Timing: medians of repeated runs, with contenders interleaved.

The machine is shared (other test suites run on its two cores), so each repeat runs
every contender once, in turn, and the figures are medians over repeats: a burst of
load then slows every contender of that repeat alike rather than one of them, and the
ratios computed from the medians stay comparable.
"""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass
class Timing:
    """Seconds per call: the median over repeats, and every repeat's figure."""

    median: float
    runs: list[float]

    @property
    def spread(self) -> float:
        """(max - min) / median over the repeats: how noisy the figure is."""
        return (max(self.runs) - min(self.runs)) / self.median if self.median else 0.0


#: What a figure counts: the CPU time of this process (``time.process_time``), which
#: other processes competing for the cores inflate far less than wall time. ``wall``
#: in the environment (``EVENTMOCK_BENCH_CLOCK=wall``) counts wall time instead.
CLOCK = time.perf_counter if os.environ.get("EVENTMOCK_BENCH_CLOCK") == "wall" else time.process_time
CLOCK_NAME = "wall" if CLOCK is time.perf_counter else "CPU"


def batch(fn: Callable[[], object], number: int) -> float:
    """Seconds per call of ``number`` back-to-back calls of ``fn`` (garbage collection
    paused, as ``timeit`` does)."""
    gc_was = gc.isenabled()
    gc.disable()
    try:
        start = CLOCK()
        for _ in range(number):
            fn()
        return (CLOCK() - start) / number
    finally:
        if gc_was:
            gc.enable()


def interleaved(contenders: Mapping[str, tuple[Callable[[], object], int]], repeat: int, warmup: int = 3) -> dict[str, Timing]:
    """``{name: (fn, number)}`` -> ``{name: Timing}``: each repeat times ``number``
    calls of every contender in turn; each contender is warmed up first."""
    for fn, _ in contenders.values():
        for _ in range(warmup):
            fn()
    runs: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeat):
        for name, (fn, number) in contenders.items():
            runs[name].append(batch(fn, number))
    return {name: Timing(statistics.median(r), r) for name, r in runs.items()}


def median_of(samples: list[float]) -> float:
    return statistics.median(samples)
