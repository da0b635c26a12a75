"""Profile history records (what changed a profile, newest first) and batch puts of
profile objects."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

pytestmark = pytest.mark.model("customer-profiles", "ListProfileHistoryRecordsRequest", "ProfileId")

FIELDS = {
    "orderId": {"Source": "_source.orderId", "Target": "Order.orderId"},
    "email": {"Source": "_source.email", "Target": "_profile.EmailAddress"},
}
KEYS = {
    "_orderId": [{"StandardIdentifiers": ["UNIQUE"], "FieldNames": ["orderId"]}],
    "_email": [{"StandardIdentifiers": ["PROFILE"], "FieldNames": ["email"]}],
}


@pytest.fixture
def orders(client, domain):
    client.put_profile_object_type(
        DomainName="shop", ObjectTypeName="Order", Description="d", Fields=FIELDS, Keys=KEYS, AllowProfileCreation=True
    )


def history(client, profile_id, **kwargs):
    return client.list_profile_history_records(DomainName="shop", ProfileId=profile_id, **kwargs)["ProfileHistoryRecords"]


def test_profile_changes_are_recorded_newest_first(client, domain):
    profile_id = client.create_profile(DomainName="shop", FirstName="Ann")["ProfileId"]
    client.update_profile(DomainName="shop", ProfileId=profile_id, LastName="Lee")
    client.add_profile_key(DomainName="shop", ProfileId=profile_id, KeyName="_orderId", Values=["o1"])
    records = history(client, profile_id)
    assert [r["ActionType"] for r in records] == ["ADDED_PROFILE_KEY", "UPDATED", "CREATED"]
    assert {r["ObjectTypeName"] for r in records} == {"_profile"}
    assert records[0]["PerformedBy"].endswith(":root")
    updated = client.get_profile_history_record(DomainName="shop", ProfileId=profile_id, Id=records[1]["Id"])
    assert json.loads(updated["Content"])["LastName"] == "Lee"
    assert [r["ActionType"] for r in history(client, profile_id, ActionType="CREATED")] == ["CREATED"]


def test_merge_and_delete_are_recorded(client, domain):
    main = client.create_profile(DomainName="shop", FirstName="A")["ProfileId"]
    other = client.create_profile(DomainName="shop", FirstName="B")["ProfileId"]
    client.merge_profiles(DomainName="shop", MainProfileId=main, ProfileIdsToBeMerged=[other])
    assert history(client, main)[0]["ActionType"] == "MERGED"
    assert history(client, other)[0]["ActionType"] == "DELETED_BY_MERGE"
    client.delete_profile(DomainName="shop", ProfileId=main)
    assert history(client, main)[0]["ActionType"] == "DELETED_BY_CUSTOMER"


def test_ingested_objects_are_recorded(client, orders):
    key = client.put_profile_object(
        DomainName="shop", ObjectTypeName="Order", Object=json.dumps({"orderId": "o1", "email": "a@example.com"})
    )["ProfileObjectUniqueKey"]
    [profile] = client.search_profiles(DomainName="shop", KeyName="_email", Values=["a@example.com"])["Items"]
    records = history(client, profile["ProfileId"])
    assert [(r["ActionType"], r["ObjectTypeName"]) for r in records] == [("INGESTED", "Order"), ("CREATED", "_profile")]
    assert records[0]["ProfileObjectUniqueKey"] == key
    assert [r["ActionType"] for r in history(client, profile["ProfileId"], ObjectTypeName="Order")] == ["INGESTED"]


def test_unknown_profile_or_record(client, domain):
    for call, kwargs in (
        (client.list_profile_history_records, {}),
        (client.get_profile_history_record, {"Id": "0" * 32}),
    ):
        with pytest.raises(ClientError) as excinfo:
            call(DomainName="shop", ProfileId="0" * 32, **kwargs)
        assert excinfo.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_batch_put_profile_object(client, orders):
    answer = client.batch_put_profile_object(
        DomainName="shop",
        ObjectTypeName="Order",
        Items=[
            {"Id": "1", "Object": json.dumps({"orderId": "o1", "email": "a@example.com"})},
            {"Id": "2", "Object": "not json"},
        ],
    )
    [ok] = answer["Successful"]
    [failed] = answer["Failed"]
    assert ok["Id"] == "1" and ok["ProfileObjectUniqueKey"]
    assert failed["Id"] == "2" and failed["Code"] == 400
    assert client.get_domain(DomainName="shop")["Stats"]["ObjectCount"] == 1
