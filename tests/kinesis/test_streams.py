"""Kinesis streams: create, describe, list, delete; shards and their hash-key ranges."""

from __future__ import annotations

import datetime as dt

import boto3
import pytest
from dateutil.tz import tzutc
from freezegun import freeze_time


def test_create_and_describe_a_provisioned_stream(kinesis):
    with freeze_time("2026-02-03 04:05:06.789"):
        response = kinesis.create_stream(StreamName="orders", ShardCount=3)
    assert set(response) == {"ResponseMetadata"}
    assert response["ResponseMetadata"]["HTTPHeaders"]["content-type"] == "application/x-amz-json-1.1"
    description = kinesis.describe_stream(StreamName="orders")["StreamDescription"]
    assert description["StreamName"] == "orders"
    assert description["StreamARN"] == "arn:aws:kinesis:us-east-1:123456789012:stream/orders"
    assert description["StreamStatus"] == "ACTIVE"
    assert description["StreamModeDetails"] == {"StreamMode": "PROVISIONED"}
    assert description["RetentionPeriodHours"] == 24
    assert description["HasMoreShards"] is False
    assert description["StreamCreationTimestamp"] == dt.datetime(2026, 2, 3, 4, 5, 6, 789000, tzinfo=tzutc())
    assert [s["ShardId"] for s in description["Shards"]] == ["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"]


def test_shards_split_the_128_bit_hash_space_as_aws_does(kinesis):
    kinesis.create_stream(StreamName="three", ShardCount=3)
    ranges = [
        (int(s["HashKeyRange"]["StartingHashKey"]), int(s["HashKeyRange"]["EndingHashKey"]))
        for s in kinesis.describe_stream(StreamName="three")["StreamDescription"]["Shards"]
    ]
    assert ranges == [
        (0, 113427455640312821154458202477256070484),
        (113427455640312821154458202477256070485, 226854911280625642308916404954512140969),
        (226854911280625642308916404954512140970, 2**128 - 1),
    ]


def test_stream_without_shard_count_is_on_demand_with_four_shards(kinesis):
    kinesis.create_stream(StreamName="od")
    summary = kinesis.describe_stream_summary(StreamName="od")["StreamDescriptionSummary"]
    assert summary["StreamModeDetails"] == {"StreamMode": "ON_DEMAND"}
    assert summary["OpenShardCount"] == 4
    kinesis.create_stream(StreamName="od2", StreamModeDetails={"StreamMode": "ON_DEMAND"})
    assert kinesis.describe_stream_summary(StreamName="od2")["StreamDescriptionSummary"]["OpenShardCount"] == 4


def test_inconsistent_mode_and_shard_count_are_refused(kinesis):
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.create_stream(StreamName="x", ShardCount=2, StreamModeDetails={"StreamMode": "ON_DEMAND"})
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.create_stream(StreamName="x", StreamModeDetails={"StreamMode": "PROVISIONED"})
    assert kinesis.list_streams()["StreamNames"] == []


def test_duplicate_name_is_resource_in_use(kinesis, stream):
    with pytest.raises(kinesis.exceptions.ResourceInUseException) as info:
        kinesis.create_stream(StreamName="events", ShardCount=1)
    assert info.value.response["Error"]["Message"] == "Stream events under account 123456789012 already exists."
    assert len(kinesis.describe_stream(StreamName="events")["StreamDescription"]["Shards"]) == 2


