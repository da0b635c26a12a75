"""Pinpoint put_events: per-event results, and records reaching the event stream."""

from __future__ import annotations

import boto3
import pytest
from freezegun import freeze_time

ROLE = "arn:aws:iam::123456789012:role/pinpoint-events"


@pytest.fixture
def kinesis(eventmock):
    client = boto3.client("kinesis", region_name="us-east-1")
    client.create_stream(StreamName="app-events", ShardCount=1)
    return client


@pytest.fixture
def stream_arn(kinesis):
    return "arn:aws:kinesis:us-east-1:123456789012:stream/app-events"


def event(event_type="_session.start", timestamp="2026-03-01T10:00:00.250Z", **extra):
    return {"EventType": event_type, "Timestamp": timestamp, **extra}


def put(client, app_id, events, endpoint_id="endpoint-1", endpoint=None):
    return client.put_events(
        ApplicationId=app_id,
        EventsRequest={"BatchItem": {endpoint_id: {"Endpoint": endpoint or {}, "Events": events}}},
    )


def test_accepted_events_are_written_to_the_kinesis_stream(eventmock, client, app, stream_arn):
    client.put_event_stream(ApplicationId=app["Id"], WriteEventStream={"DestinationStreamArn": stream_arn, "RoleArn": ROLE})
    endpoint = {
        "ChannelType": "GCM",
        "Demographic": {"Locale": "en_US", "Make": "Google", "Model": "Pixel", "Platform": "android", "PlatformVersion": "14"},
    }
    with freeze_time("2026-03-01 10:00:01.500"):
        response = put(
            client,
            app["Id"],
            {
                "e1": event(
                    AppPackageName="com.shop",
                    AppTitle="Shop",
                    AppVersionCode="42",
                    SdkName="aws-amplify",
                    ClientSdkVersion="6.0",
                    Attributes={"screen": "home"},
                    Metrics={"items": 3.0},
                    Session={"Id": "s-1", "StartTimestamp": "2026-03-01T09:59:00Z"},
                )
            },
            endpoint=endpoint,
        )
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert response["EventsResponse"]["Results"] == {
        "endpoint-1": {
            "EndpointItemResponse": {"Message": "Accepted", "StatusCode": 202},
            "EventsItemResponse": {"e1": {"Message": "Accepted", "StatusCode": 202}},
        }
    }
    with freeze_time("2026-03-01 10:00:02"):  # read within the stream's 24-hour retention
        [record] = eventmock.kinesis.records(stream_arn)
    assert record.partition_key == "endpoint-1"
    assert record.json() == {
        "event_type": "_session.start",
        "event_timestamp": 1772359200250,
        "arrival_timestamp": 1772359201500,
        "event_version": "3.1",
        "application": {
            "app_id": app["Id"],
            "package_name": "com.shop",
            "sdk": {"name": "aws-amplify", "version": "6.0"},
            "title": "Shop",
            "version_code": "42",
        },
        "client": {"client_id": "endpoint-1"},
        "device": {
            "locale": {"code": "en_US", "country": "US", "language": "en"},
            "make": "Google",
            "model": "Pixel",
            "platform": {"name": "android", "version": "14"},
        },
        "session": {"session_id": "s-1", "start_timestamp": 1772359140000},
        "attributes": {"screen": "home"},
        "metrics": {"items": 3.0},
        "awsAccountId": "123456789012",
        "endpoint": endpoint,
    }


