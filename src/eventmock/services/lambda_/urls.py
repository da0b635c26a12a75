"""Lambda function URL configs: Create/Get/Update/Delete/ListFunctionUrlConfigs.

A function (unqualified) or one of its aliases has at most one URL,
``https://<32 characters>.lambda-url.<region>.on.aws/``. Configs are kept; no HTTP
endpoint answers at the URL (eventmock opens no sockets for it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventmock.core import clock, ids
from eventmock.core.errors import ServiceError
from eventmock.services.lambda_ import control

if TYPE_CHECKING:
    from eventmock.services.lambda_.backend import Function, LambdaBackend

#: The pattern AWS checks a URL's ``Qualifier`` against today (an alias name: not a
#: version number, not ``$LATEST``; older botocore models allowed ``$LATEST``).
QUALIFIER_PATTERN = r"((?!^\d+$)^[0-9a-zA-Z-_]+$)"
#: The default ``InvokeMode`` (what GetFunctionUrlConfig shows when none was given).
DEFAULT_INVOKE_MODE = "BUFFERED"


def url_stamp(when: dt.datetime) -> str:
    """A function URL config's timestamp: ISO 8601 with microseconds, ``Z``."""
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _check(operation: str, params: dict[str, Any]) -> None:
    """The model's constraints, the ``Qualifier`` as AWS checks it today."""
    qualifier = params.pop("Qualifier", None)
    if qualifier is not None and not re.fullmatch(QUALIFIER_PATTERN, qualifier):
        raise control.violation(
            f"Value '{qualifier}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: {QUALIFIER_PATTERN}"
        )
    control.check(operation, params)


@dataclass
class UrlConfig:
    function_arn: str
    url: str
    auth_type: str
    cors: dict[str, Any] | None = None
    invoke_mode: str | None = None
    created: str = field(default_factory=lambda: url_stamp(clock.now()))
    modified: str = ""

    def __post_init__(self) -> None:
        self.modified = self.modified or self.created

    def describe(self, operation: str) -> dict[str, Any]:
        members = {
            "FunctionUrl": self.url,
            "FunctionArn": self.function_arn,
            "AuthType": self.auth_type,
            "Cors": self.cors,
            "CreationTime": self.created,
            "LastModifiedTime": self.modified,
            "InvokeMode": self.invoke_mode,
        }
        if operation in ("GetFunctionUrlConfig", "FunctionUrlConfig"):
            members["InvokeMode"] = self.invoke_mode or DEFAULT_INVOKE_MODE
        return control.echo(operation, members)


class Urls:
    """Mixin of :class:`~eventmock.services.lambda_.backend.LambdaBackend`."""

    def _urls(self) -> dict[str, UrlConfig]:
        """URL configs by the function's (or alias's) ARN."""
        return control.state(self, "_lambda_urls", dict)

    def _url_target(self, function_name: str, qualifier: str | None, missing: str) -> tuple[Function, dict[str, UrlConfig], str]:
        """The function (or alias), the URL configs of its owner and its ARN; ``missing``:
        the ResourceNotFoundException message when the function does not exist."""
        backend: LambdaBackend = self  # type: ignore[assignment]
        try:
            function, qualifier = control.target(backend, function_name, qualifier)
        except ServiceError as exc:
            if exc.code != "ResourceNotFoundException":
                raise
            raise control.not_found(missing) from None
        owner = control.owner(backend, function)
        return function, owner._urls(), control.qualified(function, qualifier)

    def _forget_function(self, name: str) -> None:
        prefix = self._arn(f"function:{name}")  # type: ignore[attr-defined]
        urls = self._urls()
        for arn in [a for a in urls if a == prefix or a.startswith(prefix + ":")]:
            del urls[arn]
        super()._forget_function(name)  # type: ignore[misc]

    def _forget_version(self, name: str, qualifier: str) -> None:
        self._urls().pop(self._arn(f"function:{name}:{qualifier}"), None)  # type: ignore[attr-defined]
        super()._forget_version(name, qualifier)  # type: ignore[misc]

    def create_function_url_config(
        self,
        FunctionName: str,
        AuthType: str,
        Qualifier: str | None = None,
        Cors: dict[str, Any] | None = None,
        InvokeMode: str | None = None,
    ) -> dict[str, Any]:
        _check("CreateFunctionUrlConfig", dict(locals()))
        _, urls, arn = self._url_target(FunctionName, Qualifier, "Function does not exist")
        if arn in urls:
            raise control.conflict(
                f"Failed to create function url config for [functionArn = {arn}]. Error message:  FunctionUrlConfig exists for this Lambda function"
            )
        region = self.region  # type: ignore[attr-defined]
        config = urls[arn] = UrlConfig(arn, f"https://{ids.hex32()}.lambda-url.{region}.on.aws/", AuthType, Cors, InvokeMode)
        return config.describe("CreateFunctionUrlConfig")

    def get_function_url_config(self, FunctionName: str, Qualifier: str | None = None) -> dict[str, Any]:
        _check("GetFunctionUrlConfig", dict(locals()))
        _, urls, arn = self._url_target(FunctionName, Qualifier, control.NOT_FOUND)
        config = urls.get(arn)
        if config is None:
            raise control.not_found()
        return config.describe("GetFunctionUrlConfig")

    def update_function_url_config(
        self,
        FunctionName: str,
        Qualifier: str | None = None,
        AuthType: str | None = None,
        Cors: dict[str, Any] | None = None,
        InvokeMode: str | None = None,
    ) -> dict[str, Any]:
        _check("UpdateFunctionUrlConfig", dict(locals()))
        _, urls, arn = self._url_target(FunctionName, Qualifier, "Function does not exist")
        config = urls.get(arn)
        if config is None:
            raise control.not_found()
        if AuthType is not None:
            config.auth_type = AuthType
        if Cors is not None:
            config.cors = Cors
        if InvokeMode is not None:
            config.invoke_mode = InvokeMode
        config.modified = url_stamp(clock.now())
        return config.describe("UpdateFunctionUrlConfig")

    def delete_function_url_config(self, FunctionName: str, Qualifier: str | None = None) -> dict[str, Any]:
        _check("DeleteFunctionUrlConfig", dict(locals()))
        _, urls, arn = self._url_target(FunctionName, Qualifier, control.NOT_FOUND)
        if urls.pop(arn, None) is None:
            raise control.not_found()
        return {}

    def list_function_url_configs(self, FunctionName: str, Marker: str | None = None, MaxItems: int | None = None) -> dict[str, Any]:
        _check("ListFunctionUrlConfigs", dict(locals()))
        function, urls, arn = self._url_target(FunctionName, None, "Function does not exist")
        base = control.unqualified(function)
        mine = [c for a, c in urls.items() if a == base or a.startswith(base + ":")]
        page, marker = control.page(mine, Marker, MaxItems)
        return {"FunctionUrlConfigs": [c.describe("FunctionUrlConfig") for c in page], "NextMarker": marker}
