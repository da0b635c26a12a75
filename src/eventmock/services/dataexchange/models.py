"""Data Exchange's resources as the backend holds them, and their views in responses.

Every view is built afresh (dicts copied), so what a caller receives never aliases what
the backend keeps.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Final

OWNED = "OWNED"
ENTITLED = "ENTITLED"


@dataclass
class Asset:
    id: str
    arn: str
    data_set_id: str
    revision_id: str
    name: str
    asset_type: str
    #: The bytes of the S3 object the asset was imported from (a snapshot).
    body: bytes
    created: dt.datetime
    updated: dt.datetime
    seq: int
    tags: dict[str, str] = field(default_factory=dict)
    #: An API Gateway API asset's ``ApiGatewayApiAsset`` details (``None``: an S3
    #: snapshot).
    api: dict[str, Any] | None = None

    def entry(self) -> dict[str, Any]:
        """The asset as ``AssetEntry``/``UpdateAssetResponse`` give it (no tags)."""
        details = {"ApiGatewayApiAsset": dict(self.api)} if self.api is not None else {"S3SnapshotAsset": {"Size": float(len(self.body))}}
        return {
            "Arn": self.arn,
            "AssetDetails": details,
            "AssetType": self.asset_type,
            "CreatedAt": self.created,
            "DataSetId": self.data_set_id,
            "Id": self.id,
            "Name": self.name,
            "RevisionId": self.revision_id,
            "UpdatedAt": self.updated,
        }

    def view(self) -> dict[str, Any]:
        """The asset as ``GetAsset`` gives it."""
        return {**self.entry(), "Tags": dict(self.tags)}


@dataclass
class Revision:
    id: str
    arn: str
    data_set_id: str
    created: dt.datetime
    updated: dt.datetime
    seq: int
    comment: str | None = None
    finalized: bool = False
    #: When ``eventmock.publish_revision`` published it (AWS publishes through AWS
    #: Marketplace); ``None``: never published.
    published_at: dt.datetime | None = None
    #: The product it was published to, as given to ``publish_revision`` (for events).
    product: dict[str, str] | None = None
    revoked_at: dt.datetime | None = None
    revocation_comment: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    assets: dict[str, Asset] = field(default_factory=dict)

    @property
    def published(self) -> bool:
        return self.published_at is not None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def entry(self) -> dict[str, Any]:
        """The revision as ``RevisionEntry`` (and the update and revoke responses) give it."""
        return {
            "Arn": self.arn,
            "Comment": self.comment,
            "CreatedAt": self.created,
            "DataSetId": self.data_set_id,
            "Finalized": self.finalized,
            "Id": self.id,
            "UpdatedAt": self.updated,
            "RevocationComment": self.revocation_comment,
            "Revoked": self.revoked,
            "RevokedAt": self.revoked_at,
        }

    def view(self) -> dict[str, Any]:
        """The revision as ``CreateRevision``/``GetRevision`` give it."""
        return {**self.entry(), "Tags": dict(self.tags)}


@dataclass
class DataSet:
    id: str
    arn: str
    name: str
    description: str
    asset_type: str
    created: dt.datetime
    updated: dt.datetime
    seq: int
    origin: str = OWNED
    tags: dict[str, str] = field(default_factory=dict)
    revisions: dict[str, Revision] = field(default_factory=dict)
    #: An entitled data set's ``OriginDetails`` (``{"DataGrantId": ...}`` for one a
    #: data grant gave) and the id of the owned data set it is a copy of.
    origin_details: dict[str, str] | None = None
    source_id: str | None = None

    def entry(self) -> dict[str, Any]:
        """The data set as ``DataSetEntry``/``UpdateDataSetResponse`` give it (no tags)."""
        return {
            "Arn": self.arn,
            "AssetType": self.asset_type,
            "CreatedAt": self.created,
            "Description": self.description,
            "Id": self.id,
            "Name": self.name,
            "Origin": self.origin,
            "OriginDetails": dict(self.origin_details) if self.origin_details else None,
            "SourceId": self.source_id,
            "UpdatedAt": self.updated,
        }

    def view(self) -> dict[str, Any]:
        """The data set as ``CreateDataSet``/``GetDataSet`` give it."""
        return {**self.entry(), "Tags": dict(self.tags)}


@dataclass
class Job:
    id: str
    arn: str
    type: str
    #: The job's details as the response gives them (``ResponseDetails``: one member,
    #: named after the type).
    details: dict[str, Any]
    created: dt.datetime
    updated: dt.datetime
    seq: int
    state: str = "WAITING"
    errors: list[dict[str, Any]] = field(default_factory=list)
    asset_configuration: dict[str, Any] | None = None

    def detail(self) -> dict[str, Any]:
        """The type's own details (``ImportAssetsFromS3``, ``ExportRevisionsToS3``, ...)."""
        [value] = self.details.values()
        return value  # type: ignore[no-any-return]

    def data_set_id(self) -> str:
        return str(self.detail()["DataSetId"])

    def revision_ids(self) -> list[str]:
        detail = self.detail()
        if "RevisionDestinations" in detail:
            return [d["RevisionId"] for d in detail["RevisionDestinations"]]
        return [detail["RevisionId"]]

    def view(self) -> dict[str, Any]:
        """The job as ``CreateJob``/``GetJob``/``JobEntry`` give it."""
        return {
            "Arn": self.arn,
            "AssetConfiguration": copy.deepcopy(self.asset_configuration),
            "CreatedAt": self.created,
            "Details": copy.deepcopy(self.details),
            "Errors": copy.deepcopy(self.errors) if self.state == "ERROR" else None,
            "Id": self.id,
            "State": self.state,
            "Type": self.type,
            "UpdatedAt": self.updated,
        }


