"""Shards: listing them (with ``ShardFilter``), and resharding (``SplitShard``,
``MergeShards``, ``UpdateShardCount``) with AWS's lineage: a split or merge closes its
parent shard(s) (``EndingSequenceNumber``) and opens children that name them
(``ParentShardId``, ``AdjacentParentShardId``). Resharding settles at once, as
creating a stream does: the stream is ``ACTIVE`` again when the call returns."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

from eventmock.core import clock, pagination
from eventmock.core.errors import ServiceError
from eventmock.services.kinesis.base import KinesisBase, validation_error
from eventmock.services.kinesis.models import Shard, Stream

DEFAULT_LIST_SHARDS = 1_000


class Shards(KinesisBase):
    def list_shards(
        self,
        StreamName: str | None = None,
        NextToken: str | None = None,
        ExclusiveStartShardId: str | None = None,
        MaxResults: int | None = None,
        StreamCreationTimestamp: dt.datetime | None = None,
        ShardFilter: dict[str, Any] | None = None,
        StreamARN: str | None = None,
        StreamId: str | None = None,
    ) -> dict[str, Any]:
        if NextToken is not None:
            if StreamName is not None or StreamARN is not None or ExclusiveStartShardId is not None:
                raise ServiceError(
                    "InvalidArgumentException", "NextToken and StreamName/StreamARN/ExclusiveStartShardId cannot be provided together."
                )
            try:
                arn, _, offset = base64.urlsafe_b64decode(NextToken.encode()).decode().rpartition("|")
            except (binascii.Error, UnicodeError):
                raise ServiceError("InvalidArgumentException", f"Invalid NextToken: {NextToken}") from None
            if not arn.startswith("arn:"):
                raise ServiceError("InvalidArgumentException", f"Invalid NextToken: {NextToken}")
            stream, inner = self._stream(None, arn), offset
        else:
            stream, inner = self._stream(StreamName, StreamARN), None
        now_ms = clock.epoch_ms()
        stream.trim(now_ms)
        shards = stream.live_shards(now_ms)
        if ExclusiveStartShardId is not None:
            shards = [s for s in shards if s.id > ExclusiveStartShardId]
        if ShardFilter is not None:
            shards = _filtered(stream, shards, ShardFilter, now_ms)
        try:
            page, token = pagination.page(shards, inner or None, MaxResults or DEFAULT_LIST_SHARDS)
        except pagination.InvalidToken:
            raise ServiceError("InvalidArgumentException", f"Invalid NextToken: {NextToken}") from None
        next_token = base64.urlsafe_b64encode(f"{stream.arn}|{token}".encode()).decode() if token else None
        return {"Shards": [s.description() for s in page], "NextToken": next_token}

    # -- resharding ---------------------------------------------------------------------

    def _reshardable(self, stream: Stream, shard_id: str) -> Shard:
        shard = stream.shard(shard_id)
        if shard is None:
            raise ServiceError(
                "ResourceNotFoundException", f"Could not find shard {shard_id} in stream {stream.name} under account {self.account_id}."
            )
        if not shard.is_open:
            raise ServiceError(
                "InvalidArgumentException",
                f"Shard {shard_id} in stream {stream.name} under account {self.account_id} has already been merged or split, "
                "and thus is not eligible for merging or splitting.",
            )
        return shard

    def _provisioned(self, stream: Stream) -> None:
        if stream.mode == "ON_DEMAND":
            raise validation_error(f"Request is invalid. Stream {stream.name} under account {self.account_id} is in On-Demand mode.")

    def _new_shard(self, stream: Stream, start: int, end: int, parent: str, adjacent: str | None = None) -> Shard:
        shard = Shard(
            f"shardId-{len(stream.shards):012d}",
            start,
            end,
            self._next_sequence(),
            created_ms=clock.epoch_ms(),
            parent=parent,
            adjacent_parent=adjacent,
        )
        stream.shards.append(shard)
        return shard

    def _close(self, shard: Shard) -> None:
        shard.ending_sequence = self._next_sequence()
        shard.closed_ms = clock.epoch_ms()

    def _split(self, stream: Stream, shard: Shard, at: int) -> None:
        self._close(shard)
        low = self._new_shard(stream, shard.start_hash, at - 1, shard.id)
        high = self._new_shard(stream, at, shard.end_hash, shard.id)
        shard.children = [low.id, high.id]

    def _merge(self, stream: Stream, shard: Shard, adjacent: Shard) -> None:
        self._close(shard)
        self._close(adjacent)
        child = self._new_shard(
            stream, min(shard.start_hash, adjacent.start_hash), max(shard.end_hash, adjacent.end_hash), shard.id, adjacent.id
        )
        shard.children = adjacent.children = [child.id]

    def split_shard(
        self,
        ShardToSplit: str,
        NewStartingHashKey: str,
        StreamName: str | None = None,
        StreamARN: str | None = None,
        StreamId: str | None = None,
    ) -> None:
        owner, stream = self._locate(StreamName, StreamARN)
        assert isinstance(owner, Shards)
        shard = self._reshardable(stream, ShardToSplit)
        at = int(NewStartingHashKey)
        if not shard.start_hash + 1 < at < shard.end_hash:
            raise ServiceError(
                "InvalidArgumentException",
                f"NewStartingHashKey {NewStartingHashKey} used in SplitShard() on shard {ShardToSplit} in stream {stream.name} "
                f"under account {self.account_id} is not both greater than one plus the shard's StartingHashKey {shard.start_hash} "
                f"and less than the shard's EndingHashKey {shard.end_hash}.",
            )
        owner._check_shard_quota(1)
        owner._split(stream, shard, at)
        stream.reindex()

    def merge_shards(
        self,
        ShardToMerge: str,
        AdjacentShardToMerge: str,
        StreamName: str | None = None,
        StreamARN: str | None = None,
        StreamId: str | None = None,
    ) -> None:
        owner, stream = self._locate(StreamName, StreamARN)
        assert isinstance(owner, Shards)
        shard = self._reshardable(stream, ShardToMerge)
        adjacent = self._reshardable(stream, AdjacentShardToMerge)
        if shard.end_hash + 1 != adjacent.start_hash and adjacent.end_hash + 1 != shard.start_hash:
            raise ServiceError(
                "InvalidArgumentException",
                f"Shards {ShardToMerge} and {AdjacentShardToMerge} in stream {stream.name} under account {self.account_id} "
                "are not an adjacent pair of shards eligible for merging",
            )
        owner._merge(stream, shard, adjacent)
        stream.reindex()

    def update_shard_count(
        self,
        TargetShardCount: int,
        ScalingType: str,
        StreamName: str | None = None,
        StreamARN: str | None = None,
        StreamId: str | None = None,
    ) -> dict[str, Any]:
        owner, stream = self._locate(StreamName, StreamARN)
        assert isinstance(owner, Shards)
        self._provisioned(stream)
        current = len(stream.open_shards)
        if TargetShardCount > current * 2:
            raise ServiceError(
                "InvalidArgumentException",
                f"UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: {current} "
                f"Target shard count: {TargetShardCount}",
            )
        if TargetShardCount * 2 < current:
            raise ServiceError(
                "InvalidArgumentException",
                f"UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: {current} "
                f"Target shard count: {TargetShardCount}",
            )
        if TargetShardCount > current:
            owner._check_shard_quota(TargetShardCount - current)
        if TargetShardCount != current:
            owner._rescale(stream, TargetShardCount)
        return {"StreamName": stream.name, "CurrentShardCount": current, "TargetShardCount": TargetShardCount, "StreamARN": stream.arn}

    def _rescale(self, stream: Stream, target: int) -> None:
        """Reach ``target`` open shards as AWS's uniform scaling does: to grow, split
        every open shard in two; then merge neighbouring pairs (lowest hash keys first)
        until the target is reached. The total shard counts this yields (open and
        closed) are those AWS reports (2 -> 4: 6 shards, 4 -> 5: 15, 10 -> 3: 17)."""
        if target > len(stream.open_shards):
            for shard in list(stream.open_shards):
                self._split(stream, shard, (shard.start_hash + shard.end_hash) // 2)
            stream.reindex()
        while len(stream.open_shards) > target:
            needed = len(stream.open_shards) - target
            ordered = stream.open_shards
            for low, high in zip(ordered[0::2], ordered[1::2]):
                if needed == 0:
                    break
                self._merge(stream, low, high)
                needed -= 1
            stream.reindex()


def _filtered(stream: Stream, shards: list[Shard], shard_filter: dict[str, Any], now_ms: int) -> list[Shard]:
    """``ListShards``' ``ShardFilter``: which shards were open when."""
    kind = shard_filter["Type"]
    if kind == "AFTER_SHARD_ID":
        after = shard_filter.get("ShardId")
        if after is None:
            raise ServiceError("InvalidArgumentException", "ShardId must be specified when ShardFilter type is AFTER_SHARD_ID.")
        return [s for s in shards if s.id > after]
    if kind == "AT_LATEST":
        return [s for s in shards if s.is_open]
    if kind == "FROM_TRIM_HORIZON":
        return shards
    if kind == "AT_TRIM_HORIZON":
        at = now_ms - stream.retention_ms
        return [s for s in shards if _open_at(s, at)]
    when = shard_filter.get("Timestamp")
    if when is None:
        raise ServiceError("InvalidArgumentException", f"Timestamp must be specified when ShardFilter type is {kind}.")
    at = int(when.timestamp() * 1000)
    if kind == "AT_TIMESTAMP":
        return [s for s in shards if _open_at(s, at)]
    return [s for s in shards if s.closed_ms is None or s.closed_ms > at]  # FROM_TIMESTAMP


def _open_at(shard: Shard, at_ms: int) -> bool:
    """Whether ``shard`` was open at ``at_ms``; a stream's first shards count as open
    since before the stream was made (a time before it reads its first shards)."""
    born = shard.created_ms if shard.parent is not None else -1
    return born <= at_ms and (shard.closed_ms is None or shard.closed_ms > at_ms)
