"""Key patterns: every dynamic reference AWS documents, in revision exports and in
event actions, and the patterns AWS refuses."""

from __future__ import annotations

import pytest
from dataexchange_support import KEYS, export_action, finalize, import_assets, published_event
from freezegun import freeze_time

from eventmock import publish_revision

CREATED = "2026-03-04 05:06:07.891"


@pytest.fixture
def dated_revision(dx, data_set):
    with freeze_time(CREATED):
        return dx.create_revision(DataSetId=data_set["Id"], Comment="dated")


def export(dx, data_set, revision, bucket, pattern):
    details = {
        "ExportRevisionsToS3": {
            "DataSetId": data_set["Id"],
            "RevisionDestinations": [{"Bucket": bucket, "KeyPattern": pattern, "RevisionId": revision["Id"]}],
        }
    }
    job = dx.create_job(Type="EXPORT_REVISIONS_TO_S3", Details=details)
    dx.start_job(JobId=job["Id"])
    return dx.get_job(JobId=job["Id"])


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("${Asset.Name}", "{name}"),
        ("${Asset.Id}", "{asset_id}"),
        ("${DataSet.Id}/${Asset.Name}", "{data_set_id}/{name}"),
        ("${DataSet.Name}/${Asset.Name}", "prices/{name}"),
        ("${Revision.Id}/${Asset.Id}", "{revision_id}/{asset_id}"),
        ("${Revision.CreatedAt}/${Asset.Name}", "2026-03-04T05:06:07.891Z/{name}"),
        ("${Revision.CreatedAt.Year}/${Asset.Name}", "2026/{name}"),
        ("${Revision.CreatedAt.Month}/${Asset.Name}", "03/{name}"),
        ("${Revision.CreatedAt.Day}/${Asset.Name}", "04/{name}"),
        (
            "year=${Revision.CreatedAt.Year}/month=${Revision.CreatedAt.Month}/day=${Revision.CreatedAt.Day}/${Asset.Id}.csv",
            "year=2026/month=03/day=04/{asset_id}.csv",
        ),
    ],
)
def test_each_dynamic_reference(dx, s3, data_set, dated_revision, source, destination, pattern, expected):
    first, _ = import_assets(dx, data_set["Id"], dated_revision["Id"], source)
    job = export(dx, data_set, dated_revision, destination, pattern)
    assert job["State"] == "COMPLETED"
    key = expected.format(name=first["Name"], asset_id=first["Id"], data_set_id=data_set["Id"], revision_id=dated_revision["Id"])
    assert s3.get_object(Bucket=destination, Key=key)["Body"].read() == b"sku,price\na,1\n"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("${Revision.Id}", "must include ${Asset.Name} or ${Asset.Id}"),
        ("static-name", "must include ${Asset.Name} or ${Asset.Id}"),
        ("${Asset.Name}/${Asset.Size}", "unknown dynamic reference ${Asset.Size}"),
        ("${asset.name}", "unknown dynamic reference ${asset.name}"),
    ],
)
def test_patterns_aws_refuses_in_jobs_and_event_actions(dx, data_set, revision, destination, pattern, message):
    details = {
        "ExportRevisionsToS3": {
            "DataSetId": data_set["Id"],
            "RevisionDestinations": [{"Bucket": destination, "KeyPattern": pattern, "RevisionId": revision["Id"]}],
        }
    }
    with pytest.raises(dx.exceptions.ValidationException) as info:
        dx.create_job(Type="EXPORT_REVISIONS_TO_S3", Details=details)
    assert message in info.value.response["Error"]["Message"]
    with pytest.raises(dx.exceptions.ValidationException) as info:
        dx.create_event_action(Action=export_action(destination, pattern), Event=published_event(data_set["Id"]))
    assert message in info.value.response["Error"]["Message"]
    assert dx.list_jobs()["Jobs"] == []
    assert dx.list_event_actions()["EventActions"] == []


def test_a_pattern_that_gives_two_assets_one_key_fails_the_export(dx, s3, data_set, revision, source, destination):
    import_assets(dx, data_set["Id"], revision["Id"], source)
    job = export(dx, data_set, revision, destination, "${Revision.Id}/${Asset.Name}")
    assert job["State"] == "COMPLETED"
    renamed = dx.create_revision(DataSetId=data_set["Id"])
    [a, b] = import_assets(dx, data_set["Id"], renamed["Id"], source)
    dx.update_asset(AssetId=b["Id"], DataSetId=data_set["Id"], RevisionId=renamed["Id"], Name=a["Name"])
    failed = export(dx, data_set, renamed, destination, "same/${Asset.Name}")
    assert failed["State"] == "ERROR"
    [error] = failed["Errors"]
    assert (error["Code"], error["ResourceType"], error["ResourceId"]) == ("VALIDATION_EXCEPTION", "REVISION", renamed["Id"])
    assert "unique" in error["Message"]
    assert not any(o["Key"].startswith("same/") for o in s3.list_objects_v2(Bucket=destination)["Contents"])


def test_event_action_default_key_pattern_is_created_at_then_asset_name(dx, s3, data_set, dated_revision, source, destination):
    import_assets(dx, data_set["Id"], dated_revision["Id"], source)
    created = dx.create_event_action(Action=export_action(destination), Event=published_event(data_set["Id"]))
    # the event action keeps what it was given
    assert "KeyPattern" not in created["Action"]["ExportRevisionToS3"]["RevisionDestination"]
    finalize(dx, data_set["Id"], dated_revision["Id"])
    [job_id] = publish_revision(data_set["Id"], dated_revision["Id"])
    job = dx.get_job(JobId=job_id)
    assert job["Details"]["ExportRevisionsToS3"]["RevisionDestinations"][0]["KeyPattern"] == "${Revision.CreatedAt}/${Asset.Name}"
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=destination)["Contents"]]
    assert keys == [f"2026-03-04T05:06:07.891Z/{key}" for key in KEYS]
