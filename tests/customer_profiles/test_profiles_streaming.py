"""Profile changes reaching the event streams' Kinesis streams, in Customer Profiles'
record format, read back with kinesis.get_records and aws.kinesis.records."""

from __future__ import annotations

import json
import re

import pytest
from freezegun import freeze_time

EMPTY_ADDRESSES = {"Address": {}, "ShippingAddress": {}, "MailingAddress": {}, "BillingAddress": {}}


@pytest.fixture
def streaming(client, domain, stream_arn):
    client.create_event_stream(DomainName="shop", EventStreamName="es", Uri=stream_arn)
    return stream_arn


def read_all(kinesis, stream_name="profile-events"):
    """Every record of the stream, through boto3, across its shards."""
    out = []
    for shard in kinesis.list_shards(StreamName=stream_name)["Shards"]:
        iterator = kinesis.get_shard_iterator(StreamName=stream_name, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")[
            "ShardIterator"
        ]
        out += kinesis.get_records(ShardIterator=iterator)["Records"]
    return out


def test_created_profile_is_streamed(client, kinesis, streaming):
    with freeze_time("2026-03-04 05:06:07.891"):
        profile_id = client.create_profile(
            DomainName="shop", FirstName="Jane", EmailAddress="jane@example.com", Address={"City": "Seattle"}, Attributes={"tier": "gold"}
        )["ProfileId"]
        [record] = read_all(kinesis)  # within the stream's 24-hour retention
    assert record["PartitionKey"] == profile_id
    data = json.loads(record["Data"])
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", data.pop("EventId"))
    assert data == {
        "SchemaVersion": 0,
        "EventTimestamp": "2026-03-04T05:06:07.891Z",
        "EventType": "CREATED",
        "DomainName": "shop",
        "ObjectTypeName": "_profile",
        "AssociatedProfileId": None,
        "ProfileObjectUniqueKey": None,
        "Object": {
            **EMPTY_ADDRESSES,
            "ProfileId": profile_id,
            "FirstName": "Jane",
            "EmailAddress": "jane@example.com",
            "Address": {"City": "Seattle"},
            "Attributes": {"tier": "gold"},
        },
        "IsMessageRealTime": True,
    }


def test_update_streams_the_whole_profile_after_the_change(client, kinesis, streaming):
    profile_id = client.create_profile(DomainName="shop", FirstName="Jane", LastName="Doe", Attributes={"a": "1"})["ProfileId"]
    with freeze_time("2026-03-05"):
        client.update_profile(DomainName="shop", ProfileId=profile_id, LastName="", BirthDate="1990-01-01")
    created, updated = (json.loads(r["Data"]) for r in read_all(kinesis))
    assert created["EventType"] == "CREATED"
    assert updated["EventType"] == "UPDATED"
    assert updated["EventTimestamp"] == "2026-03-05T00:00:00.000Z"
    assert updated["Object"] == {
        **EMPTY_ADDRESSES,
        "ProfileId": profile_id,
        "FirstName": "Jane",
        "BirthDate": "1990-01-01",
        "Attributes": {"a": "1"},
    }
    assert updated["EventId"] != created["EventId"]


def test_object_carries_every_field_in_the_apis_names(client, eventmock, streaming):
    fields = {
        "AccountNumber": "A-1",
        "PartyType": "BUSINESS",
        "BusinessName": "Acme",
        "Gender": "UNSPECIFIED",
        "MobilePhoneNumber": "+1555",
        "BusinessEmailAddress": "b@acme.example",
        "BillingAddress": {"Address1": "PO Box 1", "Country": "US"},
        "PartyTypeString": "company",
        "ProfileType": "ACCOUNT_PROFILE",
    }
    profile_id = client.create_profile(DomainName="shop", **fields)["ProfileId"]
    [record] = eventmock.kinesis.records(streaming)
    assert record.json()["Object"] == {**EMPTY_ADDRESSES, "Attributes": {}, "ProfileId": profile_id, **fields}
    [profile] = client.search_profiles(DomainName="shop", KeyName="_profileId", Values=[profile_id])["Items"]
    assert {k: v for k, v in record.json()["Object"].items() if v != {}} == profile


def test_merge_streams_one_merged_record_for_the_main_profile(client, eventmock, streaming):
    main = client.create_profile(DomainName="shop", FirstName="Main")["ProfileId"]
    dup = client.create_profile(DomainName="shop", FirstName="Dup", LastName="Doe")["ProfileId"]
    before = len(eventmock.kinesis.records(streaming))
    client.merge_profiles(DomainName="shop", MainProfileId=main, ProfileIdsToBeMerged=[dup])
    records = eventmock.kinesis.records(streaming)
    assert len(records) == before + 1
    merged = records[-1]
    assert merged.partition_key == main
    data = merged.json()
    assert data["EventType"] == "MERGED"
    assert data["ObjectTypeName"] == "_profile"
    assert data["Object"] == {**EMPTY_ADDRESSES, "Attributes": {}, "ProfileId": main, "FirstName": "Main", "LastName": "Doe"}
    assert re.fullmatch(r"[0-9a-f-]{36}", data["MergeId"])
    assert data["DuplicateProfiles"] == [{**EMPTY_ADDRESSES, "Attributes": {}, "ProfileId": dup, "FirstName": "Dup", "LastName": "Doe"}]
    assert list(data)[-1] == "IsMessageRealTime"


