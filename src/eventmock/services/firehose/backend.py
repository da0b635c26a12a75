"""Amazon Data Firehose: delivery streams, DirectPut or reading a Kinesis data stream,
delivering to S3, HTTP endpoints and every other destination type.

Delivery is immediate and deterministic: each ``put_record`` (and each delivery from
another service through :meth:`FirehoseBackend._deliver`) is delivered as a batch of
one record, each ``put_record_batch`` as one batch of its records, each read of a
Kinesis source as one batch (:mod:`.delivery`). A batch for S3 is one object holding
the records concatenated in order, with no delimiter added, as Firehose concatenates a
buffer. Buffering hints are stored and described, not waited for. Objects land under
Firehose's key layout, ``<evaluated prefix><stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-
<uuid><extension>``; the prefix's ``!{timestamp:...}`` and ``!{firehose:...}``
expressions are evaluated at delivery, and a prefix without a timestamp expression
gets ``yyyy/MM/dd/HH/`` appended, as AWS does.

A record whose delivery fails (the bucket does not exist, the HTTP endpoint refuses
it) is accepted all the same, as Firehose reports delivery errors later and
elsewhere; the failure is kept with the record (``aws.firehose.records(arn)``).

One module per concern: ``models`` (streams, records), ``s3_destination`` and
``destinations`` (what is configured and described), ``transform`` (Lambda),
``delivery``, ``source`` (a Kinesis stream as the source), ``prefixes``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from eventmock.core import arns, clock, tags, validation
from eventmock.core.arns import Arn
from eventmock.core.backend import Backend
from eventmock.core.errors import NotEmulatedError, ServiceError
from eventmock.core.targets import Message
from eventmock.services.firehose import buffering, conversion, destinations, s3_destination
from eventmock.services.firehose.destinations import OPENSEARCH, OtherDestination
from eventmock.services.firehose.models import (
    DEFAULT_LIST_LIMIT,
    DESTINATION_ID,
    DIRECT_PUT,
    KINESIS_SOURCE,
    MAX_BATCH_BYTES,
    MAX_RECORD_BYTES,
    DeliveryStream,
    Record,
    invalid,
    record_id,
    sse,
    too_long,
)
from eventmock.services.firehose.s3_destination import S3Destination

__all__ = ["FirehoseBackend", "Record"]


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

    @staticmethod
    def _check_direct_put(stream: DeliveryStream) -> None:
        """Only a DirectPut stream takes records, and encryption, from its callers."""
        if stream.source is not None:
            raise invalid(f"This operation is not permitted on {KINESIS_SOURCE} delivery stream type.")

    def _accept(self, stream: DeliveryStream, chunks: list[bytes], arrivals: list[dt.datetime] | None = None) -> list[Record]:
        """Accept records (kept for ``aws.firehose.records``) into the stream's buffer
        (:mod:`.buffering`), which delivers them."""
        now = clock.now()
        records = [Record(record_id(), data, arrivals[i] if arrivals else now) for i, data in enumerate(chunks)]
        stream.records.extend(records)
        buffering.add(self.store, self.account_id, self.region, stream, records)
        return records

    def _flush(self) -> None:
        """Deliver every stream's buffer now (``aws.firehose.flush()``)."""
        for stream in list(self.streams.values()):
            buffering.flush(self.store, self.account_id, self.region, stream)

    def _receive(self, arn: Arn, message: Message) -> str:
        """A delivery to the delivery stream ``arn`` names
        (:func:`eventmock.core.targets.deliver`): one record; its record id."""
        return self._deliver(str(arn), message.data)

    def _deliver(self, stream_arn: str, data: bytes) -> str:
        """Put one record into the delivery stream ``stream_arn`` names (any account
        or region), for services that deliver into Firehose; its record id. Raises
        ``ServiceError`` ``ResourceNotFoundException`` if the stream does not exist,
        ``InvalidArgumentException`` if it reads a Kinesis stream."""
        arn = arns.parse(stream_arn)
        if arn is None or arn.service != "firehose" or not arn.resource.startswith("deliverystream/"):
            raise ServiceError("InvalidArgumentException", f"Invalid delivery stream ARN: {stream_arn}")
        owner = self.store.backend("firehose", arn.account, arn.region)
        assert isinstance(owner, FirehoseBackend)
        stream = owner._stream(arn.resource.split("/", 1)[1])
        self._check_direct_put(stream)
        return owner._accept(stream, [bytes(data)])[0].record_id

    @staticmethod
    def _destination_of(given: dict[str, dict[str, Any] | None]) -> S3Destination | OtherDestination:
        """The one destination configuration given (``<kind>DestinationConfiguration``)."""
        present = {name: value for name, value in given.items() if value is not None}
        if len(present) > 1:
            raise invalid("Only one destination configuration can be specified.")
        if not present:
            raise invalid("A destination configuration must be specified.")
        [(member, config)] = present.items()
        kind = member.removesuffix("DestinationConfiguration")
        if kind in ("S3", "ExtendedS3"):
            return s3_destination.build(config, kind == "ExtendedS3")
        return destinations.build(kind, config)

    # -- delivery streams ---------------------------------------------------------

    def create_delivery_stream(
        self,
        DeliveryStreamName: str,
        DeliveryStreamType: str | None = None,
        KinesisStreamSourceConfiguration: dict[str, Any] | None = None,
        DeliveryStreamEncryptionConfigurationInput: dict[str, Any] | None = None,
        S3DestinationConfiguration: dict[str, Any] | None = None,
        ExtendedS3DestinationConfiguration: dict[str, Any] | None = None,
        RedshiftDestinationConfiguration: dict[str, Any] | None = None,
        ElasticsearchDestinationConfiguration: dict[str, Any] | None = None,
        AmazonopensearchserviceDestinationConfiguration: dict[str, Any] | None = None,
        SplunkDestinationConfiguration: dict[str, Any] | None = None,
        HttpEndpointDestinationConfiguration: dict[str, Any] | None = None,
        AmazonOpenSearchServerlessDestinationConfiguration: dict[str, Any] | None = None,
        SnowflakeDestinationConfiguration: dict[str, Any] | None = None,
        IcebergDestinationConfiguration: dict[str, Any] | None = None,
        Tags: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        stream_type = DeliveryStreamType or DIRECT_PUT
        if stream_type not in (DIRECT_PUT, KINESIS_SOURCE):
            raise NotEmulatedError("firehose", "CreateDeliveryStream", f"eventmock emulates DirectPut and KinesisStreamAsSource delivery streams, not {stream_type}")
        if KinesisStreamSourceConfiguration is not None and stream_type != KINESIS_SOURCE:
            raise invalid("KinesisSourceStreamConfig is only applicable for KinesisStreamAsSource stream type")
        if KinesisStreamSourceConfiguration is None and stream_type == KINESIS_SOURCE:
            raise invalid("KinesisSourceStreamConfig is required for KinesisStreamAsSource stream type")
        destination = self._destination_of(
            {
                "S3DestinationConfiguration": S3DestinationConfiguration,
                "ExtendedS3DestinationConfiguration": ExtendedS3DestinationConfiguration,
                "RedshiftDestinationConfiguration": RedshiftDestinationConfiguration,
                "ElasticsearchDestinationConfiguration": ElasticsearchDestinationConfiguration,
                "AmazonopensearchserviceDestinationConfiguration": AmazonopensearchserviceDestinationConfiguration,
                "SplunkDestinationConfiguration": SplunkDestinationConfiguration,
                "HttpEndpointDestinationConfiguration": HttpEndpointDestinationConfiguration,
                "AmazonOpenSearchServerlessDestinationConfiguration": AmazonOpenSearchServerlessDestinationConfiguration,
                "SnowflakeDestinationConfiguration": SnowflakeDestinationConfiguration,
                "IcebergDestinationConfiguration": IcebergDestinationConfiguration,
            }
        )
        encryption = {"Status": "DISABLED"}
        if DeliveryStreamEncryptionConfigurationInput is not None:
            encryption = {**sse(DeliveryStreamEncryptionConfigurationInput), "Status": "ENABLED"}
        if DeliveryStreamName in self.streams:
            raise ServiceError(
                "ResourceInUseException", f"Firehose {DeliveryStreamName} under accountId {self.account_id} already exists"
            )
        arn = self._arn(f"deliverystream/{DeliveryStreamName}")
        stream = self.streams[DeliveryStreamName] = DeliveryStream(
            DeliveryStreamName, arn, clock.now(), destination, encryption, {t["Key"]: t.get("Value") for t in Tags or []}
        )
        if KinesisStreamSourceConfiguration is not None:
            from eventmock.services.firehose.source import KinesisSource

            stream.source = dict(KinesisStreamSourceConfiguration)
            stream.reader = KinesisSource(self.store, self.account_id, self.region, stream)
            stream.reader.attach()
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
        names = sorted(n for n, s in self.streams.items() if DeliveryStreamType is None or s.type == DeliveryStreamType)
        if ExclusiveStartDeliveryStreamName is not None:
            names = [n for n in names if n > ExclusiveStartDeliveryStreamName]
        limit = Limit or DEFAULT_LIST_LIMIT
        return {"DeliveryStreamNames": names[:limit], "HasMoreDeliveryStreams": len(names) > limit}

    def delete_delivery_stream(self, DeliveryStreamName: str, AllowForceDelete: bool | None = None) -> None:
        stream = self._stream(DeliveryStreamName)
        if stream.reader is not None:
            stream.reader.detach()
        buffering.drop(stream)
        del self.streams[DeliveryStreamName]

    # -- server-side encryption -------------------------------------------------

    def start_delivery_stream_encryption(
        self, DeliveryStreamName: str, DeliveryStreamEncryptionConfigurationInput: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        stream = self._stream(DeliveryStreamName)
        self._check_direct_put(stream)
        given = sse(DeliveryStreamEncryptionConfigurationInput or {"KeyType": "AWS_OWNED_CMK"})
        self._change_encryption(stream, {**given, "Status": "ENABLING"}, {**given, "Status": "ENABLED"})
        return {}

    def stop_delivery_stream_encryption(self, DeliveryStreamName: str) -> dict[str, Any]:
        stream = self._stream(DeliveryStreamName)
        self._check_direct_put(stream)
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
        RedshiftDestinationUpdate: dict[str, Any] | None = None,
        ElasticsearchDestinationUpdate: dict[str, Any] | None = None,
        AmazonopensearchserviceDestinationUpdate: dict[str, Any] | None = None,
        SplunkDestinationUpdate: dict[str, Any] | None = None,
        HttpEndpointDestinationUpdate: dict[str, Any] | None = None,
        AmazonOpenSearchServerlessDestinationUpdate: dict[str, Any] | None = None,
        SnowflakeDestinationUpdate: dict[str, Any] | None = None,
        IcebergDestinationUpdate: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        stream = self._stream(DeliveryStreamName)
        if CurrentDeliveryStreamVersionId != str(stream.version):
            raise ServiceError(
                "ConcurrentModificationException",
                f"Cannot update firehose: {DeliveryStreamName} since the current version id: {stream.version} "
                f"and specified version id: {CurrentDeliveryStreamVersionId} do not match",
            )
        if DestinationId != DESTINATION_ID:
            raise invalid(f"Destination Id {DestinationId} not found")
        updates = {
            "S3": S3DestinationUpdate,
            "ExtendedS3": ExtendedS3DestinationUpdate,
            "Redshift": RedshiftDestinationUpdate,
            "Elasticsearch": ElasticsearchDestinationUpdate,
            "Amazonopensearchservice": AmazonopensearchserviceDestinationUpdate,
            "Splunk": SplunkDestinationUpdate,
            "HttpEndpoint": HttpEndpointDestinationUpdate,
            "AmazonOpenSearchServerless": AmazonOpenSearchServerlessDestinationUpdate,
            "Snowflake": SnowflakeDestinationUpdate,
            "Iceberg": IcebergDestinationUpdate,
        }
        given = {kind: value for kind, value in updates.items() if value is not None}
        if len(given) > 1:
            raise invalid("Only one destination update can be specified.")
        [(kind, update)] = given.items() if given else [(stream.destination.kind, {})]
        current = stream.destination
        current_kind = "S3" if isinstance(current, S3Destination) else current.kind
        new_kind = "S3" if kind in ("S3", "ExtendedS3") else kind
        if new_kind != current_kind and (kind in OPENSEARCH or current_kind in OPENSEARCH):
            opensearch = kind if kind in OPENSEARCH else current_kind
            names = {"Amazonopensearchservice": "AmazonOpenSearchService"}
            raise invalid(f"Changing the destination type to or from {names.get(opensearch, opensearch)} is not supported at this time.")
        if new_kind == "S3":
            stream.destination = self._s3_update(current, kind, update)
        else:
            stream.destination = destinations.update(current if isinstance(current, OtherDestination) else None, kind, update)
        stream.version += 1
        stream.updated = clock.now()
        return {}

    @staticmethod
    def _s3_update(current: S3Destination | OtherDestination, kind: str, update: dict[str, Any]) -> S3Destination:
        if update.get("S3BackupUpdate") is not None:
            raise NotEmulatedError("firehose", "UpdateDestination", "eventmock does not emulate an S3 backup (S3BackupUpdate)")
        if isinstance(current, S3Destination):
            config = {**current.config(), **update}
            config["BufferingHints"] = {**current.buffering, **(update.get("BufferingHints") or {})}
            config["DataFormatConversionConfiguration"] = conversion.merge(
                current.format_conversion, update.get("DataFormatConversionConfiguration")
            )
            extended = current.extended or kind == "ExtendedS3"
        else:  # switching to S3: the update is the configuration
            config, extended = dict(update), kind == "ExtendedS3"
        return s3_destination.build(config, extended, "UpdateDestination")

    # -- records ------------------------------------------------------------------

    def put_record(self, DeliveryStreamName: str, Record: dict[str, bytes]) -> dict[str, Any]:
        data = Record["Data"]
        if len(data) > MAX_RECORD_BYTES:
            raise ServiceError("ValidationException", validation.message([too_long(data, "record.data")]), status=400)
        stream = self._stream(DeliveryStreamName)
        self._check_direct_put(stream)
        [record] = self._accept(stream, [data])
        return {"RecordId": record.record_id, "Encrypted": stream.encrypted}

    def put_record_batch(self, DeliveryStreamName: str, Records: list[dict[str, bytes]]) -> dict[str, Any]:
        problems = [
            too_long(entry["Data"], f"records.{i}.member.data") for i, entry in enumerate(Records, 1) if len(entry["Data"]) > MAX_RECORD_BYTES
        ]
        if problems:
            raise ServiceError("ValidationException", validation.message(problems), status=400)
        stream = self._stream(DeliveryStreamName)
        self._check_direct_put(stream)
        total = sum(len(entry["Data"]) for entry in Records)
        if total > MAX_BATCH_BYTES:
            raise invalid(f"Records size exceeds {MAX_BATCH_BYTES} bytes limit: {total}")
        records = self._accept(stream, [entry["Data"] for entry in Records])
        return {
            "FailedPutCount": 0,
            "Encrypted": stream.encrypted,
            "RequestResponses": [{"RecordId": r.record_id} for r in records],
        }
