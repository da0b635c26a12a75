"""Kinesis records: put (hashing to shards), shard iterators, get_records."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from dateutil.tz import tzutc
from freezegun import freeze_time


def shard_of(stream, partition_key: str) -> str:
    value = int(hashlib.md5(partition_key.encode()).hexdigest(), 16)
    for shard in stream["Shards"]:
        if int(shard["HashKeyRange"]["StartingHashKey"]) <= value <= int(shard["HashKeyRange"]["EndingHashKey"]):
            return shard["ShardId"]
    raise AssertionError("no shard")


def read_all(kinesis, shard_id, stream_name="events", iterator_type="TRIM_HORIZON", **kwargs):
    iterator = kinesis.get_shard_iterator(StreamName=stream_name, ShardId=shard_id, ShardIteratorType=iterator_type, **kwargs)["ShardIterator"]
    return kinesis.get_records(ShardIterator=iterator)["Records"]


def test_put_record_hashes_the_partition_key_with_md5(kinesis, stream):
    keys = [f"user-{i}" for i in range(20)]
    for key in keys:
        shard_id = kinesis.put_record(StreamName="events", Data=key.encode(), PartitionKey=key)["ShardId"]
        assert shard_id == shard_of(stream, key)
    assert {shard_of(stream, k) for k in keys} == {"shardId-000000000000", "shardId-000000000001"}


def test_explicit_hash_key_overrides_the_partition_key(kinesis, stream):
    low = kinesis.put_record(StreamName="events", Data=b"a", PartitionKey="k", ExplicitHashKey="0")
    high = kinesis.put_record(StreamName="events", Data=b"b", PartitionKey="k", ExplicitHashKey=str(2**128 - 1))
    assert (low["ShardId"], high["ShardId"]) == ("shardId-000000000000", "shardId-000000000001")
    with pytest.raises(kinesis.exceptions.InvalidArgumentException, match="ExplicitHashKey"):
        kinesis.put_record(StreamName="events", Data=b"c", PartitionKey="k", ExplicitHashKey=str(2**128))


def test_sequence_numbers_increase_and_look_like_aws(kinesis, stream):
    numbers = [kinesis.put_record(StreamName="events", Data=b"x", PartitionKey="same")["SequenceNumber"] for _ in range(5)]
    assert all(len(n) == 56 and n.isdigit() for n in numbers)
    assert [int(n) for n in numbers] == sorted(int(n) for n in numbers)
    assert len(set(numbers)) == 5


def test_records_read_back_in_order_with_their_fields(kinesis, stream):
    shard_id = shard_of(stream, "p")
    with freeze_time("2026-06-07 08:09:10.123"):
        sent = [kinesis.put_record(StreamName="events", Data=f"m{i}".encode(), PartitionKey="p") for i in range(3)]
        records = read_all(kinesis, shard_id)
    assert [r["Data"] for r in records] == [b"m0", b"m1", b"m2"]
    assert [r["SequenceNumber"] for r in records] == [s["SequenceNumber"] for s in sent]
    assert all(r["PartitionKey"] == "p" for r in records)
    assert records[0]["ApproximateArrivalTimestamp"] == dt.datetime(2026, 6, 7, 8, 9, 10, 123000, tzinfo=tzutc())


def test_put_records_reports_each_record(kinesis, stream):
    response = kinesis.put_records(
        StreamName="events", Records=[{"Data": f"r{i}".encode(), "PartitionKey": f"k{i}"} for i in range(6)]
    )
    assert response["FailedRecordCount"] == 0
    assert [r["ShardId"] for r in response["Records"]] == [shard_of(stream, f"k{i}") for i in range(6)]
    stored = sorted(
        (r["SequenceNumber"], r["Data"]) for s in stream["Shards"] for r in read_all(kinesis, s["ShardId"])
    )
    assert [d for _, d in stored] == [f"r{i}".encode() for i in range(6)]


def test_put_records_validates_every_record_before_writing_any(kinesis, stream):
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.put_records(
            StreamName="events",
            Records=[{"Data": b"ok", "PartitionKey": "k"}, {"Data": b"bad", "PartitionKey": "k", "ExplicitHashKey": str(2**129)}],
        )
    assert all(read_all(kinesis, s["ShardId"]) == [] for s in stream["Shards"])


def test_iterator_types(kinesis, stream):
    shard_id = shard_of(stream, "p")
    with freeze_time("2026-01-01 00:00:00"):
        first = kinesis.put_record(StreamName="events", Data=b"1", PartitionKey="p")["SequenceNumber"]
    with freeze_time("2026-01-01 00:01:00"):
        second = kinesis.put_record(StreamName="events", Data=b"2", PartitionKey="p")["SequenceNumber"]
        latest = kinesis.get_shard_iterator(StreamName="events", ShardId=shard_id, ShardIteratorType="LATEST")["ShardIterator"]
        third = kinesis.put_record(StreamName="events", Data=b"3", PartitionKey="p")["SequenceNumber"]
        assert [r["Data"] for r in kinesis.get_records(ShardIterator=latest)["Records"]] == [b"3"]
    data = lambda records: [r["Data"] for r in records]  # noqa: E731
    with freeze_time("2026-01-01 00:02:00"):  # within the 24-hour retention
        assert data(read_all(kinesis, shard_id)) == [b"1", b"2", b"3"]
        assert data(read_all(kinesis, shard_id, iterator_type="AT_SEQUENCE_NUMBER", StartingSequenceNumber=second)) == [b"2", b"3"]
        assert data(read_all(kinesis, shard_id, iterator_type="AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=first)) == [b"2", b"3"]
        assert data(read_all(kinesis, shard_id, iterator_type="AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=third)) == []
        at = dt.datetime(2026, 1, 1, 0, 0, 30, tzinfo=dt.timezone.utc)
        assert data(read_all(kinesis, shard_id, iterator_type="AT_TIMESTAMP", Timestamp=at)) == [b"2", b"3"]


def test_iterator_type_arguments_are_required(kinesis, stream):
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.get_shard_iterator(StreamName="events", ShardId="shardId-000000000000", ShardIteratorType="AT_TIMESTAMP")
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.get_shard_iterator(StreamName="events", ShardId="shardId-000000000000", ShardIteratorType="AT_SEQUENCE_NUMBER")
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        kinesis.get_shard_iterator(StreamName="events", ShardId="shardId-000000000009", ShardIteratorType="LATEST")


def test_get_records_limit_next_iterator_and_millis_behind(kinesis, stream):
    shard_id = shard_of(stream, "p")
    with freeze_time("2026-01-01 00:00:00") as frozen:
        for i in range(5):
            kinesis.put_record(StreamName="events", Data=str(i).encode(), PartitionKey="p")
        frozen.tick(dt.timedelta(seconds=2))
        iterator = kinesis.get_shard_iterator(StreamName="events", ShardId=shard_id, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        page = kinesis.get_records(ShardIterator=iterator, Limit=2)
        assert [r["Data"] for r in page["Records"]] == [b"0", b"1"]
        assert page["MillisBehindLatest"] == 2000
        page = kinesis.get_records(ShardIterator=page["NextShardIterator"], Limit=10)
        assert [r["Data"] for r in page["Records"]] == [b"2", b"3", b"4"]
        assert page["MillisBehindLatest"] == 0
        empty = kinesis.get_records(ShardIterator=page["NextShardIterator"])
        assert empty["Records"] == [] and empty["NextShardIterator"]


def test_iterators_expire_after_five_minutes(kinesis, stream):
    with freeze_time("2026-01-01 00:00:00") as frozen:
        iterator = kinesis.get_shard_iterator(StreamName="events", ShardId="shardId-000000000000", ShardIteratorType="LATEST")["ShardIterator"]
        frozen.tick(dt.timedelta(minutes=5))
        kinesis.get_records(ShardIterator=iterator)
        frozen.tick(dt.timedelta(seconds=1))
        with pytest.raises(kinesis.exceptions.ExpiredIteratorException, match="Iterator expired"):
            kinesis.get_records(ShardIterator=iterator)


def test_bad_iterator_is_an_invalid_argument(kinesis):
    with pytest.raises(kinesis.exceptions.InvalidArgumentException, match="ShardIterator"):
        kinesis.get_records(ShardIterator="not-an-iterator")


def test_iterator_of_a_deleted_stream_is_not_found(kinesis, stream):
    iterator = kinesis.get_shard_iterator(StreamName="events", ShardId="shardId-000000000000", ShardIteratorType="LATEST")["ShardIterator"]
    kinesis.delete_stream(StreamName="events")
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        kinesis.get_records(ShardIterator=iterator)


def test_string_data_is_stored_as_bytes(kinesis, stream):
    kinesis.put_record(StreamName="events", Data="héllo", PartitionKey="p")
    [record] = read_all(kinesis, shard_of(stream, "p"))
    assert record["Data"] == "héllo".encode()


def test_records_can_be_put_by_arn_into_another_account(eventmock, kinesis):
    import boto3

    other = boto3.client("kinesis", region_name="us-east-1", aws_access_key_id="111122223333", aws_secret_access_key="x")
    other.create_stream(StreamName="shared", ShardCount=1)
    arn = "arn:aws:kinesis:us-east-1:111122223333:stream/shared"
    kinesis.put_record(StreamARN=arn, Data=b"cross", PartitionKey="p")
    assert [r["Data"] for r in read_all(other, "shardId-000000000000", stream_name="shared")] == [b"cross"]


def test_a_record_without_partition_key_is_refused_where_the_model_allows_it(kinesis, stream):
    shape = kinesis.meta.service_model.operation_model("PutRecord").input_shape
    if "PartitionKey" in shape.required_members:
        pytest.skip("this botocore requires PartitionKey client-side")
    with pytest.raises(kinesis.exceptions.ValidationException, match="'partitionKey' failed to satisfy constraint: Member must not be null"):
        kinesis.put_record(StreamName="events", Data=b"x")
    with pytest.raises(kinesis.exceptions.ValidationException, match="'records.2.member.partitionKey'"):
        kinesis.put_records(StreamName="events", Records=[{"Data": b"x", "PartitionKey": "k"}, {"Data": b"y"}])
    assert all(read_all(kinesis, s["ShardId"]) == [] for s in stream["Shards"])


def test_records_can_be_read_through_the_handle(eventmock, kinesis, stream):
    import json

    from eventmock.core.errors import EventmockError

    for i in range(4):
        kinesis.put_record(StreamName="events", Data=json.dumps({"n": i}).encode(), PartitionKey=f"k{i}")
    records = eventmock.kinesis.records(stream["StreamARN"])
    assert [r.json() for r in records] == [{"n": i} for i in range(4)]  # arrival order, across shards
    assert [r.partition_key for r in records] == ["k0", "k1", "k2", "k3"]
    assert [r.shard_id for r in records] == [shard_of(stream, f"k{i}") for i in range(4)]
    with pytest.raises(EventmockError):
        eventmock.kinesis.records("arn:aws:kinesis:us-east-1:123456789012:stream/missing")
    with pytest.raises(EventmockError):
        eventmock.kinesis.records("arn:aws:sqs:us-east-1:123456789012:queue")


def test_records_older_than_24_hours_are_trimmed(eventmock, kinesis, stream):
    shard_id = shard_of(stream, "p")
    with freeze_time("2026-01-01 00:00:00") as frozen:
        kinesis.put_record(StreamName="events", Data=b"old", PartitionKey="p")
        frozen.move_to("2026-01-01 23:57:00")
        iterator = kinesis.get_shard_iterator(StreamName="events", ShardId=shard_id, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        frozen.move_to("2026-01-01 23:59:59.999")
        assert [r.data for r in eventmock.kinesis.records(stream["StreamARN"])] == [b"old"]
        frozen.move_to("2026-01-02 00:00:00.001")
        kinesis.put_record(StreamName="events", Data=b"new", PartitionKey="p")
        assert [r.data for r in eventmock.kinesis.records(stream["StreamARN"])] == [b"new"]
        assert [r["Data"] for r in read_all(kinesis, shard_id)] == [b"new"]
        # an iterator issued before the trim reads on from the oldest record kept
        assert [r["Data"] for r in kinesis.get_records(ShardIterator=iterator)["Records"]] == [b"new"]
