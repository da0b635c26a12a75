"""Reading a Kinesis stream without boto3: ``aws.kinesis.records(stream_arn)``."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from eventmock.core import arns, clock
from eventmock.core.errors import EventmockError
from eventmock.core.store import Store
from eventmock.services.kinesis.backend import KinesisBackend


@dataclass(frozen=True)
class KinesisRecord:
    """A record as it sits in its shard."""

    data: bytes
    partition_key: str
    sequence_number: str
    shard_id: str
    arrival: dt.datetime

    def json(self) -> Any:
        """The record's data, parsed as JSON (what event streams write)."""
        return json.loads(self.data)


class KinesisView:
    def __init__(self, store: Store) -> None:
        self._store = store

    def records(self, stream_arn: str) -> list[KinesisRecord]:
        """Every record of the stream within its retention period (24 hours unless
        changed, on the mock's clock), in the order they arrived (across shards)."""
        arn = arns.parse(stream_arn)
        if arn is None or arn.service != "kinesis" or not arn.resource.startswith("stream/"):
            raise EventmockError(f"not a Kinesis stream ARN: {stream_arn}")
        backend = self._store.backend("kinesis", arn.account, arn.region)
        assert isinstance(backend, KinesisBackend)
        stream = backend.streams.get(arn.resource[len("stream/") :])
        if stream is None:
            raise EventmockError(f"no Kinesis stream {stream_arn}")
        now_ms = clock.epoch_ms()
        stream.trim(now_ms)
        found = [(record, shard.id) for shard in stream.shards for record in shard.records]
        found.sort(key=lambda pair: pair[0].sequence)
        return [KinesisRecord(r.data, r.partition_key, str(r.sequence), shard_id, r.arrival) for r, shard_id in found]