@pytest.mark.parametrize("name", ["has space", "slash/no", "x" * 129])
def test_invalid_names_fail_model_validation(kinesis, name):
    with pytest.raises(kinesis.exceptions.ValidationException) as info:
        kinesis.create_stream(StreamName=name, ShardCount=1)
    assert info.value.response["Error"]["Message"].startswith(f"1 validation error detected: Value '{name}' at 'streamName'")
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_unknown_stream_is_not_found_everywhere(kinesis):
    calls = [
        lambda: kinesis.describe_stream(StreamName="nope"),
        lambda: kinesis.describe_stream_summary(StreamName="nope"),
        lambda: kinesis.delete_stream(StreamName="nope"),
        lambda: kinesis.put_record(StreamName="nope", Data=b"x", PartitionKey="k"),
        lambda: kinesis.list_shards(StreamName="nope"),
        lambda: kinesis.get_shard_iterator(StreamName="nope", ShardId="shardId-000000000000", ShardIteratorType="LATEST"),
    ]
    for call in calls:
        with pytest.raises(kinesis.exceptions.ResourceNotFoundException, match="Stream nope under account 123456789012 not found."):
            call()


def test_stream_can_be_named_by_arn(kinesis, stream):
    arn = stream["StreamARN"]
    assert kinesis.describe_stream_summary(StreamARN=arn)["StreamDescriptionSummary"]["StreamName"] == "events"
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.describe_stream_summary(StreamName="other", StreamARN=arn)


def test_neither_name_nor_arn_is_a_validation_error(kinesis):
    with pytest.raises(kinesis.exceptions.ValidationException):
        kinesis.describe_stream_summary()


def test_list_streams_sorted_and_paginated(kinesis):
    for name in ["c", "a", "d", "b", "e"]:
        kinesis.create_stream(StreamName=name, ShardCount=1)
    first = kinesis.list_streams(Limit=2)
    assert first["StreamNames"] == ["a", "b"]
    assert first["HasMoreStreams"] is True
    assert [s["StreamName"] for s in first["StreamSummaries"]] == ["a", "b"]
    second = kinesis.list_streams(NextToken=first["NextToken"], Limit=2)
    assert second["StreamNames"] == ["c", "d"]
    assert kinesis.list_streams(ExclusiveStartStreamName="c")["StreamNames"] == ["d", "e"]
    paginated = [n for page in kinesis.get_paginator("list_streams").paginate(PaginationConfig={"PageSize": 2}) for n in page["StreamNames"]]
    assert paginated == ["a", "b", "c", "d", "e"]


def test_list_shards_paginates(kinesis):
    kinesis.create_stream(StreamName="wide", ShardCount=5)
    first = kinesis.list_shards(StreamName="wide", MaxResults=2)
    assert [s["ShardId"] for s in first["Shards"]] == ["shardId-000000000000", "shardId-000000000001"]
    rest = kinesis.list_shards(NextToken=first["NextToken"], MaxResults=10)
    assert [s["ShardId"][-1] for s in rest["Shards"]] == ["2", "3", "4"]
    assert "NextToken" not in rest
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.list_shards(StreamName="wide", NextToken=first["NextToken"])
    after = kinesis.list_shards(StreamName="wide", ExclusiveStartShardId="shardId-000000000003")
    assert [s["ShardId"] for s in after["Shards"]] == ["shardId-000000000004"]


def test_delete_stream(kinesis, stream):
    kinesis.delete_stream(StreamName="events")
    assert kinesis.list_streams()["StreamNames"] == []
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        kinesis.describe_stream(StreamName="events")


def test_waiter_sees_the_stream_active(kinesis):
    kinesis.create_stream(StreamName="w", ShardCount=1)
    kinesis.get_waiter("stream_exists").wait(StreamName="w", WaiterConfig={"Delay": 0, "MaxAttempts": 1})


def test_streams_are_isolated_per_account_and_region(eventmock, kinesis, stream):
    other_region = boto3.client("kinesis", region_name="eu-west-1")
    other_account = boto3.client("kinesis", region_name="us-east-1", aws_access_key_id="999988887777", aws_secret_access_key="x")
    for client in (other_region, other_account):
        assert client.list_streams()["StreamNames"] == []
    other_account.create_stream(StreamName="events", ShardCount=1)
    assert len(kinesis.describe_stream(StreamName="events")["StreamDescription"]["Shards"]) == 2
