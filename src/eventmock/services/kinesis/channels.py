"""Channels (``CreateChannel`` and its twins): a channel names the streams it reads
and the S3 (or S3 Tables) destination it writes to. eventmock keeps, describes, lists,
updates and deletes them with AWS's shapes and errors; it writes nothing to S3. A
channel is ``ACTIVE`` as soon as it is created (``CreateChannel`` answers
``CREATING``, as AWS does)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from eventmock.core import clock, ids, pagination
from eventmock.core.errors import ServiceError
from eventmock.services.kinesis.base import CHANNEL_LIMIT, KinesisBase

#: ``DataFreshnessInSeconds`` when the destination does not say (eventmock's choice).
DEFAULT_FRESHNESS_S = 300
DEFAULT_LIST_CHANNELS = 100


@dataclass
class Channel:
    name: str
    arn: str
    id: str
    created: dt.datetime
    role: str
    streams: list[dict[str, Any]]
    destination_type: str
    destination: dict[str, Any]
    logging: dict[str, Any]
    encryption: dict[str, Any] | None = None
    tags: dict[str, str] = field(default_factory=dict)

    def identity(self) -> dict[str, Any]:
        return {
            "ChannelName": self.name,
            "ChannelARN": self.arn,
            "ChannelId": self.id,
            "ChannelStatus": "ACTIVE",
            "ChannelCreationTimestamp": self.created,
        }

    def description(self) -> dict[str, Any]:
        member = "S3DestinationConfiguration" if self.destination_type == "S3" else "S3TablesDestinationConfiguration"
        out = {
            **self.identity(),
            "ServiceExecutionRoleARN": self.role,
            "StreamConfigurationList": self.streams,
            member: self.destination,
            "LoggingConfiguration": self.logging,
        }
        if self.encryption is not None:
            out["EncryptionConfiguration"] = self.encryption
        return out


class Channels(KinesisBase):
    def _channel(self, arn: str) -> Channel:
        owner, _ = self._owner(arn)
        channel = owner.channels.get(arn)
        if not isinstance(channel, Channel):
            raise ServiceError("ResourceNotFoundException", f"Channel {arn} under account {owner.account_id} not found.")
        return channel

    def create_channel(
        self,
        ChannelName: str,
        ServiceExecutionRoleARN: str,
        StreamConfigurationList: list[dict[str, Any]],
        S3DestinationConfiguration: dict[str, Any] | None = None,
        S3TablesDestinationConfiguration: dict[str, Any] | None = None,
        EncryptionConfiguration: dict[str, Any] | None = None,
        Tags: dict[str, str] | None = None,
        LoggingConfiguration: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        if (S3DestinationConfiguration is None) == (S3TablesDestinationConfiguration is None):
            raise ServiceError(
                "InvalidArgumentException", "Exactly one of S3DestinationConfiguration and S3TablesDestinationConfiguration must be specified."
            )
        arn = self._arn(f"channel/{ChannelName}")
        if arn in self.channels:
            raise ServiceError("ResourceInUseException", f"Channel {ChannelName} under account {self.account_id} already exists.")
        if len(self.channels) >= CHANNEL_LIMIT:
            raise ServiceError("LimitExceededException", f"Account {self.account_id} has reached its limit of {CHANNEL_LIMIT} channels.")
        streams = []
        for config in StreamConfigurationList:
            stream = self._stream(None, config["StreamARN"])
            if stream.mode != "ON_DEMAND":
                raise ServiceError("InvalidArgumentException", f"Channels are supported only on ON_DEMAND streams: {stream.arn} is PROVISIONED.")
            streams.append({"StreamARN": stream.arn, "StreamCreationTimestamp": stream.created, "RecordConfiguration": config["RecordConfiguration"]})
        self._check_tags(Tags or {})
        if S3DestinationConfiguration is not None:
            kind, given = "S3", dict(S3DestinationConfiguration)
            storage = given["StorageConfiguration"]
            given.setdefault("DeadLetterQueueS3Configuration", {"BucketARN": storage["BucketARN"], "ExpectedBucketOwner": storage["ExpectedBucketOwner"]})
        else:
            assert S3TablesDestinationConfiguration is not None
            kind, given = "S3_TABLES", dict(S3TablesDestinationConfiguration)
        given.setdefault("DataFreshnessInSeconds", DEFAULT_FRESHNESS_S)
        channel = Channel(
            ChannelName,
            arn,
            ids.uuid4(),
            clock.now(),
            ServiceExecutionRoleARN,
            streams,
            kind,
            given,
            LoggingConfiguration or {"CloudWatchLogs": {"Enabled": False}},
            EncryptionConfiguration,
            dict(Tags or {}),
        )
        self.channels[arn] = channel
        return {"ChannelDescription": {**channel.description(), "ChannelStatus": "CREATING"}}

    def describe_channel(self, ChannelARN: str) -> dict[str, Any]:
        return {"ChannelDescription": self._channel(ChannelARN).description()}

    def update_channel(
        self,
        ChannelARN: str,
        S3DestinationConfiguration: dict[str, Any] | None = None,
        S3TablesDestinationConfiguration: dict[str, Any] | None = None,
        LoggingConfiguration: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        channel = self._channel(ChannelARN)
        update = S3DestinationConfiguration if channel.destination_type == "S3" else S3TablesDestinationConfiguration
        other = S3TablesDestinationConfiguration if channel.destination_type == "S3" else S3DestinationConfiguration
        if other is not None:
            raise ServiceError("InvalidArgumentException", f"Channel {channel.name} writes to {channel.destination_type}; its destination type cannot change.")
        if update is not None:
            channel.destination["DataFreshnessInSeconds"] = update["DataFreshnessInSeconds"]
        if LoggingConfiguration is not None:
            channel.logging = LoggingConfiguration
        return {"ChannelDescription": channel.description()}

    def delete_channel(self, ChannelARN: str) -> None:
        channel = self._channel(ChannelARN)
        owner, _ = self._owner(ChannelARN)
        del owner.channels[channel.arn]

    def list_channels(
        self, StreamFilter: list[dict[str, Any]] | None = None, MaxResults: int | None = None, NextToken: str | None = None
    ) -> dict[str, Any]:
        channels = [c for c in self.channels.values() if isinstance(c, Channel)]
        if StreamFilter:
            wanted = {f["StreamARN"] for f in StreamFilter}
            channels = [c for c in channels if wanted & {s["StreamARN"] for s in c.streams}]
        try:
            page, token = pagination.page(channels, NextToken, MaxResults or DEFAULT_LIST_CHANNELS)
        except pagination.InvalidToken:
            raise ServiceError("InvalidArgumentException", f"Invalid NextToken: {NextToken}") from None
        summaries = [
            {
                **c.identity(),
                "ChannelDestinationType": c.destination_type,
                "Streams": [{"StreamARN": s["StreamARN"], "StreamCreationTimestamp": s["StreamCreationTimestamp"]} for s in c.streams],
            }
            for c in page
        ]
        return {"ChannelSummaries": summaries, "NextToken": token}
