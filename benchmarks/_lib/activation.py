"""Entering and leaving a mock: ``with mock_aws(): pass``, eventmock against moto."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import timing


def _pair(activation: Callable[[], Any]) -> Callable[[], None]:
    def pair() -> None:
        with activation():
            pass

    return pair


def run(number: int, repeat: int, with_moto: bool) -> dict[str, timing.Timing]:
    import eventmock

    contenders: dict[str, tuple[Callable[[], object], int]] = {"eventmock": (_pair(eventmock.mock_aws), number)}
    if with_moto:
        import moto

        # moto's pair is ~100x slower: fewer calls keep each batch about as long.
        contenders["moto"] = (_pair(moto.mock_aws), max(5, number // 100))
    return timing.interleaved(contenders, repeat)
