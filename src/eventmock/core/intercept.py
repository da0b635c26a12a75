"""The botocore hooks, and the one dispatch every path to a backend goes through.

Three handlers, appended to botocore's builtin handler list at ``import eventmock`` so
that every botocore session created afterwards carries them (and every client made
from such a session, before or after a mock is entered):

``before-parameter-build``
    keeps a reference to the call's params in the request context.
``before-call``
    with no mock active, returns ``None`` and botocore goes on as usual. With one
    active, answers the call (the fast path): :func:`dispatch` runs the operation and
    the hook returns ``(AWSResponse, parsed)``, which botocore treats as the service's
    answer. By then botocore has validated the params; nothing is signed or sent. A
    call to a service or operation eventmock does not emulate raises
    :class:`~eventmock.core.errors.NotEmulatedError` instead of going out, unless
    a mock underneath (moto, :mod:`eventmock.core.underneath`) answers it: then the
    hook returns ``None`` and botocore goes on to that mock's ``before-send``. So
    does a call to a service the active mock hands on (``mock_aws(exclude=[...])``).
``before-send``
    in wire mode (``mock_aws(wire=True)``) ``before-call`` lets the call go on, and
    this hook answers the signed, serialised request instead: the request bytes are
    parsed, :func:`dispatch` runs, the answer is serialised as AWS would send it, and
    botocore's own parser reads it (:mod:`eventmock.core.wire`).

The store that answers is the active mock's, except for the clients a store makes
for the calls its services make "through the mock" (:meth:`Store.client`): those are
bound to their store (:data:`BOUND_STORE`), and answered from it whether or not a
mock is active (the HTTP server serves a store with none).

:func:`dispatch` is shared by the fast path, wire mode and the HTTP server: one place
finds the backend, checks the params, runs the method, shapes the output and turns a
:class:`ServiceError` into what botocore parses from AWS's error response.
"""

from __future__ import annotations

import functools
import http.client
import inspect
import logging
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from botocore import handlers as _botocore_handlers
from botocore.awsrequest import AWSResponse, HeadersDict
from botocore.model import OperationModel, Shape
from botocore.validate import ParamValidationDecorator

from eventmock.core import aio, clock, ids, registry, shapes, sigv4a, text, underneath
from eventmock.core.backend import Call, Reply, _current_call, current_params
from eventmock.core.errors import EventmockError, NotEmulatedError, ServiceError
from eventmock.core.store import Store

DEFAULT_ACCOUNT_ID = "123456789012"
_PARAMS_KEY = "eventmock_params"
#: Marks, in the request context, a call handed to the mock underneath.
_PASSED_KEY = "eventmock_passed_on"
_ACCOUNT_RE = re.compile(r"\d{12}")
logger = logging.getLogger("eventmock")


class _Active:
    """The store of the active mock (``None`` when no mock is active), and whether
    calls go through the wire (``before-send``) rather than the fast path."""

    store: Store | None = None
    wire: bool = False
    #: Emulated services the active mock hands to the mock underneath.
    excluded: frozenset[str] = frozenset()


active = _Active()


def access_key_of(credentials: Any) -> str | None:
    """The access key id of a client's credentials. Refreshable credentials are read
    without refreshing them, so no credential provider is ever called."""
    if credentials is None:
        return None
    attrs = vars(credentials)
    key = attrs.get("access_key") or attrs.get("_access_key")
    return key if isinstance(key, str) else None


def _unreadable(credentials: Any) -> bool:
    """Whether signing with ``credentials`` would need a credential provider to run
    (none at all, not fetched yet, or past their mandatory refresh): refused inside
    a mock (:mod:`eventmock.core.containment`)."""
    if access_key_of(credentials) is None:
        return True
    refresh_needed = getattr(credentials, "refresh_needed", None)
    if refresh_needed is None:
        return False
    return bool(refresh_needed(getattr(credentials, "_mandatory_refresh_timeout", 600)))


def account_for(credentials: Any, store: Store | None = None) -> str:
    """The account a client's credentials name (:func:`account_for_key`)."""
    return account_for_key(access_key_of(credentials), store)


def account_for_key(access_key: Any, store: Store | None = None) -> str:
    """The account an access key id names: a 12-digit key id is taken as the account
    id, a key STS issued in ``store`` acts in the account it was issued for, anything
    else is the default account (the wire and the server read the key from the
    request's signature)."""
    if isinstance(access_key, str):
        if _ACCOUNT_RE.fullmatch(access_key):
            return access_key
        if store is not None:
            identity = store.identities.get(access_key)
            if identity is not None:
                return identity.account_id
    return DEFAULT_ACCOUNT_ID


