"""The base of every service backend, and the context of the call it is answering.

A backend is a plain class, one instance per (service, account, region). Its public
methods are the service's operations, named as boto3 names them (``put_event_stream``)
and taking boto3's parameter names as keyword arguments. It never sees HTTP. Helpers
that are not operations start with an underscore.
"""

from __future__ import annotations

import contextvars
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from eventmock.core import arns, ids, validation
from eventmock.core.errors import ServiceError

if TYPE_CHECKING:
    from eventmock.core.store import Store
    from eventmock.core.validation import InputProblem


class Call(NamedTuple):
    """The call being answered: who made it, where, and its request id. (A named
    tuple: immutable, and made on every call at a fraction of a frozen dataclass's
    cost.)"""

    service: str
    operation: str
    account_id: str
    region: str
    request_id: str
    #: The endpoint the request came to over HTTP, from its ``Host`` header
    #: (``http://127.0.0.1:4566``), when eventmock's server answers it; ``None``
    #: in-process (the fast path and wire mode), where the client believes it talks to
    #: AWS. Resource URLs a service answers with (SQS's queue URLs) name it.
    endpoint: str | None = None
    #: The access key id the call was signed with (``None``: no credentials), by which
    #: STS knows who the caller is.
    access_key: str | None = None

    @property
    def caller_arn(self) -> str:
        """The caller's identity ARN. eventmock has no IAM: every caller is the root
        identity of the account its credentials name."""
        return f"arn:{arns.partition_of(self.region)}:iam::{self.account_id}:root"


_current_call: contextvars.ContextVar[Call | None] = contextvars.ContextVar("eventmock_call", default=None)
#: The parameters of the call being answered, set only while a lenient mock answers
#: (a violation records them).
current_params: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("eventmock_params", default=None)


def current_request_id() -> str:
    """The request id of the call being answered ("" outside a call)."""
    call = _current_call.get()
    return call.request_id if call is not None else ""


class Reply(dict[str, Any]):
    """An operation's output, answered with an HTTP status other than the one the
    model gives the operation (S3 answers a ``Range`` read with 206 Partial Content).
    A backend method returns it instead of a plain dict."""

    def __init__(self, members: dict[str, Any], *, status: int) -> None:
        super().__init__(members)
        self.status = status


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
    #: How the service reads a ``pattern`` constraint: ``"whole"`` value (the older,
    #: Coral-built services) or ``"search"`` (Smithy-built services: searched for in
    #: the value, anchored only where the pattern says ``^``/``$``).
    constraint_patterns: ClassVar[str] = "whole"
    #: Output members the model marks required that AWS leaves out of its answers
    #: (``"Shape.member"``: SQS omits an empty batch result's ``Failed`` list); the
    #: strict shape check (the test suite's) accepts their absence.
    omitted_required: ClassVar[frozenset[str]] = frozenset()
    #: The error code with which the service answers params of the wrong type or
    #: lacking a required member (the rest protocols' services: their validation
    #: error). ``None``: as AWS's JSON services, ``SerializationException`` for a wrong
    #: type and ``constraint_error`` for a missing member (:meth:`_bad_input`).
    bad_input_error: ClassVar[str | None] = None
    #: The service's inspection view, ``"module:Class"`` taking the store: the mock
    #: handle shows it as ``aws.<service>`` (``aws.sqs.messages(queue)``).
    view: ClassVar[str | None] = None

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

    def refuse(self, check: str, error: ServiceError) -> None:
        """Refuse the call being answered with AWS's ``error``, for the reason named
        ``check`` (a key of :data:`eventmock.core.leniency.CHECKS`). In a lenient mock
        the call is recorded as a violation instead and this returns: the caller goes
        on as moto does."""
        if not self.store.lenient:
            raise error
        from eventmock.core.leniency import record

        call = self.call
        record(self.store, check, call.service, call.operation, current_params.get() or {}, error)

    @classmethod
    def _constraint_failure(cls, problems: list[str]) -> ServiceError:
        """The error answering input that breaks the model's constraints
        (``problems``: one "Value ... failed to satisfy constraint: ..." each): by
        default ``constraint_error`` with AWS's "N validation error(s) detected" message.
        A service whose answer differs for some member overrides it."""
        return ServiceError(cls.constraint_error or "ValidationException", validation.message(problems), status=400)

    @classmethod
    def _bad_input(cls, problem: InputProblem) -> ServiceError:
        """The error AWS answers a request with whose params botocore did not check
        (``Config(parameter_validation=False)``, or over HTTP) and that lacks a required
        member or holds a value of the wrong type. By default, as AWS's JSON services
        answer: a missing member is a validation error (``constraint_error``), a wrong
        type the JSON deserializer's ``SerializationException``. A service that answers
        otherwise (the rest protocols' own codes, SQS's ``MissingParameter``) overrides it."""
        if cls.bad_input_error is not None:
            return ServiceError(cls.bad_input_error, problem.message, status=400)
        if problem.missing:
            return ServiceError(cls.constraint_error or "ValidationException", problem.message, status=400)
        return ServiceError("SerializationException", problem.message, status=400)

    @staticmethod
    def _new_request_id() -> str:
        """The id of a request to this service: a UUID, as most services use; a
        service whose ids look different (S3's are 16 hexadecimal digits) overrides it."""
        return ids.request_id()

    def _arn(self, resource: str) -> str:
        return arns.build(self.arn_service or self.service, self.region, self.account_id, resource)
