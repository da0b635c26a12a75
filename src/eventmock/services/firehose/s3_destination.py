"""Firehose's S3 destinations (``S3DestinationConfiguration``,
``ExtendedS3DestinationConfiguration``): what is configured, checked and described."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from eventmock.core import clock
from eventmock.core.errors import NotEmulatedError
from eventmock.services.firehose import conversion
from eventmock.services.firehose.models import DEFAULT_BUFFERING, invalid
from eventmock.services.firehose.prefixes import check_prefixes
from eventmock.services.firehose.transform import check_processing

#: Compression formats delivered as such, and the extension Firehose gives them.
COMPRESSIONS = {"UNCOMPRESSED": "", "GZIP": ".gz"}


@dataclass
class S3Destination:
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
    #: ``DataFormatConversionConfiguration`` (:mod:`.conversion`), as given.
    format_conversion: dict[str, Any] | None = None

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
            "DataFormatConversionConfiguration": json.loads(json.dumps(self.format_conversion)) if self.format_conversion is not None else None,
        }
        return {name: value for name, value in given.items() if value is not None}

    @property
    def kind(self) -> str:
        return "ExtendedS3" if self.extended else "S3"

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
            "DataFormatConversionConfiguration": json.loads(json.dumps(self.format_conversion)) if self.format_conversion is not None else None,
        }
        return {"S3DestinationDescription": basic, "ExtendedS3DestinationDescription": extended}


def build(config: dict[str, Any], extended: bool, operation: str = "CreateDeliveryStream") -> S3Destination:
    """An S3 destination from its configuration, checked as AWS checks it."""
    member = "ExtendedS3DestinationConfiguration" if extended else "S3DestinationConfiguration"
    if config.get("S3BackupConfiguration") is not None:
        raise NotEmulatedError("firehose", operation, f"eventmock does not emulate an S3 backup ({member}.S3BackupConfiguration)")
    if config.get("S3BackupMode", "Disabled") != "Disabled":
        raise NotEmulatedError("firehose", operation, "eventmock does not emulate an S3 backup (S3BackupMode Enabled)")
    processing = check_processing(config.get("ProcessingConfiguration"), member, operation)
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
        raise invalid("Only one of NoEncryptionConfig and KMSEncryptionConfig can be specified in EncryptionConfiguration.")
    zone = config.get("CustomTimeZone") or None
    if zone is not None and clock.zone(zone) is None:
        raise invalid(f"Invalid CustomTimeZone: {zone}")
    check_prefixes(config.get("Prefix"), config.get("ErrorOutputPrefix"))
    converting = conversion.check(config.get("DataFormatConversionConfiguration"), config)
    buffering = {**DEFAULT_BUFFERING, **(config.get("BufferingHints") or {})}
    if conversion.enabled(converting) and "SizeInMBs" not in (config.get("BufferingHints") or {}):
        buffering["SizeInMBs"] = conversion.CONVERSION_BUFFER_MB
    return S3Destination(
        extended=extended,
        role_arn=config["RoleARN"],
        bucket_arn=config["BucketARN"],
        prefix=config.get("Prefix"),
        error_output_prefix=config.get("ErrorOutputPrefix"),
        buffering=buffering,
        compression=compression,
        encryption=json.loads(json.dumps(encryption)),
        cloudwatch=dict(config.get("CloudWatchLoggingOptions") or {"Enabled": False}),
        processing=processing,
        dynamic_partitioning=dict(partitioning) if partitioning else None,
        file_extension=config.get("FileExtension") or None,
        custom_time_zone=zone,
        format_conversion=converting,
    )
