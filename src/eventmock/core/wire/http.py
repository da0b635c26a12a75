"""HTTP requests and responses as the codecs see them: plain data, no HTTP library."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import parse_qsl, urlsplit


class Headers:
    """Request headers: looked up without regard to case, listed with the case they
    came in (a prefix-bound map such as S3's ``x-amz-meta-*`` keeps its keys' case)."""

    def __init__(self, items: Iterable[tuple[str, str | bytes]] = ()) -> None:
        self.items: list[tuple[str, str]] = [(name, _text(value)) for name, value in items]
        self._lower = {name.lower(): value for name, value in self.items}

    def get(self, name: str, default: str | None = None) -> str | None:
        return self._lower.get(name.lower(), default)

    def set(self, name: str, value: str | None) -> None:
        """Replace (or with ``None`` remove) a header."""
        self.items = [(k, v) for k, v in self.items if k.lower() != name.lower()]
        self._lower.pop(name.lower(), None)
        if value is not None:
            self.items.append((name, value))
            self._lower[name.lower()] = value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._lower

    def __repr__(self) -> str:
        return f"Headers({self.items!r})"


def _text(value: str | bytes) -> str:
    # HTTP header values are ISO-8859-1 on the wire (http.server decodes them so too).
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


@dataclass
class HttpRequest:
    method: str
    #: The path as sent: percent-encoded, without the query string.
    path: str
    #: The raw query string (no ``?``).
    query: str = ""
    headers: Headers = field(default_factory=Headers)
    body: bytes = b""
    #: The Host header's host, without the port (virtual-hosted S3 buckets live there).
    host: str = ""
    #: ``service.Operation`` (``sns.Publish``) once :func:`.endpoint.handle` has routed
    #: the request; the server's ``--verbose`` line names it.
    operation: str = ""

    @classmethod
    def from_url(
        cls, method: str, url: str, headers: Iterable[tuple[str, str | bytes]] = (), body: bytes | str | None = None
    ) -> HttpRequest:
        parts = urlsplit(url)
        wrapped = Headers(headers)
        host = wrapped.get("host") or parts.netloc
        return cls(
            method=method.upper(),
            path=parts.path or "/",
            query=parts.query,
            headers=wrapped,
            body=body.encode("utf-8") if isinstance(body, str) else (body or b""),
            host=host.rsplit("@", 1)[-1].split(":", 1)[0] if not host.startswith("[") else host.split("]", 1)[0] + "]",
        )

    @cached_property
    def query_params(self) -> list[tuple[str, str]]:
        """The query string's pairs, decoded, in order (a key may repeat)."""
        return parse_qsl(self.query, keep_blank_values=True)


def decode_aws_chunked(request: HttpRequest) -> None:
    """Undo ``Content-Encoding: aws-chunked`` (S3 uploads with a trailing checksum, or
    signed chunk by chunk): the body becomes the payload, the trailers headers, and
    ``Content-Length`` the decoded length, as S3 sees them."""
    encoding = request.headers.get("content-encoding") or ""
    codings = [c.strip() for c in encoding.split(",") if c.strip()]
    if "aws-chunked" not in codings:
        return
    body, position, chunks = request.body, 0, []
    while True:
        end = body.index(b"\r\n", position)
        size = int(body[position:end].split(b";", 1)[0], 16)  # ";chunk-signature=..." aside
        position = end + 2
        if size == 0:
            break
        chunks.append(body[position : position + size])
        position += size + 2
    for line in body[position:].split(b"\r\n"):
        name, colon, value = line.decode("latin-1").partition(":")
        if colon:
            request.headers.set(name.strip(), value.strip())
    request.body = b"".join(chunks)
    rest = [c for c in codings if c != "aws-chunked"]
    request.headers.set("Content-Encoding", ", ".join(rest) or None)
    request.headers.set("Content-Length", request.headers.get("x-amz-decoded-content-length") or str(len(request.body)))


@dataclass
class HttpResponse:
    status: int
    headers: dict[str, str]
    body: bytes = b""
