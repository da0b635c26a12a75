"""Data Exchange's shared state, lookups, error helpers and event sending: the base of
every resource family's mixin (:mod:`.backend` composes them)."""

from __future__ import annotations

import copy
import dataclasses
import itertools
from collections.abc import Sequence
import datetime as dt
from typing import Any, Final, Protocol, TypeVar

from eventmock.core import clock, ids, pagination
from eventmock.core import tags as tags_
from eventmock.core.backend import Backend
from eventmock.core.errors import ServiceError
from eventmock.core.records import Record
from eventmock.services.dataexchange.models import OWNED, Asset, DataGrant, DataSet, EventAction, Job, Revision


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
    "IMPORT_ASSET_FROM_API_GATEWAY_API": "ImportAssetFromApiGatewayApi",
}
API_GATEWAY_API: Final = "API_GATEWAY_API"
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


class DataExchangeBase(Backend):
    service = "dataexchange"
    constraint_error = "ValidationException"
    constraint_patterns = "whole"
    bad_input_error = "ValidationException"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.data_sets: dict[str, DataSet] = {}
        self.jobs: dict[str, Job] = {}
        self.event_actions: dict[str, EventAction] = {}
        #: The data grants this account sent from this Region, by id, and those sent
        #: to it (the same objects, kept by their senders), by ARN.
        self.data_grants: dict[str, DataGrant] = {}
        self.received_grants: dict[str, DataGrant] = {}
        #: SendDataSetNotification's client tokens: (data set id, token) -> (expiry ms,),
        #: five minutes (:mod:`eventmock.core.deduplication`).
        self.notification_tokens: dict[tuple[str, str], tuple[int]] = {}
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

    def _owned(self, data_set_id: str) -> DataSet:
        """The data set, if this account owns it: an entitled one cannot be changed."""
        data_set = self._data_set(data_set_id)
        if data_set.origin != OWNED:
            raise ServiceError(
                "AccessDeniedException", f"Data set {data_set_id} is entitled to this account: only its owner can change it."
            )
        return data_set

    def _revisions(self, data_set: DataSet) -> dict[str, Revision]:
        """The revisions of a data set. An entitled data set's are the finalized revisions
        of the data set it was granted from, as they are now, seen under its own id (copies,
        without their owner's tags)."""
        if data_set.origin == OWNED:
            return data_set.revisions
        grant_id = (data_set.origin_details or {}).get("DataGrantId")
        grant = next((g for g in self.received_grants.values() if g.id == grant_id), None)
        if grant is None:
            return {}
        sender = self.store.backend(self.service, grant.sender, self.region)
        assert isinstance(sender, DataExchangeBase)
        source = sender.data_sets.get(grant.source_data_set_id)
        if source is None:
            return {}
        shared = {}
        for revision in source.revisions.values():
            if not revision.finalized:
                continue
            base = f"data-sets/{data_set.id}/revisions/{revision.id}"
            assets = {
                a.id: dataclasses.replace(a, data_set_id=data_set.id, arn=self._arn(f"{base}/assets/{a.id}"), tags={})
                for a in revision.assets.values()
            }
            shared[revision.id] = dataclasses.replace(
                revision, data_set_id=data_set.id, arn=self._arn(base), tags={}, assets=assets
            )
        return shared

    def _revision(self, data_set: DataSet, revision_id: str) -> Revision:
        revision = self._revisions(data_set).get(revision_id)
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

    # -- events -------------------------------------------------------------------

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
