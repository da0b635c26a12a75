"""Domain object types, object type detection, and the values and statistics of an
object type's attributes."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

FIELDS = {
    "orderId": {"Source": "_source.orderId", "Target": "Order.orderId"},
    "total": {"Source": "_source.total", "Target": "Order.total", "ContentType": "NUMBER"},
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
    for n, total in enumerate([10, 20, 30, 40, 50]):
        client.put_profile_object(
            DomainName="shop",
            ObjectTypeName="Order",
            Object=json.dumps({"orderId": f"o{n}", "total": total, "email": "a@example.com"}),
        )


def code(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"]


@pytest.mark.model("customer-profiles", "PutDomainObjectTypeRequest", "Fields")
def test_domain_object_type_is_stored_described_listed_and_deleted(client, domain):
    fields = {"note": {"Source": "_source.note", "Target": "_note.text", "ContentType": "STRING", "FeatureType": "TEXTUAL"}}
    put = client.put_domain_object_type(DomainName="shop", ObjectTypeName="Notes", Fields=fields, Description="notes", Tags={"a": "b"})
    got = client.get_domain_object_type(DomainName="shop", ObjectTypeName="Notes")
    for answer in (put, got):
        assert (answer["ObjectTypeName"], answer["Description"], answer["Fields"], answer["Tags"]) == (
            "Notes",
            "notes",
            fields,
            {"a": "b"},
        )
        assert "EncryptionKey" not in answer
    again = client.put_domain_object_type(DomainName="shop", ObjectTypeName="Notes", Fields=fields)
    assert again["CreatedAt"] == put["CreatedAt"] and "Description" not in again
    [item] = client.list_domain_object_types(DomainName="shop")["Items"]
    assert item["ObjectTypeName"] == "Notes" and "Fields" not in item
    client.delete_domain_object_type(DomainName="shop", ObjectTypeName="Notes")
    with pytest.raises(ClientError) as excinfo:
        client.get_domain_object_type(DomainName="shop", ObjectTypeName="Notes")
    assert code(excinfo) == ("ResourceNotFoundException", 404)
    with pytest.raises(ClientError) as excinfo:
        client.delete_domain_object_type(DomainName="shop", ObjectTypeName="Notes")
    assert code(excinfo) == ("ResourceNotFoundException", 404)
    assert client.list_domain_object_types(DomainName="shop")["Items"] == []


def test_detect_profile_object_type(client, domain):
    sample = json.dumps({"email": "a@example.com", "phone": "+1555", "first_name": "Ann", "visits": 3, "nested": {"x": 1}})
    [detected] = client.detect_profile_object_type(DomainName="shop", Objects=[sample])["DetectedProfileObjectTypes"]
    assert detected["Fields"]["email"] == {
        "Source": "_source.email",
        "Target": "_profile.EmailAddress",
        "ContentType": "EMAIL_ADDRESS",
    }
    assert detected["Fields"]["first_name"]["Target"] == "_profile.FirstName"
    assert detected["Fields"]["visits"] == {"Source": "_source.visits", "Target": "_profile.Attributes.visits", "ContentType": "NUMBER"}
    assert "nested" not in detected["Fields"]
    assert detected["Keys"]["_email"] == [{"StandardIdentifiers": ["PROFILE"], "FieldNames": ["email"]}]
    with pytest.raises(ClientError) as excinfo:
        client.detect_profile_object_type(DomainName="shop", Objects=["nope"])
    assert code(excinfo) == ("BadRequestException", 400)


@pytest.mark.model("customer-profiles", "ListObjectTypeAttributeValuesRequest", "AttributeName")
def test_attribute_values(client, orders):
    items = client.list_object_type_attribute_values(DomainName="shop", ObjectTypeName="Order", AttributeName="total")["Items"]
    assert [i["Value"] for i in items] == ["10", "20", "30", "40", "50"]
    assert all(i["LastUpdatedAt"] for i in items)
    with pytest.raises(ClientError) as excinfo:
        client.list_object_type_attribute_values(DomainName="shop", ObjectTypeName="Order", AttributeName="nope")
    assert code(excinfo) == ("ResourceNotFoundException", 404)


@pytest.mark.model("customer-profiles", "GetObjectTypeAttributeStatisticsRequest", "AttributeName")
def test_attribute_statistics(client, orders):
    answer = client.get_object_type_attribute_statistics(DomainName="shop", ObjectTypeName="Order", AttributeName="total")
    stats = answer["Statistics"]
    assert (stats["Minimum"], stats["Maximum"], stats["Average"]) == (10.0, 50.0, 30.0)
    assert stats["StandardDeviation"] == pytest.approx(14.1421356)
    assert stats["Percentiles"] == {"P5": 12.0, "P25": 20.0, "P50": 30.0, "P75": 40.0, "P95": 48.0}
    assert answer["CalculatedAt"]
