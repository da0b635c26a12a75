"""The ground Secrets Manager's operations stand on: finding a secret by name or
ARN, AWS's errors, versions and their staging labels, and how a secret is described.

A secret is found by its name, its full ARN, or its ARN without the six random
characters AWS appends (a "partial ARN"). A secret scheduled for deletion is found by
every operation, and most answer it with ``InvalidRequestException``.
"""

from __future__ import annotations

import base64
import datetime as dt
import random
import re
import string
from typing import Any

from eventmock.core import arns, clock, ids
from eventmock.core.backend import Backend
from eventmock.core.errors import ServiceError
from eventmock.services.secretsmanager.models import (
    CURRENT,
    DEFAULT_KEY,
    MAX_VERSIONS,
    PENDING,
    PREVIOUS,
    Secret,
    Version,
)

NOT_FOUND = "Secrets Manager can't find the specified secret."
MARKED_FOR_DELETION = "You can't perform this operation on the secret because it was marked for deletion."
INVALID_NAME = "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!"
ON_REPLICA = "Operation not permitted on a replica secret. Call must be made in primary secret's region."
_NAME = re.compile(r"[A-Za-z0-9/_+=.@!-]+")
_SUFFIX_CHARS = string.ascii_letters + string.digits


def not_found(message: str = NOT_FOUND) -> ServiceError:
    return ServiceError("ResourceNotFoundException", message, status=400)


def invalid_request(message: str) -> ServiceError:
    return ServiceError("InvalidRequestException", message, status=400)


def invalid_parameter(message: str) -> ServiceError:
    return ServiceError("InvalidParameterException", message, status=400)


def day_of(when: dt.datetime) -> dt.datetime:
    """A ``LastAccessedDate``: AWS keeps only the day (midnight UTC)."""
    return when.replace(hour=0, minute=0, second=0, microsecond=0)


def encoded_binary(value: bytes | str | None) -> bytes | None:
    """A ``SecretBinary`` as bytes (the wire gives base64 text)."""
    if value is None or isinstance(value, bytes):
        return value
    return base64.b64decode(value)


