"""Streams: create, describe, list, delete, and their settings (retention, capacity
mode, encryption, enhanced monitoring, record size, warm throughput, record
distribution); account limits and settings."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from eventmock.core import clock, ids, pagination
from eventmock.core.errors import ServiceError
from eventmock.services.kinesis.base import CHANNEL_LIMIT, ON_DEMAND_STREAM_LIMIT, KinesisBase
from eventmock.services.kinesis.models import (
    HASH_SPACE,
    MAX_RETENTION_HOURS,
    MIN_RETENTION_HOURS,
    ON_DEMAND_SHARDS,
    Shard,
    Stream,
)

DEFAULT_LIST_STREAMS = 100
DEFAULT_DESCRIBE_SHARDS = 100
#: The shard-level metrics ``ALL`` stands for.
SHARD_LEVEL_METRICS = (
    "IncomingBytes",
    "IncomingRecords",
    "OutgoingBytes",
    "OutgoingRecords",
    "WriteProvisionedThroughputExceeded",
    "ReadProvisionedThroughputExceeded",
    "IteratorAgeMilliseconds",
)


@functools.cache
def model_has(shape: str, member: str) -> bool:
    """Whether the installed botocore's kinesis model has ``shape.member`` (older
    models lack the newer settings; what they lack is not answered)."""
    from eventmock.core.wire.routing import models

    model = models.model("kinesis")
    return shape in model.shape_names and member in model.shape_for(shape).members


def _stream_id() -> str:
    """A stream id as AWS's look (``[a-z0-9]{20}-[a-z0-9]{3}``)."""
    raw = ids.hex32()
    return f"{raw[:20]}-{raw[20:23]}"


