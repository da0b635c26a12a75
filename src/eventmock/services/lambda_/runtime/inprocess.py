"""Python functions run in this process, each version in a module namespace of its own.

The package is unpacked (by the backend) into a directory the mock owns. Its handler
``pkg.module.function`` is imported with the package directory (and its layers'
``python/`` folders) first on ``sys.path``; afterwards every module whose top-level name
is one of the package's own is taken out of ``sys.modules`` and kept in the runtime's
:class:`Namespace`. While the function runs, its modules are put back (and whatever had
those names set aside), so relative and lazy imports inside the handler work, and taken
out again after. So two functions, or two versions of one function, never share
modules, and module-level state lives as long as the version's warm runtime (as in
AWS's execution environment) and no longer.

Shared with the process, never taken from a package: the SDK eventmock hooks
(``boto3``, ``botocore`` and their dependencies) and eventmock itself. A package's
vendored copies of them are not imported (so its SDK calls stay mocked).

Output: ``print`` and ``sys.stderr`` writes, and records the root logger handles, are
captured as the function's log lines (with the Python runtime's
``[LEVEL]\\t<time>\\t<request id>\\t<message>`` format for log records). Both are
process-wide: output another thread writes while a handler runs is captured too.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import TYPE_CHECKING, Any

from eventmock.core import clock
from eventmock.services.lambda_.runtime import Outcome, error_payload, stack_of

if TYPE_CHECKING:
    from eventmock.services.lambda_.context import LambdaContext
    from eventmock.services.lambda_.model import Version

#: Top-level modules a package never replaces (the SDK eventmock hooks, eventmock).
SHARED = frozenset({"boto3", "botocore", "s3transfer", "urllib3", "jmespath", "dateutil", "six", "eventmock"})
#: Held while ``sys.modules``/``sys.path`` are swapped (never while a handler runs;
#: re-entrant, as a module's import may invoke another function).
_swap = threading.RLock()


def _top(name: str) -> str:
    return name.partition(".")[0]


def top_level_names(paths: list[str]) -> frozenset[str]:
    names: set[str] = set()
    for path in paths:
        try:
            entries = os.listdir(path)
        except OSError:
            continue
        for entry in entries:
            stem = entry.partition(".")[0]
            if stem.isidentifier() and (entry.endswith((".py", ".pyc", ".so", ".pyd")) or os.path.isdir(os.path.join(path, entry))):
                names.add(stem)
    return frozenset(names - SHARED)


class Namespace:
    """The modules of one version's package, kept out of ``sys.modules`` between runs."""

    def __init__(self, paths: list[str]) -> None:
        self.paths = paths
        self.tops = top_level_names(paths)
        self.modules: dict[str, ModuleType] = {}

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        modules = sys.modules
        with _swap:
            # A full scan of sys.modules only when another module of one of the
            # package's top-level names is loaded (rare): else only ours go in.
            if any(top in modules for top in self.tops):
                saved = {k: modules.pop(k) for k in [k for k in modules if _top(k) in self.tops]}
            else:
                saved = {}
            modules.update(self.modules)
            size = len(modules)
            sys.path[:0] = self.paths
        try:
            yield
        finally:
            with _swap:
                for path in self.paths:
                    with contextlib.suppress(ValueError):
                        sys.path.remove(path)
                if len(modules) != size or any(k not in modules for k in self.modules):
                    names = [k for k in modules if _top(k) in self.tops]  # the code imported (or dropped) modules
                else:
                    names = list(self.modules)
                self.modules = {name: modules.pop(name) for name in names if name in modules}
                modules.update(saved)


class _AwsFormatter(logging.Formatter):
    def __init__(self, request_id: str) -> None:
        super().__init__()
        self.request_id = request_id

    def format(self, record: logging.LogRecord) -> str:
        when = clock.now().strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        return f"[{record.levelname}]\t{when}\t{self.request_id}\t{record.getMessage()}"


