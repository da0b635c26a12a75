"""Functions: CreateFunction, GetFunction(Configuration), ListFunctions,
UpdateFunctionCode, UpdateFunctionConfiguration, DeleteFunction (tags and reserved
concurrency: :mod:`.tags`).

State follows AWS's, settled on the mock's clock: CreateFunction answers ``State:
Pending``; an update answers ``LastUpdateStatus: InProgress``; both settle (``Active``,
``Successful``, a new ``RevisionId``) as due work at once, so the next call sees them
(what ``function_active_v2`` / ``function_updated_v2`` waiters wait for).
"""

# mypy: disable-error-code="misc"
# (the mixins annotate ``self`` as the backend they are part of, whose other families they call.)

from __future__ import annotations

import copy
import io
import json
import re
import zipfile
from typing import TYPE_CHECKING, Any

from eventmock.core import clock, ids, pagination, underneath
from eventmock.core.errors import ServiceError
from eventmock.services.lambda_ import control
from eventmock.services.lambda_.model import (
    DEPRECATED_RUNTIMES,
    LATEST,
    RUNTIMES,
    SETTINGS,
    Function,
    Package,
    Version,
    invalid,
    validation,
)

if TYPE_CHECKING:
    from eventmock.services.lambda_.backend import LambdaBackend

_ROLE = r"arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+"
#: Environment variables' limit (the JSON of the map, in bytes).
ENVIRONMENT_LIMIT = 4096
MAX_LAYERS = 5


def _not_found(arn: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"Function not found: {arn}", Type="User")


def _in_progress(arn: str) -> ServiceError:
    return ServiceError(
        "ResourceConflictException", f"The operation cannot be performed at this time. An update is in progress for resource: {arn}", Type="User"
    )


