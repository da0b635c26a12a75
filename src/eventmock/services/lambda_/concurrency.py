"""Lambda provisioned concurrency configs: Put/Get/Delete/ListProvisionedConcurrencyConfigs.

A config belongs to a published version or an alias, never ``$LATEST``. PutProvisioned-
ConcurrencyConfig answers ``Status`` ``IN_PROGRESS`` with nothing allocated; the config
is ``READY``, with all it asked for allocated and available, before the next call is
answered (due work on the mock's clock: :mod:`eventmock.core.due`). No environment is
kept warm: an invocation runs the same whether or not a config exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventmock.core import clock
from eventmock.services.lambda_ import control

if TYPE_CHECKING:
    from eventmock.services.lambda_.backend import Function, LambdaBackend

#: AWS keeps this much of an account's concurrency unreserved.
MIN_UNRESERVED = 100


@dataclass
class ProvisionedConfig:
    function_arn: str
    requested: int
    #: The version the config's alias pointed to when it was put (``None``: a version's
    #: own config, or an alias whose version is not known).
    version: str | None = None
    status: str = "IN_PROGRESS"
    modified: str = field(default_factory=control.stamp)

    def describe(self, with_arn: bool = False) -> dict[str, Any]:
        allocated = self.requested if self.status == "READY" else 0
        described: dict[str, Any] = {
            "RequestedProvisionedConcurrentExecutions": self.requested,
            "AvailableProvisionedConcurrentExecutions": allocated,
            "AllocatedProvisionedConcurrentExecutions": allocated,
            "Status": self.status,
            "LastModified": self.modified,
        }
        if with_arn:
            described = {"FunctionArn": self.function_arn, **described}
        return described


def pointed_version(function: Function, qualifier: str | None) -> str | None:
    """The published version an alias ``qualifier`` resolved to (``function``, as
    ``_resolve`` answers it, names its version in its ARN), if it is an alias."""
    alias = function.aliases.get(qualifier) if qualifier is not None else None
    version = alias.version if alias is not None else None
    if not isinstance(version, str) or not version.isdigit() or version == qualifier:
        return None
    return version


class ProvisionedConcurrency:
    """Mixin of :class:`~eventmock.services.lambda_.backend.LambdaBackend`."""

    def _provisioned(self) -> dict[str, ProvisionedConfig]:
        """Configs by the version's or alias's ARN."""
        return control.state(self, "_lambda_provisioned", dict)

    def _provisioned_target(self, function_name: str, qualifier: str, latest_error: str) -> tuple[Function, dict[str, ProvisionedConfig], str]:
        backend: LambdaBackend = self  # type: ignore[assignment]
        if qualifier == "$LATEST":
            control.target(backend, function_name, None)
            raise control.invalid(latest_error)
        function, chosen = control.target(backend, function_name, qualifier)
        return function, control.owner(backend, function)._provisioned(), control.qualified(function, chosen)

    def _forget_function(self, name: str) -> None:
        prefix = self._arn(f"function:{name}:")  # type: ignore[attr-defined]
        configs = self._provisioned()
        for arn in [a for a in configs if a.startswith(prefix)]:
            del configs[arn]
        super()._forget_function(name)  # type: ignore[misc]

    def _forget_version(self, name: str, qualifier: str) -> None:
        self._provisioned().pop(self._arn(f"function:{name}:{qualifier}"), None)  # type: ignore[attr-defined]
        super()._forget_version(name, qualifier)  # type: ignore[misc]

    def put_provisioned_concurrency_config(self, FunctionName: str, Qualifier: str, ProvisionedConcurrentExecutions: int) -> dict[str, Any]:
        control.check("PutProvisionedConcurrencyConfig", dict(locals()))
        function, configs, arn = self._provisioned_target(
            FunctionName, Qualifier, "Provisioned Concurrency Configs cannot be applied to unpublished function versions."
        )
        version = pointed_version(function, Qualifier)
        base = control.unqualified(function)
        if version is not None and f"{base}:{version}" in configs:
            raise control.conflict("Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version")
        if version is None and any(c.version == Qualifier and a.startswith(base + ":") for a, c in configs.items() if a != arn):
            raise control.conflict("Version is pointed by a Provisioned Concurrency alias")
        unreserved: int = self._unreserved_concurrency()  # type: ignore[attr-defined]
        if ProvisionedConcurrentExecutions > unreserved:
            raise control.invalid(f"Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [{unreserved}].")
        if unreserved - ProvisionedConcurrentExecutions < MIN_UNRESERVED:
            raise control.invalid(
                "Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its "
                f"minimum value of [{MIN_UNRESERVED}]."
            )
        config = configs[arn] = ProvisionedConfig(arn, ProvisionedConcurrentExecutions, version)

        def ready(when: dt.datetime) -> None:
            if configs.get(arn) is config:
                config.status = "READY"

        self.store.due.at(clock.now(), ready)  # type: ignore[attr-defined]
        return config.describe()

    def get_provisioned_concurrency_config(self, FunctionName: str, Qualifier: str) -> dict[str, Any]:
        control.check("GetProvisionedConcurrencyConfig", dict(locals()))
        _, configs, arn = self._provisioned_target(FunctionName, Qualifier, "The function resource provided must be an alias or a published version.")
        config = configs.get(arn)
        if config is None:
            raise control.error(
                "ProvisionedConcurrencyConfigNotFoundException", "No Provisioned Concurrency Config found for this function"
            )
        return config.describe()

    def delete_provisioned_concurrency_config(self, FunctionName: str, Qualifier: str) -> dict[str, Any]:
        control.check("DeleteProvisionedConcurrencyConfig", dict(locals()))
        _, configs, arn = self._provisioned_target(FunctionName, Qualifier, "The function resource provided must be an alias or a published version.")
        configs.pop(arn, None)
        return {}

    def list_provisioned_concurrency_configs(self, FunctionName: str, Marker: str | None = None, MaxItems: int | None = None) -> dict[str, Any]:
        control.check("ListProvisionedConcurrencyConfigs", dict(locals()))
        backend: LambdaBackend = self  # type: ignore[assignment]
        function, _ = control.target(backend, FunctionName, None)
        configs = control.owner(backend, function)._provisioned()
        mine = [c for a, c in configs.items() if a.startswith(control.unqualified(function) + ":")]
        page, marker = control.page(mine, Marker, MaxItems)
        return {"ProvisionedConcurrencyConfigs": [c.describe(with_arn=True) for c in page], "NextMarker": marker}
