"""Wire mode's ``before-send`` answer: botocore's prepared request to an ``AWSResponse``.

botocore has validated, serialised and signed the call; the request goes through
:func:`~eventmock.core.wire.endpoint.handle`, and the bytes that come back are what
botocore's own parser reads, retries included, exactly as if AWS had sent them.
"""

from __future__ import annotations

import inspect
import io
from typing import Any

from botocore.awsrequest import AWSResponse

from eventmock.core import aio
from eventmock.core.store import Store
from eventmock.core.text import utf8
from eventmock.core.wire import endpoint
from eventmock.core.wire.http import HttpRequest, HttpResponse


class RawBody(io.BytesIO):
    """The raw response botocore reads: all at once (``stream``) or as a stream."""

    def stream(self, amt: int = 1024, decode_content: bool = True) -> Any:
        while chunk := self.read(amt):
            yield chunk


def _body(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if isinstance(body, str):
        return utf8(body)
    if hasattr(body, "read"):
        data = body.read()  # a file-like payload: botocore rewinds it on a retry
        return utf8(data) if isinstance(data, str) else bytes(data)
    # A raw payload of another type (``Payload=0`` with parameter validation off):
    # botocore passes it on as it is; the wire would carry its text.
    return utf8(str(body))


def answer(request: Any, store: Store) -> Any:
    """The answer to ``request``: an ``AWSResponse``, or for an aiobotocore client a
    coroutine (its event emitter awaits it) of an ``AioAWSResponse``."""
    context = getattr(request, "context", None) or {}
    if getattr(context.get("client_config"), aio.ASYNC_CLIENT, False):
        return _answer_async(request, store, context)
    response = _handle(request, store, context, _body(request.body))
    return AWSResponse(request.url, response.status, response.headers, RawBody(response.body))


async def _answer_async(request: Any, store: Store, context: dict[str, Any]) -> Any:
    body = request.body
    if hasattr(body, "read") and inspect.iscoroutinefunction(body.read):
        body = await body.read()  # aiobotocore's streaming payloads read asynchronously
    response = _handle(request, store, context, _body(body))
    return aio.response(request.url, response.status, response.headers, response.body)


def _handle(request: Any, store: Store, context: dict[str, Any], body: bytes) -> HttpResponse:
    http_request = HttpRequest.from_url(request.method, request.url, request.headers.items(), body)
    return endpoint.handle(http_request, store, context.get("client_region") or "us-east-1")
