"""Versions and aliases: PublishVersion, ListVersionsByFunction, and
Create/Get/Update/Delete/ListAliases with weighted routing.

An alias with ``RoutingConfig.AdditionalVersionWeights`` ``{"2": 0.25}`` sends a
quarter of its invocations to version 2, deterministically: invocation *n* (counted
per alias) goes to the additional version when ``floor((n + 1) * w) > floor(n * w)``,
so every fourth one does, in call order, never by chance.
"""

# mypy: disable-error-code="misc"
# (the mixins annotate ``self`` as the backend they are part of, whose other families they call.)

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from eventmock.core import ids, pagination
from eventmock.core.errors import ServiceError
from eventmock.services.lambda_.model import LATEST, Alias, Function, Version, invalid, validation

if TYPE_CHECKING:
    from eventmock.services.lambda_.backend import LambdaBackend

_ALIAS = r"(?!^[0-9]+$)([a-zA-Z0-9-_]+)"


def _alias_missing(arn: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"Cannot find alias arn: {arn}", Type="User")


class Versions:
    """The versions and aliases half of :class:`~eventmock.services.lambda_.backend.LambdaBackend`."""

    def _publish(self: LambdaBackend, function: Function, description: str | None) -> Version:
        """Publish $LATEST as a new version (or answer the newest one if $LATEST has not
        changed since, as AWS does)."""
        latest = function.latest
        assert latest is not None
        newest = function.versions.get(str(function.last_version))
        if newest is not None and function.published_updates == latest.updates:
            return newest  # $LATEST not updated since: AWS publishes nothing new
        function.last_version += 1
        version = latest.copy_as(str(function.last_version))
        if version.update_status is not None:
            version.update_status = "Successful"  # a version is published from a settled $LATEST
        if description is not None:
            version.settings["Description"] = description
        function.versions[version.version] = version
        function.published_updates = latest.updates
        return version

    def _pick(self: LambdaBackend, function: Function, qualifier: str | None) -> Version:
        """The version an invocation of ``qualifier`` runs (an alias's weights applied)."""
        alias = function.aliases.get(qualifier or "")
        if alias is not None and alias.weights:
            alias.invocations += 1
            n = alias.invocations - 1
            for extra, weight in alias.weights.items():
                if math.floor((n + 1) * weight) > math.floor(n * weight) and extra in function.versions:
                    return function.versions[extra]
        version = function.version(qualifier)
        if version is None:
            raise ServiceError("ResourceNotFoundException", f"Function not found: {function.arn}:{qualifier}", Type="User")
        return version

    def publish_version(
        self: LambdaBackend, FunctionName: str, CodeSha256: str | None = None, Description: str | None = None, RevisionId: str | None = None, PublishTo: str | None = None
    ) -> dict[str, Any]:
        function, latest = self._latest(FunctionName)
        if CodeSha256 is not None and CodeSha256 != latest.package.sha256:
            raise invalid(
                f"CodeSHA256 ({CodeSha256}) is different from current CodeSHA256 in $LATEST ({latest.package.sha256}). "
                "Please try again with the CodeSHA256 in $LATEST."
            )
        self._check_revision(latest.revision_id, RevisionId)
        if latest.update_status == "InProgress" or latest.state == "Pending":
            raise ServiceError(
                "ResourceConflictException",
                f"The operation cannot be performed at this time. An update is in progress for resource: {function.arn}",
                Type="User",
            )
        return self._publish(function, Description).configuration()

    def list_versions_by_function(self: LambdaBackend, FunctionName: str, Marker: str | None = None, MaxItems: int | None = None) -> dict[str, Any]:
        function, latest = self._latest(FunctionName)
        versions = [latest, *sorted(function.versions.values(), key=lambda v: int(v.version))]
        try:
            page, marker = pagination.page(versions, Marker, MaxItems or 50)
        except pagination.InvalidToken:
            raise invalid(f"Invalid Marker: {Marker}") from None
        return {"Versions": [v.configuration(qualified=True) for v in page], "NextMarker": marker}

    # -- aliases ------------------------------------------------------------------------

    def _check_alias(self: LambdaBackend, function: Function, version: str, routing: dict[str, Any] | None) -> dict[str, float]:
        if version != LATEST and version not in function.versions:
            raise ServiceError("ResourceNotFoundException", f"Function not found: {function.arn}:{version}", Type="User")
        weights = dict((routing or {}).get("AdditionalVersionWeights") or {})
        if len(weights) > 1:
            raise invalid("Number of items in AdditionalVersionWeights cannot be greater than 1")
        for key, weight in weights.items():
            if not re.fullmatch(r"[0-9]+", key):
                raise validation(
                    "{" + f"{key}={weight}" + "}",
                    "routingConfig.additionalVersionWeights",
                    "Map keys must satisfy constraint: [Member must have length less than or equal to 1024, "
                    "Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]",
                )
            if not 0.0 <= weight <= 1.0:
                raise validation(
                    "{" + f"{key}={float(weight)}" + "}",
                    "routingConfig.additionalVersionWeights",
                    "Map value must satisfy constraint: [Member must have value less than or equal to 1.0, "
                    "Member must have value greater than or equal to 0.0, Member must not be null]",
                )
            if key == version:
                raise invalid(f"Invalid function version {version}. Function version {version} is already included in routing configuration.")
            if key not in function.versions:
                raise ServiceError("ResourceNotFoundException", f"Function not found: {function.arn}:{key}", Type="User")
        if weights and version == LATEST:
            raise invalid("$LATEST is not supported for an alias pointing to more than 1 version")
        return {k: float(v) for k, v in weights.items()}

    def _alias(self: LambdaBackend, function: Function, name: str) -> Alias:
        alias = function.aliases.get(name)
        if alias is None:
            raise _alias_missing(f"{function.arn}:{name}")
        return alias

    def create_alias(
        self: LambdaBackend,
        FunctionName: str,
        Name: str,
        FunctionVersion: str,
        Description: str | None = None,
        RoutingConfig: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        if not re.fullmatch(_ALIAS, Name):
            raise validation(Name, "name", f"Member must satisfy regular expression pattern: {_ALIAS}")
        function = self._resolve(FunctionName, None)
        if Name in function.aliases:
            raise ServiceError("ResourceConflictException", f"Alias already exists: {function.arn}:{Name}", Type="User")
        weights = self._check_alias(function, FunctionVersion, RoutingConfig)
        alias = Alias(Name, f"{function.arn}:{Name}", FunctionVersion, Description or "", weights)
        function.aliases[Name] = alias
        return alias.describe()

    def get_alias(self: LambdaBackend, FunctionName: str, Name: str) -> dict[str, Any]:
        function = self._resolve(FunctionName, None)
        return self._alias(function, Name).describe()

    def update_alias(
        self: LambdaBackend,
        FunctionName: str,
        Name: str,
        FunctionVersion: str | None = None,
        Description: str | None = None,
        RoutingConfig: dict[str, Any] | None = None,
        RevisionId: str | None = None,
    ) -> dict[str, Any]:
        function = self._resolve(FunctionName, None)
        alias = self._alias(function, Name)
        self._check_revision(alias.revision_id, RevisionId)
        version = FunctionVersion or alias.version
        routing = RoutingConfig if RoutingConfig is not None else {"AdditionalVersionWeights": alias.weights}
        weights = self._check_alias(function, version, routing)
        alias.version, alias.weights = version, weights
        if Description is not None:
            alias.description = Description
        alias.revision_id = ids.uuid4()
        return alias.describe()

    def delete_alias(self: LambdaBackend, FunctionName: str, Name: str) -> dict[str, Any]:
        function = self._resolve(FunctionName, None)
        if function.aliases.pop(Name, None) is not None:
            self._forget_version(function.name, Name)
        return {}

    def list_aliases(
        self: LambdaBackend, FunctionName: str, FunctionVersion: str | None = None, Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        function = self._resolve(FunctionName, None)
        aliases = sorted(function.aliases.values(), key=lambda a: a.name)
        if FunctionVersion is not None:
            aliases = [a for a in aliases if a.version == FunctionVersion]
        try:
            page, marker = pagination.page(aliases, Marker, MaxItems or 50)
        except pagination.InvalidToken:
            raise invalid(f"Invalid Marker: {Marker}") from None
        return {"Aliases": [a.describe() for a in page], "NextMarker": marker}