class Streams(KinesisBase):
    def create_stream(
        self,
        StreamName: str,
        ShardCount: int | None = None,
        StreamModeDetails: dict[str, str] | None = None,
        Tags: dict[str, str] | None = None,
        WarmThroughputMiBps: int | None = None,
        MaxRecordSizeInKiB: int | None = None,
        RecordDistributionStrategy: str | None = None,
    ) -> None:
        mode = (StreamModeDetails or {}).get("StreamMode") or ("PROVISIONED" if ShardCount is not None else "ON_DEMAND")
        if mode == "ON_DEMAND" and ShardCount is not None:
            self.refuse(
                "kinesis.shard-count-on-demand",
                ServiceError("InvalidArgumentException", "ShardCount cannot be specified when StreamMode is ON_DEMAND."),
            )  # lenient: an on-demand stream of ShardCount shards, as moto makes it
        if mode == "PROVISIONED" and ShardCount is None:
            raise ServiceError("InvalidArgumentException", "ShardCount is required when StreamMode is PROVISIONED.")
        if mode == "PROVISIONED" and WarmThroughputMiBps is not None:
            raise ServiceError("InvalidArgumentException", "WarmThroughputMiBps can only be specified for ON_DEMAND streams.")
        if mode == "PROVISIONED" and RecordDistributionStrategy == "AUTO":
            raise ServiceError("InvalidArgumentException", "RecordDistributionStrategy AUTO is only supported for ON_DEMAND streams.")
        if StreamName in self.streams:
            raise ServiceError("ResourceInUseException", f"Stream {StreamName} under account {self.account_id} already exists.")
        count = ShardCount if ShardCount is not None else ON_DEMAND_SHARDS
        self._check_shard_quota(count)
        self._check_tags(Tags or {})
        now = clock.now()
        now_ms = clock.epoch_ms()
        width = HASH_SPACE // count
        shards = []
        for i in range(count):
            end = HASH_SPACE - 1 if i == count - 1 else (i + 1) * width - 1
            shards.append(Shard(f"shardId-{i:012d}", i * width, end, self._next_sequence(), created_ms=now_ms))
        stream = Stream(StreamName, self._arn(f"stream/{StreamName}"), mode, now, shards, dict(Tags or {}), id=_stream_id())
        if MaxRecordSizeInKiB is not None:
            stream.max_record_kib = MaxRecordSizeInKiB
        stream.warm_throughput = WarmThroughputMiBps
        stream.distribution = RecordDistributionStrategy
        self.streams[StreamName] = stream

    def delete_stream(
        self,
        StreamName: str | None = None,
        EnforceConsumerDeletion: bool | None = None,
        StreamARN: str | None = None,
        StreamId: str | None = None,
    ) -> None:
        owner, stream = self._locate(StreamName, StreamARN)
        if stream.stream_consumers and not EnforceConsumerDeletion:
            raise ServiceError(
                "ResourceInUseException",
                f"Stream {stream.name} under account {owner.account_id} has registered consumers. "
                "Deregister them first, or set EnforceConsumerDeletion.",
            )
        del owner.streams[stream.name]

    # -- describing ---------------------------------------------------------------------

    def _summary(self, stream: Stream) -> dict[str, Any]:
        return {
            "StreamName": stream.name,
            "StreamARN": stream.arn,
            "StreamStatus": "ACTIVE",
            "StreamModeDetails": {"StreamMode": stream.mode},
            "StreamCreationTimestamp": stream.created,
        }

    def _settings(self, stream: Stream) -> dict[str, Any]:
        out: dict[str, Any] = {
            "RetentionPeriodHours": stream.retention_hours,
            "EnhancedMonitoring": [{"ShardLevelMetrics": list(stream.metrics)}],
            "EncryptionType": stream.encryption,
        }
        if stream.key_id is not None:
            out["KeyId"] = stream.key_id
        return out

    def describe_stream(
        self,
        StreamName: str | None = None,
        Limit: int | None = None,
        ExclusiveStartShardId: str | None = None,
        StreamARN: str | None = None,
        StreamId: str | None = None,
    ) -> dict[str, Any]:
        stream = self._stream(StreamName, StreamARN)
        now_ms = clock.epoch_ms()
        stream.trim(now_ms)
        shards = stream.live_shards(now_ms)
        if ExclusiveStartShardId is not None:
            shards = [s for s in shards if s.id > ExclusiveStartShardId]
        limit = Limit or DEFAULT_DESCRIBE_SHARDS
        return {
            "StreamDescription": {
                **self._summary(stream),
                "Shards": [s.description() for s in shards[:limit]],
                "HasMoreShards": len(shards) > limit,
                **self._settings(stream),
            }
        }

    def describe_stream_summary(
        self, StreamName: str | None = None, StreamARN: str | None = None, StreamId: str | None = None
    ) -> dict[str, Any]:
        stream = self._stream(StreamName, StreamARN)
        summary: dict[str, Any] = {
            **self._summary(stream),
            **self._settings(stream),
            "OpenShardCount": len(stream.open_shards),
            "ConsumerCount": len(stream.stream_consumers),
        }
        optional = {
            "StreamId": stream.id,
            "MaxRecordSizeInKiB": stream.max_record_kib,
            "WarmThroughput": {"TargetMiBps": stream.warm_throughput, "CurrentMiBps": stream.warm_throughput}
            if stream.warm_throughput is not None
            else None,
            "RecordDistributionStrategy": stream.distribution,
        }
        for name, value in optional.items():
            if value is not None and model_has("StreamDescriptionSummary", name):
                summary[name] = value
        return {"StreamDescriptionSummary": summary}

    def list_streams(
        self, Limit: int | None = None, ExclusiveStartStreamName: str | None = None, NextToken: str | None = None
    ) -> dict[str, Any]:
        names = sorted(self.streams)
        if ExclusiveStartStreamName is not None:
            names = [n for n in names if n > ExclusiveStartStreamName]
        try:
            page, token = pagination.page(names, NextToken, Limit or DEFAULT_LIST_STREAMS)
        except pagination.InvalidToken:
            raise ServiceError("InvalidArgumentException", f"Invalid NextToken: {NextToken}") from None
        return {
            "StreamNames": page,
            "HasMoreStreams": token is not None,
            "NextToken": token,
            "StreamSummaries": [self._summary(self.streams[n]) for n in page],
        }

    # -- retention ----------------------------------------------------------------------

    def _check_retention(self, hours: int) -> None:
        if hours < MIN_RETENTION_HOURS:
            raise ServiceError(
                "InvalidArgumentException",
                f"Minimum allowed retention period is {MIN_RETENTION_HOURS} hours. Requested retention period ({hours} hours) is too short.",
            )
        if hours > MAX_RETENTION_HOURS:
            raise ServiceError(
                "InvalidArgumentException",
                f"Maximum allowed retention period is {MAX_RETENTION_HOURS} hours. Requested retention period ({hours} hours) is too long.",
            )

    def increase_stream_retention_period(
        self, RetentionPeriodHours: int, StreamName: str | None = None, StreamARN: str | None = None, StreamId: str | None = None
    ) -> None:
        stream = self._stream(StreamName, StreamARN)
        self._check_retention(RetentionPeriodHours)
        if RetentionPeriodHours < stream.retention_hours:
            raise ServiceError(
                "InvalidArgumentException",
                f"Requested retention period ({RetentionPeriodHours} hours) for stream {stream.name} can not be shorter than "
                f"existing retention period ({stream.retention_hours} hours). Use DecreaseRetentionPeriod API.",
            )
        stream.retention_hours = RetentionPeriodHours

    def decrease_stream_retention_period(
        self, RetentionPeriodHours: int, StreamName: str | None = None, StreamARN: str | None = None, StreamId: str | None = None
    ) -> None:
        stream = self._stream(StreamName, StreamARN)
        self._check_retention(RetentionPeriodHours)
        if RetentionPeriodHours > stream.retention_hours:
            raise ServiceError(
                "InvalidArgumentException",
                f"Requested retention period ({RetentionPeriodHours} hours) for stream {stream.name} can not be longer than "
                f"existing retention period ({stream.retention_hours} hours). Use IncreaseRetentionPeriod API.",
            )
        stream.retention_hours = RetentionPeriodHours
        stream.trim(clock.epoch_ms())

    # -- capacity mode, record size, warm throughput, distribution ---------------------

    def update_stream_mode(
        self, StreamARN: str, StreamModeDetails: dict[str, str], StreamId: str | None = None, WarmThroughputMiBps: int | None = None
    ) -> None:
        stream = self._stream(None, StreamARN)
        mode = StreamModeDetails["StreamMode"]
        if mode == "PROVISIONED" and WarmThroughputMiBps is not None:
            raise ServiceError("InvalidArgumentException", "WarmThroughputMiBps can only be specified for ON_DEMAND streams.")
        if mode == stream.mode:
            raise ServiceError("InvalidArgumentException", f"Stream {stream.name} under account {self.account_id} is already in {mode} mode.")
        stream.mode = mode
        if mode == "PROVISIONED":
            stream.warm_throughput = None
        elif WarmThroughputMiBps is not None:
            stream.warm_throughput = WarmThroughputMiBps

    def update_max_record_size(self, MaxRecordSizeInKiB: int, StreamARN: str | None = None, StreamId: str | None = None) -> None:
        stream = self._stream(None, StreamARN)
        stream.max_record_kib = MaxRecordSizeInKiB

    def update_stream_warm_throughput(
        self, WarmThroughputMiBps: int, StreamARN: str | None = None, StreamName: str | None = None, StreamId: str | None = None
    ) -> dict[str, Any]:
        stream = self._stream(StreamName, StreamARN)
        if stream.mode != "ON_DEMAND":
            raise ServiceError(
                "InvalidArgumentException", f"Stream {stream.name} under account {self.account_id} is not in ON_DEMAND mode."
            )
        previous = stream.warm_throughput
        stream.warm_throughput = WarmThroughputMiBps
        warm = {"TargetMiBps": WarmThroughputMiBps}
        if previous is not None:
            warm["CurrentMiBps"] = previous
        return {"StreamARN": stream.arn, "StreamName": stream.name, "WarmThroughput": warm}

    def update_stream_record_distribution_strategy(
        self, StreamARN: str, RecordDistributionStrategy: str, StreamId: str | None = None
    ) -> None:
        stream = self._stream(None, StreamARN)
        if stream.mode != "ON_DEMAND" and RecordDistributionStrategy == "AUTO":
            raise ServiceError("InvalidArgumentException", "RecordDistributionStrategy AUTO is only supported for ON_DEMAND streams.")
        stream.distribution = RecordDistributionStrategy

    # -- encryption ---------------------------------------------------------------------

    def start_stream_encryption(
        self, EncryptionType: str, KeyId: str, StreamName: str | None = None, StreamARN: str | None = None, StreamId: str | None = None
    ) -> None:
        stream = self._stream(StreamName, StreamARN)
        if EncryptionType != "KMS":
            raise ServiceError("InvalidArgumentException", f"Invalid EncryptionType: {EncryptionType}. Only KMS is supported.")
        stream.encryption, stream.key_id = "KMS", KeyId

    def stop_stream_encryption(
        self, EncryptionType: str, KeyId: str, StreamName: str | None = None, StreamARN: str | None = None, StreamId: str | None = None
    ) -> None:
        stream = self._stream(StreamName, StreamARN)
        if EncryptionType != "KMS":
            raise ServiceError("InvalidArgumentException", f"Invalid EncryptionType: {EncryptionType}. Only KMS is supported.")
        stream.encryption, stream.key_id = "NONE", None

    # -- enhanced monitoring ----------------------------------------------------------

    def _monitoring(self, stream: Stream, metrics: list[str], enable: bool) -> dict[str, Any]:
        before = list(stream.metrics)
        if "ALL" in metrics:
            after = ["ALL"] if enable else []
        else:
            present = list(SHARD_LEVEL_METRICS) if "ALL" in before else before
            if enable:
                after = present + [m for m in dict.fromkeys(metrics) if m not in present]
            else:
                after = [m for m in present if m not in metrics]
        stream.metrics = after
        return {"StreamName": stream.name, "CurrentShardLevelMetrics": before, "DesiredShardLevelMetrics": after, "StreamARN": stream.arn}

    def enable_enhanced_monitoring(
        self, ShardLevelMetrics: list[str], StreamName: str | None = None, StreamARN: str | None = None, StreamId: str | None = None
    ) -> dict[str, Any]:
        return self._monitoring(self._stream(StreamName, StreamARN), ShardLevelMetrics, True)

    def disable_enhanced_monitoring(
        self, ShardLevelMetrics: list[str], StreamName: str | None = None, StreamARN: str | None = None, StreamId: str | None = None
    ) -> dict[str, Any]:
        return self._monitoring(self._stream(StreamName, StreamARN), ShardLevelMetrics, False)

    # -- the account ------------------------------------------------------------------

    def describe_limits(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ShardLimit": self.shard_quota(),
            "OpenShardCount": self._open_shard_count(),
            "OnDemandStreamCount": sum(1 for s in self.streams.values() if s.mode == "ON_DEMAND"),
            "OnDemandStreamCountLimit": ON_DEMAND_STREAM_LIMIT,
        }
        if model_has("DescribeLimitsOutput", "ChannelCount"):
            out["ChannelCount"] = len(self.channels)
            out["ChannelCountLimit"] = CHANNEL_LIMIT
        return out

    def describe_account_settings(self) -> dict[str, Any]:
        return {"MinimumThroughputBillingCommitment": dict(self.commitment)}

    def update_account_settings(self, MinimumThroughputBillingCommitment: dict[str, str]) -> dict[str, Any]:
        settings = self.commitment
        status = MinimumThroughputBillingCommitment["Status"]
        now = clock.now()
        if status == "ENABLED" and settings["Status"] != "ENABLED":
            settings.clear()
            settings.update(Status="ENABLED", StartedAt=now, EarliestAllowedEndAt=now + dt.timedelta(days=1))
        elif status == "DISABLED" and settings["Status"] == "ENABLED":
            if now < settings["EarliestAllowedEndAt"]:
                settings["Status"] = "ENABLED_UNTIL_EARLIEST_ALLOWED_END"
                settings["EndedAt"] = settings["EarliestAllowedEndAt"]
            else:
                settings.update(Status="DISABLED", EndedAt=now)
        return {"MinimumThroughputBillingCommitment": dict(settings)}

