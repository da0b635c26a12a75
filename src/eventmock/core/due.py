"""One queue of work that becomes due on the mock's clock.

Scheduled rules, Scheduler schedules and anything else that happens at a time rather
than in answer to a call register here: ``store.due.at(when, callback)``. Nothing runs
in the background. Before a call is answered, the dispatcher runs what has become due
by then (:meth:`Due.run_due`), in due order (ties in the order they were registered),
and while a callback runs the clock reads its due time: an event due at 12:00 carries
``time`` 12:00 even if the call that let it out came at 15:00.

**Time is the mock's clock and the order of calls, never the wall clock** (see
docs/time.md):

- Work due now runs before the next call is answered, whether or not the clock moved
  since it was registered (under ``freeze_time`` it never does).
- Work that runs *again* (a retry, a message visible again after a failure) is
  registered with :meth:`Due.again`: at its time on the mock's clock, and never in the
  drain that registered it if it is due at once. A delay of 0 means the next call (at
  that call's time, after what was due before it), so a consumer that keeps failing
  retries once per call, not in a loop, and not once per millisecond of wall time.
- A clock that goes back (``freeze_time`` into the past, ``move_to`` backwards, a
  negative ``aws.advance``) before the time some work was registered at: recurring
  work given a ``rearm`` hook (scheduled rules, Scheduler's ``rate``/``cron``) is
  re-armed from the new time (its next occurrence after it); work that was due at once
  when registered (a state change settling, a read of a queue) stays due at once, at
  the new time; any other work (a one-time ``at()`` schedule, a delayed retry, a
  message's visibility) keeps its time. A WARNING on the ``eventmock`` logger says so.

The idle check on every call (in :func:`eventmock.core.intercept.dispatch`) is two
comparisons against the heap's head and :attr:`Due.latest_ms`, and no clock reading at
all while the heap is empty. Cancelling is lazy: a cancelled entry stays in the heap,
flagged, and is dropped when it reaches the head, so disabling or deleting a rule costs
O(1).

A callback may register more work (a recurring schedule registers its next run); work
due by the time being drained runs in the same drain, unless registered for the next
drain (``at(..., next_drain=True)``: what a delivery cycle causes beyond its bound, see
docs/delivery.md, so that the cycle stops each drain and goes on in the next call's,
as work :meth:`Due.again` registers due at once does). A callback must not raise: its
failures are its service's to record (a failed delivery). One that raises anyway is an
eventmock bug: it is logged at ERROR, with its traceback, on the ``eventmock`` logger
(the test suite fails the test in which that happens) and the drain goes on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import itertools
import logging
from collections.abc import Callable, Iterator

from eventmock.core import clock

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
logger = logging.getLogger("eventmock")


def to_ms(when: dt.datetime) -> int:
    """An aware datetime as whole milliseconds since the epoch (floor)."""
    delta = when - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


def from_ms(ms: int) -> dt.datetime:
    return (_EPOCH + dt.timedelta(milliseconds=ms)).replace(tzinfo=clock.UTC)


class Job:
    """One registered piece of work; :meth:`cancel` it to drop it."""

    __slots__ = ("armed_ms", "callback", "cancelled", "due_ms", "next_call", "rearm")

    def __init__(
        self, due_ms: int, callback: Callable[[dt.datetime], None], armed_ms: int, rearm: Callable[[dt.datetime], None] | None = None
    ) -> None:
        self.due_ms = due_ms
        self.callback = callback
        #: The clock reading when the work was registered.
        self.armed_ms = armed_ms
        #: For recurring work: called with the new time if the clock goes back before
        #: ``armed_ms`` (the job is cancelled first; the hook registers the next run).
        self.rearm = rearm
        self.cancelled = False
        #: Registered by :meth:`Due.again` due at once: waits for the next call, and runs
        #: at that call's time.
        self.next_call = False

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
        #: The latest clock reading at which work was registered: a reading earlier than
        #: this means the clock went back (checked before every call).
        self.latest_ms = 0
        #: While draining: the due time of the work running (``None``: not draining).
        self._instant: int | None = None
        #: Work :meth:`again` registered for the next call: kept out of the heap while
        #: this drain runs, and moved to the next drain's time when it starts.
        self._held: list[Job] = []
        self._next_call: list[Job] = []
        #: How many drains have begun: the number of the current (or latest) one.
        self.drains = 0

    def at(
        self,
        when: dt.datetime,
        callback: Callable[[dt.datetime], None],
        rearm: Callable[[dt.datetime], None] | None = None,
        next_drain: bool = False,
    ) -> Job:
        """Run ``callback(when)`` once the mock's clock reaches ``when`` (aware).
        ``rearm``: the work recurs; if the clock goes back before now, the job is
        cancelled and ``rearm(new_now)`` registers the next run instead.
        ``next_drain``: not in the drain running now, if one is (it waits for the next
        call, as work :meth:`again` registers due at once does)."""
        job = self._new(when, callback, rearm)
        if next_drain and self._running:
            self._hold(job)
        else:
            heapq.heappush(self.heap, (job.due_ms, next(self._seq), job))
        return job

    def again(self, when: dt.datetime, callback: Callable[[dt.datetime], None]) -> Job:
        """Work that runs again (a retry, a message visible again): as :meth:`at`, but
        if it is due by the time being drained, on the next call rather than in this
        drain (a delay of 0 means the next call)."""
        job = self._new(when, callback, None)
        if self._instant is not None and job.due_ms <= self._instant:
            self._hold(job)
        else:
            heapq.heappush(self.heap, (job.due_ms, next(self._seq), job))
        return job

    def _hold(self, job: Job) -> None:
        """Keep ``job`` out of the drain running now: it runs on the next call."""
        job.next_call = True
        self._held.append(job)

    def _new(self, when: dt.datetime, callback: Callable[[dt.datetime], None], rearm: Callable[[dt.datetime], None] | None) -> Job:
        now = clock.epoch_ms()
        if now > self.latest_ms:
            self.latest_ms = now
        return Job(to_ms(when), callback, now, rearm)

    def next_due(self) -> dt.datetime | None:
        """When the next (not cancelled) work is due; ``None``: nothing is waiting."""
        heap = self.heap
        while heap and (heap[0][2].cancelled or heap[0][0] != heap[0][2].due_ms):
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
        if until < self.latest_ms:
            self._rewind(until)
        if self._next_call:
            # what waited for this call runs at its time, after what was due before
            for job in self._next_call:
                job.next_call = False
                if not job.cancelled and job.due_ms < until:
                    job.due_ms = until  # the entry already in the heap goes stale
                    heapq.heappush(heap, (until, next(self._seq), job))
            self._next_call = []
        ran = 0
        pop = heapq.heappop
        self._running = True
        self.drains += 1
        try:
            while heap and heap[0][0] <= until:
                due_ms, _, job = pop(heap)
                if job.cancelled or due_ms != job.due_ms:
                    continue
                job.cancelled = True  # ran: cancelling it later is harmless
                when = from_ms(due_ms)
                self._instant = due_ms
                with clock.at(when):
                    _call(job.callback, when)
                ran += 1
        finally:
            self._running = False
            self._instant = None
            held, self._held = self._held, []
            for job in held:
                heapq.heappush(heap, (job.due_ms, next(self._seq), job))
            self._next_call.extend(held)
        return ran

    def _rewind(self, now: int) -> None:
        """The clock reads ``now``, earlier than when some work was registered: see the
        module docstring."""
        latest, self.latest_ms = self.latest_ms, now
        heap = self.heap
        rearmed: list[Job] = []
        moved = kept = 0
        for i, (due_ms, seq, job) in enumerate(heap):
            if job.cancelled or due_ms != job.due_ms or job.armed_ms <= now:
                continue
            if job.rearm is not None:
                job.cancelled = True
                rearmed.append(job)
            elif due_ms > now:
                if due_ms <= job.armed_ms:  # was due at once: still is
                    job.due_ms = now
                    heap[i] = (now, seq, job)
                    moved += 1
                else:
                    kept += 1
        if not (rearmed or moved or kept):
            return
        heapq.heapify(heap)
        logger.warning(
            "eventmock: the mock's clock went back from %s to %s: %d recurring schedule(s) re-armed from the new time, "
            "%d piece(s) of work due at once kept due at once, %d piece(s) of work keep their (now later) time (see docs/time.md)",
            from_ms(latest).isoformat(),
            from_ms(now).isoformat(),
            len(rearmed),
            moved,
            kept,
        )
        when = from_ms(now)
        for job in rearmed:
            assert job.rearm is not None
            _call(job.rearm, when)

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Nothing is drained inside: for the calls eventmock itself makes through the
        mock while it answers a call (they must not run the work due before it)."""
        running = self._running
        self._running = True
        self.drains += 1
        try:
            yield
        finally:
            self._running = running

    def clear(self) -> None:
        self.heap.clear()
        self._held.clear()
        self._next_call.clear()
        self.latest_ms = 0


def _call(callback: Callable[[dt.datetime], None], when: dt.datetime) -> None:
    """Run a piece of due work; an exception is an eventmock bug, logged (see the
    module docstring)."""
    try:
        callback(when)
    except Exception:  # noqa: BLE001 - the net for due work: logged, the drain goes on
        logger.error("eventmock: due work %r (due %s) failed; an eventmock bug, please report it", callback, when.isoformat(), exc_info=True)