@dataclass
class Answer:
    """A backend's answer, as botocore parses it from AWS's response (without
    ``ResponseMetadata``): the output members, or for an error the error shape's
    members and ``Error``. ``headers`` are the HTTP headers AWS's response carries
    that eventmock knows of, names in lower case."""

    status: int
    parsed: dict[str, Any]
    headers: dict[str, str]
    request_id: str
    #: The error answered, or ``None`` for a success.
    error: ServiceError | None = None
    #: For an error: its shape in the service model (``None``: not modelled).
    error_shape: Shape | None = None


def emulates(service: str) -> bool:
    """Whether the active mock answers ``service`` itself: eventmock emulates it, the
    mock does not hand it on (``mock_aws(exclude=[...])``), and it is not a service
    eventmock only writes into (``registry.HANDED_OVER``, S3) while a mock underneath
    takes it whole."""
    return (
        service in registry.SERVICES
        and service not in active.excluded
        and not (service in registry.HANDED_OVER and underneath.takes_whole(service))
    )


def operation(model: OperationModel) -> tuple[registry.ServiceTable, registry.Operation]:
    """The dispatch table and entry of an operation; :class:`NotEmulatedError` if
    eventmock does not emulate it (``passable``: a mock underneath may answer it)."""
    service_model = model.service_model
    service = service_model.service_name
    if not emulates(service):
        if service in active.excluded:
            reason = f"the active mock hands {service!r} to the mock underneath (exclude=...), and none is active"
        elif service in registry.SERVICES:
            reason = f"{service!r} is handed over whole to the mock underneath"
        else:
            reason = f"eventmock does not emulate the service {service!r} ({model.name} was called)"
        raise NotEmulatedError(service, model.name, reason, passable=True)
    table = registry.table(service_model)
    op = table.operations.get(model.name)
    if op is None:
        raise NotEmulatedError(service, model.name, passable=True)
    return table, op


#: ``Call(*fields)`` without the keyword handling of a named tuple's ``__new__`` (a
#: microsecond on every call).
_new_call: Callable[[tuple[str, str, str, str, str, str | None, str | None]], Call] = functools.partial(tuple.__new__, Call)


def dispatch(
    store: Store,
    model: OperationModel,
    params: dict[str, Any],
    account_id: str,
    region: str,
    endpoint: str | None = None,
    access_key: str | None = None,
    validated: bool = False,
    unsent: bool = False,
) -> Answer:
    """Answer one call: run the operation's backend method in ``account_id`` and
    ``region`` with ``params`` (boto3's names and types) and shape the result.
    ``endpoint``: the server's URL the request came to (``Call.endpoint``);
    ``access_key``: the key id the call was signed with (``Call.access_key``).
    ``validated``: botocore has checked the params against the input shape (the fast
    path of a client with parameter validation on); otherwise their types and required
    members are checked here, and a request that fails gets AWS's error. ``unsent``:
    the fast path, where botocore has not encoded the request; params it could not
    have encoded raise its ``UnicodeEncodeError`` (:func:`_check_encodable`).

    Whatever else goes wrong inside (a bug in a backend) is answered as AWS answers a
    failure of its own, ``InternalFailure`` with HTTP 500, and logged with its
    traceback on the ``eventmock`` logger: a mocked call raises nothing but what
    botocore raises for AWS's answers (and eventmock's own errors, such as
    :class:`NotEmulatedError`).

    Work that has become due on the mock's clock (:mod:`eventmock.core.due`) runs
    first, after the sources with no arrival notification (``store.pollers``) are
    asked for what arrived (before a call eventmock answers itself: a call that goes
    on to the mock underneath reads nothing, in the fast path as on the wire); while
    nothing is due and nothing is polled that costs a truthiness test and two
    comparisons."""
    if store.pollers and emulates(model.service_model.service_name):
        store.poll()
    due = store.due
    if due.heap:
        now = clock.epoch_ms()
        if due.heap[0][0] <= now or now < due.latest_ms:  # due, or the clock went back
            store.run_due()
    table, op = operation(model)
    if unsent and table.protocol in _UTF8_ENCODED:
        _check_encodable(params)
    service = table.service
    call = _new_call((service, model.name, account_id, region, table.new_request_id(), endpoint, access_key))
    token = _current_call.set(call)
    try:
        if not validated:
            problem = op.types(params)
            if problem is not None:
                raise table.bad_input(problem)
        api_params = op.input(params)
        if op.accepted is not None and not op.accepted.issuperset(api_params):
            unknown = ", ".join(sorted(set(api_params) - op.accepted))
            raise NotEmulatedError(service, model.name, f"eventmock does not emulate the parameter(s) {unknown} of {service}.{model.name}")
        if op.constraints is not None:
            problems = op.constraints(api_params)
            if problems:
                raise table.constraint_failure(problems)
        with store.lock:
            backend = store.backend(service, call.account_id, call.region)
            if store.lenient:
                params_token = current_params.set(api_params)
                try:
                    result = getattr(backend, op.method)(**api_params)
                finally:
                    current_params.reset(params_token)
            else:
                result = getattr(backend, op.method)(**api_params)
        parsed = (op.strict_output if shapes.is_strict() else op.output)(result or {})
    except ServiceError as exc:
        return error_answer(table, op.http_method, exc, call.request_id)
    except EventmockError:
        raise
    except Exception as exc:  # noqa: BLE001 - the net: a bug answers as AWS's own failure
        return internal_failure(table, op.http_method, exc, call.request_id, f"{service}.{model.name}")
    finally:
        _current_call.reset(token)
    if isinstance(result, Reply):
        status = result.status
    elif op.status_member:
        status = parsed.get(op.status_member, op.status)
    else:
        status = op.status
    if op.status_member:
        parsed[op.status_member] = status  # botocore always reads it from the status line
    headers = _headers(table, call.request_id)
    if op.headers is not None:
        headers.update(op.headers(parsed))
    return Answer(status, parsed, headers, call.request_id)


