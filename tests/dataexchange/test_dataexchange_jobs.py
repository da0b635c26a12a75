"""Jobs: importing assets from S3, exporting assets and revisions to S3 (read back with
``get_object``), job states and errors, cancel, list; and the assets themselves."""

from __future__ import annotations

import datetime as dt

import pytest
from dataexchange_support import ACCOUNT, KEYS, body, finalize, import_assets, import_job
from dateutil.tz import tzutc
from freezegun import freeze_time

from eventmock import NotEmulatedError

KMS_KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"


# -- import -----------------------------------------------------------------------


def test_create_job_waits_until_started(dx, data_set, revision, source):
    with freeze_time("2026-01-01 00:00:00.25"):
        job = import_job(dx, data_set["Id"], revision["Id"], source)
    assert job["ResponseMetadata"]["HTTPStatusCode"] == 201
    when = dt.datetime(2026, 1, 1, 0, 0, 0, 250000, tzinfo=tzutc())
    assert body(job) == {
        "Arn": f"arn:aws:dataexchange:us-east-1:{ACCOUNT}:jobs/{job['Id']}",
        "CreatedAt": when,
        "Details": {
            "ImportAssetsFromS3": {
                "AssetSources": [{"Bucket": source, "Key": key} for key in KEYS],
                "DataSetId": data_set["Id"],
                "RevisionId": revision["Id"],
            }
        },
        "Id": job["Id"],
        "State": "WAITING",
        "Type": "IMPORT_ASSETS_FROM_S3",
        "UpdatedAt": when,
    }
    assert dx.list_revision_assets(DataSetId=data_set["Id"], RevisionId=revision["Id"])["Assets"] == []


