"""Queues on streams (receive, acknowledge, visibility, dead-letter records) and
channels (stored, described, listed, updated, deleted)."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

pytestmark = pytest.mark.model("kinesis", "CreateQueueInput", "QueueName")


@pytest.fixture
def arn(kinesis):
    kinesis.create_stream(StreamName="s", StreamModeDetails={"StreamMode": "ON_DEMAND"})
    return kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]["StreamARN"]


def queue_of(kinesis, arn, **attributes):
    config = {"StreamARN": arn, "StartingPosition": {"Type": "TRIM_HORIZON"}}
    description = kinesis.create_queue(QueueName="q", StreamConfigurationList=[config], **({"QueueAttributes": attributes} if attributes else {}))
    return description["QueueDescription"]


def test_queue_lifecycle(kinesis, arn):
    created = queue_of(kinesis, arn)
    assert created["QueueStatus"] == "CREATING"
    assert created["QueueARN"] == "arn:aws:kinesis:us-east-1:123456789012:queue/q"
    described = kinesis.describe_queue(QueueARN=created["QueueARN"])["QueueDescription"]
    assert described["QueueStatus"] == "ACTIVE"
    assert described["QueueAttributes"] == {"VisibilityTimeoutSeconds": 30, "DeadLetterConfiguration": {"TargetType": "BUILT_IN", "MaxReceiveCount": 6}}
    updated = kinesis.update_queue(QueueARN=created["QueueARN"], QueueAttributes={"VisibilityTimeoutSeconds": 60})["QueueDescription"]
    assert updated["QueueAttributes"]["VisibilityTimeoutSeconds"] == 60
    listed = kinesis.list_queues(StreamFilter=[{"StreamARN": arn}])["QueueSummaries"]
    assert [(q["QueueName"], q["Streams"][0]["StreamARN"]) for q in listed] == [("q", arn)]
    with pytest.raises(kinesis.exceptions.ResourceInUseException):
        queue_of(kinesis, arn)
    kinesis.delete_queue(QueueARN=created["QueueARN"])
    assert kinesis.list_queues()["QueueSummaries"] == []
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        kinesis.describe_queue(QueueARN=created["QueueARN"])


def test_queues_need_an_on_demand_stream(kinesis):
    kinesis.create_stream(StreamName="p", ShardCount=1)
    arn = kinesis.describe_stream_summary(StreamName="p")["StreamDescriptionSummary"]["StreamARN"]
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        queue_of(kinesis, arn)


def test_receive_acknowledge_and_visibility(kinesis, arn):
    queue = queue_of(kinesis, arn, VisibilityTimeoutSeconds=10)["QueueARN"]
    with freeze_time("2026-01-01 00:00:00"):
        for i in range(3):
            kinesis.put_record(StreamARN=arn, Data=f"r{i}".encode(), PartitionKey=f"k{i}")
        first = kinesis.receive_queue_records(QueueARN=queue, Limit=2)["QueueRecords"]
        assert [r["Data"] for r in first] == [b"r0", b"r1"]
        assert [r["ReceiveCount"] for r in first] == [1, 1]
        rest = kinesis.receive_queue_records(QueueARN=queue)["QueueRecords"]
        assert [r["Data"] for r in rest] == [b"r2"]
        done = kinesis.acknowledge_queue_records(QueueARN=queue, Entries=[{"ReceiptHandle": first[0]["ReceiptHandle"]}, {"ReceiptHandle": "bogus"}])
        assert done["Successful"] == [{"ReceiptHandle": first[0]["ReceiptHandle"]}]
        assert [f["ReceiptHandle"] for f in done["Failed"]] == ["bogus"]
        kinesis.update_queue_records_visibility(QueueARN=queue, Entries=[{"ReceiptHandle": rest[0]["ReceiptHandle"], "VisibilityTimeoutSeconds": 0}])
        again = kinesis.receive_queue_records(QueueARN=queue)["QueueRecords"]
        assert [(r["Data"], r["ReceiveCount"]) for r in again] == [(b"r2", 2)]
    with freeze_time("2026-01-01 00:00:11"):
        later = kinesis.receive_queue_records(QueueARN=queue)["QueueRecords"]
    assert sorted((r["Data"], r["ReceiveCount"]) for r in later) == [(b"r1", 2), (b"r2", 3)]


def test_dead_letter_records(kinesis, arn):
    queue = queue_of(kinesis, arn, VisibilityTimeoutSeconds=0, DeadLetterConfiguration={"TargetType": "BUILT_IN", "MaxReceiveCount": 2})["QueueARN"]
    kinesis.put_record(StreamARN=arn, Data=b"poison", PartitionKey="k")
    assert len(kinesis.receive_queue_records(QueueARN=queue)["QueueRecords"]) == 1
    assert len(kinesis.receive_queue_records(QueueARN=queue)["QueueRecords"]) == 1
    assert kinesis.receive_queue_records(QueueARN=queue)["QueueRecords"] == []
    (dead,) = kinesis.receive_dead_letter_queue_records(QueueARN=queue, VisibilityTimeoutSeconds=30)["QueueRecords"]
    assert dead["Data"] == b"poison"
    restored = kinesis.restore_dead_letter_queue_records(QueueARN=queue, Entries=[{"ReceiptHandle": dead["ReceiptHandle"]}])
    assert restored["Failed"] == []
    (back,) = kinesis.receive_queue_records(QueueARN=queue)["QueueRecords"]
    assert back["ReceiveCount"] == 1
    kinesis.receive_queue_records(QueueARN=queue)
    (dead,) = kinesis.receive_dead_letter_queue_records(QueueARN=queue, VisibilityTimeoutSeconds=30)["QueueRecords"]
    gone = kinesis.acknowledge_dead_letter_queue_records(QueueARN=queue, Entries=[{"ReceiptHandle": dead["ReceiptHandle"]}])
    assert gone["Successful"] == [{"ReceiptHandle": dead["ReceiptHandle"]}]
    kinesis.update_dead_letter_queue_records_visibility(QueueARN=queue, Entries=[{"ReceiptHandle": dead["ReceiptHandle"], "VisibilityTimeoutSeconds": 0}])
    assert kinesis.receive_dead_letter_queue_records(QueueARN=queue)["QueueRecords"] == []


def test_queue_tags(kinesis, arn):
    queue = queue_of(kinesis, arn)["QueueARN"]
    kinesis.tag_resource(ResourceARN=queue, Tags={"a": "1"})
    assert kinesis.list_tags_for_resource(ResourceARN=queue)["Tags"] == [{"Key": "a", "Value": "1"}]


def channel_of(kinesis, arn, name="c"):
    return kinesis.create_channel(
        ChannelName=name,
        ServiceExecutionRoleARN="arn:aws:iam::123456789012:role/channel",
        StreamConfigurationList=[{"StreamARN": arn, "RecordConfiguration": {"RecordFormatType": "JSON"}}],
        S3DestinationConfiguration={"StorageConfiguration": {"BucketARN": "arn:aws:s3:::bucket", "ExpectedBucketOwner": "123456789012", "CompressionType": "GZIP"}},
    )["ChannelDescription"]


def test_channel_lifecycle(kinesis, arn):
    created = channel_of(kinesis, arn)
    assert created["ChannelStatus"] == "CREATING"
    channel = created["ChannelARN"]
    described = kinesis.describe_channel(ChannelARN=channel)["ChannelDescription"]
    assert described["ChannelStatus"] == "ACTIVE"
    assert described["S3DestinationConfiguration"]["StorageConfiguration"]["BucketARN"] == "arn:aws:s3:::bucket"
    assert described["StreamConfigurationList"][0]["StreamARN"] == arn
    updated = kinesis.update_channel(ChannelARN=channel, S3DestinationConfiguration={"DataFreshnessInSeconds": 60})["ChannelDescription"]
    assert updated["S3DestinationConfiguration"]["DataFreshnessInSeconds"] == 60
    (summary,) = kinesis.list_channels(StreamFilter=[{"StreamARN": arn}])["ChannelSummaries"]
    assert (summary["ChannelName"], summary["ChannelDestinationType"]) == ("c", "S3")
    assert kinesis.describe_limits()["ChannelCount"] == 1
    with pytest.raises(kinesis.exceptions.ResourceInUseException):
        channel_of(kinesis, arn)
    kinesis.delete_channel(ChannelARN=channel)
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        kinesis.describe_channel(ChannelARN=channel)
    assert kinesis.list_channels()["ChannelSummaries"] == []


def test_channel_needs_exactly_one_destination(kinesis, arn):
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.create_channel(
            ChannelName="c",
            ServiceExecutionRoleARN="arn:aws:iam::123456789012:role/channel",
            StreamConfigurationList=[{"StreamARN": arn, "RecordConfiguration": {"RecordFormatType": "JSON"}}],
        )
    assert kinesis.list_channels()["ChannelSummaries"] == []
