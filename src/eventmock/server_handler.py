"""The server's request handling, for :class:`eventmock.server.EventmockServer`: HTTP/1.1
requests (framing, limits, the ``Host``/``Origin`` checks, AWS's refusals) and HTTP/2
with prior knowledge (each stream answered as an HTTP/1.1 request), each handed to
:func:`eventmock.core.wire.endpoint.handle`. Imported when a server is made, not by
``import eventmock``."""

from __future__ import annotations

import io
import json
import logging
import socket
import sys
import time
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from eventmock.server import _FORM_TYPES, _OWN_PREFIX, _PIECE, BACKLOG, MAX_BODY, MAX_BODY_BY_SERVICE, _host_name

if TYPE_CHECKING:
    from http.server import ThreadingHTTPServer

    from eventmock.server import EventmockServer


class _Headers:
    """Request headers as read: looked up without regard to case."""

    def __init__(self, fields: list[tuple[str, str]]) -> None:
        self.fields = fields
        self._first: dict[str, str] = {}
        for name, value in fields:
            self._first.setdefault(name.lower(), value)

    def get(self, name: str, default: str | None = None) -> str | None:
        return self._first.get(name.lower(), default)

    def get_all(self, name: str) -> list[str] | None:
        lowered = name.lower()
        found = [value for key, value in self.fields if key.lower() == lowered]
        return found or None

    def items(self) -> list[tuple[str, str]]:
        return self.fields


class Refused(Exception):
    """A request the server answers itself, with an AWS-style error."""

    def __init__(self, status: int, code: str, message: str, *, close: bool = False) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.close = status, code, message, close


def error_response(status: int, code: str, message: str, protocol: str = "json") -> tuple[int, dict[str, str], bytes]:
    """An error as an AWS endpoint of ``protocol`` writes it: botocore's parsers read
    the code and message of each (``__type`` and ``x-amzn-ErrorType`` for the JSON
    protocols, ``<Error><Code>`` for rest-xml, ``<ErrorResponse><Error>`` for query)."""
    request_id = str(uuid.uuid4())
    if protocol == "query":
        from xml.sax.saxutils import escape

        kind = "Sender" if status < 500 else "Receiver"
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>{kind}</Type><Code>{escape(code)}</Code>'
            f"<Message>{escape(message)}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>"
        ).encode()
        return status, {"Content-Type": "text/xml", "x-amzn-RequestId": request_id}, body
    if protocol == "rest-xml":
        from xml.sax.saxutils import escape

        body = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{escape(code)}</Code><Message>{escape(message)}</Message>'
            f"<RequestId>{request_id}</RequestId></Error>"
        ).encode()
        return status, {"Content-Type": "application/xml", "x-amz-request-id": request_id}, body
    body = json.dumps({"__type": code, "message": message}).encode()
    return status, {"Content-Type": "application/x-amz-json-1.1", "x-amzn-ErrorType": code, "x-amzn-RequestId": request_id}, body


