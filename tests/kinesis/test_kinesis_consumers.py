"""Enhanced fan-out consumers and SubscribeToShard's event stream."""

from __future__ import annotations

import datetime as dt

import pytest
from botocore.eventstream import EventStream
from freezegun import freeze_time


@pytest.fixture
def arn(kinesis):
    kinesis.create_stream(StreamName="s", ShardCount=1)
    return kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]["StreamARN"]


def test_register_describe_list_deregister(kinesis, arn):
    with freeze_time("2026-03-04 05:06:07"):
        registered = kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="c1")["Consumer"]
    assert registered["ConsumerARN"] == f"{arn}/consumer/c1:{int(dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.timezone.utc).timestamp())}"
    assert registered["ConsumerStatus"] == "CREATING"
    described = kinesis.describe_stream_consumer(ConsumerARN=registered["ConsumerARN"])["ConsumerDescription"]
    assert described == {**registered, "ConsumerStatus": "ACTIVE", "StreamARN": arn}
    assert kinesis.describe_stream_consumer(StreamARN=arn, ConsumerName="c1")["ConsumerDescription"] == described
    kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="c2")
    assert kinesis.describe_stream_summary(StreamARN=arn)["StreamDescriptionSummary"]["ConsumerCount"] == 2
    first = kinesis.list_stream_consumers(StreamARN=arn, MaxResults=1)
    second = kinesis.list_stream_consumers(StreamARN=arn, NextToken=first["NextToken"])
    assert [c["ConsumerName"] for c in first["Consumers"] + second["Consumers"]] == ["c1", "c2"]
    assert "NextToken" not in second
    kinesis.deregister_stream_consumer(ConsumerARN=registered["ConsumerARN"])
    kinesis.deregister_stream_consumer(StreamARN=arn, ConsumerName="c2")
    assert kinesis.list_stream_consumers(StreamARN=arn)["Consumers"] == []
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException) as info:
        kinesis.describe_stream_consumer(ConsumerARN=registered["ConsumerARN"])
    assert info.value.response["Error"]["Message"] == f"Consumer {registered['ConsumerARN']}, account 123456789012 not found."


def test_consumer_refusals(kinesis, arn):
    kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="c")
    with pytest.raises(kinesis.exceptions.ResourceInUseException):
        kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="c")
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.describe_stream_consumer(StreamARN=arn)
    for i in range(19):
        kinesis.register_stream_consumer(StreamARN=arn, ConsumerName=f"more{i}")
    with pytest.raises(kinesis.exceptions.LimitExceededException):
        kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="too-many")
    # a stream with consumers is deleted only when told to take them along
    with pytest.raises(kinesis.exceptions.ResourceInUseException):
        kinesis.delete_stream(StreamName="s")
    kinesis.delete_stream(StreamName="s", EnforceConsumerDeletion=True)
    assert kinesis.list_streams()["StreamNames"] == []


def subscribe(kinesis, consumer_arn, **position):
    return kinesis.subscribe_to_shard(ConsumerARN=consumer_arn, ShardId="shardId-000000000000", StartingPosition=position)


def test_subscribe_to_shard_streams_the_shards_records(kinesis, arn):
    sent = [kinesis.put_record(StreamARN=arn, Data=f"r{i}".encode(), PartitionKey="k") for i in range(3)]
    consumer = kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="c")["Consumer"]["ConsumerARN"]
    response = subscribe(kinesis, consumer, Type="TRIM_HORIZON")
    stream = response["EventStream"]
    assert isinstance(stream, EventStream)
    events = list(stream)
    assert [list(e) for e in events] == [["SubscribeToShardEvent"]]
    event = events[0]["SubscribeToShardEvent"]
    assert [r["Data"] for r in event["Records"]] == [b"r0", b"r1", b"r2"]
    assert [r["SequenceNumber"] for r in event["Records"]] == [p["SequenceNumber"] for p in sent]
    assert event["ContinuationSequenceNumber"] == sent[-1]["SequenceNumber"]
    assert event["MillisBehindLatest"] == 0


def test_subscribe_after_a_sequence_number_and_resubscribe_waits_five_seconds(kinesis, arn):
    consumer = kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="c")["Consumer"]["ConsumerARN"]
    with freeze_time("2026-01-01 00:00:00"):
        sent = [kinesis.put_record(StreamARN=arn, Data=f"r{i}".encode(), PartitionKey="k") for i in range(3)]
        events = list(subscribe(kinesis, consumer, Type="AFTER_SEQUENCE_NUMBER", SequenceNumber=sent[0]["SequenceNumber"])["EventStream"])
        assert [r["Data"] for r in events[0]["SubscribeToShardEvent"]["Records"]] == [b"r1", b"r2"]
        with pytest.raises(kinesis.exceptions.ResourceInUseException):
            subscribe(kinesis, consumer, Type="LATEST")
    with freeze_time("2026-01-01 00:00:05"):
        events = list(subscribe(kinesis, consumer, Type="LATEST")["EventStream"])
    assert events[0]["SubscribeToShardEvent"]["Records"] == []
    assert events[0]["SubscribeToShardEvent"]["ContinuationSequenceNumber"] == sent[-1]["SequenceNumber"]


def test_subscribe_to_a_closed_shard_names_its_children(kinesis, arn):
    consumer = kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="c")["Consumer"]["ConsumerARN"]
    kinesis.put_record(StreamARN=arn, Data=b"x", PartitionKey="k")
    kinesis.split_shard(StreamARN=arn, ShardToSplit="shardId-000000000000", NewStartingHashKey=str(2**127))
    (event,) = list(subscribe(kinesis, consumer, Type="TRIM_HORIZON")["EventStream"])
    children = event["SubscribeToShardEvent"]["ChildShards"]
    assert [c["ShardId"] for c in children] == ["shardId-000000000001", "shardId-000000000002"]


def test_subscribe_to_an_unknown_consumer_or_shard(kinesis, arn):
    consumer = kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="c")["Consumer"]["ConsumerARN"]
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        kinesis.subscribe_to_shard(ConsumerARN=consumer + "0", ShardId="shardId-000000000000", StartingPosition={"Type": "LATEST"})
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        kinesis.subscribe_to_shard(ConsumerARN=consumer, ShardId="shardId-000000000009", StartingPosition={"Type": "LATEST"})
