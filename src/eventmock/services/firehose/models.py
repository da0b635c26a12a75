"""Firehose's state: delivery streams, the records put to them, and the limits and
helpers the operations share. Destinations are in :mod:`.s3_destination` (S3) and
:mod:`.destinations` (every other type)."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from random import getrandbits
from typing import TYPE_CHECKING, Any

from eventmock.core.errors import ServiceError
from eventmock.core.records import Record as BoundedRecord

if TYPE_CHECKING:
    from eventmock.services.firehose.destinations import OtherDestination
    from eventmock.services.firehose.s3_destination import S3Destination


MAX_RECORD_BYTES = 1_024_000
MAX_BATCH_BYTES = 4 * 1024 * 1024
DEFAULT_LIST_LIMIT = 10
DESTINATION_ID = "destinationId-000000000001"
DEFAULT_BUFFERING = {"SizeInMBs": 5, "IntervalInSeconds": 300}
DIRECT_PUT = "DirectPut"
KINESIS_SOURCE = "KinesisStreamAsSource"


def invalid(message: str) -> ServiceError:
    return ServiceError("InvalidArgumentException", message)


@dataclass
class Record:
    """A record put to a delivery stream, and what became of it."""

    record_id: str
    data: bytes
    arrival: dt.datetime
    #: The S3 object it was written into (``None`` if it was not, or the destination is
    #: not S3).
    bucket: str | None = None
    key: str | None = None
    #: Why it was not delivered (``S3.NoSuchBucket: ...``), or ``None``.
    error: str | None = None
    #: The destination type it was delivered to (``S3``, ``HttpEndpoint``, ``Redshift``...).
    destination: str = "S3"
    #: What a Lambda transformation made of it (``None``: no transformation): the data
    #: delivered, and the result (``Ok``, ``Dropped``, ``ProcessingFailed``).
    transformed: bytes | None = None
    result: str | None = None
    #: In the stream's buffer, not yet delivered (:mod:`.buffering`).
    pending: bool = True


@dataclass
class DeliveryStream:
    name: str
    arn: str
    created: dt.datetime
    destination: S3Destination | OtherDestination
    #: ``DeliveryStreamEncryptionConfiguration``: ``Status``, and ``KeyType`` (and
    #: ``KeyARN``) while encryption is on.
    encryption: dict[str, Any]
    #: Tags by key, in the order they were added.
    tags: dict[str, str | None]
    version: int = 1
    updated: dt.datetime | None = None
    #: ``KinesisStreamSourceConfiguration`` of a stream that reads a Kinesis stream.
    source: dict[str, Any] | None = None
    #: The reader of that Kinesis stream (:class:`.source.KinesisSource`).
    reader: Any = None
    #: What is buffered, not yet delivered (:mod:`.buffering`), its size in bytes, and
    #: the due work that delivers it when the interval has passed.
    buffer: list[Record] = field(default_factory=list)
    buffered_bytes: int = 0
    buffer_job: Any = None
    #: What was put, for ``aws.firehose.records`` (the latest: :mod:`eventmock.core.records`).
    records: BoundedRecord[Record] = field(default_factory=BoundedRecord)

    @property
    def type(self) -> str:
        return KINESIS_SOURCE if self.source is not None else DIRECT_PUT

    @property
    def encrypted(self) -> bool:
        return bool(self.encryption["Status"] == "ENABLED")

    def description(self) -> dict[str, Any]:
        described = {
            "DeliveryStreamName": self.name,
            "DeliveryStreamARN": self.arn,
            "DeliveryStreamStatus": "ACTIVE",
            # a stream reading a Kinesis stream has no encryption of its own (AWS's recording)
            "DeliveryStreamEncryptionConfiguration": dict(self.encryption) if self.source is None else None,
            "DeliveryStreamType": self.type,
            "VersionId": str(self.version),
            "CreateTimestamp": self.created,
            "LastUpdateTimestamp": self.updated,
            "Destinations": [{"DestinationId": DESTINATION_ID, **self.destination.description()}],
            "HasMoreDestinations": False,
        }
        if self.source is not None:
            described["Source"] = {
                "KinesisStreamSourceDescription": {
                    "KinesisStreamARN": self.source["KinesisStreamARN"],
                    "RoleARN": self.source["RoleARN"],
                    "DeliveryStartTimestamp": self.created,
                }
            }
        return described


def sse(given: dict[str, Any]) -> dict[str, Any]:
    """``DeliveryStreamEncryptionConfigurationInput``, checked: the key type, and the
    key ARN a customer managed key needs and an AWS owned key must not have."""
    key_type = given["KeyType"]
    key_arn = given.get("KeyARN")
    if key_type == "CUSTOMER_MANAGED_CMK" and key_arn is None:
        raise invalid("KeyARN must be specified when KeyType is CUSTOMER_MANAGED_CMK.")
    if key_type == "AWS_OWNED_CMK" and key_arn is not None:
        raise invalid("KeyARN cannot be specified when KeyType is AWS_OWNED_CMK.")
    return {"KeyType": key_type} if key_arn is None else {"KeyType": key_type, "KeyARN": key_arn}


def record_id() -> str:
    """A record id in the form Firehose returns: 224 characters of base64."""
    return base64.b64encode(getrandbits(1344).to_bytes(168, "big")).decode()


def too_long(data: bytes, path: str) -> str:
    size = len(data)
    return (
        f"Value 'java.nio.HeapByteBuffer[pos=0 lim={size} cap={size}]' at '{path}' failed to satisfy constraint: "
        f"Member must have length less than or equal to {MAX_RECORD_BYTES}"
    )
