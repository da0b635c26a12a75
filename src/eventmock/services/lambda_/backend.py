"""AWS Lambda: functions with code, run in-process, and Python callables.

The backend is the thin seam dispatch sees; each resource family has its module:

- :mod:`.model`: the function, its versions and aliases, AWS's FunctionConfiguration;
- :mod:`.functions`: Create/Get/List/Update/DeleteFunction;
- :mod:`.tags`: tags, reserved concurrency;
- :mod:`.versions`: PublishVersion, ListVersionsByFunction, aliases;
- :mod:`.invoke`: Invoke, InvokeAsync and the one invocation every path shares;
- :mod:`.async_invoke`: retries, destinations, event invoke configs;
- :mod:`.runtime`: how code runs (in-process Python, subprocess Python, Node.js,
  ``register_lambda`` callables);
- :mod:`.mappings`: event source mappings.

A function exists once created (``CreateFunction``) or bound to a callable with
:func:`eventmock.register_lambda` (which also overrides a created function's code).

Recursive loop detection (:mod:`eventmock.core.lineage`): an invocation caused by an
event that a chain of invocations sent through SQS, SNS or ``Invoke`` counts as one
more in that chain; with the function's ``RecursiveLoop`` at ``Terminate`` (the
default, ``put_function_recursion_config``), the 17th invocation of a function in one
chain is stopped: a synchronous ``Invoke`` answers ``RecursiveInvocationException``, an
asynchronous one (``Event``, an SNS delivery) is dropped, an SQS batch is dropped
(see :mod:`.mappings`).
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import weakref
import zipfile
from typing import Any

from eventmock.core import activation, arns
from eventmock.core.backend import Backend
from eventmock.core.errors import EventmockError, ServiceError
from eventmock.services.lambda_.async_invoke import AsyncInvocations
from eventmock.services.lambda_.context import LambdaContext
from eventmock.services.lambda_.functions import Functions
from eventmock.services.lambda_.invoke import Invocations
from eventmock.services.lambda_.mappings import EventSourceMappings
from eventmock.services.lambda_.capacity import CapacityProviders
from eventmock.services.lambda_.concurrency import ProvisionedConcurrency
from eventmock.services.lambda_.durable import DurableExecutions
from eventmock.services.lambda_.layers import Layers
from eventmock.services.lambda_.permissions import Permissions
from eventmock.services.lambda_.settings import Settings
from eventmock.services.lambda_.signing import CodeSigning
from eventmock.services.lambda_.urls import Urls
from eventmock.services.lambda_.model import LATEST, Function, Handler, Package, Version, invalid, validation
from eventmock.services.lambda_.runtime import Runtime
from eventmock.services.lambda_.tags import TagsAndConcurrency
from eventmock.services.lambda_.versions import Versions

__all__ = ["Function", "LambdaBackend", "LambdaContext", "register_lambda", "split_function_arn"]

#: ``put_function_recursion_config``'s ``RecursiveLoop`` values.
RECURSIVE_LOOP = ("Allow", "Terminate")

_FUNCTION_ARN = re.compile(r"arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9_-]{1,64})(?::(\$LATEST|[a-zA-Z0-9_-]+))?")
_PARTIAL_ARN = re.compile(r"(\d{12}):function:([a-zA-Z0-9_-]{1,64})(?::(\$LATEST|[a-zA-Z0-9_-]+))?")
_NAME = re.compile(r"([a-zA-Z0-9_-]{1,64})(?::(\$LATEST|[a-zA-Z0-9_-]+))?")
_NAME_PATTERN = (
    r"(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?"
    r"([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?"
)
#: The role a function bound only with ``register_lambda`` reports.
DEFAULT_ROLE = "arn:aws:iam::{account}:role/eventmock-lambda-role"


def split_function_arn(function_arn: str) -> tuple[str, str, str]:
    """(region, account, name) of a function ARN (a ``$LATEST`` qualifier allowed)."""
    match = _FUNCTION_ARN.fullmatch(function_arn)
    if match is None or match.group(4) not in (None, "$LATEST"):
        raise EventmockError(f"not an unqualified Lambda function ARN: {function_arn}")
    return match.group(1), match.group(2), match.group(3)


def _close_all(warm: dict[Any, tuple[Runtime, str]]) -> None:
    for runtime, _ in warm.values():
        runtime.close()


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


class LambdaBackend(
    Permissions,
    Layers,
    Urls,
    ProvisionedConcurrency,
    CodeSigning,
    Settings,
    CapacityProviders,
    DurableExecutions,
    Functions,
    TagsAndConcurrency,
    Versions,
    Invocations,
    AsyncInvocations,
    EventSourceMappings,
    Hooks,
    Backend,
):
    service = "lambda"
    bad_input_error = "InvalidParameterValueException"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.functions: dict[str, Function] = {}
        #: (name, version, revision) -> the version's warm runtime and its log stream.
        self.warm: dict[tuple[str, str, str], tuple[Runtime, str]] = {}
        #: Code SHA-256 -> the directory its package is unpacked in.
        self._unpacked_dirs: dict[str, str] = {}
        self._root: tempfile.TemporaryDirectory[str] | None = None
        weakref.finalize(self, _close_all, self.warm)

    # -- names ----------------------------------------------------------------------

    @staticmethod
    def _function_arn_match(name: str) -> tuple[str, str, str, str | None] | None:
        match = _FUNCTION_ARN.fullmatch(name)
        if match is None:
            return None
        return match.group(1), match.group(2), match.group(3), match.group(4)

    def _name_of(self, function_name: str) -> str:
        """The bare name of a function named by name, ARN or partial ARN."""
        for pattern, group in ((_FUNCTION_ARN, 3), (_PARTIAL_ARN, 2), (_NAME, 1)):
            match = pattern.fullmatch(function_name)
            if match:
                return match.group(group)
        raise validation(function_name, "functionName", f"Member must satisfy regular expression pattern: {_NAME_PATTERN}")

    def _qualifier_of(self, function_name: str, qualifier: str | None) -> str | None:
        """The qualifier a call names, in its ``Qualifier`` or in the function's ARN."""
        derived = None
        for pattern, group in ((_FUNCTION_ARN, 4), (_PARTIAL_ARN, 3), (_NAME, 2)):
            match = pattern.fullmatch(function_name)
            if match:
                derived = match.group(group)
                break
        if qualifier is not None and derived is not None and qualifier != derived:
            raise invalid("The derived qualifier from the function name does not match the specified qualifier.")
        return qualifier or derived

    def _resolve(self, function_name: str, qualifier: str | None) -> Function:
        """A function named as Lambda accepts it (name, ARN or partial ARN), whose
        qualifier, if any, names a version or alias of it; AWS's
        ``ResourceNotFoundException`` if not."""
        owner: LambdaBackend = self
        match = _FUNCTION_ARN.fullmatch(function_name)
        partial = _PARTIAL_ARN.fullmatch(function_name)
        if match:
            peer = self.store.backend("lambda", match.group(2), match.group(1))
            assert isinstance(peer, LambdaBackend)
            owner = peer
        elif partial:
            peer = self.store.backend("lambda", partial.group(1), self.region)
            assert isinstance(peer, LambdaBackend)
            owner = peer
        name = self._name_of(function_name)
        version = self._qualifier_of(function_name, qualifier)
        function = owner.functions.get(name)
        unqualified = f"arn:{arns.partition_of(owner.region)}:lambda:{owner.region}:{owner.account_id}:function:{name}"
        if function is None or (version is not None and function.version(version) is None):
            shown = unqualified if version is None else f"{unqualified}:{version}"
            raise ServiceError("ResourceNotFoundException", f"Function not found: {shown}", Type="User")
        return function

    # -- packages -------------------------------------------------------------------

    def _unpacked(self, package: Package) -> str:
        """The directory ``package`` is unpacked in (owned by this backend: removed with
        the mock's state)."""
        key = package.sha256
        found = self._unpacked_dirs.get(key)
        if found is None:
            if self._root is None:
                self._root = tempfile.TemporaryDirectory(prefix="eventmock-lambda-")
            found = tempfile.mkdtemp(dir=self._root.name)
            if package.zip:
                with zipfile.ZipFile(io.BytesIO(package.zip)) as archive:
                    archive.extractall(found)
            self._unpacked_dirs[key] = found
        return found

    def _unpacked_layer(self, layer_version_arn: str) -> str | None:
        """The ``python/`` folder of a layer version (``None``: no such layer, or its
        content is not a zip, which then adds nothing to the function's path)."""
        content = self._layer_zip(layer_version_arn)
        if content is None or not zipfile.is_zipfile(io.BytesIO(content)):
            return None
        return os.path.join(self._unpacked(Package(zip=content)), "python")

    def warm_out(self, name: str, qualifier: str | None) -> None:
        """Drop the warm runtimes of a function (of one version if ``qualifier``)."""
        for key in [k for k in self.warm if k[0] == name and (qualifier is None or k[1] == qualifier)]:
            self.warm.pop(key)[0].close()

    # -- register_lambda ----------------------------------------------------------------

    def _bind(self, name: str, handler: Handler) -> None:
        function = self.functions.get(name)
        if function is None:
            function = self.functions[name] = Function(name, self._arn(f"function:{name}"))
        function.handler = handler
        if function.latest is None:
            settings = {"Role": DEFAULT_ROLE.format(account=self.account_id), "Runtime": "python3.12", "Handler": "index.handler"}
            function.latest = Version(name, function.arn, LATEST, settings, Package(zip=b""), state="Active")

    # -- recursion config -------------------------------------------------------------

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
    that ARN and every ``lambda.invoke`` of it, instead of the function's code if it was
    created with ``CreateFunction``. Binding the same ARN again replaces the handler.
    The binding lasts as long as the mock's state.
    """
    region, account, name = split_function_arn(function_arn)
    backend = activation.active_store().backend("lambda", account, region)
    assert isinstance(backend, LambdaBackend)
    with backend.store.lock:
        backend._bind(name, handler)
