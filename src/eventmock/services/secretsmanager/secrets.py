"""Secrets: CreateSecret, DescribeSecret, GetSecretValue, UpdateSecret, DeleteSecret,
RestoreSecret, ListSecrets, TagResource and UntagResource."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from eventmock.core import clock, pagination
from eventmock.core.errors import ServiceError
from eventmock.services.secretsmanager.base import (
    INVALID_NAME,
    _NAME,
    SecretsBase,
    encoded_binary,
    invalid_parameter,
    invalid_request,
)
from eventmock.services.secretsmanager.models import Secret

DEFAULT_RECOVERY_DAYS = 30
DEFAULT_PAGE = 100
_SORT_KEYS: dict[str, Callable[[Secret], Any]] = {
    "created-date": lambda s: s.created,
    "last-accessed-date": lambda s: s.last_accessed or dt.datetime.min.replace(tzinfo=clock.UTC),
    "last-changed-date": lambda s: s.changed,
    "name": lambda s: s.name,
}


#: The words of a value: runs of letters and digits, split where the case changes to
#: upper ("SecretOne": "Secret", "One") and before the last capital of a run followed
#: by a lower-case letter ("COMPANYthings": "COMPAN", "Ythings").
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z]+[a-z0-9]*")
#: Filter keys whose matching is case-sensitive (per the Filter shape's documentation).
_CASE_SENSITIVE = {"name", "tag-key", "tag-value", "primary-region", "owning-service"}


def _word_match(text: str, word: str, case_sensitive: bool) -> bool:
    """Whether the words of ``word`` are consecutive words of ``text``, the last one a
    prefix ("SecretO" matches "SecretOne", "company" does not match "COMPANYthings")."""
    fold = (lambda w: w) if case_sensitive else str.lower
    have = [fold(w) for w in _WORD.findall(text)]
    want = [fold(w) for w in _WORD.findall(word)]
    if not want:
        return False
    n = len(want)
    return any(
        have[i : i + n - 1] == want[:-1] and have[i + n - 1].startswith(want[-1]) for i in range(len(have) - n + 1)
    )


def _attributes(secret: Secret, key: str, region: str) -> list[str]:
    tags = secret.tags
    primary = secret.primary_region or (region if secret.replicas else "")
    by_key = {
        "name": [secret.name],
        "description": [secret.description or ""],
        "tag-key": [tag.get("Key", "") for tag in tags],
        "tag-value": [tag.get("Value", "") for tag in tags],
        "primary-region": [primary],
        "owning-service": [secret.owning_service or ""],
    }
    if key == "all":
        return [text for texts in by_key.values() for text in texts]
    return by_key.get(key, [])


def _matches(secret: Secret, key: str, value: str, region: str) -> bool:
    """Whether ``secret`` matches one filter value: every word of the value is a prefix
    of a word of the key's attribute ("all": of any attribute)."""
    texts = [t for t in _attributes(secret, key, region) if t]
    sensitive = key in _CASE_SENSITIVE
    words = value.split() or [value]
    return all(any(_word_match(text, word, sensitive) for text in texts) for word in words)


def _filtered(secret: Secret, filters: list[dict[str, Any]], region: str) -> bool:
    """Filters (even with the same key) combine with AND, the values of one with OR; a
    value ``!x`` matches what ``x`` does not."""
    for item in filters:
        key, values = str(item.get("Key")), item.get("Values") or []
        if not any(
            not _matches(secret, key, v[1:], region) if v.startswith("!") else _matches(secret, key, v, region) for v in values
        ):
            return False
    return True


def listed(
    region: str,
    secrets: Iterable[Secret],
    planned: bool | None,
    filters: list[dict[str, Any]] | None,
    order: str | None = None,
    by: str | None = None,
) -> list[Secret]:
    """The secrets ListSecrets (and BatchGetSecretValue's filters) choose, in order."""
    for item in filters or ():
        if item.get("Key") is None:
            raise invalid_parameter("Invalid filter key")
        if not item.get("Values"):
            raise invalid_parameter(f"Invalid filter values for key: {item['Key']}")
    chosen = [s for s in secrets if (planned or s.deleted is None) and _filtered(s, filters or [], region)]
    chosen.sort(key=_SORT_KEYS[by or "created-date"], reverse=order == "desc")
    return chosen


