"""The one poller: SQS queues, Kinesis streams and DynamoDB streams read by Lambda
event source mappings and EventBridge Pipes.

A :class:`Consumer` (an event source mapping, a pipe) reads one source. Nothing polls
in the background and nothing scans on every call: the source wakes its consumers when
something arrives (an SQS queue's ``consumers``, a Kinesis stream's ``consumers``), and
a wake is a piece of due work on the mock's clock (``store.due``). A message sent now is
read before the next call is answered; a message delayed, or in flight after a failure,
wakes its consumers when it becomes visible again on the mock's clock, and one visible
again at once (a visibility timeout of 0) is read again by the next call (never in a
loop, and whether or not the clock moved: see docs/time.md).

**Batching**, deterministic: with no batching window a consumer reads as soon as
something arrives. With a window of *W* seconds, the first arrival at an idle consumer
opens the window and the read happens *W* seconds later on the mock's clock, or as soon
as ``BatchSize`` records are waiting. A read takes everything available, in batches of
``BatchSize``.

**SQS**: a read receives the messages as a ``ReceiveMessage`` would (receive count,
visibility timeout of the queue, redrive to the queue's dead-letter queue once
``maxReceiveCount`` is reached). Messages the filter rejects are deleted. A batch
handled without error is deleted; a failed batch stays in flight and becomes visible
again after the visibility timeout; with partial batch responses only the failed items
stay.

**Kinesis**: each consumer keeps its own position per shard, from ``StartingPosition``.
Records the filter rejects are skipped. A failed batch blocks its shard and is retried
on the next call (bisected if asked; AWS documents no delay), until it succeeds, the
retry attempts are spent or the records are older than the maximum record age; then the
batch's description goes to the on-failure destination and the shard moves on.

**DynamoDB Streams** (with a mock underneath that has them, moto): the stream is
mirrored by :mod:`.dynamodb`, which asks the mock underneath for new records before
each call and wakes the consumers; from there it is read exactly as a Kinesis stream.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventmock.core import arns, clock, lineage, targets
from eventmock.core.due import Job, from_ms
from eventmock.services.consumers.records import BatchDropped, BatchFailed, batch_info, filter_view, kinesis_record, sqs_record
from eventmock.services.events.patterns import Matcher

if TYPE_CHECKING:
    from eventmock.core.store import Store
    from eventmock.services.kinesis.backend import Record, Shard, Stream
    from eventmock.services.sqs.backend import Message as SqsMessage
    from eventmock.services.sqs.backend import Queue

#: What arrives at a consumer that has read its source this many times in one drain of
#: the due work (before one call is answered) is read in the next drain; a read sees
#: only what was in the source when it began. A cycle (a handler sending to its own
#: queue, a pipe putting to its own stream) thus does this many rounds per call, and
#: the rest waits, queued, for the next call.
MAX_READS_PER_DRAIN = 100


@dataclass
class Settings:
    """How a consumer reads its source."""

    batch_size: int
    window_s: int = 0
    #: A record passes if any of these matches (none: every record passes).
    filters: list[Matcher] = field(default_factory=list)
    #: Kinesis.
    starting_position: str | None = None
    starting_timestamp: dt.datetime | None = None
    maximum_retry_attempts: int = -1
    maximum_record_age_s: int = -1
    bisect: bool = False


@dataclass
class _ShardState:
    #: Records with a greater sequence number are still to be read.
    after: int
    #: Failed attempts at the current batch.
    attempts: int = 0
    #: A bisected batch: read at most this many records.
    limit: int | None = None


class Consumer:
    """One reader of a queue or stream. Subclasses say whether it runs, how it reads
    (:attr:`settings`) and what it does with a batch (:meth:`handle`)."""

    settings: Settings

    def __init__(self, store: Store, source_arn: str) -> None:
        self.store = store
        self.source_arn = source_arn
        parsed = arns.parse(source_arn)
        #: The source's ARN service: ``sqs``, ``kinesis`` or ``dynamodb``.
        self.source_kind = parsed.service if parsed is not None else ""
        self._job: Job | None = None
        self._pending = 0
        self._window_opened: int | None = None
        self._shards: dict[str, _ShardState] = {}
        self.attached = False
        #: While :meth:`handle` runs: the lineage of the batch's SQS messages
        #: (:mod:`eventmock.core.lineage`), for Lambda's recursive loop detection.
        self.batch_lineage: lineage.Lineage = {}
        #: Reads in the drain ``_reads_drain`` of the due work (:data:`MAX_READS_PER_DRAIN`).
        self._reads = 0
        self._reads_drain = -1

    # -- what subclasses say ----------------------------------------------------------

    def running(self) -> bool:
        raise NotImplementedError

    def handle(self, records: list[dict[str, Any]]) -> set[str]:
        """Deliver a batch; the ids of the items that failed (a partial batch response),
        empty if none. Raises :class:`BatchFailed` if the whole batch failed."""
        raise NotImplementedError

    def _log_failed(self, error: BatchFailed, then: str) -> None:
        """Log a failed batch (WARNING), with the function's traceback; a failed delivery
        to a target was logged where it failed (:func:`eventmock.core.targets.deliver`)."""
        cause = error.__cause__
        if isinstance(cause, targets.DeliveryError) and cause.logged:
            return
        targets.delivery_log.warning(
            "a batch from %s failed (%s): %s; %s", self.source_arn, error.code, error.message, then, exc_info=cause
        )

    def give_up(self, records: list[dict[str, Any]], info: dict[str, Any], error: BatchFailed | None, condition: str) -> None:
        """A stream batch is given up on: ``condition`` ``RetryAttemptsExhausted`` or
        ``RecordAgeExceeded``; ``info`` is the batch's description."""

    # -- attaching to the source ------------------------------------------------------

    def attach(self) -> None:
        """Start reading: hook onto the source (if it exists) and read what waits."""
        source = self._source()
        if source is not None and self not in source.consumers:
            source.consumers.append(self)
        self.attached = True
        if self.source_kind == "dynamodb" and source is not None:
            from eventmock.services.consumers import dynamodb

            dynamodb.register(source)
            source.refresh()  # what the stream holds now: LATEST starts after it
        if self.source_kind in ("kinesis", "dynamodb") and source is not None:
            self._init_positions(source)
        self.wake(clock.epoch_ms())

    def detach(self) -> None:
        source = self.store.pollers.get(self.source_arn) if self.source_kind == "dynamodb" else self._source()
        if source is not None and self in source.consumers:
            source.consumers.remove(self)
        if self.source_kind == "dynamodb" and source is not None:
            from eventmock.services.consumers import dynamodb

            dynamodb.unregister(source)
        self.attached = False
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def _source(self) -> Any:
        arn = arns.parse(self.source_arn)
        if arn is None:
            return None
        if arn.service == "sqs":
            from eventmock.services.sqs.backend import SqsBackend

            sqs = self.store.backend("sqs", arn.account, arn.region)
            assert isinstance(sqs, SqsBackend)
            return sqs.queues.get(arn.resource)
        if arn.service == "kinesis":
            from eventmock.services.kinesis.backend import KinesisBackend

            kinesis = self.store.backend("kinesis", arn.account, arn.region)
            assert isinstance(kinesis, KinesisBackend)
            stream = kinesis.streams.get(arn.resource.split("/", 1)[-1])
            return stream if stream is not None and stream.arn == self.source_arn else None
        if arn.service == "dynamodb":
            from eventmock.services.consumers import dynamodb

            return dynamodb.find(self.store, self.source_arn)
        return None

    # -- waking -----------------------------------------------------------------------

    def arrived(self, available_ms: int) -> None:
        """The source's hook: a message or record arrived (available at ``available_ms``).
        An arrival after the consumer's :data:`MAX_READS_PER_DRAIN` reads in the
        drain running now (a delivery cycle) is read in the next drain."""
        spent = self._reads_drain == self.store.due.drains and self._reads >= MAX_READS_PER_DRAIN
        window_ms = self.settings.window_s * 1000
        if window_ms <= 0:
            # A read runs at its due time and sees what has arrived by then: a read
            # already due for an earlier arrival moves to this one, so that one read
            # takes everything a call sent (never later than now).
            job = self._job
            if job is not None and not job.cancelled and job.due_ms < available_ms <= clock.epoch_ms():
                job.cancel()
                self._job = None
            self.wake(available_ms, next_drain=spent)
            return
        self._pending += 1
        if self._window_opened is None:
            self._window_opened = available_ms
        if self._pending >= self.settings.batch_size:
            self.wake(available_ms, next_drain=spent)
        else:
            self.wake(self._window_opened + window_ms, next_drain=spent)

    def wake(self, at_ms: int, again: bool = False, next_drain: bool = False) -> None:
        """Read the source at ``at_ms`` (or earlier, if a read is due before).
        ``again``: a retry (:meth:`Due.again <eventmock.core.due.Due.again>`): if due
        at once, on the next call. ``next_drain``: not in the drain of the due work
        running now (a consumer past :data:`MAX_READS_PER_DRAIN`)."""
        job = self._job
        if job is not None and not job.cancelled:
            if job.due_ms <= at_ms and (again or not job.next_call):
                return
            job.cancel()  # a read for an arrival does not wait for a retry's next call
        due = self.store.due
        if again:
            self._job = due.again(from_ms(at_ms), self._read)
        else:
            self._job = due.at(from_ms(at_ms), self._read, next_drain=next_drain)

    def _read(self, when: dt.datetime) -> None:
        self._job = None
        self._pending = 0
        self._window_opened = None
        drain = self.store.due.drains
        if self._reads_drain != drain:
            self._reads_drain, self._reads = drain, 0
        self._reads += 1
        if not self.attached or not self.running():
            return
        source = self._source()
        if source is None:
            return
        if self.source_kind == "sqs":
            self._read_queue(source)
        else:
            self._read_stream(source)

    def _stream_record(self, stream: Any, shard: Any, record: Any) -> dict[str, Any]:
        """A stream record as the consumer is given it (Kinesis or DynamoDB)."""
        if self.source_kind == "dynamodb":
            copied: dict[str, Any] = stream.copy(record)
            return copied
        return kinesis_record(stream, shard, record)

    # -- SQS --------------------------------------------------------------------------

    def _read_queue(self, queue: Queue) -> None:
        from eventmock.services.sqs.backend import SqsBackend

        sqs = self.store.backend("sqs", queue.account_id, queue.region)
        assert isinstance(sqs, SqsBackend)
        now = clock.epoch_ms()
        queue.expire(now)
        timeout_ms = queue.number("VisibilityTimeout") * 1000
        # A standard queue's candidates are listed once per read (a message taken since
        # is skipped); a FIFO queue's again for each batch, as a failure locks its group.
        pending: Iterator[SqsMessage] = iter(())
        #: Each message is taken at most once per read: one visible again at once (a
        #: visibility timeout of 0) is read again by the next call, not in a loop.
        taken: set[str] = set()
        #: A read takes only what was there when it began: a message sent meanwhile (by
        #: the handler itself) wakes the consumer for another read.
        present = set(queue.messages)
        while self.attached and self.running():
            redrive = queue.redrive_target()
            dead_letter = sqs._queue_by_arn(redrive[0]) if redrive is not None else None
            batch: list[SqsMessage] = []
            exhausted: list[SqsMessage] = []
            for fresh in (False, True):
                if fresh:
                    if batch:
                        break
                    pending = SqsBackend._candidates(queue, now) if queue.fifo else iter(list(SqsBackend._candidates(queue, now)))
                for message in pending:
                    if queue.messages.get(message.id) is not message or message.visible_ms > now or message.id in taken:
                        continue  # taken (or deleted) since it was listed
                    if message.id not in present:
                        continue  # sent during this read: the next read's
                    if redrive is not None and dead_letter is not None and message.receive_count >= redrive[1]:
                        exhausted.append(message)
                    else:
                        batch.append(message)
                    if len(batch) == self.settings.batch_size:
                        break
                if queue.fifo:
                    pending = iter(())
            for message in exhausted:
                assert dead_letter is not None
                SqsBackend._dead_letter(queue, message, dead_letter, now)
            if not batch:
                break
            records = []
            for message in batch:
                taken.add(message.id)
                message.take(now, timeout_ms)
                records.append(sqs_record(queue, message, SqsBackend._new_handle(queue, message)))
            passed = []
            for message, record in zip(batch, records):
                if self._passes(record):
                    passed.append((message, record))
                else:
                    self._delete(queue, message)  # Pipes and Lambda delete what no filter matches
            if not passed:
                continue
            self.batch_lineage = lineage.merged(m.lineage for m, _ in passed)
            try:
                failed = self.handle([r for _, r in passed])
            except BatchDropped:
                for message, _ in passed:
                    if queue.messages.get(message.id) is not message:
                        continue
                    if dead_letter is not None:
                        SqsBackend._dead_letter(queue, message, dead_letter, now)
                    else:
                        queue.remove(message)
                continue
            except BatchFailed as exc:
                self._log_failed(exc, "its messages are received again after the visibility timeout")
                continue  # left in flight: visible again after the visibility timeout
            finally:
                self.batch_lineage = {}
            for message, record in passed:
                if record["messageId"] not in failed:
                    self._delete(queue, message)
        self._rearm_queue(queue, now)
        if any(queue.messages.get(i) is not None and queue.messages[i].visible_ms <= now for i in taken):
            self.wake(now, again=True)

    @staticmethod
    def _delete(queue: Queue, message: SqsMessage) -> None:
        if queue.messages.get(message.id) is message:
            queue.remove(message)

    def _rearm_queue(self, queue: Queue, now: int) -> None:
        """Wake again when the next message becomes visible or available."""
        later = [t for m in queue.messages.values() if (t := max(m.visible_ms, queue.available_at(m))) > now]
        if later:
            self.wake(min(later))

    def _passes(self, record: dict[str, Any]) -> bool:
        filters = self.settings.filters
        if not filters:
            return True
        view = filter_view(record)
        return any(f.matches(view) for f in filters)

    # -- Kinesis ------------------------------------------------------------------------

    def _init_positions(self, stream: Stream) -> None:
        position = self.settings.starting_position or "LATEST"
        #: a shard that appears once reading began (a reshard opened it) is read from
        #: its start, whatever the starting position, as AWS reads child shards
        began = bool(self._shards)
        for shard in stream.shards:
            if shard.id in self._shards:
                continue
            if began or not shard.records or position == "TRIM_HORIZON":
                after = 0
            elif position == "LATEST":
                after = shard.records[-1].sequence
            else:  # AT_TIMESTAMP
                when = self.settings.starting_timestamp or clock.now()
                limit = int(when.timestamp() * 1000)
                earlier = [r.sequence for r in shard.records if r.arrival_ms < limit]
                after = earlier[-1] if earlier else 0
            self._shards[shard.id] = _ShardState(after)

    def _read_stream(self, stream: Stream) -> None:
        self._init_positions(stream)
        now = clock.epoch_ms()
        for shard in list(stream.shards):
            state = self._shards[shard.id]
            # A read takes only what was there when it began: a record put meanwhile (by
            # the consumer's own target) wakes the consumer for another read.
            last = shard.records[-1].sequence if shard.records else 0
            while self.attached and self.running():
                start = bisect.bisect_right(shard.records, state.after, key=lambda r: r.sequence)
                size = state.limit or self.settings.batch_size
                chunk = [r for r in shard.records[start : start + size] if r.sequence <= last]
                if not chunk:
                    break
                if not self._read_chunk(stream, shard, state, chunk, now):
                    break

    def _read_chunk(self, stream: Stream, shard: Shard, state: _ShardState, chunk: list[Record], now: int) -> bool:
        """Handle one batch of a shard; whether the shard may go on now."""
        age_limit = self.settings.maximum_record_age_s
        if age_limit != -1 and now - chunk[0].arrival_ms >= age_limit * 1000:
            # Records already older than the maximum age are not processed.
            expired = [r for r in chunk if now - r.arrival_ms >= age_limit * 1000]
            self.give_up([self._stream_record(stream, shard, r) for r in expired], batch_info(stream, shard, expired), None, "RecordAgeExceeded")
            state.after, state.attempts, state.limit = expired[-1].sequence, 0, None
            return True
        records = [self._stream_record(stream, shard, r) for r in chunk]
        passed = [(r, rec) for r, rec in zip(chunk, records) if self._passes(rec)]
        if not passed:
            state.after = chunk[-1].sequence
            return True
        error: BatchFailed | None = None
        done_until: int | None = None
        try:
            failed = self.handle([rec for _, rec in passed])
        except BatchFailed as exc:
            self._log_failed(exc, "the batch is retried or given up under the retry settings")
            error = exc
        else:
            if not failed:
                state.after, state.attempts, state.limit = chunk[-1].sequence, 0, None
                return True
            first_failed = min(int(s) for s in failed)
            done_until = max((r.sequence for r, _ in passed if r.sequence < first_failed), default=None)
        if done_until is not None:  # checkpoint before the first failed record
            state.after = done_until
        state.attempts += 1
        oldest = passed[0][0].arrival_ms
        too_old = age_limit != -1 and now - oldest >= age_limit * 1000
        retries = self.settings.maximum_retry_attempts
        if too_old or (retries != -1 and state.attempts > retries):
            info = batch_info(stream, shard, [r for r, _ in passed])
            condition = "RecordAgeExceeded" if too_old else "RetryAttemptsExhausted"
            targets.delivery_log.warning("gave up on a batch of %d record(s) from %s (%s)", len(passed), self.source_arn, condition)
            self.give_up([rec for _, rec in passed], info, error, condition)
            state.after, state.attempts, state.limit = chunk[-1].sequence, 0, None
            return True
        if self.settings.bisect and len(chunk) > 1:
            state.limit = max(1, len(chunk) // 2)
        targets.delivery_log.warning("retrying a batch from %s on the next call (retry %d)", self.source_arn, state.attempts)
        self.wake(now, again=True)  # the shard waits for the next call
        return False
