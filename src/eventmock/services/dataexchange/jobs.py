"""Jobs: CreateJob, StartJob, GetJob, ListJobs, CancelJob (run by :mod:`.transfers`)."""

from __future__ import annotations

import copy
from typing import Any

from eventmock.core import clock, ids
from eventmock.core.errors import NotEmulatedError
from eventmock.services.dataexchange import keypatterns
from eventmock.services.dataexchange.models import Job, Revision
from eventmock.services.dataexchange.base import JOB_DETAILS, S3_SNAPSHOT, _conflict, _validation
from eventmock.services.dataexchange.api_assets import ApiAssets
from eventmock.services.dataexchange.transfers import Transfers


class Jobs(Transfers, ApiAssets):
    def create_job(self, Details: dict[str, Any], Type: str, AssetConfiguration: dict[str, Any] | None = None) -> dict[str, Any]:
        member = JOB_DETAILS.get(Type)
        if member is None:
            raise NotEmulatedError("dataexchange", "CreateJob", f"eventmock does not emulate jobs of type {Type}")
        given = sorted(k for k, v in Details.items() if v is not None)
        if given != [member]:
            raise _validation(f"Details must contain {member}, and nothing else, for a job of type {Type}.")
        detail = copy.deepcopy(Details[member])
        asset_tags = list((AssetConfiguration or {}).get("Tags") or ())
        if len({t["Key"] for t in asset_tags}) != len(asset_tags):
            raise _validation("AssetConfiguration.Tags has duplicate keys.")
        if Type == "IMPORT_ASSETS_FROM_S3":
            self._check_import(detail)
        elif Type == "EXPORT_ASSETS_TO_S3":
            self._check_export_assets(detail)
        elif Type == "IMPORT_ASSET_FROM_API_GATEWAY_API":
            detail = self._check_api_import(detail)
        else:
            self._check_export_revisions(detail)
        job = self._new_job(Type, {member: detail}, copy.deepcopy(AssetConfiguration))
        return job.view()

    def _new_job(self, job_type: str, details: dict[str, Any], asset_configuration: dict[str, Any] | None) -> Job:
        now = clock.now()
        job_id = ids.hex32()
        job = Job(
            id=job_id,
            arn=self._arn(f"jobs/{job_id}"),
            type=job_type,
            details=details,
            created=now,
            updated=now,
            seq=next(self._seq),
            asset_configuration=asset_configuration,
        )
        self.jobs[job_id] = job
        return job

    def _check_encryption(self, encryption: dict[str, Any] | None) -> None:
        if encryption is None:
            return
        kind, key = encryption["Type"], encryption.get("KmsKeyArn")
        if kind == "aws:kms" and not key:
            raise _validation("KmsKeyArn is required when the encryption Type is aws:kms.")
        if kind == "AES256" and key:
            raise _validation("KmsKeyArn can only be given when the encryption Type is aws:kms.")

    def _check_import(self, detail: dict[str, Any]) -> None:
        data_set = self._owned(detail["DataSetId"])
        revision = self._revision(data_set, detail["RevisionId"])
        if data_set.asset_type != S3_SNAPSHOT:
            raise _validation(
                f"Data set {data_set.id} has asset type {data_set.asset_type}: assets can be imported from Amazon S3 "
                f"only into {S3_SNAPSHOT} data sets."
            )
        if not detail["AssetSources"]:
            raise _validation("AssetSources must contain at least one asset source.")
        self._check_open(revision)

    @staticmethod
    def _check_open(revision: Revision) -> None:
        if revision.finalized:
            raise _conflict(f"Revision {revision.id} is finalized: no asset can be added to it.", "REVISION", revision.id)

    def _check_export_assets(self, detail: dict[str, Any]) -> None:
        revision = self._revision(self._data_set(detail["DataSetId"]), detail["RevisionId"])
        if not detail["AssetDestinations"]:
            raise _validation("AssetDestinations must contain at least one asset destination.")
        for destination in detail["AssetDestinations"]:
            self._asset(revision, destination["AssetId"])
        self._check_encryption(detail.get("Encryption"))

    def _check_export_revisions(self, detail: dict[str, Any]) -> None:
        data_set = self._data_set(detail["DataSetId"])
        if not detail["RevisionDestinations"]:
            raise _validation("RevisionDestinations must contain at least one revision destination.")
        for destination in detail["RevisionDestinations"]:
            self._revision(data_set, destination["RevisionId"])
            pattern = destination.get("KeyPattern")
            problem = keypatterns.problem(pattern) if pattern is not None else None
            if problem is not None:
                raise _validation(problem)
        self._check_encryption(detail.get("Encryption"))

    def start_job(self, JobId: str) -> dict[str, Any]:
        job = self._job(JobId)
        if job.state != "WAITING":
            raise _conflict(f"Job {JobId} is {job.state}: only a job in the WAITING state can be started.", "JOB", JobId)
        if job.type in ("IMPORT_ASSETS_FROM_S3", "IMPORT_ASSET_FROM_API_GATEWAY_API"):
            revision = self._existing_revision(job.detail()["DataSetId"], job.detail()["RevisionId"])
            if revision is not None:
                self._check_open(revision)
        self._run(job)
        return {}

    def _existing_revision(self, data_set_id: str, revision_id: str) -> Revision | None:
        data_set = self.data_sets.get(data_set_id)
        return self._revisions(data_set).get(revision_id) if data_set is not None else None

    def _run(self, job: Job) -> None:
        """Run a job to its end: ``COMPLETED``, or ``ERROR`` with its errors."""
        if job.type == "IMPORT_ASSETS_FROM_S3":
            errors = self._import(job)
        elif job.type == "EXPORT_ASSETS_TO_S3":
            errors = self._export_assets(job.detail())
        elif job.type == "IMPORT_ASSET_FROM_API_GATEWAY_API":
            errors = self._import_api(job)
        else:
            errors = self._export_revisions(job.detail())
        job.errors = errors
        job.state = "ERROR" if errors else "COMPLETED"
        job.updated = clock.now()

    def get_job(self, JobId: str) -> dict[str, Any]:
        return self._job(JobId).view()

    def list_jobs(
        self, DataSetId: str | None = None, MaxResults: int | None = None, NextToken: str | None = None, RevisionId: str | None = None
    ) -> dict[str, Any]:
        found = [
            job
            for job in self.jobs.values()
            if (DataSetId is None or job.data_set_id() == DataSetId) and (RevisionId is None or RevisionId in job.revision_ids())
        ]
        page, token = self._page(self._newest_first(found), NextToken, MaxResults)
        return {"Jobs": [job.view() for job in page], "NextToken": token}

    def cancel_job(self, JobId: str) -> None:
        job = self._job(JobId)
        if job.state != "WAITING":
            raise _conflict(f"Job {JobId} is {job.state}: only a job in the WAITING state can be cancelled.", "JOB", JobId)
        job.state = "CANCELLED"
        job.updated = clock.now()
