"""Mocks underneath eventmock: another botocore-level mock that answers what
eventmock does not emulate.

A call to a service (or operation) eventmock does not emulate, or that the active mock
hands on (``mock_aws(exclude=[...])``), goes on through botocore only when a mock
registered here says it is active and answers that call; otherwise it fails with
:class:`~eventmock.core.errors.NotEmulatedError`. Whatever goes on is answered in
botocore's ``before-send`` by the mock underneath, and the send guard
(:mod:`eventmock.core.guard`) still stops anything that would reach the network.

moto is registered by default. Another mock plugs in with :func:`register`::

    class MyMock:
        name = "mymock"
        def active(self) -> bool: ...
        def answers(self, service: str, operation: str) -> bool: ...

    eventmock.core.underneath.register(MyMock())
"""

from __future__ import annotations

import sys
from typing import Protocol


class Underneath(Protocol):
    """A mock that may answer calls below eventmock."""

    name: str

    def active(self) -> bool:
        """Whether it is answering calls now."""
        ...

    def answers(self, service: str, operation: str) -> bool:
        """Whether, while active, it answers ``service``'s ``operation`` (botocore's
        service name and the model's operation name)."""
        ...


class Moto:
    """moto's ``mock_aws`` (moto 5): active while its botocore stubber is enabled,
    which its ``before-send`` handler checks. moto answers every AWS endpoint then (a
    service it lacks gets its own "not yet implemented" answer), so it answers every
    call. Looked up only if moto is already imported: eventmock never imports it."""

    name = "moto"

    def active(self) -> bool:
        models = sys.modules.get("moto.core.models")
        stubber = getattr(models, "botocore_stubber", None)
        return bool(getattr(stubber, "enabled", False))

    def answers(self, service: str, operation: str) -> bool:
        return True


_mocks: list[Underneath] = [Moto()]


def register(mock: Underneath) -> None:
    """Consider ``mock`` (after those registered before it) when a call is not
    eventmock's to answer."""
    if mock not in _mocks:
        _mocks.append(mock)


def unregister(mock: Underneath) -> None:
    if mock in _mocks:
        _mocks.remove(mock)


def answering(service: str, operation: str) -> Underneath | None:
    """The active mock underneath that answers ``service``'s ``operation``, if any."""
    for mock in _mocks:
        if mock.active() and mock.answers(service, operation):
            return mock
    return None