def make_server(host: str, port: int, owner: EventmockServer) -> ThreadingHTTPServer:
    from http import HTTPStatus
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from eventmock.core import registry
    from eventmock.core.errors import NotEmulatedError
    from eventmock.core.wire import endpoint, h2c, query_compat, routing
    from eventmock.core.wire.http import HttpRequest
    from eventmock.core.wire.parsers import RequestParseError

    phrases = {status.value: status.phrase for status in HTTPStatus}
    codes = {400: "BadRequest", 408: "RequestTimeout", 413: "RequestEntityTooLarge", 414: "RequestURITooLong",
             431: "RequestHeaderFieldsTooLarge", 501: "NotImplemented", 505: "HTTPVersionNotSupported"}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "eventmock"
        sys_version = ""
        disable_nagle_algorithm = True  # TCP_NODELAY (StreamRequestHandler.setup)

        def setup(self) -> None:
            super().setup()
            self.answered = False
            self.started = 0.0
            self.headers = cast(Any, _Headers([]))
            self.framing: tuple[str, int] | None = None
            self.body: bytes | None = None
            self.opened = owner._opened(self)

        def handle(self) -> None:
            self.close_connection = not self.opened
            while not self.close_connection:
                self.handle_one_request()

        def finish(self) -> None:
            try:
                super().finish()
            except OSError:
                pass
            finally:
                owner._closed(self)

        def handle_one_request(self) -> None:
            self.answered, self.framing, self.body = False, None, None
            self.operation = ""  # service.Operation, once routed (the --verbose line)
            self.found: tuple[str] | None = None
            self.command, self.request_version, self.requestline, self.path = "", "HTTP/1.1", "", ""
            self.headers = cast(Any, _Headers([]))
            self.connection.settimeout(owner.idle_timeout)
            try:
                first = cast(io.BufferedReader, self.rfile).peek(1)  # wait, idle, for the next request to begin
            except OSError:  # a timeout, or the client went away
                first = b""
            if not first:
                self.close_connection = True
                return
            owner._begin(self)
            self.started = time.perf_counter()
            try:
                self.connection.settimeout(owner.request_timeout)
                self._one_request()
            except Refused as refused:
                self._refuse(refused)
            except TimeoutError:
                self._refuse(Refused(408, "RequestTimeout", f"the request was not received within {owner.request_timeout:g} s", close=True))
            except OSError:  # the client went away (or reset the connection)
                self.close_connection = True
            except Exception as exc:  # noqa: BLE001 - never leave a request unanswered
                logging.getLogger("eventmock").error("eventmock's server failed on a request", exc_info=exc)
                self._refuse(Refused(500, "InternalFailure", f"{type(exc).__name__}: {exc}", close=True))
            finally:
                if not owner._end(self, self.close_connection):
                    self.close_connection = True

        def _one_request(self) -> None:
            self.raw_requestline = self.rfile.readline(65537)
            if len(self.raw_requestline) > 65536:
                raise Refused(414, "RequestURITooLong", "the request line is longer than 65536 bytes", close=True)
            if not self.raw_requestline.endswith(b"\n"):
                raise Refused(400, "BadRequest", "the connection closed before the request line ended", close=True)
            if self.raw_requestline == h2c.PREFACE[:16]:  # "PRI * HTTP/2.0": HTTP/2 with prior knowledge
                return self._h2c()
            if not self.parse_request():  # answered (expecting 100-continue, and refused)
                return
            self.do_request()

        def _h2c(self) -> None:
            """Serve the connection in HTTP/2 (:mod:`eventmock.core.wire.h2c`); it counts
            as idle (stopping the server closes it), and each stream is answered by a
            :class:`StreamHandler`."""
            if self.rfile.read(len(h2c.PREFACE) - 16) != h2c.PREFACE[16:]:
                raise Refused(400, "BadRequest", "bad HTTP/2 connection preface", close=True)
            # what the reader has buffered after the preface (the client's SETTINGS, at
            # least, follows it at once); the connection then reads the socket itself
            reader = cast(io.BufferedReader, self.rfile)
            received = reader.read1(len(reader.peek(1)))
            self.close_connection = True
            owner._end(self, False)
            try:
                connection = h2c.Connection(
                    self.connection,
                    received,
                    lambda method, path, headers: StreamHandler(self, method, path, headers),
                    idle_timeout=owner.idle_timeout,
                    request_timeout=owner.request_timeout,
                )
                connection.serve()
            finally:
                owner._begin(self)

        def parse_request(self) -> bool:
            """The request line and headers (http.server's own goes through the email
            package, a fifth of the server's time per call)."""
            line = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
            self.requestline = line
            words = line.split()
            if len(words) != 3 or not words[2].startswith("HTTP/"):
                raise Refused(400, "BadRequest", f"bad request line {line[:100]!r}", close=True)
            command, path, version = words
            number = version[5:].split(".")
            if len(number) != 2 or not all(n.isdigit() and n.isascii() and len(n) < 4 for n in number):
                raise Refused(400, "BadRequest", f"bad HTTP version {version[:20]!r}", close=True)
            if (int(number[0]), int(number[1])) not in ((1, 0), (1, 1)):
                raise Refused(505, "HTTPVersionNotSupported", f"HTTP version {version[5:20]} is not served (1.1 and 1.0 are)", close=True)
            if path.startswith("//"):
                path = "/" + path.lstrip("/")  # not a URL's authority part
            self.command, self.path, self.request_version = command, path, version
            fields: list[tuple[str, str]] = []
            while True:
                raw = self.rfile.readline(65537)
                if len(raw) > 65536:
                    raise Refused(431, "RequestHeaderFieldsTooLarge", "a header line is longer than 65536 bytes", close=True)
                if raw in (b"\r\n", b"\n"):
                    break
                if not raw.endswith(b"\n"):
                    raise Refused(400, "BadRequest", "the connection closed inside the headers", close=True)
                if len(fields) >= 100:
                    raise Refused(431, "RequestHeaderFieldsTooLarge", "more than 100 headers", close=True)
                text = raw.decode("iso-8859-1")
                if text[:1] in (" ", "\t") and fields:  # obsolete line folding
                    fields[-1] = (fields[-1][0], fields[-1][1] + " " + text.strip())
                    continue
                name, colon, value = text.partition(":")
                if colon and name.strip():
                    fields.append((name.strip(), value.strip()))
            headers = _Headers(fields)
            self.headers = cast(Any, headers)
            connection = (headers.get("Connection") or "").lower()
            if version == "HTTP/1.0":
                self.close_connection = "keep-alive" not in connection
            else:
                self.close_connection = "close" in connection
            if version == "HTTP/1.1" and (headers.get("Expect") or "").lower() == "100-continue":
                return self.handle_expect_100()
            return True

        # -- answers --

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            """http.server's own refusals (bad request line, headers too long or too
            many, ...), as AWS-style errors."""
            self._refuse(Refused(code, codes.get(code, "BadRequest"), message or phrases.get(code, "Bad Request"), close=True))

        def _refuse(self, refused: Refused) -> None:
            if refused.close:
                self.close_connection = True
            if refused.status == 500 or refused.status == 408:
                self.close_connection = True
            if not self.answered:
                self._send(*error_response(refused.status, refused.code, refused.message, self.protocol))

        def _send(self, status: int, headers: dict[str, str], payload: bytes) -> None:
            """The whole response in one write: status line, headers and body."""
            no_body = self.command == "HEAD" or status in (204, 304) or 100 <= status < 200
            if self.body is None and self.framing is not None and self.framing != ("length", 0):
                self.close_connection = True  # the body was not read: the next bytes are not a request
            if owner.stopping:
                self.close_connection = True
            lines = [f"HTTP/1.1 {status} {phrases.get(status, 'Unknown')}", "Server: eventmock", f"Date: {self.date_time_string()}"]
            for name, value in headers.items():
                if name.lower() not in ("content-length", "connection", "transfer-encoding", "server", "date"):
                    lines.append(f"{name}: {value}")
                elif name.lower() == "content-length" and self.command == "HEAD":
                    lines.append(f"{name}: {value}")  # a HEAD answer states the length of what GET would send
            if self.command != "HEAD" and not (status == 204 or status < 200):
                lines.append(f"Content-Length: {0 if no_body else len(payload)}")
            if self.close_connection:
                lines.append("Connection: close")
            head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
            self.answered = True
            if len(payload) > _PIECE:  # sendall's timeout bounds the whole write: 1 MB/s at least
                self.connection.settimeout(owner.request_timeout + len(payload) / 1e6)
            self.wfile.write(head if no_body else head + payload)
            self._log(status, len(payload))

        def _log(self, status: int, size: int) -> None:
            if not owner.verbose:
                return
            took = (time.perf_counter() - self.started) * 1e3
            # the operation, on every protocol (else the target a request named, if any)
            what = self.operation or self.headers.get("X-Amz-Target") or ""
            path = self.path if len(self.path) <= 200 else self.path[:200] + "..."
            line = f"{self.client_address[0]} {what} {self.command or '-'} {path or '-'} -> {status} {size} B {took:.1f} ms"
            try:
                sys.stderr.write(" ".join(line.split()) + "\n")
                sys.stderr.flush()
            except (OSError, ValueError):  # stderr is gone (a closed pipe): the request was answered all the same
                owner.verbose = False

        def log_message(self, format: str, *args: Any) -> None:
            pass  # http.server's own log lines; --verbose writes one line per request in _log

        # -- requests --

        def handle_expect_100(self) -> bool:
            # refuse what would be refused before asking for the body
            try:
                self._check_request()
            except Refused as refused:
                self._refuse(refused)
                return False
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            return True

        def _check_request(self) -> tuple[str, int]:
            """Check a request's headers: its host, where it comes from, its framing and
            size. Returns the framing (``("length", n)`` or ``("chunked", limit)``)."""
            if self.framing is not None:
                return self.framing
            host = self.headers.get("Host")
            if host is not None and not owner.host_allowed(host):
                raise Refused(403, "AccessDenied", f"eventmock does not answer requests for the host {_host_name(host)!r}: only loopback "
                              "names and IP addresses, and hosts allowed with --allow-host", close=True)
            self._check_origin()
            lengths = self.headers.get_all("Content-Length") or []
            encodings = ",".join(self.headers.get_all("Transfer-Encoding") or []).lower()
            if encodings.strip():
                if [c.strip() for c in encodings.split(",") if c.strip()] != ["chunked"] or lengths:
                    raise Refused(400, "BadRequest", f"unsupported Transfer-Encoding {encodings!r} (only chunked, without Content-Length)", close=True)
                self.framing = ("chunked", self._limit())
                return self.framing
            if len(set(lengths)) > 1:
                raise Refused(400, "BadRequest", "more than one Content-Length", close=True)
            length = lengths[0].strip() if lengths else "0"
            if not length.isdigit() or not length.isascii() or len(length) > 19:
                raise Refused(400, "BadRequest", f"Content-Length must be a number of bytes, not {length[:40]!r}", close=True)
            if int(length) > MAX_BODY and int(length) > self._limit():
                raise self._too_large(self._service(), int(length), self._limit())
            self.framing = ("length", int(length))
            return self.framing

        def _too_large(self, service: str | None, length: int | None, limit: int) -> Refused:
            size = "" if length is None else f" ({length} bytes)"
            if service == "s3":
                return Refused(400, "EntityTooLarge", f"Your proposed upload exceeds the maximum allowed size{size}", close=True)
            return Refused(413, "RequestEntityTooLarge", f"the request body{size} is over the {limit} bytes {service or 'eventmock'} accepts", close=True)

        def _check_origin(self) -> None:
            """Refuse what only a browser sends for another site's page: requests a
            page on another site can make are cross-site (``Sec-Fetch-Site``) or name
            an origin (``Origin``) that is not loopback or allowed; and, to
            eventmock's own paths, form posts."""
            site = (self.headers.get("Sec-Fetch-Site") or "").strip().lower()
            origin = (self.headers.get("Origin") or "").strip()
            own = self.path.startswith(_OWN_PREFIX)
            if site == "cross-site" or (own and site not in ("", "none", "same-origin")):
                raise Refused(403, "AccessDenied", f"eventmock does not answer {site} requests from a browser", close=True)
            if origin:
                name = origin.split("://", 1)[-1].split("/", 1)[0]
                if origin == "null" or not owner.host_allowed(name):
                    raise Refused(403, "AccessDenied", f"eventmock does not answer requests from the origin {origin[:200]!r}", close=True)
            if own and self.command not in ("GET", "HEAD"):
                kind = (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
                if kind in _FORM_TYPES:
                    raise Refused(403, "AccessDenied", f"eventmock's own paths do not take {kind} bodies (a browser form could send them)", close=True)

        def _service(self) -> str | None:
            """The emulated service a request is for, from its headers alone (looked
            up only when needed: for a size limit over ``MAX_BODY``, or an error)."""
            if self.found is None:
                self.found = ("",)
                if self.command and not self.path.startswith(_OWN_PREFIX):
                    try:
                        url = "http://" + (self.headers.get("Host") or "localhost") + self.path
                        request = HttpRequest.from_url(self.command, url, self.headers.items())
                        self.found = (routing.models.service_of(request, routing.scope_of(request)) or "",)
                    except Exception:  # noqa: BLE001 - unknown here; endpoint.handle says why later
                        pass
            return self.found[0] or None

        def _limit(self) -> int:
            return MAX_BODY_BY_SERVICE.get(self._service() or "", MAX_BODY)

        @property
        def protocol(self) -> str:
            """The protocol errors are written in: the service's, JSON if none; query
            for a query request to a service that still answers it (SQS)."""
            service = self._service()
            if service and query_compat.has_query(service) and self.headers.get("X-Amz-Target") is None:
                kind = (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
                if kind == "application/x-www-form-urlencoded" or "Action=" in self.path:
                    return "query"
            return registry.protocol_of(routing.models.model(service)) if service else "json"

        def _read_body(self) -> bytes:
            kind, value = self._check_request()
            if kind == "length":
                body = self._read(value)
                if len(body) < value:
                    raise Refused(400, "BadRequest", f"the body ended after {len(body)} of the {value} bytes Content-Length announced", close=True)
                return body
            # chunked: size lines in hexadecimal, each chunk followed by CRLF, then trailers
            pieces: list[bytes] = []
            total = 0
            while True:
                line = self.rfile.readline(1026)
                size_text = line.split(b";", 1)[0].strip()
                if not line.endswith(b"\n") or not size_text or len(size_text) > 16 or size_text.strip(b"0123456789abcdefABCDEF"):
                    raise Refused(400, "BadRequest", f"bad chunk size line {line[:40]!r}", close=True)
                size = int(size_text, 16)
                if size == 0:
                    for _ in range(100):
                        if self.rfile.readline(65537) in (b"\r\n", b"\n", b""):
                            break
                    else:
                        raise Refused(400, "BadRequest", "too many trailer lines", close=True)
                    return b"".join(pieces)
                total += size
                if total > value:
                    raise self._too_large(self._service(), None, value)
                piece = self._read(size)
                if len(piece) < size or self.rfile.readline(3) not in (b"\r\n", b"\n"):
                    raise Refused(400, "BadRequest", "a chunk ended before its size, or without CRLF", close=True)
                pieces.append(piece)

        def _read(self, length: int) -> bytes:
            """Up to ``length`` bytes, read a piece at a time (memory grows only as bytes
            arrive; each read waits at most the request timeout)."""
            if length <= _PIECE:
                return self.rfile.read(length)
            buffer = bytearray()
            while len(buffer) < length:
                piece = self.rfile.read(min(_PIECE, length - len(buffer)))
                if not piece:
                    break
                buffer += piece
            return bytes(buffer)

        def do_request(self) -> None:
            self._check_request()
            self.body = self._read_body()
            self._answer()

        def _answer(self) -> None:
            path = self.path.split("?", 1)[0]
            if path.startswith(_OWN_PREFIX):
                self._own(self.command, path)
                return
            # the URL the client sent the request to (queue URLs name it)
            endpoint_url = "http://" + (self.headers.get("Host") or "{}:{}".format(*owner.address))
            request = HttpRequest.from_url(self.command, endpoint_url + self.path, self.headers.items(), self.body)
            try:
                response = endpoint.handle(request, owner.store, endpoint_url=endpoint_url, signed_only=True, long_poll=owner.long_poll)
                status, headers, payload = response.status, response.headers, response.body
            except NotEmulatedError as exc:
                status, headers, payload = self._not_emulated(exc)
            except (LookupError, RequestParseError) as exc:
                code = "MalformedXML" if self.protocol == "rest-xml" else "SerializationException"
                status, headers, payload = error_response(400, code, str(exc), self.protocol)
            except Exception as exc:  # noqa: BLE001 - the client gets it as a 500, and the log the trace
                logging.getLogger("eventmock").error("eventmock's server failed on %s %s", self.command, path, exc_info=exc)
                status, headers, payload = error_response(
                    500, "InternalFailure", "We encountered an internal error. Please try again.", self.protocol
                )
            self.operation = request.operation
            self._send(status, headers, payload)

        def _not_emulated(self, exc: NotEmulatedError) -> tuple[int, dict[str, str], bytes]:
            """An operation AWS does not have is AWS's 400 (``UnknownOperationException``
            for the JSON protocol's ``X-Amz-Target``); one AWS has and eventmock does
            not emulate, or a service eventmock does not emulate, 501 naming it."""
            target = self.headers.get("X-Amz-Target") or ""
            service = self._service()
            if target and service is not None and target.rpartition(".")[2] not in routing.models.model(service).operation_names:
                return error_response(400, "UnknownOperationException", f"the operation {target!r} does not exist", self.protocol)
            return error_response(501, "NotImplemented", str(exc), self.protocol)

        def _own(self, method: str, path: str) -> None:
            if (method, path) == ("GET", "/_eventmock/health"):
                document: dict[str, Any] = {"status": "running", "services": sorted(registry.SERVICES)}
                self._send(200, {"Content-Type": "application/json"}, json.dumps(document).encode())
            elif (method, path) == ("POST", "/_eventmock/reset"):
                owner.store.reset()
                owner.long_poll.changed()
                self._send(200, {"Content-Type": "application/json"}, b'{"reset": true}')
            else:
                self._send(*error_response(404, "NotFound", f"eventmock has no {method} {path}"))

    class StreamHandler(Handler):
        """One HTTP/2 stream, checked and answered as an HTTP/1.1 request is: what
        :meth:`Handler._send` would write is the stream's reply (an :class:`h2c.Exchange`)."""

        def __init__(self, parent: Handler, command: str, path: str, headers: list[tuple[str, str]]) -> None:  # noqa: no socket
            self.client_address = parent.client_address
            self.command, self.path, self.request_version = command, path, "HTTP/2"
            self.requestline = f"{command} {path} HTTP/2"
            self.headers = cast(Any, _Headers(headers))
            self.framing, self.body, self.found, self.operation = None, None, None, ""
            self.answered, self.close_connection = False, False
            self.started = time.perf_counter()
            self.reply: h2c.Reply = (500, {}, b"")

        def _send(self, status: int, headers: dict[str, str], payload: bytes | Iterable[bytes]) -> None:
            """``payload`` may be pieces sent as they come (an event stream)."""
            self.answered = True
            self.reply = (status, dict(headers), b"" if self.command == "HEAD" else payload)
            self._log(status, len(payload) if isinstance(payload, (bytes, bytearray)) else 0)

        def on_headers(self) -> h2c.Reply | None:
            try:
                self._check_request()
            except Refused as refused:
                self._refuse(refused)
                return self.reply
            return None

        def limit(self) -> int:
            length = self.headers.get("Content-Length")
            return int(length) if length is not None else self._limit()

        def too_large(self) -> h2c.Reply:
            self._refuse(self._too_large(self._service(), None, self.limit()))
            return self.reply

        def on_body(self, body: bytes) -> h2c.Reply:
            self.body = body
            try:
                self._answer()
            except Refused as refused:
                self._refuse(refused)
            return self.reply

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        block_on_close = False
        allow_reuse_address = True
        request_queue_size = BACKLOG

        def handle_error(self, request: Any, client_address: Any) -> None:
            if not isinstance(sys.exc_info()[1], OSError):  # a client that went away is no news
                super().handle_error(request, client_address)

    if ":" in host:  # an IPv6 address
        Server.address_family = socket.AF_INET6
    return Server((host, port), Handler)