def internal_failure(table: registry.ServiceTable, http_method: str, exc: BaseException, request_id: str, where: str) -> Answer:
    """AWS's answer to a failure inside the service (``InternalFailure``, 500), for an
    exception eventmock did not mean to raise; the traceback goes to the ``eventmock``
    logger, to be reported."""
    logger.error("eventmock failed inside %s (request %s); answered InternalFailure", where, request_id, exc_info=exc)
    error = ServiceError(table.internal_error, "We encountered an internal error. Please try again.", status=500)
    return error_answer(table, http_method, error, request_id)


def error_answer(table: registry.ServiceTable, http_method: str, error: ServiceError, request_id: str) -> Answer:
    """The answer to a call that failed with ``error``."""
    status, parsed, shape = _error(table, http_method, error)
    headers = _headers(table, request_id)
    render = table.error_headers(shape) if shape is not None else None
    if render is not None:
        headers.update(render(parsed))
    error_info = parsed["Error"]
    if "QueryErrorCode" in error_info:
        headers["x-amzn-query-error"] = f"{error_info['Code']};{error_info['Type']}"
    elif table.protocol == "rest-json":
        headers["x-amzn-errortype"] = error_info["Code"]
    return Answer(status, parsed, headers, request_id, error, shape)


def has_no_body(http_method: str, status: int) -> bool:
    """A response HTTP forbids a body: to a HEAD request, or a 304."""
    return http_method == "HEAD" or status == 304


