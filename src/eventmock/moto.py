"""Run an existing moto suite on eventmock in one step.

    pytest -p eventmock.moto                 # lenient: moto's leniency kept, reported
    pytest -p eventmock.moto --eventmock-strict

With the plugin loaded, ``moto.mock_aws`` and moto 4's per-service decorators
(``mock_sqs``, ``mock_s3``, ``mock_kinesis``, any ``moto.mock_<service>``) enter
eventmock with moto's own ``mock_aws`` underneath: eventmock answers the services it
emulates, moto the rest. Decorators on functions and classes, context managers, and
``start()``/``stop()`` all work, nested as moto nests them. ``-p`` loads the plugin
before pytest loads other plugins, so a plugin that imports ``moto.mock_aws`` gets
the replacement too; no test file needs editing.

The switch is lenient by default (:mod:`eventmock.core.leniency`): each call AWS would
refuse and moto accepts is answered as moto answers it, and listed at the end of the
run, grouped, with AWS's error. ``--eventmock-strict`` turns leniency off: the last
step of a migration. docs/moto.md walks it.

Outside pytest, :func:`replace` does the same (call it before the code under test
imports moto's names) and :func:`restore` undoes it.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

try:
    import moto as _moto
    import moto.core.decorator as _moto_decorator
except ImportError as exc:  # pragma: no cover - depends on what is installed
    raise ImportError("eventmock.moto runs moto underneath eventmock: install moto (pip install moto)") from exc

from eventmock.core import leniency
from eventmock.handle import MockedAWS
from eventmock.mock import MockAWS

__all__ = ["Switch", "replace", "restore", "replaced"]

#: moto 4's per-service decorator names: ``mock_`` and a service.
_PER_SERVICE = re.compile(r"mock_[a-z0-9_]+")


@dataclass
class Switch:
    """How the replaced ``mock_aws`` enters eventmock: lenient or strict, and the limits
    it relaxes. Read when a mock starts, so a pytest option set after plugins load
    still applies."""

    lenient: bool = True
    limits: dict[str, float] = field(default_factory=dict)
    #: What :func:`replace` replaced, to put back.
    saved: dict[str, Any] | None = None


_switch = Switch()


class SwappedMock:
    """What the replaced ``moto.mock_aws(...)`` (or ``mock_sqs(...)``) gives: moto's
    own mock underneath, eventmock's on top, as one decorator, context manager and
    ``start()``/``stop()`` pair."""

    def __init__(self, config: Any = None) -> None:
        original = _original_mock_aws()
        self._moto = original(config=config) if config is not None else original()
        self._eventmock = MockAWS(lenient=_switch.lenient, limits=_switch.limits or None)

    def start(self, reset: bool = True) -> MockedAWS:
        self._moto.start(reset=reset)
        try:
            return self._eventmock.start()
        except BaseException:
            self._moto.stop()
            raise

    def stop(self, remove_data: bool = True) -> None:
        try:
            self._eventmock.stop()
        finally:
            self._moto.stop(remove_data=remove_data) if _accepts(self._moto.stop, "remove_data") else self._moto.stop()

    def __enter__(self) -> MockedAWS:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __call__(self, func: Any = None, **kwargs: Any) -> Any:
        if func is None:
            return self
        # eventmock's wrapping inside moto's: moto starts first and stops last, so it
        # is underneath for the whole of each test (and of unittest's set-up).
        return self._moto(self._eventmock(func), **kwargs)


def _accepts(function: Callable[..., Any], name: str) -> bool:
    try:
        return name in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


def _original_mock_aws() -> Any:
    saved = _switch.saved
    return saved["mock_aws"] if saved is not None else _moto.mock_aws


def mock_aws(func: Any = None, config: Any = None) -> Any:
    """The replacement for ``moto.mock_aws`` (and moto 4's ``mock_<service>``)."""
    swapped = SwappedMock(config)
    return swapped(func) if func is not None else swapped


def _moto_getattr(name: str) -> Any:
    if _PER_SERVICE.fullmatch(name):
        return mock_aws
    previous = (_switch.saved or {}).get("__getattr__")
    if previous is not None:
        return previous(name)
    raise AttributeError(f"module 'moto' has no attribute {name!r}")


def replace(*, lenient: bool = True, limits: Mapping[str, float] | None = None) -> None:
    """Make ``moto.mock_aws`` and every ``moto.mock_<service>`` enter eventmock with
    moto underneath, ``lenient`` (the default) or strict, with ``limits`` relaxed
    (:data:`eventmock.core.leniency.LIMITS`). Calling it again changes the options."""
    _switch.lenient = lenient
    _switch.limits = leniency.checked_limits(limits)
    if _switch.saved is not None:
        return
    _switch.saved = {
        "mock_aws": _moto.mock_aws,
        "decorator.mock_aws": _moto_decorator.mock_aws,
        "__getattr__": _moto.__dict__.get("__getattr__"),
    }
    setattr(_moto, "mock_aws", mock_aws)
    setattr(_moto_decorator, "mock_aws", mock_aws)
    setattr(_moto, "__getattr__", _moto_getattr)


def restore() -> None:
    """Undo :func:`replace`: moto's own ``mock_aws`` again (names already imported
    from moto keep what they were given)."""
    saved = _switch.saved
    if saved is None:
        return
    setattr(_moto, "mock_aws", saved["mock_aws"])
    setattr(_moto_decorator, "mock_aws", saved["decorator.mock_aws"])
    if saved["__getattr__"] is None:
        _moto.__dict__.pop("__getattr__", None)
    else:
        setattr(_moto, "__getattr__", saved["__getattr__"])
    _switch.saved = None


class replaced:
    """``with eventmock.moto.replaced(): ...``: :func:`replace` for the block."""

    def __init__(self, *, lenient: bool = True, limits: Mapping[str, float] | None = None) -> None:
        self.lenient = lenient
        self.limits = limits

    def __enter__(self) -> None:
        replace(lenient=self.lenient, limits=self.limits)

    def __exit__(self, *exc: object) -> None:
        restore()


# -- the pytest plugin ----------------------------------------------------------------

_gathered: list[leniency.Violation] = []


def _gather(violation: leniency.Violation) -> None:
    if len(_gathered) < 100_000:
        _gathered.append(violation)


def pytest_addoption(parser: Any) -> None:
    # Called as pytest registers the plugin, before it loads other plugins: the place
    # to replace moto's names so that plugins importing them get eventmock's.
    replace()
    group = parser.getgroup("eventmock")
    group.addoption(
        "--eventmock-strict",
        action="store_true",
        default=False,
        help="with -p eventmock.moto: refuse what AWS refuses, instead of answering as moto does and reporting it",
    )


def pytest_configure(config: Any) -> None:
    _switch.lenient = not config.getoption("eventmock_strict")
    if _gather not in leniency.listeners:
        leniency.listeners.append(_gather)


def pytest_unconfigure(config: Any) -> None:
    if _gather in leniency.listeners:
        leniency.listeners.remove(_gather)


def grouped(violations: list[leniency.Violation]) -> Iterator[tuple[leniency.Violation, list[str]]]:
    """Each distinct violation (operation, check, AWS's code and message) once, with the
    tests that made it, most frequent first."""
    groups: dict[tuple[str, str, str, str], tuple[leniency.Violation, list[str]]] = {}
    for violation in violations:
        key = (f"{violation.service}.{violation.operation}", violation.check, violation.code, violation.message)
        first, tests = groups.setdefault(key, (violation, []))
        test = violation.test or "(outside a test)"
        if test not in tests:
            tests.append(test)
    yield from sorted(groups.values(), key=lambda group: (-len(group[1]), str(group[0])))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _gathered:
        return
    write = terminalreporter.write_line
    terminalreporter.section("eventmock: calls AWS would refuse (answered as moto does)")
    for violation, tests in grouped(_gathered):
        message = violation.message.partition("\n")[0]  # one line (AWS appends locations to some)
        write(f"{violation.service}.{violation.operation} [{violation.check}]: {violation.code}: {message}")
        for test in tests[:5]:
            write(f"    {test}")
        if len(tests) > 5:
            write(f"    ... and {len(tests) - 5} more tests")
    write(f"{len(_gathered)} calls; turn leniency off with --eventmock-strict once they are fixed")