class SecretsBase(Backend):
    service = "secretsmanager"
    constraint_error = "ValidationException"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        #: By name.
        self.secrets: dict[str, Secret] = {}

    # -- finding -------------------------------------------------------------------

    def _find(self, secret_id: str) -> Secret | None:
        found = self.secrets.get(secret_id)
        if found is not None or not secret_id.startswith("arn:"):
            return found
        for secret in self.secrets.values():
            if secret_id in (secret.arn, secret.arn[:-7]):
                return secret
        return None

    def _secret(self, secret_id: str, *, deleted_ok: bool = False, replica_ok: bool = True) -> Secret:
        """The secret ``secret_id`` names; AWS's errors if there is none, if it is
        scheduled for deletion (unless ``deleted_ok``), or if it is a replica (unless
        ``replica_ok``)."""
        if not secret_id.startswith("arn:") and not _NAME.fullmatch(secret_id):
            raise ServiceError("ValidationException", INVALID_NAME, status=400)
        secret = self._find(secret_id)
        if secret is None:
            raise not_found()
        if secret.deleted is not None and not deleted_ok:
            raise invalid_request(MARKED_FOR_DELETION)
        if secret.primary_region is not None and not replica_ok:
            raise invalid_parameter(ON_REPLICA)
        return secret

    def _new_arn(self, name: str, suffix: str | None = None) -> str:
        suffix = suffix or "".join(random.choices(_SUFFIX_CHARS, k=6))
        return arns.build("secretsmanager", self.region, self.account_id, f"secret:{name}-{suffix}")

    # -- values and versions ---------------------------------------------------------

    @staticmethod
    def _check_value(secret_string: str | None, secret_binary: bytes | None) -> None:
        if secret_string is not None and secret_binary is not None:
            raise invalid_parameter("You can't specify both a binary secret value and a string secret value in the same secret.")

    def _existing_version(self, secret: Secret, token: str | None, text: str | None, binary: bytes | None) -> Version | None:
        """The version ``token`` names, if the call repeats it with the same value (an
        idempotent retry); ``ResourceExistsException`` if with another value."""
        version = secret.versions.get(token) if token else None
        if version is None or (version.string is None and version.binary is None):
            return None  # none, or the empty version a rotation made: filled by this call
        if not version.same_value(text, binary):
            raise ServiceError(
                "ResourceExistsException",
                f"You can't use ClientRequestToken {token} because that value is already in use for a version of secret {secret.arn}.",
                status=400,
            )
        return version

    def _add_version(
        self, secret: Secret, token: str | None, text: str | None, binary: bytes | None, stages: list[str] | None = None
    ) -> Version:
        """A new version of ``secret`` holding the value, with ``stages`` (default
        ``AWSCURRENT``) moved onto it."""
        now = clock.now()
        version = secret.versions.get(token) if token else None
        if version is not None:  # the empty version a rotation made
            version.string, version.binary = text, binary
        else:
            version = Version(
                version_id=token or ids.uuid4(),
                created=now,
                string=text,
                binary=binary,
                stages=[],
                kms_key_id=secret.kms_key_id or DEFAULT_KEY,
            )
            secret.versions[version.version_id] = version
        for stage in [CURRENT] if stages is None else list(dict.fromkeys(stages)):
            self._move_stage(secret, stage, version)
        secret.changed = now
        self._trim(secret)
        return version

    @staticmethod
    def _move_stage(secret: Secret, stage: str, target: Version | None) -> None:
        """Attach ``stage`` to ``target`` (``None``: to no version), taking it off the
        version that holds it. ``AWSCURRENT`` leaving a version leaves ``AWSPREVIOUS``
        there (and takes ``AWSPENDING`` off it: a finished rotation's label)."""
        holder = secret.version_with(stage)
        if holder is target:
            return
        if holder is not None:
            holder.stages.remove(stage)
        if target is not None:
            target.stages.append(stage)
        if stage == CURRENT and holder is not None and target is not None:
            if PENDING in holder.stages:
                holder.stages.remove(PENDING)
            previous = secret.version_with(PREVIOUS)
            if previous is not None and previous is not holder:
                previous.stages.remove(PREVIOUS)
            if PREVIOUS not in holder.stages:
                holder.stages.append(PREVIOUS)
            if PREVIOUS in target.stages:
                target.stages.remove(PREVIOUS)

    @staticmethod
    def _trim(secret: Secret) -> None:
        """Keep at most ``MAX_VERSIONS`` versions: the oldest without labels go."""
        extra = len(secret.versions) - MAX_VERSIONS
        for version_id in [v.version_id for v in secret.versions.values() if not v.stages][: max(extra, 0)]:
            del secret.versions[version_id]

    def _read(self, secret: Secret, version: Version) -> dict[str, Any]:
        """A version's value as GetSecretValue answers it; marks it accessed."""
        today = day_of(clock.now())
        version.last_accessed = secret.last_accessed = today
        return {
            "ARN": secret.arn,
            "Name": secret.name,
            "VersionId": version.version_id,
            "SecretString": version.string,
            "SecretBinary": version.binary,
            "VersionStages": sorted(version.stages),
            "CreatedDate": version.created,
        }

    def _pick_version(self, secret: Secret, version_id: str | None, stage: str | None) -> Version:
        if version_id is not None:
            version = secret.versions.get(version_id)
            if version is None or (version.string is None and version.binary is None):
                raise not_found(f"Secrets Manager can't find the specified secret value for VersionId: {version_id}")
            if stage is not None and stage not in version.stages:
                raise invalid_request("You provided a VersionStage that is not associated to the provided VersionId.")
            return version
        label = stage or CURRENT
        found = secret.version_with(label)
        if found is None or (found.string is None and found.binary is None):
            raise not_found(f"Secrets Manager can't find the specified secret value for staging label: {label}")
        return found

    # -- describing ------------------------------------------------------------------

    def _describe(self, secret: Secret, *, listing: bool = False) -> dict[str, Any]:
        stages = {v.version_id: sorted(v.stages) for v in secret.versions.values() if v.stages}
        answer: dict[str, Any] = {
            "ARN": secret.arn,
            "Name": secret.name,
            "Type": secret.type,
            "Description": secret.description,
            "KmsKeyId": secret.kms_key_id,
            "RotationEnabled": secret.rotation_enabled,
            "RotationLambdaARN": secret.rotation_lambda,
            "RotationRules": dict(secret.rotation_rules) if secret.rotation_rules else None,
            "ExternalSecretRotationMetadata": (secret.external_rotation or {}).get("metadata"),
            "ExternalSecretRotationRoleArn": (secret.external_rotation or {}).get("role"),
            "LastRotatedDate": secret.last_rotated,
            "LastChangedDate": secret.changed,
            "LastAccessedDate": secret.last_accessed,
            "DeletedDate": secret.deleted,
            "NextRotationDate": secret.next_rotation if secret.rotation_enabled else None,
            "Tags": [dict(tag) for tag in secret.tags] if secret.tagged else None,
            ("SecretVersionsToStages" if listing else "VersionIdsToStages"): stages or None,
            "OwningService": secret.owning_service,
            "CreatedDate": secret.created,
            "PrimaryRegion": secret.primary_region or (self.region if secret.replicas else None),
        }
        if not listing:
            answer["ReplicationStatus"] = [self._replica_status(secret, r) for r in secret.replicas] or None
            if secret.cross_account_primary is not None:
                answer["CrossAccountPrimary"] = {
                    "PrimarySecretARN": secret.cross_account_primary,
                    "ReplicationStatus": secret.cross_account_status,
                }
            if secret.cross_account_replicas:
                answer["CrossAccountReplicas"] = list(secret.cross_account_replicas.values())
        return {key: value for key, value in answer.items() if value is not None}

    def _replica_status(self, secret: Secret, region: str) -> dict[str, Any]:
        replica = secret.replicas[region]
        status: dict[str, Any] = {
            "Region": region,
            "KmsKeyId": replica.kms_key_id or "alias/aws/secretsmanager",
            "Status": replica.status,
            "StatusMessage": replica.message,
        }
        if replica.status == "InSync":
            copy = self._replica_backend(region).secrets.get(secret.name)
            if copy is not None and copy.last_accessed is not None:
                status["LastAccessedDate"] = copy.last_accessed
        return status

    def _replica_backend(self, region: str) -> SecretsBase:
        backend = self.store.backend("secretsmanager", self.account_id, region)
        assert isinstance(backend, SecretsBase)
        return backend

    def _changed(self, secret: Secret) -> None:
        """After a change to a primary secret: its replicas follow (replication)."""

    # provided by the rotation and replication families
    def _schedule_rotation(self, secret: Secret) -> None:
        raise NotImplementedError

    def _check_replica_regions(self, regions: list[dict[str, str]]) -> None:
        raise NotImplementedError

    def _replicate(self, secret: Secret, regions: list[dict[str, str]], overwrite: bool) -> None:
        raise NotImplementedError
