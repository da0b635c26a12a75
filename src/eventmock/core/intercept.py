"""The botocore hooks: where a boto3 call is answered by a backend.

Two handlers, appended to botocore's builtin handler list at ``import eventmock`` so
that every botocore session created afterwards carries them (and every client made
from such a session, before or after a mock is entered):

``before-parameter-build``
    keeps a reference to the call's params in the request context.
``before-call``
    with no mock active, returns ``None`` and botocore goes on as usual. With one
    active, answers the call: finds the backend for (service, account, region), calls
    the operation's method with the params as keyword arguments, shapes the result by
    the operation's output shape and returns ``(AWSResponse, parsed)``, which botocore
    treats as the service's answer. By then botocore has validated the params; nothing
    is signed or sent. A call to a service or operation eventmock does not emulate
    raises :class:`~eventmock.core.errors.NotEmulatedError` instead of going out.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from botocore import handlers as _botocore_handlers
from botocore.awsrequest import AWSResponse
from botocore.model import OperationModel

from eventmock.core import clock, ids, registry, shapes, validation
from eventmock.core.backend import Call, _current_call
from eventmock.core.errors import NotEmulatedError, ServiceError
from eventmock.core.store import Store

DEFAULT_ACCOUNT_ID = "123456789012"
_PARAMS_KEY = "eventmock_params"
_ACCOUNT_RE = re.compile(r"\d{12}")


class _Active:
    """The store of the active mock, or ``None`` when no mock is active."""

    store: Store | None = None


active = _Active()


def account_for(credentials: Any) -> str:
    """The account a client's credentials name: a 12-digit access key id is taken as
    the account id, anything else is the default account. Refreshable credentials
    are read without refreshing them, so no credential provider is ever called."""
    if credentials is None:
        return DEFAULT_ACCOUNT_ID
    attrs = vars(credentials)
    key = attrs.get("access_key") or attrs.get("_access_key")
    if isinstance(key, str) and _ACCOUNT_RE.fullmatch(key):
        return key
    return DEFAULT_ACCOUNT_ID


def _keep_params(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    if active.store is not None:
        context[_PARAMS_KEY] = params


def _answer(
    model: OperationModel,
    params: dict[str, Any],
    request_signer: Any = None,
    context: dict[str, Any] | None = None,
    **_: Any,
) -> tuple[AWSResponse, dict[str, Any]] | None:
    store = active.store
    if store is None:
        return None
    service_model = model.service_model
    service = service_model.service_name
    if not registry.is_emulated(service):
        raise NotEmulatedError(service, model.name, f"eventmock does not emulate the service {service!r} ({model.name} was called)")
    table = registry.table(service_model)
    op = table.operations.get(model.name)
    if op is None:
        raise NotEmulatedError(service, model.name)
    context = context if context is not None else {}
    call = Call(
        service=service,
        operation=model.name,
        account_id=account_for(getattr(request_signer, "_credentials", None)),
        region=context.get("client_region") or "us-east-1",
        request_id=ids.request_id(),
    )
    api_params = op.input(context.pop(_PARAMS_KEY, None) or {})
    if op.accepted is not None and not op.accepted.issuperset(api_params):
        unknown = ", ".join(sorted(set(api_params) - op.accepted))
        raise NotEmulatedError(service, model.name, f"eventmock does not emulate the parameter(s) {unknown} of {service}.{model.name}")
    token = _current_call.set(call)
    try:
        if op.constraints is not None:
            problems = op.constraints(api_params)
            if problems:
                raise ServiceError(table.constraint_error or "ValidationException", validation.message(problems), status=400)
        with store.lock:
            backend = store.backend(service, call.account_id, call.region)
            result = getattr(backend, op.method)(**api_params)
        parsed = (op.strict_output if shapes.is_strict() else op.output)(result or {})
        status = parsed.get(op.status_member, op.status) if op.status_member else op.status
    except ServiceError as error:
        status, parsed = _error(table, error, call.request_id)
    finally:
        _current_call.reset(token)
    headers = _headers(table, call.request_id, status)
    if status >= 300:
        error_info = parsed["Error"]
        if "QueryErrorCode" in error_info:
            headers["x-amzn-query-error"] = f"{error_info['Code']};{error_info['Type']}"
        elif table.protocol == "rest-json":
            headers["x-amzn-errortype"] = error_info["Code"]
    parsed["ResponseMetadata"] = {
        "RequestId": call.request_id,
        "HTTPStatusCode": status,
        "HTTPHeaders": headers,
        "RetryAttempts": 0,
    }
    return AWSResponse(params.get("url"), status, headers, None), parsed


def _error(table: registry.ServiceTable, error: ServiceError, request_id: str) -> tuple[int, dict[str, Any]]:
    """What botocore parses from AWS's error response: ``Error`` with code and message,
    plus the error shape's members at the top level (botocore adds those too)."""
    shape = table.error_shape(error.code)
    strict = shapes.is_strict()
    if shape is None:
        if strict and error.status is None:
            raise AssertionError(f"{error.code} is not an error of {table.service}'s model; give its status explicitly")
        status, parsed = error.status or 400, {}
    else:
        status = error.status or shape.metadata.get("error", {}).get("httpStatusCode", 400)
        fields = dict(error.fields)
        for name in ("Message", "message"):
            if name in shape.members:
                fields.setdefault(name, error.message)
        parsed = table.error_shaper(shape, strict)(fields)
    if error.query_code:
        parsed["Error"] = {
            "Code": error.query_code,
            "Message": error.message,
            "QueryErrorCode": error.code,
            "Type": "Sender" if status < 500 else "Receiver",
        }
    else:
        parsed["Error"] = {"Code": error.code, "Message": error.message}
    return status, parsed


_CONTENT_TYPES = {"rest-json": "application/json", "rest-xml": "application/xml", "query": "text/xml", "ec2": "text/xml"}


def _headers(table: registry.ServiceTable, request_id: str, status: int) -> dict[str, str]:
    content_type = _CONTENT_TYPES.get(table.protocol) or f"application/x-amz-json-{table.json_version}"
    headers = {"date": clock.http_date(), "content-type": content_type}
    if table.protocol == "rest-xml":
        headers["x-amz-request-id"] = request_id
    else:
        headers["x-amzn-requestid"] = request_id
    return headers


_HANDLERS = [
    ("before-parameter-build", _keep_params),
    ("before-call", _answer),
]


def install() -> None:
    """Add the hooks to botocore's builtin handlers (once), and to boto3's default
    session if one was created before eventmock was imported."""
    for spec in _HANDLERS:
        if spec not in _botocore_handlers.BUILTIN_HANDLERS:
            _botocore_handlers.BUILTIN_HANDLERS.append(spec)
    boto3 = sys.modules.get("boto3")
    session = getattr(boto3, "DEFAULT_SESSION", None)
    if session is not None:
        events = session._session.get_component("event_emitter")
        for event, handler in _HANDLERS:
            events.register(event, handler, unique_id=f"eventmock-{event}")