@dataclass
class EventAction:
    id: str
    arn: str
    action: dict[str, Any]
    event: dict[str, Any]
    created: dt.datetime
    updated: dt.datetime
    seq: int
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def data_set_id(self) -> str:
        return str(self.event["RevisionPublished"]["DataSetId"])

    def entry(self) -> dict[str, Any]:
        """The event action as ``EventActionEntry``/``UpdateEventActionResponse`` give it."""
        return {
            "Action": copy.deepcopy(self.action),
            "Arn": self.arn,
            "CreatedAt": self.created,
            "Event": copy.deepcopy(self.event),
            "Id": self.id,
            "UpdatedAt": self.updated,
        }

    def view(self) -> dict[str, Any]:
        """The event action as ``CreateEventAction``/``GetEventAction`` give it."""
        return {**self.entry(), "Tags": dict(self.tags)}


PENDING: Final = "PENDING_RECEIVER_ACCEPTANCE"
ACCEPTED: Final = "ACCEPTED"


@dataclass
class DataGrant:
    """A data grant: kept by the sender's backend, and seen (the same object) by the
    receiver's, in the Region it was created in."""

    id: str
    arn: str
    name: str
    sender: str
    receiver: str
    scope: str
    source_data_set_id: str
    #: The id of the entitled data set the receiver gets on acceptance.
    data_set_id: str
    created: dt.datetime
    updated: dt.datetime
    seq: int
    description: str | None = None
    ends_at: dt.datetime | None = None
    accepted_at: dt.datetime | None = None
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def state(self) -> str:
        return ACCEPTED if self.accepted_at is not None else PENDING

    def received_entry(self) -> dict[str, Any]:
        """As ``ReceivedDataGrantSummariesEntry`` gives it (no source data set)."""
        return {
            "Name": self.name,
            "SenderPrincipal": self.sender,
            "ReceiverPrincipal": self.receiver,
            "AcceptanceState": self.state,
            "AcceptedAt": self.accepted_at,
            "EndsAt": self.ends_at,
            "DataSetId": self.data_set_id,
            "Id": self.id,
            "Arn": self.arn,
            "CreatedAt": self.created,
            "UpdatedAt": self.updated,
        }

    def entry(self) -> dict[str, Any]:
        """As ``DataGrantSummaryEntry`` gives it."""
        return {**self.received_entry(), "SourceDataSetId": self.source_data_set_id}

    def received_view(self) -> dict[str, Any]:
        """As ``AcceptDataGrant``/``GetReceivedDataGrant`` give it."""
        return {**self.received_entry(), "Description": self.description, "GrantDistributionScope": self.scope}

    def view(self) -> dict[str, Any]:
        """As ``CreateDataGrant``/``GetDataGrant`` give it."""
        return {**self.entry(), "Description": self.description, "GrantDistributionScope": self.scope, "Tags": dict(self.tags)}
