"""Helpers shared by the Data Exchange tests."""

from __future__ import annotations

from typing import Any

ACCOUNT = "123456789012"
KEYS = ("prices/2026-01-01.csv", "prices/2026-01-02.csv")


def body(response: dict[str, Any]) -> dict[str, Any]:
    """A response without its ``ResponseMetadata``."""
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def import_job(dx, data_set_id: str, revision_id: str, bucket: str, keys=KEYS, **extra: Any) -> dict[str, Any]:
    sources = [{"Bucket": bucket, "Key": key} for key in keys]
    details = {"ImportAssetsFromS3": {"AssetSources": sources, "DataSetId": data_set_id, "RevisionId": revision_id}}
    return dx.create_job(Type="IMPORT_ASSETS_FROM_S3", Details=details, **extra)


def import_assets(dx, data_set_id: str, revision_id: str, bucket: str, keys=KEYS) -> list[dict[str, Any]]:
    """Import ``keys`` of ``bucket`` into the revision; its assets, by name."""
    job = import_job(dx, data_set_id, revision_id, bucket, keys)
    dx.start_job(JobId=job["Id"])
    assert dx.get_job(JobId=job["Id"])["State"] == "COMPLETED"
    assets = dx.list_revision_assets(DataSetId=data_set_id, RevisionId=revision_id)["Assets"]
    return sorted(assets, key=lambda a: a["Name"])


def finalize(dx, data_set_id: str, revision_id: str) -> None:
    dx.update_revision(DataSetId=data_set_id, RevisionId=revision_id, Finalized=True)


def export_action(bucket: str, key_pattern: str | None = None, encryption: dict[str, str] | None = None) -> dict[str, Any]:
    destination = {"Bucket": bucket}
    if key_pattern is not None:
        destination["KeyPattern"] = key_pattern
    action: dict[str, Any] = {"RevisionDestination": destination}
    if encryption is not None:
        action["Encryption"] = encryption
    return {"ExportRevisionToS3": action}


def published_event(data_set_id: str) -> dict[str, Any]:
    return {"RevisionPublished": {"DataSetId": data_set_id}}
