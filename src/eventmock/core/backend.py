"""The base of every service backend, and the context of the call it is answering.

A backend is a plain class, one instance per (service, account, region). Its public
methods are the service's operations, named as boto3 names them (``put_event_stream``)
and taking boto3's parameter names as keyword arguments. It never sees HTTP. Helpers
that are not operations start with an underscore.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from eventmock.core import arns

if TYPE_CHECKING:
    from eventmock.core.store import Store


@dataclass(frozen=True)
class Call:
    """The call being answered: who made it, where, and its request id."""

    service: str
    operation: str
    account_id: str
    region: str
    request_id: str

    @property
    def caller_arn(self) -> str:
        """The caller's identity ARN. eventmock has no IAM: every caller is the root
        identity of the account its credentials name."""
        return f"arn:aws:iam::{self.account_id}:root"


_current_call: contextvars.ContextVar[Call | None] = contextvars.ContextVar("eventmock_call", default=None)


class Backend:
    """State and operations of one service in one account and region."""

    #: botocore's service name (``boto3.client(<service>)``).
    service: ClassVar[str]
    #: The ARN service namespace, where it differs from ``service``.
    arn_service: ClassVar[str] = ""
    #: The error code (``ValidationException`` for most JSON services) with which the
    #: service answers input that breaks the model's ``max``/``pattern``/``enum``
    #: constraints; the dispatcher then checks them before the operation runs.
    #: ``None``: the service does not check them (or the backend does by hand).
    constraint_error: ClassVar[str | None] = None

    def __init__(self, store: Store, account_id: str, region: str) -> None:
        self.store = store
        self.account_id = account_id
        self.region = region

    @property
    def call(self) -> Call:
        """The call this backend is answering (outside a call: an internal one)."""
        call = _current_call.get()
        if call is None:
            return Call(self.service, "", self.account_id, self.region, "")
        return call

    def _arn(self, resource: str) -> str:
        return arns.build(self.arn_service or self.service, self.region, self.account_id, resource)
