"""Firehose records: put_record and put_record_batch, delivered as S3 objects under
Firehose's key layout; failures recorded; the delivery seam other services use."""

from __future__ import annotations

import gzip
import re

import boto3
import pytest
from botocore.exceptions import ClientError
from freezegun import freeze_time

from eventmock import ServiceError

ROLE = "arn:aws:iam::123456789012:role/firehose-delivery"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"


def objects(s3, bucket="lake"):
    listed = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {o["Key"]: s3.get_object(Bucket=bucket, Key=o["Key"])["Body"].read() for o in listed}


def create(firehose, name="events", **config):
    """A stream into ``lake`` with zero buffering unless ``BufferingHints`` is given."""
    config = {"BufferingHints": {"IntervalInSeconds": 0}, **config}
    return firehose.create_delivery_stream(
        DeliveryStreamName=name, ExtendedS3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::lake", **config}
    )["DeliveryStreamARN"]


def test_each_put_record_is_one_object_under_the_default_layout(firehose, s3, stream):
    with freeze_time("2026-07-08 09:10:11.5"):
        first = firehose.put_record(DeliveryStreamName="events", Record={"Data": b'{"n": 1}\n'})
        second = firehose.put_record(DeliveryStreamName="events", Record={"Data": b'{"n": 2}\n'})
    assert first["Encrypted"] is False
    assert len(first["RecordId"]) == 224 and first["RecordId"] != second["RecordId"]
    stored = objects(s3)
    assert sorted(stored.values()) == [b'{"n": 1}\n', b'{"n": 2}\n']
    for key in stored:
        # <prefix><yyyy/MM/dd/HH/><stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid>
        assert re.fullmatch(rf"events/2026/07/08/09/events-1-2026-07-08-09-10-11-{UUID}", key), key


def test_a_batch_is_one_object_of_the_records_concatenated(firehose, s3, stream):
    response = firehose.put_record_batch(DeliveryStreamName="events", Records=[{"Data": b"a,1\n"}, {"Data": b"b,2"}, {"Data": b"c"}])
    assert response["FailedPutCount"] == 0 and response["Encrypted"] is False
    ids = [r["RecordId"] for r in response["RequestResponses"]]
    assert len(set(ids)) == 3 and all(set(r) == {"RecordId"} for r in response["RequestResponses"])
    assert list(objects(s3).values()) == [b"a,1\nb,2c"]  # Firehose adds no delimiter


def test_records_are_readable_through_the_handle(eventmock, firehose, s3, stream):
    firehose.put_record(DeliveryStreamName="events", Record={"Data": b'{"a": 1}'})
    firehose.put_record_batch(DeliveryStreamName="events", Records=[{"Data": b'{"b": 2}'}, {"Data": b'{"c": 3}'}])
    records = eventmock.firehose.records(stream)
    assert [r.json() for r in records] == [{"a": 1}, {"b": 2}, {"c": 3}]
    assert all(r.delivered and r.bucket == "lake" for r in records)
    assert records[1].key == records[2].key != records[0].key
    assert eventmock.s3.body("lake", records[0].key) == b'{"a": 1}'


def test_default_time_prefix_is_appended_to_a_prefix_without_one(firehose, s3, lake):
    create(firehose, Prefix="raw")  # no slash: the time is appended as is
    with freeze_time("2026-01-02 03:04:05"):
        firehose.put_record(DeliveryStreamName="events", Record={"Data": b"x"})
    [key] = objects(s3)
    assert key.startswith("raw2026/01/02/03/events-1-2026-01-02-03-04-05-")


def test_custom_prefix_expressions(firehose, s3, lake):
    create(
        firehose,
        Prefix="year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/!{timestamp:'at 'HH'h'mm}/r=!{firehose:random-string}/",
        ErrorOutputPrefix="errors/!{firehose:error-output-type}/",
    )
    with freeze_time("2026-12-31 23:45:59"):
        firehose.put_record(DeliveryStreamName="events", Record={"Data": b"x"})
    [key] = objects(s3)
    assert re.fullmatch(
        rf"year=2026/month=12/day=31/hour=23/at 23h45/r=[0-9a-f-]{{11}}/events-1-2026-12-31-23-45-59-{UUID}", key
    ), key


def test_custom_time_zone_applies_to_prefix_and_suffix(firehose, s3, lake):
    create(firehose, CustomTimeZone="Asia/Tokyo")
    with freeze_time("2026-12-31 23:45:59"):
        firehose.put_record(DeliveryStreamName="events", Record={"Data": b"x"})
    [key] = objects(s3)
    assert key.startswith("2027/01/01/08/events-1-2027-01-01-08-45-59-")
    with pytest.raises(firehose.exceptions.InvalidArgumentException):
        create(firehose, name="bad-zone", CustomTimeZone="Mars/Olympus")


def test_gzip_compression_and_file_extension(firehose, s3, lake):
    create(firehose, Prefix="gz/", CompressionFormat="GZIP")
    create(firehose, name="named", Prefix="ext/", FileExtension=".jsonl")
    firehose.put_record_batch(DeliveryStreamName="events", Records=[{"Data": b"one\n"}, {"Data": b"two\n"}])
    firehose.put_record(DeliveryStreamName="named", Record={"Data": b"{}\n"})
    stored = objects(s3)
    [gz_key] = [k for k in stored if k.startswith("gz/")]
    [ext_key] = [k for k in stored if k.startswith("ext/")]
    assert gz_key.endswith(".gz") and gzip.decompress(stored[gz_key]) == b"one\ntwo\n"
    assert ext_key.endswith(".jsonl") and stored[ext_key] == b"{}\n"


