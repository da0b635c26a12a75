"""Firehose delivery streams: create (validation, prefix rules), describe, list, delete."""

from __future__ import annotations

import datetime as dt

import pytest
from botocore.exceptions import ClientError
from dateutil.tz import tzutc
from freezegun import freeze_time

from eventmock import NotEmulatedError

ROLE = "arn:aws:iam::123456789012:role/firehose-delivery"
BUCKET_ARN = "arn:aws:s3:::lake"


def s3_config(**extra):
    return {"RoleARN": ROLE, "BucketARN": BUCKET_ARN, **extra}


def error_of(info):
    return info.value.response["Error"], info.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_create_and_describe_an_extended_s3_stream(firehose):
    with freeze_time("2026-02-03 04:05:06.789"):
        arn = firehose.create_delivery_stream(
            DeliveryStreamName="events",
            ExtendedS3DestinationConfiguration=s3_config(
                Prefix="events/", BufferingHints={"IntervalInSeconds": 60}, CompressionFormat="GZIP", FileExtension=".json.gz"
            ),
        )["DeliveryStreamARN"]
    assert arn == "arn:aws:firehose:us-east-1:123456789012:deliverystream/events"
    description = firehose.describe_delivery_stream(DeliveryStreamName="events")["DeliveryStreamDescription"]
    assert description["DeliveryStreamARN"] == arn
    assert (description["DeliveryStreamStatus"], description["DeliveryStreamType"], description["VersionId"]) == ("ACTIVE", "DirectPut", "1")
    assert description["CreateTimestamp"] == dt.datetime(2026, 2, 3, 4, 5, 6, 789000, tzinfo=tzutc())
    assert description["DeliveryStreamEncryptionConfiguration"] == {"Status": "DISABLED"}
    assert description["HasMoreDestinations"] is False
    [destination] = description["Destinations"]
    assert destination["DestinationId"] == "destinationId-000000000001"
    basic = {
        "RoleARN": ROLE,
        "BucketARN": BUCKET_ARN,
        "Prefix": "events/",
        "BufferingHints": {"SizeInMBs": 5, "IntervalInSeconds": 60},
        "CompressionFormat": "GZIP",
        "EncryptionConfiguration": {"NoEncryptionConfig": "NoEncryption"},
        "CloudWatchLoggingOptions": {"Enabled": False},
    }
    # AWS describes an extended S3 destination twice: as S3 and as extended S3
    assert destination["S3DestinationDescription"] == basic
    assert destination["ExtendedS3DestinationDescription"] == {**basic, "S3BackupMode": "Disabled", "FileExtension": ".json.gz"}


def test_a_plain_s3_destination_and_the_defaults(firehose):
    firehose.create_delivery_stream(DeliveryStreamName="plain", S3DestinationConfiguration=s3_config())
    [destination] = firehose.describe_delivery_stream(DeliveryStreamName="plain")["DeliveryStreamDescription"]["Destinations"]
    basic = destination["S3DestinationDescription"]
    assert basic["Prefix"] == "" and "ErrorOutputPrefix" not in basic
    assert basic["BufferingHints"] == {"SizeInMBs": 5, "IntervalInSeconds": 300}
    assert basic["CompressionFormat"] == "UNCOMPRESSED"
    assert destination["ExtendedS3DestinationDescription"]["S3BackupMode"] == "Disabled"


def test_duplicate_name(firehose):
    firehose.create_delivery_stream(DeliveryStreamName="dup", S3DestinationConfiguration=s3_config())
    with pytest.raises(firehose.exceptions.ResourceInUseException) as info:
        firehose.create_delivery_stream(DeliveryStreamName="dup", S3DestinationConfiguration=s3_config(Prefix="other/"))
    assert error_of(info) == ({"Code": "ResourceInUseException", "Message": "Firehose dup under accountId 123456789012 already exists"}, 400)
    described = firehose.describe_delivery_stream(DeliveryStreamName="dup")["DeliveryStreamDescription"]
    assert described["Destinations"][0]["S3DestinationDescription"]["Prefix"] == ""


