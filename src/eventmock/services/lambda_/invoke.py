"""Invoking functions: ``Invoke``, ``InvokeAsync``, and the one invocation every path
shares (:meth:`Invocations._run`).

``_run`` picks the version's runtime (:mod:`.runtime`), applies the function's
environment variables to ``os.environ`` for the invocation (restored after; no lock is
held while the code runs), runs it, and writes its log (``START``, what the code
printed and logged, ``END``, ``REPORT``) to CloudWatch Logs: group
``/aws/lambda/<name>`` (or the function's ``LoggingConfig.LogGroup``), stream
``YYYY/MM/DD/[<version>]<32 hex>``, one stream per warm runtime.

Timeouts are measured on the mock's clock: an invocation during which the mock's clock
moved past the function's ``Timeout`` (a handler that sleeps, unfrozen; a test that
moves a frozen clock from inside the handler) answers AWS's ``Task timed out after
N.00 seconds``, whatever the code returned. eventmock never interrupts running code.
"""

# mypy: disable-error-code="misc"
# (the mixins annotate ``self`` as the backend they are part of, whose other families they call.)

from __future__ import annotations

import base64
import contextlib
import json
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from eventmock.core import clock, ids, lineage
from eventmock.core.arns import Arn
from eventmock.core.errors import ServiceError
from eventmock.core.targets import DeliveryError, Message
from eventmock.services.lambda_.context import LambdaContext
from eventmock.services.lambda_.model import LATEST, Function, Version
from eventmock.services.lambda_.runtime import Outcome, Runtime, as_json
from eventmock.services.lambda_.runtime.callables import CallableRuntime

if TYPE_CHECKING:
    from eventmock.services.lambda_.backend import LambdaBackend

#: How much of the log ``LogType=Tail`` answers (the last 4 KB, as AWS).
TAIL_BYTES = 4096


class FunctionFailed(Exception):
    """A function's error (``FunctionError: Unhandled``), raised by ``_invoke``."""

    def __init__(self, payload: bytes) -> None:
        try:
            body = json.loads(payload)
        except (ValueError, RecursionError):
            body = {}
        body = body if isinstance(body, dict) else {}
        self.payload = payload
        self.error_type = str(body.get("errorType", "Error"))
        self.error_message = str(body.get("errorMessage", ""))
        super().__init__(f"{self.error_type}: {self.error_message}")


@contextlib.contextmanager
def environment(variables: dict[str, str]) -> Iterator[None]:
    """``os.environ`` with ``variables`` for the block, restored after (process-wide)."""
    environ = os.environ
    saved = {name: environ.get(name) for name in variables}
    for name, value in variables.items():
        if saved[name] != value:
            environ[name] = value
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                environ.pop(name, None)
            elif old != variables[name]:
                environ[name] = old


class Invoked:
    """What one invocation answered."""

    def __init__(self, outcome: Outcome, version: str, request_id: str, log: str) -> None:
        self.outcome = outcome
        self.version = version
        self.request_id = request_id
        self.log = log

    def result(self) -> Any:
        """The payload parsed; :class:`FunctionFailed` for a function error."""
        if self.outcome.error is not None:
            if self.outcome.exception is not None and not self.outcome.timed_out:
                raise self.outcome.exception
            raise FunctionFailed(self.outcome.payload)
        return json.loads(self.outcome.payload) if self.outcome.payload else None


