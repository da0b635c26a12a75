"""One HTTP request in, one HTTP response out: what wire mode and the server share.

:func:`handle` finds the service (:mod:`.routing`), parses the request into the
operation and boto3's params (:mod:`.parsers`), runs the same
:func:`~eventmock.core.intercept.dispatch` as the fast path, in the account the
request's access key names and the region its signature names, and serializes the
answer as AWS would (:mod:`.serializers`).
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Any

from eventmock.core import answers, intercept, registry
from eventmock.core.errors import NotEmulatedError, ServiceError
from eventmock.core.store import Store
from eventmock.core.wire import query_compat, routing
from eventmock.core.wire.http import HttpRequest, HttpResponse, decode_aws_chunked
from eventmock.core.validation import InputProblem
from eventmock.core.wire.parsers import PARSERS, CBORRequestParser, RequestParseError, RequestParser
from eventmock.core.wire.serializers import SERIALIZERS, CBORResponseSerializer, ResponseSerializer

if TYPE_CHECKING:
    from eventmock.core.wire.longpoll import LongPoll

_codecs: dict[tuple[str, bool], tuple[RequestParser, ResponseSerializer]] = {}
_lock = threading.Lock()


def codecs(service: str, cbor: bool = False) -> tuple[RequestParser, ResponseSerializer]:
    """The request parser and response serializer of an emulated service; ``cbor``:
    for a JSON-protocol request encoded in CBOR (:func:`is_cbor`)."""
    found = _codecs.get((service, cbor))
    if found is None:
        with _lock:
            model = routing.models.model(service)
            protocol = registry.protocol_of(model)
            if protocol not in PARSERS:
                raise NotEmulatedError(service, "", f"eventmock has no codec for the {protocol!r} protocol of {service!r}")
            if cbor and protocol == "json":
                found = (CBORRequestParser(model, routing.models.router(service)), CBORResponseSerializer(model))
            else:
                found = (PARSERS[protocol](model, routing.models.router(service)), SERIALIZERS[protocol](model))
            _codecs[(service, cbor)] = found
    return found


def is_cbor(request: HttpRequest) -> bool:
    """Whether a request is encoded in CBOR (``Content-Type: application/x-amz-cbor-1.1``,
    what the AWS SDK for Java sends Kinesis by default); its answer is too."""
    return (request.headers.get("content-type") or "").lower().startswith("application/x-amz-cbor")


# S3 names the bucket in the host when it can ("virtual-hosted style"):
# bucket.s3.amazonaws.com, bucket.s3.eu-west-1.amazonaws.com, bucket.s3-eu-west-1...,
# and against a local endpoint, bucket.localhost.
_S3_VIRTUAL_HOST = re.compile(r"(?P<bucket>.+?)\.(?:s3[.-][^/]*amazonaws\.com(?:\.cn)?|localhost)")


def _path_style(service: str, request: HttpRequest) -> HttpRequest:
    if service == "s3":
        found = _S3_VIRTUAL_HOST.fullmatch(request.host)
        if found is not None:
            request.path = "/" + found.group("bucket") + request.path
            request.host = request.host[len(found.group("bucket")) + 1 :]
    return request


def service_of(request: HttpRequest, scope: routing.Scope) -> str:
    service = routing.models.service_of(request, scope)
    if service is None:
        label = "" if routing.is_address(request.host) else request.host.split(".", 1)[0]
        name = scope.signing_name or label or "?"
        target = request.headers.get("x-amz-target") or f"{request.method} {request.path}"
        raise NotEmulatedError(name, target, f"eventmock does not emulate the service {name!r} ({target} was called)")
    return service


def missing_signature(request: HttpRequest, scope: routing.Scope) -> HttpResponse:
    """AWS's answer to a request with no signature, in the protocol of the service it
    is for (JSON when none can be told): ``MissingAuthenticationToken`` (query
    protocol), ``MissingAuthenticationTokenException`` (JSON protocols), S3's
    ``AccessDenied``; HTTP 403."""
    service = routing.models.service_of(request, scope) or _unsigned_service(request)
    if service is None:
        body = b'{"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}'
        headers = {"content-type": "application/x-amz-json-1.1", "x-amzn-errortype": "MissingAuthenticationTokenException"}
        return HttpResponse(403, {**headers, "content-length": str(len(body))}, body)
    _, serializer = codecs(service, is_cbor(request))
    table = registry.table(routing.models.model(service))
    if query_compat.has_query(service) and query_compat.speaks_query(request):
        _, serializer = query_compat.codecs(service)
        error = ServiceError("MissingAuthenticationTokenException", "Missing Authentication Token", status=403, query_code="MissingAuthenticationToken")
    elif service == "s3":
        error = ServiceError("AccessDenied", "Access Denied", status=403)
    elif table.protocol == "query":
        error = ServiceError("MissingAuthenticationToken", "Request is missing Authentication Token", status=403)
    else:
        error = ServiceError("MissingAuthenticationTokenException", "Missing Authentication Token", status=403)
    answer = answers.error_answer(table, request.method, error, table.new_request_id())
    return serializer.serialize_error(request.method, answer)


def _unsigned_service(request: HttpRequest) -> str | None:
    """The emulated service a request with nothing naming it (no signature, an IP
    address as host) seems to be for, so that its error is one the client's SDK reads:
    the query service with its ``Action``, else the rest service one of whose paths it
    fits (S3, which fits nearly any, last)."""
    action = next((v for k, v in routing.form_params(request) if k == "Action"), None)
    services = sorted(registry.SERVICES, key=lambda name: name == "s3")
    for service in services:
        model = routing.models.model(service)
        if action is not None:
            if (registry.protocol_of(model) == "query" or query_compat.has_query(service)) and action in model.operation_names:
                return service
        elif registry.protocol_of(model).startswith("rest-") and routing.models.router(service).match(request) is not None:
            return service
    return None


def handle(
    request: HttpRequest,
    store: Store,
    default_region: str = "us-east-1",
    endpoint_url: str | None = None,
    signed_only: bool = False,
    long_poll: LongPoll | None = None,
) -> HttpResponse:
    """Answer one request with ``store``'s backends. ``endpoint_url``: the URL the
    request was sent to, when it came over HTTP to eventmock's server (``None`` in wire
    mode, where the client believes it talks to AWS). Raises
    :class:`~eventmock.core.errors.NotEmulatedError` for a service or operation not
    emulated, and :class:`LookupError` for a request that matches no operation. A
    request routed to an operation whose members cannot be read (not JSON, nested too
    deep, a number label that is no number) gets the service's answer to malformed
    input; a failure inside eventmock, ``InternalFailure`` (logged). ``signed_only``
    (the server): a request without a signature (:func:`routing.is_signed`) gets
    :func:`missing_signature`'s answer. ``long_poll`` (the server): an empty answer
    to a call that may wait (SQS's ``ReceiveMessage`` with ``WaitTimeSeconds``) waits
    for a change, and is asked again (:mod:`.longpoll`). A service that still answers
    an older protocol (SQS's query) is answered in the protocol the request speaks
    (:mod:`.query_compat`)."""
    scope = routing.scope_of(request)
    if signed_only and not routing.is_signed(request):
        return missing_signature(request, scope)
    service = service_of(request, scope)
    request = _path_style(service, request)
    decode_aws_chunked(request)
    parser, serializer = codecs(service, is_cbor(request))
    if query_compat.has_query(service) and query_compat.speaks_query(request):
        parser, serializer = query_compat.codecs(service)
    model = routing.models.model(service)  # the dispatch's: the service's own protocol
    try:
        wire_op, params = parser.parse(request)
    except LookupError:
        if isinstance(serializer, query_compat.QueryCompatSerializer):
            return query_compat.invalid_action(request, serializer)
        raise NotEmulatedError(service, f"{request.method} {request.path}") from None
    except RequestParseError as exc:
        if exc.operation is None:
            raise
        request.operation = f"{service}.{exc.operation.name}"
        table, _ = intercept.operation(model.operation_model(exc.operation.name))
        error = table.bad_input(InputProblem.malformed(exc.message, exc.member))
        answer = answers.error_answer(table, exc.operation.http.get("method", "POST"), error, table.new_request_id())
        return serializer.serialize(exc.operation, answer)
    request.operation = f"{service}.{wire_op.name}"
    table = registry.table(model)
    if table.operations.get(wire_op.name) is None:
        raise NotEmulatedError(service, wire_op.name)
    op = wire_op if wire_op.service_model is model else model.operation_model(wire_op.name)
    key = scope.access_key or None
    account, region = intercept.account_for_key(key, store), scope.region or default_region
    if long_poll is None:
        answer = intercept.dispatch(store, op, params, account, region, endpoint_url, key)
    else:

        def call(name: str, more: dict[str, Any]) -> answers.Answer:
            return intercept.dispatch(store, model.operation_model(name), more, account, region, endpoint_url, key)

        answer = long_poll.run(service, op.name, params, lambda: call(op.name, params), call)
    try:
        return serializer.serialize(wire_op, answer)
    except Exception as exc:  # noqa: BLE001 - the net, as in dispatch
        failed = answers.internal_failure(table, op.http.get("method", "POST"), exc, answer.request_id, f"{service}.{op.name} (serializing)")
        return serializer.serialize(wire_op, failed)
