"""Buffering on the mock's clock: records gather until SizeInMBs or IntervalInSeconds
of mock time, then go as one object; aws.firehose.flush() delivers at once."""

from __future__ import annotations

from freezegun import freeze_time

ROLE = "arn:aws:iam::123456789012:role/firehose-delivery"


def create(firehose, **hints):
    config = {"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::lake", "Prefix": "b/"}
    if hints:
        config["BufferingHints"] = hints
    return firehose.create_delivery_stream(DeliveryStreamName="buffered", ExtendedS3DestinationConfiguration=config)["DeliveryStreamARN"]


def objects(s3):
    listed = s3.list_objects_v2(Bucket="lake").get("Contents", [])
    return [s3.get_object(Bucket="lake", Key=o["Key"])["Body"].read() for o in listed]


def test_records_wait_for_the_interval_on_the_mocks_clock(firehose, s3, lake, eventmock):
    arn = create(firehose, IntervalInSeconds=60)
    firehose.put_record(DeliveryStreamName="buffered", Record={"Data": b"a"})
    eventmock.advance(30)
    firehose.put_record(DeliveryStreamName="buffered", Record={"Data": b"b"})
    assert objects(s3) == []
    assert [r.pending for r in eventmock.firehose.records(arn)] == [True, True]
    assert not any(r.delivered for r in eventmock.firehose.records(arn))
    eventmock.advance(30)  # 60 s after the first record: the buffer goes, as one object
    assert objects(s3) == [b"ab"]
    assert all(r.delivered for r in eventmock.firehose.records(arn))
    firehose.put_record(DeliveryStreamName="buffered", Record={"Data": b"c"})
    eventmock.advance(59)
    assert objects(s3) == [b"ab"]
    eventmock.advance(1)
    assert sorted(objects(s3)) == [b"ab", b"c"]


def test_the_default_interval_is_300_seconds_under_freezegun(firehose, s3, lake):
    with freeze_time("2026-07-08 09:00:00") as frozen:
        create(firehose)
        firehose.put_record(DeliveryStreamName="buffered", Record={"Data": b"x"})
        frozen.tick(299)
        firehose.list_delivery_streams()  # a call runs what is due: nothing yet
        assert objects(s3) == []
        frozen.tick(1)
        assert objects(s3) == [b"x"]  # the call that lists runs the delivery first


def test_a_full_buffer_goes_during_the_call_that_fills_it(firehose, s3, lake):
    create(firehose, SizeInMBs=1, IntervalInSeconds=900)
    chunk = b"x" * 500_000
    firehose.put_record(DeliveryStreamName="buffered", Record={"Data": chunk})
    firehose.put_record(DeliveryStreamName="buffered", Record={"Data": chunk})
    assert objects(s3) == []
    firehose.put_record(DeliveryStreamName="buffered", Record={"Data": chunk})  # over 1 MiB
    assert objects(s3) == [chunk * 3]


def test_flush_delivers_every_buffer_now(firehose, s3, lake, eventmock):
    create(firehose)
    firehose.put_record_batch(DeliveryStreamName="buffered", Records=[{"Data": b"1"}, {"Data": b"2"}])
    eventmock.firehose.flush()
    assert objects(s3) == [b"12"]
    eventmock.advance(300)  # nothing left to deliver
    assert objects(s3) == [b"12"]


def test_zero_interval_delivers_each_call_at_once(firehose, s3, lake):
    create(firehose, IntervalInSeconds=0)
    firehose.put_record(DeliveryStreamName="buffered", Record={"Data": b"a"})
    firehose.put_record(DeliveryStreamName="buffered", Record={"Data": b"b"})
    assert sorted(objects(s3)) == [b"a", b"b"]


def test_a_deleted_stream_drops_its_buffer(firehose, s3, lake, eventmock):
    create(firehose)
    firehose.put_record(DeliveryStreamName="buffered", Record={"Data": b"lost"})
    firehose.delete_delivery_stream(DeliveryStreamName="buffered")
    eventmock.advance(300)
    assert objects(s3) == []
