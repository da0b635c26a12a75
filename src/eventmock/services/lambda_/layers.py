"""Lambda layers: PublishLayerVersion, GetLayerVersion, GetLayerVersionByArn,
ListLayers, ListLayerVersions, DeleteLayerVersion and the layer version policies
(Add/RemoveLayerVersionPermission, GetLayerVersionPolicy).

A layer version keeps its zip (``Content.ZipFile``, or the object ``S3Bucket``/``S3Key``
names in eventmock's S3), which :meth:`Layers._layer_zip` hands to the runtime.
Version numbers start at 1 and are never reused, not even after every version of a
layer is deleted.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from eventmock.core import arns, targets, validation
from eventmock.core.errors import ServiceError
from eventmock.services.lambda_ import control
from eventmock.services.lambda_.permissions import Policy, check_length, stale

if TYPE_CHECKING:
    from eventmock.services.lambda_.backend import LambdaBackend

_LAYER_ARN = re.compile(r"arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):layer:([a-zA-Z0-9_-]+)")
_VERSION_ARN = re.compile(r"arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):layer:([a-zA-Z0-9_-]+):([0-9]+)")


@dataclass
class LayerVersion:
    layer_arn: str
    number: int
    zip: bytes
    created: str
    description: str = ""
    runtimes: list[str] | None = None
    architectures: list[str] | None = None
    license: str | None = None
    policy: Policy | None = None

    @property
    def arn(self) -> str:
        return f"{self.layer_arn}:{self.number}"

    def item(self) -> dict[str, Any]:
        """As ListLayerVersions and ListLayers list it (an empty description left out)."""
        return control.echo(
            "LayerVersionsListItem",
            {
                "LayerVersionArn": self.arn,
                "Version": self.number,
                "Description": self.description or None,
                "CreatedDate": self.created,
                "CompatibleRuntimes": self.runtimes,
                "CompatibleArchitectures": self.architectures,
                "LicenseInfo": self.license,
            },
        )

    def describe(self, region: str, account: str) -> dict[str, Any]:
        """As PublishLayerVersion, GetLayerVersion and GetLayerVersionByArn answer."""
        digest = base64.b64encode(hashlib.sha256(self.zip).digest()).decode()
        location = (
            f"https://awslambda-{region}-layers.s3.{region}.amazonaws.com/snapshots/{account}/"
            f"{self.layer_arn.rsplit(':', 1)[1]}-{hashlib.sha1(self.arn.encode()).hexdigest()[:32]}"
        )
        item = self.item()
        item.pop("LayerVersionArn")
        return {
            "Content": {"Location": location, "CodeSha256": digest, "CodeSize": len(self.zip)},
            "LayerArn": self.layer_arn,
            "LayerVersionArn": self.arn,
            **item,
            "Description": self.description,
        }

    def matches(self, runtime: str | None, architecture: str | None) -> bool:
        return (runtime is None or runtime in (self.runtimes or ())) and (
            architecture is None or architecture in (self.architectures or ())
        )


@dataclass
class Layer:
    name: str
    arn: str
    versions: dict[int, LayerVersion] = field(default_factory=dict)
    latest: int = 0


def _check_compatible(runtimes: list[str] | None, architectures: list[str] | None) -> None:
    """PublishLayerVersion's check of its lists, in AWS's words: the list is the value."""
    problems = []
    known = control.model().shape_for("Runtime").enum
    if runtimes and any(r not in known for r in runtimes):
        problems.append(
            f"Value '[{', '.join(runtimes)}]' at 'compatibleRuntimes' failed to satisfy constraint: "
            f"Member must satisfy enum value set: [{', '.join(known)}]"
        )
    archs = control.model().shape_for("Architecture").enum
    if architectures and any(a not in archs for a in architectures):
        problems.append(
            f"Value '[{', '.join(architectures)}]' at 'compatibleArchitectures' failed to satisfy constraint: "
            f"Member must satisfy constraint: [Member must satisfy enum value set: [{', '.join(archs)}], Member must not be null]"
        )
    if problems:
        raise ServiceError("ValidationException", validation.message(problems), status=400)


def _version_number(number: int) -> None:
    if number < 1:
        raise control.invalid("Layer Version Cannot be less than 1")


class Layers:
    """Mixin of :class:`~eventmock.services.lambda_.backend.LambdaBackend`."""

    def _layers(self) -> dict[str, Layer]:
        return control.state(self, "_lambda_layers", dict)

    def _layer_owner(self, layer_name: str) -> tuple[LambdaBackend, str]:
        """The backend holding the layer ``layer_name`` names (a name or a layer ARN),
        and the layer's name."""
        backend: LambdaBackend = self  # type: ignore[assignment]
        match = _LAYER_ARN.fullmatch(layer_name)
        if match is None:
            return backend, layer_name
        region, account, name = match.groups()
        owner: LambdaBackend = backend.store.backend("lambda", account, region)  # type: ignore[assignment]
        return owner, name

    def _layer_version(self, layer_name: str, number: int) -> LayerVersion | None:
        owner, name = self._layer_owner(layer_name)
        layer = owner._layers().get(name)
        return layer.versions.get(number) if layer is not None else None

    def _layer_zip(self, layer_version_arn: str) -> bytes | None:
        match = _VERSION_ARN.fullmatch(layer_version_arn)
        if match is not None:
            region, account, name, number = match.groups()
            owner: LambdaBackend = self.store.backend("lambda", account, region)  # type: ignore[attr-defined]
            layer = owner._layers().get(name)
            version = layer.versions.get(int(number)) if layer is not None else None
            if version is not None:
                return version.zip
        found: bytes | None = super()._layer_zip(layer_version_arn)  # type: ignore[misc]
        return found

    def _layer_code_size(self) -> int:
        """The bytes every layer version of this account and region holds."""
        return sum(len(v.zip) for layer in self._layers().values() for v in layer.versions.values())

    def _content(self, content: dict[str, Any]) -> bytes:
        """The zip a layer version's ``Content`` gives: its ``ZipFile``, or the S3 object it
        names, read through the mock (eventmock's S3, or the mock underneath's)."""
        backend: LambdaBackend = self  # type: ignore[assignment]
        if content.get("ZipFile") is not None:
            return bytes(content["ZipFile"])
        bucket, key = content.get("S3Bucket"), content.get("S3Key")
        if bucket is None or key is None:
            raise control.invalid("Missing Content")
        params = {"Bucket": bucket, "Key": key}
        if content.get("S3ObjectVersion") is not None:
            params["VersionId"] = content["S3ObjectVersion"]
        try:
            response = targets.sdk_call(backend.store, "s3", "GetObject", params, backend.account_id, backend.region)
        except targets.DeliveryError as error:
            cause = error.__cause__
            code, message = "AccessDenied", "Access Denied"
            if isinstance(cause, ClientError):
                code, message = cause.response["Error"].get("Code", code), cause.response["Error"].get("Message", message)
            raise control.invalid(f"Error occurred while GetObject. S3 Error Code: {code}. S3 Error Message: {message}") from None
        body: bytes = response["Body"].read()
        return body

    def publish_layer_version(
        self,
        LayerName: str,
        Content: dict[str, Any],
        Description: str | None = None,
        CompatibleRuntimes: list[str] | None = None,
        LicenseInfo: str | None = None,
        CompatibleArchitectures: list[str] | None = None,
    ) -> dict[str, Any]:
        _check_compatible(CompatibleRuntimes, CompatibleArchitectures)
        control.check("PublishLayerVersion", dict(locals()))
        owner, name = self._layer_owner(LayerName)
        body = self._content(Content)
        layers = owner._layers()
        layer = layers.get(name)
        if layer is None:
            layer = layers[name] = Layer(name, owner._arn(f"layer:{name}"))
        layer.latest += 1
        version = LayerVersion(
            layer.arn,
            layer.latest,
            body,
            control.stamp(),
            Description or "",
            list(CompatibleRuntimes) if CompatibleRuntimes is not None else None,
            list(CompatibleArchitectures) if CompatibleArchitectures is not None else None,
            LicenseInfo,
        )
        layer.versions[version.number] = version
        return version.describe(owner.region, owner.account_id)

    def get_layer_version(self, LayerName: str, VersionNumber: int) -> dict[str, Any]:
        control.check("GetLayerVersion", dict(locals()))
        _version_number(VersionNumber)
        version = self._layer_version(LayerName, VersionNumber)
        if version is None:
            raise control.not_found()
        owner, _ = self._layer_owner(LayerName)
        return version.describe(owner.region, owner.account_id)

    def get_layer_version_by_arn(self, Arn: str) -> dict[str, Any]:
        control.check("GetLayerVersionByArn", dict(locals()))
        match = _VERSION_ARN.fullmatch(Arn)
        if match is None:
            raise control.not_found()  # an AWS-published layer (``awslayer``): none here
        layer_arn, _, number = Arn.rpartition(":")
        return self.get_layer_version(layer_arn, int(number))

    def list_layer_versions(
        self,
        LayerName: str,
        CompatibleRuntime: str | None = None,
        Marker: str | None = None,
        MaxItems: int | None = None,
        CompatibleArchitecture: str | None = None,
    ) -> dict[str, Any]:
        control.check("ListLayerVersions", dict(locals()))
        owner, name = self._layer_owner(LayerName)
        layer = owner._layers().get(name)
        versions = [] if layer is None else sorted(layer.versions.values(), key=lambda v: -v.number)
        found = [v for v in versions if v.matches(CompatibleRuntime, CompatibleArchitecture)]
        page, marker = control.page(found, Marker, MaxItems)
        return {"LayerVersions": [v.item() for v in page], "NextMarker": marker}

    def list_layers(
        self,
        CompatibleRuntime: str | None = None,
        Marker: str | None = None,
        MaxItems: int | None = None,
        CompatibleArchitecture: str | None = None,
    ) -> dict[str, Any]:
        control.check("ListLayers", dict(locals()))
        listed = []
        for layer in sorted(self._layers().values(), key=lambda layer: layer.name):
            matching = [v for v in layer.versions.values() if v.matches(CompatibleRuntime, CompatibleArchitecture)]
            if matching:
                latest = max(matching, key=lambda v: v.number)
                listed.append({"LayerName": layer.name, "LayerArn": layer.arn, "LatestMatchingVersion": latest.item()})
        page, marker = control.page(listed, Marker, MaxItems)
        return {"Layers": page, "NextMarker": marker}

    def delete_layer_version(self, LayerName: str, VersionNumber: int) -> dict[str, Any]:
        control.check("DeleteLayerVersion", dict(locals()))
        _version_number(VersionNumber)
        owner, name = self._layer_owner(LayerName)
        layer = owner._layers().get(name)
        if layer is not None:
            layer.versions.pop(VersionNumber, None)  # deleting what is not there succeeds
        return {}

    # -- layer version policies ------------------------------------------------------

    def _policy_target(self, layer_name: str, number: int) -> LayerVersion:
        _version_number(number)
        version = self._layer_version(layer_name, number)
        if version is None:
            owner, name = self._layer_owner(layer_name)
            raise control.not_found(f"Layer version {owner._arn(f'layer:{name}')}:{number} does not exist.")
        return version

    def add_layer_version_permission(
        self,
        LayerName: str,
        VersionNumber: int,
        StatementId: str,
        Action: str,
        Principal: str,
        OrganizationId: str | None = None,
        RevisionId: str | None = None,
    ) -> dict[str, Any]:
        control.check("AddLayerVersionPermission", dict(locals()))
        version = self._policy_target(LayerName, VersionNumber)
        policy = version.policy
        if RevisionId is not None and (policy is None or policy.revision != RevisionId):
            raise stale("GetLayerPolicy")
        if policy is not None and policy.find(StatementId) is not None:
            raise control.conflict(
                f"The statement id ({StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement."
            )
        partition = arns.partition_of(self.region)  # type: ignore[attr-defined]
        principal: Any = "*" if Principal == "*" else {"AWS": Principal if Principal.startswith("arn:") else f"arn:{partition}:iam::{Principal}:root"}
        statement: dict[str, Any] = {"Sid": StatementId, "Effect": "Allow", "Principal": principal, "Action": Action, "Resource": version.arn}
        if OrganizationId is not None:
            statement["Condition"] = {"StringEquals": {"aws:PrincipalOrgID": OrganizationId}}
        check_length([*(policy.statements if policy is not None else []), statement])
        if policy is None:
            policy = version.policy = Policy()
        policy.statements.append(statement)
        policy.changed()
        return {"Statement": json.dumps(statement, separators=(",", ":")), "RevisionId": policy.revision}

    def remove_layer_version_permission(
        self, LayerName: str, VersionNumber: int, StatementId: str, RevisionId: str | None = None
    ) -> dict[str, Any]:
        control.check("RemoveLayerVersionPermission", dict(locals()))
        version = self._policy_target(LayerName, VersionNumber)
        policy = version.policy
        if policy is None:
            raise control.not_found("No policy is associated with the given resource.")
        if RevisionId is not None and policy.revision != RevisionId:
            raise stale("GetLayerPolicy")
        statement = policy.find(StatementId)
        if statement is None:
            raise control.not_found(f"Statement {StatementId} is not found in resource policy.")
        policy.statements.remove(statement)
        policy.changed()  # an emptied policy stays: GetLayerVersionPolicy no longer finds it
        return {}

    def get_layer_version_policy(self, LayerName: str, VersionNumber: int) -> dict[str, Any]:
        control.check("GetLayerVersionPolicy", dict(locals()))
        version = self._policy_target(LayerName, VersionNumber)
        if version.policy is None:
            raise control.not_found("No policy is associated with the given resource.")
        if not version.policy.statements:
            raise control.not_found()
        return {"Policy": version.policy.document(), "RevisionId": version.policy.revision}
