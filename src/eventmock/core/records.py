"""The one bounded record: what a test can read of what the mock did.

Every record a user can inspect that grows with each event or call (EventBridge's
``deliveries`` and ``failed_deliveries``, Lambda's ``invocations``, the HTTP log
``aws.http.requests``, SNS's ``sent`` and ``failed_deliveries``, Pipes' deliveries,
Scheduler's invocations and failures, Logs' subscription failures, and the rest) is a
:class:`Record`: it keeps the latest :data:`DEFAULT_LIMIT` entries (10,000) and forgets
the oldest beyond that, so a long-running test or server keeps bounded memory.

The one setting is the environment variable ``EVENTMOCK_RECORD_LIMIT``: a whole number
of entries (``0`` keeps none), or ``none`` to keep every entry. A record reads it when
it is made, that is when the mock first makes the backend (or resource) that owns it;
a record already made keeps its limit.

A record reads like a list: iteration, ``len``, indexing (``record[-1]``), slices
(which give lists) and ``==`` with a list.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal, TypeVar, overload

T = TypeVar("T")

#: How many entries a record keeps unless ``EVENTMOCK_RECORD_LIMIT`` says otherwise.
DEFAULT_LIMIT = 10_000
#: The environment variable that sets every record's limit.
ENVIRONMENT_VARIABLE = "EVENTMOCK_RECORD_LIMIT"


def configured_limit() -> int | None:
    """The limit records made now get: ``EVENTMOCK_RECORD_LIMIT`` if set (``None`` for
    ``none``: unbounded), else :data:`DEFAULT_LIMIT`. ``ValueError`` if it is set to
    anything else than a whole number or ``none``."""
    text = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if not text:
        return DEFAULT_LIMIT
    if text.lower() == "none":
        return None
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise ValueError(f"{ENVIRONMENT_VARIABLE} must be a whole number of entries or 'none', not {text!r}")
    return value


class Record(Sequence[T]):
    """The latest ``limit`` entries appended, oldest first (``limit=None``: all of
    them). Appending is O(1) and forgets the oldest entry once full."""

    __slots__ = ("_entries",)

    def __init__(self, entries: Iterable[T] = (), *, limit: int | None | Literal["configured"] = "configured") -> None:
        maxlen = configured_limit() if isinstance(limit, str) else limit
        self._entries: deque[T] = deque(entries, maxlen=maxlen)

    @property
    def limit(self) -> int | None:
        """How many entries this record keeps (``None``: all)."""
        return self._entries.maxlen

    def append(self, entry: T) -> None:
        self._entries.append(entry)

    def extend(self, entries: Iterable[T]) -> None:
        self._entries.extend(entries)

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[T]:
        return iter(self._entries)

    def __reversed__(self) -> Iterator[T]:
        return reversed(self._entries)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self._entries))
            if step == 1:
                return list(itertools.islice(self._entries, start, max(start, stop)))
            return list(self._entries)[index]
        return self._entries[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            return list(self._entries) == list(other._entries)
        if isinstance(other, (list, tuple, deque)):
            return list(self._entries) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Record({list(self._entries)!r}, limit={self.limit!r})"

    def __bool__(self) -> bool:
        return bool(self._entries)
