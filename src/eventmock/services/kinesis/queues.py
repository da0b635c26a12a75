"""Queues on streams (``CreateQueue`` and its twins): a queue delivers a stream's
records to queue consumers one at a time, with receipt handles, visibility timeouts,
acknowledgements and built-in dead-letter handling, on the mock's clock.

A queue reads its streams from its starting position (``LATEST`` by default) in order
of arrival; a record received and not acknowledged before its visibility timeout ends
is visible again to the next receive; one received ``MaxReceiveCount`` times (6 by
default) without being acknowledged becomes a dead-letter record, served by the
``*DeadLetterQueueRecords`` operations. A record past its stream's retention period is
no longer delivered. A queue is ``ACTIVE`` as soon as it is created (``CreateQueue``
answers ``CREATING``, as AWS does).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from eventmock.core import clock, ids, pagination
from eventmock.core.errors import ServiceError
from eventmock.services.kinesis.base import KinesisBase
from eventmock.services.kinesis.models import Record, Stream

#: A record's visibility timeout unless the queue or the receive says otherwise.
DEFAULT_VISIBILITY_S = 30
DEFAULT_MAX_RECEIVES = 6
DEFAULT_RECEIVE_LIMIT = 10
DEFAULT_LIST_QUEUES = 100
#: Queues and enhanced fan-out consumers a stream may have together.
MAX_CONSUMERS = 20


@dataclass
class Delivery:
    """One record's delivery state in a queue."""

    record: Record
    stream_arn: str
    receives: int = 0
    first_receive: dt.datetime | None = None
    visible_ms: int = 0
    handle: str | None = None
    dead: bool = False


@dataclass
class Queue:
    name: str
    arn: str
    created: dt.datetime
    #: ``StreamConfigurationList`` as given, with each stream's creation time.
    streams: list[dict[str, Any]]
    attributes: dict[str, Any]
    tags: dict[str, str] = field(default_factory=dict)
    #: (stream ARN, shard id) -> the highest sequence number taken into the queue.
    cursors: dict[tuple[str, str], int] = field(default_factory=dict)
    #: Records taken from the streams and not yet acknowledged, in order.
    deliveries: dict[int, Delivery] = field(default_factory=dict)

    @property
    def stream_arns(self) -> list[str]:
        return [s["StreamARN"] for s in self.streams]

    @property
    def visibility_s(self) -> int:
        value = self.attributes.get("VisibilityTimeoutSeconds")
        return DEFAULT_VISIBILITY_S if value is None else int(value)

    @property
    def max_receives(self) -> int | None:
        """``None``: dead-letter handling is off."""
        config = self.attributes.get("DeadLetterConfiguration") or {}
        if config.get("TargetType") == "NONE":
            return None
        return int(config.get("MaxReceiveCount") or DEFAULT_MAX_RECEIVES)

    def description(self) -> dict[str, Any]:
        attributes = {
            "VisibilityTimeoutSeconds": self.visibility_s,
            "DeadLetterConfiguration": {"TargetType": "NONE"}
            if self.max_receives is None
            else {"TargetType": "BUILT_IN", "MaxReceiveCount": self.max_receives},
        }
        return {
            "QueueName": self.name,
            "QueueARN": self.arn,
            "QueueStatus": "ACTIVE",
            "QueueCreationTimestamp": self.created,
            "StreamConfigurationList": [dict(s) for s in self.streams],
            "QueueAttributes": attributes,
        }


def _invalid_handle(handle: str) -> dict[str, str]:
    return {"ReceiptHandle": handle, "ErrorCode": "ReceiptHandleIsInvalid", "ErrorMessage": f"The receipt handle {handle} is not valid."}


