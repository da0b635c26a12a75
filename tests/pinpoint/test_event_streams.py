"""Pinpoint event streams: put (create or replace), get, delete, validation."""

from __future__ import annotations

import boto3
import pytest
from freezegun import freeze_time

KINESIS = "arn:aws:kinesis:us-east-1:123456789012:stream/pinpoint-events"
FIREHOSE = "arn:aws:firehose:us-east-1:123456789012:deliverystream/pinpoint-events"
ROLE = "arn:aws:iam::123456789012:role/service-role/pinpoint-events"


@pytest.fixture(autouse=True)
def destinations(eventmock):
    """The destination streams the tests name (Pinpoint checks that one exists)."""
    for region in ("us-east-1", "us-west-2"):
        boto3.client("kinesis", region_name=region).create_stream(StreamName="pinpoint-events", ShardCount=1)
    boto3.client("kinesis", region_name="cn-north-1").create_stream(StreamName="a.b_c-d", ShardCount=1)
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="pinpoint-lake")
    boto3.client("firehose", region_name="us-east-1").create_delivery_stream(
        DeliveryStreamName="pinpoint-events",
        ExtendedS3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::pinpoint-lake"},
    )


def put(client, app_id, destination=KINESIS, role=ROLE):
    return client.put_event_stream(
        ApplicationId=app_id, WriteEventStream={"DestinationStreamArn": destination, "RoleArn": role}
    )


@pytest.mark.parametrize("destination", [KINESIS, FIREHOSE, "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/a.b_c-d"])
def test_put_event_stream_returns_the_stream(client, app, destination):
    with freeze_time("2026-05-06 07:08:09.5"):
        response = put(client, app["Id"], destination)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["EventStream"] == {
        "ApplicationId": app["Id"],
        "DestinationStreamArn": destination,
        "RoleArn": ROLE,
        "LastModifiedDate": "2026-05-06T07:08:09.500Z",
        "LastUpdatedBy": "arn:aws:iam::123456789012:root",
    }


def test_get_event_stream_returns_what_was_put(client, app):
    stream = put(client, app["Id"])["EventStream"]
    assert client.get_event_stream(ApplicationId=app["Id"])["EventStream"] == stream


def test_put_replaces_the_existing_stream(client, app):
    with freeze_time("2026-01-01"):
        put(client, app["Id"], KINESIS)
    with freeze_time("2026-01-02"):
        put(client, app["Id"], FIREHOSE)
    stream = client.get_event_stream(ApplicationId=app["Id"])["EventStream"]
    assert stream["DestinationStreamArn"] == FIREHOSE
    assert stream["LastModifiedDate"] == "2026-01-02T00:00:00.000Z"


def test_last_updated_by_is_the_callers_identity(eventmock, region):
    client = boto3.client("pinpoint", region_name=region, aws_access_key_id="444455556666", aws_secret_access_key="x")
    app = client.create_app(CreateApplicationRequest={"Name": "a"})["ApplicationResponse"]
    assert put(client, app["Id"])["EventStream"]["LastUpdatedBy"] == "arn:aws:iam::444455556666:root"


def test_no_stream_yet_is_not_found(client, app):
    with pytest.raises(client.exceptions.NotFoundException) as info:
        client.get_event_stream(ApplicationId=app["Id"])
    assert info.value.response["Error"]["Message"] == "Resource not found"
    with pytest.raises(client.exceptions.NotFoundException):
        client.delete_event_stream(ApplicationId=app["Id"])


@pytest.mark.parametrize("operation", ["get_event_stream", "delete_event_stream"])
def test_unknown_application_is_not_found(client, operation):
    with pytest.raises(client.exceptions.NotFoundException, match="Application not found"):
        getattr(client, operation)(ApplicationId="0" * 32)
    with pytest.raises(client.exceptions.NotFoundException, match="Application not found"):
        put(client, "0" * 32)


def test_delete_returns_the_deleted_stream(client, app):
    stream = put(client, app["Id"])["EventStream"]
    deleted = client.delete_event_stream(ApplicationId=app["Id"])
    assert deleted["EventStream"] == stream
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_event_stream(ApplicationId=app["Id"])


def test_deleting_the_app_deletes_its_stream(eventmock, client, app):
    put(client, app["Id"])
    client.delete_app(ApplicationId=app["Id"])
    with pytest.raises(client.exceptions.NotFoundException, match="Application not found"):
        client.get_event_stream(ApplicationId=app["Id"])
    assert eventmock.backend("pinpoint").event_streams == {}


@pytest.mark.parametrize(
    "destination",
    [
        "not-an-arn",
        "arn:aws:s3:::bucket",
        "arn:aws:sqs:us-east-1:123456789012:queue",
        "arn:aws:kinesis:us-east-1:123456789012:stream/",
        "arn:aws:kinesis:us-east-1:123456789012:streams/x",
        "arn:aws:kinesis:us-east-1:12345:stream/x",
        "arn:aws:firehose:us-east-1:123456789012:stream/x",
        "arn:aws:kinesis:us-east-1:123456789012:stream/bad name",
    ],
)
def test_bad_destination_is_rejected_naming_it_and_changes_nothing(client, app, destination):
    existing = put(client, app["Id"])["EventStream"]
    with pytest.raises(client.exceptions.BadRequestException) as info:
        put(client, app["Id"], destination=destination)
    assert destination in info.value.response["Error"]["Message"]
    assert "DestinationStreamArn" in info.value.response["Error"]["Message"]
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert client.get_event_stream(ApplicationId=app["Id"])["EventStream"] == existing


@pytest.mark.parametrize(
    "role",
    ["role", "arn:aws:iam::123456789012:user/someone", "arn:aws:iam::123456789012:role/", "arn:aws:sts::123456789012:role/x"],
)
def test_bad_role_is_rejected_naming_it(client, app, role):
    with pytest.raises(client.exceptions.BadRequestException) as info:
        put(client, app["Id"], role=role)
    assert role in info.value.response["Error"]["Message"]
    assert "RoleArn" in info.value.response["Error"]["Message"]
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_event_stream(ApplicationId=app["Id"])


def test_streams_are_isolated_per_region(eventmock):
    east = boto3.client("pinpoint", region_name="us-east-1")
    west = boto3.client("pinpoint", region_name="us-west-2")
    app = east.create_app(CreateApplicationRequest={"Name": "a"})["ApplicationResponse"]
    put(east, app["Id"])
    with pytest.raises(west.exceptions.NotFoundException, match="Application not found"):
        west.get_event_stream(ApplicationId=app["Id"])


@pytest.mark.parametrize("destination", [KINESIS.replace("pinpoint-events", "missing"), FIREHOSE.replace("pinpoint-events", "missing")])
def test_a_destination_that_does_not_exist_fails_validation(client, app, destination):
    existing = put(client, app["Id"])["EventStream"]
    with pytest.raises(client.exceptions.BadRequestException) as info:
        put(client, app["Id"], destination=destination)
    assert info.value.response["Error"]["Message"] == "Destination stream validation failed"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert client.get_event_stream(ApplicationId=app["Id"])["EventStream"] == existing


def test_a_destination_in_another_region_must_exist_there(client, app):
    west = KINESIS.replace("us-east-1", "us-west-2")
    assert put(client, app["Id"], destination=west)["EventStream"]["DestinationStreamArn"] == west
    with pytest.raises(client.exceptions.BadRequestException, match="Destination stream validation failed"):
        put(client, app["Id"], destination=KINESIS.replace("us-east-1", "eu-west-1"))
