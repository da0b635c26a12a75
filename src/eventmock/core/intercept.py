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
import inspect
import re
import sys
from collections.abc import Callable
from typing import Any

from botocore import handlers as _botocore_handlers
from botocore.awsrequest import AWSResponse, HeadersDict
from botocore.model import OperationModel
from botocore.validate import ParamValidationDecorator

from eventmock.core import aio, clock, registry, shapes, sigv4a, text, underneath
from eventmock.core.answers import Answer, _headers, error_answer, internal_failure
from eventmock.core.backend import Call, Reply, _current_call, current_params
from eventmock.core.errors import EventmockError, NotEmulatedError, ServiceError
from eventmock.core.store import Store

DEFAULT_ACCOUNT_ID = "123456789012"
_PARAMS_KEY = "eventmock_params"
#: Marks, in the request context, a call handed to the mock underneath.
_PASSED_KEY = "eventmock_passed_on"
_ACCOUNT_RE = re.compile(r"\d{12}")


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
        constraints = op.client_checked_constraints if validated else op.constraints
        if constraints is not None:
            problems = constraints(api_params)
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


#: On the ``Config`` of every client made after ``import eventmock`` (its
#: ``client_config``, which the request context carries):
#: the store whose state answers the client's calls whatever mock is active, for the
#: clients a store makes for itself (:meth:`Store.client`); ``None`` for the others.
BOUND_STORE = "eventmock_store"
#: ``True`` on the ``Config`` of a client made while a mock was active: once no mock
#: is active, the send guard refuses what it would send out of the machine
#: (:mod:`eventmock.core.containment`).
MADE_IN_MOCK = "eventmock_made_in_mock"
#: ``True`` on the ``Config`` of a store's client whose every call the active mock
#: underneath answers (``Store.client(..., underneath=True)``).
HAND_OVER = "eventmock_hand_over"


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
    config = context.get("client_config")
    bound = getattr(config, BOUND_STORE, None)
    store = bound or active.store  # store_of, inlined
    if store is None:
        return None
    if bound is not None and getattr(config, HAND_OVER, False):
        _hand_over(model, request_signer, context, store)
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
            if underneath._bridges:
                underneath.handing(mock, model.service_model.service_name)
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


def _hand_over(model: OperationModel, request_signer: Any, context: dict[str, Any], store: Store) -> None:
    """Give a call of a :data:`HAND_OVER` client to the active mock underneath that
    answers it, in the account its credentials name."""
    service = model.service_model.service_name
    mock = underneath.answering(service, model.name)
    if mock is None:
        raise NotEmulatedError(service, model.name, f"no mock underneath answers {service}.{model.name}")
    account = account_for(getattr(request_signer, "_credentials", None), store)
    context[_PASSED_KEY] = (mock, account if account != DEFAULT_ACCOUNT_ID else None)
    context.pop(_PARAMS_KEY, None)


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
