"""Segment subscriptions, their events, and the domain's stream for segments (not in
botocore 1.40's model)."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.tz import tzutc
from freezegun import freeze_time

pytestmark = pytest.mark.model("customer-profiles", "PutSegmentSubscriptionRequest", "SegmentDefinitionName")

JANES = {"Groups": [{"Dimensions": [{"ProfileAttributes": {"FirstName": {"DimensionType": "INCLUSIVE", "Values": ["Jane"]}}}]}]}
ROLE = "arn:aws:iam::123456789012:role/segments"


@pytest.fixture
def segment(client, domain):
    client.create_segment_definition(DomainName="shop", SegmentDefinitionName="janes", DisplayName="Janes", SegmentGroups=JANES)


def test_put_get_delete_subscription(client, segment):
    with freeze_time("2026-01-01 00:00:00"):
        put = client.put_segment_subscription(
            DomainName="shop", SegmentDefinitionName="janes", ScheduleConfiguration={"Interval": 6, "Unit": "HOURLY"}
        )
    start = dt.datetime(2026, 1, 1, tzinfo=tzutc())
    assert (put["Status"], put["StartedAt"], put["ScheduleConfiguration"]) == ("RUNNING", start, {"Interval": 6, "Unit": "HOURLY"})
    with freeze_time("2026-01-01 13:00:00"):
        got = client.get_segment_subscription(DomainName="shop", SegmentDefinitionName="janes")
    assert got["ScheduledExecutions"] == {
        "LastExecutedAt": start + dt.timedelta(hours=12),
        "NextExecutedAt": start + dt.timedelta(hours=18),
    }
    assert client.delete_segment_subscription(DomainName="shop", SegmentDefinitionName="janes")["Message"]
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_segment_subscription(DomainName="shop", SegmentDefinitionName="janes")


def test_subscription_errors(client, segment):
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.put_segment_subscription(DomainName="shop", SegmentDefinitionName="nope")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.delete_segment_subscription(DomainName="shop", SegmentDefinitionName="janes")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.list_segment_subscription_events(DomainName="shop", SegmentDefinitionName="janes")


def test_events_record_profiles_joining_and_leaving(client, segment):
    jane = client.create_profile(DomainName="shop", FirstName="Jane")["ProfileId"]
    client.put_segment_subscription(DomainName="shop", SegmentDefinitionName="janes")
    assert client.list_segment_subscription_events(DomainName="shop", SegmentDefinitionName="janes")["Events"] == []
    with freeze_time("2026-02-02 02:02:02"):
        other = client.create_profile(DomainName="shop", FirstName="Jane")["ProfileId"]
        client.update_profile(DomainName="shop", ProfileId=jane, FirstName="Janet")
        events = client.list_segment_subscription_events(DomainName="shop", SegmentDefinitionName="janes")["Events"]
    at = dt.datetime(2026, 2, 2, 2, 2, 2, tzinfo=tzutc())
    assert events == [
        {"ProfileId": other, "UpdatedAt": at, "EventType": "LIVE", "Event": "JOINED"},
        {"ProfileId": jane, "UpdatedAt": at, "EventType": "LIVE", "Event": "LEFT"},
    ]
    page = client.list_segment_subscription_events(DomainName="shop", SegmentDefinitionName="janes", MaxResults=1)
    assert len(page["Events"]) == 1 and page["NextToken"]


def test_stream_for_segments(client, segment):
    destination = "arn:aws:kinesis:us-east-1:123456789012:stream/segments"
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_stream_for_segments(DomainName="shop")
    client.associate_stream_for_segments(DomainName="shop", DestinationArn=destination, DestinationRoleArn=ROLE)
    client.put_segment_subscription(DomainName="shop", SegmentDefinitionName="janes")
    got = client.get_stream_for_segments(DomainName="shop")
    assert (got["DomainName"], got["DestinationArn"], got["DestinationRoleArn"], got["State"]) == ("shop", destination, ROLE, "RUNNING")
    assert got["AssociatedSegments"] == [{"SegmentName": "janes", "Status": "RUNNING"}]
    with pytest.raises(client.exceptions.BadRequestException):
        client.associate_stream_for_segments(DomainName="shop", DestinationArn=destination, DestinationRoleArn=ROLE)
    assert client.disassociate_stream_for_segments(DomainName="shop")["Message"]
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.disassociate_stream_for_segments(DomainName="shop")
