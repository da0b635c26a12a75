"""Enhanced fan-out consumers (``RegisterStreamConsumer`` and its twins) and
``SubscribeToShard``, whose answer is an event stream of ``SubscribeToShardEvent``s.

A consumer is ``ACTIVE`` as soon as it is registered (as a stream is as soon as it is
created); ``RegisterStreamConsumer`` itself answers ``CREATING``, as AWS does.

A subscription carries the records the shard holds from its starting position when it
is made, one event per :data:`EVENT_RECORDS` records (at least one event), and then
ends, as AWS's ends after five minutes: no wall time passes in the mock. Subscribe
again from the last event's ``ContinuationSequenceNumber`` to read on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from eventmock.core import clock, pagination
from eventmock.core.errors import ServiceError
from eventmock.services.kinesis.base import KinesisBase
from eventmock.services.kinesis.models import Stream, StreamConsumer
from eventmock.services.kinesis.queues import MAX_CONSUMERS
from eventmock.services.kinesis.records import child_shards, position_in

#: Records in one ``SubscribeToShardEvent``.
EVENT_RECORDS = 10_000
#: How soon after a subscription to a shard the same consumer may subscribe again.
RESUBSCRIBE_MS = 5_000
DEFAULT_LIST_CONSUMERS = 100


class Consumers(KinesisBase):
    def _consumer(self, StreamARN: str | None, ConsumerName: str | None, ConsumerARN: str | None) -> tuple[Stream, StreamConsumer]:
        if ConsumerARN is not None:
            if StreamARN is not None or ConsumerName is not None:
                raise ServiceError("InvalidArgumentException", "Either ConsumerARN or StreamARN and ConsumerName must be provided, not both.")
            stream_arn, _, rest = ConsumerARN.partition("/consumer/")
            name = rest.rsplit(":", 1)[0]
            owner, _ = self._owner(stream_arn)
            stream = owner.streams.get(stream_arn.split("/", 1)[1])
            consumer = stream.stream_consumers.get(name) if stream is not None else None
            if stream is None or consumer is None or consumer.arn != ConsumerARN:
                raise ServiceError("ResourceNotFoundException", f"Consumer {ConsumerARN}, account {owner.account_id} not found.")
            return stream, consumer
        if StreamARN is None or ConsumerName is None:
            raise ServiceError("InvalidArgumentException", "Either ConsumerARN or StreamARN and ConsumerName must be provided.")
        owner, stream = self._locate(None, StreamARN)
        found = stream.stream_consumers.get(ConsumerName)
        if found is None:
            raise ServiceError(
                "ResourceNotFoundException", f"Consumer {ConsumerName}, stream {StreamARN}, account {owner.account_id} not found."
            )
        return stream, found

    def register_stream_consumer(
        self, StreamARN: str, ConsumerName: str, StreamId: str | None = None, Tags: dict[str, str] | None = None
    ) -> dict[str, Any]:
        owner, stream = self._locate(None, StreamARN)
        if ConsumerName in stream.stream_consumers:
            raise ServiceError(
                "ResourceInUseException", f"Consumer {ConsumerName} under stream {stream.name} already exists for account {owner.account_id}."
            )
        if len(stream.stream_consumers) + owner._queues_on(stream.arn) >= MAX_CONSUMERS:
            raise ServiceError(
                "LimitExceededException", f"Stream {stream.name} under account {owner.account_id} has reached its limit of {MAX_CONSUMERS} consumers."
            )
        self._check_tags(Tags or {})
        created = clock.now()
        consumer = StreamConsumer(
            ConsumerName, f"{stream.arn}/consumer/{ConsumerName}:{int(created.timestamp())}", stream.arn, created, dict(Tags or {})
        )
        stream.stream_consumers[ConsumerName] = consumer
        return {"Consumer": {**consumer.summary(), "ConsumerStatus": "CREATING"}}

    def deregister_stream_consumer(
        self,
        StreamARN: str | None = None,
        ConsumerName: str | None = None,
        ConsumerARN: str | None = None,
        StreamId: str | None = None,
    ) -> None:
        stream, consumer = self._consumer(StreamARN, ConsumerName, ConsumerARN)
        del stream.stream_consumers[consumer.name]

    def describe_stream_consumer(
        self,
        StreamARN: str | None = None,
        ConsumerName: str | None = None,
        ConsumerARN: str | None = None,
        StreamId: str | None = None,
    ) -> dict[str, Any]:
        stream, consumer = self._consumer(StreamARN, ConsumerName, ConsumerARN)
        return {"ConsumerDescription": {**consumer.summary(), "StreamARN": stream.arn}}

    def list_stream_consumers(
        self,
        StreamARN: str,
        NextToken: str | None = None,
        MaxResults: int | None = None,
        StreamCreationTimestamp: dt.datetime | None = None,
        StreamId: str | None = None,
    ) -> dict[str, Any]:
        stream = self._stream(None, StreamARN)
        consumers = list(stream.stream_consumers.values())
        try:
            page, token = pagination.page(consumers, NextToken, MaxResults or DEFAULT_LIST_CONSUMERS)
        except pagination.InvalidToken:
            raise ServiceError("InvalidArgumentException", f"Invalid NextToken: {NextToken}") from None
        return {"Consumers": [c.summary() for c in page], "NextToken": token}

    def subscribe_to_shard(
        self,
        ConsumerARN: str,
        ShardId: str,
        StartingPosition: dict[str, Any],
        StreamId: str | None = None,
        DryRun: bool | None = None,
    ) -> dict[str, Any]:
        stream, consumer = self._consumer(None, None, ConsumerARN)
        shard = stream.shard(ShardId)
        if shard is None:
            raise ServiceError(
                "ResourceNotFoundException", f"Shard {ShardId} in stream {stream.name} under account {self.account_id} does not exist"
            )
        now = clock.epoch_ms()
        shard.trim(now, stream.retention_ms)
        position = position_in(shard, StartingPosition["Type"], StartingPosition.get("SequenceNumber"), StartingPosition.get("Timestamp"))
        last = consumer.subscribed_ms.get(ShardId)
        if last is not None and 0 <= now - last < RESUBSCRIBE_MS:
            raise ServiceError(
                "ResourceInUseException",
                f"Another active subscription exists for consumer {ConsumerARN} and shard {ShardId}; "
                f"subscribe again {RESUBSCRIBE_MS // 1000} seconds after the last subscription.",
            )
        if DryRun:
            raise ServiceError("DryRunOperationException", "Request would have succeeded, but DryRun flag is set.")
        consumer.subscribed_ms[ShardId] = now
        records = shard.records[max(0, position - shard.trimmed) :]
        events = []
        continuation = records[0].sequence - 1 if records else (shard.records[-1].sequence if shard.records else shard.starting_sequence)
        for start in range(0, max(len(records), 1), EVENT_RECORDS):
            batch = records[start : start + EVENT_RECORDS]
            if batch:
                continuation = batch[-1].sequence
            rest = records[start + len(batch) :]
            event: dict[str, Any] = {
                "Records": [r.response(stream.encryption) for r in batch],
                "ContinuationSequenceNumber": str(continuation),
                "MillisBehindLatest": max(0, now - rest[0].arrival_ms) if rest else 0,
            }
            if not shard.is_open and not rest:
                event["ChildShards"] = child_shards(stream, shard)
            events.append({"SubscribeToShardEvent": event})
        return {"EventStream": events}