def test_exactly_one_destination(firehose):
    with pytest.raises(firehose.exceptions.InvalidArgumentException):
        firehose.create_delivery_stream(DeliveryStreamName="none")
    with pytest.raises(firehose.exceptions.InvalidArgumentException):
        firehose.create_delivery_stream(
            DeliveryStreamName="both", S3DestinationConfiguration=s3_config(), ExtendedS3DestinationConfiguration=s3_config()
        )
    assert firehose.list_delivery_streams()["DeliveryStreamNames"] == []


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"DeliveryStreamName": "has space"}, "deliveryStreamName"),
        ({"DeliveryStreamName": "x" * 65}, "deliveryStreamName"),
        ({"ExtendedS3DestinationConfiguration": s3_config(BucketARN="lake")}, "extendedS3DestinationConfiguration.bucketARN"),
        ({"ExtendedS3DestinationConfiguration": s3_config(RoleARN="arn:aws:iam::123:role/r")}, "extendedS3DestinationConfiguration.roleARN"),
        (
            {"ExtendedS3DestinationConfiguration": s3_config(BufferingHints={"SizeInMBs": 129})},
            "extendedS3DestinationConfiguration.bufferingHints.sizeInMBs",
        ),
    ],
)
def test_model_constraints_are_validation_errors(firehose, kwargs, path):
    params = {"DeliveryStreamName": "ok", "ExtendedS3DestinationConfiguration": s3_config(), **kwargs}
    with pytest.raises(ClientError) as info:
        firehose.create_delivery_stream(**params)
    error, status = error_of(info)
    assert (error["Code"], status) == ("ValidationException", 400)
    assert error["Message"].startswith("1 validation error detected: Value ")
    assert f" at '{path}' failed to satisfy constraint" in error["Message"]
    assert firehose.list_delivery_streams()["DeliveryStreamNames"] == []


def test_tag_keys_of_the_aws_prefix_are_refused_by_the_models_pattern(firehose):
    with pytest.raises(ClientError) as info:
        firehose.create_delivery_stream(
            DeliveryStreamName="ok", ExtendedS3DestinationConfiguration=s3_config(), Tags=[{"Key": "aws:x", "Value": "v"}]
        )
    error, status = error_of(info)
    assert (error["Code"], status) == ("ValidationException", 400)
    assert error["Message"] == (
        "1 validation error detected: Value 'aws:x' at 'tags.1.member.key' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: ^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@%]*$"
    )
    assert firehose.list_delivery_streams()["DeliveryStreamNames"] == []
    firehose.create_delivery_stream(
        DeliveryStreamName="ok", ExtendedS3DestinationConfiguration=s3_config(), Tags=[{"Key": "équipe:données", "Value": "ü"}]
    )
    assert firehose.list_delivery_streams()["DeliveryStreamNames"] == ["ok"]


def test_prefix_expressions_need_an_error_output_prefix(firehose):
    with pytest.raises(firehose.exceptions.InvalidArgumentException) as info:
        firehose.create_delivery_stream(
            DeliveryStreamName="p", ExtendedS3DestinationConfiguration=s3_config(Prefix="year=!{timestamp:yyyy}/")
        )
    assert error_of(info)[0]["Message"] == (
        "Ths supplied prefix(es) do not satisfy the following constraint: "
        "ErrorOutputPrefix cannot be null or empty when Prefix contains expressions"
    )
    firehose.create_delivery_stream(
        DeliveryStreamName="p",
        ExtendedS3DestinationConfiguration=s3_config(Prefix="year=!{timestamp:yyyy}/", ErrorOutputPrefix="errors/!{firehose:error-output-type}/"),
    )


@pytest.mark.parametrize(
    ("prefix", "error_prefix"),
    [
        ("!{firehose:error-output-type}/", "errors/!{firehose:error-output-type}/"),  # only for errors
        ("ok/", "errors/!{timestamp:yyyy}/"),  # an error prefix with expressions needs the error type
        ("!{timestamp:yyyy", "e/!{firehose:error-output-type}"),  # "!{" only in expressions
        ("!{nonsense:x}/", "e/!{firehose:error-output-type}"),
        ("!{firehose:nonsense}/", "e/!{firehose:error-output-type}"),
    ],
)
def test_prefix_rules(firehose, prefix, error_prefix):
    with pytest.raises(firehose.exceptions.InvalidArgumentException, match="Ths supplied prefix"):
        firehose.create_delivery_stream(
            DeliveryStreamName="p", ExtendedS3DestinationConfiguration=s3_config(Prefix=prefix, ErrorOutputPrefix=error_prefix)
        )


def test_what_is_not_emulated_is_refused_loudly(firehose):
    delimiter = {"Enabled": True, "Processors": [{"Type": "AppendDelimiterToRecord"}]}
    refused = [
        {"ExtendedS3DestinationConfiguration": s3_config(CompressionFormat="Snappy")},
        {"ExtendedS3DestinationConfiguration": s3_config(ProcessingConfiguration=delimiter)},
        {"ExtendedS3DestinationConfiguration": s3_config(DynamicPartitioningConfiguration={"Enabled": True})},
        {"ExtendedS3DestinationConfiguration": s3_config(S3BackupMode="Enabled", S3BackupConfiguration=s3_config())},
        {"DeliveryStreamType": "MSKAsSource", "ExtendedS3DestinationConfiguration": s3_config()},
        {"ExtendedS3DestinationConfiguration": s3_config(Prefix="!{partitionKeyFromQuery:id}/", ErrorOutputPrefix="e/!{firehose:error-output-type}")},
    ]
    for params in refused:
        with pytest.raises(NotEmulatedError):
            firehose.create_delivery_stream(DeliveryStreamName="x", **params)
    assert firehose.list_delivery_streams()["DeliveryStreamNames"] == []


