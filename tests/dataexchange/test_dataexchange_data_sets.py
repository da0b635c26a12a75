"""Data sets: create, get, list (origin, order, pages), update, delete, and the errors
AWS answers with."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from dataexchange_support import ACCOUNT, body, finalize
from dateutil.tz import tzutc
from freezegun import freeze_time

from eventmock import publish_revision

ID = re.compile(r"[0-9a-f]{32}")


def test_create_data_set_returns_it_with_201(dx):
    with freeze_time("2026-02-03 04:05:06.789123"):
        response = dx.create_data_set(AssetType="S3_SNAPSHOT", Name="prices", Description="Daily prices", Tags={"team": "data"})
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    data_set_id = response["Id"]
    assert ID.fullmatch(data_set_id)
    when = dt.datetime(2026, 2, 3, 4, 5, 6, 789000, tzinfo=tzutc())
    assert body(response) == {
        "Arn": f"arn:aws:dataexchange:us-east-1:{ACCOUNT}:data-sets/{data_set_id}",
        "AssetType": "S3_SNAPSHOT",
        "CreatedAt": when,
        "Description": "Daily prices",
        "Id": data_set_id,
        "Name": "prices",
        "Origin": "OWNED",
        "Tags": {"team": "data"},
        "UpdatedAt": when,
    }


@pytest.mark.parametrize("asset_type", ["API_GATEWAY_API", "REDSHIFT_DATA_SHARE", "S3_DATA_ACCESS", "LAKE_FORMATION_DATA_PERMISSION"])
def test_every_asset_type_of_the_model_can_be_created(dx, asset_type):
    created = dx.create_data_set(AssetType=asset_type, Name="n", Description="d")
    assert dx.get_data_set(DataSetId=created["Id"])["AssetType"] == asset_type


def test_an_asset_type_outside_the_enum_is_a_validation_error(dx):
    with pytest.raises(dx.exceptions.ValidationException, match="at 'assetType' failed to satisfy constraint: Member must satisfy enum value set"):
        dx.create_data_set(AssetType="FILES", Name="n", Description="d")
    assert dx.list_data_sets()["DataSets"] == []


def test_get_data_set(dx, data_set):
    got = dx.get_data_set(DataSetId=data_set["Id"])
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert body(got) == body(data_set)


def test_unknown_data_set_is_not_found_with_its_id_and_type(dx):
    missing = "0" * 32
    with pytest.raises(dx.exceptions.ResourceNotFoundException) as info:
        dx.get_data_set(DataSetId=missing)
    response = info.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert (response["ResourceId"], response["ResourceType"]) == (missing, "DATA_SET")
    assert missing in response["Error"]["Message"]


@pytest.mark.parametrize("data_set_id", ["short", "x" * 41, "arn:aws:dataexchange:us-east-1:123456789012:data-sets/" + "a" * 32])
def test_data_set_id_must_match_the_id_pattern_whole(dx, data_set_id):
    with pytest.raises(dx.exceptions.ValidationException) as info:
        dx.get_data_set(DataSetId=data_set_id)
    assert info.value.response["Error"]["Message"] == (
        f"1 validation error detected: Value '{data_set_id}' at 'dataSetId' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9]{30,40}"
    )


def test_list_data_sets_newest_first_in_pages(dx):
    created = []
    for day in range(1, 6):
        with freeze_time(f"2026-01-0{day}"):
            created.append(dx.create_data_set(AssetType="S3_SNAPSHOT", Name=f"d{day}", Description="d")["Id"])
    seen, token = [], None
    while True:
        page = dx.list_data_sets(MaxResults=2, **({"NextToken": token} if token else {}))
        assert len(page["DataSets"]) <= 2
        seen += page["DataSets"]
        token = page.get("NextToken")
        if not token:
            break
    assert [d["Id"] for d in seen] == created[::-1]
    entry = seen[0]
    assert "Tags" not in entry  # DataSetEntry has no tags
    assert entry["Origin"] == "OWNED"


def test_list_data_sets_paginator(dx):
    for i in range(3):
        dx.create_data_set(AssetType="S3_SNAPSHOT", Name=f"d{i}", Description="d")
    pages = list(dx.get_paginator("list_data_sets").paginate(PaginationConfig={"PageSize": 2}))
    assert [len(p["DataSets"]) for p in pages] == [2, 1]


def test_list_data_sets_by_origin(dx, data_set):
    assert [d["Id"] for d in dx.list_data_sets(Origin="OWNED")["DataSets"]] == [data_set["Id"]]
    assert dx.list_data_sets(Origin="ENTITLED")["DataSets"] == []  # no subscriptions are emulated
    with pytest.raises(dx.exceptions.ValidationException, match="Origin"):
        dx.list_data_sets(Origin="MINE")


def test_max_results_above_its_maximum_is_a_validation_error(dx):
    # botocore checks the minimum itself; the service checks the maximum
    with pytest.raises(dx.exceptions.ValidationException, match="Value '201' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 200"):
        dx.list_data_sets(MaxResults=201)


def test_a_token_not_given_out_is_a_validation_error(dx, data_set):
    with pytest.raises(dx.exceptions.ValidationException, match="NextToken"):
        dx.list_data_sets(NextToken="forged")


def test_data_sets_are_per_account_and_region(client_for, data_set):
    assert client_for(region="eu-west-1").list_data_sets()["DataSets"] == []
    assert client_for(account="210987654321").list_data_sets()["DataSets"] == []
    with pytest.raises(client_for(region="eu-west-1").exceptions.ResourceNotFoundException):
        client_for(region="eu-west-1").get_data_set(DataSetId=data_set["Id"])


def test_update_data_set_changes_what_is_given_and_moves_updated_at(dx):
    with freeze_time("2026-01-01"):
        created = dx.create_data_set(AssetType="S3_SNAPSHOT", Name="prices", Description="old", Tags={"a": "b"})
    with freeze_time("2026-01-02"):
        updated = dx.update_data_set(DataSetId=created["Id"], Description="new")
    assert updated["Description"] == "new"
    assert updated["Name"] == "prices"
    assert updated["CreatedAt"] == created["CreatedAt"]
    assert updated["UpdatedAt"] == dt.datetime(2026, 1, 2, tzinfo=tzutc())
    assert "Tags" not in updated  # UpdateDataSetResponse has none
    renamed = dx.update_data_set(DataSetId=created["Id"], Name="quotes")
    assert (renamed["Name"], renamed["Description"]) == ("quotes", "new")
    assert dx.get_data_set(DataSetId=created["Id"])["Tags"] == {"a": "b"}


def test_update_unknown_data_set_is_not_found(dx):
    with pytest.raises(dx.exceptions.ResourceNotFoundException):
        dx.update_data_set(DataSetId="1" * 32, Name="x")


def test_delete_data_set_deletes_its_revisions(dx, data_set, revision):
    response = dx.delete_data_set(DataSetId=data_set["Id"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert set(response) == {"ResponseMetadata"}
    with pytest.raises(dx.exceptions.ResourceNotFoundException):
        dx.get_data_set(DataSetId=data_set["Id"])
    with pytest.raises(dx.exceptions.ResourceNotFoundException):
        dx.get_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"])
    with pytest.raises(dx.exceptions.ResourceNotFoundException):
        dx.delete_data_set(DataSetId=data_set["Id"])


def test_a_data_set_with_a_published_revision_cannot_be_deleted(dx, data_set, revision):
    finalize(dx, data_set["Id"], revision["Id"])
    publish_revision(data_set["Id"], revision["Id"])
    with pytest.raises(dx.exceptions.ConflictException) as info:
        dx.delete_data_set(DataSetId=data_set["Id"])
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert (info.value.response["ResourceId"], info.value.response["ResourceType"]) == (data_set["Id"], "DATA_SET")
    assert dx.get_data_set(DataSetId=data_set["Id"])["Id"] == data_set["Id"]