@contextlib.contextmanager
def captured(request_id: str, lines: list[str]) -> Iterator[None]:
    """Capture what the block prints and logs into ``lines``."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(_AwsFormatter(request_id))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
            yield
    finally:
        root.removeHandler(handler)
        lines.extend(buffer.getvalue().splitlines())


def call_handler(
    handler: Callable[[Any, Any], Any], event: Any, context: LambdaContext, roots: dict[str, str], lines: list[str]
) -> Outcome:
    """Call a Python handler and answer as AWS's Python runtime: its result as JSON, or
    its exception as ``Unhandled`` with AWS's error payload."""
    request_id = context.aws_request_id
    try:
        with captured(request_id, lines):
            result = handler(event, context)
    except Exception as exc:  # noqa: BLE001 - the handler's error is the function's answer
        lines.append(f"[ERROR] {type(exc).__name__}: {exc}")
        payload = error_payload(type(exc).__name__, str(exc), request_id, stack_of(exc, roots))
        return Outcome(payload, "Unhandled", lines, exception=exc)
    try:
        return Outcome(json.dumps(result).encode(), None, lines)
    except (TypeError, ValueError) as exc:
        message = f"Unable to marshal response: {exc}"
        return Outcome(error_payload("Runtime.MarshalError", message, request_id), "Unhandled", lines)


class PythonRuntime:
    """A Python package's warm runtime: imported on its first invocation."""

    def __init__(self, directory: str, layers: list[str], handler: str) -> None:
        self.namespace = Namespace([directory, *layers])
        self.roots = {directory: "/var/task", **{layer: "/opt/python" for layer in layers}}
        self.spec = handler
        self.handler: Callable[[Any, Any], Any] | None = None
        self.fault: tuple[str, str, list[str]] | None = None

    def _load(self, lines: list[str], request_id: str) -> BaseException | None:
        """Import the handler (AWS's init phase); a fault is kept for every invocation."""
        module_name, dot, attr = self.spec.rpartition(".")
        if not dot or not module_name:
            self.fault = ("Runtime.MalformedHandlerName", f"Bad handler '{self.spec}': not enough values to unpack (expected 2, got 1)", [])
            return None
        module_name = module_name.replace("/", ".")
        if _top(module_name) in sys.builtin_module_names:
            self.fault = ("Runtime.BuiltInModuleConflict", f"Cannot use built-in module {module_name} as a handler module", [])
            return None
        try:
            with self.namespace.active(), captured(request_id, lines):
                importlib.invalidate_caches()
                module = importlib.import_module(module_name)
        except ImportError as exc:
            self.fault = ("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {exc}", [])
            return None
        except SyntaxError as exc:
            filename = (exc.filename or "").replace(self.namespace.paths[0], "/var/task")
            trace = [f'  File "{filename}" Line {exc.lineno}\n    {(exc.text or "").strip()}\n']
            self.fault = ("Runtime.UserCodeSyntaxError", f"Syntax error in module '{module_name}': {exc}", trace)
            return None
        except Exception as exc:  # noqa: BLE001 - an init error is the invocation's
            return exc
        handler = getattr(module, attr, None)
        if handler is None:
            self.fault = ("Runtime.HandlerNotFound", f"Handler '{attr}' missing on module '{module_name}'", [])
        else:
            self.handler = handler
        return None

    def run(self, version: Version, payload: bytes, context: LambdaContext, environment: dict[str, str]) -> Outcome:
        lines: list[str] = []
        request_id = context.aws_request_id
        if self.handler is None and self.fault is None:
            init_error = self._load(lines, request_id)
            if init_error is not None:
                lines.append(f"[ERROR] {type(init_error).__name__}: {init_error}")
                stack = stack_of(init_error, self.roots)
                return Outcome(error_payload(type(init_error).__name__, str(init_error), request_id, stack), "Unhandled", lines)
        if self.fault is not None:
            error_type, message, trace = self.fault
            lines.append(f"[ERROR] {error_type}: {message}")
            return Outcome(error_payload(error_type, message, request_id, trace), "Unhandled", lines)
        assert self.handler is not None
        event = json.loads(payload) if payload else {}
        with self.namespace.active():
            return call_handler(self.handler, event, context, self.roots, lines)

    def close(self) -> None:
        self.namespace.modules.clear()
