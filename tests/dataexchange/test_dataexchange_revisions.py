"""Revisions: create, get, list, update (comment, finalize, unfinalize), revoke,
delete, and what a finalized, published or revoked revision refuses."""

from __future__ import annotations

import datetime as dt

import pytest
from dataexchange_support import ACCOUNT, body, finalize
from dateutil.tz import tzutc
from freezegun import freeze_time

from eventmock import publish_revision


def test_create_revision(dx, data_set):
    with freeze_time("2026-05-06 07:08:09.5"):
        response = dx.create_revision(DataSetId=data_set["Id"], Comment="day 1", Tags={"batch": "1"})
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    revision_id = response["Id"]
    when = dt.datetime(2026, 5, 6, 7, 8, 9, 500000, tzinfo=tzutc())
    assert body(response) == {
        "Arn": f"arn:aws:dataexchange:us-east-1:{ACCOUNT}:data-sets/{data_set['Id']}/revisions/{revision_id}",
        "Comment": "day 1",
        "CreatedAt": when,
        "DataSetId": data_set["Id"],
        "Finalized": False,
        "Id": revision_id,
        "Revoked": False,
        "Tags": {"batch": "1"},
        "UpdatedAt": when,
    }
    assert body(dx.get_revision(DataSetId=data_set["Id"], RevisionId=revision_id)) == body(response)


def test_revision_of_an_unknown_data_set_is_not_found(dx):
    with pytest.raises(dx.exceptions.ResourceNotFoundException) as info:
        dx.create_revision(DataSetId="2" * 32)
    assert info.value.response["ResourceType"] == "DATA_SET"


def test_revision_is_found_only_in_its_own_data_set(dx, data_set, revision):
    other = dx.create_data_set(AssetType="S3_SNAPSHOT", Name="other", Description="d")
    with pytest.raises(dx.exceptions.ResourceNotFoundException) as info:
        dx.get_revision(DataSetId=other["Id"], RevisionId=revision["Id"])
    assert (info.value.response["ResourceId"], info.value.response["ResourceType"]) == (revision["Id"], "REVISION")


def test_comment_longer_than_16384_is_a_validation_error(dx, data_set):
    with pytest.raises(dx.exceptions.ValidationException, match="at 'comment'"):
        dx.create_revision(DataSetId=data_set["Id"], Comment="x" * 16385)


def test_list_data_set_revisions_newest_first(dx, data_set):
    ids = []
    for day in range(1, 5):
        with freeze_time(f"2026-03-0{day}"):
            ids.append(dx.create_revision(DataSetId=data_set["Id"])["Id"])
    pages = list(dx.get_paginator("list_data_set_revisions").paginate(DataSetId=data_set["Id"], PaginationConfig={"PageSize": 3}))
    assert [len(p["Revisions"]) for p in pages] == [3, 1]
    listed = [r for p in pages for r in p["Revisions"]]
    assert [r["Id"] for r in listed] == ids[::-1]
    assert "Tags" not in listed[0]
    assert listed[0]["Finalized"] is False


def test_finalize_then_unfinalize(dx, data_set, revision):
    with freeze_time("2027-01-01"):
        finalized = dx.update_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"], Finalized=True)
    assert finalized["Finalized"] is True
    assert finalized["UpdatedAt"] == dt.datetime(2027, 1, 1, tzinfo=tzutc())
    assert "Tags" not in finalized
    back = dx.update_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"], Finalized=False)
    assert back["Finalized"] is False
    assert dx.update_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"], Comment="edited")["Comment"] == "edited"


def test_a_finalized_revision_cannot_be_changed_or_deleted(dx, data_set, revision):
    finalize(dx, data_set["Id"], revision["Id"])
    with pytest.raises(dx.exceptions.ConflictException) as info:
        dx.update_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"], Comment="changed")
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert (info.value.response["ResourceId"], info.value.response["ResourceType"]) == (revision["Id"], "REVISION")
    with pytest.raises(dx.exceptions.ConflictException):
        dx.delete_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"])
    got = dx.get_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"])
    assert (got["Comment"], got["Finalized"]) == ("day 1", True)


def test_a_published_revision_cannot_be_unfinalized(dx, data_set, revision):
    finalize(dx, data_set["Id"], revision["Id"])
    publish_revision(data_set["Id"], revision["Id"])
    with pytest.raises(dx.exceptions.ConflictException, match="published"):
        dx.update_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"], Finalized=False)
    assert dx.get_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"])["Finalized"] is True


def test_delete_revision(dx, data_set, revision):
    response = dx.delete_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert dx.list_data_set_revisions(DataSetId=data_set["Id"])["Revisions"] == []
    with pytest.raises(dx.exceptions.ResourceNotFoundException):
        dx.delete_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"])


def test_revoke_a_finalized_revision(dx, data_set, revision):
    finalize(dx, data_set["Id"], revision["Id"])
    with freeze_time("2027-02-03 04:05:06"):
        revoked = dx.revoke_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"], RevocationComment="wrong prices")
    at = dt.datetime(2027, 2, 3, 4, 5, 6, tzinfo=tzutc())
    assert revoked["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert (revoked["Revoked"], revoked["RevokedAt"], revoked["RevocationComment"]) == (True, at, "wrong prices")
    # the reason can be changed; the time of revocation stays
    with freeze_time("2027-03-01"):
        again = dx.revoke_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"], RevocationComment="prices were off")
    assert (again["RevokedAt"], again["RevocationComment"]) == (at, "prices were off")
    listed = dx.list_data_set_revisions(DataSetId=data_set["Id"])["Revisions"][0]
    assert (listed["Revoked"], listed["RevokedAt"]) == (True, at)
    with pytest.raises(dx.exceptions.ConflictException, match="revoked"):
        dx.update_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"], Finalized=False)


def test_an_unfinalized_revision_cannot_be_revoked(dx, data_set, revision):
    with pytest.raises(dx.exceptions.ConflictException):
        dx.revoke_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"], RevocationComment="not ready yet")
    assert dx.get_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"])["Revoked"] is False


def test_revocation_comment_is_10_to_512_characters(dx, data_set, revision):
    finalize(dx, data_set["Id"], revision["Id"])
    with pytest.raises(dx.exceptions.ValidationException, match="at 'revocationComment'"):
        dx.revoke_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"], RevocationComment="x" * 513)
    # the minimum is botocore's to check
    assert dx.get_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"])["Revoked"] is False
