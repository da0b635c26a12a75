"""Amazon Kinesis Data Streams: streams, shards, records, shard iterators.

Small but real: records are hashed to shards as AWS does (the MD5 of the partition key,
or the explicit hash key, read as a 128-bit integer, falls in one shard's hash-key
range), sequence numbers increase, iterators are positions in a shard that expire after
five minutes on the clock. Streams are ACTIVE as soon as they are created and gone as
soon as they are deleted. Other services deliver into a stream with
:meth:`KinesisBackend._deliver`, not through boto3.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from eventmock.core import arns, clock, ids, pagination
from eventmock.core.arns import Arn
from eventmock.core import tags as tags_
from eventmock.core.backend import Backend
from eventmock.core.targets import Message
from eventmock.core.errors import ServiceError

HASH_SPACE = 1 << 128
ON_DEMAND_SHARDS = 4
RETENTION_HOURS = 24
RETENTION_MS = RETENTION_HOURS * 3_600_000
#: The account's shard quota in a region: 500 in US East (N. Virginia), US West
#: (Oregon) and Europe (Ireland), 200 elsewhere (AWS's documented defaults).
LARGE_SHARD_QUOTA_REGIONS = frozenset({"us-east-1", "us-west-2", "eu-west-1"})
ITERATOR_TTL_MS = 300_000
DEFAULT_GET_RECORDS_LIMIT = 10_000
DEFAULT_LIST_SHARDS = 1_000
DEFAULT_LIST_STREAMS = 100
#: Sequence numbers are 56-digit decimal strings, as AWS's are.
SEQUENCE_BASE = 49_600_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000


class Record:
    """One stored record. Slots, an int timestamp and the sequence number kept as its
    distance from ``SEQUENCE_BASE`` (a small int, 32 bytes less than the 56-digit one)
    keep a stored record small."""

    __slots__ = ("_sequence_offset", "arrival_ms", "data", "partition_key")

    def __init__(self, sequence: int, arrival_ms: int, data: bytes, partition_key: str) -> None:
        self._sequence_offset = sequence - SEQUENCE_BASE
        self.arrival_ms = arrival_ms
        self.data = data
        self.partition_key = partition_key

    @property
    def sequence(self) -> int:
        return SEQUENCE_BASE + self._sequence_offset

    @property
    def arrival(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.arrival_ms / 1000, clock.UTC)

    def response(self) -> dict[str, Any]:
        return {
            "SequenceNumber": str(self.sequence),
            "ApproximateArrivalTimestamp": self.arrival,
            "Data": self.data,
            "PartitionKey": self.partition_key,
        }


@dataclass
class Shard:
    id: str
    start_hash: int
    end_hash: int
    starting_sequence: int
    #: The records within the retention period, oldest first.
    records: list[Record] = field(default_factory=list)
    #: How many records have been trimmed off the front: ``records[0]``'s position in
    #: the shard. Iterators hold positions in the shard, so they survive a trim.
    trimmed: int = 0

    def trim(self, now_ms: int) -> None:
        """Forget the records older than the retention period (24 hours), as AWS
        does; checked on every write and read, so a test that moves the clock sees
        them go."""
        records = self.records
        cutoff = now_ms - RETENTION_MS
        if records and records[0].arrival_ms < cutoff:
            expired = bisect.bisect_left(records, cutoff, key=lambda r: r.arrival_ms)
            del records[:expired]
            self.trimmed += expired

    def description(self) -> dict[str, Any]:
        return {
            "ShardId": self.id,
            "HashKeyRange": {"StartingHashKey": str(self.start_hash), "EndingHashKey": str(self.end_hash)},
            "SequenceNumberRange": {"StartingSequenceNumber": str(self.starting_sequence)},
        }


@dataclass
class Stream:
    name: str
    arn: str
    mode: str
    created: dt.datetime
    shards: list[Shard]
    tags: dict[str, str]
    #: Who reads the stream (event source mappings, pipes: ``services.consumers``),
    #: told of each record that arrives.
    consumers: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [s.start_hash for s in self.shards]

    def shard_for(self, hash_key: int) -> Shard:
        return self.shards[bisect.bisect_right(self._starts, hash_key) - 1]

    def shard(self, shard_id: str) -> Shard | None:
        return next((s for s in self.shards if s.id == shard_id), None)


def _missing_partition_key(path: str) -> ServiceError:
    """Newer models make PartitionKey optional (for streams whose record distribution
    is AUTO, which eventmock does not emulate); every stream here needs one."""
    return ServiceError(
        "ValidationException",
        f"1 validation error detected: Value null at '{path}' failed to satisfy constraint: Member must not be null",
        status=400,
    )


class KinesisBackend(Backend):
    service = "kinesis"
    view = "eventmock.services.kinesis.inspect:KinesisView"
    constraint_error = "ValidationException"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.streams: dict[str, Stream] = {}
        self._sequence = SEQUENCE_BASE

    # -- helpers ------------------------------------------------------------------

    def _not_found(self, name: str) -> ServiceError:
        return ServiceError("ResourceNotFoundException", f"Stream {name} under account {self.account_id} not found.")

    def _locate(self, StreamName: str | None, StreamARN: str | None) -> tuple[KinesisBackend, Stream]:
        """The stream a call names, by name or by ARN, and the backend that holds it
        (an ARN may name another account's or region's stream)."""
        if StreamARN is not None:
            arn = arns.parse(StreamARN)
            assert arn is not None  # the model's pattern has been checked
            owner = self.store.backend("kinesis", arn.account, arn.region)
            assert isinstance(owner, KinesisBackend)
            name = arn.resource.split("/", 1)[1]
            if StreamName is not None and StreamName != name:
                raise ServiceError("InvalidArgumentException", "StreamName and StreamARN do not refer to the same stream.")
        elif StreamName is not None:
            owner, name = self, StreamName
        else:
            raise ServiceError("ValidationException", "Either StreamName or StreamARN should be provided.", status=400)
        stream = owner.streams.get(name)
        if stream is None:
            raise owner._not_found(name)
        return owner, stream

    def _stream(self, StreamName: str | None, StreamARN: str | None) -> Stream:
        return self._locate(StreamName, StreamARN)[1]

    def _next_sequence(self) -> int:
        self._sequence += 1
        return self._sequence

    def _append(self, stream: Stream, data: bytes, partition_key: str, explicit_hash_key: str | None) -> tuple[Shard, Record]:
        if explicit_hash_key is not None:
            hash_key = int(explicit_hash_key)
        else:
            hash_key = int.from_bytes(hashlib.md5(partition_key.encode("utf-8", "replace")).digest(), "big")
        shard = stream.shard_for(hash_key)
        now_ms = int(clock.now().timestamp() * 1000)
        shard.trim(now_ms)
        record = Record(self._next_sequence(), now_ms, data, partition_key)
        shard.records.append(record)
        if stream.consumers:
            for consumer in stream.consumers:
                consumer.arrived(now_ms)
        return shard, record

    @staticmethod
    def _check_explicit_hash_key(value: str | None) -> None:
        if value is not None and int(value) >= HASH_SPACE:
            raise ServiceError(
                "InvalidArgumentException",
                f"Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was {value}",
            )

    def _receive(self, arn: Arn, message: Message) -> tuple[str, str]:
        """A delivery to the stream ``arn`` names (:func:`eventmock.core.targets.deliver`):
        one record; its shard id and sequence number."""
        return self._deliver(str(arn), message.data, message.partition_key or ids.uuid4())

    def _deliver(self, stream_arn: str, data: bytes, partition_key: str) -> tuple[str, str]:
        """Write one record into the stream named by ``stream_arn`` (for services that
        deliver into Kinesis). Raises ``ServiceError`` if the stream does not exist."""
        owner, stream = self._locate(None, stream_arn)
        shard, record = owner._append(stream, data, partition_key, None)
        return shard.id, str(record.sequence)

    # -- streams ------------------------------------------------------------------

    def create_stream(
        self,
        StreamName: str,
        ShardCount: int | None = None,
        StreamModeDetails: dict[str, str] | None = None,
        Tags: dict[str, str] | None = None,
    ) -> None:
        mode = (StreamModeDetails or {}).get("StreamMode") or ("PROVISIONED" if ShardCount is not None else "ON_DEMAND")
        if mode == "ON_DEMAND" and ShardCount is not None:
            raise ServiceError("InvalidArgumentException", "ShardCount cannot be specified when StreamMode is ON_DEMAND.")
        if mode == "PROVISIONED" and ShardCount is None:
            raise ServiceError("InvalidArgumentException", "ShardCount is required when StreamMode is PROVISIONED.")
        if StreamName in self.streams:
            raise ServiceError("ResourceInUseException", f"Stream {StreamName} under account {self.account_id} already exists.")
        count = ShardCount if ShardCount is not None else ON_DEMAND_SHARDS
        self._check_shard_quota(count)
        self._check_tags(Tags or {})
        width = HASH_SPACE // count
        shards = []
        for i in range(count):
            end = HASH_SPACE - 1 if i == count - 1 else (i + 1) * width - 1
            shards.append(Shard(f"shardId-{i:012d}", i * width, end, self._next_sequence()))
        self.streams[StreamName] = Stream(
            StreamName, self._arn(f"stream/{StreamName}"), mode, clock.now(), shards, dict(Tags or {})
        )

    def shard_quota(self) -> int:
        """The account's shard quota in this region."""
        return 500 if self.region in LARGE_SHARD_QUOTA_REGIONS else 200

    def _check_shard_quota(self, more: int) -> None:
        current = sum(len(s.shards) for s in self.streams.values())
        limit = self.shard_quota()
        if current + more > limit:
            raise ServiceError(
                "LimitExceededException",
                f"This request would exceed the shard limit for the account {self.account_id} in {self.region}. "
                f"Current shard count for the account: {current}. Limit: {limit}. "
                f"Number of additional shards that would have resulted from this request: {more}. "
                "Refer to the AWS Service Limits page (https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) "
                "for current limits and how to request higher limits.",
            )

    @staticmethod
    def _check_tags(tags: dict[str, str]) -> None:
        if len(tags) > tags_.MAX_TAGS:
            raise ServiceError("InvalidArgumentException", f"Failed to add tags to stream. A stream can have at most {tags_.MAX_TAGS} tags.")
        reserved = tags_.reserved_key(tags)
        if reserved is not None:
            raise ServiceError("InvalidArgumentException", f"Tag keys starting with 'aws:' are reserved for AWS use: {reserved}")

    def _summary(self, stream: Stream) -> dict[str, Any]:
        return {
            "StreamName": stream.name,
            "StreamARN": stream.arn,
            "StreamStatus": "ACTIVE",
            "StreamModeDetails": {"StreamMode": stream.mode},
            "StreamCreationTimestamp": stream.created,
        }

    def describe_stream(
        self,
        StreamName: str | None = None,
        Limit: int | None = None,
        ExclusiveStartShardId: str | None = None,
        StreamARN: str | None = None,
    ) -> dict[str, Any]:
        stream = self._stream(StreamName, StreamARN)
        shards = stream.shards
        if ExclusiveStartShardId is not None:
            shards = [s for s in shards if s.id > ExclusiveStartShardId]
        limit = Limit or 100
        return {
            "StreamDescription": {
                **self._summary(stream),
                "Shards": [s.description() for s in shards[:limit]],
                "HasMoreShards": len(shards) > limit,
                "RetentionPeriodHours": RETENTION_HOURS,
                "EnhancedMonitoring": [{"ShardLevelMetrics": []}],
                "EncryptionType": "NONE",
            }
        }

    def describe_stream_summary(self, StreamName: str | None = None, StreamARN: str | None = None) -> dict[str, Any]:
        stream = self._stream(StreamName, StreamARN)
        return {
            "StreamDescriptionSummary": {
                **self._summary(stream),
                "RetentionPeriodHours": RETENTION_HOURS,
                "EnhancedMonitoring": [{"ShardLevelMetrics": []}],
                "EncryptionType": "NONE",
                "OpenShardCount": len(stream.shards),
                "ConsumerCount": 0,
            }
        }

    def list_streams(
        self, Limit: int | None = None, ExclusiveStartStreamName: str | None = None, NextToken: str | None = None
    ) -> dict[str, Any]:
        names = sorted(self.streams)
        if ExclusiveStartStreamName is not None:
            names = [n for n in names if n > ExclusiveStartStreamName]
        try:
            page, token = pagination.page(names, NextToken, Limit or DEFAULT_LIST_STREAMS)
        except pagination.InvalidToken:
            raise ServiceError("InvalidArgumentException", f"Invalid NextToken: {NextToken}") from None
        return {
            "StreamNames": page,
            "HasMoreStreams": token is not None,
            "NextToken": token,
            "StreamSummaries": [self._summary(self.streams[n]) for n in page],
        }

    def list_shards(
        self,
        StreamName: str | None = None,
        NextToken: str | None = None,
        ExclusiveStartShardId: str | None = None,
        MaxResults: int | None = None,
        StreamCreationTimestamp: dt.datetime | None = None,
        StreamARN: str | None = None,
    ) -> dict[str, Any]:
        if NextToken is not None:
            if StreamName is not None or StreamARN is not None or ExclusiveStartShardId is not None:
                raise ServiceError(
                    "InvalidArgumentException", "NextToken and StreamName/StreamARN/ExclusiveStartShardId cannot be provided together."
                )
            try:
                name, _, offset = base64.urlsafe_b64decode(NextToken.encode()).decode().rpartition("|")
            except (binascii.Error, UnicodeError):
                raise ServiceError("InvalidArgumentException", f"Invalid NextToken: {NextToken}") from None
            stream, inner = self._stream(name, None), offset
        else:
            stream, inner = self._stream(StreamName, StreamARN), None
        shards = stream.shards
        if ExclusiveStartShardId is not None:
            shards = [s for s in shards if s.id > ExclusiveStartShardId]
        try:
            page, token = pagination.page(shards, inner or None, MaxResults or DEFAULT_LIST_SHARDS)
        except pagination.InvalidToken:
            raise ServiceError("InvalidArgumentException", f"Invalid NextToken: {NextToken}") from None
        next_token = base64.urlsafe_b64encode(f"{stream.name}|{token}".encode()).decode() if token else None
        return {"Shards": [s.description() for s in page], "NextToken": next_token}

    def delete_stream(
        self, StreamName: str | None = None, EnforceConsumerDeletion: bool | None = None, StreamARN: str | None = None
    ) -> None:
        owner, stream = self._locate(StreamName, StreamARN)
        del owner.streams[stream.name]

    # -- records ------------------------------------------------------------------

    def put_record(
        self,
        Data: bytes,
        PartitionKey: str | None = None,
        StreamName: str | None = None,
        ExplicitHashKey: str | None = None,
        SequenceNumberForOrdering: str | None = None,
        StreamARN: str | None = None,
    ) -> dict[str, Any]:
        owner, stream = self._locate(StreamName, StreamARN)
        self._check_explicit_hash_key(ExplicitHashKey)
        if PartitionKey is None:
            raise _missing_partition_key("partitionKey")
        shard, record = owner._append(stream, Data, PartitionKey, ExplicitHashKey)
        return {"ShardId": shard.id, "SequenceNumber": str(record.sequence)}

    def put_records(self, Records: list[dict[str, Any]], StreamName: str | None = None, StreamARN: str | None = None) -> dict[str, Any]:
        owner, stream = self._locate(StreamName, StreamARN)
        for i, entry in enumerate(Records, 1):
            self._check_explicit_hash_key(entry.get("ExplicitHashKey"))
            if entry.get("PartitionKey") is None:
                raise _missing_partition_key(f"records.{i}.member.partitionKey")
        results = []
        for entry in Records:
            shard, record = owner._append(stream, entry["Data"], entry["PartitionKey"], entry.get("ExplicitHashKey"))
            results.append({"SequenceNumber": str(record.sequence), "ShardId": shard.id})
        return {"FailedRecordCount": 0, "Records": results}

    # -- reading ------------------------------------------------------------------

    def get_shard_iterator(
        self,
        ShardId: str,
        ShardIteratorType: str,
        StreamName: str | None = None,
        StartingSequenceNumber: str | None = None,
        Timestamp: dt.datetime | None = None,
        StreamARN: str | None = None,
    ) -> dict[str, Any]:
        stream = self._stream(StreamName, StreamARN)
        shard = stream.shard(ShardId)
        if shard is None:
            raise ServiceError(
                "ResourceNotFoundException", f"Shard {ShardId} in stream {stream.name} under account {self.account_id} does not exist"
            )
        shard.trim(int(clock.now().timestamp() * 1000))
        records = shard.records
        if ShardIteratorType == "TRIM_HORIZON":
            position = 0
        elif ShardIteratorType == "LATEST":
            position = len(records)
        elif ShardIteratorType == "AT_TIMESTAMP":
            if Timestamp is None:
                raise ServiceError("InvalidArgumentException", "Must specify timestamp for AT_TIMESTAMP ShardIteratorType.")
            at_ms = int(Timestamp.timestamp() * 1000)
            position = next((i for i, r in enumerate(records) if r.arrival_ms >= at_ms), len(records))
        else:
            if StartingSequenceNumber is None:
                raise ServiceError(
                    "InvalidArgumentException", f"Must specify StartingSequenceNumber for {ShardIteratorType} ShardIteratorType."
                )
            sequence = int(StartingSequenceNumber)
            if ShardIteratorType == "AT_SEQUENCE_NUMBER":
                position = next((i for i, r in enumerate(records) if r.sequence >= sequence), len(records))
            else:
                position = next((i for i, r in enumerate(records) if r.sequence > sequence), len(records))
        return {"ShardIterator": self._iterator(stream, shard, shard.trimmed + position)}

    @staticmethod
    def _iterator(stream: Stream, shard: Shard, position: int) -> str:
        issued = int(clock.now().timestamp() * 1000)
        return base64.b64encode(f"{stream.arn}|{shard.id}|{position}|{issued}".encode()).decode()

    def get_records(self, ShardIterator: str, Limit: int | None = None, StreamARN: str | None = None) -> dict[str, Any]:
        try:
            arn, shard_id, position_text, issued_text = base64.b64decode(ShardIterator, validate=True).decode().split("|")
            position, issued = int(position_text), int(issued_text)
        except (binascii.Error, UnicodeError, ValueError):
            raise ServiceError("InvalidArgumentException", f"Invalid ShardIterator: {ShardIterator}") from None
        now = int(clock.now().timestamp() * 1000)
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
        shard.trim(now)
        start = max(0, position - shard.trimmed)  # records trimmed since: read on from the oldest kept
        batch = shard.records[start : start + (Limit or DEFAULT_GET_RECORDS_LIMIT)]
        end = start + len(batch)
        behind = 0
        if end < len(shard.records):
            behind = max(0, now - shard.records[end].arrival_ms)
        return {
            "Records": [r.response() for r in batch],
            "NextShardIterator": self._iterator(stream, shard, shard.trimmed + end),
            "MillisBehindLatest": behind,
        }
