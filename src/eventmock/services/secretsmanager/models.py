"""The records of Secrets Manager: a secret and its versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from eventmock.core.due import Job

CURRENT = "AWSCURRENT"
PREVIOUS = "AWSPREVIOUS"
PENDING = "AWSPENDING"
#: The KMS key a version is encrypted with when the secret names none (as AWS lists it).
DEFAULT_KEY = "DefaultEncryptionKey"
#: Versions a secret keeps: AWS removes the oldest versions without staging labels
#: beyond about 100.
MAX_VERSIONS = 100


@dataclass
class Version:
    version_id: str
    created: dt.datetime
    string: str | None
    binary: bytes | None
    stages: list[str]
    kms_key_id: str
    last_accessed: dt.datetime | None = None

    def same_value(self, string: str | None, binary: bytes | None) -> bool:
        return self.string == string and self.binary == binary


@dataclass
class Replica:
    """A region a primary secret replicates to (``ReplicationStatus``)."""

    region: str
    kms_key_id: str | None
    status: str
    message: str


@dataclass
class Secret:
    name: str
    arn: str
    created: dt.datetime
    changed: dt.datetime
    description: str | None = None
    kms_key_id: str | None = None
    type: str | None = None
    tags: list[dict[str, str]] = field(default_factory=list)
    #: Whether tags were ever given: from then on ``Tags`` is listed, even empty.
    tagged: bool = False
    #: By version id, in creation order.
    versions: dict[str, Version] = field(default_factory=dict)
    last_accessed: dt.datetime | None = None
    #: When DeleteSecret was called (``DeletedDate``), and when it is gone for good.
    deleted: dt.datetime | None = None
    deletion_date: dt.datetime | None = None
    deletion_job: Job | None = None
    rotation_lambda: str | None = None
    rotation_rules: dict[str, Any] | None = None
    #: ``None``: rotation never configured (``RotationEnabled`` omitted).
    rotation_enabled: bool | None = None
    last_rotated: dt.datetime | None = None
    next_rotation: dt.datetime | None = None
    rotation_job: Job | None = None
    external_rotation: dict[str, Any] | None = None
    owning_service: str | None = None
    #: Resource policies, by policy name ("" for the unnamed one).
    policies: dict[str, str] = field(default_factory=dict)
    #: A replica's primary region (``None`` for a primary or a standalone secret).
    primary_region: str | None = None
    replicas: dict[str, Replica] = field(default_factory=dict)
    cross_account_replicas: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: A cross-account replica's primary (``CrossAccountPrimaryARN``) and its status.
    cross_account_primary: str | None = None
    cross_account_status: str = "InProgress"

    def version_with(self, stage: str) -> Version | None:
        return next((v for v in self.versions.values() if stage in v.stages), None)
