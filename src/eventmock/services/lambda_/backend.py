"""AWS Lambda functions as Python callables.

eventmock runs no code packages. A test binds a function ARN to a callable with
:func:`eventmock.register_lambda`; the callable is then what a delivery to that ARN
(an EventBridge target, say) or ``lambda.invoke`` through boto3 calls, synchronously,
as ``handler(event, context)``. A function that is not bound does not exist.

Recursive loop detection (:mod:`eventmock.core.lineage`): an invocation caused by an
event that a chain of invocations sent through SQS, SNS or ``Invoke`` counts as one
more in that chain; with the function's ``RecursiveLoop`` at ``Terminate`` (the
default, ``put_function_recursion_config``), the 17th invocation of a function in one
chain is stopped: a synchronous ``Invoke`` answers ``RecursiveInvocationException``, an
asynchronous one (``Event``, an SNS delivery) is dropped, an SQS batch is dropped
(see :mod:`.mappings`).
"""

from __future__ import annotations

import base64
import json
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from eventmock.core import activation, arns, clock, ids, lineage
from eventmock.core.arns import Arn
from eventmock.core.backend import Backend
from eventmock.core.targets import DeliveryError, Message
from eventmock.core.errors import EventmockError, ServiceError
from eventmock.core.records import Record
from eventmock.services.lambda_.mappings import EventSourceMappings
from eventmock.services.lambda_.capacity import CapacityProviders
from eventmock.services.lambda_.concurrency import ProvisionedConcurrency
from eventmock.services.lambda_.durable import DurableExecutions
from eventmock.services.lambda_.layers import Layers
from eventmock.services.lambda_.permissions import Permissions
from eventmock.services.lambda_.settings import Settings
from eventmock.services.lambda_.signing import CodeSigning
from eventmock.services.lambda_.urls import Urls

Handler = Callable[[Any, Any], Any]
#: ``put_function_recursion_config``'s ``RecursiveLoop`` values.
RECURSIVE_LOOP = ("Allow", "Terminate")

_FUNCTION_ARN = re.compile(r"arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9_-]{1,64})(?::(\$LATEST|[a-zA-Z0-9_-]+))?")
_PARTIAL_ARN = re.compile(r"(\d{12}):function:([a-zA-Z0-9_-]{1,64})(?::(\$LATEST|[a-zA-Z0-9_-]+))?")


@dataclass
class LambdaContext:
    """What a handler receives as ``context``, with the attributes of AWS's Python
    runtime context object."""

    function_name: str
    invoked_function_arn: str
    aws_request_id: str
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 128
    client_context: Any = None
    identity: Any = None
    log_group_name: str = field(init=False)
    log_stream_name: str = field(init=False)

    def __post_init__(self) -> None:
        self.log_group_name = f"/aws/lambda/{self.function_name}"
        self.log_stream_name = f"eventmock/[$LATEST]{self.aws_request_id.replace('-', '')}"

    def get_remaining_time_in_millis(self) -> int:
        return 3000  # the default timeout; nothing here runs against a deadline


@dataclass
class Function:
    name: str
    arn: str
    handler: Handler
    invocations: Record[Any] = field(default_factory=Record)
    #: ``Terminate`` or ``Allow`` (``put_function_recursion_config``).
    recursive_loop: str = "Terminate"


def split_function_arn(function_arn: str) -> tuple[str, str, str]:
    """(region, account, name) of a function ARN (a ``$LATEST`` qualifier allowed)."""
    match = _FUNCTION_ARN.fullmatch(function_arn)
    if match is None or match.group(4) not in (None, "$LATEST"):
        raise EventmockError(f"not an unqualified Lambda function ARN: {function_arn}")
    return match.group(1), match.group(2), match.group(3)


class Hooks:
    """The seams between functions and the control-plane mixins (no-ops here; each
    mixin's override calls ``super()``)."""

    def _forget_function(self, name: str) -> None:
        """The whole function ``name`` was deleted."""

    def _forget_version(self, name: str, qualifier: str) -> None:
        """A version or alias of ``name`` was deleted."""

    def _layer_zip(self, layer_version_arn: str) -> bytes | None:
        """A layer version's content (``None``: no such layer version)."""
        return None

    def _tags_of(self, arn: str) -> dict[str, str] | None:
        """The tags of a non-function resource (``None``: unknown)."""
        return None