def test_records_are_readable_with_get_records(client, app, kinesis, stream_arn):
    client.put_event_stream(ApplicationId=app["Id"], WriteEventStream={"DestinationStreamArn": stream_arn, "RoleArn": ROLE})
    put(client, app["Id"], {f"e{i}": event(event_type=f"custom.{i}") for i in range(3)})
    iterator = kinesis.get_shard_iterator(StreamName="app-events", ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")
    records = kinesis.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    import json

    assert [json.loads(r["Data"])["event_type"] for r in records] == ["custom.0", "custom.1", "custom.2"]


def test_without_an_event_stream_events_are_accepted_and_go_nowhere(eventmock, client, app, stream_arn):
    response = put(client, app["Id"], {"e1": event()})
    assert response["EventsResponse"]["Results"]["endpoint-1"]["EventsItemResponse"]["e1"]["StatusCode"] == 202
    assert eventmock.kinesis.records(stream_arn) == []


def test_bad_events_get_a_400_item_and_the_others_still_flow(eventmock, client, app, stream_arn):
    client.put_event_stream(ApplicationId=app["Id"], WriteEventStream={"DestinationStreamArn": stream_arn, "RoleArn": ROLE})
    response = put(client, app["Id"], {"bad": event(timestamp="yesterday-ish"), "empty": event(event_type=""), "good": event()})
    items = response["EventsResponse"]["Results"]["endpoint-1"]["EventsItemResponse"]
    assert items["bad"]["StatusCode"] == 400 and "Timestamp" in items["bad"]["Message"]
    assert items["empty"]["StatusCode"] == 400 and "EventType" in items["empty"]["Message"]
    assert items["good"] == {"Message": "Accepted", "StatusCode": 202}
    assert [r.json()["event_type"] for r in eventmock.kinesis.records(stream_arn)] == ["_session.start"]


@pytest.mark.parametrize("timestamp", ["99999999999999999999", "1e999", "-1e999", "nan", "10000-01-01T00:00:00Z"])
def test_a_timestamp_out_of_any_range_gets_a_400_item(eventmock, client, app, stream_arn, timestamp):
    client.put_event_stream(ApplicationId=app["Id"], WriteEventStream={"DestinationStreamArn": stream_arn, "RoleArn": ROLE})
    session = {"Id": "s", "StartTimestamp": timestamp}
    response = put(client, app["Id"], {"bad": event(timestamp=timestamp), "session": event(Session=session), "good": event()})
    items = response["EventsResponse"]["Results"]["endpoint-1"]["EventsItemResponse"]
    assert items["bad"] == {"Message": f"Invalid Timestamp: {timestamp}. It must be an ISO 8601 timestamp", "StatusCode": 400}
    assert items["session"]["StatusCode"] == 400 and "Session.StartTimestamp" in items["session"]["Message"]
    assert items["good"] == {"Message": "Accepted", "StatusCode": 202}
    assert len(eventmock.kinesis.records(stream_arn)) == 1


def test_a_destination_stream_deleted_later_drops_the_record_and_counts_it(eventmock, client, app):
    kinesis = boto3.client("kinesis", region_name="us-east-1")
    kinesis.create_stream(StreamName="never-created", ShardCount=1)
    missing = "arn:aws:kinesis:us-east-1:123456789012:stream/never-created"
    client.put_event_stream(ApplicationId=app["Id"], WriteEventStream={"DestinationStreamArn": missing, "RoleArn": ROLE})
    kinesis.delete_stream(StreamName="never-created")
    response = put(client, app["Id"], {"e1": event()})
    assert response["EventsResponse"]["Results"]["endpoint-1"]["EventsItemResponse"]["e1"]["StatusCode"] == 202
    [(destination, message)] = eventmock.backend("pinpoint").undelivered
    assert destination == missing and "never-created" in message


def test_destination_in_another_region(eventmock, client, app):
    west = boto3.client("kinesis", region_name="eu-west-1")
    west.create_stream(StreamName="central", ShardCount=1)
    arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/central"
    client.put_event_stream(ApplicationId=app["Id"], WriteEventStream={"DestinationStreamArn": arn, "RoleArn": ROLE})
    put(client, app["Id"], {"e1": event()})
    assert len(eventmock.kinesis.records(arn)) == 1


def test_unknown_application_is_not_found(client):
    with pytest.raises(client.exceptions.NotFoundException):
        put(client, "0" * 32, {"e1": event()})


def test_more_than_100_events_is_a_bad_request_and_writes_nothing(eventmock, client, app, stream_arn):
    client.put_event_stream(ApplicationId=app["Id"], WriteEventStream={"DestinationStreamArn": stream_arn, "RoleArn": ROLE})
    with pytest.raises(client.exceptions.BadRequestException, match="at most 100"):
        put(client, app["Id"], {f"e{i}": event() for i in range(101)})
    assert eventmock.kinesis.records(stream_arn) == []
