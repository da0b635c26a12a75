"""AWS Secrets Manager, every operation of its model, by family: secrets
(:mod:`.secrets`), versions and staging labels (:mod:`.versions`), resource policies
(:mod:`.policies`), rotation (:mod:`.rotation`), replication (:mod:`.replication`) and
random passwords (:mod:`.password`), on the ground of :mod:`.base`."""

from __future__ import annotations

from eventmock.services.secretsmanager.password import PasswordOperations
from eventmock.services.secretsmanager.policies import PolicyOperations
from eventmock.services.secretsmanager.replication import ReplicationOperations
from eventmock.services.secretsmanager.rotation import RotationOperations
from eventmock.services.secretsmanager.secrets import SecretOperations
from eventmock.services.secretsmanager.versions import VersionOperations


class SecretsManagerBackend(
    SecretOperations,
    VersionOperations,
    PolicyOperations,
    RotationOperations,
    ReplicationOperations,
    PasswordOperations,
):
    """The Secrets Manager backend dispatch sees."""
