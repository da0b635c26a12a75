"""The activation stack: what is in place while a mock is active.

Activations form a stack counted by depth. The outermost one makes a fresh
:class:`~eventmock.core.store.Store`, puts fake credentials in place (hiding the real
``AWS_*`` variables), swaps boto3's default session so that new clients pick the fake
credentials up, and on exit restores all of it and drops the state. An inner activation
shares the outer one's state and resets nothing. Entering and leaving is a handful of
dictionary operations: a test suite does it thousands of times.

Each activation may set the wire mode (``wire``), the services handed to the mock
underneath (``exclude``), lenient mode and limits (``lenient``, ``limits``) until it exits; one that does not keeps the enclosing
activation's, and the outermost one that names no mode reads ``EVENTMOCK_WIRE``.

This is the core's side of activation; what a user holds (``mock_aws``, the handle)
lives on the top floor, in :mod:`eventmock.mock` and :mod:`eventmock.handle`.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any

from eventmock.core import clock, containment, intercept, underneath
from eventmock.core.errors import NotActiveError
from eventmock.core.store import Store

#: Environment variables a mock leaves in place: where to call, not who calls. A test
#: may still change them; they are put back on exit like the rest.
KEPT_VARIABLES = frozenset({"AWS_DEFAULT_REGION", "AWS_REGION"})
#: Fake credentials present while a mock is active. The access key is no 12-digit
#: number, so calls land in the default account, 123456789012.
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_SECURITY_TOKEN": "testing",
}


class _Activations:
    """Process-wide activation stack (threads share it, as they share botocore)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        #: The active mock's state; ``None`` while no mock is active.
        self.store: Store | None = None
        #: Every ``AWS_*`` variable as it was before the outermost activation.
        self.saved_env: dict[str, str] = {}
        self.saved_session: Any = None
        #: The wire mode, handed-on services, lenient mode and limits of each
        #: enclosing activation, to restore on its exit.
        self.saved_wire: list[tuple[bool, frozenset[str], bool, dict[str, float]]] = []

    def enter(
        self,
        wire: bool | None = None,
        exclude: frozenset[str] | None = None,
        lenient: bool | None = None,
        limits: dict[str, float] | None = None,
    ) -> Store:
        """Enter one activation; the active store. Entering the outermost one either
        puts everything in place or, if any step fails, leaves nothing changed."""
        with self.lock:
            if self.depth == 0:
                if wire is None:
                    wire = os.environ.get("EVENTMOCK_WIRE", "") not in ("", "0")
                self._patch()
                self.store = intercept.active.store = Store()
            store = self.store
            assert store is not None
            self.saved_wire.append((intercept.active.wire, intercept.active.excluded, store.lenient, store.limits))
            if wire is not None:
                intercept.active.wire = wire
            if exclude is not None:
                intercept.active.excluded = exclude
            if lenient is not None:
                store.lenient = lenient
            if limits is not None:
                store.limits = {**store.limits, **limits}
            self.depth += 1
            return store

    def exit(self) -> None:
        with self.lock:
            if self.depth == 0:
                raise NotActiveError("mock_aws was exited more often than it was entered")
            self.depth -= 1
            store = self.store
            assert store is not None
            intercept.active.wire, intercept.active.excluded, store.lenient, store.limits = self.saved_wire.pop()
            if self.depth == 0:
                intercept.active.store = None
                self.store = None
                clock.reset_offset()
                underneath.unbridge()
                self._unpatch()

    def _patch(self) -> None:
        environ = os.environ
        # Keys first, values of the few AWS_ ones after: os.environ decodes each value
        # it yields, and a test suite enters thousands of times.
        self.saved_env = {k: environ[k] for k in [k for k in environ if k.startswith("AWS_")]}
        try:
            for key in self.saved_env:
                if key not in KEPT_VARIABLES:
                    del environ[key]
            environ.update(FAKE_CREDENTIALS)
            environ["AWS_CONFIG_FILE"], environ["AWS_SHARED_CREDENTIALS_FILE"] = containment.harmless_files(self.saved_env)
        except BaseException:  # entering is all or nothing: the real variables come back
            self._restore_env()
            raise
        containment.share_loaders(True)
        boto3: Any = sys.modules.get("boto3")
        if boto3 is not None:
            self.saved_session = boto3.DEFAULT_SESSION
            boto3.DEFAULT_SESSION = None

    def _unpatch(self) -> None:
        self._restore_env()
        containment.share_loaders(False)
        boto3: Any = sys.modules.get("boto3")
        if boto3 is not None:
            boto3.DEFAULT_SESSION = self.saved_session
        self.saved_session = None

    def _restore_env(self) -> None:
        """Every ``AWS_*`` variable as before the outermost activation, including the
        ones it kept (a test may have changed the region)."""
        environ = os.environ
        for key in [k for k in environ if k.startswith("AWS_")]:
            del environ[key]
        environ.update(self.saved_env)
        self.saved_env = {}


_activations = _Activations()


def enter(
    wire: bool | None = None,
    exclude: frozenset[str] | None = None,
    lenient: bool | None = None,
    limits: dict[str, float] | None = None,
) -> Store:
    """Enter an activation (the outermost one makes the state); the active store.
    ``lenient`` and ``limits`` (:mod:`eventmock.core.leniency`) hold until it exits,
    like ``wire`` and ``exclude``; ``limits`` adds to the enclosing activation's."""
    return _activations.enter(wire, exclude, lenient, limits)


def leave() -> None:
    """Leave the innermost activation (the outermost one drops the state);
    :class:`NotActiveError` if none is active."""
    _activations.exit()


def active_store() -> Store:
    """The active mock's state; :class:`NotActiveError` outside a mock."""
    store = _activations.store
    if store is None:
        raise NotActiveError("no mock_aws is active")
    return store


def depth() -> int:
    """How many activations are entered (0: no mock is active)."""
    return _activations.depth
