"""Buffering on the mock's clock: a delivery stream gathers what it accepts until its
buffer holds ``SizeInMBs`` or ``IntervalInSeconds`` of mock time has passed since the
first record in it arrived, then delivers the buffer as one batch (:mod:`.delivery`).

- The interval is due work (:mod:`eventmock.core.due`): it runs before the first call
  answered once the mock's clock reaches it, on ``aws.advance(...)``, or at once with
  ``aws.firehose.flush()``. Nothing happens on the wall clock.
- A buffer that reaches its size is delivered during the call that filled it.
- ``IntervalInSeconds: 0`` (zero buffering, which AWS allows) delivers every put
  during its call, as a batch of what that call put.

The hints are the destination's ``BufferingHints`` (for a destination without any,
Redshift's, those of its S3 configuration), AWS's defaults otherwise (5 MiB, 300 s).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from eventmock.core import clock
from eventmock.services.firehose.delivery import deliver
from eventmock.services.firehose.destinations import OtherDestination
from eventmock.services.firehose.models import DEFAULT_BUFFERING, DeliveryStream, Record

if TYPE_CHECKING:
    from eventmock.core.store import Store

MIB = 1024 * 1024


def hints(stream: DeliveryStream) -> tuple[int, int]:
    """The stream's buffer size (bytes) and interval (seconds)."""
    destination = stream.destination
    given = destination.config.get("BufferingHints") if isinstance(destination, OtherDestination) else destination.buffering
    if not given and isinstance(destination, OtherDestination):
        given = destination.backup.buffering
    merged = {**DEFAULT_BUFFERING, **(given or {})}
    return int(merged["SizeInMBs"]) * MIB, int(merged["IntervalInSeconds"])


def add(store: Store, account: str, region: str, stream: DeliveryStream, records: list[Record]) -> None:
    """Take accepted records into the stream's buffer; deliver it if it is full or the
    stream does not buffer."""
    stream.buffer.extend(records)
    stream.buffered_bytes += sum(len(r.data) for r in records)
    size, interval = hints(stream)
    if interval == 0 or stream.buffered_bytes >= size:
        flush(store, account, region, stream)
        return
    if stream.buffer_job is None:

        def due(when: dt.datetime) -> None:
            stream.buffer_job = None
            flush(store, account, region, stream)

        stream.buffer_job = store.due.at(clock.now() + dt.timedelta(seconds=interval), due)


def flush(store: Store, account: str, region: str, stream: DeliveryStream) -> None:
    """Deliver what the stream's buffer holds now, as one batch."""
    if stream.buffer_job is not None:
        stream.buffer_job.cancel()
        stream.buffer_job = None
    records, stream.buffer, stream.buffered_bytes = stream.buffer, [], 0
    if records:
        deliver(store, account, region, stream, records)


def drop(stream: DeliveryStream) -> None:
    """Forget the buffer (the stream is deleted)."""
    if stream.buffer_job is not None:
        stream.buffer_job.cancel()
        stream.buffer_job = None
    stream.buffer, stream.buffered_bytes = [], 0