class SecretOperations(SecretsBase):
    def create_secret(
        self,
        Name: str,
        ClientRequestToken: str | None = None,
        Description: str | None = None,
        KmsKeyId: str | None = None,
        SecretBinary: bytes | None = None,
        SecretString: str | None = None,
        Tags: list[dict[str, str]] | None = None,
        AddReplicaRegions: list[dict[str, str]] | None = None,
        ForceOverwriteReplicaSecret: bool | None = None,
        Type: str | None = None,
        CrossAccountPrimaryARN: str | None = None,
    ) -> dict[str, Any]:
        binary = encoded_binary(SecretBinary)
        if not _NAME.fullmatch(Name):
            raise ServiceError("ValidationException", INVALID_NAME, status=400)
        self._check_value(SecretString, binary)
        existing = self.secrets.get(Name)
        if existing is not None:
            if existing.deleted is not None:
                raise invalid_request("You can't create this secret because a secret with this name is already scheduled for deletion.")
            version = self._existing_version(existing, ClientRequestToken, SecretString, binary)
            if version is None or existing.primary_region is not None:
                raise ServiceError("ResourceExistsException", f"The operation failed because the secret {Name} already exists.", status=400)
            return {"ARN": existing.arn, "Name": existing.name, "VersionId": version.version_id}  # a retry
        if AddReplicaRegions:
            self._check_replica_regions(AddReplicaRegions)
        now = clock.now()
        owning = next((t.get("Value") for t in Tags or () if t.get("Key") == "aws:secretsmanager:owningService"), None)
        secret = Secret(
            name=Name,
            arn=self._new_arn(Name),
            created=now,
            changed=now,
            description=Description,
            kms_key_id=KmsKeyId,
            type=Type,
            tags=[dict(tag) for tag in Tags or ()],
            tagged=bool(Tags),
            owning_service=owning,
            cross_account_primary=CrossAccountPrimaryARN,
        )
        answer: dict[str, Any] = {"ARN": secret.arn, "Name": Name}
        if SecretString is not None or binary is not None:
            answer["VersionId"] = self._add_version(secret, ClientRequestToken, SecretString, binary).version_id
        secret.changed = now
        self.secrets[Name] = secret
        if AddReplicaRegions:
            self._replicate(secret, AddReplicaRegions, bool(ForceOverwriteReplicaSecret))
            answer["ReplicationStatus"] = [self._replica_status(secret, r) for r in secret.replicas]
        return answer

    def describe_secret(self, SecretId: str) -> dict[str, Any]:
        return self._describe(self._secret(SecretId, deleted_ok=True))

    def get_secret_value(self, SecretId: str, VersionId: str | None = None, VersionStage: str | None = None) -> dict[str, Any]:
        secret = self._secret(SecretId)
        return self._read(secret, self._pick_version(secret, VersionId, VersionStage))

    def update_secret(
        self,
        SecretId: str,
        ClientRequestToken: str | None = None,
        Description: str | None = None,
        KmsKeyId: str | None = None,
        SecretBinary: bytes | None = None,
        SecretString: str | None = None,
        Type: str | None = None,
    ) -> dict[str, Any]:
        binary = encoded_binary(SecretBinary)
        secret = self._secret(SecretId, replica_ok=False)
        self._check_value(SecretString, binary)
        answer: dict[str, Any] = {"ARN": secret.arn, "Name": secret.name}
        if SecretString is not None or binary is not None:
            version = self._existing_version(secret, ClientRequestToken, SecretString, binary)
            if version is None:
                pending = secret.version_with("AWSPENDING")
                current = secret.version_with("AWSCURRENT")
                if secret.rotation_enabled and pending is not None and pending is not current:
                    raise invalid_request("A previous rotation isn't complete. That rotation will be reattempted.")
                if KmsKeyId is not None:
                    secret.kms_key_id = KmsKeyId
                version = self._add_version(secret, ClientRequestToken, SecretString, binary)
            answer["VersionId"] = version.version_id
        if Description is not None:
            secret.description = Description
        if KmsKeyId is not None:
            secret.kms_key_id = KmsKeyId
        if Type is not None:
            secret.type = Type
        secret.changed = clock.now()
        self._changed(secret)
        return answer

    def delete_secret(
        self, SecretId: str, RecoveryWindowInDays: int | None = None, ForceDeleteWithoutRecovery: bool | None = None
    ) -> dict[str, Any]:
        if RecoveryWindowInDays is not None and not 7 <= RecoveryWindowInDays <= 30:
            raise invalid_parameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).")
        if ForceDeleteWithoutRecovery and RecoveryWindowInDays is not None:
            raise invalid_parameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.")
        now = clock.now()
        if ForceDeleteWithoutRecovery and self._find(SecretId) is None:
            # AWS answers a forced delete of a secret that does not exist as done
            gone: dict[str, Any] = {"Name": SecretId, "DeletionDate": now}
            if SecretId.startswith("arn:"):
                gone.update(ARN=SecretId, Name=SecretId.split(":", 6)[-1])
            return gone
        secret = self._secret(SecretId, deleted_ok=bool(ForceDeleteWithoutRecovery))
        if secret.replicas:
            raise invalid_parameter(
                "You can't delete secret " + secret.arn + " that still has replica regions [" + ", ".join(secret.replicas) + "]"
            )
        if ForceDeleteWithoutRecovery or secret.primary_region is not None:  # a replica goes at once
            self._forget(secret)
            return {"ARN": secret.arn, "Name": secret.name, "DeletionDate": now}
        days = RecoveryWindowInDays or DEFAULT_RECOVERY_DAYS
        secret.deleted = now
        secret.deletion_date = now + dt.timedelta(days=days)

        def expire(when: dt.datetime) -> None:
            if self.secrets.get(secret.name) is secret and secret.deleted is not None:
                self._forget(secret)

        secret.deletion_job = self.store.due.at(secret.deletion_date, expire)
        self._stop_rotation_job(secret)
        return {"ARN": secret.arn, "Name": secret.name, "DeletionDate": secret.deletion_date}

    def _forget(self, secret: Secret) -> None:
        if secret.deletion_job is not None:
            secret.deletion_job.cancel()
        self._stop_rotation_job(secret)
        if self.secrets.get(secret.name) is secret:
            del self.secrets[secret.name]
        if secret.primary_region is not None:  # a replica's primary forgets it
            primary = self._replica_backend(secret.primary_region).secrets.get(secret.name)
            if primary is not None:
                primary.replicas.pop(self.region, None)

    @staticmethod
    def _stop_rotation_job(secret: Secret) -> None:
        if secret.rotation_job is not None:
            secret.rotation_job.cancel()
            secret.rotation_job = None

    def restore_secret(self, SecretId: str) -> dict[str, Any]:
        secret = self._secret(SecretId, deleted_ok=True, replica_ok=False)
        if secret.deletion_job is not None:
            secret.deletion_job.cancel()
        secret.deleted = secret.deletion_date = secret.deletion_job = None
        if secret.rotation_enabled:
            self._schedule_rotation(secret)
        return {"ARN": secret.arn, "Name": secret.name}

    def list_secrets(
        self,
        IncludePlannedDeletion: bool | None = None,
        MaxResults: int | None = None,
        NextToken: str | None = None,
        Filters: list[dict[str, Any]] | None = None,
        SortOrder: str | None = None,
        SortBy: str | None = None,
    ) -> dict[str, Any]:
        chosen = listed(self.region, self.secrets.values(), IncludePlannedDeletion, Filters, SortOrder, SortBy)
        try:
            page, token = pagination.page(chosen, NextToken, MaxResults or DEFAULT_PAGE)
        except pagination.InvalidToken:
            raise ServiceError("InvalidNextTokenException", "The NextToken value is invalid.", status=400) from None
        return {"SecretList": [self._describe(s, listing=True) for s in page], "NextToken": token}

    def tag_resource(self, SecretId: str, Tags: list[dict[str, str]]) -> None:
        secret = self._secret(SecretId, replica_ok=False)
        for tag in Tags:
            found = next((t for t in secret.tags if t.get("Key") == tag.get("Key")), None)
            if found is None:
                secret.tags.append(dict(tag))
            else:
                found.clear()
                found.update(tag)
        secret.tagged = True
        self._changed(secret)

    def untag_resource(self, SecretId: str, TagKeys: list[str]) -> None:
        secret = self._secret(SecretId, replica_ok=False)
        secret.tags = [t for t in secret.tags if t.get("Key") not in TagKeys]
        secret.tagged = True
        self._changed(secret)