def test_stream_encryption(firehose):
    firehose.create_delivery_stream(
        DeliveryStreamName="sse",
        DeliveryStreamEncryptionConfigurationInput={"KeyType": "AWS_OWNED_CMK"},
        S3DestinationConfiguration=s3_config(),
    )
    encryption = firehose.describe_delivery_stream(DeliveryStreamName="sse")["DeliveryStreamDescription"]["DeliveryStreamEncryptionConfiguration"]
    assert encryption == {"KeyType": "AWS_OWNED_CMK", "Status": "ENABLED"}
    with pytest.raises(firehose.exceptions.InvalidArgumentException):
        firehose.create_delivery_stream(
            DeliveryStreamName="cmk",
            DeliveryStreamEncryptionConfigurationInput={"KeyType": "CUSTOMER_MANAGED_CMK"},
            S3DestinationConfiguration=s3_config(),
        )


def test_list_delivery_streams(firehose):
    for name in ["c", "a", "e", "b", "d"]:
        firehose.create_delivery_stream(DeliveryStreamName=name, S3DestinationConfiguration=s3_config())
    everything = firehose.list_delivery_streams()
    assert (everything["DeliveryStreamNames"], everything["HasMoreDeliveryStreams"]) == (["a", "b", "c", "d", "e"], False)
    page = firehose.list_delivery_streams(Limit=2)
    assert (page["DeliveryStreamNames"], page["HasMoreDeliveryStreams"]) == (["a", "b"], True)
    page = firehose.list_delivery_streams(Limit=2, ExclusiveStartDeliveryStreamName="b")
    assert (page["DeliveryStreamNames"], page["HasMoreDeliveryStreams"]) == (["c", "d"], True)
    page = firehose.list_delivery_streams(ExclusiveStartDeliveryStreamName="d")
    assert (page["DeliveryStreamNames"], page["HasMoreDeliveryStreams"]) == (["e"], False)
    assert firehose.list_delivery_streams(DeliveryStreamType="DirectPut")["DeliveryStreamNames"] == ["a", "b", "c", "d", "e"]
    assert firehose.list_delivery_streams(DeliveryStreamType="KinesisStreamAsSource")["DeliveryStreamNames"] == []


def test_list_limit_defaults_to_ten(firehose):
    for i in range(12):
        firehose.create_delivery_stream(DeliveryStreamName=f"s{i:02d}", S3DestinationConfiguration=s3_config())
    page = firehose.list_delivery_streams()
    assert len(page["DeliveryStreamNames"]) == 10 and page["HasMoreDeliveryStreams"] is True


def test_delete_and_not_found_everywhere(firehose):
    firehose.create_delivery_stream(DeliveryStreamName="gone", S3DestinationConfiguration=s3_config())
    assert set(firehose.delete_delivery_stream(DeliveryStreamName="gone")) == {"ResponseMetadata"}
    calls = [
        lambda: firehose.describe_delivery_stream(DeliveryStreamName="gone"),
        lambda: firehose.delete_delivery_stream(DeliveryStreamName="gone"),
        lambda: firehose.put_record(DeliveryStreamName="gone", Record={"Data": b"x"}),
        lambda: firehose.put_record_batch(DeliveryStreamName="gone", Records=[{"Data": b"x"}]),
    ]
    for call in calls:
        with pytest.raises(firehose.exceptions.ResourceNotFoundException) as info:
            call()
        assert error_of(info) == ({"Code": "ResourceNotFoundException", "Message": "Firehose gone under account 123456789012 not found."}, 400)


def test_streams_are_per_account_and_region(firehose, client):
    firehose.create_delivery_stream(DeliveryStreamName="mine", S3DestinationConfiguration=s3_config())
    assert client("firehose", "eu-west-1").list_delivery_streams()["DeliveryStreamNames"] == []
    other = client("firehose", "us-east-1", "999988887777")
    assert other.list_delivery_streams()["DeliveryStreamNames"] == []
    arn = other.create_delivery_stream(DeliveryStreamName="mine", S3DestinationConfiguration=s3_config())["DeliveryStreamARN"]
    assert arn == "arn:aws:firehose:us-east-1:999988887777:deliverystream/mine"
