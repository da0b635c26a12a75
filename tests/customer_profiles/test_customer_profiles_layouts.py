"""Domain layouts: create, get, update (Version moves), list, delete, and the errors."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.tz import tzutc
from freezegun import freeze_time

LAYOUT = {
    "DomainName": "shop",
    "LayoutDefinitionName": "main",
    "Description": "The main layout",
    "DisplayName": "Main layout",
    "LayoutType": "PROFILE_EXPLORER",
    "Layout": '{"tabs": []}',
}


def body(response):
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def test_create_then_get_answers_the_layout(client, domain):
    with freeze_time("2026-03-04 05:06:07"):
        created = client.create_domain_layout(**LAYOUT, IsDefault=True, Tags={"team": "crm"})
    at = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=tzutc())
    expected = {
        "LayoutDefinitionName": "main",
        "Description": "The main layout",
        "DisplayName": "Main layout",
        "IsDefault": True,
        "LayoutType": "PROFILE_EXPLORER",
        "Layout": '{"tabs": []}',
        "Version": "1",
        "Tags": {"team": "crm"},
        "CreatedAt": at,
        "LastUpdatedAt": at,
    }
    assert body(created) == expected
    assert body(client.get_domain_layout(DomainName="shop", LayoutDefinitionName="main")) == expected


def test_update_changes_only_what_is_given_and_moves_the_version(client, domain):
    with freeze_time("2026-03-04 05:06:07"):
        client.create_domain_layout(**LAYOUT)
    with freeze_time("2026-03-05 00:00:00"):
        updated = client.update_domain_layout(DomainName="shop", LayoutDefinitionName="main", DisplayName="Renamed")
    assert updated["DisplayName"] == "Renamed"
    assert updated["Description"] == "The main layout"
    assert updated["Version"] == "2"
    assert updated["LastUpdatedAt"] == dt.datetime(2026, 3, 5, tzinfo=tzutc())
    got = client.get_domain_layout(DomainName="shop", LayoutDefinitionName="main")
    assert (got["DisplayName"], got["Version"]) == ("Renamed", "2")
    assert got["CreatedAt"] == dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=tzutc())


def test_list_pages_items_without_the_layout_itself(client, domain):
    for name in ("a", "b", "c"):
        client.create_domain_layout(**{**LAYOUT, "LayoutDefinitionName": name})
    first = client.list_domain_layouts(DomainName="shop", MaxResults=2)
    assert [i["LayoutDefinitionName"] for i in first["Items"]] == ["a", "b"]
    assert "Layout" not in first["Items"][0] and "Version" not in first["Items"][0]
    rest = client.list_domain_layouts(DomainName="shop", NextToken=first["NextToken"])
    assert [i["LayoutDefinitionName"] for i in rest["Items"]] == ["c"]
    assert "NextToken" not in rest


def test_delete_then_get_is_not_found(client, domain):
    client.create_domain_layout(**LAYOUT)
    assert client.delete_domain_layout(DomainName="shop", LayoutDefinitionName="main")["Message"]
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_domain_layout(DomainName="shop", LayoutDefinitionName="main")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.delete_domain_layout(DomainName="shop", LayoutDefinitionName="main")
    assert client.list_domain_layouts(DomainName="shop")["Items"] == []


def test_errors(client, domain):
    client.create_domain_layout(**LAYOUT)
    with pytest.raises(client.exceptions.BadRequestException):
        client.create_domain_layout(**LAYOUT)
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.create_domain_layout(**{**LAYOUT, "DomainName": "nope"})
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.update_domain_layout(DomainName="shop", LayoutDefinitionName="other", Description="x")
    with pytest.raises(client.exceptions.BadRequestException) as error:
        client.create_domain_layout(**{**LAYOUT, "LayoutDefinitionName": "bad name"})
    assert "layoutDefinitionName" in error.value.response["Error"]["Message"]


def test_layouts_go_with_their_domain(client, domain):
    client.create_domain_layout(**LAYOUT)
    client.delete_domain(DomainName="shop")
    client.create_domain(DomainName="shop", DefaultExpirationDays=1)
    assert client.list_domain_layouts(DomainName="shop")["Items"] == []
