"""Versions and staging labels: PutSecretValue, UpdateSecretVersionStage,
ListSecretVersionIds, and BatchGetSecretValue."""

from __future__ import annotations

from typing import Any

from eventmock.core import pagination
from eventmock.core.errors import ServiceError
from eventmock.services.secretsmanager.base import (
    SecretsBase,
    encoded_binary,
    invalid_parameter,
    invalid_request,
    not_found,
)
from eventmock.services.secretsmanager.models import CURRENT, Version
from eventmock.services.secretsmanager.secrets import listed

#: Staging labels one version can carry.
MAX_STAGES = 20
DEFAULT_BATCH_PAGE = 20


def _bad_token() -> ServiceError:
    return ServiceError("InvalidNextTokenException", "The NextToken value is invalid.", status=400)


class VersionOperations(SecretsBase):
    def put_secret_value(
        self,
        SecretId: str,
        ClientRequestToken: str | None = None,
        SecretBinary: bytes | None = None,
        SecretString: str | None = None,
        VersionStages: list[str] | None = None,
        RotationToken: str | None = None,
    ) -> dict[str, Any]:
        binary = encoded_binary(SecretBinary)
        if SecretString is None and binary is None:
            raise invalid_request("You must provide either SecretString or SecretBinary.")
        self._check_value(SecretString, binary)
        secret = self._secret(SecretId, replica_ok=False)
        if VersionStages is not None and len(set(VersionStages)) > MAX_STAGES:
            raise ServiceError("LimitExceededException", "You have exceeded the maximum number of staging labels for a version.", status=400)
        version = self._existing_version(secret, ClientRequestToken, SecretString, binary)
        if version is None:
            stages = VersionStages
            if stages is not None and secret.version_with(CURRENT) is None:
                stages = [*stages, CURRENT]  # the first version is AWSCURRENT whatever else it gets
            version = self._add_version(secret, ClientRequestToken, SecretString, binary, stages)
            self._changed(secret)
        return {"ARN": secret.arn, "Name": secret.name, "VersionId": version.version_id, "VersionStages": sorted(version.stages)}

    def update_secret_version_stage(
        self,
        SecretId: str,
        VersionStage: str,
        RemoveFromVersionId: str | None = None,
        MoveToVersionId: str | None = None,
    ) -> dict[str, Any]:
        secret = self._secret(SecretId, replica_ok=False)
        for version_id in (RemoveFromVersionId, MoveToVersionId):
            if version_id is not None and version_id not in secret.versions:
                raise invalid_parameter(f"The specified version {version_id} doesn't exist for this secret.")
        holder = secret.version_with(VersionStage)
        if RemoveFromVersionId is not None and (holder is None or holder.version_id != RemoveFromVersionId):
            raise invalid_parameter(
                f"The staging label {VersionStage} is not attached to the version {RemoveFromVersionId}, "
                "so it can't be removed from it."
            )
        if MoveToVersionId is not None:
            if holder is not None and holder.version_id != MoveToVersionId and RemoveFromVersionId is None:
                raise invalid_parameter(
                    f"The parameter RemoveFromVersionId can't be empty. Staging label {VersionStage} is currently attached "
                    f"to version {holder.version_id}, so you must explicitly reference that version in RemoveFromVersionId."
                )
            target = secret.versions[MoveToVersionId]
            if VersionStage not in target.stages and len(target.stages) >= MAX_STAGES:
                raise ServiceError("LimitExceededException", "You have exceeded the maximum number of staging labels for a version.", status=400)
            self._move_stage(secret, VersionStage, target)
        elif RemoveFromVersionId is not None:
            if VersionStage == CURRENT:
                raise invalid_parameter(
                    "You can only move staging label AWSCURRENT to a different secret version. It can't be completely removed."
                )
            self._move_stage(secret, VersionStage, None)
        self._trim(secret)
        self._changed(secret)
        self._stage_moved(secret, VersionStage, MoveToVersionId)
        return {"ARN": secret.arn, "Name": secret.name}

    def _stage_moved(self, secret: Any, stage: str, version_id: str | None) -> None:
        """Hook: rotation counts a move of ``AWSCURRENT`` as a finished rotation."""

    def list_secret_version_ids(
        self,
        SecretId: str,
        MaxResults: int | None = None,
        NextToken: str | None = None,
        IncludeDeprecated: bool | None = None,
    ) -> dict[str, Any]:
        secret = self._secret(SecretId, deleted_ok=True)
        versions = [v for v in secret.versions.values() if IncludeDeprecated or v.stages]
        try:
            page, token = pagination.page(versions, NextToken, MaxResults or 100)
        except pagination.InvalidToken:
            raise _bad_token() from None
        return {"Versions": [_version_entry(v) for v in page], "NextToken": token, "ARN": secret.arn, "Name": secret.name}

    def batch_get_secret_value(
        self,
        SecretIdList: list[str] | None = None,
        Filters: list[dict[str, Any]] | None = None,
        MaxResults: int | None = None,
        NextToken: str | None = None,
    ) -> dict[str, Any]:
        if (SecretIdList is None) == (Filters is None):
            raise invalid_parameter("Either 'SecretIdList' or 'Filters' must be provided, but not both.")
        if SecretIdList is not None and MaxResults is not None:
            raise invalid_parameter("'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.")
        values: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        token = None
        if SecretIdList is not None:
            for secret_id in SecretIdList:
                try:
                    secret = self._secret(secret_id)
                    values.append(self._read(secret, self._pick_version(secret, None, None)))
                except ServiceError as error:
                    errors.append({"SecretId": secret_id, "ErrorCode": error.code, "Message": error.message})
        else:
            chosen = listed(self.region, self.secrets.values(), False, Filters)
            try:
                page, token = pagination.page(chosen, NextToken, MaxResults or DEFAULT_BATCH_PAGE)
            except pagination.InvalidToken:
                raise _bad_token() from None
            for secret in page:
                current = secret.version_with(CURRENT)
                if current is None:
                    errors.append({"SecretId": secret.arn, "ErrorCode": "ResourceNotFoundException", "Message": not_found().message})
                else:
                    values.append(self._read(secret, current))
        return {"SecretValues": values, "NextToken": token, "Errors": errors or None}


def _version_entry(version: Version) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "VersionId": version.version_id,
        "VersionStages": sorted(version.stages) or None,
        "LastAccessedDate": version.last_accessed,
        "CreatedDate": version.created,
        "KmsKeyIds": [version.kms_key_id],
    }
    return {key: value for key, value in entry.items() if value is not None}
