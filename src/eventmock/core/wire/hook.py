"""Wire mode's ``before-send`` answer: botocore's prepared request to an ``AWSResponse``.

botocore has validated, serialised and signed the call; the request goes through
:func:`~eventmock.core.wire.endpoint.handle`, and the bytes that come back are what
botocore's own parser reads, retries included, exactly as if AWS had sent them.
"""

from __future__ import annotations

import io
from typing import Any

from botocore.awsrequest import AWSResponse

from eventmock.core.store import Store
from eventmock.core.text import utf8
from eventmock.core.wire import endpoint
from eventmock.core.wire.http import HttpRequest


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


def answer(request: Any, store: Store) -> AWSResponse:
    http_request = HttpRequest.from_url(request.method, request.url, request.headers.items(), _body(request.body))
    region = (getattr(request, "context", None) or {}).get("client_region") or "us-east-1"
    response = endpoint.handle(http_request, store, region)
    return AWSResponse(request.url, response.status, response.headers, RawBody(response.body))