def test_kms_encryption_of_the_destination(firehose, s3, lake):
    key_arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    create(firehose, EncryptionConfiguration={"KMSEncryptionConfig": {"AWSKMSKeyARN": key_arn}})
    firehose.put_record(DeliveryStreamName="events", Record={"Data": b"x"})
    [key] = objects(s3)
    head = s3.head_object(Bucket="lake", Key=key)
    assert (head["ServerSideEncryption"], head["SSEKMSKeyId"]) == ("aws:kms", key_arn)


def test_a_missing_bucket_fails_delivery_not_the_put(eventmock, firehose, s3):
    arn = create(firehose)  # the bucket does not exist yet: AWS does not check
    accepted = firehose.put_record(DeliveryStreamName="events", Record={"Data": b"lost"})
    assert accepted["RecordId"]
    [record] = eventmock.firehose.records(arn)
    assert (record.delivered, record.key) == (False, None)
    assert record.error == "S3.NoSuchBucket: The specified bucket does not exist"
    s3.create_bucket(Bucket="lake")
    firehose.put_record(DeliveryStreamName="events", Record={"Data": b"kept"})
    assert list(objects(s3).values()) == [b"kept"]
    assert [r.delivered for r in eventmock.firehose.records(arn)] == [False, True]


def test_oversized_records_and_batches(firehose, s3, stream):
    too_big = b"x" * 1_024_001
    with pytest.raises(ClientError) as info:
        firehose.put_record(DeliveryStreamName="events", Record={"Data": too_big})
    assert info.value.response["Error"] == {
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1024001 cap=1024001]' at 'record.data' "
        "failed to satisfy constraint: Member must have length less than or equal to 1024000",
    }
    with pytest.raises(ClientError, match=r"'records.2.member.data'"):
        firehose.put_record_batch(DeliveryStreamName="events", Records=[{"Data": b"ok"}, {"Data": too_big}])
    with pytest.raises(ClientError) as info:
        firehose.put_record_batch(DeliveryStreamName="events", Records=[{"Data": b"x"}] * 501)
    assert info.value.response["Error"]["Code"] == "ValidationException"
    assert "at 'records' failed to satisfy constraint: Member must have length less than or equal to 500" in info.value.response["Error"]["Message"]
    with pytest.raises(firehose.exceptions.InvalidArgumentException):
        firehose.put_record_batch(DeliveryStreamName="events", Records=[{"Data": b"x" * 1_000_000}] * 5)
    firehose.put_record(DeliveryStreamName="events", Record={"Data": b"x" * 1_024_000})
    assert len(objects(s3)) == 1


def test_encrypted_streams_say_so(firehose, lake):
    firehose.create_delivery_stream(
        DeliveryStreamName="sse",
        DeliveryStreamEncryptionConfigurationInput={"KeyType": "AWS_OWNED_CMK"},
        S3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::lake"},
    )
    assert firehose.put_record(DeliveryStreamName="sse", Record={"Data": b"x"})["Encrypted"] is True
    assert firehose.put_record_batch(DeliveryStreamName="sse", Records=[{"Data": b"x"}])["Encrypted"] is True


def test_deliver_seam_reaches_a_stream_of_another_account(eventmock, client, s3, lake):
    other = client("firehose", "eu-west-1", "111122223333")
    arn = other.create_delivery_stream(
        DeliveryStreamName="shared",
        S3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::lake", "BufferingHints": {"IntervalInSeconds": 0}},
    )["DeliveryStreamARN"]
    backend = eventmock.backend("firehose")
    record_id = backend._deliver(arn, b"from a rule")
    [record] = eventmock.firehose.records(arn)
    assert (record.record_id, record.data) == (record_id, b"from a rule")
    assert eventmock.s3.body("lake", record.key) == b"from a rule"
    with pytest.raises(ServiceError) as info:
        backend._deliver("arn:aws:firehose:us-east-1:123456789012:deliverystream/missing", b"x")
    assert (info.value.code, info.value.message) == ("ResourceNotFoundException", "Firehose missing under account 123456789012 not found.")


def test_pinpoint_event_stream_lands_in_s3_as_json_lines(eventmock, firehose, s3, stream):
    pinpoint = boto3.client("pinpoint", region_name="us-east-1")
    app = pinpoint.create_app(CreateApplicationRequest={"Name": "shop"})["ApplicationResponse"]["Id"]
    pinpoint.put_event_stream(ApplicationId=app, WriteEventStream={"DestinationStreamArn": stream, "RoleArn": ROLE})
    events = {f"e{i}": {"EventType": "_session.start", "Timestamp": "2026-01-01T00:00:00Z"} for i in range(3)}
    pinpoint.put_events(ApplicationId=app, EventsRequest={"BatchItem": {"endpoint-1": {"Endpoint": {}, "Events": events}}})
    lines = [line for obj in eventmock.s3.objects("lake").values() for line in obj.json_lines()]
    assert len(lines) == 3 and {line["event_type"] for line in lines} == {"_session.start"}


def test_records_of_an_unknown_stream(eventmock):
    from eventmock import EventmockError

    with pytest.raises(EventmockError):
        eventmock.firehose.records("arn:aws:firehose:us-east-1:123456789012:deliverystream/missing")
    with pytest.raises(EventmockError):
        eventmock.firehose.records("arn:aws:kinesis:us-east-1:123456789012:stream/x")
