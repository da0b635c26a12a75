"""Lambda capacity providers (Lambda Managed Instances): Create/Get/Update/Delete/
ListCapacityProviders and ListFunctionVersionsByCapacityProvider.

A provider is stored and described (:class:`~eventmock.services.lambda_.control.Stored`)
and can be tagged. Its ``State`` moves as AWS's does, each step before the next call is
answered: ``Pending`` -> ``Active`` after CreateCapacityProvider, ``Deleting`` -> gone
after DeleteCapacityProvider. No instances run: functions run in-process either way.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from eventmock.core import clock
from eventmock.core.errors import ServiceError
from eventmock.services.lambda_ import control

if TYPE_CHECKING:
    from eventmock.services.lambda_.backend import Function, LambdaBackend

_PROVIDER_ARN = re.compile(r"arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:capacity-provider:([a-zA-Z0-9_-]+)")
#: The members of CreateCapacityProvider that UpdateCapacityProvider can change.
_UPDATABLE = ("CapacityProviderScalingConfig", "PropagateTags", "TelemetryConfig")


def _missing(name: str) -> ServiceError:
    return control.not_found(f"Capacity provider {name} does not exist.")


def provider_of(function: Function) -> str | None:
    """The capacity provider ARN a function version's configuration names, if any."""
    config = getattr(function, "configuration", None)
    if not isinstance(config, dict):
        return None
    managed = (config.get("CapacityProviderConfig") or {}).get("LambdaManagedInstancesCapacityProviderConfig") or {}
    arn = managed.get("CapacityProviderArn")
    return arn if isinstance(arn, str) else None


class CapacityProviders:
    """Mixin of :class:`~eventmock.services.lambda_.backend.LambdaBackend`."""

    def _providers(self) -> dict[str, control.Stored]:
        """Capacity providers by name."""
        return control.state(self, "_lambda_capacity_providers", dict)

    def _provider(self, name_or_arn: str) -> control.Stored:
        match = _PROVIDER_ARN.fullmatch(name_or_arn)
        name = match.group(1) if match else name_or_arn
        found = self._providers().get(name)
        if found is None or (match is not None and found.arn != name_or_arn):
            raise _missing(name)
        return found

    def _tags_of(self, arn: str) -> dict[str, str] | None:
        match = _PROVIDER_ARN.fullmatch(arn)
        found = self._providers().get(match.group(1)) if match else None
        if found is not None and found.arn == arn:
            return found.tags
        tags: dict[str, str] | None = super()._tags_of(arn)  # type: ignore[misc]
        return tags

    def _settle_provider(self, name: str, provider: control.Stored) -> None:
        providers = self._providers()

        def settle(when: dt.datetime) -> None:
            if providers.get(name) is not provider:
                return
            if provider.values["State"] == "Deleting":
                del providers[name]
            elif provider.values["State"] == "Pending":
                provider.values["State"] = "Active"

        self.store.due.at(clock.now(), settle)  # type: ignore[attr-defined]

    def create_capacity_provider(self, CapacityProviderName: str, **params: Any) -> dict[str, Any]:
        control.check("CreateCapacityProvider", {"CapacityProviderName": CapacityProviderName, **params})
        backend: LambdaBackend = self  # type: ignore[assignment]
        if _PROVIDER_ARN.fullmatch(CapacityProviderName) or CapacityProviderName in self._providers():
            raise control.conflict(f"Capacity provider {CapacityProviderName} already exists.")
        arn = backend._arn(f"capacity-provider:{CapacityProviderName}")
        values = {**params, "CapacityProviderArn": arn, "State": "Pending", "LastModified": control.stamp()}
        scaling = values.setdefault("CapacityProviderScalingConfig", {})
        scaling.setdefault("ScalingMode", "Auto")
        provider = control.Stored("CapacityProvider", arn, values, params.get("Tags"))
        self._providers()[CapacityProviderName] = provider
        self._settle_provider(CapacityProviderName, provider)
        return {"CapacityProvider": provider.describe()}

    def get_capacity_provider(self, CapacityProviderName: str) -> dict[str, Any]:
        control.check("GetCapacityProvider", {"CapacityProviderName": CapacityProviderName})
        return {"CapacityProvider": self._provider(CapacityProviderName).describe()}

    def update_capacity_provider(self, CapacityProviderName: str, **params: Any) -> dict[str, Any]:
        control.check("UpdateCapacityProvider", {"CapacityProviderName": CapacityProviderName, **params})
        provider = self._provider(CapacityProviderName)
        provider.update({k: params.get(k) for k in _UPDATABLE})
        provider.values["LastModified"] = control.stamp()
        return {"CapacityProvider": provider.describe()}

    def delete_capacity_provider(self, CapacityProviderName: str) -> dict[str, Any]:
        control.check("DeleteCapacityProvider", {"CapacityProviderName": CapacityProviderName})
        provider = self._provider(CapacityProviderName)
        if self._versions_using(provider.arn):
            raise control.conflict(f"Capacity provider {CapacityProviderName} is in use by one or more function versions.")
        provider.values["State"] = "Deleting"
        self._settle_provider(provider.arn.rsplit(":", 1)[1], provider)
        return {"CapacityProvider": provider.describe()}

    def list_capacity_providers(self, State: str | None = None, Marker: str | None = None, MaxItems: int | None = None) -> dict[str, Any]:
        control.check("ListCapacityProviders", {"State": State, "MaxItems": MaxItems})
        found = [p for p in self._providers().values() if State is None or p.values["State"] == State]
        page, marker = control.page(found, Marker, MaxItems)
        return {"CapacityProviders": [p.describe() for p in page], "NextMarker": marker}

    def _versions_using(self, provider_arn: str) -> list[Function]:
        backend: LambdaBackend = self  # type: ignore[assignment]
        return [f for f in backend.functions.values() if provider_of(f) == provider_arn]

    def list_function_versions_by_capacity_provider(
        self, CapacityProviderName: str, Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        control.check("ListFunctionVersionsByCapacityProvider", {"CapacityProviderName": CapacityProviderName, "MaxItems": MaxItems})
        provider = self._provider(CapacityProviderName)
        versions = [{"FunctionArn": f.arn, "State": getattr(f, "state", "Active")} for f in self._versions_using(provider.arn)]
        page, marker = control.page(versions, Marker, MaxItems)
        return {"CapacityProviderArn": provider.arn, "FunctionVersions": page, "NextMarker": marker}