class Functions:
    """The functions half of :class:`~eventmock.services.lambda_.backend.LambdaBackend`."""

    # -- checks ---------------------------------------------------------------------

    def _check_settings(self: LambdaBackend, settings: dict[str, Any], creating: bool) -> None:
        role = settings.get("Role")
        if role is not None and not re.fullmatch(_ROLE, role):
            raise validation(role, "role", f"Member must satisfy regular expression pattern: {_ROLE}")
        if role is not None and role.split(":")[4] != self.account_id:
            # Lambda passes only a role of the function's own account.
            raise ServiceError("AccessDeniedException", "Cross-account pass role is not allowed.", status=403)
        if role is not None and underneath.has_role(self.account_id, role) is False:
            # Only with a mock underneath whose IAM has no such role (moto's).
            raise invalid("The role defined for the function cannot be assumed by Lambda.")
        runtime = settings.get("Runtime")
        if runtime is not None and runtime not in RUNTIMES:
            if runtime in DEPRECATED_RUNTIMES:
                raise invalid(
                    f"The runtime parameter of {runtime} is no longer supported for creating or updating AWS Lambda functions. "
                    "We recommend you use a supported runtime while creating or updating functions."
                )
            raise invalid(f"Value {runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [{', '.join(RUNTIMES)}] or be a valid ARN")
        for member, low, high in (("Timeout", 1, 900), ("MemorySize", 128, 10240)):
            value = settings.get(member)
            if value is not None and value < low:
                raise validation(value, member[0].lower() + member[1:], f"Member must have value greater than or equal to {low}")
            if value is not None and value > high:
                raise validation(value, member[0].lower() + member[1:], f"Member must have value less than or equal to {high}")
        size = (settings.get("EphemeralStorage") or {}).get("Size")
        if size is not None and size < 512:
            raise validation(size, "ephemeralStorage.size", "Member must have value greater than or equal to 512")
        if size is not None and size > 10240:
            raise validation(size, "ephemeralStorage.size", "Member must have value less than or equal to 10240")
        architectures = settings.get("Architectures")
        if architectures is not None and len(architectures) > 1:
            raise validation(f"[{', '.join(architectures)}]", "architectures", "Member must have length less than or equal to 1")
        if architectures and architectures[0] not in ("x86_64", "arm64"):
            raise validation(
                f"[{architectures[0]}]", "architectures", "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"
            )
        variables = (settings.get("Environment") or {}).get("Variables")
        if variables:
            measured = json.dumps(variables, separators=(",", ":"))
            if len(measured.encode()) > ENVIRONMENT_LIMIT:
                raise invalid(
                    "Lambda was unable to configure your environment variables because the environment variables you have provided "
                    f"exceeded the 4KB limit. String measured: {measured}"
                )
        if creating and settings.get("PackageType", "Zip") == "Zip" and (not settings.get("Runtime") or not settings.get("Handler")):
            raise invalid("Runtime and Handler are mandatory parameters for functions created with deployment packages.")

    def _resolve_layers(self: LambdaBackend, layers: list[str]) -> list[tuple[str, int]]:
        if len(layers) > MAX_LAYERS:
            raise invalid("Cannot reference more than 5 layers.")
        resolved = []
        for arn in layers:
            content = self._layer_zip(arn)
            if content is None:
                raise invalid(f"Layer version {arn} does not exist.")
            resolved.append((arn, len(content)))
        return resolved

    def _package(self: LambdaBackend, code: dict[str, Any], package_type: str) -> Package:
        """The package ``Code`` (or UpdateFunctionCode's members) names."""
        if package_type == "Image":
            if not code.get("ImageUri"):
                raise invalid("Please provide ImageUri when updating a function with packageType Image.")
            return Package(image_uri=code["ImageUri"])
        if code.get("ImageUri"):
            raise invalid("Please don't provide ImageUri when updating a function with packageType Zip.")
        data = code.get("ZipFile")
        if data is None and code.get("S3Bucket") and code.get("S3Key"):
            data = self._s3_object(code["S3Bucket"], code["S3Key"], code.get("S3ObjectVersion"))
        if data is None:
            raise invalid("Please provide a source for function code.")
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                archive.namelist()
        except (zipfile.BadZipFile, ValueError, OSError):
            raise invalid("Could not unzip uploaded file. Please check your file, then try to upload again.") from None
        return Package(zip=bytes(data))

    def _s3_object(self: LambdaBackend, bucket: str, key: str, version: str | None) -> bytes:
        """An object of the mock's S3 (or the mock underneath's), as Lambda reads it."""
        from botocore.exceptions import ClientError

        client = self.store.client("s3", self.account_id, self.region)
        params = {"Bucket": bucket, "Key": key, **({"VersionId": version} if version else {})}
        try:
            with self.store.inside():
                body: bytes = client.get_object(**params)["Body"].read()
        except ClientError as error:
            err = error.response.get("Error", {})
            raise invalid(f"Error occurred while GetObject. S3 Error Code: {err.get('Code')}. S3 Error Message: {err.get('Message')}") from None
        return body

    def _settle_version(self: LambdaBackend, version: Version) -> None:
        """Pending -> Active, InProgress -> Successful: before the next call."""

        def settle(when: Any) -> None:
            if version.state == "Pending":
                version.state = "Active"
                version.update_status = "Successful"
                version.revision_id = ids.uuid4()
            elif version.update_status == "InProgress":
                version.update_status = "Successful"
                version.revision_id = ids.uuid4()

        self.store.due.at(clock.now(), settle)

    def _latest(self: LambdaBackend, name: str) -> tuple[Function, Version]:
        function = self._resolve(name, None)
        assert function.latest is not None
        return function, function.latest

    def _check_revision(self: LambdaBackend, current: str, given: str | None) -> None:
        if given is not None and given != current:
            raise ServiceError(
                "PreconditionFailedException",
                "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
                status=412,
                Type="User",
            )

    # -- operations ---------------------------------------------------------------

    def create_function(
        self: LambdaBackend,
        FunctionName: str,
        Role: str,
        Code: dict[str, Any],
        Runtime: str | None = None,
        Handler: str | None = None,
        Description: str | None = None,
        Timeout: int | None = None,
        MemorySize: int | None = None,
        Publish: bool | None = None,
        PublishTo: str | None = None,
        VpcConfig: dict[str, Any] | None = None,
        PackageType: str | None = None,
        DeadLetterConfig: dict[str, Any] | None = None,
        Environment: dict[str, Any] | None = None,
        KMSKeyArn: str | None = None,
        TracingConfig: dict[str, Any] | None = None,
        Tags: dict[str, str] | None = None,
        Layers: list[str] | None = None,
        FileSystemConfigs: list[dict[str, Any]] | None = None,
        CodeSigningConfigArn: str | None = None,
        ImageConfig: dict[str, Any] | None = None,
        Architectures: list[str] | None = None,
        EphemeralStorage: dict[str, Any] | None = None,
        SnapStart: dict[str, Any] | None = None,
        LoggingConfig: dict[str, Any] | None = None,
        TenancyConfig: dict[str, Any] | None = None,
        CapacityProviderConfig: dict[str, Any] | None = None,
        DurableConfig: dict[str, Any] | None = None,
        RuntimeConfig: dict[str, Any] | None = None,
        AcceleratorConfig: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        members = {k: v for k, v in locals().items() if k not in ("self", "FunctionName", "Role", "Code")}
        control.check("CreateFunction", {"CodeSigningConfigArn": CodeSigningConfigArn})
        name = self._name_of(FunctionName)
        existing = self.functions.get(name)
        if existing is not None and existing.created:
            raise ServiceError("ResourceConflictException", f"Function already exist: {name}", Type="User")
        settings = {"Role": Role, **{k: copy.deepcopy(v) for k, v in members.items() if k in SETTINGS and v is not None}}
        self._check_settings(settings, creating=True)
        layers = self._resolve_layers(list(members.get("Layers") or []))
        package = self._package(Code, settings.get("PackageType", "Zip"))
        if CodeSigningConfigArn is not None:
            self._use_code_signing_config(name, CodeSigningConfigArn)  # checked before the function exists
        if (settings.get("TracingConfig") or {}).get("Mode") is None:
            settings.pop("TracingConfig", None)
        function = existing or Function(name, self._arn(f"function:{name}"))
        function.created = True
        function.latest = Version(name, function.arn, LATEST, settings, package, layers=layers)
        function.tags = dict(members.get("Tags") or {})
        self.functions[name] = function
        answer = function.latest.configuration()
        self._settle_version(function.latest)
        if members.get("Publish"):
            # AWS answers $LATEST's configuration (unqualified ARN) with Version "1"
            published = self._publish(function, members.get("Description"))
            published.state = "Pending"
            answer["Version"] = published.version
            self._settle_version(published)
        return answer

    def get_function(self: LambdaBackend, FunctionName: str, Qualifier: str | None = None) -> dict[str, Any]:
        function, version = self._target(FunctionName, Qualifier)
        out: dict[str, Any] = {"Configuration": version.configuration(self._qualifier_of(FunctionName, Qualifier) is not None)}
        package = version.package
        if package.image_uri is not None:
            out["Code"] = {"RepositoryType": "ECR", "ImageUri": package.image_uri, "ResolvedImageUri": package.image_uri}
        else:
            when = clock.now().strftime("%Y%m%dT%H%M%SZ")
            out["Code"] = {
                "RepositoryType": "S3",
                "Location": f"https://awslambda-{self.region}-tasks.s3.{self.region}.amazonaws.com/snapshots/{self.account_id}/"
                f"{function.name}-{version.revision_id}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date={when}&X-Amz-SignedHeaders=host"
                f"&X-Amz-Expires=600&X-Amz-Credential=EVENTMOCK%2F{when[:8]}%2F{self.region}%2Fs3%2Faws4_request&X-Amz-Signature={ids.hex32()}{ids.hex32()}",
            }
        if function.tags:
            out["Tags"] = dict(function.tags)
        if function.reserved_concurrency is not None:
            out["Concurrency"] = {"ReservedConcurrentExecutions": function.reserved_concurrency}
        return out

    def get_function_configuration(self: LambdaBackend, FunctionName: str, Qualifier: str | None = None) -> dict[str, Any]:
        return self._target(FunctionName, Qualifier)[1].configuration(self._qualifier_of(FunctionName, Qualifier) is not None)

    def list_functions(
        self: LambdaBackend, MasterRegion: str | None = None, FunctionVersion: str | None = None, Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        if FunctionVersion is not None and FunctionVersion != "ALL":
            raise validation(FunctionVersion, "functionVersion", "Member must satisfy enum value set: [ALL]")
        versions: list[Version] = []
        for function in sorted(self.functions.values(), key=lambda f: f.name):
            if function.latest is None or not function.created:
                continue
            versions.append(function.latest)
            if FunctionVersion == "ALL":
                versions.extend(function.versions.values())
        try:
            page, marker = pagination.page(versions, Marker, MaxItems or 50)
        except pagination.InvalidToken:
            raise invalid(f"Invalid Marker: {Marker}") from None
        hidden = ("State", "StateReason", "StateReasonCode", "LastUpdateStatus", "LastUpdateStatusReason", "LastUpdateStatusReasonCode")
        listed = [{k: v for k, v in version.configuration(FunctionVersion == "ALL").items() if k not in hidden} for version in page]
        return {"Functions": listed, "NextMarker": marker}

    def update_function_code(
        self: LambdaBackend,
        FunctionName: str,
        ZipFile: bytes | None = None,
        S3Bucket: str | None = None,
        S3Key: str | None = None,
        S3ObjectVersion: str | None = None,
        S3ObjectStorageMode: str | None = None,
        ImageUri: str | None = None,
        Architectures: list[str] | None = None,
        Publish: bool | None = None,
        PublishTo: str | None = None,
        DryRun: bool | None = None,
        RevisionId: str | None = None,
        SourceKMSKeyArn: str | None = None,
    ) -> dict[str, Any]:
        code = {"ZipFile": ZipFile, "S3Bucket": S3Bucket, "S3Key": S3Key, "S3ObjectVersion": S3ObjectVersion, "ImageUri": ImageUri}
        function, latest = self._latest(FunctionName)
        if latest.update_status == "InProgress" or latest.state == "Pending":
            raise _in_progress(function.arn)
        self._check_revision(latest.revision_id, RevisionId)
        if Architectures is not None:
            self._check_settings({"Architectures": Architectures}, creating=False)
        package = self._package(code, latest.settings.get("PackageType", "Zip"))
        if DryRun:
            preview = latest.copy_as(LATEST)
            preview.package = package
            return preview.configuration()
        latest.package = package
        if Architectures is not None:
            latest.settings["Architectures"] = list(Architectures)
        latest.touch()
        latest.updates += 1
        latest.update_status = "InProgress"
        answer = latest.configuration()
        self._settle_version(latest)
        if Publish:
            published = self._publish(function, None)
            answer = published.configuration()
        return answer

    def update_function_configuration(
        self: LambdaBackend,
        FunctionName: str,
        Role: str | None = None,
        Handler: str | None = None,
        Description: str | None = None,
        Timeout: int | None = None,
        MemorySize: int | None = None,
        VpcConfig: dict[str, Any] | None = None,
        Environment: dict[str, Any] | None = None,
        Runtime: str | None = None,
        DeadLetterConfig: dict[str, Any] | None = None,
        KMSKeyArn: str | None = None,
        TracingConfig: dict[str, Any] | None = None,
        RevisionId: str | None = None,
        Layers: list[str] | None = None,
        FileSystemConfigs: list[dict[str, Any]] | None = None,
        ImageConfig: dict[str, Any] | None = None,
        EphemeralStorage: dict[str, Any] | None = None,
        SnapStart: dict[str, Any] | None = None,
        LoggingConfig: dict[str, Any] | None = None,
        CapacityProviderConfig: dict[str, Any] | None = None,
        DurableConfig: dict[str, Any] | None = None,
        RuntimeConfig: dict[str, Any] | None = None,
        AcceleratorConfig: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        members = {k: v for k, v in locals().items() if k not in ("self", "FunctionName", "RevisionId")}
        function, latest = self._latest(FunctionName)
        if latest.update_status == "InProgress" or latest.state == "Pending":
            raise _in_progress(function.arn)
        self._check_revision(latest.revision_id, RevisionId)
        changes = {k: copy.deepcopy(v) for k, v in members.items() if k in SETTINGS and v is not None}
        self._check_settings(changes, creating=False)
        layers = self._resolve_layers(list(members["Layers"])) if members.get("Layers") is not None else None
        latest.settings.update(changes)
        if layers is not None:
            latest.layers = layers
        latest.touch()
        latest.updates += 1
        latest.update_status = "InProgress"
        self.warm_out(function.name, LATEST)
        answer = latest.configuration()
        self._settle_version(latest)
        return answer

    def delete_function(self: LambdaBackend, FunctionName: str, Qualifier: str | None = None) -> dict[str, Any]:
        function = self._resolve(FunctionName, None)
        qualifier = self._qualifier_of(FunctionName, Qualifier)
        if qualifier == LATEST:
            raise invalid("$LATEST version cannot be deleted without deleting the function.")
        if qualifier is None:
            del self.functions[function.name]
            self.warm_out(function.name, None)
            self._forget_function(function.name)
            return {}
        if qualifier not in function.versions:
            raise _not_found(f"{function.arn}:{qualifier}")
        del function.versions[qualifier]
        self.warm_out(function.name, qualifier)
        self._forget_version(function.name, qualifier)
        return {}
