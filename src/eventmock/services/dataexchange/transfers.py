"""Running jobs: S3 in (imports) and out (exports), all objects or none."""

from __future__ import annotations

from typing import Any

from eventmock.core import clock, ids
from eventmock.core.errors import ServiceError
from eventmock.services.dataexchange import keypatterns
from eventmock.services.s3 import access as s3_access
from eventmock.services.dataexchange.models import Asset, Job, Revision
from eventmock.services.dataexchange.base import MAX_KEY_BYTES, DataExchangeBase, _job_error


class Transfers(DataExchangeBase):
    def _gone(self, detail: dict[str, Any]) -> list[dict[str, Any]]:
        """The error of a job whose data set or revision was deleted before it ran."""
        data_set = self.data_sets.get(detail["DataSetId"])
        if data_set is None:
            data_set_id = detail["DataSetId"]
            return [_job_error("RESOURCE_NOT_FOUND_EXCEPTION", f"Data set {data_set_id} not found.", "DATA_SET", data_set_id)]
        revision_ids = [d["RevisionId"] for d in detail.get("RevisionDestinations", ())] or [detail["RevisionId"]]
        for revision_id in revision_ids:
            if revision_id not in self._revisions(data_set):
                return [_job_error("RESOURCE_NOT_FOUND_EXCEPTION", f"Revision {revision_id} not found.", "REVISION", revision_id)]
        return []

    def _import(self, job: Job) -> list[dict[str, Any]]:
        detail = job.detail()
        gone = self._gone(detail)
        if gone:
            return gone
        data_set = self.data_sets[detail["DataSetId"]]
        revision = self._revisions(data_set)[detail["RevisionId"]]
        found: list[tuple[str, bytes]] = []
        missing: list[dict[str, str]] = []
        for source in detail["AssetSources"]:
            body = s3_access.read(self.store, self.account_id, self.region, source["Bucket"], source["Key"])
            if body is None:
                missing.append({"Bucket": source["Bucket"], "Key": source["Key"]})
            else:
                found.append((source["Key"], body))
        if missing:
            names = ", ".join(f"s3://{m['Bucket']}/{m['Key']}" for m in missing)
            return [
                _job_error(
                    "RESOURCE_NOT_FOUND_EXCEPTION",
                    f"The following Amazon S3 objects do not exist: {names}",
                    "REVISION",
                    revision.id,
                    {"ImportAssetsFromS3JobErrorDetails": missing},
                )
            ]
        tags = {t["Key"]: t["Value"] for t in (job.asset_configuration or {}).get("Tags") or ()}
        now = clock.now()
        for name, body in found:
            asset_id = ids.hex32()
            revision.assets[asset_id] = Asset(
                id=asset_id,
                arn=self._arn(f"data-sets/{data_set.id}/revisions/{revision.id}/assets/{asset_id}"),
                data_set_id=data_set.id,
                revision_id=revision.id,
                name=name,
                asset_type=data_set.asset_type,
                body=body,
                created=now,
                updated=now,
                seq=next(self._seq),
                tags=dict(tags),
            )
        return []

    def _export_assets(self, detail: dict[str, Any]) -> list[dict[str, Any]]:
        gone = self._gone(detail)
        if gone:
            return gone
        revision = self._revisions(self.data_sets[detail["DataSetId"]])[detail["RevisionId"]]
        writes = []
        for destination in detail["AssetDestinations"]:
            asset = revision.assets.get(destination["AssetId"])
            if asset is None:
                asset_id = destination["AssetId"]
                return [_job_error("RESOURCE_NOT_FOUND_EXCEPTION", f"Asset {asset_id} not found.", "ASSET", asset_id)]
            writes.append((destination["Bucket"], destination.get("Key") or asset.name, asset, "ASSET", asset.id))
        return self._write(writes, detail.get("Encryption"))

    def _export_revisions(self, detail: dict[str, Any]) -> list[dict[str, Any]]:
        gone = self._gone(detail)
        if gone:
            return gone
        data_set = self.data_sets[detail["DataSetId"]]
        writes = []
        for destination in detail["RevisionDestinations"]:
            revision = self._revisions(data_set)[destination["RevisionId"]]
            pattern = destination.get("KeyPattern") or keypatterns.JOB_DEFAULT
            keys: dict[str, Asset] = {}
            for asset in sorted(revision.assets.values(), key=lambda a: a.seq):
                key = keypatterns.render(
                    pattern,
                    asset_id=asset.id,
                    asset_name=asset.name,
                    data_set_id=data_set.id,
                    data_set_name=data_set.name,
                    revision_id=revision.id,
                    revision_created=revision.created,
                )
                if key in keys:
                    message = (
                        f"The key pattern {pattern} gives assets {keys[key].id} and {asset.id} of revision {revision.id} "
                        f"the same key {key}. The exported objects must have unique names."
                    )
                    return [_job_error("VALIDATION_EXCEPTION", message, "REVISION", revision.id)]
                keys[key] = asset
                writes.append((destination["Bucket"], key, asset, "REVISION", revision.id))
        return self._write(writes, detail.get("Encryption"))

    def _write(self, writes: list[tuple[str, str, Asset, str, str]], encryption: dict[str, Any] | None) -> list[dict[str, Any]]:
        """Write every (bucket, key, asset) to S3, or, if any cannot be written, none:
        the job's errors."""
        errors: list[dict[str, Any]] = []
        reported: set[str] = set()
        for bucket, key, _asset, resource_type, resource_id in writes:
            if bucket not in reported and not s3_access.exists(self.store, self.account_id, self.region, bucket):
                reported.add(bucket)
                errors.append(
                    _job_error("RESOURCE_NOT_FOUND_EXCEPTION", f"The Amazon S3 bucket {bucket} does not exist.", resource_type, resource_id)
                )
            elif len(key.encode("utf-8")) > MAX_KEY_BYTES:
                errors.append(
                    _job_error(
                        "VALIDATION_EXCEPTION",
                        f"The Amazon S3 object key {key} is longer than {MAX_KEY_BYTES} bytes.",
                        resource_type,
                        resource_id,
                    )
                )
        if errors:
            return errors
        sse = None
        if encryption is not None:
            sse = {"ServerSideEncryption": encryption["Type"]}
            if encryption.get("KmsKeyArn"):
                sse["SSEKMSKeyId"] = encryption["KmsKeyArn"]
        for bucket, key, asset, resource_type, resource_id in writes:
            try:
                s3_access.write(self.store, self.account_id, self.region, bucket, key, asset.body, sse=sse)
            except ServiceError as error:  # S3 refused what it was checked to accept (a mock underneath)
                return [_job_error("VALIDATION_EXCEPTION", f"S3 refused s3://{bucket}/{key}: {error.message}", resource_type, resource_id)]
        return []