@pytest.mark.model("dataexchange", "GetAssetResponse", "Tags")
def test_start_job_imports_the_objects_as_assets(dx, data_set, revision, source):
    job = import_job(dx, data_set["Id"], revision["Id"], source, AssetConfiguration={"Tags": [{"Key": "origin", "Value": "s3"}]})
    with freeze_time("2026-01-02"):
        started = dx.start_job(JobId=job["Id"])
    assert started["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert body(started) == {}
    done = dx.get_job(JobId=job["Id"])
    assert done["State"] == "COMPLETED"
    assert "Errors" not in done
    assert done["UpdatedAt"] == dt.datetime(2026, 1, 2, tzinfo=tzutc())
    assert done["AssetConfiguration"] == {"Tags": [{"Key": "origin", "Value": "s3"}]}
    assets = dx.list_revision_assets(DataSetId=data_set["Id"], RevisionId=revision["Id"])["Assets"]
    # "sorted alphabetically in descending order"
    assert [a["Name"] for a in assets] == [KEYS[1], KEYS[0]]
    asset = assets[1]
    assert asset["Arn"] == f"{revision['Arn']}/assets/{asset['Id']}"
    assert asset["AssetType"] == "S3_SNAPSHOT"
    assert asset["AssetDetails"] == {"S3SnapshotAsset": {"Size": 14.0}}
    assert (asset["DataSetId"], asset["RevisionId"]) == (data_set["Id"], revision["Id"])
    got = dx.get_asset(AssetId=asset["Id"], DataSetId=data_set["Id"], RevisionId=revision["Id"])
    assert got["Tags"] == {"origin": "s3"}
    assert body(got) == {**asset, "Tags": {"origin": "s3"}}


def test_import_snapshots_the_object(dx, s3, data_set, revision, source, destination):
    [asset, _] = import_assets(dx, data_set["Id"], revision["Id"], source)
    s3.put_object(Bucket=source, Key=KEYS[0], Body=b"changed later")
    job = dx.create_job(
        Type="EXPORT_ASSETS_TO_S3",
        Details={"ExportAssetsToS3": {"AssetDestinations": [{"AssetId": asset["Id"], "Bucket": destination}], "DataSetId": data_set["Id"], "RevisionId": revision["Id"]}},
    )
    dx.start_job(JobId=job["Id"])
    assert s3.get_object(Bucket=destination, Key=KEYS[0])["Body"].read() == b"sku,price\na,1\n"


def test_import_of_a_missing_object_or_bucket_ends_in_error_and_creates_nothing(dx, data_set, revision, source):
    keys = [KEYS[0], "prices/missing.csv"]
    job = dx.create_job(
        Type="IMPORT_ASSETS_FROM_S3",
        Details={
            "ImportAssetsFromS3": {
                "AssetSources": [{"Bucket": source, "Key": k} for k in keys] + [{"Bucket": "no-such-bucket", "Key": "k"}],
                "DataSetId": data_set["Id"],
                "RevisionId": revision["Id"],
            }
        },
    )
    dx.start_job(JobId=job["Id"])
    failed = dx.get_job(JobId=job["Id"])
    assert failed["State"] == "ERROR"
    [error] = failed["Errors"]
    assert error["Code"] == "RESOURCE_NOT_FOUND_EXCEPTION"
    assert error["Details"] == {
        "ImportAssetsFromS3JobErrorDetails": [{"Bucket": source, "Key": "prices/missing.csv"}, {"Bucket": "no-such-bucket", "Key": "k"}]
    }
    assert (error["ResourceId"], error["ResourceType"]) == (revision["Id"], "REVISION")
    assert "s3://provider-data/prices/missing.csv" in error["Message"]
    assert dx.list_revision_assets(DataSetId=data_set["Id"], RevisionId=revision["Id"])["Assets"] == []


def test_import_into_a_finalized_revision_is_a_conflict(dx, data_set, revision, source):
    finalize(dx, data_set["Id"], revision["Id"])
    with pytest.raises(dx.exceptions.ConflictException):
        import_job(dx, data_set["Id"], revision["Id"], source)
    assert dx.list_jobs()["Jobs"] == []


def test_starting_an_import_into_a_revision_finalized_since_is_a_conflict(dx, data_set, revision, source):
    job = import_job(dx, data_set["Id"], revision["Id"], source)
    finalize(dx, data_set["Id"], revision["Id"])
    with pytest.raises(dx.exceptions.ConflictException):
        dx.start_job(JobId=job["Id"])
    assert dx.get_job(JobId=job["Id"])["State"] == "WAITING"


def test_import_into_a_data_set_that_is_not_s3_snapshot_is_refused(dx, source):
    api = dx.create_data_set(AssetType="API_GATEWAY_API", Name="api", Description="d")
    revision = dx.create_revision(DataSetId=api["Id"])
    with pytest.raises(dx.exceptions.ValidationException, match="S3_SNAPSHOT"):
        import_job(dx, api["Id"], revision["Id"], source)


def test_job_details_must_match_the_type(dx, data_set, revision, source):
    details = {"ImportAssetsFromS3": {"AssetSources": [{"Bucket": source, "Key": KEYS[0]}], "DataSetId": data_set["Id"], "RevisionId": revision["Id"]}}
    with pytest.raises(dx.exceptions.ValidationException, match="ExportAssetsToS3"):
        dx.create_job(Type="EXPORT_ASSETS_TO_S3", Details=details)
    assert dx.list_jobs()["Jobs"] == []


def test_job_of_an_unknown_revision_is_not_found(dx, data_set, source):
    with pytest.raises(dx.exceptions.ResourceNotFoundException) as info:
        import_job(dx, data_set["Id"], "3" * 32, source)
    assert info.value.response["ResourceType"] == "REVISION"


def test_job_types_not_emulated_are_refused_loudly(dx, data_set, revision):
    with pytest.raises(NotEmulatedError, match="IMPORT_ASSET_FROM_SIGNED_URL"):
        dx.create_job(
            Type="IMPORT_ASSET_FROM_SIGNED_URL",
            Details={"ImportAssetFromSignedUrl": {"AssetName": "a", "DataSetId": data_set["Id"], "Md5Hash": "A" * 22 + "==", "RevisionId": revision["Id"]}},
        )


# -- job lifecycle ----------------------------------------------------------------


def test_a_job_starts_once(dx, data_set, revision, source):
    job = import_job(dx, data_set["Id"], revision["Id"], source)
    dx.start_job(JobId=job["Id"])
    with pytest.raises(dx.exceptions.ConflictException) as info:
        dx.start_job(JobId=job["Id"])
    assert info.value.response["ResourceType"] == "JOB"
    assert len(dx.list_revision_assets(DataSetId=data_set["Id"], RevisionId=revision["Id"])["Assets"]) == 2


def test_cancel_job_only_while_waiting(dx, data_set, revision, source):
    job = import_job(dx, data_set["Id"], revision["Id"], source)
    response = dx.cancel_job(JobId=job["Id"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert dx.get_job(JobId=job["Id"])["State"] == "CANCELLED"
    with pytest.raises(dx.exceptions.ConflictException):
        dx.start_job(JobId=job["Id"])
    with pytest.raises(dx.exceptions.ConflictException):
        dx.cancel_job(JobId=job["Id"])
    done = import_job(dx, data_set["Id"], revision["Id"], source)
    dx.start_job(JobId=done["Id"])
    with pytest.raises(dx.exceptions.ConflictException):
        dx.cancel_job(JobId=done["Id"])
    assert dx.get_job(JobId=done["Id"])["State"] == "COMPLETED"


@pytest.mark.parametrize("operation", ["get_job", "start_job", "cancel_job"])
def test_unknown_job_is_not_found(dx, operation):
    with pytest.raises(dx.exceptions.ResourceNotFoundException) as info:
        getattr(dx, operation)(JobId="4" * 32)
    assert info.value.response["ResourceType"] == "JOB"


def test_list_jobs_newest_first_filtered_by_data_set_and_revision(dx, data_set, revision, source):
    other = dx.create_revision(DataSetId=data_set["Id"])
    with freeze_time("2026-01-01"):
        first = import_job(dx, data_set["Id"], revision["Id"], source)["Id"]
    with freeze_time("2026-01-02"):
        second = import_job(dx, data_set["Id"], other["Id"], source)["Id"]
    assert [j["Id"] for j in dx.list_jobs()["Jobs"]] == [second, first]
    assert [j["Id"] for j in dx.list_jobs(DataSetId=data_set["Id"], RevisionId=revision["Id"])["Jobs"]] == [first]
    assert dx.list_jobs(DataSetId="5" * 32)["Jobs"] == []
    pages = list(dx.get_paginator("list_jobs").paginate(PaginationConfig={"PageSize": 1}))
    assert [[j["Id"] for j in p["Jobs"]] for p in pages] == [[second], [first]]


# -- export -----------------------------------------------------------------------


def export_assets_details(data_set, revision, destinations, encryption=None):
    details = {"AssetDestinations": destinations, "DataSetId": data_set["Id"], "RevisionId": revision["Id"]}
    if encryption is not None:
        details["Encryption"] = encryption
    return {"ExportAssetsToS3": details}


def test_export_assets_to_s3_with_keys_and_kms_encryption(dx, s3, data_set, revision, source, destination):
    first, second = import_assets(dx, data_set["Id"], revision["Id"], source)
    destinations = [{"AssetId": first["Id"], "Bucket": destination, "Key": "copied/first.csv"}, {"AssetId": second["Id"], "Bucket": destination}]
    encryption = {"Type": "aws:kms", "KmsKeyArn": KMS_KEY}
    job = dx.create_job(Type="EXPORT_ASSETS_TO_S3", Details=export_assets_details(data_set, revision, destinations, encryption))
    assert job["Details"]["ExportAssetsToS3"]["Encryption"] == encryption
    dx.start_job(JobId=job["Id"])
    assert dx.get_job(JobId=job["Id"])["State"] == "COMPLETED"
    copied = s3.get_object(Bucket=destination, Key="copied/first.csv")
    assert copied["Body"].read() == b"sku,price\na,1\n"
    assert (copied["ServerSideEncryption"], copied["SSEKMSKeyId"]) == ("aws:kms", KMS_KEY)
    # without a Key, the asset's name is the object's key
    assert s3.get_object(Bucket=destination, Key=KEYS[1])["Body"].read() == b"sku,price\na,2\n"


def test_export_with_aes256(dx, s3, data_set, revision, source, destination):
    first, _ = import_assets(dx, data_set["Id"], revision["Id"], source)
    details = export_assets_details(data_set, revision, [{"AssetId": first["Id"], "Bucket": destination}], {"Type": "AES256"})
    dx.start_job(JobId=dx.create_job(Type="EXPORT_ASSETS_TO_S3", Details=details)["Id"])
    head = s3.head_object(Bucket=destination, Key=KEYS[0])
    assert head["ServerSideEncryption"] == "AES256"
    assert "SSEKMSKeyId" not in head


@pytest.mark.parametrize(
    ("encryption", "message"),
    [({"Type": "aws:kms"}, "KmsKeyArn is required"), ({"Type": "AES256", "KmsKeyArn": KMS_KEY}, "only")],
)
def test_encryption_settings_are_validated(dx, data_set, revision, source, destination, encryption, message):
    first, _ = import_assets(dx, data_set["Id"], revision["Id"], source)
    details = export_assets_details(data_set, revision, [{"AssetId": first["Id"], "Bucket": destination}], encryption)
    with pytest.raises(dx.exceptions.ValidationException, match=message):
        dx.create_job(Type="EXPORT_ASSETS_TO_S3", Details=details)
    assert [j["Type"] for j in dx.list_jobs()["Jobs"]] == ["IMPORT_ASSETS_FROM_S3"]


def test_export_of_an_unknown_asset_is_not_found(dx, data_set, revision, destination):
    details = export_assets_details(data_set, revision, [{"AssetId": "6" * 32, "Bucket": destination}])
    with pytest.raises(dx.exceptions.ResourceNotFoundException) as info:
        dx.create_job(Type="EXPORT_ASSETS_TO_S3", Details=details)
    assert info.value.response["ResourceType"] == "ASSET"


def test_export_to_a_missing_bucket_ends_in_error_and_writes_nothing(dx, s3, data_set, revision, source, destination):
    first, second = import_assets(dx, data_set["Id"], revision["Id"], source)
    destinations = [{"AssetId": first["Id"], "Bucket": destination}, {"AssetId": second["Id"], "Bucket": "no-such-bucket"}]
    job = dx.create_job(Type="EXPORT_ASSETS_TO_S3", Details=export_assets_details(data_set, revision, destinations))
    dx.start_job(JobId=job["Id"])
    failed = dx.get_job(JobId=job["Id"])
    assert failed["State"] == "ERROR"
    [error] = failed["Errors"]
    assert error["Code"] == "RESOURCE_NOT_FOUND_EXCEPTION"
    assert "no-such-bucket" in error["Message"]
    assert (error["ResourceId"], error["ResourceType"]) == (second["Id"], "ASSET")
    assert "Contents" not in s3.list_objects_v2(Bucket=destination)


def test_export_revisions_to_s3_with_a_key_pattern(dx, s3, data_set, revision, source, destination):
    import_assets(dx, data_set["Id"], revision["Id"], source)
    details = {
        "ExportRevisionsToS3": {
            "DataSetId": data_set["Id"],
            "RevisionDestinations": [{"Bucket": destination, "KeyPattern": "${Revision.Id}/${Asset.Name}", "RevisionId": revision["Id"]}],
        }
    }
    job = dx.create_job(Type="EXPORT_REVISIONS_TO_S3", Details=details)
    assert job["Details"] == details
    dx.start_job(JobId=job["Id"])
    assert dx.get_job(JobId=job["Id"])["State"] == "COMPLETED"
    listed = [o["Key"] for o in s3.list_objects_v2(Bucket=destination)["Contents"]]
    assert listed == [f"{revision['Id']}/{key}" for key in KEYS]
    assert s3.get_object(Bucket=destination, Key=f"{revision['Id']}/{KEYS[1]}")["Body"].read() == b"sku,price\na,2\n"


def test_export_revisions_default_key_pattern_is_the_asset_name(dx, s3, data_set, revision, source, destination):
    import_assets(dx, data_set["Id"], revision["Id"], source)
    details = {"ExportRevisionsToS3": {"DataSetId": data_set["Id"], "RevisionDestinations": [{"Bucket": destination, "RevisionId": revision["Id"]}]}}
    dx.start_job(JobId=dx.create_job(Type="EXPORT_REVISIONS_TO_S3", Details=details)["Id"])
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=destination)["Contents"]] == list(KEYS)


def test_export_revisions_of_an_unknown_revision_is_not_found(dx, data_set, destination):
    details = {"ExportRevisionsToS3": {"DataSetId": data_set["Id"], "RevisionDestinations": [{"Bucket": destination, "RevisionId": "7" * 32}]}}
    with pytest.raises(dx.exceptions.ResourceNotFoundException):
        dx.create_job(Type="EXPORT_REVISIONS_TO_S3", Details=details)


def test_a_job_whose_revision_was_deleted_before_it_started_ends_in_error(dx, data_set, revision, destination):
    details = {"ExportRevisionsToS3": {"DataSetId": data_set["Id"], "RevisionDestinations": [{"Bucket": destination, "RevisionId": revision["Id"]}]}}
    job = dx.create_job(Type="EXPORT_REVISIONS_TO_S3", Details=details)
    dx.delete_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"])
    dx.start_job(JobId=job["Id"])
    failed = dx.get_job(JobId=job["Id"])
    assert failed["State"] == "ERROR"
    assert [(e["Code"], e["ResourceType"]) for e in failed["Errors"]] == [("RESOURCE_NOT_FOUND_EXCEPTION", "REVISION")]


# -- assets -----------------------------------------------------------------------


@pytest.mark.model("dataexchange", "GetAssetResponse", "Tags")
def test_update_asset_renames_it(dx, data_set, revision, source):
    first, _ = import_assets(dx, data_set["Id"], revision["Id"], source)
    with freeze_time("2028-01-01"):
        updated = dx.update_asset(AssetId=first["Id"], DataSetId=data_set["Id"], Name="renamed.csv", RevisionId=revision["Id"])
    assert updated["Name"] == "renamed.csv"
    assert updated["UpdatedAt"] == dt.datetime(2028, 1, 1, tzinfo=tzutc())
    assert updated["CreatedAt"] == first["CreatedAt"]
    assert dx.get_asset(AssetId=first["Id"], DataSetId=data_set["Id"], RevisionId=revision["Id"])["Name"] == "renamed.csv"


@pytest.mark.model("dataexchange", "GetAssetResponse", "Tags")
def test_assets_of_a_finalized_revision_cannot_change(dx, data_set, revision, source):
    first, _ = import_assets(dx, data_set["Id"], revision["Id"], source)
    finalize(dx, data_set["Id"], revision["Id"])
    with pytest.raises(dx.exceptions.ConflictException):
        dx.update_asset(AssetId=first["Id"], DataSetId=data_set["Id"], Name="x", RevisionId=revision["Id"])
    with pytest.raises(dx.exceptions.ConflictException):
        dx.delete_asset(AssetId=first["Id"], DataSetId=data_set["Id"], RevisionId=revision["Id"])
    assert dx.get_asset(AssetId=first["Id"], DataSetId=data_set["Id"], RevisionId=revision["Id"])["Name"] == KEYS[0]


def test_assets_of_a_revoked_revision_can_be_deleted(dx, data_set, revision, source):
    first, _ = import_assets(dx, data_set["Id"], revision["Id"], source)
    finalize(dx, data_set["Id"], revision["Id"])
    dx.revoke_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"], RevocationComment="bad data, sorry")
    response = dx.delete_asset(AssetId=first["Id"], DataSetId=data_set["Id"], RevisionId=revision["Id"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert [a["Name"] for a in dx.list_revision_assets(DataSetId=data_set["Id"], RevisionId=revision["Id"])["Assets"]] == [KEYS[1]]


def test_delete_asset_and_unknown_assets(dx, data_set, revision, source):
    first, _ = import_assets(dx, data_set["Id"], revision["Id"], source)
    dx.delete_asset(AssetId=first["Id"], DataSetId=data_set["Id"], RevisionId=revision["Id"])
    for call in (dx.get_asset, dx.delete_asset):
        with pytest.raises(dx.exceptions.ResourceNotFoundException) as info:
            call(AssetId=first["Id"], DataSetId=data_set["Id"], RevisionId=revision["Id"])
        assert info.value.response["ResourceType"] == "ASSET"


def test_list_revision_assets_in_pages(dx, s3, data_set, revision, source):
    keys = [f"part-{i}.csv" for i in range(5)]
    for key in keys:
        s3.put_object(Bucket=source, Key=key, Body=b"x")
    import_assets(dx, data_set["Id"], revision["Id"], source, keys)
    pages = list(dx.get_paginator("list_revision_assets").paginate(DataSetId=data_set["Id"], RevisionId=revision["Id"], PaginationConfig={"PageSize": 2}))
    assert [[a["Name"] for a in p["Assets"]] for p in pages] == [["part-4.csv", "part-3.csv"], ["part-2.csv", "part-1.csv"], ["part-0.csv"]]
