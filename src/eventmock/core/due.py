"""One queue of work that becomes due on the mock's clock.

Scheduled rules, Scheduler schedules and anything else that happens at a time rather
than in answer to a call register here: ``store.due.at(when, callback)``. Nothing runs
in the background. Before a call is answered, the dispatcher runs what has become due
by then (:meth:`Due.run_due`), in due order (ties in the order they were registered),
and while a callback runs the clock reads its due time: an event due at 12:00 carries
``time`` 12:00 even if the call that let it out came at 15:00.

The idle check on every call (in :func:`eventmock.core.intercept.dispatch`) is one
comparison against the heap's head, ``due.heap and due.heap[0][0] <=
clock.epoch_ms()``, and no clock reading at all while the heap is empty. Cancelling is
lazy: a cancelled entry stays in the heap, flagged, and is dropped when it reaches the
head, so disabling or deleting a rule costs O(1).

A callback may register more work (a recurring schedule registers its next run); work
due by the time being drained runs in the same drain, unless registered for the next
drain (``at(..., next_drain=True)``: what a delivery cycle causes beyond its bound, see
docs/delivery.md, so that the cycle stops each drain and goes on in the next call's).
A callback must not raise: its
failures are its service's to record (a failed delivery). One that raises anyway is
an eventmock bug: in strict mode (the test suite) it propagates, otherwise it is kept
in :attr:`Due.errors` and the drain goes on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import itertools
from collections.abc import Callable, Iterator

from eventmock.core import clock, shapes

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def to_ms(when: dt.datetime) -> int:
    """An aware datetime as whole milliseconds since the epoch (floor)."""
    delta = when - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


def from_ms(ms: int) -> dt.datetime:
    return (_EPOCH + dt.timedelta(milliseconds=ms)).replace(tzinfo=clock.UTC)


class Job:
    """One registered piece of work; :meth:`cancel` it to drop it."""

    __slots__ = ("callback", "cancelled", "due_ms", "not_in_drain")

    def __init__(self, due_ms: int, callback: Callable[[dt.datetime], None]) -> None:
        self.due_ms = due_ms
        self.callback = callback
        self.cancelled = False
        #: The drain this job must not run in (it was registered for the next one).
        self.not_in_drain = -1

    @property
    def when(self) -> dt.datetime:
        return from_ms(self.due_ms)

    def cancel(self) -> None:
        self.cancelled = True


class Due:
    """The heap of due work of one store."""

    def __init__(self) -> None:
        #: ``(due_ms, seq, job)``: ``heap[0][0]`` is the next due time.
        self.heap: list[tuple[int, int, Job]] = []
        self._seq = itertools.count()
        self._running = False
        #: Exceptions callbacks raised outside strict mode (eventmock bugs).
        self.errors: list[BaseException] = []
        #: How many drains have begun: the number of the current (or latest) one.
        self.drains = 0

    def at(self, when: dt.datetime, callback: Callable[[dt.datetime], None], next_drain: bool = False) -> Job:
        """Run ``callback(when)`` once the mock's clock reaches ``when`` (aware);
        ``next_drain``: not in the drain running now, if one is."""
        job = Job(to_ms(when), callback)
        if next_drain and self._running:
            job.not_in_drain = self.drains
        heapq.heappush(self.heap, (job.due_ms, next(self._seq), job))
        return job

    def next_due(self) -> dt.datetime | None:
        """When the next (not cancelled) work is due; ``None``: nothing is waiting."""
        heap = self.heap
        while heap and heap[0][2].cancelled:
            heapq.heappop(heap)
        return heap[0][2].when if heap else None

    def run_due(self) -> int:
        """Run every piece of work due by now, in order, each at its own time; how many
        ran. Re-entrant calls (a callback that calls into the mock) do nothing: the
        outer drain goes on once the callback returns."""
        if self._running:
            return 0
        heap = self.heap
        if not heap:
            return 0
        until = clock.epoch_ms()
        ran = 0
        pop = heapq.heappop
        self._running = True
        self.drains += 1
        drain = self.drains
        later: list[tuple[int, int, Job]] = []
        try:
            while heap and heap[0][0] <= until:
                entry = pop(heap)
                due_ms, _, job = entry
                if job.cancelled:
                    continue
                if job.not_in_drain == drain:
                    later.append(entry)
                    continue
                job.cancelled = True  # ran: cancelling it later is harmless
                when = from_ms(due_ms)
                with clock.at(when):
                    try:
                        job.callback(when)
                    except Exception as exc:  # noqa: BLE001 - see the module docstring
                        if shapes.is_strict():
                            raise
                        self.errors.append(exc)
                ran += 1
        finally:
            self._running = False
            for entry in later:
                heapq.heappush(heap, entry)
        return ran

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Nothing is drained inside: for the calls eventmock itself makes through the
        mock while it answers a call (they must not run the work due before it)."""
        running = self._running
        self._running = True
        try:
            yield
        finally:
            self._running = running

    def clear(self) -> None:
        self.heap.clear()
        self.errors.clear()
