"""Routing many patterns at once.

An event bus holds up to hundreds (with raised quotas, thousands) of rules and
every PutEvents entry must be routed through all of them.  Evaluating every
matcher makes routing cost grow with the rule count; instead each matcher is
filed under one field whose alternatives are all exact values — e.g.
``source: ["aws.ec2"]``.  Such a field is a *necessary* condition: whatever
else the pattern says, the event must hold one of those values at that path.
So for an event we read the value(s) at each indexed path, look them up, and
fully evaluate only the matchers found there plus the few that have no such
field ("fallback": patterns made only of prefix/numeric/anything-but/... or
with an ``$or`` branch lacking an exact field).

With 10,000 rules on distinct sources, routing reads one path, hits one
bucket and evaluates one matcher — the same work as with a single rule.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable
from typing import Any, Generic, TypeVar

from .leaves import value_key
from .matcher import Matcher
from .parse import Path

K = TypeVar("K", bound=Hashable)


class PatternIndex(Generic[K]):
    """Matchers keyed by e.g. rule name, routed by the exact values they require."""

    def __init__(self) -> None:
        self._matchers: dict[K, Matcher] = {}
        self._order: dict[K, int] = {}
        self._counter = itertools.count()
        # path -> exact value key -> keys of the matchers filed there
        self._buckets: dict[Path, dict[Any, dict[K, None]]] = {}
        # path -> the (key, remaining segments) lookups that read it (see _values_at)
        self._lookups: dict[Path, tuple[tuple[tuple[str, int], ...], ...]] = {}
        self._fallback: dict[K, None] = {}

    def __len__(self) -> int:
        return len(self._matchers)

    def add(self, key: K, matcher: Matcher) -> None:
        """File ``matcher`` under ``key``; replacing a key keeps its position."""
        if self._matchers.get(key) is matcher:
            return  # filed already (a matcher never changes)
        if key in self._matchers:
            self._unfile(key)
        else:
            self._order[key] = next(self._counter)
        self._matchers[key] = matcher
        hints = matcher._index_hints
        if hints is None:
            self._fallback[key] = None
            return
        for path, values in hints:
            buckets = self._buckets.get(path)
            if buckets is None:
                buckets = self._buckets[path] = {}
                self._lookups[path] = _lookups_for(path)
            for value in values:
                buckets.setdefault(value, {})[key] = None

    def remove(self, key: K) -> None:
        """Forget ``key``; raises KeyError when it is not in the index."""
        self._unfile(key)
        del self._matchers[key]
        del self._order[key]

    def match(self, event: dict[str, Any]) -> list[K]:
        """Keys of the matchers that match ``event``, in insertion order."""
        if not isinstance(event, dict):
            raise TypeError(f"event must be a dict, not {type(event).__name__}")
        candidates: dict[K, None] = dict(self._fallback)
        for path, buckets in self._buckets.items():
            for value in _values_at(event, self._lookups[path], 0):
                bucket = buckets.get(value_key(value))
                if bucket:
                    candidates.update(bucket)
        if not candidates:
            return []
        expanded: list[dict[str, Any]] = []
        matchers = self._matchers
        hits = [key for key in candidates if matchers[key]._matches_shared(event, expanded)]
        if len(hits) > 1:
            order = self._order
            hits.sort(key=order.__getitem__)
        return hits

    def _unfile(self, key: K) -> None:
        hints = self._matchers[key]._index_hints
        if hints is None:
            del self._fallback[key]
            return
        for path, values in hints:
            buckets = self._buckets[path]
            for value in values:
                bucket = buckets.get(value)
                if bucket is not None:
                    bucket.pop(key, None)
                    if not bucket:
                        del buckets[value]
            if not buckets:
                del self._buckets[path]
                del self._lookups[path]


def _lookups_for(path: Path) -> tuple[tuple[tuple[str, int], ...], ...]:
    """For each position in ``path``, the event keys that can continue it.

    Ruler names fields by dot-joined paths, so from position ``i`` the event
    may spell the next step as ``path[i]``, ``path[i].path[i+1]``, and so on.
    Entry ``i`` lists ``(key, next position)`` for each spelling.
    """
    return tuple(
        tuple((".".join(path[i:j]), j) for j in range(i + 1, len(path) + 1))
        for i in range(len(path))
    )


def _values_at(value: Any, lookups: tuple[tuple[tuple[str, int], ...], ...], i: int) -> list[Any]:
    """Every scalar the event holds at the path (arrays flattened at any level)."""
    cls = value.__class__
    if cls is list:
        return [found for item in value for found in _values_at(item, lookups, i)]
    if i == len(lookups):
        return [] if cls is dict else [value]
    if cls is not dict:
        return []
    found: list[Any] = []
    for key, j in lookups[i]:
        if key in value:
            found.extend(_values_at(value[key], lookups, j))
    return found
