"""Records: writing (``PutRecord``, ``PutRecords``, deliveries from other services)
and reading (shard iterators, ``GetRecords``)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

from eventmock.core import clock, ids
from eventmock.core.arns import Arn
from eventmock.core.errors import ServiceError
from eventmock.core.targets import Message
from eventmock.services.kinesis.base import KinesisBase, validation_error
from eventmock.services.kinesis.models import HASH_SPACE, Record, Shard, Stream
from eventmock.services.kinesis.streams import model_has

ITERATOR_TTL_MS = 300_000
DEFAULT_GET_RECORDS_LIMIT = 10_000
#: A ``PutRecords`` request's records together (data and partition keys): 10 MiB, as
#: the API reference now says (it said 5 MiB before records could exceed 1 MiB).
PUT_RECORDS_MAX_BYTES = 10 * 1024 * 1024
ITERATOR_TYPES = frozenset({"AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"})


def _missing_partition_key(path: str) -> ServiceError:
    return validation_error(f"1 validation error detected: Value null at '{path}' failed to satisfy constraint: Member must not be null")


def _dry_run() -> ServiceError:
    return ServiceError("DryRunOperationException", "Request would have succeeded, but DryRun flag is set.")


def position_in(shard: Shard, kind: str, sequence: str | None, timestamp: dt.datetime | None) -> int:
    """Where a reader starting as ``kind`` says begins, as a position in ``shard``
    (``trimmed`` + index); shared by shard iterators and ``SubscribeToShard``."""
    records = shard.records
    if kind not in ITERATOR_TYPES:
        raise ServiceError("InvalidArgumentException", f"Invalid ShardIteratorType: {kind}")
    if kind == "TRIM_HORIZON":
        index = 0
    elif kind == "LATEST":
        index = len(records)
    elif kind == "AT_TIMESTAMP":
        if timestamp is None:
            raise ServiceError("InvalidArgumentException", "Must specify timestamp for AT_TIMESTAMP ShardIteratorType.")
        at_ms = int(timestamp.timestamp() * 1000)
        index = next((i for i, r in enumerate(records) if r.arrival_ms >= at_ms), len(records))
    else:
        if sequence is None:
            raise ServiceError("InvalidArgumentException", f"Must specify StartingSequenceNumber for {kind} ShardIteratorType.")
        number = int(sequence)
        if kind == "AT_SEQUENCE_NUMBER":
            index = next((i for i, r in enumerate(records) if r.sequence >= number), len(records))
        else:
            index = next((i for i, r in enumerate(records) if r.sequence > number), len(records))
    return shard.trimmed + index


def child_shards(stream: Stream, shard: Shard) -> list[dict[str, Any]]:
    """The shards a closed shard's split or merge made, as ``ChildShards`` lists them."""
    out = []
    for child_id in shard.children:
        child = stream.shard(child_id)
        if child is None:
            continue
        parents = [p for p in (child.parent, child.adjacent_parent) if p is not None]
        out.append({"ShardId": child.id, "ParentShards": parents, "HashKeyRange": child.hash_range()})
    return out


