"""Server mode: one HTTP endpoint for every emulated service, for any AWS client.

    python -m eventmock serve [--host 127.0.0.1] [--port 4566]

or from Python, in-process (a free loopback port by default):

    with eventmock.server() as endpoint_url:
        subprocess.run(["aws", "--endpoint-url", endpoint_url, "events", "list-event-buses"])

A request is routed by its signature's service name (the credential scope of the
``Authorization`` header), then ``X-Amz-Target`` or the method and path, parsed,
answered by the same dispatch as in-process calls, in the account its access key
names (a 12-digit key id is the account) and the region its signature names, and
serialised as AWS would (:mod:`eventmock.core.wire`). Two paths are eventmock's own:
``GET /_eventmock/health`` and ``POST /_eventmock/reset``. Each connection has its own
thread; the store's lock serialises the operations themselves.

``http.server`` is imported when a server is made, not at ``import eventmock``.
"""

from __future__ import annotations

import json
import logging
import threading
from types import TracebackType
from typing import TYPE_CHECKING, Any

from eventmock.core.store import Store

if TYPE_CHECKING:
    from http.server import ThreadingHTTPServer

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4566


class EventmockServer:
    """An HTTP server answering AWS requests with a store's backends.

    ``store``: the state to serve; by default the active mock's if a mock is active
    (so ``register_lambda`` and ``aws.backend(...)`` see what the server's clients
    do), else a fresh one. ``port=0`` picks a free port."""

    def __init__(self, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, store: Store | None = None, *, quiet: bool = True) -> None:
        if store is None:
            from eventmock.core.intercept import active

            store = active.store or Store()
        self.store = store
        self.quiet = quiet
        self._httpd: ThreadingHTTPServer = _make_server(host, port, self)
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._httpd.server_address[:2]
        return str(host), int(port)

    @property
    def endpoint_url(self) -> str:
        host, port = self.address
        return f"http://{host}:{port}"

    def serve_forever(self) -> None:
        """Serve until :meth:`stop` (or ``KeyboardInterrupt``) in this thread."""
        try:
            self._httpd.serve_forever(poll_interval=0.1)
        finally:
            self._httpd.server_close()

    def start(self) -> str:
        """Serve from a background thread; returns the endpoint URL."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="eventmock-server", daemon=True)
        self._thread.start()
        return self.endpoint_url

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


def server(host: str = DEFAULT_HOST, port: int = 0, store: Store | None = None) -> EventmockServer:
    """A server on ``host`` (loopback by default) and ``port`` (a free one by default),
    to use as ``with eventmock.server() as endpoint_url:``."""
    return EventmockServer(host, port, store)


def _make_server(host: str, port: int, owner: EventmockServer) -> ThreadingHTTPServer:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from eventmock.core import registry
    from eventmock.core.errors import NotEmulatedError
    from eventmock.core.wire import endpoint
    from eventmock.core.wire.http import HttpRequest
    from eventmock.core.wire.parsers import RequestParseError

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "eventmock"

        def do_request(self) -> None:
            body = self._body()
            path = self.path.split("?", 1)[0]
            if path.startswith("/_eventmock/"):
                self._own(self.command, path)
                return
            # the URL the client sent the request to (queue URLs name it)
            endpoint_url = "http://" + (self.headers.get("Host") or "{}:{}".format(*owner.address))
            request = HttpRequest.from_url(self.command, endpoint_url + self.path, self.headers.items(), body)
            try:
                response = endpoint.handle(request, owner.store, endpoint_url=endpoint_url)
                status, headers, payload = response.status, response.headers, response.body
            except NotEmulatedError as exc:
                status, headers, payload = _error(501, "NotImplemented", str(exc))
            except (LookupError, RequestParseError) as exc:
                status, headers, payload = _error(400, "SerializationException", str(exc))
            except Exception as exc:  # noqa: BLE001 - the client gets it as a 500, and the log the trace
                logging.getLogger("eventmock").error("eventmock's server failed on %s %s", self.command, path, exc_info=exc)
                status, headers, payload = _error(500, "InternalFailure", "We encountered an internal error. Please try again.")
            self._send(status, headers, payload)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_request

        def _body(self) -> bytes:
            if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                chunks = []
                while True:
                    size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        break
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
                return b"".join(chunks)
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _own(self, method: str, path: str) -> None:
            if (method, path) == ("GET", "/_eventmock/health"):
                document: dict[str, Any] = {"status": "running", "services": sorted(registry.SERVICES)}
                self._send(200, {"content-type": "application/json"}, json.dumps(document).encode())
            elif (method, path) == ("POST", "/_eventmock/reset"):
                owner.store.reset()
                self._send(200, {"content-type": "application/json"}, b'{"reset": true}')
            else:
                self._send(*_error(404, "NotFound", f"eventmock has no {method} {path}"))

        def _send(self, status: int, headers: dict[str, str], payload: bytes) -> None:
            self.send_response_only(status)
            headers = dict(headers)
            if self.command != "HEAD":
                headers["content-length"] = str(len(payload))  # the framing must be true
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD" and status not in (204, 304):
                self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            if not owner.quiet:
                super().log_message(format, *args)

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        allow_reuse_address = True

    return Server((host, port), Handler)


def _error(status: int, code: str, message: str) -> tuple[int, dict[str, str], bytes]:
    body = json.dumps({"__type": code, "message": message}).encode()
    return status, {"content-type": "application/json", "x-amzn-errortype": code}, body