class LambdaBackend(Permissions, Layers, Urls, ProvisionedConcurrency, CodeSigning, Settings, CapacityProviders, DurableExecutions, EventSourceMappings, Hooks, Backend):
    service = "lambda"
    bad_input_error = "InvalidParameterValueException"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.functions: dict[str, Function] = {}

    def _bind(self, name: str, handler: Handler) -> None:
        old = self.functions.get(name)
        self.functions[name] = Function(name, self._arn(f"function:{name}"), handler)
        if old is not None:
            self.functions[name].recursive_loop = old.recursive_loop

    def _resolve(self, function_name: str, qualifier: str | None) -> Function:
        """A function named as Lambda accepts it: name, ARN or partial ARN."""
        owner: LambdaBackend = self
        version = qualifier
        match = _FUNCTION_ARN.fullmatch(function_name)
        if match:
            region, account, name, arn_version = match.groups()
            peer = self.store.backend("lambda", account, region)
            assert isinstance(peer, LambdaBackend)
            owner, version = peer, version or arn_version
        elif partial := _PARTIAL_ARN.fullmatch(function_name):
            account, name, arn_version = partial.groups()
            peer = self.store.backend("lambda", account, self.region)
            assert isinstance(peer, LambdaBackend)
            owner, version = peer, version or arn_version
        else:
            name = function_name
        function = owner.functions.get(name)
        unqualified = f"arn:{arns.partition_of(owner.region)}:lambda:{owner.region}:{owner.account_id}:function:{name}"
        if function is None or version not in (None, "$LATEST"):
            shown = unqualified if version is None else f"{unqualified}:{version}"
            raise ServiceError("ResourceNotFoundException", f"Function not found: {shown}", Type="User")
        return function

    def _receive(self, arn: Arn, message: Message) -> Any:
        """A delivery to the function ``arn`` names (:func:`eventmock.core.targets.deliver`):
        the bound callable, with the body parsed as JSON (as text if it is not JSON).
        What the handler raises is the delivery's failure (``ERROR_FROM_TARGET``)."""
        function = self._resolve(str(arn), None)
        try:
            chain = self._chain(function, message.lineage)
        except ServiceError:
            return None  # an asynchronous invocation stopped by loop detection: dropped
        if lineage.depth() >= lineage.MAX_NESTED:
            self._queue(function, message.json_or_text(), chain)
            return None
        try:
            return self._call(function, message.json_or_text(), None, chain)
        except Exception as exc:  # noqa: BLE001 - the handler's failure is the delivery's
            raise DeliveryError("ERROR_FROM_TARGET", f"{type(exc).__name__}: {exc}") from exc

    def _invoke(self, function_arn: str, event: Any, cause: lineage.Lineage | None = None) -> Any:
        """Call the function bound to ``function_arn`` with ``event`` (for services that
        deliver to Lambda), caused by an event of lineage ``cause``. Raises
        ``ServiceError`` if nothing is bound there (``RecursiveInvocationException`` if
        loop detection stops the invocation); whatever the handler raises propagates."""
        function = self._resolve(function_arn, None)
        return self._call(function, event, None, self._chain(function, cause))

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

    def _queue(self, function: Function, event: Any, chain: lineage.Lineage) -> None:
        """An asynchronous invocation caused too deep in nested handlers
        (:data:`eventmock.core.lineage.MAX_NESTED`): run it as due work, in the next
        drain. What the handler raises then is dropped (no caller is waiting)."""

        def run(when: Any) -> None:
            try:
                self._call(function, event, None, chain)
            except Exception:  # noqa: BLE001 - an asynchronous invocation's failure
                pass

        self.store.due.at(clock.now(), run, next_drain=True)

    def _call(self, function: Function, event: Any, client_context: Any, chain: lineage.Lineage) -> Any:
        function.invocations.append(event)
        context = LambdaContext(function.name, function.arn, ids.uuid4(), client_context=client_context)
        # User code, without the store's lock (its own boto3 calls must not wait for
        # this one), and with its invocation's lineage for what it sends.
        with self.store.unlocked(), lineage.running(chain):
            return function.handler(event, context)

    def invoke(
        self,
        FunctionName: str,
        InvocationType: str | None = None,
        LogType: str | None = None,
        ClientContext: str | None = None,
        Payload: bytes | None = None,
        Qualifier: str | None = None,
    ) -> dict[str, Any]:
        function = self._resolve(FunctionName, Qualifier)
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
        try:
            chain = self._chain(function, lineage.current())
        except ServiceError:
            if InvocationType == "Event":
                return {"StatusCode": 202, "Payload": b""}  # accepted, then dropped
            raise
        if InvocationType == "Event" and lineage.depth() >= lineage.MAX_NESTED:
            self._queue(function, event, chain)
            return {"StatusCode": 202, "Payload": b""}
        output: dict[str, Any] = {"ExecutedVersion": "$LATEST"}
        try:
            result = self._call(function, event, client_context, chain)
            body = json.dumps(result).encode()
        except Exception as exc:  # noqa: BLE001 - a handler error is the function's answer
            output["FunctionError"] = "Unhandled"
            body = json.dumps(
                {
                    "errorMessage": str(exc),
                    "errorType": type(exc).__name__,
                    "requestId": self.call.request_id,
                    "stackTrace": traceback.format_tb(exc.__traceback__),
                }
            ).encode()
        if LogType == "Tail":
            request = self.call.request_id
            log = f"START RequestId: {request} Version: $LATEST\nEND RequestId: {request}\nREPORT RequestId: {request}\n"
            output["LogResult"] = base64.b64encode(log.encode()).decode()
        if InvocationType == "Event":
            return {"StatusCode": 202, "Payload": b""}
        return {"StatusCode": 200, "Payload": body, **output}

    def put_function_recursion_config(self, FunctionName: str, RecursiveLoop: str) -> dict[str, Any]:
        if RecursiveLoop not in RECURSIVE_LOOP:
            raise ServiceError(
                "ValidationException",
                f"1 validation error detected: Value '{RecursiveLoop}' at 'recursiveLoop' failed to satisfy constraint: "
                f"Member must satisfy enum value set: [{', '.join(RECURSIVE_LOOP)}]",
                status=400,
            )
        function = self._resolve(FunctionName, None)
        function.recursive_loop = RecursiveLoop
        return {"RecursiveLoop": RecursiveLoop}

    def get_function_recursion_config(self, FunctionName: str) -> dict[str, Any]:
        return {"RecursiveLoop": self._resolve(FunctionName, None).recursive_loop}


def register_lambda(function_arn: str, handler: Handler) -> None:
    """Bind a Lambda function ARN to a Python callable, in the active mock.

    ``handler(event, context)`` is then called, synchronously, for every delivery to
    that ARN and every ``lambda.invoke`` of it. Binding the same ARN again replaces the
    handler. The binding lasts as long as the mock's state.
    """
    region, account, name = split_function_arn(function_arn)
    backend = activation.active_store().backend("lambda", account, region)
    assert isinstance(backend, LambdaBackend)
    with backend.store.lock:
        backend._bind(name, handler)
