"""Replication: ReplicateSecretToRegions, RemoveRegionsFromReplication,
StopReplicationToReplica, and cross-account replicas (AssociateCrossAccountReplica,
DisassociateCrossAccountReplica).

A replica is a secret of the same name in the other region's backend of the same
account, with the primary's ARN but for the region, and ``PrimaryRegion`` set. Every
change to the primary is copied to its replicas at once (``InSync``); a replica takes
no changes of its own. A region already holding a secret of that name is ``Failed``
unless ``ForceOverwriteReplicaSecret``.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from eventmock.core import arns
from eventmock.core.errors import ServiceError
from eventmock.services.secretsmanager.base import (
    SecretsBase,
    invalid_parameter,
    invalid_request,
    not_found,
)
from eventmock.services.secretsmanager.models import Replica, Secret

#: What a region's name looks like (``us-east-1``, ``us-gov-west-1``, ``cn-north-1``).
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-[0-9]{1,2}")


class ReplicationOperations(SecretsBase):
    def _check_replica_regions(self, regions: list[dict[str, str]]) -> None:
        names = [item.get("Region", "") for item in regions]
        if self.region in names or not all(_REGION.fullmatch(name) for name in names):
            raise invalid_parameter("Invalid replica region.")
        if len(set(names)) != len(names):
            raise invalid_parameter("Duplicate replica regions are not allowed.")

    def _replicate(self, secret: Secret, regions: list[dict[str, str]], overwrite: bool) -> None:
        for item in regions:
            region = item["Region"]
            other = self._replica_backend(region)
            existing = other.secrets.get(secret.name)
            if existing is not None and existing.primary_region != self.region and not overwrite:
                message = f"Replication failed: Secret name {secret.name} already exists in region {region}."
                secret.replicas[region] = Replica(region, item.get("KmsKeyId"), "Failed", message)
                continue
            secret.replicas[region] = Replica(region, item.get("KmsKeyId"), "InSync", "Replication succeeded")
            self._copy_to(secret, region)

    def _copy_to(self, secret: Secret, region: str) -> None:
        other = self._replica_backend(region)
        replica = other.secrets.get(secret.name)
        accessed = replica.last_accessed if replica is not None and replica.primary_region == self.region else None
        copied = copy.copy(secret)
        copied.arn = arns.build("secretsmanager", region, self.account_id, secret.arn.split(":", 5)[5])
        copied.versions = copy.deepcopy(secret.versions)
        copied.tags = copy.deepcopy(secret.tags)
        copied.policies = dict(secret.policies)
        copied.kms_key_id = secret.replicas[region].kms_key_id
        copied.primary_region = self.region
        copied.replicas = {}
        copied.cross_account_replicas = {}
        copied.deletion_job = copied.rotation_job = None
        copied.last_accessed = accessed
        other.secrets[secret.name] = copied

    def _changed(self, secret: Secret) -> None:
        for region, replica in secret.replicas.items():
            if replica.status == "InSync":
                self._copy_to(secret, region)
        for arn_text, entry in secret.cross_account_replicas.items():
            if entry.get("ReplicationStatus") == "InSync":
                try:
                    self._cross_account_replica(arn_text).versions = copy.deepcopy(secret.versions)
                except ServiceError:  # the replica is gone: the link stays, as AWS shows it
                    pass

    def replicate_secret_to_regions(
        self, SecretId: str, AddReplicaRegions: list[dict[str, str]], ForceOverwriteReplicaSecret: bool | None = None
    ) -> dict[str, Any]:
        secret = self._secret(SecretId, replica_ok=False)
        self._check_replica_regions(AddReplicaRegions)
        added = [item for item in AddReplicaRegions if item["Region"] not in secret.replicas]
        self._replicate(secret, added, bool(ForceOverwriteReplicaSecret))
        regions = [item["Region"] for item in AddReplicaRegions]
        return {"ARN": secret.arn, "ReplicationStatus": [self._replica_status(secret, r) for r in regions]}

    def remove_regions_from_replication(self, SecretId: str, RemoveReplicaRegions: list[str]) -> dict[str, Any]:
        secret = self._secret(SecretId, replica_ok=False)
        for region in RemoveReplicaRegions:
            replica = secret.replicas.pop(region, None)
            if replica is not None and replica.status == "InSync":
                other = self._replica_backend(region)
                if other.secrets.get(secret.name) is not None and other.secrets[secret.name].primary_region == self.region:
                    del other.secrets[secret.name]
        return {"ARN": secret.arn, "ReplicationStatus": [self._replica_status(secret, r) for r in secret.replicas]}

    def stop_replication_to_replica(self, SecretId: str) -> dict[str, Any]:
        secret = self._secret(SecretId)
        if secret.primary_region is None:
            raise invalid_request("StopReplicationToReplica can only be called on a replica secret.")
        primary = self._replica_backend(secret.primary_region).secrets.get(secret.name)
        if primary is not None:
            primary.replicas.pop(self.region, None)
        secret.primary_region = None
        return {"ARN": secret.arn}

    # -- cross-account replicas ---------------------------------------------------

    def _cross_account_replica(self, arn_text: str) -> Secret:
        arn = arns.parse(arn_text)
        if arn is None or arn.service != "secretsmanager" or arn.region != self.region or arn.account == self.account_id:
            raise invalid_parameter("The replica secret must be in another account, in the same Region as the primary secret.")
        other = self.store.backend("secretsmanager", arn.account, arn.region)
        assert isinstance(other, SecretsBase)
        replica = other._find(arn_text)
        if replica is None:
            raise not_found()
        return replica

    def associate_cross_account_replica(
        self,
        SecretId: str,
        CrossAccountReplicaARN: str,
        ReplicaRestriction: str | None = None,
        ReplicationRoleARN: str | None = None,
    ) -> dict[str, Any]:
        secret = self._secret(SecretId, replica_ok=False)
        replica = self._cross_account_replica(CrossAccountReplicaARN)
        if replica.cross_account_primary not in (secret.arn, secret.arn[:-7]):
            raise invalid_request("The replica secret's CrossAccountPrimaryARN doesn't name this secret.")
        if any(arn_text != replica.arn for arn_text in secret.cross_account_replicas):
            raise ServiceError(
                "LimitExceededException", "A primary secret can have at most one cross-account replica.", status=400
            )
        entry = {"ReplicaSecretARN": replica.arn, "ReplicationRoleARN": ReplicationRoleARN, "ReplicationStatus": "InSync"}
        secret.cross_account_replicas[replica.arn] = {k: v for k, v in entry.items() if v is not None}
        replica.cross_account_status = "InSync"
        replica.versions = copy.deepcopy(secret.versions)
        return {"ARN": secret.arn, "CrossAccountReplicaARN": replica.arn, "ReplicationStatus": "InSync"}

    def disassociate_cross_account_replica(self, SecretId: str, CrossAccountReplicaARN: str) -> dict[str, Any]:
        secret = self._secret(SecretId, replica_ok=False)
        entry = secret.cross_account_replicas.pop(CrossAccountReplicaARN, None)
        if entry is None:
            raise not_found("Secrets Manager can't find the specified cross-account replica.")
        try:
            self._cross_account_replica(CrossAccountReplicaARN).cross_account_status = "Detached"
        except ServiceError:  # the replica may be gone; the link goes all the same
            pass
        return {"ARN": secret.arn, "CrossAccountReplicaARN": CrossAccountReplicaARN}