class Invocations:
    """The invoking half of :class:`~eventmock.services.lambda_.backend.LambdaBackend`."""

    # -- the one invocation -------------------------------------------------------

    def _runtime(self: LambdaBackend, function: Function, version: Version) -> tuple[Runtime, str]:
        """The warm runtime of ``version`` (made, and its package unpacked, on first use),
        and its log stream."""
        if function.handler is not None:
            return CallableRuntime(function.handler), ""
        key = (function.name, version.version, version.revision_id if version.version == LATEST else "")
        warm = self.warm.get(key)
        if warm is None:
            from eventmock.services.lambda_.runtime import runtime_for

            directory = self._unpacked(version.package)
            layers = [self._unpacked_layer(arn) for arn, _ in version.layers]
            runtime = runtime_for(version, directory, [layer for layer in layers if layer])
            stream = f"{clock.now().strftime('%Y/%m/%d')}/[{version.version}]{ids.hex32()}"
            for old in [k for k in self.warm if k[:2] == key[:2]]:
                self.warm.pop(old)[0].close()
            warm = self.warm[key] = (runtime, stream)
        return warm

    def _run(
        self: LambdaBackend,
        function: Function,
        version: Version,
        event: Any,
        chain: lineage.Lineage,
        *,
        invoked_arn: str | None = None,
        client_context: Any = None,
        request_id: str | None = None,
    ) -> Invoked:
        """Run ``version`` of ``function`` with ``event`` (a JSON value, or the payload's
        bytes), caused by ``chain``: the one way every path runs a function."""
        request_id = request_id or ids.uuid4()
        payload = event if isinstance(event, bytes) else as_json(event)
        function.invocations.append(json.loads(payload) if isinstance(event, bytes) and payload else event)
        runtime, stream = self._runtime(function, version)
        context = LambdaContext(
            function.name,
            invoked_arn or function.arn,
            request_id,
            function_version=version.version,
            memory_limit_in_mb=version.memory,
            client_context=client_context,
            timeout=version.timeout,
            log_stream_name=stream,
        )
        variables = self._variables(function, version, context) if function.created else {}
        started = clock.now()
        # User code, without the store's lock (its own boto3 calls must not wait for
        # this one), and with its invocation's lineage for what it sends.
        with self.store.unlocked(), lineage.running(chain), environment(variables):
            outcome = runtime.run(version, payload, context, variables)
        elapsed = (clock.now() - started).total_seconds()
        if elapsed > version.timeout:
            message = f"{clock.iso8601_millis(clock.now())} {request_id} Task timed out after {version.timeout:.2f} seconds"
            outcome = Outcome(json.dumps({"errorMessage": message}).encode(), "Unhandled", [*outcome.logs, message], timed_out=True)
        log = self._log(function, version, context, outcome, elapsed)
        return Invoked(outcome, version.version, request_id, log)

    def _variables(self: LambdaBackend, function: Function, version: Version, context: LambdaContext) -> dict[str, str]:
        """The environment an invocation runs with: AWS's reserved variables, then the
        function's own."""
        runtime = version.runtime or ""
        variables = {
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_LAMBDA_FUNCTION_NAME": function.name,
            "AWS_LAMBDA_FUNCTION_VERSION": version.version,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(version.memory),
            "AWS_LAMBDA_LOG_GROUP_NAME": version.log_group,
            "AWS_LAMBDA_LOG_STREAM_NAME": context.log_stream_name,
            "AWS_EXECUTION_ENV": f"AWS_Lambda_{runtime}",
            "_HANDLER": str(version.settings.get("Handler") or ""),
        }
        if version.package.zip is not None and function.handler is None:
            variables["LAMBDA_TASK_ROOT"] = self._unpacked(version.package)
        call = self.call
        if call.endpoint is not None:
            # Served over HTTP: the code's SDK calls go back to the server (no mock is
            # active in the server's process), as the caller's account.
            variables["AWS_ENDPOINT_URL"] = call.endpoint
            variables["AWS_ACCESS_KEY_ID"] = call.access_key or self.account_id
            variables["AWS_SECRET_ACCESS_KEY"] = "eventmock"
        variables.update(version.environment)
        return variables

    def _log(self: LambdaBackend, function: Function, version: Version, context: LambdaContext, outcome: Outcome, elapsed: float) -> str:
        """Write the invocation's log to CloudWatch Logs; answer its text."""
        from eventmock.services.logs.backend import LogsBackend

        rid = context.aws_request_id
        duration = f"{elapsed * 1000:.2f}"
        billed = max(1, int(elapsed * 1000 + 0.999))
        report = f"REPORT RequestId: {rid}\tDuration: {duration} ms\tBilled Duration: {billed} ms\tMemory Size: {version.memory} MB\tMax Memory Used: {min(version.memory, 40)} MB"
        if outcome.timed_out:
            report += "\tStatus: timeout"
        lines = [f"START RequestId: {rid} Version: {version.version}", *outcome.logs, f"END RequestId: {rid}", report]
        logs = self.store.backend("logs", self.account_id, self.region)
        assert isinstance(logs, LogsBackend)
        group_name, stream_name = version.log_group, context.log_stream_name
        with contextlib.suppress(ServiceError):
            logs.create_log_group(logGroupName=group_name)
        with contextlib.suppress(ServiceError):
            logs.create_log_stream(logGroupName=group_name, logStreamName=stream_name)
        now = clock.epoch_ms()
        with contextlib.suppress(ServiceError):
            logs.put_log_events(logGroupName=group_name, logStreamName=stream_name, logEvents=[{"timestamp": now, "message": line} for line in lines])
        return "".join(f"{line}\n" for line in lines)

    # -- what other services call -------------------------------------------------

    def _receive(self: LambdaBackend, arn: Arn, message: Message) -> Any:
        """A delivery to the function ``arn`` names (:func:`eventmock.core.targets.deliver`),
        with the body parsed as JSON (as text if it is not JSON). A function error is
        the delivery's failure (``ERROR_FROM_TARGET``)."""
        function, version = self._target(str(arn), None)
        try:
            chain = self._chain(function, message.lineage)
        except ServiceError:
            return None  # an asynchronous invocation stopped by loop detection: dropped
        event = message.json_or_text()
        if lineage.depth() >= lineage.MAX_NESTED:
            self._queue(function, version, event, chain)
            return None
        self._throttled(function)
        invoked = self._run(function, version, event, chain)
        try:
            return invoked.result()
        except FunctionFailed as exc:
            raise DeliveryError("ERROR_FROM_TARGET", str(exc)) from exc
        except Exception as exc:  # noqa: BLE001 - the handler's failure is the delivery's
            raise DeliveryError("ERROR_FROM_TARGET", f"{type(exc).__name__}: {exc}") from exc

    def _invoke(self: LambdaBackend, function_arn: str, event: Any, cause: lineage.Lineage | None = None) -> Any:
        """Run the function ``function_arn`` names (qualified or not) with ``event``, for
        services that invoke Lambda, caused by an event of lineage ``cause``: its result.
        Raises ``ServiceError`` if there is no such function (``RecursiveInvocationException``
        if loop detection stops it, ``TooManyRequestsException`` if it is throttled),
        :class:`FunctionFailed` for the function's error."""
        function, version = self._target(function_arn, None)
        chain = self._chain(function, cause)
        self._throttled(function)
        return self._run(function, version, event, chain).result()

    def _target(self: LambdaBackend, name: str, qualifier: str | None) -> tuple[Function, Version]:
        function = self._resolve(name, qualifier)
        shown = self._qualifier_of(name, qualifier)
        version = self._pick(function, shown)
        return function, version

    def _throttled(self: LambdaBackend, function: Function) -> None:
        if function.reserved_concurrency == 0:
            raise ServiceError(
                "TooManyRequestsException", "Rate Exceeded.", status=429, Type="User", Reason="ReservedFunctionConcurrentInvocationLimitExceeded"
            )

    @staticmethod
    def _chain(function: Function, cause: lineage.Lineage | None) -> lineage.Lineage:
        """The lineage of an invocation of ``function`` caused by an event of lineage
        ``cause``; ``RecursiveInvocationException`` if loop detection stops it."""
        chain = lineage.invoked(cause, function.arn)
        if chain[function.arn] > lineage.MAX_INVOCATIONS and function.recursive_loop == "Terminate":
            raise ServiceError(
                "RecursiveInvocationException",
                "Lambda has detected your function being invoked in a recursive loop with other AWS resources and stopped your function's invocation.",
                Type="User",
            )
        return chain

    def _queue(self: LambdaBackend, function: Function, version: Version, event: Any, chain: lineage.Lineage) -> None:
        """An asynchronous invocation caused too deep in nested handlers
        (:data:`eventmock.core.lineage.MAX_NESTED`): run it as due work, in the next
        drain. Its failure is dropped (no caller is waiting)."""

        def run(when: Any) -> None:
            self._run(function, version, event, chain)

        self.store.due.at(clock.now(), run, next_drain=True)

    # -- operations ---------------------------------------------------------------

    def invoke(
        self: LambdaBackend,
        FunctionName: str,
        InvocationType: str | None = None,
        LogType: str | None = None,
        ClientContext: str | None = None,
        Payload: bytes | None = None,
        Qualifier: str | None = None,
        TenantId: str | None = None,
        DurableExecutionName: str | None = None,
    ) -> dict[str, Any]:
        function, version = self._target(FunctionName, Qualifier)
        invoked_arn = self._invoked_arn(function, FunctionName, Qualifier)
        try:
            event = json.loads(Payload) if Payload else {}
        except (ValueError, RecursionError) as exc:
            raise ServiceError(
                "InvalidRequestContentException", f"Could not parse request body into json: {exc}", Type="User"
            ) from None
        try:
            client_context = json.loads(base64.b64decode(ClientContext, validate=True)) if ClientContext else None
        except (ValueError, RecursionError):  # binascii.Error and UnicodeDecodeError are ValueErrors
            client_context = None
        if ClientContext and not isinstance(client_context, dict):
            raise ServiceError(
                "InvalidRequestContentException", "Client context must be a valid Base64-encoded JSON object.", Type="User"
            )
        if InvocationType == "DryRun":
            return {"StatusCode": 204, "Payload": b""}
        if InvocationType == "Event":
            self._accept(function, version, event, lineage.current(), invoked_arn)
            return {"StatusCode": 202, "Payload": b""}
        chain = self._chain(function, lineage.current())
        self._throttled(function)
        invoked = self._run(
            function, version, event, chain, invoked_arn=invoked_arn, client_context=client_context, request_id=self.call.request_id or None
        )
        output: dict[str, Any] = {"StatusCode": 200, "Payload": invoked.outcome.payload, "ExecutedVersion": invoked.version}
        if invoked.outcome.error is not None:
            output["FunctionError"] = invoked.outcome.error
        if LogType == "Tail":
            output["LogResult"] = base64.b64encode(invoked.log.encode()[-TAIL_BYTES:]).decode()
        return output

    def invoke_with_response_stream(
        self: LambdaBackend,
        FunctionName: str,
        InvocationType: str | None = None,
        LogType: str | None = None,
        ClientContext: str | None = None,
        Qualifier: str | None = None,
        Payload: bytes | None = None,
        TenantId: str | None = None,
    ) -> dict[str, Any]:
        """The function's answer as one ``PayloadChunk`` and an ``InvokeComplete`` (a
        function that is not a streaming one answers in one chunk, as AWS's buffered
        runtimes do)."""
        answer = self.invoke(FunctionName, InvocationType or "RequestResponse", LogType, ClientContext, Payload, Qualifier)
        if answer["StatusCode"] != 200:
            return {"StatusCode": answer["StatusCode"], "EventStream": []}
        complete: dict[str, Any] = {}
        if "FunctionError" in answer:
            complete["ErrorCode"] = answer["FunctionError"]
            complete["ErrorDetails"] = answer["Payload"].decode(errors="replace")
        if "LogResult" in answer:
            complete["LogResult"] = answer["LogResult"]
        events: list[dict[str, Any]] = []
        if "FunctionError" not in answer:
            events.append({"PayloadChunk": {"Payload": answer["Payload"]}})
        events.append({"InvokeComplete": complete})
        return {
            "StatusCode": 200,
            "ExecutedVersion": answer["ExecutedVersion"],
            "ResponseStreamContentType": "application/vnd.amazon.eventstream",
            "EventStream": events,
        }

    def invoke_async(self: LambdaBackend, FunctionName: str, InvokeArgs: bytes) -> dict[str, Any]:
        function, version = self._target(FunctionName, None)
        try:
            event = json.loads(InvokeArgs) if InvokeArgs else {}
        except (ValueError, RecursionError) as exc:
            raise ServiceError("InvalidRequestContentException", f"Could not parse request body into json: {exc}", Type="User") from None
        self._accept(function, version, event, lineage.current(), None)
        return {"Status": 202}

    def _invoked_arn(self: LambdaBackend, function: Function, name: str, qualifier: str | None) -> str:
        shown = self._qualifier_of(name, qualifier)
        return function.arn if shown is None else f"{function.arn}:{shown}"
