"""Lambda data transformation, and a Kinesis data stream as the source."""

from __future__ import annotations

import base64
import json

import pytest

ROLE = "arn:aws:iam::123456789012:role/firehose-delivery"
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:shape"


def processing(function_arn: str = FUNCTION) -> dict:
    return {"Enabled": True, "Processors": [{"Type": "Lambda", "Parameters": [{"ParameterName": "LambdaArn", "ParameterValue": function_arn}]}]}


def transformed_stream(firehose, lake, **extra):
    config = {"RoleARN": ROLE, "BucketARN": f"arn:aws:s3:::{lake}", "Prefix": "out/", "ErrorOutputPrefix": "err/!{firehose:error-output-type}/"}
    return firehose.create_delivery_stream(
        DeliveryStreamName="t", ExtendedS3DestinationConfiguration={**config, "ProcessingConfiguration": processing(), **extra}
    )["DeliveryStreamARN"]


def objects(s3, bucket):
    return {o["Key"]: s3.get_object(Bucket=bucket, Key=o["Key"])["Body"].read() for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])}


def test_lambda_transformation_ok_dropped_and_failed(firehose, s3, lake, eventmock):
    events = []

    def shape(event, context):
        events.append(event)
        answers = []
        for record in event["records"]:
            data = base64.b64decode(record["data"])
            if data == b"drop":
                answers.append({"recordId": record["recordId"], "result": "Dropped", "data": record["data"]})
            elif data == b"bad":
                answers.append({"recordId": record["recordId"], "result": "ProcessingFailed", "data": record["data"]})
            else:
                answers.append({"recordId": record["recordId"], "result": "Ok", "data": base64.b64encode(data.upper() + b"\n").decode()})
        return {"records": answers}

    eventmock.register_lambda(FUNCTION, shape)
    arn = transformed_stream(firehose, lake)
    firehose.put_record_batch(DeliveryStreamName="t", Records=[{"Data": d} for d in (b"a", b"drop", b"bad", b"b")])
    eventmock.firehose.flush()
    [event] = events
    assert event["deliveryStreamArn"] == arn
    assert event["region"] == "us-east-1"
    assert event["invocationId"]
    assert [base64.b64decode(r["data"]) for r in event["records"]] == [b"a", b"drop", b"bad", b"b"]
    assert all(isinstance(r["approximateArrivalTimestamp"], int) and r["recordId"] for r in event["records"])
    stored = objects(s3, lake)
    [delivered] = [body for key, body in stored.items() if key.startswith("out/")]
    assert delivered == b"A\nB\n"
    [failed] = [body for key, body in stored.items() if key.startswith("err/processing-failed/")]
    line = json.loads(failed)
    assert base64.b64decode(line["rawData"]) == b"bad"
    assert line["lambdaArn"] == FUNCTION
    results = [(r.result, r.delivered) for r in eventmock.firehose.records(arn)]
    assert results == [("Ok", True), ("Dropped", True), ("ProcessingFailed", False), ("Ok", True)]


def test_a_failing_function_fails_the_batch_to_the_error_output(firehose, s3, lake, eventmock):
    def broken(event, context):
        raise RuntimeError("boom")

    eventmock.register_lambda(FUNCTION, broken)
    arn = transformed_stream(firehose, lake)
    firehose.put_record(DeliveryStreamName="t", Record={"Data": b"x"})
    eventmock.firehose.flush()
    [record] = eventmock.firehose.records(arn)
    assert record.error.startswith("Lambda.FunctionError")
    [key] = objects(s3, lake)
    assert key.startswith("err/processing-failed/")


def test_a_missing_record_id_is_a_failure(firehose, s3, lake, eventmock):
    eventmock.register_lambda(FUNCTION, lambda event, context: {"records": []})
    arn = transformed_stream(firehose, lake)
    firehose.put_record(DeliveryStreamName="t", Record={"Data": b"x"})
    eventmock.firehose.flush()
    [record] = eventmock.firehose.records(arn)
    assert record.error.startswith("Lambda.MissingRecordId")


def test_processing_is_described_as_given(firehose, lake, eventmock):
    eventmock.register_lambda(FUNCTION, lambda event, context: {"records": []})
    transformed_stream(firehose, lake)
    [destination] = firehose.describe_delivery_stream(DeliveryStreamName="t")["DeliveryStreamDescription"]["Destinations"]
    assert destination["ExtendedS3DestinationDescription"]["ProcessingConfiguration"] == processing()


