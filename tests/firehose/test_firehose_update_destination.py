"""Firehose UpdateDestination: version checks, merging an S3 update, what delivery then does."""

from __future__ import annotations

import gzip

import pytest


ROLE = "arn:aws:iam::123456789012:role/firehose-delivery"
OTHER_ROLE = "arn:aws:iam::123456789012:role/other"
BUCKET_ARN = "arn:aws:s3:::lake"
DESTINATION = "destinationId-000000000001"


def describe(firehose):
    return firehose.describe_delivery_stream(DeliveryStreamName="events")["DeliveryStreamDescription"]


def update(firehose, version="1", destination=DESTINATION, **member):
    return firehose.update_destination(
        DeliveryStreamName="events", CurrentDeliveryStreamVersionId=version, DestinationId=destination, **member
    )


def test_an_extended_update_is_merged_into_the_destination_and_the_version_increments(firehose, stream, s3):
    update(
        firehose,
        ExtendedS3DestinationUpdate={"Prefix": "raw/", "BufferingHints": {"SizeInMBs": 64}, "CompressionFormat": "GZIP", "RoleARN": OTHER_ROLE},
    )
    description = describe(firehose)
    assert description["VersionId"] == "2"
    assert "LastUpdateTimestamp" in description
    [destination] = description["Destinations"]
    extended = destination["ExtendedS3DestinationDescription"]
    assert (extended["Prefix"], extended["CompressionFormat"], extended["RoleARN"], extended["BucketARN"]) == (
        "raw/",
        "GZIP",
        OTHER_ROLE,
        BUCKET_ARN,
    )
    # the fixture's zero interval is kept: hints merge member by member
    assert extended["BufferingHints"] == {"SizeInMBs": 64, "IntervalInSeconds": 0}
    assert destination["S3DestinationDescription"]["Prefix"] == "raw/"
    firehose.put_record(DeliveryStreamName="events", Record={"Data": b"hello"})
    [key] = [o["Key"] for o in s3.list_objects_v2(Bucket="lake")["Contents"]]
    assert key.startswith("raw") and "/events-2-" in key and key.endswith(".gz")
    assert gzip.decompress(s3.get_object(Bucket="lake", Key=key)["Body"].read()) == b"hello"


def test_an_s3_update_keeps_the_rest_and_a_plain_s3_stream_becomes_extended(firehose):
    firehose.create_delivery_stream(
        DeliveryStreamName="events", S3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": BUCKET_ARN, "Prefix": "a/"}
    )
    update(firehose, S3DestinationUpdate={"BufferingHints": {"IntervalInSeconds": 60}})
    basic = describe(firehose)["Destinations"][0]["S3DestinationDescription"]
    assert (basic["Prefix"], basic["BufferingHints"]) == ("a/", {"SizeInMBs": 5, "IntervalInSeconds": 60})
    update(firehose, version="2", ExtendedS3DestinationUpdate={"FileExtension": ".json"})
    description = describe(firehose)
    assert description["VersionId"] == "3"
    assert description["Destinations"][0]["ExtendedS3DestinationDescription"]["FileExtension"] == ".json"


def test_a_stale_version_is_a_concurrent_modification_and_changes_nothing(firehose, stream):
    update(firehose, S3DestinationUpdate={"Prefix": "b/"})
    with pytest.raises(firehose.exceptions.ConcurrentModificationException) as info:
        update(firehose, version="1", S3DestinationUpdate={"Prefix": "c/"})
    assert info.value.response["Error"]["Message"] == (
        "Cannot update firehose: events since the current version id: 2 and specified version id: 1 do not match"
    )
    description = describe(firehose)
    assert (description["VersionId"], description["Destinations"][0]["S3DestinationDescription"]["Prefix"]) == ("2", "b/")


def test_an_invalid_update_changes_nothing(firehose, stream):
    with pytest.raises(firehose.exceptions.InvalidArgumentException) as info:
        update(firehose, ExtendedS3DestinationUpdate={"Prefix": "!{timestamp:yyyy}/"})
    assert "ErrorOutputPrefix cannot be null or empty when Prefix contains expressions" in info.value.response["Error"]["Message"]
    with pytest.raises(firehose.exceptions.InvalidArgumentException) as info:
        update(firehose, destination="destinationId-000000000002", S3DestinationUpdate={"Prefix": "x/"})
    assert info.value.response["Error"]["Message"] == "Destination Id destinationId-000000000002 not found"
    with pytest.raises(firehose.exceptions.InvalidArgumentException) as info:
        update(firehose, S3DestinationUpdate={"Prefix": "x/"}, ExtendedS3DestinationUpdate={"Prefix": "y/"})
    assert info.value.response["Error"]["Message"] == "Only one destination update can be specified."
    description = describe(firehose)
    assert (description["VersionId"], description["Destinations"][0]["S3DestinationDescription"]["Prefix"]) == ("1", "events/")


def test_switching_to_opensearch_is_refused_and_other_types_need_every_parameter(firehose, stream):
    with pytest.raises(firehose.exceptions.InvalidArgumentException) as info:
        update(firehose, AmazonopensearchserviceDestinationUpdate={"IndexName": "i"})
    assert info.value.response["Error"]["Message"] == (
        "Changing the destination type to or from AmazonOpenSearchService is not supported at this time."
    )
    # another type takes nothing from the current destination: "all parameters must be specified"
    with pytest.raises(firehose.exceptions.InvalidArgumentException):
        update(firehose, HttpEndpointDestinationUpdate={"EndpointConfiguration": {"Url": "https://example.com"}})
    assert describe(firehose)["VersionId"] == "1"
    update(
        firehose,
        HttpEndpointDestinationUpdate={
            "EndpointConfiguration": {"Url": "https://example.com", "AccessKey": "secret"},
            "S3Update": {"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::backup"},
        },
    )
    described = describe(firehose)
    assert described["VersionId"] == "2"
    [destination] = described["Destinations"]
    assert destination["HttpEndpointDestinationDescription"]["EndpointConfiguration"] == {"Url": "https://example.com"}
    assert "ExtendedS3DestinationDescription" not in destination


def test_unknown_stream(firehose):
    with pytest.raises(firehose.exceptions.ResourceNotFoundException):
        update(firehose, S3DestinationUpdate={"Prefix": "x/"})