def test_deletes_and_profile_keys_write_no_record(client, eventmock, streaming):
    profile_id = client.create_profile(DomainName="shop", FirstName="Ann")["ProfileId"]
    client.add_profile_key(DomainName="shop", ProfileId=profile_id, KeyName="loyaltyId", Values=["L-1"])
    client.delete_profile_key(DomainName="shop", ProfileId=profile_id, KeyName="loyaltyId", Values=["L-1"])
    client.delete_profile(DomainName="shop", ProfileId=profile_id)
    assert [r.json()["EventType"] for r in eventmock.kinesis.records(streaming)] == ["CREATED"]


def test_failed_calls_write_nothing(client, eventmock, streaming):
    with pytest.raises(client.exceptions.BadRequestException):
        client.create_profile(DomainName="shop", Gender="NOPE")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.update_profile(DomainName="shop", ProfileId="a" * 32, FirstName="x")
    assert eventmock.kinesis.records(streaming) == []


def test_every_running_stream_of_the_domain_gets_the_record_and_other_domains_none(client, kinesis, eventmock, streaming):
    kinesis.create_stream(StreamName="second", ShardCount=2)
    kinesis.create_stream(StreamName="elsewhere", ShardCount=1)
    second = "arn:aws:kinesis:us-east-1:123456789012:stream/second"
    elsewhere = "arn:aws:kinesis:us-east-1:123456789012:stream/elsewhere"
    client.create_event_stream(DomainName="shop", EventStreamName="es2", Uri=second)
    client.create_domain(DomainName="other", DefaultExpirationDays=1)
    client.create_event_stream(DomainName="other", EventStreamName="es", Uri=elsewhere)
    profile_id = client.create_profile(DomainName="shop", FirstName="Both")["ProfileId"]
    for arn in (streaming, second):
        [record] = eventmock.kinesis.records(arn)
        assert record.json()["Object"]["ProfileId"] == profile_id
    assert eventmock.kinesis.records(elsewhere) == []


def test_records_of_one_profile_keep_their_order_in_one_shard(client, kinesis, eventmock, streaming):
    kinesis.delete_stream(StreamName="profile-events")
    client.delete_event_stream(DomainName="shop", EventStreamName="es")
    kinesis.create_stream(StreamName="profile-events", ShardCount=4)
    client.create_event_stream(DomainName="shop", EventStreamName="es", Uri=streaming)
    profile_id = client.create_profile(DomainName="shop", FirstName="v0")["ProfileId"]
    for i in range(1, 6):
        client.update_profile(DomainName="shop", ProfileId=profile_id, FirstName=f"v{i}")
    records = eventmock.kinesis.records(streaming)
    assert len({r.shard_id for r in records}) == 1
    assert [r.json()["Object"]["FirstName"] for r in records] == [f"v{i}" for i in range(6)]


def test_deleted_destination_stops_the_stream_and_the_profile_call_succeeds(client, kinesis, eventmock, streaming):
    client.create_profile(DomainName="shop", FirstName="Before")
    kinesis.delete_stream(StreamName="profile-events")
    with freeze_time("2026-07-01 12:00:00"):
        profile_id = client.create_profile(DomainName="shop", FirstName="After")["ProfileId"]
    assert client.search_profiles(DomainName="shop", KeyName="_profileId", Values=[profile_id])["Items"][0]["FirstName"] == "After"
    got = client.get_event_stream(DomainName="shop", EventStreamName="es")
    assert got["State"] == "STOPPED"
    assert got["DestinationDetails"]["Status"] == "UNHEALTHY"
    assert got["StoppedSince"].isoformat() == "2026-07-01T12:00:00+00:00"
    [(arn, reason)] = eventmock.backend("customer-profiles").undelivered
    assert arn == got["EventStreamArn"] and "profile-events" in reason
    # a stopped stream writes nothing, even once its destination is back
    kinesis.create_stream(StreamName="profile-events", ShardCount=1)
    client.update_profile(DomainName="shop", ProfileId=profile_id, FirstName="Later")
    assert eventmock.kinesis.records(streaming) == []
    assert len(eventmock.backend("customer-profiles").undelivered) == 1


def test_one_stopped_stream_does_not_stop_the_others(client, kinesis, eventmock, streaming):
    kinesis.create_stream(StreamName="healthy", ShardCount=1)
    healthy = "arn:aws:kinesis:us-east-1:123456789012:stream/healthy"
    client.create_event_stream(DomainName="shop", EventStreamName="healthy", Uri=healthy)
    kinesis.delete_stream(StreamName="profile-events")
    client.create_profile(DomainName="shop", FirstName="x")
    assert len(eventmock.kinesis.records(healthy)) == 1
    states = {s["EventStreamName"]: s["State"] for s in client.list_event_streams(DomainName="shop")["Items"]}
    assert states == {"es": "STOPPED", "healthy": "RUNNING"}


def test_no_event_stream_no_records(client, domain, eventmock, stream_arn):
    client.create_profile(DomainName="shop", FirstName="x")
    assert eventmock.kinesis.records(stream_arn) == []