class RecordsIO(KinesisBase):
    # -- writing ------------------------------------------------------------------------

    @staticmethod
    def _check_explicit_hash_key(value: str | None) -> None:
        if value is not None and int(value) >= HASH_SPACE:
            raise ServiceError(
                "InvalidArgumentException",
                f"Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was {value}",
            )

    def _write(self, stream: Stream, data: bytes, partition_key: str | None, explicit: str | None) -> tuple[Shard, Record]:
        if stream.distribution == "AUTO":
            # AWS spreads records itself and ignores the keys: eventmock round-robins
            # the open shards (deterministic), keeping the key given (or a UUID).
            open_shards = stream.open_shards
            shard = open_shards[self._sequence % len(open_shards)]
            return self._append(stream, data, partition_key or ids.uuid4(), str(shard.start_hash))
        assert partition_key is not None
        return self._append(stream, data, partition_key, explicit)

    def put_record(
        self,
        Data: bytes,
        PartitionKey: str | None = None,
        StreamName: str | None = None,
        ExplicitHashKey: str | None = None,
        SequenceNumberForOrdering: str | None = None,
        StreamARN: str | None = None,
        StreamId: str | None = None,
        DryRun: bool | None = None,
    ) -> dict[str, Any]:
        owner, stream = self._locate(StreamName, StreamARN)
        assert isinstance(owner, RecordsIO)
        self._check_explicit_hash_key(ExplicitHashKey)
        if PartitionKey is None and stream.distribution != "AUTO":
            raise _missing_partition_key("partitionKey")
        self._check_record_size(stream, Data, PartitionKey, "data")
        if DryRun:
            raise _dry_run()
        shard, record = owner._write(stream, Data, PartitionKey, ExplicitHashKey)
        out = {"ShardId": shard.id, "SequenceNumber": str(record.sequence)}
        if stream.encryption != "NONE":
            out["EncryptionType"] = stream.encryption
        return out

    def put_records(
        self,
        Records: list[dict[str, Any]],
        StreamName: str | None = None,
        StreamARN: str | None = None,
        StreamId: str | None = None,
        DryRun: bool | None = None,
    ) -> dict[str, Any]:
        owner, stream = self._locate(StreamName, StreamARN)
        assert isinstance(owner, RecordsIO)
        total = sum(len(e["Data"]) + len((e.get("PartitionKey") or "").encode("utf-8", "replace")) for e in Records)
        if total > PUT_RECORDS_MAX_BYTES:
            raise ServiceError("InvalidArgumentException", f"Records size exceeds {PUT_RECORDS_MAX_BYTES >> 20} MB limit")
        too_large = []
        for i, entry in enumerate(Records, 1):
            self._check_explicit_hash_key(entry.get("ExplicitHashKey"))
            key = entry.get("PartitionKey")
            if key is None and stream.distribution != "AUTO":
                raise _missing_partition_key(f"records.{i}.member.partitionKey")
            problem = self._record_too_large(stream, entry["Data"], key, f"records.{i}.member.data")
            if problem is not None:
                too_large.append(problem)
        self._refuse(too_large)
        if DryRun:
            raise _dry_run()
        results = []
        for entry in Records:
            shard, record = owner._write(stream, entry["Data"], entry.get("PartitionKey"), entry.get("ExplicitHashKey"))
            results.append({"SequenceNumber": str(record.sequence), "ShardId": shard.id})
        out: dict[str, Any] = {"FailedRecordCount": 0, "Records": results}
        if stream.encryption != "NONE":
            out["EncryptionType"] = stream.encryption
        return out

    def _receive(self, arn: Arn, message: Message) -> tuple[str, str]:
        """A delivery to the stream ``arn`` names (:func:`eventmock.core.targets.deliver`):
        one record; its shard id and sequence number."""
        return self._deliver(str(arn), message.data, message.partition_key or ids.uuid4())

    def _deliver(self, stream_arn: str, data: bytes, partition_key: str) -> tuple[str, str]:
        """Write one record into the stream named by ``stream_arn`` (for services that
        deliver into Kinesis). Raises ``ServiceError`` if the stream does not exist,
        or if the record is larger than the stream's maximum record size."""
        owner, stream = self._locate(None, stream_arn)
        self._check_record_size(stream, data, partition_key, "data")
        shard, record = owner._append(stream, data, partition_key, None)
        return shard.id, str(record.sequence)

    # -- reading ------------------------------------------------------------------------

    def get_shard_iterator(
        self,
        ShardId: str,
        ShardIteratorType: str,
        StreamName: str | None = None,
        StartingSequenceNumber: str | None = None,
        Timestamp: dt.datetime | None = None,
        StreamARN: str | None = None,
        StreamId: str | None = None,
        DryRun: bool | None = None,
    ) -> dict[str, Any]:
        stream = self._stream(StreamName, StreamARN)
        shard = self._shard(stream, ShardId)
        shard.trim(clock.epoch_ms(), stream.retention_ms)
        position = position_in(shard, ShardIteratorType, StartingSequenceNumber, Timestamp)
        if DryRun:
            raise _dry_run()
        return {"ShardIterator": self._iterator(stream, shard, position)}

    @staticmethod
    def _iterator(stream: Stream, shard: Shard, position: int) -> str:
        issued = clock.epoch_ms()
        return base64.b64encode(f"{stream.arn}|{shard.id}|{position}|{issued}".encode()).decode()

    def get_records(
        self,
        ShardIterator: str,
        Limit: int | None = None,
        StreamARN: str | None = None,
        StreamId: str | None = None,
        DryRun: bool | None = None,
    ) -> dict[str, Any]:
        # AWS takes an iterator wrapped in double quotes (as some tools copy it) too
        text = ShardIterator[1:-1] if len(ShardIterator) > 1 and ShardIterator[0] == ShardIterator[-1] == '"' else ShardIterator
        try:
            arn, shard_id, position_text, issued_text = base64.b64decode(text, validate=True).decode().split("|")
            position, issued = int(position_text), int(issued_text)
        except (binascii.Error, UnicodeError, ValueError):
            raise ServiceError("InvalidArgumentException", f"Invalid ShardIterator: {ShardIterator}") from None
        now = clock.epoch_ms()
        if now - issued > ITERATOR_TTL_MS:
            raise ServiceError(
                "ExpiredIteratorException",
                f"Iterator expired. The iterator was created at time {clock.iso8601_millis(dt.datetime.fromtimestamp(issued / 1000, clock.UTC))} "
                f"while right now it is {clock.iso8601_millis(clock.now())} which is further in the future than the tolerated delay "
                f"of {ITERATOR_TTL_MS} milliseconds.",
            )
        stream = self._stream(None, arn)
        shard = stream.shard(shard_id)
        if shard is None:
            raise ServiceError("InvalidArgumentException", f"Invalid ShardIterator: {ShardIterator}")
        if DryRun:
            raise _dry_run()
        shard.trim(now, stream.retention_ms)
        start = max(0, position - shard.trimmed)  # records trimmed since: read on from the oldest kept
        batch = shard.records[start : start + (Limit or DEFAULT_GET_RECORDS_LIMIT)]
        end = start + len(batch)
        behind = 0
        if end < len(shard.records):
            behind = max(0, now - shard.records[end].arrival_ms)
        out: dict[str, Any] = {"Records": [r.response(stream.encryption) for r in batch], "MillisBehindLatest": behind}
        if not shard.is_open and end >= len(shard.records):
            # the end of a closed shard: no next iterator; the shards to read on from
            if model_has("GetRecordsOutput", "ChildShards"):
                out["ChildShards"] = child_shards(stream, shard)
        else:
            out["NextShardIterator"] = self._iterator(stream, shard, shard.trimmed + end)
        return out
