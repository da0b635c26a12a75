"""The Lambda function model: a function, its versions ($LATEST and published ones),
its aliases, and the code package each version runs.

A :class:`Version` holds one FunctionConfiguration's settings and its :class:`Package`;
:meth:`Version.configuration` answers AWS's ``FunctionConfiguration`` (members AWS
omits are left out). ``$LATEST`` is the version that changes (UpdateFunctionCode,
UpdateFunctionConfiguration); PublishVersion copies it.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from eventmock.core import clock, ids
from eventmock.core.errors import ServiceError
from eventmock.core.records import Record

Handler = Callable[[Any, Any], Any]
LATEST = "$LATEST"

#: The runtimes CreateFunction accepts, in the order AWS's error message lists them.
RUNTIMES = (
    "nodejs20.x", "python3.14", "provided.al2023", "python3.12", "python3.13", "nodejs24.x", "nodejs22.x", "java25",
    "python3.10", "python3.11", "java21", "ruby3.3", "ruby3.4", "ruby3.2", "python3.8", "python3.9", "java17",
    "nodejs16.x", "dotnet10", "dotnet8", "java11", "dotnet6", "nodejs18.x", "provided.al2", "java8.al2",
)  # fmt: skip
#: Runtimes AWS no longer accepts for creating or updating functions.
DEPRECATED_RUNTIMES = (
    "python2.7", "python3.6", "python3.7", "nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10", "nodejs8.10",
    "nodejs10.x", "nodejs12.x", "nodejs14.x", "java8", "go1.x", "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1",
    "dotnetcore3.1", "ruby2.5", "ruby2.7", "provided",
)  # fmt: skip


def invalid(message: str) -> ServiceError:
    return ServiceError("InvalidParameterValueException", message, Type="User")


def validation(value: Any, member: str, constraint: str) -> ServiceError:
    return ServiceError(
        "ValidationException",
        f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}",
        status=400,
    )


def last_modified(when: dt.datetime) -> str:
    """Lambda's ``LastModified``: ``2024-01-01T00:00:00.000+0000``."""
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}+0000"


@dataclass
class Package:
    """One code package: a zip's bytes (or an image URI)."""

    zip: bytes | None = None
    image_uri: str | None = None

    @property
    def sha256(self) -> str:
        data = self.zip if self.zip is not None else (self.image_uri or "").encode()
        return base64.b64encode(hashlib.sha256(data).digest()).decode()

    @property
    def size(self) -> int:
        return len(self.zip) if self.zip is not None else 0


#: Settings a version keeps as given (CreateFunction's and UpdateFunctionConfiguration's
#: members that are answered as they came).
SETTINGS = (
    "Runtime", "Role", "Handler", "Description", "Timeout", "MemorySize", "VpcConfig", "DeadLetterConfig",
    "Environment", "KMSKeyArn", "TracingConfig", "Layers", "FileSystemConfigs", "ImageConfig", "EphemeralStorage",
    "SnapStart", "LoggingConfig", "Architectures", "PackageType", "TenancyConfig", "CapacityProviderConfig",
    "DurableConfig",
)  # fmt: skip


