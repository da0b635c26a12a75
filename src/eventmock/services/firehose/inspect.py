"""Reading a Firehose delivery stream without boto3: ``aws.firehose.records(stream_arn)``."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from eventmock.core import arns
from eventmock.core.errors import EventmockError
from eventmock.core.store import Store
from eventmock.services.firehose.backend import FirehoseBackend


@dataclass(frozen=True)
class FirehoseRecord:
    """A record put to a delivery stream, and where it was delivered."""

    data: bytes
    record_id: str
    arrival: dt.datetime
    #: The bucket and key of the S3 object holding it; ``None`` if not delivered.
    bucket: str | None
    key: str | None
    #: Why it was not delivered (``"S3.NoSuchBucket: The specified bucket does not
    #: exist"``); ``None`` when it was.
    error: str | None
    #: The destination type it went to: ``S3``, ``ExtendedS3``, ``HttpEndpoint``,
    #: ``Redshift``, ``Splunk``... (records for the types nothing outside AWS answers
    #: are kept here only).
    destination: str = "S3"
    #: A Lambda transformation's result (``Ok``, ``Dropped``, ``ProcessingFailed``)
    #: and the data it delivered; ``None`` without a transformation.
    result: str | None = None
    transformed: bytes | None = None
    #: Still in the stream's buffer: not delivered yet (``aws.firehose.flush()``).
    pending: bool = False

    @property
    def delivered(self) -> bool:
        return self.error is None and not self.pending

    def text(self, encoding: str = "utf-8") -> str:
        return self.data.decode(encoding)

    def json(self) -> Any:
        """The record's data, parsed as JSON."""
        return json.loads(self.data)


class FirehoseView:
    def __init__(self, store: Store) -> None:
        self._store = store

    def flush(self) -> None:
        """Deliver what every delivery stream (every account and region) holds in its
        buffer now, instead of when its buffering interval has passed on the mock's
        clock (``aws.advance(seconds)`` does that)."""
        with self._store.lock:
            for backend in self._store.existing("firehose"):
                assert isinstance(backend, FirehoseBackend)
                backend._flush()

    def records(self, stream_arn: str) -> list[FirehoseRecord]:
        """Every record put to the delivery stream (any account or region), in the
        order they were put, delivered or not."""
        arn = arns.parse(stream_arn)
        if arn is None or arn.service != "firehose" or not arn.resource.startswith("deliverystream/"):
            raise EventmockError(f"not a Firehose delivery stream ARN: {stream_arn}")
        backend = self._store.backend("firehose", arn.account, arn.region)
        assert isinstance(backend, FirehoseBackend)
        stream = backend.streams.get(arn.resource[len("deliverystream/") :])
        if stream is None:
            raise EventmockError(f"no Firehose delivery stream {stream_arn}")
        return [
            FirehoseRecord(r.data, r.record_id, r.arrival, r.bucket, r.key, r.error, r.destination, r.result, r.transformed, r.pending)
            for r in stream.records
        ]
