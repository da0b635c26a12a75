"""What a mocked call answers, as botocore would parse it from AWS's response: the
:class:`Answer` of a backend, and of a failed call its error (``Error``, the error
shape's members, AWS's status and headers for each protocol). :mod:`.intercept` makes
answers on the fast path; the wire serializers (:mod:`eventmock.core.wire`) write the
same answers as AWS's bytes."""

from __future__ import annotations

import http.client
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from botocore.model import Shape

from eventmock.core import clock, ids, registry, shapes, text
from eventmock.core.errors import ServiceError

logger = logging.getLogger("eventmock")


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
