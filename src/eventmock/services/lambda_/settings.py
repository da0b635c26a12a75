"""Lambda's account and per-version settings: GetAccountSettings,
Put/GetRuntimeManagementConfig and Put/GetFunctionScalingConfig.

GetAccountSettings answers AWS's default quotas, and the usage of what exists in this
account and region: the functions, and the bytes of their code and of every layer
version. Reserved concurrency (``put_function_concurrency``) lowers
``UnreservedConcurrentExecutions``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventmock.services.lambda_ import control

if TYPE_CHECKING:
    from eventmock.services.lambda_.backend import Function, LambdaBackend

#: AWS's default Lambda quotas of an account in a region.
ACCOUNT_LIMIT = {
    "TotalCodeSize": 80_530_636_800,
    "CodeSizeUnzipped": 262_144_000,
    "CodeSizeZipped": 52_428_800,
    "ConcurrentExecutions": 1000,
}


def code_size(function: Function) -> int:
    """The bytes of a function's deployment package (0 for a ``register_lambda``
    callable, which has none)."""
    size = getattr(function, "code_size", 0)
    return size if isinstance(size, int) else 0


def reserved_concurrency(function: Function) -> int:
    """The concurrency reserved for ``function`` (0 if none)."""
    reserved = getattr(function, "reserved_concurrency", None)
    return reserved if isinstance(reserved, int) else 0


class Settings:
    """Mixin of :class:`~eventmock.services.lambda_.backend.LambdaBackend`."""

    def _unreserved_concurrency(self) -> int:
        backend: LambdaBackend = self  # type: ignore[assignment]
        reserved = sum(reserved_concurrency(f) for f in backend.functions.values())
        return ACCOUNT_LIMIT["ConcurrentExecutions"] - reserved

    def get_account_settings(self) -> dict[str, Any]:
        backend: LambdaBackend = self  # type: ignore[assignment]
        functions = list(backend.functions.values())
        return {
            "AccountLimit": {**ACCOUNT_LIMIT, "UnreservedConcurrentExecutions": self._unreserved_concurrency()},
            "AccountUsage": {
                "TotalCodeSize": sum(code_size(f) for f in functions) + backend._layer_code_size(),
                "FunctionCount": len(functions),
            },
        }

    # -- runtime management ----------------------------------------------------------

    def _runtime_configs(self) -> dict[str, dict[str, Any]]:
        """Runtime management configs by the function's (or version's) ARN."""
        return control.state(self, "_lambda_runtime_configs", dict)

    def _forget_function(self, name: str) -> None:
        prefix = self._arn(f"function:{name}")  # type: ignore[attr-defined]
        for store in (self._runtime_configs(), self._scaling_configs()):
            for arn in [a for a in store if a == prefix or a.startswith(prefix + ":")]:
                del store[arn]
        super()._forget_function(name)  # type: ignore[misc]

    def _forget_version(self, name: str, qualifier: str) -> None:
        arn = self._arn(f"function:{name}:{qualifier}")  # type: ignore[attr-defined]
        self._runtime_configs().pop(arn, None)
        self._scaling_configs().pop(arn, None)
        super()._forget_version(name, qualifier)  # type: ignore[misc]

    def _version_arn(self, function_name: str, qualifier: str | None) -> tuple[LambdaBackend, str]:
        backend: LambdaBackend = self  # type: ignore[assignment]
        function, chosen = control.target(backend, function_name, qualifier)
        return control.owner(backend, function), control.qualified(function, None if chosen == "$LATEST" else chosen)

    def put_runtime_management_config(
        self, FunctionName: str, UpdateRuntimeOn: str, Qualifier: str | None = None, RuntimeVersionArn: str | None = None
    ) -> dict[str, Any]:
        control.check("PutRuntimeManagementConfig", dict(locals()))
        if UpdateRuntimeOn == "Manual" and RuntimeVersionArn is None:
            raise control.invalid("RuntimeVersionArn must be specified when UpdateRuntimeOn is Manual.")
        owner, arn = self._version_arn(FunctionName, Qualifier)
        config: dict[str, Any] = {"UpdateRuntimeOn": UpdateRuntimeOn, "FunctionArn": arn}
        if UpdateRuntimeOn == "Manual":
            config["RuntimeVersionArn"] = RuntimeVersionArn
        owner._runtime_configs()[arn] = config
        return dict(config)

    def get_runtime_management_config(self, FunctionName: str, Qualifier: str | None = None) -> dict[str, Any]:
        control.check("GetRuntimeManagementConfig", dict(locals()))
        owner, arn = self._version_arn(FunctionName, Qualifier)
        return dict(owner._runtime_configs().get(arn) or {"UpdateRuntimeOn": "Auto", "FunctionArn": arn})

    # -- scaling (Lambda Managed Instances) ------------------------------------------

    def _scaling_configs(self) -> dict[str, dict[str, Any]]:
        """Requested function scaling configs by the version's ARN."""
        return control.state(self, "_lambda_scaling_configs", dict)

    def put_function_scaling_config(
        self, FunctionName: str, Qualifier: str, FunctionScalingConfig: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        control.check("PutFunctionScalingConfig", dict(locals()))
        config = dict(FunctionScalingConfig or {})
        low, high = config.get("MinExecutionEnvironments"), config.get("MaxExecutionEnvironments")
        if low is not None and high is not None and low > high:
            raise control.invalid("MinExecutionEnvironments must be less than or equal to MaxExecutionEnvironments.")
        owner, arn = self._version_arn(FunctionName, Qualifier)
        owner._scaling_configs()[arn] = config
        return {"FunctionState": "Active"}

    def get_function_scaling_config(self, FunctionName: str, Qualifier: str) -> dict[str, Any]:
        control.check("GetFunctionScalingConfig", dict(locals()))
        owner, arn = self._version_arn(FunctionName, Qualifier)
        config = owner._scaling_configs().get(arn)
        described: dict[str, Any] = {"FunctionArn": arn}
        if config is not None:
            described["AppliedFunctionScalingConfig"] = dict(config)
            described["RequestedFunctionScalingConfig"] = dict(config)
        return described
