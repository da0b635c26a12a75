"""DynamoDB Streams sources, read from the mock underneath (moto).

eventmock has no DynamoDB of its own: a table's stream lives in the mock underneath,
which cannot tell eventmock when an item changes. So a stream that somebody consumes
(an event source mapping, a pipe) is mirrored here by a :class:`StreamMirror`, kept in
``store.pollers`` while it has consumers: before each call is answered (and in
``aws.run_due()``/``aws.advance``), the mirror asks the mock underneath for the
records added since it last asked (``dynamodbstreams`` ``GetRecords``, through
:func:`eventmock.core.targets.sdk_call`, in the stream ARN's account and region) and
wakes its consumers as a Kinesis stream does on arrival. From there on a DynamoDB
stream is read by the Kinesis code of the poller: positions per shard, retries,
bisection, the on-failure destination.

Cost: with no DynamoDB stream consumed, none (``store.pollers`` is empty); with one,
one ``GetRecords`` per shard per call, and nothing while none of its consumers runs.
The mirror keeps the records it read (as eventmock's Kinesis streams keep theirs).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventmock.core import arns, clock, targets, underneath

if TYPE_CHECKING:
    from eventmock.core.store import Store
    from eventmock.services.consumers.poller import Consumer

#: The resource of a stream ARN: ``table/{table}/stream/{label}``.
STREAM_RESOURCE = re.compile(r"table/[a-zA-Z0-9_.-]{3,255}/stream/[^/]+")
#: Records per ``GetRecords`` (DynamoDB Streams' most).
PAGE = 1000
#: What a record's ``dynamodb`` block carries, in this order.
_DYNAMODB_MEMBERS = (
    "ApproximateCreationDateTime",
    "Keys",
    "NewImage",
    "OldImage",
    "SequenceNumber",
    "SizeBytes",
    "StreamViewType",
)


def is_stream_arn(arn: str) -> bool:
    parsed = arns.parse(arn)
    return parsed is not None and parsed.service == "dynamodb" and STREAM_RESOURCE.fullmatch(parsed.resource) is not None


def available() -> bool:
    """Whether a mock underneath answers DynamoDB Streams now."""
    return underneath.answering("dynamodbstreams", "GetRecords") is not None


@dataclass
class Record:
    """One stream record: its sequence number, when eventmock read it (the mock's
    clock, ms), and the record as Lambda and Pipes give it."""

    sequence: int
    arrival_ms: int
    record: dict[str, Any]


@dataclass
class Shard:
    id: str
    records: list[Record] = field(default_factory=list)
    #: The mock underneath's iterator after the last record read.
    iterator: str | None = None


class StreamMirror:
    """What eventmock has read of one DynamoDB stream in the mock underneath (shaped
    as a Kinesis stream for the poller: ``arn``, ``shards``, ``consumers``)."""

    def __init__(self, store: Store, arn: str, shards: list[str]) -> None:
        self.store = store
        self.arn = arn
        parsed = arns.parse(arn)
        assert parsed is not None
        self.account, self.region = parsed.account, parsed.region
        self.shards = [Shard(s) for s in shards]
        self.consumers: list[Consumer] = []

    def _call(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        with self.store.inside():
            return targets.sdk_call(self.store, "dynamodbstreams", operation, params, self.account, self.region)

    def fetch(self) -> int:
        """Read what the stream added since the last read; how many records."""
        if not available():
            return 0
        now = clock.epoch_ms()
        count = 0
        for shard in self.shards:
            try:
                if shard.iterator is None:
                    shard.iterator = self._call(
                        "GetShardIterator", {"StreamArn": self.arn, "ShardId": shard.id, "ShardIteratorType": "TRIM_HORIZON"}
                    )["ShardIterator"]
                while shard.iterator is not None:
                    page = self._call("GetRecords", {"ShardIterator": shard.iterator, "Limit": PAGE})
                    shard.iterator = page.get("NextShardIterator")
                    records = page.get("Records") or []
                    last = shard.records[-1].sequence if shard.records else -1
                    for raw in records:
                        sequence = int(raw["dynamodb"]["SequenceNumber"])
                        if sequence > last:
                            shard.records.append(Record(sequence, now, self._record(raw)))
                            last = sequence
                            count += 1
                    if len(records) < PAGE:
                        break
            except targets.DeliveryError:
                continue  # the table or its stream is gone: nothing more to read
        return count

    def poll(self) -> None:
        """``store.pollers``' hook: read new records and wake the consumers."""
        if not any(c.attached and c.running() for c in self.consumers):
            return  # read once a consumer runs again
        self.refresh()

    def refresh(self) -> None:
        fresh = self.fetch()
        if fresh:
            now = clock.epoch_ms()
            for consumer in list(self.consumers):
                for _ in range(fresh):
                    consumer.arrived(now)

    def _record(self, raw: dict[str, Any]) -> dict[str, Any]:
        """A record of ``GetRecords`` as Lambda and Pipes give it."""
        block = raw.get("dynamodb") or {}
        dynamodb: dict[str, Any] = {}
        for name in _DYNAMODB_MEMBERS:
            value = block.get(name)
            if value is None:
                continue
            if name == "ApproximateCreationDateTime" and hasattr(value, "timestamp"):
                value = int(value.timestamp())
            dynamodb[name] = value
        out: dict[str, Any] = {
            "eventID": raw.get("eventID"),
            "eventName": raw.get("eventName"),
            "eventVersion": raw.get("eventVersion") or "1.1",
            "eventSource": "aws:dynamodb",
            "awsRegion": self.region,
            "dynamodb": dynamodb,
            "eventSourceARN": self.arn,
        }
        if raw.get("userIdentity"):
            out["userIdentity"] = raw["userIdentity"]
        return out

    @staticmethod
    def copy(record: Record) -> dict[str, Any]:
        return copy.deepcopy(record.record)


def find(store: Store, arn: str) -> StreamMirror | None:
    """The mirror of the stream ``arn``: the one being polled, or a new one (not
    polled yet: :func:`register`) if the mock underneath has that stream; ``None`` if
    it has not, or no mock underneath answers."""
    found = store.pollers.get(arn)
    if isinstance(found, StreamMirror):
        return found
    if not is_stream_arn(arn) or not available():
        return None
    parsed = arns.parse(arn)
    assert parsed is not None
    try:
        with store.inside():
            described = targets.sdk_call(store, "dynamodbstreams", "DescribeStream", {"StreamArn": arn}, parsed.account, parsed.region)
    except targets.DeliveryError:
        return None
    description = described.get("StreamDescription") or {}
    if description.get("StreamStatus") not in ("ENABLED", "ENABLING"):
        return None
    return StreamMirror(store, arn, [s["ShardId"] for s in description.get("Shards") or []])


def register(mirror: StreamMirror) -> None:
    mirror.store.pollers[mirror.arn] = mirror


def unregister(mirror: StreamMirror) -> None:
    if not mirror.consumers and mirror.store.pollers.get(mirror.arn) is mirror:
        del mirror.store.pollers[mirror.arn]