# -- a Kinesis stream as the source --------------------------------------------------


@pytest.fixture
def kinesis(client):
    return client("kinesis")


def kinesis_sourced(firehose, kinesis, lake):
    kinesis.create_stream(StreamName="clicks", ShardCount=1)
    stream_arn = kinesis.describe_stream(StreamName="clicks")["StreamDescription"]["StreamARN"]
    arn = firehose.create_delivery_stream(
        DeliveryStreamName="from-kinesis",
        DeliveryStreamType="KinesisStreamAsSource",
        KinesisStreamSourceConfiguration={"KinesisStreamARN": stream_arn, "RoleARN": ROLE},
        ExtendedS3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": f"arn:aws:s3:::{lake}", "Prefix": "k/"},
    )["DeliveryStreamARN"]
    return stream_arn, arn


def test_records_put_on_the_source_stream_are_delivered(firehose, kinesis, s3, lake, eventmock):
    stream_arn, arn = kinesis_sourced(firehose, kinesis, lake)
    kinesis.put_record(StreamName="clicks", Data=b'{"click":1}\n', PartitionKey="a")
    kinesis.put_record(StreamName="clicks", Data=b'{"click":2}\n', PartitionKey="b")
    eventmock.firehose.flush()
    delivered = b"".join(objects(s3, lake).values())
    assert sorted(delivered.splitlines()) == [b'{"click":1}', b'{"click":2}']
    assert [r.data for r in eventmock.firehose.records(arn)] == [b'{"click":1}\n', b'{"click":2}\n']
    description = firehose.describe_delivery_stream(DeliveryStreamName="from-kinesis")["DeliveryStreamDescription"]
    assert description["DeliveryStreamType"] == "KinesisStreamAsSource"
    source = description["Source"]["KinesisStreamSourceDescription"]
    assert (source["KinesisStreamARN"], source["RoleARN"]) == (stream_arn, ROLE)
    assert source["DeliveryStartTimestamp"] == description["CreateTimestamp"]
    assert "DeliveryStreamEncryptionConfiguration" not in description
    assert firehose.list_delivery_streams(DeliveryStreamType="KinesisStreamAsSource")["DeliveryStreamNames"] == ["from-kinesis"]
    assert firehose.list_delivery_streams(DeliveryStreamType="DirectPut")["DeliveryStreamNames"] == []


def test_direct_puts_and_encryption_are_refused_on_a_kinesis_sourced_stream(firehose, kinesis, lake, eventmock):
    _, arn = kinesis_sourced(firehose, kinesis, lake)
    message = "This operation is not permitted on KinesisStreamAsSource delivery stream type."
    with pytest.raises(firehose.exceptions.InvalidArgumentException, match=message):
        firehose.put_record(DeliveryStreamName="from-kinesis", Record={"Data": b"x"})
    with pytest.raises(firehose.exceptions.InvalidArgumentException):
        firehose.put_record_batch(DeliveryStreamName="from-kinesis", Records=[{"Data": b"x"}])
    with pytest.raises(firehose.exceptions.InvalidArgumentException):
        firehose.start_delivery_stream_encryption(DeliveryStreamName="from-kinesis")
    assert eventmock.firehose.records(arn) == []


def test_source_configuration_and_stream_type_must_agree(firehose, kinesis, lake):
    destination = {"RoleARN": ROLE, "BucketARN": f"arn:aws:s3:::{lake}"}
    source = {"KinesisStreamARN": "arn:aws:kinesis:us-east-1:123456789012:stream/clicks", "RoleARN": ROLE}
    with pytest.raises(firehose.exceptions.InvalidArgumentException):
        firehose.create_delivery_stream(DeliveryStreamName="x", KinesisStreamSourceConfiguration=source, S3DestinationConfiguration=destination)
    with pytest.raises(firehose.exceptions.InvalidArgumentException):
        firehose.create_delivery_stream(DeliveryStreamName="x", DeliveryStreamType="KinesisStreamAsSource", S3DestinationConfiguration=destination)
    assert firehose.list_delivery_streams()["DeliveryStreamNames"] == []


def test_a_deleted_delivery_stream_stops_reading(firehose, kinesis, s3, lake, eventmock):
    kinesis_sourced(firehose, kinesis, lake)
    firehose.delete_delivery_stream(DeliveryStreamName="from-kinesis")
    kinesis.put_record(StreamName="clicks", Data=b"x", PartitionKey="a")
    eventmock.firehose.flush()
    assert objects(s3, lake) == {}
