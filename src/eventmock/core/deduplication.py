"""Deduplication windows: a FIFO queue (SQS) or topic (SNS) drops a message whose
deduplication id it accepted within the last five minutes.

A window is a dict of id -> (expiry in epoch ms, ...), in the order the ids were
accepted, so the expired ones are at its front: :func:`forget_expired` drops them
without looking at the rest (a publish costs the same however many ids are kept).
"""

from __future__ import annotations

from typing import Any

#: How long an accepted deduplication id is remembered (AWS: five minutes).
INTERVAL_MS = 300_000


def forget_expired(window: dict[Any, tuple[Any, ...]], now: int) -> None:
    """Drop the entries of ``window`` that expired by ``now`` (in epoch ms), from its
    front. After the mock's clock went back, an expired entry may stay behind a live
    one: a lookup compares the expiry with the time anyway."""
    while window:
        first = next(iter(window))
        if window[first][0] > now:
            return
        del window[first]


def remember(window: dict[Any, tuple[Any, ...]], key: Any, entry: tuple[Any, ...]) -> None:
    """Add ``key`` at the back of ``window`` (moving it there if an expired entry of it
    stayed behind)."""
    window.pop(key, None)
    window[key] = entry
