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
        def in_account(self, request, account_id: str) -> None: ...
        def leave_alone(self) -> None: ...
        # optional: who an access key it issued belongs to (STS asks)
        def identity_of(self, access_key: str) -> tuple[str, str, str] | None: ...
        # optional: whether its IAM has a role (Lambda asks of a function's role)
        def has_role(self, account_id: str, role_arn: str) -> bool | None: ...

    eventmock.core.underneath.register(MyMock())
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any, Protocol


class Underneath(Protocol):
    """A mock that may answer calls below eventmock."""

    name: str

    def active(self) -> bool:
        """Whether it is answering calls now."""
        ...

    def answers(self, service: str, operation: str) -> bool:
        """Whether, while active, it answers ``service``'s ``operation`` (botocore's
        service name and the model's operation name). ``operation`` empty: whether it
        answers the whole service; a service eventmock only writes into (S3) is then
        handed to it whole, eventmock's own writes included."""
        ...

    def in_account(self, request: Any, account_id: str) -> None:
        """Make the mock answer ``request`` (botocore's prepared request, about to be
        sent) in ``account_id``: the account eventmock would have answered in (the
        12-digit access key id the client uses), so that both mocks agree."""
        ...

    def leave_alone(self) -> None:
        """Make sure it ignores a request whose context has :data:`ANSWERED` set.
        botocore calls every ``before-send`` handler, even after one answered (in wire
        mode eventmock answers there); a mock that would act on the request anyway
        must skip it. Called before eventmock answers its first such request."""
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

    def in_account(self, request: Any, account_id: str) -> None:
        request.headers["x-moto-account-id"] = account_id  # moto's own per-request account

    def leave_alone(self) -> None:
        module = sys.modules.get("moto.core.botocore_stubber")
        stubber = getattr(module, "BotocoreStubber", None)
        if stubber is None or getattr(stubber.__call__, "_eventmock", False):
            return
        original = stubber.__call__

        def __call__(self: Any, event_name: str, request: Any, **kwargs: Any) -> Any:
            if (getattr(request, "context", None) or {}).get(ANSWERED):
                return None
            return original(self, event_name, request, **kwargs)

        __call__._eventmock = True  # type: ignore[attr-defined]
        stubber.__call__ = __call__

    def identity_of(self, access_key: str) -> tuple[str, str, str] | None:
        """The IAM user moto's IAM issued ``access_key`` to, as ``(account, ARN, user
        id)``; ``None`` if none did."""
        models = sys.modules.get("moto.iam.models")
        backends = getattr(models, "iam_backends", None)
        if backends is None:
            return None
        for account_id in list(backends):
            for partition in list(backends[account_id]):
                user = backends[account_id][partition].get_user_from_access_key_id(access_key)
                if user is not None:
                    return str(user.account_id), str(user.arn), str(user.id)
        return None


    def has_role(self, account_id: str, role_arn: str) -> bool | None:
        """Whether moto's IAM has the role ``role_arn`` in ``account_id`` (moto's IAM
        answers IAM while moto is active)."""
        if "moto.core.models" not in sys.modules:
            return None
        try:
            models = importlib.import_module("moto.iam.models")
            backend = models.iam_backends[account_id][role_arn.split(":")[1]]
        except (ImportError, KeyError, AttributeError):
            return None
        try:
            backend.get_role_by_arn(role_arn)
        except Exception as error:  # moto's NotFoundException; anything else: unknown
            return False if type(error).__name__ == "NotFoundException" else None
        return True


#: Set in a request's context once eventmock has answered it in ``before-send``.
ANSWERED = "eventmock_answered"

_mocks: list[Underneath] = [Moto()]


def register(mock: Underneath) -> None:
    """Consider ``mock`` (after those registered before it) when a call is not
    eventmock's to answer."""
    if mock not in _mocks:
        _mocks.append(mock)


def unregister(mock: Underneath) -> None:
    if mock in _mocks:
        _mocks.remove(mock)


#: What runs as a call is handed to a mock underneath: ``bridge(mock, service)``, which
#: may put something in place for the rest of the activation and give back how to undo
#: it (the CloudFormation bridge, :mod:`eventmock.coexist.cloudformation`, makes moto's
#: stacks create the resources of emulated services in eventmock).
Bridge = Callable[[Underneath, str], "Callable[[], None] | None"]
_bridges: list[Bridge] = []
_undo: list[Callable[[], None]] = []


def add_bridge(bridge: Bridge) -> None:
    """Run ``bridge`` whenever a call is handed to a mock underneath."""
    if bridge not in _bridges:
        _bridges.append(bridge)


def handing(mock: Underneath, service: str) -> None:
    """A call to ``service`` is being handed to ``mock``: run the bridges, keeping what
    undoes them for :func:`unbridge`."""
    for bridge in _bridges:
        undo = bridge(mock, service)
        if undo is not None:
            _undo.append(undo)


def unbridge() -> None:
    """Undo what the bridges put in place (the outermost activation's exit)."""
    while _undo:
        _undo.pop()()


def identity_of(access_key: str) -> tuple[str, str, str] | None:
    """The long-term identity an active mock underneath issued ``access_key`` to (an
    IAM user of moto's IAM), as ``(account, ARN, user id)``; ``None`` if none did."""
    for mock in _mocks:
        lookup = getattr(mock, "identity_of", None)
        if lookup is not None and mock.active():
            found = lookup(access_key)
            if found is not None:
                return found  # type: ignore[no-any-return]
    return None


def has_role(account_id: str, role_arn: str) -> bool | None:
    """Whether the IAM of an active mock underneath has the role ``role_arn``; ``None``
    when no active mock knows (eventmock does not emulate IAM)."""
    for mock in _mocks:
        lookup = getattr(mock, "has_role", None)
        if lookup is not None and mock.active():
            found = lookup(account_id, role_arn)
            if found is not None:
                return bool(found)
    return None


def claim(request: Any) -> None:
    """Mark ``request`` as answered by eventmock, so that the mocks underneath leave it
    alone (see :meth:`Underneath.leave_alone`)."""
    context = getattr(request, "context", None)
    if context is None:
        return
    context[ANSWERED] = True
    for mock in _mocks:
        mock.leave_alone()


def takes_whole(service: str) -> bool:
    """Whether an active mock underneath takes ``service`` whole (asked as
    ``answers(service, "")``: the empty operation stands for every operation). A
    service eventmock only writes into (S3) then goes to it entirely, eventmock's own
    writes included (``eventmock.core.registry.HANDED_OVER``)."""
    for mock in _mocks:
        if mock.active() and mock.answers(service, ""):
            return True
    return False


def answering(service: str, operation: str) -> Underneath | None:
    """The active mock underneath that answers ``service``'s ``operation``, if any."""
    for mock in _mocks:
        if mock.active() and mock.answers(service, operation):
            return mock
    return None
