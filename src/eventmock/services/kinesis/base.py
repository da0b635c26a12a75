"""The state and shared helpers of the Kinesis backend; each resource family's
operations live in their own module (streams, shards, records, consumers, tags and
policies, queues and channels) as a mixin of :class:`KinesisBase`."""

from __future__ import annotations

import hashlib
from typing import Any

from eventmock.core import arns, clock, validation
from eventmock.core import tags as tags_
from eventmock.core.backend import Backend
from eventmock.core.errors import ServiceError
from eventmock.services.kinesis.models import SEQUENCE_BASE, Record, Shard, Stream

#: The account's shard quota in a region: 500 in US East (N. Virginia), US West
#: (Oregon) and Europe (Ireland), 200 elsewhere (AWS's documented defaults).
LARGE_SHARD_QUOTA_REGIONS = frozenset({"us-east-1", "us-west-2", "eu-west-1"})
#: On-demand streams an account may have in a region (AWS's default quota).
ON_DEMAND_STREAM_LIMIT = 50
#: Channels an account may have in a region (eventmock's choice: AWS documents none).
CHANNEL_LIMIT = 50


def validation_error(message: str) -> ServiceError:
    return ServiceError("ValidationException", message, status=400)


class KinesisBase(Backend):
    service = "kinesis"
    view = "eventmock.services.kinesis.inspect:KinesisView"
    constraint_error = "ValidationException"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.streams: dict[str, Stream] = {}
        self._sequence = SEQUENCE_BASE
        #: ``MinimumThroughputBillingCommitment`` (``UpdateAccountSettings``).
        self.commitment: dict[str, Any] = {"Status": "DISABLED"}
        #: Channels and queues by ARN (:mod:`.resources`).
        self.channels: dict[str, Any] = {}
        self.queues: dict[str, Any] = {}

    # -- finding ----------------------------------------------------------------------

    def _not_found(self, name: str) -> ServiceError:
        return ServiceError("ResourceNotFoundException", f"Stream {name} under account {self.account_id} not found.")

    def _owner(self, arn_text: str) -> tuple[KinesisBase, arns.Arn]:
        """The backend that holds the resource ``arn_text`` names (an ARN may name
        another account's or region's resource)."""
        arn = arns.parse(arn_text)
        assert arn is not None  # the model's pattern has been checked
        owner = self.store.backend("kinesis", arn.account, arn.region)
        assert isinstance(owner, KinesisBase)
        return owner, arn

    def _locate(self, StreamName: str | None, StreamARN: str | None) -> tuple[KinesisBase, Stream]:
        """The stream a call names, by name or by ARN, and the backend that holds it."""
        if StreamARN is not None:
            owner, arn = self._owner(StreamARN)
            name = arn.resource.split("/", 1)[1]
            if StreamName is not None and StreamName != name:
                raise ServiceError("InvalidArgumentException", "StreamName and StreamARN do not refer to the same stream.")
        elif StreamName is not None:
            owner, name = self, StreamName
        else:
            raise validation_error("Either StreamName or StreamARN should be provided.")
        stream = owner.streams.get(name)
        if stream is None:
            raise owner._not_found(name)
        return owner, stream

    def _stream(self, StreamName: str | None, StreamARN: str | None) -> Stream:
        return self._locate(StreamName, StreamARN)[1]

    def _shard(self, stream: Stream, shard_id: str) -> Shard:
        shard = stream.shard(shard_id)
        if shard is None:
            raise ServiceError(
                "ResourceNotFoundException", f"Shard {shard_id} in stream {stream.name} under account {self.account_id} does not exist"
            )
        return shard

    def _queues_on(self, stream_arn: str) -> int:
        """How many queues read the stream (they count as its consumers)."""
        return sum(1 for queue in self.queues.values() if stream_arn in queue.stream_arns)

    # -- writing ----------------------------------------------------------------------

    def _next_sequence(self) -> int:
        self._sequence += 1
        return self._sequence

    def _append(self, stream: Stream, data: bytes, partition_key: str, explicit_hash_key: str | None) -> tuple[Shard, Record]:
        if explicit_hash_key is not None:
            hash_key = int(explicit_hash_key)
        else:
            hash_key = int.from_bytes(hashlib.md5(partition_key.encode("utf-8", "replace")).digest(), "big")
        shard = stream.shard_for(hash_key)
        now_ms = clock.epoch_ms()
        shard.trim(now_ms, stream.retention_ms)
        record = Record(self._next_sequence(), now_ms, data, partition_key)
        shard.records.append(record)
        if stream.consumers:
            for consumer in stream.consumers:
                consumer.arrived(now_ms)
        return shard, record

    @staticmethod
    def _record_too_large(stream: Stream, data: bytes, partition_key: str | None, path: str) -> str | None:
        """What AWS says of a record whose data and partition key together exceed the
        stream's maximum record size (``MaxRecordSizeInKiB``, 1 MiB by default), as
        one of a validation error's problems; ``None``: it fits."""
        limit = stream.max_record_kib * 1024
        if len(data) + len((partition_key or "").encode("utf-8", "replace")) <= limit:
            return None
        return (
            f"Value '{validation.java_buffer(data)}' at '{path}' failed to satisfy constraint: "
            f"Member must have length less than or equal to {limit}"
        )

    @staticmethod
    def _refuse(problems: list[str]) -> None:
        """A validation error listing ``problems``, if there are any."""
        if problems:
            count = f"{len(problems)} validation error{'s' if len(problems) > 1 else ''} detected"
            raise validation_error(f"{count}: {'; '.join(problems)}")

    def _check_record_size(self, stream: Stream, data: bytes, partition_key: str | None, path: str) -> None:
        problem = self._record_too_large(stream, data, partition_key, path)
        self._refuse([problem] if problem is not None else [])

    # -- tags -------------------------------------------------------------------------

    @staticmethod
    def _check_tags(tags: dict[str, str], present: dict[str, str] | None = None) -> None:
        merged = {**(present or {}), **tags}
        if len(merged) > tags_.MAX_TAGS:
            raise ServiceError("InvalidArgumentException", f"Failed to add tags to stream. A stream can have at most {tags_.MAX_TAGS} tags.")
        reserved = tags_.reserved_key(tags)
        if reserved is not None:
            raise ServiceError("InvalidArgumentException", f"Tag keys starting with 'aws:' are reserved for AWS use: {reserved}")

    # -- quotas -----------------------------------------------------------------------

    def shard_quota(self) -> int:
        """The account's shard quota in this region."""
        return 500 if self.region in LARGE_SHARD_QUOTA_REGIONS else 200

    def _open_shard_count(self) -> int:
        return sum(len(s.open_shards) for s in self.streams.values())

    def _check_shard_quota(self, more: int) -> None:
        current = self._open_shard_count()
        limit = self.shard_quota()
        if current + more > limit:
            raise ServiceError(
                "LimitExceededException",
                f"This request would exceed the shard limit for the account {self.account_id} in {self.region}. "
                f"Current shard count for the account: {current}. Limit: {limit}. "
                f"Number of additional shards that would have resulted from this request: {more}. "
                "Refer to the AWS Service Limits page (https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) "
                "for current limits and how to request higher limits.",
            )