def _error(table: registry.ServiceTable, http_method: str, error: ServiceError) -> tuple[int, dict[str, Any], Shape | None]:
    """What botocore parses from AWS's error response: ``Error`` with code and message,
    plus the error shape's members at the top level (botocore adds those too).

    A query-compatible error (SQS) shows the legacy code as ``Code``, and the shape's
    members only if that code names a shape. Where the response can have no body
    (HEAD, 304), botocore knows only the status:
    the code is the status and the message its reason phrase. S3's ``<Error>`` document
    puts every field beside ``Code`` and ``Message``, modelled or not, and botocore
    shows them all in ``Error`` as text (other rest-xml services add ``Type``)."""
    strict = shapes.is_strict()
    shape = table.error_shape(error.code)
    if shape is None:
        if strict and error.status is None:
            raise AssertionError(f"{error.code} is not an error of {table.service}'s model; give its status explicitly")
        status = error.status or 400
    else:
        status = error.status or shape.metadata.get("error", {}).get("httpStatusCode", 400)
    if table.protocol == "rest-xml" and has_no_body(http_method, status):
        return status, {"Error": {"Code": str(status), "Message": http.client.responses.get(status, "")}}, None
    fields = dict(error.fields)
    loose: dict[str, Any] = {}
    if table.protocol == "rest-xml":
        members = shape.members if shape is not None else {}
        loose = {k: v for k, v in fields.items() if k not in members}
        fields = {k: v for k, v in fields.items() if k in members}
    if shape is None:
        parsed: dict[str, Any] = {}
    else:
        for name in ("Message", "message"):
            if name in shape.members:
                fields.setdefault(name, error.message)
        parsed = table.error_shaper(shape, strict)(fields)
    if error.query_code:
        if table.error_shape(error.query_code) is None:
            parsed = {}  # botocore looks the fields' shape up by the legacy code, in vain
        parsed["Error"] = {
            "Code": error.query_code,
            "Message": error.message,
            "QueryErrorCode": error.code,
            "Type": "Sender" if status < 500 else "Receiver",
        }
    elif table.protocol == "query":
        # botocore reads <ErrorResponse><Error>: Type, Code, Message (an empty element
        # reads as None), and the error shape's members from that element: a
        # ``Message`` member is the message (a ``message`` one finds no element), the
        # others are the fields written beside it
        members = shape.members if shape is not None else {}
        parsed = {k: v for k, v in parsed.items() if members[k].serialization.get("name", k) != "message"}
        parsed["Error"] = {"Code": error.code, "Message": error.message or None, "Type": "Sender" if status < 500 else "Receiver"}
    else:
        parsed["Error"] = {"Code": error.code, "Message": error.message}
    if table.protocol in ("rest-xml", "query"):  # XML error documents: every field is text
        info = parsed["Error"]
        if table.service != "s3":
            info["Type"] = "Sender" if status < 500 else "Receiver"
        # botocore's ``Error`` holds the element's children by their XML names: a
        # member written as ``<Message>`` (STS's ``message``) is the message itself
        members = shape.members if shape is not None else {}
        for name, value in {**{k: v for k, v in parsed.items() if k != "Error"}, **loose}.items():
            element = members[name].serialization.get("name", name) if name in members else name
            info.setdefault(element, xml_text(value))
        for name, value in info.items():
            if value == "":
                info[name] = None  # botocore reads an empty element as None
            elif isinstance(value, str):
                info[name] = text.xml_safe(value)  # what the XML document can carry
    return status, parsed, shape


def xml_text(value: Any) -> str:
    """A scalar as the text of an XML element (as S3 writes error fields)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return clock.iso8601_millis(value)
    return str(value)


_CONTENT_TYPES = {"rest-json": "application/json", "rest-xml": "application/xml", "query": "text/xml", "ec2": "text/xml"}


def content_type(table: registry.ServiceTable) -> str:
    return _CONTENT_TYPES.get(table.protocol) or f"application/x-amz-json-{table.json_version}"


def _headers(table: registry.ServiceTable, request_id: str) -> dict[str, str]:
    headers = {"date": clock.http_date(), "content-type": content_type(table)}
    if table.protocol == "rest-xml":
        headers["x-amz-request-id"] = request_id
        headers["x-amz-id-2"] = ids.host_id()
    else:
        headers["x-amzn-requestid"] = request_id
    return headers


# -- the hooks ------------------------------------------------------------------------


#: On the ``Config`` of every client made after ``import eventmock`` (its
#: ``client_config``, which the request context carries):
#: the store whose state answers the client's calls whatever mock is active, for the
#: clients a store makes for itself (:meth:`Store.client`); ``None`` for the others.
BOUND_STORE = "eventmock_store"
#: ``True`` on the ``Config`` of a client made while a mock was active: once no mock
#: is active, the send guard refuses what it would send out of the machine
#: (:mod:`eventmock.core.containment`).
MADE_IN_MOCK = "eventmock_made_in_mock"


def store_of(context: dict[str, Any] | None) -> Store | None:
    """The store that answers a call with this request context: the client's own
    (:data:`BOUND_STORE`), else the active mock's (``None``: none, botocore goes on)."""
    bound = getattr(context.get("client_config"), BOUND_STORE, None) if context else None
    return bound if bound is not None else active.store