@dataclass
class Version:
    """$LATEST or one published version of a function."""

    function_name: str
    function_arn: str  # unqualified
    version: str
    settings: dict[str, Any]
    package: Package
    revision_id: str = field(default_factory=ids.uuid4)
    modified: dt.datetime = field(default_factory=clock.now)
    state: str = "Pending"
    #: ``None`` until the first update (CreateFunction's answer has no LastUpdateStatus).
    update_status: str | None = None
    #: How many times $LATEST was updated (PublishVersion publishes only after one).
    updates: int = 0
    #: Layer ARNs with their sizes (CodeSize), as resolved when set.
    layers: list[tuple[str, int]] = field(default_factory=list)

    @property
    def arn(self) -> str:
        return f"{self.function_arn}:{self.version}"

    @property
    def timeout(self) -> int:
        return int(self.settings.get("Timeout", 3))

    @property
    def memory(self) -> int:
        return int(self.settings.get("MemorySize", 128))

    @property
    def runtime(self) -> str | None:
        value = self.settings.get("Runtime")
        return None if value is None else str(value)

    @property
    def environment(self) -> dict[str, str]:
        return dict((self.settings.get("Environment") or {}).get("Variables") or {})

    @property
    def log_group(self) -> str:
        return str((self.settings.get("LoggingConfig") or {}).get("LogGroup") or f"/aws/lambda/{self.function_name}")

    def touch(self) -> None:
        self.revision_id = ids.uuid4()
        self.modified = clock.now()

    def copy_as(self, version: str) -> Version:
        return Version(
            self.function_name,
            self.function_arn,
            version,
            copy.deepcopy(self.settings),
            self.package,
            layers=list(self.layers),
            state=self.state,
            update_status=self.update_status,
        )

    def configuration(self, qualified: bool = False) -> dict[str, Any]:
        """AWS's FunctionConfiguration (``$LATEST``'s ``FunctionArn`` with its
        ``:$LATEST`` qualifier when ``qualified``: asked for by qualifier, or listed among
        versions)."""
        s = self.settings
        image = s.get("PackageType") == "Image"
        out: dict[str, Any] = {
            "FunctionName": self.function_name,
            "FunctionArn": self.function_arn if self.version == LATEST and not qualified else self.arn,
            "Role": s["Role"],
            "CodeSize": self.package.size,
            "Description": s.get("Description", ""),
            "Timeout": self.timeout,
            "MemorySize": self.memory,
            "LastModified": last_modified(self.modified),
            "CodeSha256": self.package.sha256,
            "Version": self.version,
            "TracingConfig": {"Mode": (s.get("TracingConfig") or {}).get("Mode", "PassThrough")},
            "RevisionId": self.revision_id,
            "State": self.state,
            "PackageType": s.get("PackageType", "Zip"),
            "Architectures": list(s.get("Architectures") or ["x86_64"]),
            "EphemeralStorage": {"Size": (s.get("EphemeralStorage") or {}).get("Size", 512)},
            "SnapStart": {
                "ApplyOn": (s.get("SnapStart") or {}).get("ApplyOn", "None"),
                "OptimizationStatus": "On" if self.version != LATEST and (s.get("SnapStart") or {}).get("ApplyOn") == "PublishedVersions" else "Off",
            },
            "LoggingConfig": {
                "LogFormat": (s.get("LoggingConfig") or {}).get("LogFormat", "Text"),
                "LogGroup": self.log_group,
                **{k: v for k, v in (s.get("LoggingConfig") or {}).items() if k in ("ApplicationLogLevel", "SystemLogLevel")},
            },
        }
        if not image:
            out["Runtime"] = s.get("Runtime")
            out["Handler"] = s.get("Handler")
            out["RuntimeVersionConfig"] = {
                "RuntimeVersionArn": f"arn:aws:lambda:{self.function_arn.split(':')[3]}::runtime:{hashlib.sha256(str(s.get('Runtime')).encode()).hexdigest()}"
            }
        if "Environment" in s:
            out["Environment"] = {"Variables": self.environment}
        for member in ("VpcConfig", "DeadLetterConfig", "KMSKeyArn", "FileSystemConfigs", "ImageConfig", "TenancyConfig", "CapacityProviderConfig", "DurableConfig"):
            if s.get(member):
                out[member] = copy.deepcopy(s[member])
        if "ImageConfig" in out:
            out["ImageConfigResponse"] = {"ImageConfig": out.pop("ImageConfig")}
        if self.layers:
            out["Layers"] = [{"Arn": arn, "CodeSize": size} for arn, size in self.layers]
        if self.state == "Pending":
            out["StateReason"] = "The function is being created."
            out["StateReasonCode"] = "Creating"
        if self.update_status is not None:
            out["LastUpdateStatus"] = self.update_status
            if self.update_status == "InProgress":
                # AWS also answers LastUpdateStatusReasonCode "Creating", outside the
                # model's enum (docs/lambda.md, Not confirmed): left out.
                out["LastUpdateStatusReason"] = "The function is being created."
        return {k: v for k, v in out.items() if v is not None}


@dataclass
class Alias:
    name: str
    arn: str
    version: str
    description: str = ""
    weights: dict[str, float] = field(default_factory=dict)
    revision_id: str = field(default_factory=ids.uuid4)
    #: Invocations so far (weighted routing's count).
    invocations: int = 0

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "AliasArn": self.arn,
            "Name": self.name,
            "FunctionVersion": self.version,
            "Description": self.description,
            "RevisionId": self.revision_id,
        }
        if self.weights:
            out["RoutingConfig"] = {"AdditionalVersionWeights": dict(self.weights)}
        return out


@dataclass
class Function:
    """A function: its versions, aliases and per-function settings."""

    name: str
    arn: str
    latest: Version | None = None
    versions: dict[str, Version] = field(default_factory=dict)
    aliases: dict[str, Alias] = field(default_factory=dict)
    #: A ``register_lambda`` callable: runs instead of the code, for every version.
    handler: Handler | None = None
    invocations: Record[Any] = field(default_factory=Record)
    #: ``Terminate`` or ``Allow`` (``put_function_recursion_config``).
    recursive_loop: str = "Terminate"
    tags: dict[str, str] = field(default_factory=dict)
    reserved_concurrency: int | None = None
    #: Qualifier ($LATEST, a version or an alias) -> FunctionEventInvokeConfig settings.
    invoke_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    last_version: int = 0
    #: ``$LATEST``'s ``updates`` when the newest version was published.
    published_updates: int = -1
    created: bool = False  # made by CreateFunction (not only bound by register_lambda)

    # -- what the control-plane mixins read (permissions, settings, capacity) --------

    @property
    def revision_id(self) -> str | None:
        """$LATEST's ``RevisionId`` (a change of the function's policy renews it)."""
        return self.latest.revision_id if self.latest is not None else None

    @revision_id.setter
    def revision_id(self, value: str) -> None:
        if self.latest is not None:
            self.latest.revision_id = value

    @property
    def code_size(self) -> int:
        """The bytes of $LATEST's deployment package (0 for a ``register_lambda`` callable)."""
        return self.latest.package.size if self.latest is not None else 0

    @property
    def configuration(self) -> dict[str, Any]:
        """$LATEST's settings as CreateFunction/UpdateFunctionConfiguration gave them."""
        return self.latest.settings if self.latest is not None else {}

    @property
    def state(self) -> str:
        return self.latest.state if self.latest is not None else "Active"

    def version(self, qualifier: str | None) -> Version | None:
        """The version a qualifier names ($LATEST, a number or an alias's primary)."""
        if qualifier in (None, LATEST):
            return self.latest
        assert qualifier is not None
        if qualifier in self.versions:
            return self.versions[qualifier]
        alias = self.aliases.get(qualifier)
        if alias is not None:
            return self.latest if alias.version == LATEST else self.versions.get(alias.version)
        return None
