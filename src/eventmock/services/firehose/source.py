"""A Kinesis data stream as a delivery stream's source
(``KinesisStreamSourceConfiguration``).

The seam: Firehose reads the stream through the one poller that Lambda event source
mappings and Pipes use (:class:`eventmock.services.consumers.poller.Consumer`), which
the Kinesis backend wakes when records arrive. Firehose touches no Kinesis internals
itself: whatever the Kinesis backend becomes, this reader follows the poller. Records
put on the stream after the delivery stream was created (``LATEST``) are delivered
before the next call is answered, one batch per read, with no filter.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import TYPE_CHECKING, Any

from eventmock.services.consumers.poller import Consumer, Settings

if TYPE_CHECKING:
    from eventmock.core.store import Store
    from eventmock.services.firehose.models import DeliveryStream

#: How many records one read takes (Firehose reads a shard with GetRecords: 10,000).
BATCH_SIZE = 10_000


class KinesisSource(Consumer):
    def __init__(self, store: Store, account: str, region: str, stream: DeliveryStream) -> None:
        assert stream.source is not None
        super().__init__(store, stream.source["KinesisStreamARN"])
        self.settings = Settings(batch_size=BATCH_SIZE, starting_position="LATEST")
        self.account, self.region = account, region
        self.stream = stream

    def running(self) -> bool:
        return True

    def handle(self, records: list[dict[str, Any]]) -> set[str]:
        from eventmock.services.firehose.backend import FirehoseBackend

        backend = self.store.backend("firehose", self.account, self.region)
        assert isinstance(backend, FirehoseBackend)
        if backend.streams.get(self.stream.name) is not self.stream:
            return set()  # deleted meanwhile
        chunks = [base64.b64decode(r["data"]) for r in records]
        arrivals = [dt.datetime.fromtimestamp(r["approximateArrivalTimestamp"], dt.timezone.utc) for r in records]
        backend._accept(self.stream, chunks, arrivals)
        return set()
