"""AWS Data Exchange: data sets, revisions, assets, jobs that move assets between S3 and
revisions, event actions that export published revisions, tags.

Shapes follow the botocore model (``dataexchange``, rest-json): timestamps are
timestamps (``tzutc()``, milliseconds), ids are 32 lowercase hexadecimal characters,
errors carry ``Message`` and, for a resource that is missing or in the way, its
``ResourceId`` and ``ResourceType``. The model's constraints (the id pattern, matched
against the whole value, ``MaxResults``, lengths, enums) are checked by the core before
an operation runs and answered with ``ValidationException``.

Jobs run when they are started, synchronously: ``start_job`` returns with the job
``COMPLETED`` or in ``ERROR`` with its ``Errors``. Imports read the emulated S3 (any
bucket by name, as the S3 namespace is global); exports write it, all objects or
none, through :mod:`eventmock.services.s3.access`: eventmock's S3, or the mock
underneath's (moto's) while one takes S3 whole.

AWS publishes a finalized revision to subscribers through AWS Marketplace, which is
not emulated: :func:`publish_revision` stands in for it. Publishing runs the event
actions of the revision's data set (each an ``EXPORT_REVISIONS_TO_S3`` job, listed by
``list_jobs``) and puts the ``Revision Published To Data Set`` event on the default
EventBridge bus of the account and Region.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Sequence
import datetime as dt
from typing import Any, Final, Protocol, TypeVar

from eventmock.core import activation, arns, clock, ids, pagination
from eventmock.core import tags as tags_
from eventmock.core.backend import Backend
from eventmock.core.errors import EventmockError, NotEmulatedError, ServiceError
from eventmock.core.records import Record
from eventmock.core.intercept import DEFAULT_ACCOUNT_ID
from eventmock.services.dataexchange import keypatterns
from eventmock.services.s3 import access as s3_access
from eventmock.services.dataexchange.models import ENTITLED, OWNED, Asset, DataSet, EventAction, Job, Revision

T = TypeVar("T")


class _Created(Protocol):
    created: dt.datetime
    seq: int


C = TypeVar("C", bound=_Created)

DEFAULT_PAGE_SIZE: Final = 25
MAX_TAGS: Final = 50
S3_SNAPSHOT: Final = "S3_SNAPSHOT"
SOURCE: Final = "aws.dataexchange"
#: The job types emulated, and the member of ``Details`` each one reads.
JOB_DETAILS: Final = {
    "IMPORT_ASSETS_FROM_S3": "ImportAssetsFromS3",
    "EXPORT_ASSETS_TO_S3": "ExportAssetsToS3",
    "EXPORT_REVISIONS_TO_S3": "ExportRevisionsToS3",
}
#: The detail type of the event a published revision sends, by the data set's asset
#: type (AWS Data Exchange user guide, "Amazon EventBridge events").
PUBLISHED_DETAIL_TYPES: Final = {
    "S3_SNAPSHOT": "Revision Published To Data Set",
    "REDSHIFT_DATA_SHARE": "Revision Published To Redshift Data Shares Data Set",
    "API_GATEWAY_API": "Revision Published To API Gateway API Data Set",
    "S3_DATA_ACCESS": "Revision Published to S3 Data Access Data Set(s)",
    "LAKE_FORMATION_DATA_PERMISSION": "Revision Published To Lake Formation Data Permission Data Set",
}
REVOKED_DETAIL_TYPE: Final = "Revision Revoked"
MAX_KEY_BYTES: Final = 1024


def _validation(message: str) -> ServiceError:
    return ServiceError("ValidationException", message)


def _not_found(what: str, resource_type: str, resource_id: str) -> ServiceError:
    return ServiceError(
        "ResourceNotFoundException", f"{what} {resource_id} not found.", ResourceId=resource_id, ResourceType=resource_type
    )


def _conflict(message: str, resource_type: str, resource_id: str) -> ServiceError:
    return ServiceError("ConflictException", message, ResourceId=resource_id, ResourceType=resource_type)


def _job_error(
    code: str, message: str, resource_type: str, resource_id: str, details: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {"Code": code, "Message": message, "ResourceId": resource_id, "ResourceType": resource_type, "Details": details}


class DataExchangeBackend(Backend):
    service = "dataexchange"
    constraint_error = "ValidationException"
    constraint_patterns = "whole"
    bad_input_error = "ValidationException"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.data_sets: dict[str, DataSet] = {}
        self.jobs: dict[str, Job] = {}
        self.event_actions: dict[str, EventAction] = {}
        #: Every event this account and Region's Data Exchange put on its default
        #: EventBridge bus, in order (the envelopes rules matched against).
        self.sent_events: Record[dict[str, Any]] = Record()
        self._seq = itertools.count()

    # -- lookups ------------------------------------------------------------------

    def _data_set(self, data_set_id: str) -> DataSet:
        data_set = self.data_sets.get(data_set_id)
        if data_set is None:
            raise _not_found("Data set", "DATA_SET", data_set_id)
        return data_set

    def _revision(self, data_set: DataSet, revision_id: str) -> Revision:
        revision = data_set.revisions.get(revision_id)
        if revision is None:
            raise _not_found("Revision", "REVISION", revision_id)
        return revision

    def _asset(self, revision: Revision, asset_id: str) -> Asset:
        asset = revision.assets.get(asset_id)
        if asset is None:
            raise _not_found("Asset", "ASSET", asset_id)
        return asset

    def _job(self, job_id: str) -> Job:
        job = self.jobs.get(job_id)
        if job is None:
            raise _not_found("Job", "JOB", job_id)
        return job

    def _event_action(self, event_action_id: str) -> EventAction:
        action = self.event_actions.get(event_action_id)
        if action is None:
            raise _not_found("Event action", "EVENT_ACTION", event_action_id)
        return action

    @staticmethod
    def _page(items: Sequence[T], token: str | None, max_results: int | None) -> tuple[list[T], str | None]:
        try:
            return pagination.page(items, token, max_results or DEFAULT_PAGE_SIZE)
        except pagination.InvalidToken:
            raise _validation(f"Invalid NextToken: {token}") from None

    @staticmethod
    def _check_tags(tags: dict[str, str]) -> dict[str, str]:
        reserved = tags_.reserved_key(tags)
        if reserved is not None:
            raise _validation(f"Tag keys starting with 'aws:' are reserved for AWS use: {reserved}")
        if len(tags) > MAX_TAGS:
            raise _validation(f"Too many tags: {len(tags)}. A resource can have at most {MAX_TAGS} tags.")
        return dict(tags)

    @staticmethod
    def _newest_first(items: Sequence[C]) -> list[C]:
        """``items`` by ``CreatedAt``, newest first (ties: the later created first)."""
        return sorted(items, key=lambda item: (item.created, item.seq), reverse=True)

    # -- data sets ----------------------------------------------------------------

    def create_data_set(
        self, AssetType: str, Description: str, Name: str, Tags: dict[str, str] | None = None
    ) -> dict[str, Any]:
        tags = self._check_tags(Tags or {})
        now = clock.now()
        data_set_id = ids.hex32()
        data_set = DataSet(
            id=data_set_id,
            arn=self._arn(f"data-sets/{data_set_id}"),
            name=Name,
            description=Description,
            asset_type=AssetType,
            created=now,
            updated=now,
            seq=next(self._seq),
            tags=tags,
        )
        self.data_sets[data_set_id] = data_set
        return data_set.view()

    def get_data_set(self, DataSetId: str) -> dict[str, Any]:
        return self._data_set(DataSetId).view()

    def list_data_sets(self, MaxResults: int | None = None, NextToken: str | None = None, Origin: str | None = None) -> dict[str, Any]:
        if Origin is not None and Origin not in (OWNED, ENTITLED):
            raise _validation(f"Invalid Origin: {Origin}. Origin must be {OWNED} or {ENTITLED}.")
        found = [d for d in self.data_sets.values() if Origin is None or d.origin == Origin]
        page, token = self._page(self._newest_first(found), NextToken, MaxResults)
        return {"DataSets": [d.entry() for d in page], "NextToken": token}

    def update_data_set(self, DataSetId: str, Description: str | None = None, Name: str | None = None) -> dict[str, Any]:
        data_set = self._data_set(DataSetId)
        if Description is not None:
            data_set.description = Description
        if Name is not None:
            data_set.name = Name
        data_set.updated = clock.now()
        return data_set.entry()

    def delete_data_set(self, DataSetId: str) -> None:
        data_set = self._data_set(DataSetId)
        published = [r for r in data_set.revisions.values() if r.published]
        if published:
            raise _conflict(
                f"Data set {DataSetId} has revision {published[0].id} published to a product and cannot be deleted.",
                "DATA_SET",
                DataSetId,
            )
        del self.data_sets[DataSetId]  # its revisions and assets with it

    # -- revisions ----------------------------------------------------------------

    def create_revision(self, DataSetId: str, Comment: str | None = None, Tags: dict[str, str] | None = None) -> dict[str, Any]:
        data_set = self._data_set(DataSetId)
        tags = self._check_tags(Tags or {})
        now = clock.now()
        revision_id = ids.hex32()
        revision = Revision(
            id=revision_id,
            arn=self._arn(f"data-sets/{DataSetId}/revisions/{revision_id}"),
            data_set_id=DataSetId,
            created=now,
            updated=now,
            seq=next(self._seq),
            comment=Comment,
            tags=tags,
        )
        data_set.revisions[revision_id] = revision
        return revision.view()

    def get_revision(self, DataSetId: str, RevisionId: str) -> dict[str, Any]:
        return self._revision(self._data_set(DataSetId), RevisionId).view()

    def list_data_set_revisions(
        self, DataSetId: str, MaxResults: int | None = None, NextToken: str | None = None
    ) -> dict[str, Any]:
        data_set = self._data_set(DataSetId)
        page, token = self._page(self._newest_first(list(data_set.revisions.values())), NextToken, MaxResults)
        return {"Revisions": [r.entry() for r in page], "NextToken": token}

    def update_revision(
        self, DataSetId: str, RevisionId: str, Comment: str | None = None, Finalized: bool | None = None
    ) -> dict[str, Any]:
        revision = self._revision(self._data_set(DataSetId), RevisionId)
        if revision.revoked:
            raise _conflict(f"Revision {RevisionId} is revoked and cannot be updated.", "REVISION", RevisionId)
        if revision.finalized:
            if Finalized is False:
                if revision.published:
                    raise _conflict(
                        f"Revision {RevisionId} is published to a product and cannot be unfinalized.", "REVISION", RevisionId
                    )
            elif Comment is not None:
                raise _conflict(
                    f"Revision {RevisionId} is finalized and cannot be updated. Unfinalize it first.", "REVISION", RevisionId
                )
        if Finalized is not None:
            revision.finalized = Finalized
        if Comment is not None:
            revision.comment = Comment
        revision.updated = clock.now()
        return revision.entry()

    def revoke_revision(self, DataSetId: str, RevisionId: str, RevocationComment: str) -> dict[str, Any]:
        data_set = self._data_set(DataSetId)
        revision = self._revision(data_set, RevisionId)
        if not revision.finalized:
            raise _conflict(f"Revision {RevisionId} is not finalized and cannot be revoked.", "REVISION", RevisionId)
        first = not revision.revoked
        now = clock.now()
        if first:
            revision.revoked_at = now
        revision.revocation_comment = RevocationComment
        revision.updated = now
        if first and revision.published:
            detail = self._revision_detail(data_set, revision)
            detail = {"RevisionIds": detail.pop("RevisionIds"), "RevocationComment": RevocationComment, **detail}
            self._put_event(REVOKED_DETAIL_TYPE, data_set, detail)
        return revision.entry()

    def delete_revision(self, DataSetId: str, RevisionId: str) -> None:
        data_set = self._data_set(DataSetId)
        revision = self._revision(data_set, RevisionId)
        if revision.finalized:
            raise _conflict(f"Revision {RevisionId} is finalized and cannot be deleted.", "REVISION", RevisionId)
        del data_set.revisions[RevisionId]

    # -- assets -------------------------------------------------------------------

    def list_revision_assets(
        self, DataSetId: str, RevisionId: str, MaxResults: int | None = None, NextToken: str | None = None
    ) -> dict[str, Any]:
        revision = self._revision(self._data_set(DataSetId), RevisionId)
        # "sorted alphabetically in descending order", as the API reference says
        assets = sorted(revision.assets.values(), key=lambda a: (a.name, a.seq), reverse=True)
        page, token = self._page(assets, NextToken, MaxResults)
        return {"Assets": [a.entry() for a in page], "NextToken": token}

    def get_asset(self, AssetId: str, DataSetId: str, RevisionId: str) -> dict[str, Any]:
        return self._asset(self._revision(self._data_set(DataSetId), RevisionId), AssetId).view()

    def update_asset(self, AssetId: str, DataSetId: str, Name: str, RevisionId: str) -> dict[str, Any]:
        revision = self._revision(self._data_set(DataSetId), RevisionId)
        asset = self._asset(revision, AssetId)
        if revision.finalized:
            raise _conflict(f"Revision {RevisionId} is finalized: its assets cannot be updated.", "REVISION", RevisionId)
        asset.name = Name
        asset.updated = clock.now()
        return asset.entry()

    def delete_asset(self, AssetId: str, DataSetId: str, RevisionId: str) -> None:
        revision = self._revision(self._data_set(DataSetId), RevisionId)
        self._asset(revision, AssetId)
        if revision.finalized and not revision.revoked:
            raise _conflict(f"Revision {RevisionId} is finalized: its assets cannot be deleted.", "REVISION", RevisionId)
        del revision.assets[AssetId]

    # -- jobs ---------------------------------------------------------------------

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
        data_set = self._data_set(detail["DataSetId"])
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
        if job.type == "IMPORT_ASSETS_FROM_S3":
            revision = self._existing_revision(job.detail()["DataSetId"], job.detail()["RevisionId"])
            if revision is not None:
                self._check_open(revision)
        self._run(job)
        return {}

    def _existing_revision(self, data_set_id: str, revision_id: str) -> Revision | None:
        data_set = self.data_sets.get(data_set_id)
        return data_set.revisions.get(revision_id) if data_set is not None else None

    def _run(self, job: Job) -> None:
        """Run a job to its end: ``COMPLETED``, or ``ERROR`` with its errors."""
        if job.type == "IMPORT_ASSETS_FROM_S3":
            errors = self._import(job)
        elif job.type == "EXPORT_ASSETS_TO_S3":
            errors = self._export_assets(job.detail())
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

    # -- running jobs: S3 in and out ----------------------------------------------

    def _gone(self, detail: dict[str, Any]) -> list[dict[str, Any]]:
        """The error of a job whose data set or revision was deleted before it ran."""
        data_set = self.data_sets.get(detail["DataSetId"])
        if data_set is None:
            data_set_id = detail["DataSetId"]
            return [_job_error("RESOURCE_NOT_FOUND_EXCEPTION", f"Data set {data_set_id} not found.", "DATA_SET", data_set_id)]
        revision_ids = [d["RevisionId"] for d in detail.get("RevisionDestinations", ())] or [detail["RevisionId"]]
        for revision_id in revision_ids:
            if revision_id not in data_set.revisions:
                return [_job_error("RESOURCE_NOT_FOUND_EXCEPTION", f"Revision {revision_id} not found.", "REVISION", revision_id)]
        return []

    def _import(self, job: Job) -> list[dict[str, Any]]:
        detail = job.detail()
        gone = self._gone(detail)
        if gone:
            return gone
        data_set = self.data_sets[detail["DataSetId"]]
        revision = data_set.revisions[detail["RevisionId"]]
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
        revision = self.data_sets[detail["DataSetId"]].revisions[detail["RevisionId"]]
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
            revision = data_set.revisions[destination["RevisionId"]]
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

    # -- event actions ------------------------------------------------------------

    def _check_action(self, action: dict[str, Any]) -> dict[str, Any]:
        export = action.get("ExportRevisionToS3")
        if export is None:
            raise _validation("Action must contain ExportRevisionToS3.")
        self._check_encryption(export.get("Encryption"))
        pattern = export["RevisionDestination"].get("KeyPattern")
        problem = keypatterns.problem(pattern) if pattern is not None else None
        if problem is not None:
            raise _validation(problem)
        return copy.deepcopy(action)

    def create_event_action(self, Action: dict[str, Any], Event: dict[str, Any], Tags: dict[str, str] | None = None) -> dict[str, Any]:
        published = Event.get("RevisionPublished")
        if published is None:
            raise _validation("Event must contain RevisionPublished.")
        data_set_id = published["DataSetId"]
        data_set = self.data_sets.get(data_set_id)
        if data_set is None:
            raise _validation(f"Data set {data_set_id} does not exist in this account and Region.")
        if data_set.asset_type != S3_SNAPSHOT:
            raise _validation(
                f"Data set {data_set_id} has asset type {data_set.asset_type}: revisions can be exported automatically "
                f"only from {S3_SNAPSHOT} data sets."
            )
        action = self._check_action(Action)
        tags = self._check_tags(Tags or {})
        now = clock.now()
        action_id = ids.hex32()
        event_action = EventAction(
            id=action_id,
            arn=self._arn(f"event-actions/{action_id}"),
            action=action,
            event={"RevisionPublished": {"DataSetId": data_set_id}},
            created=now,
            updated=now,
            seq=next(self._seq),
            tags=tags,
        )
        self.event_actions[action_id] = event_action
        return event_action.view()

    def get_event_action(self, EventActionId: str) -> dict[str, Any]:
        return self._event_action(EventActionId).view()

    def list_event_actions(
        self, EventSourceId: str | None = None, MaxResults: int | None = None, NextToken: str | None = None
    ) -> dict[str, Any]:
        found = [a for a in self.event_actions.values() if EventSourceId is None or a.data_set_id == EventSourceId]
        page, token = self._page(found, NextToken, MaxResults)
        return {"EventActions": [a.entry() for a in page], "NextToken": token}

    def update_event_action(self, EventActionId: str, Action: dict[str, Any] | None = None) -> dict[str, Any]:
        event_action = self._event_action(EventActionId)
        if Action is not None:
            event_action.action = self._check_action(Action)
        event_action.updated = clock.now()
        return event_action.entry()

    def delete_event_action(self, EventActionId: str) -> None:
        self._event_action(EventActionId)
        del self.event_actions[EventActionId]

    # -- publishing ---------------------------------------------------------------

    def _publish(self, data_set_id: str, revision_id: str, product: dict[str, str] | None) -> list[Job]:
        data_set = self.data_sets.get(data_set_id)
        if data_set is None:
            raise EventmockError(f"no data set {data_set_id} in account {self.account_id}, Region {self.region}")
        revision = data_set.revisions.get(revision_id)
        if revision is None:
            raise EventmockError(f"no revision {revision_id} in data set {data_set_id}")
        if not revision.finalized:
            raise EventmockError(f"revision {revision_id} is not finalized: AWS publishes only finalized revisions")
        if revision.revoked:
            raise EventmockError(f"revision {revision_id} is revoked")
        if revision.published:
            raise EventmockError(f"revision {revision_id} is already published")
        revision.published_at = clock.now()
        revision.product = dict(product) if product else None
        jobs = [
            self._auto_export(action, data_set, revision)
            for action in sorted(self.event_actions.values(), key=lambda a: a.seq)
            if action.data_set_id == data_set_id
        ]
        detail_type = PUBLISHED_DETAIL_TYPES.get(data_set.asset_type, PUBLISHED_DETAIL_TYPES[S3_SNAPSHOT])
        self._put_event(detail_type, data_set, self._revision_detail(data_set, revision))
        return jobs

    def _auto_export(self, action: EventAction, data_set: DataSet, revision: Revision) -> Job:
        """The ``EXPORT_REVISIONS_TO_S3`` job an event action runs for a published revision."""
        export = action.action["ExportRevisionToS3"]
        destination = export["RevisionDestination"]
        detail: dict[str, Any] = {
            "DataSetId": data_set.id,
            "Encryption": copy.deepcopy(export.get("Encryption")),
            "RevisionDestinations": [
                {
                    "Bucket": destination["Bucket"],
                    "KeyPattern": destination.get("KeyPattern") or keypatterns.EVENT_ACTION_DEFAULT,
                    "RevisionId": revision.id,
                }
            ],
            "EventActionArn": action.arn,
        }
        job = self._new_job("EXPORT_REVISIONS_TO_S3", {"ExportRevisionsToS3": detail}, None)
        job.state = "IN_PROGRESS"
        self._run(job)
        return job

    @staticmethod
    def _revision_detail(data_set: DataSet, revision: Revision) -> dict[str, Any]:
        """The ``detail`` of a revision event, as AWS documents it (``Product`` only when
        ``publish_revision`` named one)."""
        entry: dict[str, Any] = {"Id": revision.id}
        if revision.comment is not None:
            entry["Comment"] = revision.comment
        detail: dict[str, Any] = {
            "RevisionIds": [revision.id],
            "Revisions": [entry],
            "DataSets": [{"Id": data_set.id, "Name": data_set.name}],
        }
        if revision.product:
            detail["Product"] = dict(revision.product)
        return detail

    def _put_event(self, detail_type: str, data_set: DataSet, detail: dict[str, Any]) -> None:
        """Put a Data Exchange event on the default bus of this account and Region."""
        from eventmock.services.events import entries
        from eventmock.services.events.backend import EventsBackend
        from eventmock.services.events.models import DEFAULT_BUS

        events = self.store.backend("events", self.account_id, self.region)
        assert isinstance(events, EventsBackend)
        entry = {"Source": SOURCE, "DetailType": detail_type, "Resources": [data_set.id]}
        event = entries.envelope(ids.uuid4(), entry, detail, self.account_id, self.region, clock.now())
        self.sent_events.append(copy.deepcopy(event))
        events._dispatch(events.buses[DEFAULT_BUS], event)

    # -- tags ---------------------------------------------------------------------

    def _taggable(self, resource_arn: str) -> DataSet | Revision | Asset | EventAction:
        arn = arns.parse(resource_arn)
        if arn is None or arn.service != "dataexchange":
            raise _validation(f"Invalid ResourceArn: {resource_arn}")
        parts = arn.resource.split("/")
        mine = (arn.account, arn.region) == (self.account_id, self.region)
        found: DataSet | Revision | Asset | EventAction | None = None
        resource_type: str | None = {"data-sets": "DATA_SET", "event-actions": "EVENT_ACTION", "jobs": "JOB"}.get(parts[0])
        if mine and parts[0] == "data-sets" and len(parts) in (2, 4, 6):
            data_set = self.data_sets.get(parts[1])
            found = data_set
            if len(parts) >= 4:
                resource_type = "REVISION"
                revision = data_set.revisions.get(parts[3]) if data_set is not None and parts[2] == "revisions" else None
                found = revision
                if len(parts) == 6:
                    resource_type = "ASSET"
                    found = revision.assets.get(parts[5]) if revision is not None and parts[4] == "assets" else None
        elif mine and parts[0] == "event-actions" and len(parts) == 2:
            found = self.event_actions.get(parts[1])
        if found is None or found.arn != resource_arn:
            raise ServiceError(
                "ResourceNotFoundException", f"Resource {resource_arn} not found.", ResourceId=resource_arn, ResourceType=resource_type
            )
        return found

    def tag_resource(self, ResourceArn: str, Tags: dict[str, str]) -> None:
        resource = self._taggable(ResourceArn)
        resource.tags = self._check_tags({**resource.tags, **Tags})

    def untag_resource(self, ResourceArn: str, TagKeys: list[str]) -> None:
        resource = self._taggable(ResourceArn)
        resource.tags = {k: v for k, v in resource.tags.items() if k not in TagKeys}

    def list_tags_for_resource(self, ResourceArn: str) -> dict[str, Any]:
        return {"Tags": dict(self._taggable(ResourceArn).tags)}


def publish_revision(
    data_set_id: str,
    revision_id: str,
    *,
    account_id: str = DEFAULT_ACCOUNT_ID,
    region: str = "us-east-1",
    product_id: str | None = None,
    product_name: str | None = None,
) -> list[str]:
    """Publish a finalized revision, in the active mock, as AWS Marketplace does when a
    provider publishes it to a product (eventmock does not emulate AWS Marketplace).

    The data set is found in ``account_id`` and ``region`` (the default account and
    ``us-east-1`` unless given). Publishing runs every event action of the account and
    Region whose ``RevisionPublished.DataSetId`` is the data set (each an
    ``EXPORT_REVISIONS_TO_S3`` job that writes the revision's assets to S3), then puts
    the ``Revision Published To Data Set`` event (source ``aws.dataexchange``) on the
    default EventBridge bus of the account and Region. ``product_id`` and
    ``product_name`` fill the event's ``Product``, left out when neither is given.

    Returns the ids of the jobs the event actions ran, in event action order. Raises
    :class:`~eventmock.EventmockError` if the data set or revision does not exist, or
    the revision is not finalized, is revoked, or is already published.
    """
    backend = activation.active_store().backend("dataexchange", account_id, region)
    assert isinstance(backend, DataExchangeBackend)
    product = {k: v for k, v in (("Id", product_id), ("Name", product_name)) if v is not None}
    with backend.store.lock:
        jobs = backend._publish(data_set_id, revision_id, product or None)
    return [job.id for job in jobs]