def _keep_params(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    store = getattr(context.get("client_config"), BOUND_STORE, None) or active.store
    # (in wire mode only a lenient mock keeps them: to audit a call it hands over)
    if store is not None and (not active.wire or store.lenient):
        context[_PARAMS_KEY] = params


def _answer(
    model: OperationModel,
    params: dict[str, Any],
    request_signer: Any = None,
    context: dict[str, Any] | None = None,
    **_: Any,
) -> tuple[AWSResponse, dict[str, Any]] | None:
    context = context if context is not None else {}
    store = getattr(context.get("client_config"), BOUND_STORE, None) or active.store  # store_of, inlined
    if store is None:
        return None
    kept: dict[str, Any] | None = None  # the call's params, on the fast path
    try:
        if active.wire:
            operation(model)  # refuse what is not emulated before anything is serialised
            if request_signer is not None and _unreadable(getattr(request_signer, "_credentials", None)):
                # No credentials anywhere, or only ones a provider would have to fetch
                # first (a client made before the mock): the fast path needs none, so
                # neither does the wire. Sent unsigned, the call lands in the default
                # account, as on the fast path.
                context["auth_type"] = "none"  # botocore's own mark of an unsigned operation
            return None  # botocore serialises and signs; ``before-send`` answers the bytes
        key = access_key_of(getattr(request_signer, "_credentials", None))
        kept = context.pop(_PARAMS_KEY, None) or {}
        answer = dispatch(
            store,
            model,
            kept,
            account_for_key(key, store),
            context.get("client_region") or "us-east-1",
            access_key=key,
            validated=not getattr(context.get("client_config"), _UNVALIDATED, False),
            unsent=True,
        )
    except NotEmulatedError as error:
        mock = underneath.answering(model.service_model.service_name, model.name) if error.passable else None
        if mock is not None:
            # The account eventmock would have answered in, for the mock underneath
            # to answer in too (``None``: the credentials name none; it decides).
            account = account_for(getattr(request_signer, "_credentials", None), store)
            context[_PASSED_KEY] = (mock, account if account != DEFAULT_ACCOUNT_ID else None)
            passed = context.pop(_PARAMS_KEY, None) or kept
            if store.lenient and passed:
                from eventmock.core import leniency

                leniency.audit(store, model.service_model.service_name, model.name, passed)
            return None  # the mock underneath answers in ``before-send``
        raise
    parsed = answer.parsed
    metadata: dict[str, Any] = {"RequestId": answer.request_id}
    if "x-amz-id-2" in answer.headers:
        metadata["HostId"] = answer.headers["x-amz-id-2"]
    metadata.update(HTTPStatusCode=answer.status, HTTPHeaders=answer.headers, RetryAttempts=0)
    parsed["ResponseMetadata"] = metadata
    if model.has_streaming_output and getattr(context.get("client_config"), aio.ASYNC_CLIENT, False):
        aio.async_outputs(model, parsed)
    return _Response(params.get("url"), answer.status, answer.headers), parsed


#: Protocols whose requests botocore encodes as UTF-8 text whole (a form, an XML
#: document, the URL and headers); the JSON protocols escape what UTF-8 cannot hold.
_UTF8_ENCODED = frozenset({"query", "rest-xml"})


def _check_encodable(params: dict[str, Any]) -> None:
    """Raise what botocore raises preparing a request of a UTF-8 encoded protocol
    (SNS, STS, S3) that holds a lone surrogate: the ``UnicodeEncodeError`` of
    encoding it, before anything is sent (docs/wire.md, "Text AWS never receives")."""
    found = text.first_lone_surrogate(params)
    if found is not None:
        found.encode("utf-8")  # raises, as botocore's AWSRequest.prepare does


class _Response(AWSResponse):  # type: ignore[misc]
    """The HTTP response of a fast-path answer. botocore reads its status; its
    headers (a case-insensitive ``HeadersDict``, costly to build) are made only if a
    handler asks for them."""

    def __init__(self, url: str | None, status_code: int, headers: dict[str, str]) -> None:  # noqa: super not called
        self.url = url
        self.status_code = status_code
        self.raw = None
        self._content = None
        self._plain_headers = headers
        self._headers: HeadersDict | None = None

    @property
    def headers(self) -> HeadersDict:
        if self._headers is None:
            self._headers = HeadersDict(self._plain_headers)
        return self._headers

    @headers.setter
    def headers(self, value: Any) -> None:
        self._headers = HeadersDict(value)


#: Set on the ``Config`` of a client whose params botocore does not validate
#: (``Config(parameter_validation=False)`` or the config file's ``parameter_validation``):
#: the fast path then checks their types itself. botocore keeps the setting only in the
#: client's serializer, which no hook sees; the client's own ``Config`` (the request
#: context's ``client_config``) does not carry it.
_UNVALIDATED = "eventmock_unvalidated"


class _ClientMark:
    """A base of every client class made after ``import eventmock``: marks the client's
    config when its serializer does not validate params, and when it is made inside
    a mock (:data:`MADE_IN_MOCK`); leaves room for a store to bind it
    (:data:`BOUND_STORE`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        serializer = kwargs.get("serializer", args[0] if args else None)
        config = kwargs.get("client_config")
        if config is not None:
            if not isinstance(serializer, ParamValidationDecorator):
                setattr(config, _UNVALIDATED, True)
            setattr(config, BOUND_STORE, None)
            setattr(config, MADE_IN_MOCK, _made_in_mock(kwargs.get("request_signer")))
            if inspect.iscoroutinefunction(getattr(self, "_make_api_call", None)):
                setattr(config, aio.ASYNC_CLIENT, True)


#: The access key of the fake credentials a mock puts in place
#: (``activation.FAKE_CREDENTIALS``, ``containment.harmless_files``).
_FAKE_ACCESS_KEY = "testing"
#: On a credentials object that a client made inside a mock read the fake key from.
_FAKE_MARK = "_eventmock_fake"


def _made_in_mock(request_signer: Any) -> bool:
    """Whether a client belongs to a mock: made inside one, or made since from a
    session whose credentials it resolved inside one (they are the mock's fake keys:
    ``boto3.Session()`` made before a mock and first used inside it)."""
    credentials = getattr(request_signer, "_credentials", None)
    if active.store is not None:
        if credentials is not None and access_key_of(credentials) == _FAKE_ACCESS_KEY:
            setattr(credentials, _FAKE_MARK, True)
        return True
    return getattr(credentials, _FAKE_MARK, False) is True


def _mark_client_class(base_classes: list[type], **_: Any) -> None:
    if _ClientMark not in base_classes:
        base_classes.insert(0, _ClientMark)


def _send(request: Any, **_: Any) -> AWSResponse | None:
    context = getattr(request, "context", None)
    store = store_of(context)
    if store is None:
        return None
    passed = (context or {}).get(_PASSED_KEY)
    if passed is not None:
        mock, account = passed
        if account is not None:
            mock.in_account(request, account)
        return None  # the mock underneath answers
    if not active.wire:
        return None
    from eventmock.core.wire import hook

    underneath.claim(request)  # botocore still calls the other ``before-send`` handlers
    return hook.answer(request, store)


_HANDLERS = [
    ("creating-client-class", _mark_client_class),
    ("before-parameter-build", _keep_params),
    ("before-call", _answer),
    ("before-send", _send),
]


def _carry_context() -> None:
    """Give prepared requests their request's context, as newer botocore releases do
    (``AWSPreparedRequest.context``; older ones, such as the one aioboto3 pins, drop
    it): ``before-send`` and the send guard read it."""
    from botocore.awsrequest import AWSPreparedRequest, AWSRequest

    if "context" in inspect.signature(AWSPreparedRequest.__init__).parameters or getattr(AWSRequest.prepare, "_eventmock", False):
        return
    prepare = AWSRequest.prepare

    def prepare_with_context(self: Any) -> Any:
        prepared = prepare(self)
        prepared.context = self.context
        return prepared

    prepare_with_context._eventmock = True  # type: ignore[attr-defined]
    AWSRequest.prepare = prepare_with_context


def install() -> None:
    """Add the hooks to botocore's builtin handlers (once), and to boto3's default
    session if one was created before eventmock was imported.

    They go first in the list: among the handlers of one event, botocore calls those
    registered first first, so the fast path answers before botocore's own generic
    ``before-call`` handlers add headers to a request that will never be sent (a
    handler registered for a more specific event, such as a ``Stubber``'s on one
    client, still comes before them)."""
    sigv4a.install()
    _carry_context()
    for spec in reversed(_HANDLERS):
        if spec not in _botocore_handlers.BUILTIN_HANDLERS:
            _botocore_handlers.BUILTIN_HANDLERS.insert(0, spec)
    boto3 = sys.modules.get("boto3")
    session = getattr(boto3, "DEFAULT_SESSION", None)
    if session is not None:
        events = session._session.get_component("event_emitter")
        for event, handler in _HANDLERS:
            events.register_first(event, handler, unique_id=f"eventmock-{event}")
