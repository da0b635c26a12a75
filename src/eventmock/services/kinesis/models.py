"""Kinesis Data Streams' state: streams, shards, records, stream consumers."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from eventmock.core import clock

HASH_SPACE = 1 << 128
ON_DEMAND_SHARDS = 4
DEFAULT_RETENTION_HOURS = 24
MIN_RETENTION_HOURS = 24
MAX_RETENTION_HOURS = 8760
#: A record's largest size (data plus partition key) unless the stream says otherwise
#: (``MaxRecordSizeInKiB``, 1024 to 10240).
DEFAULT_MAX_RECORD_KIB = 1024
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

    def response(self, encryption: str = "NONE") -> dict[str, Any]:
        out = {
            "SequenceNumber": str(self.sequence),
            "ApproximateArrivalTimestamp": self.arrival,
            "Data": self.data,
            "PartitionKey": self.partition_key,
        }
        if encryption != "NONE":
            out["EncryptionType"] = encryption
        return out


@dataclass
class Shard:
    id: str
    start_hash: int
    end_hash: int
    starting_sequence: int
    #: When the shard was made (ms since the epoch; the stream's creation for the first
    #: shards).
    created_ms: int = 0
    parent: str | None = None
    adjacent_parent: str | None = None
    #: Set when the shard is closed (split, merged, resharded): the last sequence
    #: number it can hold, and when it closed.
    ending_sequence: int | None = None
    closed_ms: int | None = None
    #: The shards a split or merge of this one made.
    children: list[str] = field(default_factory=list)
    #: The records within the retention period, oldest first.
    records: list[Record] = field(default_factory=list)
    #: How many records have been trimmed off the front: ``records[0]``'s position in
    #: the shard. Iterators hold positions in the shard, so they survive a trim.
    trimmed: int = 0

    @property
    def is_open(self) -> bool:
        return self.ending_sequence is None

    def trim(self, now_ms: int, retention_ms: int) -> None:
        """Forget the records older than the retention period, as AWS does; checked on
        every write and read, so a test that moves the clock sees them go."""
        records = self.records
        cutoff = now_ms - retention_ms
        if records and records[0].arrival_ms < cutoff:
            expired = bisect.bisect_left(records, cutoff, key=lambda r: r.arrival_ms)
            del records[:expired]
            self.trimmed += expired

    def hash_range(self) -> dict[str, str]:
        return {"StartingHashKey": str(self.start_hash), "EndingHashKey": str(self.end_hash)}

    def description(self) -> dict[str, Any]:
        sequences = {"StartingSequenceNumber": str(self.starting_sequence)}
        if self.ending_sequence is not None:
            sequences["EndingSequenceNumber"] = str(self.ending_sequence)
        out: dict[str, Any] = {"ShardId": self.id}
        if self.parent is not None:
            out["ParentShardId"] = self.parent
        if self.adjacent_parent is not None:
            out["AdjacentParentShardId"] = self.adjacent_parent
        out["HashKeyRange"] = self.hash_range()
        out["SequenceNumberRange"] = sequences
        return out


@dataclass
class StreamConsumer:
    """An enhanced fan-out consumer (``RegisterStreamConsumer``)."""

    name: str
    arn: str
    stream_arn: str
    created: dt.datetime
    tags: dict[str, str] = field(default_factory=dict)
    policy: str | None = None
    #: Shard id -> when a subscription to it last began (ms on the mock's clock).
    subscribed_ms: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        return {"ConsumerName": self.name, "ConsumerARN": self.arn, "ConsumerStatus": "ACTIVE", "ConsumerCreationTimestamp": self.created}


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
    #: Enhanced fan-out consumers, by name, in registration order.
    stream_consumers: dict[str, StreamConsumer] = field(default_factory=dict)
    retention_hours: int = DEFAULT_RETENTION_HOURS
    encryption: str = "NONE"
    key_id: str | None = None
    metrics: list[str] = field(default_factory=list)
    max_record_kib: int = DEFAULT_MAX_RECORD_KIB
    #: ``WarmThroughputMiBps`` asked for (ON_DEMAND streams); ``None``: never set.
    warm_throughput: int | None = None
    #: ``RecordDistributionStrategy``; ``None``: never set.
    distribution: str | None = None
    policy: str | None = None
    #: The stream id AWS gives each stream (``StreamId``), 20 characters, a dash, 3.
    id: str = ""

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        """Index the open shards by hash key (after a reshard)."""
        self._open = sorted((s for s in self.shards if s.is_open), key=lambda s: s.start_hash)
        self._starts = [s.start_hash for s in self._open]

    @property
    def open_shards(self) -> list[Shard]:
        return self._open

    @property
    def retention_ms(self) -> int:
        return self.retention_hours * 3_600_000

    def shard_for(self, hash_key: int) -> Shard:
        return self._open[bisect.bisect_right(self._starts, hash_key) - 1]

    def shard(self, shard_id: str) -> Shard | None:
        return next((s for s in self.shards if s.id == shard_id), None)

    def live_shards(self, now_ms: int) -> list[Shard]:
        """The shards a description lists: open ones, and closed ones until their last
        record is past the retention period (then AWS forgets them)."""
        cutoff = now_ms - self.retention_ms
        return [s for s in self.shards if s.closed_ms is None or s.closed_ms >= cutoff]

    def trim(self, now_ms: int) -> None:
        for shard in self.shards:
            shard.trim(now_ms, self.retention_ms)
