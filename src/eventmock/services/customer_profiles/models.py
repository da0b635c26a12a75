"""Customer Profiles' resources as eventmock keeps them: domains and event streams."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from eventmock.core.records import Record
from eventmock.services.customer_profiles.objects import ObjectType, ProfileObject
from eventmock.services.customer_profiles.profiles import Profile


@dataclass
class EventStream:
    name: str
    arn: str
    domain_name: str
    uri: str
    created: dt.datetime
    tags: dict[str, str] = field(default_factory=dict)
    #: When eventmock found the destination missing; ``None`` while RUNNING.
    stopped_since: dt.datetime | None = None
    #: Why the destination is unhealthy.
    message: str | None = None

    @property
    def running(self) -> bool:
        return self.stopped_since is None

    def stop(self, when: dt.datetime, message: str) -> None:
        if self.stopped_since is None:
            self.stopped_since = when
            self.message = message

    def details(self) -> dict[str, Any]:
        return {
            "DomainName": self.domain_name,
            "EventStreamArn": self.arn,
            "CreatedAt": self.created,
            "State": "RUNNING" if self.running else "STOPPED",
            "StoppedSince": self.stopped_since,
            "DestinationDetails": {
                "Uri": self.uri,
                "Status": "HEALTHY" if self.running else "UNHEALTHY",
                "UnhealthySince": self.stopped_since,
                "Message": self.message,
            },
            "Tags": dict(self.tags) or None,
        }

    def summary(self) -> dict[str, Any]:
        return {
            "DomainName": self.domain_name,
            "EventStreamName": self.name,
            "EventStreamArn": self.arn,
            "State": "RUNNING" if self.running else "STOPPED",
            "StoppedSince": self.stopped_since,
            "DestinationSummary": {
                "Uri": self.uri,
                "Status": "HEALTHY" if self.running else "UNHEALTHY",
                "UnhealthySince": self.stopped_since,
            },
            "Tags": dict(self.tags) or None,
        }


@dataclass
class Integration:
    uri: str
    domain_name: str
    created: dt.datetime
    updated: dt.datetime
    #: The settings as given, boto3 names (``ObjectTypeName``, ``ObjectTypeNames``, ...).
    settings: dict[str, Any] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)

    def view(self) -> dict[str, Any]:
        return {
            "DomainName": self.domain_name,
            "Uri": self.uri,
            **self.settings,
            "CreatedAt": self.created,
            "LastUpdatedAt": self.updated,
            "Tags": dict(self.tags) or None,
        }


@dataclass
class UploadJob:
    id: str
    display_name: str
    fields: dict[str, Any]
    unique_key: str
    created: dt.datetime
    data_expiry: int | None = None
    status: str = "CREATED"
    completed: dt.datetime | None = None
    summary: dict[str, int] | None = None

    def item(self) -> dict[str, Any]:
        return {
            "JobId": self.id,
            "DisplayName": self.display_name,
            "Status": self.status,
            "CreatedAt": self.created,
            "CompletedAt": self.completed,
            "DataExpiry": self.data_expiry,
        }


@dataclass
class Workflow:
    id: str
    object_type_name: str
    role_arn: str
    config: dict[str, Any]
    created: dt.datetime
    updated: dt.datetime
    status: str = "NOT_STARTED"
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def flow(self) -> dict[str, Any]:
        flow: dict[str, Any] = (self.config.get("AppflowIntegration") or {}).get("FlowDefinition") or {}
        return flow


@dataclass
class HistoryRecord:
    """One change of a profile, as ``list_profile_history_records`` tells it."""

    id: str
    object_type_name: str
    action: str
    created: dt.datetime
    performed_by: str
    unique_key: str | None = None
    content: str | None = None

    def item(self) -> dict[str, Any]:
        return {
            "Id": self.id,
            "ObjectTypeName": self.object_type_name,
            "CreatedAt": self.created,
            "LastUpdatedAt": self.created,
            "ActionType": self.action,
            "ProfileObjectUniqueKey": self.unique_key,
            "PerformedBy": self.performed_by,
        }


@dataclass
class Domain:
    name: str
    arn: str
    expiration_days: int
    created: dt.datetime
    updated: dt.datetime
    encryption_key: str | None = None
    dead_letter_queue_url: str | None = None
    matching: dict[str, Any] | None = None
    tags: dict[str, str] = field(default_factory=dict)
    profiles: dict[str, Profile] = field(default_factory=dict)
    event_streams: dict[str, EventStream] = field(default_factory=dict)
    object_types: dict[str, ObjectType] = field(default_factory=dict)
    #: Profile objects by ``ProfileObjectUniqueKey``, in the order they were put.
    objects: dict[str, ProfileObject] = field(default_factory=dict)
    #: Integrations by ``Uri``.
    integrations: dict[str, Integration] = field(default_factory=dict)
    upload_jobs: dict[str, UploadJob] = field(default_factory=dict)
    workflows: dict[str, Workflow] = field(default_factory=dict)
    #: Profile id -> its history, oldest first (bounded; kept after the profile is deleted).
    history: dict[str, Record[HistoryRecord]] = field(default_factory=dict)
    #: Stored-and-described resources (:mod:`.stored`): family key -> name -> resource.
    stored: dict[str, dict[str, Any]] = field(default_factory=dict)

    def description(self) -> dict[str, Any]:
        return {
            "DomainName": self.name,
            "DefaultExpirationDays": self.expiration_days,
            "DefaultEncryptionKey": self.encryption_key,
            "DeadLetterQueueUrl": self.dead_letter_queue_url,
            "Matching": self.matching,
            "CreatedAt": self.created,
            "LastUpdatedAt": self.updated,
            "Tags": dict(self.tags) or None,
        }

