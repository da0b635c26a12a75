"""Amazon Data Firehose: DirectPut delivery streams with an S3 destination.

Delivery is immediate and deterministic: each ``put_record`` (and each delivery from
another service through :meth:`FirehoseBackend._deliver`) writes one S3 object holding
that record, and each ``put_record_batch`` one object holding its records concatenated
in order, with no delimiter added, as Firehose concatenates a buffer. Buffering hints
are stored and described, not waited for. Objects land in the emulated S3 under
Firehose's key layout, ``<evaluated prefix><stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-
<uuid><extension>``; the prefix's ``!{timestamp:...}`` and ``!{firehose:...}``
expressions are evaluated at delivery, and a prefix without a timestamp expression
gets ``yyyy/MM/dd/HH/`` appended, as AWS does.

A record whose delivery fails (the bucket does not exist) is accepted all the same,
as Firehose reports delivery errors later and elsewhere; the failure is kept with the
record (``aws.firehose.records(arn)``).
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
from dataclasses import dataclass, field
from random import getrandbits
from typing import Any

from eventmock.core import arns, clock, ids, tags, validation
from eventmock.core.arns import Arn
from eventmock.core.backend import Backend
from eventmock.core.targets import Message
from eventmock.core.errors import NotEmulatedError, ServiceError
from eventmock.core.records import Record as BoundedRecord
from eventmock.services.firehose.prefixes import check_prefixes, evaluate_prefix
from eventmock.services.s3 import access as s3_access

MAX_RECORD_BYTES = 1_024_000
MAX_BATCH_BYTES = 4 * 1024 * 1024
DEFAULT_LIST_LIMIT = 10
DESTINATION_ID = "destinationId-000000000001"
DEFAULT_BUFFERING = {"SizeInMBs": 5, "IntervalInSeconds": 300}
#: Compression formats delivered as such, and the extension Firehose gives them.
COMPRESSIONS = {"UNCOMPRESSED": "", "GZIP": ".gz"}
#: Destination updates AWS refuses on a stream whose destination is of another type.
_OPENSEARCH_UPDATES = {
    "ElasticsearchDestinationUpdate": "Elasticsearch",
    "AmazonopensearchserviceDestinationUpdate": "AmazonOpenSearchService",
    "AmazonOpenSearchServerlessDestinationUpdate": "AmazonOpenSearchServerless",
}


def _invalid(message: str) -> ServiceError:
    return ServiceError("InvalidArgumentException", message)


# -- state ------------------------------------------------------------------------------


@dataclass
class Destination:
    """An S3 destination, as configured (``extended``: through
    ``ExtendedS3DestinationConfiguration``)."""

    extended: bool
    role_arn: str
    bucket_arn: str
    prefix: str | None
    error_output_prefix: str | None
    buffering: dict[str, int]
    compression: str
    encryption: dict[str, Any]
    cloudwatch: dict[str, Any]
    processing: dict[str, Any] | None = None
    dynamic_partitioning: dict[str, Any] | None = None
    file_extension: str | None = None
    custom_time_zone: str | None = None

    def config(self) -> dict[str, Any]:
        """The destination as ``ExtendedS3DestinationConfiguration`` would give it
        (what ``UpdateDestination`` merges an update into)."""
        given = {
            "RoleARN": self.role_arn,
            "BucketARN": self.bucket_arn,
            "Prefix": self.prefix,
            "ErrorOutputPrefix": self.error_output_prefix,
            "BufferingHints": dict(self.buffering),
            "CompressionFormat": self.compression,
            "EncryptionConfiguration": json.loads(json.dumps(self.encryption)),
            "CloudWatchLoggingOptions": dict(self.cloudwatch),
            "ProcessingConfiguration": json.loads(json.dumps(self.processing)) if self.processing is not None else None,
            "DynamicPartitioningConfiguration": dict(self.dynamic_partitioning) if self.dynamic_partitioning else None,
            "FileExtension": self.file_extension,
            "CustomTimeZone": self.custom_time_zone,
        }
        return {name: value for name, value in given.items() if value is not None}

    @property
    def bucket(self) -> str:
        return self.bucket_arn.split(":::", 1)[1]

    def description(self) -> dict[str, Any]:
        basic = {
            "RoleARN": self.role_arn,
            "BucketARN": self.bucket_arn,
            "Prefix": self.prefix or "",
            "ErrorOutputPrefix": self.error_output_prefix,
            "BufferingHints": dict(self.buffering),
            "CompressionFormat": self.compression,
            "EncryptionConfiguration": json.loads(json.dumps(self.encryption)),
            "CloudWatchLoggingOptions": dict(self.cloudwatch),
        }
        extended = {
            **basic,
            "S3BackupMode": "Disabled",
            "ProcessingConfiguration": json.loads(json.dumps(self.processing)) if self.processing is not None else None,
            "DynamicPartitioningConfiguration": dict(self.dynamic_partitioning) if self.dynamic_partitioning else None,
            "FileExtension": self.file_extension,
            "CustomTimeZone": self.custom_time_zone,
        }
        return {"DestinationId": DESTINATION_ID, "S3DestinationDescription": basic, "ExtendedS3DestinationDescription": extended}


@dataclass
class Record:
    """A record put to a delivery stream, and what became of it."""

    record_id: str
    data: bytes
    arrival: dt.datetime
    #: The S3 object it was written into (``None`` if the delivery failed).
    bucket: str | None = None
    key: str | None = None
    #: Why it was not delivered (``S3.NoSuchBucket: ...``), or ``None``.
    error: str | None = None


@dataclass
class DeliveryStream:
    name: str
    arn: str
    created: dt.datetime
    destination: Destination
    #: ``DeliveryStreamEncryptionConfiguration``: ``Status``, and ``KeyType`` (and
    #: ``KeyARN``) while encryption is on.
    encryption: dict[str, Any]
    #: Tags by key, in the order they were added.
    tags: dict[str, str | None]
    version: int = 1
    updated: dt.datetime | None = None
    #: What was put, for ``aws.firehose.records`` (the latest: :mod:`eventmock.core.records`).
    records: BoundedRecord[Record] = field(default_factory=BoundedRecord)

    @property
    def encrypted(self) -> bool:
        return bool(self.encryption["Status"] == "ENABLED")

    def description(self) -> dict[str, Any]:
        return {
            "DeliveryStreamName": self.name,
            "DeliveryStreamARN": self.arn,
            "DeliveryStreamStatus": "ACTIVE",
            "DeliveryStreamEncryptionConfiguration": dict(self.encryption),
            "DeliveryStreamType": "DirectPut",
            "VersionId": str(self.version),
            "CreateTimestamp": self.created,
            "LastUpdateTimestamp": self.updated,
            "Destinations": [self.destination.description()],
            "HasMoreDestinations": False,
        }


def _sse(given: dict[str, Any]) -> dict[str, Any]:
    """``DeliveryStreamEncryptionConfigurationInput``, checked: the key type, and the
    key ARN a customer managed key needs and an AWS owned key must not have."""
    key_type = given["KeyType"]
    key_arn = given.get("KeyARN")
    if key_type == "CUSTOMER_MANAGED_CMK" and key_arn is None:
        raise _invalid("KeyARN must be specified when KeyType is CUSTOMER_MANAGED_CMK.")
    if key_type == "AWS_OWNED_CMK" and key_arn is not None:
        raise _invalid("KeyARN cannot be specified when KeyType is AWS_OWNED_CMK.")
    return {"KeyType": key_type} if key_arn is None else {"KeyType": key_type, "KeyARN": key_arn}


def _record_id() -> str:
    """A record id in the form Firehose returns: 224 characters of base64."""
    return base64.b64encode(getrandbits(1344).to_bytes(168, "big")).decode()


def _too_long(data: bytes, path: str) -> str:
    size = len(data)
    return (
        f"Value 'java.nio.HeapByteBuffer[pos=0 lim={size} cap={size}]' at '{path}' failed to satisfy constraint: "
        f"Member must have length less than or equal to {MAX_RECORD_BYTES}"
    )


class FirehoseBackend(Backend):
    service = "firehose"
    view = "eventmock.services.firehose.inspect:FirehoseView"
    constraint_error = "ValidationException"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.streams: dict[str, DeliveryStream] = {}

    # -- helpers ------------------------------------------------------------------

    def _stream(self, name: str) -> DeliveryStream:
        stream = self.streams.get(name)
        if stream is None:
            raise ServiceError("ResourceNotFoundException", f"Firehose {name} under account {self.account_id} not found.")
        return stream

    def _destination(self, config: dict[str, Any], extended: bool, operation: str = "CreateDeliveryStream") -> Destination:
        member = "ExtendedS3DestinationConfiguration" if extended else "S3DestinationConfiguration"
        unsupported = {
            "S3BackupConfiguration": "an S3 backup",
            "DataFormatConversionConfiguration": "data format conversion",
        }
        for name, what in unsupported.items():
            value = config.get(name)
            if value is not None and (name == "S3BackupConfiguration" or value.get("Enabled", True)):
                raise NotEmulatedError("firehose", operation, f"eventmock does not emulate {what} ({member}.{name})")
        if config.get("S3BackupMode", "Disabled") != "Disabled":
            raise NotEmulatedError("firehose", operation, "eventmock does not emulate an S3 backup (S3BackupMode Enabled)")
        processing = config.get("ProcessingConfiguration")
        if processing is not None and processing.get("Enabled"):
            raise NotEmulatedError("firehose", operation, "eventmock does not emulate data transformation (ProcessingConfiguration)")
        partitioning = config.get("DynamicPartitioningConfiguration")
        if partitioning is not None and partitioning.get("Enabled"):
            raise NotEmulatedError("firehose", operation, "eventmock does not emulate dynamic partitioning")
        compression = config.get("CompressionFormat", "UNCOMPRESSED")
        if compression not in COMPRESSIONS:
            raise NotEmulatedError(
                "firehose", "CreateDeliveryStream", f"eventmock delivers UNCOMPRESSED and GZIP data only, not {compression}"
            )
        encryption = config.get("EncryptionConfiguration") or {"NoEncryptionConfig": "NoEncryption"}
        if "NoEncryptionConfig" in encryption and "KMSEncryptionConfig" in encryption:
            raise _invalid("Only one of NoEncryptionConfig and KMSEncryptionConfig can be specified in EncryptionConfiguration.")
        zone = config.get("CustomTimeZone") or None
        if zone is not None and clock.zone(zone) is None:
            raise _invalid(f"Invalid CustomTimeZone: {zone}")
        check_prefixes(config.get("Prefix"), config.get("ErrorOutputPrefix"))
        return Destination(
            extended=extended,
            role_arn=config["RoleARN"],
            bucket_arn=config["BucketARN"],
            prefix=config.get("Prefix"),
            error_output_prefix=config.get("ErrorOutputPrefix"),
            buffering={**DEFAULT_BUFFERING, **(config.get("BufferingHints") or {})},
            compression=compression,
            encryption=json.loads(json.dumps(encryption)),
            cloudwatch=dict(config.get("CloudWatchLoggingOptions") or {"Enabled": False}),
            processing=json.loads(json.dumps(processing)) if processing is not None else None,
            dynamic_partitioning=dict(partitioning) if partitioning else None,
            file_extension=config.get("FileExtension") or None,
            custom_time_zone=zone,
        )

    def _write(self, stream: DeliveryStream, chunks: list[bytes]) -> list[Record]:
        """Accept records and deliver them, together, as one S3 object."""
        arrival = clock.now()
        records = [Record(_record_id(), data, arrival) for data in chunks]
        stream.records.extend(records)
        destination = stream.destination
        tz = clock.zone(destination.custom_time_zone) if destination.custom_time_zone else None
        local = arrival.astimezone(tz) if tz is not None else arrival
        extension = destination.file_extension or COMPRESSIONS[destination.compression]
        key = (
            evaluate_prefix(destination.prefix or "", local)
            + f"{stream.name}-{stream.version}-{local:%Y-%m-%d-%H-%M-%S}-{ids.uuid4()}{extension}"
        )
        body = b"".join(chunks)
        if destination.compression == "GZIP":
            body = gzip.compress(body, mtime=0)
        kms = destination.encryption.get("KMSEncryptionConfig")
        sse = {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": kms["AWSKMSKeyARN"]} if kms else None
        try:
            s3_access.write(
                self.store, self.account_id, self.region, destination.bucket, key, body, content_type="application/octet-stream", sse=sse
            )
        except ServiceError as error:
            for record in records:
                record.error = f"S3.{error.code}: {error.message}"
        else:
            for record in records:
                record.bucket, record.key = destination.bucket, key
        return records

    def _receive(self, arn: Arn, message: Message) -> str:
        """A delivery to the delivery stream ``arn`` names
        (:func:`eventmock.core.targets.deliver`): one record; its record id."""
        return self._deliver(str(arn), message.data)

    def _deliver(self, stream_arn: str, data: bytes) -> str:
        """Put one record into the delivery stream ``stream_arn`` names (any account
        or region), for services that deliver into Firehose; its record id. Raises
        ``ServiceError`` ``ResourceNotFoundException`` if the stream does not exist."""
        arn = arns.parse(stream_arn)
        if arn is None or arn.service != "firehose" or not arn.resource.startswith("deliverystream/"):
            raise ServiceError("InvalidArgumentException", f"Invalid delivery stream ARN: {stream_arn}")
        owner = self.store.backend("firehose", arn.account, arn.region)
        assert isinstance(owner, FirehoseBackend)
        stream = owner._stream(arn.resource.split("/", 1)[1])
        return owner._write(stream, [bytes(data)])[0].record_id

    # -- delivery streams ---------------------------------------------------------

    def create_delivery_stream(
        self,
        DeliveryStreamName: str,
        DeliveryStreamType: str | None = None,
        DeliveryStreamEncryptionConfigurationInput: dict[str, Any] | None = None,
        S3DestinationConfiguration: dict[str, Any] | None = None,
        ExtendedS3DestinationConfiguration: dict[str, Any] | None = None,
        Tags: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        if (DeliveryStreamType or "DirectPut") != "DirectPut":
            raise NotEmulatedError("firehose", "CreateDeliveryStream", f"eventmock emulates DirectPut delivery streams only, not {DeliveryStreamType}")
        if S3DestinationConfiguration is not None and ExtendedS3DestinationConfiguration is not None:
            raise _invalid("Only one destination configuration can be specified.")
        if S3DestinationConfiguration is None and ExtendedS3DestinationConfiguration is None:
            raise _invalid("A destination configuration must be specified.")
        extended = ExtendedS3DestinationConfiguration is not None
        config = ExtendedS3DestinationConfiguration if extended else S3DestinationConfiguration
        assert config is not None
        destination = self._destination(config, extended)
        encryption = {"Status": "DISABLED"}
        if DeliveryStreamEncryptionConfigurationInput is not None:
            encryption = {**_sse(DeliveryStreamEncryptionConfigurationInput), "Status": "ENABLED"}
        if DeliveryStreamName in self.streams:
            raise ServiceError(
                "ResourceInUseException", f"Firehose {DeliveryStreamName} under accountId {self.account_id} already exists"
            )
        arn = self._arn(f"deliverystream/{DeliveryStreamName}")
        self.streams[DeliveryStreamName] = DeliveryStream(
            DeliveryStreamName, arn, clock.now(), destination, encryption, {t["Key"]: t.get("Value") for t in Tags or []}
        )
        return {"DeliveryStreamARN": arn}

    def describe_delivery_stream(
        self, DeliveryStreamName: str, Limit: int | None = None, ExclusiveStartDestinationId: str | None = None
    ) -> dict[str, Any]:
        description = self._stream(DeliveryStreamName).description()
        if ExclusiveStartDestinationId is not None:
            description["Destinations"] = [d for d in description["Destinations"] if d["DestinationId"] > ExclusiveStartDestinationId]
        return {"DeliveryStreamDescription": description}

    def list_delivery_streams(
        self, Limit: int | None = None, DeliveryStreamType: str | None = None, ExclusiveStartDeliveryStreamName: str | None = None
    ) -> dict[str, Any]:
        names = sorted(self.streams)
        if DeliveryStreamType is not None and DeliveryStreamType != "DirectPut":
            names = []  # every stream here is DirectPut
        if ExclusiveStartDeliveryStreamName is not None:
            names = [n for n in names if n > ExclusiveStartDeliveryStreamName]
        limit = Limit or DEFAULT_LIST_LIMIT
        return {"DeliveryStreamNames": names[:limit], "HasMoreDeliveryStreams": len(names) > limit}

    def delete_delivery_stream(self, DeliveryStreamName: str, AllowForceDelete: bool | None = None) -> None:
        self._stream(DeliveryStreamName)
        del self.streams[DeliveryStreamName]

    # -- server-side encryption -------------------------------------------------

    def start_delivery_stream_encryption(
        self, DeliveryStreamName: str, DeliveryStreamEncryptionConfigurationInput: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        stream = self._stream(DeliveryStreamName)
        sse = _sse(DeliveryStreamEncryptionConfigurationInput or {"KeyType": "AWS_OWNED_CMK"})
        self._change_encryption(stream, {**sse, "Status": "ENABLING"}, {**sse, "Status": "ENABLED"})
        return {}

    def stop_delivery_stream_encryption(self, DeliveryStreamName: str) -> dict[str, Any]:
        stream = self._stream(DeliveryStreamName)
        self._change_encryption(stream, {**stream.encryption, "Status": "DISABLING"}, {"Status": "DISABLED"})
        return {}

    def _change_encryption(self, stream: DeliveryStream, now: dict[str, Any], settled: dict[str, Any]) -> None:
        """Encryption goes into ``now`` (ENABLING, DISABLING) and settles into
        ``settled`` before the next call is answered (so a call never finds it
        changing, and there is no ResourceInUseException to meet)."""
        stream.encryption = now
        stream.updated = clock.now()

        def settle(when: dt.datetime) -> None:
            if stream.encryption is now:
                stream.encryption = settled

        self.store.due.at(clock.now(), settle)

    # -- tags ---------------------------------------------------------------------

    def tag_delivery_stream(self, DeliveryStreamName: str, Tags: list[dict[str, str]]) -> dict[str, Any]:
        stream = self._stream(DeliveryStreamName)
        given = {t["Key"]: t.get("Value") for t in Tags}
        if len({**stream.tags, **given}) > tags.MAX_TAGS:
            raise ServiceError(
                "LimitExceededException",
                f"Delivery stream {DeliveryStreamName} cannot have more than {tags.MAX_TAGS} tags.",
            )
        stream.tags.update(given)
        return {}

    def untag_delivery_stream(self, DeliveryStreamName: str, TagKeys: list[str]) -> dict[str, Any]:
        stream = self._stream(DeliveryStreamName)
        for key in TagKeys:
            stream.tags.pop(key, None)
        return {}

    def list_tags_for_delivery_stream(
        self, DeliveryStreamName: str, ExclusiveStartTagKey: str | None = None, Limit: int | None = None
    ) -> dict[str, Any]:
        stream = self._stream(DeliveryStreamName)
        keys = sorted(stream.tags)
        if ExclusiveStartTagKey is not None:
            keys = [key for key in keys if key > ExclusiveStartTagKey]
        limit = Limit or tags.MAX_TAGS
        listed = [{"Key": k} if stream.tags[k] is None else {"Key": k, "Value": stream.tags[k]} for k in keys[:limit]]
        return {"Tags": listed, "HasMoreTags": len(keys) > limit}

    # -- destinations -------------------------------------------------------------

    def update_destination(
        self,
        DeliveryStreamName: str,
        CurrentDeliveryStreamVersionId: str,
        DestinationId: str,
        S3DestinationUpdate: dict[str, Any] | None = None,
        ExtendedS3DestinationUpdate: dict[str, Any] | None = None,
        ElasticsearchDestinationUpdate: dict[str, Any] | None = None,
        AmazonopensearchserviceDestinationUpdate: dict[str, Any] | None = None,
        AmazonOpenSearchServerlessDestinationUpdate: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Other destination types (Redshift, Splunk, HttpEndpoint, Snowflake, Iceberg)
        are not taken, so the dispatcher refuses them with ``NotEmulatedError``."""
        stream = self._stream(DeliveryStreamName)
        if CurrentDeliveryStreamVersionId != str(stream.version):
            raise ServiceError(
                "ConcurrentModificationException",
                f"Cannot update firehose: {DeliveryStreamName} since the current version id: {stream.version} "
                f"and specified version id: {CurrentDeliveryStreamVersionId} do not match",
            )
        if DestinationId != DESTINATION_ID:
            raise _invalid(f"Destination Id {DestinationId} not found")
        updates = {
            "S3DestinationUpdate": S3DestinationUpdate,
            "ExtendedS3DestinationUpdate": ExtendedS3DestinationUpdate,
            "ElasticsearchDestinationUpdate": ElasticsearchDestinationUpdate,
            "AmazonopensearchserviceDestinationUpdate": AmazonopensearchserviceDestinationUpdate,
            "AmazonOpenSearchServerlessDestinationUpdate": AmazonOpenSearchServerlessDestinationUpdate,
        }
        given = {name: value for name, value in updates.items() if value is not None}
        if len(given) > 1:
            raise _invalid("Only one destination update can be specified.")
        [(member, update)] = given.items() if given else [("", {})]
        if member in _OPENSEARCH_UPDATES:
            kind = _OPENSEARCH_UPDATES[member]
            raise _invalid(f"Changing the destination type to or from {kind} is not supported at this time.")
        if update.get("S3BackupUpdate") is not None:
            raise NotEmulatedError("firehose", "UpdateDestination", "eventmock does not emulate an S3 backup (S3BackupUpdate)")
        current = stream.destination
        config = {**current.config(), **update}
        config["BufferingHints"] = {**current.buffering, **(update.get("BufferingHints") or {})}
        extended = current.extended or member == "ExtendedS3DestinationUpdate"
        stream.destination = self._destination(config, extended, "UpdateDestination")
        stream.version += 1
        stream.updated = clock.now()
        return {}

    # -- records ------------------------------------------------------------------

    def put_record(self, DeliveryStreamName: str, Record: dict[str, bytes]) -> dict[str, Any]:
        data = Record["Data"]
        if len(data) > MAX_RECORD_BYTES:
            raise ServiceError("ValidationException", validation.message([_too_long(data, "record.data")]), status=400)
        stream = self._stream(DeliveryStreamName)
        [record] = self._write(stream, [data])
        return {"RecordId": record.record_id, "Encrypted": stream.encrypted}

    def put_record_batch(self, DeliveryStreamName: str, Records: list[dict[str, bytes]]) -> dict[str, Any]:
        problems = [
            _too_long(entry["Data"], f"records.{i}.member.data") for i, entry in enumerate(Records, 1) if len(entry["Data"]) > MAX_RECORD_BYTES
        ]
        if problems:
            raise ServiceError("ValidationException", validation.message(problems), status=400)
        stream = self._stream(DeliveryStreamName)
        total = sum(len(entry["Data"]) for entry in Records)
        if total > MAX_BATCH_BYTES:
            raise _invalid(f"Records size exceeds {MAX_BATCH_BYTES} bytes limit: {total}")
        records = self._write(stream, [entry["Data"] for entry in Records])
        return {
            "FailedPutCount": 0,
            "Encrypted": stream.encrypted,
            "RequestResponses": [{"RecordId": r.record_id} for r in records],
        }