class Queues(KinesisBase):
    def _queue(self, arn: str) -> Queue:
        owner, _ = self._owner(arn)
        queue = owner.queues.get(arn)
        if not isinstance(queue, Queue):
            raise ServiceError("ResourceNotFoundException", f"Queue {arn} under account {owner.account_id} not found.")
        return queue

    def create_queue(
        self,
        QueueName: str,
        StreamConfigurationList: list[dict[str, Any]],
        QueueAttributes: dict[str, Any] | None = None,
        Tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        arn = self._arn(f"queue/{QueueName}")
        if arn in self.queues:
            raise ServiceError("ResourceInUseException", f"Queue {QueueName} under account {self.account_id} already exists.")
        streams: list[tuple[Stream, dict[str, Any]]] = []
        for config in StreamConfigurationList:
            owner, stream = self._locate(None, config["StreamARN"])
            if stream.mode != "ON_DEMAND":
                raise ServiceError("InvalidArgumentException", f"Queues are supported only on ON_DEMAND streams: {stream.arn} is PROVISIONED.")
            if len(stream.stream_consumers) + owner._queues_on(stream.arn) >= MAX_CONSUMERS:
                raise ServiceError("LimitExceededException", f"Stream {stream.name} under account {owner.account_id} has reached its limit of {MAX_CONSUMERS} consumers.")
            streams.append((stream, config))
        self._check_tags(Tags or {})
        queue = Queue(QueueName, arn, clock.now(), [], dict(QueueAttributes or {}), dict(Tags or {}))
        now_ms = clock.epoch_ms()
        for stream, config in streams:
            position = config.get("StartingPosition") or {"Type": "LATEST"}
            queue.streams.append({"StreamARN": stream.arn, "StartingPosition": position})
            for shard in stream.shards:
                if position["Type"] == "TRIM_HORIZON" or not shard.records:
                    after = 0
                elif position["Type"] == "LATEST":
                    after = shard.records[-1].sequence
                else:
                    at_ms = int(position["Timestamp"].timestamp() * 1000) if position.get("Timestamp") else now_ms
                    earlier = [r.sequence for r in shard.records if r.arrival_ms < at_ms]
                    after = earlier[-1] if earlier else 0
                queue.cursors[(stream.arn, shard.id)] = after
        self.queues[arn] = queue
        return {"QueueDescription": {**queue.description(), "QueueStatus": "CREATING"}}

    def describe_queue(self, QueueARN: str) -> dict[str, Any]:
        return {"QueueDescription": self._queue(QueueARN).description()}

    def update_queue(self, QueueARN: str, QueueAttributes: dict[str, Any]) -> dict[str, Any]:
        queue = self._queue(QueueARN)
        queue.attributes.update(QueueAttributes)
        return {"QueueDescription": queue.description()}

    def delete_queue(self, QueueARN: str) -> None:
        queue = self._queue(QueueARN)
        owner, _ = self._owner(QueueARN)
        del owner.queues[queue.arn]

    def list_queues(
        self, MaxResults: int | None = None, NextToken: str | None = None, StreamFilter: list[dict[str, Any]] | None = None
    ) -> dict[str, Any]:
        queues = [q for q in self.queues.values() if isinstance(q, Queue)]
        if StreamFilter:
            wanted = {f["StreamARN"] for f in StreamFilter}
            queues = [q for q in queues if wanted & set(q.stream_arns)]
        try:
            page, token = pagination.page(queues, NextToken, MaxResults or DEFAULT_LIST_QUEUES)
        except pagination.InvalidToken:
            raise ServiceError("InvalidArgumentException", f"Invalid NextToken: {NextToken}") from None
        summaries = []
        for queue in page:
            streams = []
            for arn in queue.stream_arns:
                owner, arn_parts = self._owner(arn)
                stream = owner.streams.get(arn_parts.resource.split("/", 1)[1])
                streams.append({"StreamARN": arn, **({"StreamCreationTimestamp": stream.created} if stream is not None else {})})
            summaries.append(
                {"QueueName": queue.name, "QueueARN": queue.arn, "QueueStatus": "ACTIVE", "QueueCreationTimestamp": queue.created, "Streams": streams}
            )
        return {"QueueSummaries": summaries, "NextToken": token}

    # -- delivering ---------------------------------------------------------------------

    def _pull(self, queue: Queue, now_ms: int) -> None:
        """Take what arrived on the queue's streams since; forget what is past its
        stream's retention period."""
        for arn in queue.stream_arns:
            owner, parts = self._owner(arn)
            stream = owner.streams.get(parts.resource.split("/", 1)[1])
            if stream is None:
                continue
            stream.trim(now_ms)
            cutoff = now_ms - stream.retention_ms
            for sequence in [s for s, d in queue.deliveries.items() if d.stream_arn == arn and d.record.arrival_ms < cutoff]:
                del queue.deliveries[sequence]
            for shard in stream.shards:
                after = queue.cursors.get((arn, shard.id), 0)
                fresh = [r for r in shard.records if r.sequence > after]
                for record in fresh:
                    queue.deliveries[record.sequence] = Delivery(record, arn)
                if fresh:
                    queue.cursors[(arn, shard.id)] = fresh[-1].sequence
        queue.deliveries = dict(sorted(queue.deliveries.items(), key=lambda item: (item[1].record.arrival_ms, item[0])))

    def _receive_from(self, queue: Queue, dead: bool, limit: int | None, timeout: int | None) -> dict[str, Any]:
        now_ms = clock.epoch_ms()
        self._pull(queue, now_ms)
        most = queue.max_receives
        out: list[dict[str, Any]] = []
        for delivery in queue.deliveries.values():
            if delivery.visible_ms > now_ms:
                continue
            if not delivery.dead and most is not None and delivery.receives >= most:
                delivery.dead, delivery.handle, delivery.visible_ms = True, None, 0
            if delivery.dead != dead:
                continue
            if len(out) >= (limit or DEFAULT_RECEIVE_LIMIT):
                break
            delivery.receives += 1
            if delivery.first_receive is None:
                delivery.first_receive = clock.now()
            delivery.handle = ids.hex32() + ids.hex32()
            delivery.visible_ms = now_ms + (queue.visibility_s if timeout is None else timeout) * 1000
            record = delivery.record
            entry: dict[str, Any] = {
                "ReceiptHandle": delivery.handle,
                "RecordId": str(record.sequence),
                "PartitionKey": record.partition_key,
                "Data": record.data,
                "ApproximateArrivalTimestamp": record.arrival,
                "FirstReceiveTimestamp": delivery.first_receive,
                "ReceiveCount": delivery.receives,
            }
            out.append(entry)
        return {"QueueRecords": out}

    def _by_handle(self, queue: Queue, dead: bool) -> dict[str, Delivery]:
        now_ms = clock.epoch_ms()
        return {
            d.handle: d for d in queue.deliveries.values() if d.handle is not None and d.dead == dead and d.visible_ms > now_ms
        }

    def _each(self, queue: Queue, dead: bool, entries: list[dict[str, Any]], act: Any) -> dict[str, Any]:
        found = self._by_handle(queue, dead)
        ok: list[dict[str, str]] = []
        failed: list[dict[str, str]] = []
        for entry in entries:
            handle = entry["ReceiptHandle"]
            delivery = found.get(handle)
            if delivery is None:
                failed.append(_invalid_handle(handle))
                continue
            act(delivery, entry)
            ok.append({"ReceiptHandle": handle})
        return {"Successful": ok, "Failed": failed}

    def receive_queue_records(
        self, QueueARN: str, Limit: int | None = None, WaitTimeSeconds: int | None = None, VisibilityTimeoutSeconds: int | None = None
    ) -> dict[str, Any]:
        return self._receive_from(self._queue(QueueARN), False, Limit, VisibilityTimeoutSeconds)

    def receive_dead_letter_queue_records(
        self, QueueARN: str, Limit: int | None = None, WaitTimeSeconds: int | None = None, VisibilityTimeoutSeconds: int | None = None
    ) -> dict[str, Any]:
        return self._receive_from(self._queue(QueueARN), True, Limit, VisibilityTimeoutSeconds)

    def _acknowledge(self, QueueARN: str, Entries: list[dict[str, Any]], dead: bool) -> dict[str, Any]:
        queue = self._queue(QueueARN)
        return self._each(queue, dead, Entries, lambda d, _: queue.deliveries.pop(d.record.sequence, None))

    def acknowledge_queue_records(self, QueueARN: str, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        return self._acknowledge(QueueARN, Entries, False)

    def acknowledge_dead_letter_queue_records(self, QueueARN: str, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        return self._acknowledge(QueueARN, Entries, True)

    def _visibility(self, QueueARN: str, Entries: list[dict[str, Any]], dead: bool) -> dict[str, Any]:
        now_ms = clock.epoch_ms()

        def change(delivery: Delivery, entry: dict[str, Any]) -> None:
            delivery.visible_ms = now_ms + int(entry["VisibilityTimeoutSeconds"]) * 1000

        return self._each(self._queue(QueueARN), dead, Entries, change)

    def update_queue_records_visibility(self, QueueARN: str, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        return self._visibility(QueueARN, Entries, False)

    def update_dead_letter_queue_records_visibility(self, QueueARN: str, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        return self._visibility(QueueARN, Entries, True)

    def restore_dead_letter_queue_records(self, QueueARN: str, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        def restore(delivery: Delivery, entry: dict[str, Any]) -> None:
            delivery.dead, delivery.receives, delivery.handle, delivery.visible_ms = False, 0, None, 0

        return self._each(self._queue(QueueARN), True, Entries, restore)
