"""Resharding: SplitShard, MergeShards, UpdateShardCount, with AWS's shard lineage;
ListShards' ShardFilter; reading across a reshard."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

HALF = 2**127


def shard_ids(shards):
    return [s["ShardId"] for s in shards]


def open_ids(shards):
    return [s["ShardId"] for s in shards if "EndingSequenceNumber" not in s["SequenceNumberRange"]]


def test_split_closes_the_parent_and_opens_two_children(kinesis):
    kinesis.create_stream(StreamName="s", ShardCount=1)
    kinesis.split_shard(StreamName="s", ShardToSplit="shardId-000000000000", NewStartingHashKey=str(HALF))
    description = kinesis.describe_stream(StreamName="s")["StreamDescription"]
    assert description["StreamStatus"] == "ACTIVE"
    parent, low, high = description["Shards"]
    assert parent["ShardId"] == "shardId-000000000000"
    assert "ParentShardId" not in parent
    ending = int(parent["SequenceNumberRange"]["EndingSequenceNumber"])
    assert ending >= int(parent["SequenceNumberRange"]["StartingSequenceNumber"])
    assert low == {
        "ShardId": "shardId-000000000001",
        "ParentShardId": "shardId-000000000000",
        "HashKeyRange": {"StartingHashKey": "0", "EndingHashKey": str(HALF - 1)},
        "SequenceNumberRange": {"StartingSequenceNumber": low["SequenceNumberRange"]["StartingSequenceNumber"]},
    }
    assert high["HashKeyRange"] == {"StartingHashKey": str(HALF), "EndingHashKey": str(2**128 - 1)}
    assert int(low["SequenceNumberRange"]["StartingSequenceNumber"]) > ending
    summary = kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]
    assert summary["OpenShardCount"] == 2


def test_records_after_a_split_go_to_the_children(kinesis):
    kinesis.create_stream(StreamName="s", ShardCount=1)
    kinesis.put_record(StreamName="s", Data=b"before", PartitionKey="k")
    kinesis.split_shard(StreamName="s", ShardToSplit="shardId-000000000000", NewStartingHashKey=str(HALF))
    low = kinesis.put_record(StreamName="s", Data=b"low", PartitionKey="k", ExplicitHashKey="5")
    high = kinesis.put_record(StreamName="s", Data=b"high", PartitionKey="k", ExplicitHashKey=str(HALF + 1))
    assert (low["ShardId"], high["ShardId"]) == ("shardId-000000000001", "shardId-000000000002")
    # the closed parent still reads; at its end there is no next iterator, only the children
    iterator = kinesis.get_shard_iterator(StreamName="s", ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    page = kinesis.get_records(ShardIterator=iterator)
    assert [r["Data"] for r in page["Records"]] == [b"before"]
    assert "NextShardIterator" not in page
    if "ChildShards" in page:  # newer models
        assert [c["ShardId"] for c in page["ChildShards"]] == ["shardId-000000000001", "shardId-000000000002"]
        assert page["ChildShards"][0]["ParentShards"] == ["shardId-000000000000"]


def test_split_refusals(kinesis):
    kinesis.create_stream(StreamName="s", ShardCount=2)
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException) as info:
        kinesis.split_shard(StreamName="s", ShardToSplit="unknown", NewStartingHashKey="5")
    assert info.value.response["Error"]["Message"] == "Could not find shard unknown in stream s under account 123456789012."
    with pytest.raises(kinesis.exceptions.InvalidArgumentException) as info:
        kinesis.split_shard(StreamName="s", ShardToSplit="shardId-000000000001", NewStartingHashKey="5")
    assert "is not both greater than one plus the shard's StartingHashKey" in info.value.response["Error"]["Message"]
    kinesis.split_shard(StreamName="s", ShardToSplit="shardId-000000000001", NewStartingHashKey=str(HALF + 10))
    with pytest.raises(kinesis.exceptions.InvalidArgumentException) as info:
        kinesis.split_shard(StreamName="s", ShardToSplit="shardId-000000000001", NewStartingHashKey=str(HALF + 20))
    assert info.value.response["Error"]["Message"] == (
        "Shard shardId-000000000001 in stream s under account 123456789012 has already been merged or split, "
        "and thus is not eligible for merging or splitting."
    )
    assert len(kinesis.list_shards(StreamName="s")["Shards"]) == 4


def test_a_hash_key_that_is_no_number_shows_the_pattern_as_aws_writes_it(kinesis):
    # the same text whichever botocore is installed (newer models wrap it in ^(...)$)
    kinesis.create_stream(StreamName="s", ShardCount=1)
    with pytest.raises(kinesis.exceptions.ClientError) as info:
        kinesis.split_shard(StreamName="s", ShardToSplit="shardId-000000000000", NewStartingHashKey="sth")
    assert info.value.response["Error"]["Message"] == (
        "1 validation error detected: Value 'sth' at 'newStartingHashKey' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})"
    )
    with pytest.raises(kinesis.exceptions.ClientError) as info:
        kinesis.get_shard_iterator(
            StreamName="s", ShardId="shardId-000000000000", ShardIteratorType="AT_SEQUENCE_NUMBER", StartingSequenceNumber="01"
        )
    assert info.value.response["Error"]["Message"].endswith("Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128})")


def test_merge_names_both_parents(kinesis):
    kinesis.create_stream(StreamName="s", ShardCount=3)
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.merge_shards(StreamName="s", ShardToMerge="shardId-000000000000", AdjacentShardToMerge="shardId-000000000002")
    kinesis.merge_shards(StreamName="s", ShardToMerge="shardId-000000000001", AdjacentShardToMerge="shardId-000000000000")
    shards = kinesis.list_shards(StreamName="s")["Shards"]
    child = shards[-1]
    assert child["ShardId"] == "shardId-000000000003"
    assert (child["ParentShardId"], child["AdjacentParentShardId"]) == ("shardId-000000000001", "shardId-000000000000")
    assert child["HashKeyRange"]["StartingHashKey"] == "0"
    assert int(child["HashKeyRange"]["EndingHashKey"]) + 1 == int(shards[2]["HashKeyRange"]["StartingHashKey"])
    assert open_ids(shards) == ["shardId-000000000002", "shardId-000000000003"]


@pytest.mark.parametrize(("initial", "target", "total"), [(2, 4, 6), (4, 5, 15), (10, 13, 37), (4, 2, 6), (5, 3, 7)])
def test_update_shard_count_reshards_uniformly(kinesis, initial, target, total):
    kinesis.create_stream(StreamName="s", ShardCount=initial)
    response = kinesis.update_shard_count(StreamName="s", TargetShardCount=target, ScalingType="UNIFORM_SCALING")
    assert {k: v for k, v in response.items() if k != "ResponseMetadata"} == {
        "StreamName": "s",
        "CurrentShardCount": initial,
        "TargetShardCount": target,
        "StreamARN": "arn:aws:kinesis:us-east-1:123456789012:stream/s",
    }
    shards = kinesis.list_shards(StreamName="s")["Shards"]
    assert len(shards) == total
    opened = [s for s in shards if "EndingSequenceNumber" not in s["SequenceNumberRange"]]
    assert len(opened) == target
    # the open shards still cover the whole hash-key space, without gaps
    ranges = sorted((int(s["HashKeyRange"]["StartingHashKey"]), int(s["HashKeyRange"]["EndingHashKey"])) for s in opened)
    assert ranges[0][0] == 0 and ranges[-1][1] == 2**128 - 1
    assert all(a[1] + 1 == b[0] for a, b in zip(ranges, ranges[1:]))


def test_update_shard_count_limits(kinesis):
    kinesis.create_stream(StreamName="s", ShardCount=4)
    for target in (9, 1):
        with pytest.raises(kinesis.exceptions.InvalidArgumentException):
            kinesis.update_shard_count(StreamName="s", TargetShardCount=target, ScalingType="UNIFORM_SCALING")
    assert len(kinesis.list_shards(StreamName="s")["Shards"]) == 4
    kinesis.create_stream(StreamName="od", StreamModeDetails={"StreamMode": "ON_DEMAND"})
    with pytest.raises(kinesis.exceptions.ValidationException) as info:
        kinesis.update_shard_count(StreamName="od", TargetShardCount=3, ScalingType="UNIFORM_SCALING")
    assert info.value.response["Error"]["Message"] == "Request is invalid. Stream od under account 123456789012 is in On-Demand mode."


def test_list_shards_filters(kinesis):
    with freeze_time("2026-01-01 00:00:00"):
        kinesis.create_stream(StreamName="s", ShardCount=2)
    with freeze_time("2026-01-01 01:00:00"):
        kinesis.split_shard(StreamName="s", ShardToSplit="shardId-000000000000", NewStartingHashKey="1000")
    with freeze_time("2026-01-01 02:00:00"):
        def ids(**shard_filter):
            return shard_ids(kinesis.list_shards(StreamName="s", ShardFilter=shard_filter)["Shards"])

        everything = ["shardId-000000000000", "shardId-000000000001", "shardId-000000000002", "shardId-000000000003"]
        assert ids(Type="FROM_TRIM_HORIZON") == everything
        assert ids(Type="AT_LATEST") == ["shardId-000000000001", "shardId-000000000002", "shardId-000000000003"]
        assert ids(Type="AT_TRIM_HORIZON") == ["shardId-000000000000", "shardId-000000000001"]
        assert ids(Type="AFTER_SHARD_ID", ShardId="shardId-000000000001") == ["shardId-000000000002", "shardId-000000000003"]
        before_split = dt.datetime(2026, 1, 1, 0, 30, tzinfo=dt.timezone.utc)
        assert ids(Type="AT_TIMESTAMP", Timestamp=before_split) == ["shardId-000000000000", "shardId-000000000001"]
        after_split = dt.datetime(2026, 1, 1, 1, 30, tzinfo=dt.timezone.utc)
        assert ids(Type="AT_TIMESTAMP", Timestamp=after_split) == ["shardId-000000000001", "shardId-000000000002", "shardId-000000000003"]
        assert ids(Type="FROM_TIMESTAMP", Timestamp=before_split) == everything
        with pytest.raises(kinesis.exceptions.InvalidArgumentException):
            ids(Type="AFTER_SHARD_ID")
        with pytest.raises(kinesis.exceptions.InvalidArgumentException):
            ids(Type="AT_TIMESTAMP")


def test_closed_shards_go_once_past_the_retention_period(kinesis):
    with freeze_time("2026-01-01 00:00:00"):
        kinesis.create_stream(StreamName="s", ShardCount=1)
        kinesis.split_shard(StreamName="s", ShardToSplit="shardId-000000000000", NewStartingHashKey=str(HALF))
    with freeze_time("2026-01-01 23:59:00"):
        assert len(kinesis.list_shards(StreamName="s")["Shards"]) == 3
    with freeze_time("2026-01-02 00:01:00"):
        assert shard_ids(kinesis.list_shards(StreamName="s")["Shards"]) == ["shardId-000000000001", "shardId-000000000002"]


def test_a_mapping_reads_the_shards_a_reshard_opens_from_their_start(kinesis):
    import base64

    import boto3

    from eventmock import register_lambda

    received: list[bytes] = []
    register_lambda(
        "arn:aws:lambda:us-east-1:123456789012:function:worker",
        lambda event, context: received.extend(base64.b64decode(r["kinesis"]["data"]) for r in event["Records"]),
    )
    lam = boto3.client("lambda", region_name="us-east-1")
    kinesis.create_stream(StreamName="s", ShardCount=1)
    arn = kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]["StreamARN"]
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", StartingPosition="LATEST")
    kinesis.put_record(StreamName="s", Data=b"parent", PartitionKey="k")
    kinesis.split_shard(StreamName="s", ShardToSplit="shardId-000000000000", NewStartingHashKey=str(HALF))
    kinesis.put_record(StreamName="s", Data=b"low", PartitionKey="k", ExplicitHashKey="1")
    kinesis.put_record(StreamName="s", Data=b"high", PartitionKey="k", ExplicitHashKey=str(HALF + 1))
    lam.list_event_source_mappings()
    assert sorted(received) == [b"high", b"low", b"parent"]
