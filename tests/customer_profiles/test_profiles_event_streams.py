"""Customer Profiles event streams: create, get, list with pagination, delete, the
errors AWS answers with, and their health when the destination is missing."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.tz import tzutc
from freezegun import freeze_time

ACCOUNT = "123456789012"
ARN_PREFIX = f"arn:aws:profile:us-east-1:{ACCOUNT}:domains/shop/event-streams/"


def kinesis_arn(name: str, region: str = "us-east-1", account: str = ACCOUNT) -> str:
    return f"arn:aws:kinesis:{region}:{account}:stream/{name}"


def test_create_event_stream_returns_its_arn_and_tags(client, domain, stream_arn):
    response = client.create_event_stream(DomainName="shop", EventStreamName="to-kinesis", Uri=stream_arn, Tags={"env": "test"})
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["EventStreamArn"] == ARN_PREFIX + "to-kinesis"
    assert response["Tags"] == {"env": "test"}
    assert "Tags" not in client.create_event_stream(DomainName="shop", EventStreamName="untagged", Uri=kinesis_arn("other"))


def test_get_event_stream_of_a_healthy_destination(client, domain, stream_arn):
    with freeze_time("2026-04-05 06:07:08.009"):
        client.create_event_stream(DomainName="shop", EventStreamName="es", Uri=stream_arn, Tags={"a": "b"})
    got = client.get_event_stream(DomainName="shop", EventStreamName="es")
    body = {k: v for k, v in got.items() if k != "ResponseMetadata"}
    assert body == {
        "DomainName": "shop",
        "EventStreamArn": ARN_PREFIX + "es",
        "CreatedAt": dt.datetime(2026, 4, 5, 6, 7, 8, 9000, tzinfo=tzutc()),
        "State": "RUNNING",
        "DestinationDetails": {"Uri": stream_arn, "Status": "HEALTHY"},
        "Tags": {"a": "b"},
    }


def test_deleting_the_kinesis_stream_stops_the_event_stream(client, domain, kinesis, stream_arn):
    with freeze_time("2026-01-01"):
        client.create_event_stream(DomainName="shop", EventStreamName="es", Uri=stream_arn)
    with freeze_time("2026-01-02 03:04:05"):
        kinesis.delete_stream(StreamName="profile-events")
        got = client.get_event_stream(DomainName="shop", EventStreamName="es")
    since = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=tzutc())
    assert got["State"] == "STOPPED"
    assert got["StoppedSince"] == since
    details = got["DestinationDetails"]
    assert (details["Uri"], details["Status"], details["UnhealthySince"]) == (stream_arn, "UNHEALTHY", since)
    assert details["Message"] == (
        "The Kinesis Data Stream does not exist. Please recreate the event stream with valid Kinesis Data Stream destination"
    )
    # it stays stopped, since the moment it was found stopped
    with freeze_time("2026-01-03"):
        kinesis.create_stream(StreamName="profile-events", ShardCount=1)
        again = client.get_event_stream(DomainName="shop", EventStreamName="es")
    assert (again["State"], again["StoppedSince"]) == ("STOPPED", since)


def test_destination_missing_from_the_start_is_stopped_since_creation(client, domain):
    with freeze_time("2026-06-01 00:00:01"):
        client.create_event_stream(DomainName="shop", EventStreamName="es", Uri=kinesis_arn("never-created"))
    got = client.get_event_stream(DomainName="shop", EventStreamName="es")
    assert got["State"] == "STOPPED"
    assert got["StoppedSince"] == got["CreatedAt"] == dt.datetime(2026, 6, 1, 0, 0, 1, tzinfo=tzutc())
    assert got["DestinationDetails"]["Status"] == "UNHEALTHY"


@pytest.mark.parametrize(
    "uri",
    [
        "not-an-arn",
        "arn:aws:firehose:us-east-1:123456789012:deliverystream/x",
        "arn:aws:kinesis:us-east-1:123456789012:stream/",
        "arn:aws:kinesis:us-east-1:1234:stream/x",
        "arn:aws:sqs:us-east-1:123456789012:queue",
        "https://kinesis.us-east-1.amazonaws.com/stream/x",
    ],
)
def test_uri_must_be_a_kinesis_data_stream_arn(client, domain, uri):
    with pytest.raises(client.exceptions.BadRequestException) as info:
        client.create_event_stream(DomainName="shop", EventStreamName="es", Uri=uri)
    assert uri in info.value.response["Error"]["Message"]
    assert client.list_event_streams(DomainName="shop")["Items"] == []


@pytest.mark.parametrize("uri", [kinesis_arn("x", region="eu-west-1"), kinesis_arn("x", account="210987654321")])
def test_destination_must_be_in_the_domains_region_and_account(client, domain, uri):
    with pytest.raises(client.exceptions.BadRequestException, match="same Region"):
        client.create_event_stream(DomainName="shop", EventStreamName="es", Uri=uri)


def test_duplicate_name_is_a_bad_request(client, domain, stream_arn):
    client.create_event_stream(DomainName="shop", EventStreamName="es", Uri=stream_arn)
    with pytest.raises(client.exceptions.BadRequestException) as info:
        client.create_event_stream(DomainName="shop", EventStreamName="es", Uri=kinesis_arn("second"))
    assert info.value.response["Error"]["Message"] == "The Customer Profiles Domain: shop is already associated with an active EventStream"
    assert client.get_event_stream(DomainName="shop", EventStreamName="es")["DestinationDetails"]["Uri"] == stream_arn


def test_a_destination_may_feed_several_event_streams(client, domain, stream_arn):
    # AWS documents no refusal of a stream another event stream writes to: accepted
    client.create_domain(DomainName="other", DefaultExpirationDays=1)
    client.create_event_stream(DomainName="shop", EventStreamName="first", Uri=stream_arn)
    client.create_event_stream(DomainName="shop", EventStreamName="second", Uri=stream_arn)
    client.create_event_stream(DomainName="other", EventStreamName="first", Uri=stream_arn)
    names = [s["EventStreamName"] for s in client.list_event_streams(DomainName="shop")["Items"]]
    assert sorted(names) == ["first", "second"]


def test_event_stream_of_unknown_domain_is_not_found(client):
    with pytest.raises(client.exceptions.ResourceNotFoundException, match="nowhere"):
        client.create_event_stream(DomainName="nowhere", EventStreamName="es", Uri=kinesis_arn("x"))
    for operation in ("get_event_stream", "delete_event_stream"):
        with pytest.raises(client.exceptions.ResourceNotFoundException):
            getattr(client, operation)(DomainName="nowhere", EventStreamName="es")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.list_event_streams(DomainName="nowhere")


@pytest.mark.parametrize("operation", ["get_event_stream", "delete_event_stream"])
def test_unknown_event_stream_is_not_found(client, domain, operation):
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        getattr(client, operation)(DomainName="shop", EventStreamName="missing")
    assert "missing" in info.value.response["Error"]["Message"]
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_event_stream_name_is_validated(client, domain):
    with pytest.raises(client.exceptions.BadRequestException, match="at 'eventStreamName'"):
        client.create_event_stream(DomainName="shop", EventStreamName="no.dots", Uri=kinesis_arn("x"))


def test_list_event_streams_with_summaries_and_pagination(client, domain, kinesis):
    names = [f"es-{i}" for i in range(5)]
    for name in names:
        kinesis.create_stream(StreamName=name, ShardCount=1)
        client.create_event_stream(DomainName="shop", EventStreamName=name, Uri=kinesis_arn(name))
    kinesis.delete_stream(StreamName="es-3")
    seen, token = [], None
    while True:
        page = client.list_event_streams(DomainName="shop", MaxResults=2, **({"NextToken": token} if token else {}))
        assert len(page["Items"]) <= 2
        seen += page["Items"]
        token = page.get("NextToken")
        if not token:
            break
    assert [s["EventStreamName"] for s in seen] == names
    healthy = seen[0]
    assert healthy == {
        "DomainName": "shop",
        "EventStreamName": "es-0",
        "EventStreamArn": ARN_PREFIX + "es-0",
        "State": "RUNNING",
        "DestinationSummary": {"Uri": kinesis_arn("es-0"), "Status": "HEALTHY"},
    }
    stopped = seen[3]
    assert stopped["State"] == "STOPPED"
    assert stopped["DestinationSummary"]["Status"] == "UNHEALTHY"
    assert stopped["StoppedSince"] == stopped["DestinationSummary"]["UnhealthySince"]


def test_list_event_streams_paginator(client, domain):
    for i in range(3):
        client.create_event_stream(DomainName="shop", EventStreamName=f"es-{i}", Uri=kinesis_arn(f"s{i}"))
    pages = list(client.get_paginator("list_event_streams").paginate(DomainName="shop", PaginationConfig={"PageSize": 2}))
    assert [len(p["Items"]) for p in pages] == [2, 1]


def test_delete_event_stream(client, domain, stream_arn):
    client.create_event_stream(DomainName="shop", EventStreamName="es", Uri=stream_arn)
    response = client.delete_event_stream(DomainName="shop", EventStreamName="es")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert set(response) == {"ResponseMetadata"}
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_event_stream(DomainName="shop", EventStreamName="es")
    assert client.list_event_streams(DomainName="shop")["Items"] == []
