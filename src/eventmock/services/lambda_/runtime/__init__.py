"""One way to run a function: the Lambda runtime seam.

Every path that invokes a function (``Invoke``, EventBridge, SNS, Scheduler, Pipes,
event source mappings, Logs subscriptions, Firehose) ends in
:meth:`eventmock.services.lambda_.invoke.Invocations._run`, which asks :func:`runtime_for`
for the runtime of the version it invokes and calls its ``run``:

- :class:`.callables.CallableRuntime`: a ``register_lambda`` callable (it overrides a
  deployed function's code);
- :class:`.inprocess.PythonRuntime`: a Python zip package, imported in a namespace of
  its own in this process (the default);
- :class:`.process.ProcessRuntime`: a Python package in a subprocess of its own
  (``EVENTMOCK_LAMBDA_RUNTIME=subprocess``, or the function's environment variable
  ``EVENTMOCK_RUNTIME=subprocess``), and Node.js packages with a local ``node``;
- anything else (other runtimes, image packages): :class:`Unavailable`, an error at
  invoke time in AWS's shape (never at create time).

A runtime answers an :class:`Outcome`: the payload bytes, the function error (``None``
or ``"Unhandled"``) and the lines the function logged.
"""

from __future__ import annotations

import os
import shutil
import traceback
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from eventmock.services.lambda_.context import LambdaContext
    from eventmock.services.lambda_.model import Version

#: ``EVENTMOCK_LAMBDA_RUNTIME``: ``inprocess`` (default) or ``subprocess`` for Python.
RUNTIME_SETTING = "EVENTMOCK_LAMBDA_RUNTIME"


@dataclass
class Outcome:
    payload: bytes
    error: str | None = None
    logs: list[str] = field(default_factory=list)
    #: The function's code ran past its timeout (on the mock's clock).
    timed_out: bool = False
    #: The exception the code raised, for in-process runtimes (what ``_invoke``'s
    #: callers see, with its traceback).
    exception: BaseException | None = None


def error_payload(error_type: str, message: str, request_id: str, stack: list[str] | None = None) -> bytes:
    import json

    return json.dumps({"errorMessage": message, "errorType": error_type, "requestId": request_id, "stackTrace": stack or []}).encode()


def stack_of(exc: BaseException, roots: dict[str, str]) -> list[str]:
    """AWS's ``stackTrace``: the frames of the user's code (eventmock's own left out),
    each as ``traceback.format_list`` gives it, the package's directory shown as
    ``/var/task`` (layers as ``/opt/python``)."""
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not os.path.abspath(f.filename).startswith(here)]
    lines = traceback.format_list(frames)
    for local, shown in roots.items():
        lines = [line.replace(local, shown) for line in lines]
    return lines


class Runtime(Protocol):
    def run(self, version: Version, payload: bytes, context: LambdaContext, environment: dict[str, str]) -> Outcome: ...

    def close(self) -> None: ...


class Unavailable:
    """A runtime eventmock cannot run here: every invocation fails as AWS's runtime
    would fail to start (``Runtime.InvalidEntrypoint`` for an image;
    ``Runtime.Unavailable`` otherwise)."""

    def __init__(self, error_type: str, message: str) -> None:
        self.error_type = error_type
        self.message = message

    def run(self, version: Version, payload: bytes, context: LambdaContext, environment: dict[str, str]) -> Outcome:
        return Outcome(error_payload(self.error_type, self.message, context.aws_request_id), "Unhandled", [self.message])

    def close(self) -> None:
        pass


def runtime_for(version: Version, directory: str, layers: list[str]) -> Runtime:
    """The runtime of a deployed (not ``register_lambda``-bound) version, its package
    unpacked in ``directory`` and its layers in ``layers``."""
    from eventmock.services.lambda_.runtime import inprocess, process

    runtime = version.runtime or ""
    if version.settings.get("PackageType") == "Image":
        return Unavailable(
            "Runtime.InvalidEntrypoint", "eventmock does not run container images: bind the function with eventmock.register_lambda"
        )
    if runtime.startswith("python"):
        chosen = version.environment.get("EVENTMOCK_RUNTIME") or os.environ.get(RUNTIME_SETTING) or "inprocess"
        if chosen == "subprocess":
            return process.ProcessRuntime("python", directory, layers)
        return inprocess.PythonRuntime(directory, layers, str(version.settings.get("Handler") or ""))
    if runtime.startswith("nodejs"):
        if shutil.which("node") is None:
            return Unavailable("Runtime.Unavailable", f"eventmock runs {runtime} functions with a local node, and none is on PATH")
        return process.ProcessRuntime("node", directory, layers)
    return Unavailable(
        "Runtime.Unavailable", f"eventmock does not run {runtime} functions: bind the function with eventmock.register_lambda"
    )


def as_json(value: Any) -> bytes:
    import json

    return json.dumps(value, default=str).encode()
