"""Lambda code signing configs: Create/Get/Update/Delete/ListCodeSigningConfigs,
Put/Get/DeleteFunctionCodeSigningConfig and ListFunctionsByCodeSigningConfig.

Configs are stored and described (:class:`~eventmock.services.lambda_.control.Stored`)
and can be tagged; no deployment package is checked against them (eventmock verifies
no signatures).
"""

from __future__ import annotations

import random
import string
from typing import TYPE_CHECKING, Any

from eventmock.core.errors import ServiceError
from eventmock.services.lambda_ import control

if TYPE_CHECKING:
    from eventmock.services.lambda_.backend import LambdaBackend

_ID_CHARACTERS = string.ascii_lowercase + string.digits


def _missing(arn: str) -> ServiceError:
    return control.not_found(f"The Lambda code signing configuration {arn} can not be found.")


class CodeSigning:
    """Mixin of :class:`~eventmock.services.lambda_.backend.LambdaBackend`."""

    def _signing_configs(self) -> dict[str, control.Stored]:
        """Code signing configs by ARN."""
        return control.state(self, "_lambda_signing_configs", dict)

    def _function_signing(self) -> dict[str, str]:
        """The code signing config ARN of each function (by function name)."""
        return control.state(self, "_lambda_function_signing", dict)

    def _signing_config(self, arn: str) -> control.Stored:
        found = self._signing_configs().get(arn)
        if found is None:
            raise _missing(arn)
        return found

    def _use_code_signing_config(self, function_name: str, arn: str) -> None:
        """The function ``function_name`` (of this backend) uses the config ``arn``
        (PutFunctionCodeSigningConfig, and CreateFunction's ``CodeSigningConfigArn``);
        AWS's ``CodeSigningConfigNotFoundException`` if there is no such config."""
        if arn not in self._signing_configs():
            raise control.error(
                "CodeSigningConfigNotFoundException",
                f"The code signing configuration cannot be found. Check that the provided configuration is not deleted: {arn}.",
            )
        self._function_signing()[function_name] = arn

    def _tags_of(self, arn: str) -> dict[str, str] | None:
        found = self._signing_configs().get(arn)
        if found is not None:
            return found.tags
        tags: dict[str, str] | None = super()._tags_of(arn)  # type: ignore[misc]
        return tags

    def _forget_function(self, name: str) -> None:
        self._function_signing().pop(name, None)
        super()._forget_function(name)  # type: ignore[misc]

    def create_code_signing_config(
        self,
        AllowedPublishers: dict[str, Any],
        Description: str | None = None,
        CodeSigningPolicies: dict[str, Any] | None = None,
        Tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        control.check("CreateCodeSigningConfig", dict(locals()))
        backend: LambdaBackend = self  # type: ignore[assignment]
        config_id = "csc-" + "".join(random.choices(_ID_CHARACTERS, k=17))
        arn = backend._arn(f"code-signing-config:{config_id}")
        values = {
            "CodeSigningConfigId": config_id,
            "CodeSigningConfigArn": arn,
            "Description": Description or "",
            "AllowedPublishers": AllowedPublishers,
            "CodeSigningPolicies": {"UntrustedArtifactOnDeployment": "Warn", **(CodeSigningPolicies or {})},
            "LastModified": control.stamp(),
        }
        config = self._signing_configs()[arn] = control.Stored("CodeSigningConfig", arn, values, Tags)
        return {"CodeSigningConfig": config.describe()}

    def get_code_signing_config(self, CodeSigningConfigArn: str) -> dict[str, Any]:
        control.check("GetCodeSigningConfig", dict(locals()))
        return {"CodeSigningConfig": self._signing_config(CodeSigningConfigArn).describe()}

    def update_code_signing_config(
        self,
        CodeSigningConfigArn: str,
        Description: str | None = None,
        AllowedPublishers: dict[str, Any] | None = None,
        CodeSigningPolicies: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        control.check("UpdateCodeSigningConfig", dict(locals()))
        config = self._signing_config(CodeSigningConfigArn)
        policies = {**config.values["CodeSigningPolicies"], **(CodeSigningPolicies or {})}
        config.update({"Description": Description, "AllowedPublishers": AllowedPublishers, "CodeSigningPolicies": policies})
        config.values["LastModified"] = control.stamp()
        return {"CodeSigningConfig": config.describe()}

    def delete_code_signing_config(self, CodeSigningConfigArn: str) -> dict[str, Any]:
        control.check("DeleteCodeSigningConfig", dict(locals()))
        self._signing_config(CodeSigningConfigArn)
        if CodeSigningConfigArn in self._function_signing().values():
            raise control.conflict("The code signing configuration cannot be deleted because it is used by one or more functions.")
        del self._signing_configs()[CodeSigningConfigArn]
        return {}

    def list_code_signing_configs(self, Marker: str | None = None, MaxItems: int | None = None) -> dict[str, Any]:
        control.check("ListCodeSigningConfigs", dict(locals()))
        page, marker = control.page(list(self._signing_configs().values()), Marker, MaxItems)
        return {"CodeSigningConfigs": [c.describe() for c in page], "NextMarker": marker}

    def put_function_code_signing_config(self, CodeSigningConfigArn: str, FunctionName: str) -> dict[str, Any]:
        control.check("PutFunctionCodeSigningConfig", dict(locals()))
        backend: LambdaBackend = self  # type: ignore[assignment]
        function = backend._resolve(FunctionName, None)
        control.owner(backend, function)._use_code_signing_config(function.name, CodeSigningConfigArn)
        return {"CodeSigningConfigArn": CodeSigningConfigArn, "FunctionName": function.name}

    def get_function_code_signing_config(self, FunctionName: str) -> dict[str, Any]:
        control.check("GetFunctionCodeSigningConfig", dict(locals()))
        backend: LambdaBackend = self  # type: ignore[assignment]
        function = backend._resolve(FunctionName, None)
        arn = control.owner(backend, function)._function_signing().get(function.name, "")
        return {"CodeSigningConfigArn": arn, "FunctionName": function.name}

    def delete_function_code_signing_config(self, FunctionName: str) -> dict[str, Any]:
        control.check("DeleteFunctionCodeSigningConfig", dict(locals()))
        backend: LambdaBackend = self  # type: ignore[assignment]
        function = backend._resolve(FunctionName, None)
        control.owner(backend, function)._function_signing().pop(function.name, None)
        return {}

    def list_functions_by_code_signing_config(
        self, CodeSigningConfigArn: str, Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        control.check("ListFunctionsByCodeSigningConfig", dict(locals()))
        backend: LambdaBackend = self  # type: ignore[assignment]
        self._signing_config(CodeSigningConfigArn)
        names = [name for name, arn in self._function_signing().items() if arn == CodeSigningConfigArn]
        arns = [backend.functions[n].arn for n in names if n in backend.functions]
        page, marker = control.page(arns, Marker, MaxItems)
        return {"FunctionArns": page, "NextMarker": marker}
