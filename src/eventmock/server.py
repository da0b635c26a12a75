"""Server mode: one HTTP endpoint for every emulated service, for any AWS client.

    python -m eventmock serve [--host 127.0.0.1] [--port 4566] [--allow-host NAME] [--verbose]

or from Python, in-process (a free loopback port by default):

    with eventmock.server() as endpoint_url:
        subprocess.run(["aws", "--endpoint-url", endpoint_url, "events", "list-event-buses"])

A request is routed by its signature's service name (the credential scope of the
``Authorization`` header), then ``X-Amz-Target`` or the method and path, parsed,
answered by the same dispatch as in-process calls, in the account its access key
names (a 12-digit key id is the account) and the region its signature names, and
serialised as AWS would (:mod:`eventmock.core.wire`). Two paths are eventmock's own:
``GET /_eventmock/health`` and ``POST /_eventmock/reset``.

The HTTP layer is the standard library's ``ThreadingHTTPServer`` (a thread per
connection; the store's lock serialises the operations themselves), used so that a
call costs what its work costs (docs/server.md, "How it serves"):

- ``TCP_NODELAY``, and each response goes out in one write (status line, headers
  and body together): a response split in two small writes on a keep-alive
  connection otherwise waits for the client's delayed ACK, about 40 ms a call;
- HTTP/1.1 keep-alive; a connection idle for ``idle_timeout`` seconds is closed, and
  a request in progress may wait at most ``request_timeout`` seconds for each read;
- request sizes are bounded before anything is read into memory: the framing
  (``Content-Length``, chunk sizes) is checked, and a body over its service's limit
  is refused with 413 (S3: 400 ``EntityTooLarge``) without being read;
- every request gets an HTTP answer, AWS-style where AWS would answer: nothing
  below the server (a parser, a backend) can drop a connection unanswered; an
  unexpected exception is a 500 ``InternalFailure``, its traceback logged on the
  ``eventmock`` logger;
- ``Host`` must name loopback (or a host allowed with ``allow_hosts``), and a
  browser's cross-site requests are refused (DNS rebinding, cross-site forms);
- :meth:`EventmockServer.stop` is graceful: it stops accepting, lets requests in
  progress finish, and closes idle connections.

``http.server`` is imported when a server is made, not at ``import eventmock``.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from eventmock.core.store import Store

if TYPE_CHECKING:
    from http.server import ThreadingHTTPServer

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4566  # LocalStack's too: a drop-in replacement where it was used (docs/server.md)
#: Seconds a keep-alive connection may stay idle between two requests.
IDLE_TIMEOUT = 60.0
#: Seconds each read of a request in progress (its headers, a piece of its body) may wait.
REQUEST_TIMEOUT = 10.0
#: The listen backlog: connections the kernel queues before the server accepts them.
BACKLOG = 512
#: The longest request body accepted, by service; others get ``MAX_BODY``. AWS's own
#: limits per operation (PutEvents' 1 MiB, SQS's message size) are the backends' to
#: check; these only keep a request out of memory that no AWS endpoint would take:
#: the largest JSON request of the emulated services is Kinesis PutRecords' (10 MiB
#: of records, base64 in JSON), and S3 takes up to 5 GiB in one PUT.
MAX_BODY = 32 * 1024 * 1024
MAX_BODY_BY_SERVICE = {"s3": 5 * 1024**3}
#: Reads of a body are this size at most, so memory grows only as bytes arrive.
_PIECE = 1024 * 1024
_OWN_PREFIX = "/_eventmock/"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")


class EventmockServer:
    """An HTTP server answering AWS requests with a store's backends.

    ``store``: the state to serve; by default the active mock's if a mock is active
    (so ``register_lambda`` and ``aws.backend(...)`` see what the server's clients
    do), else a fresh one. ``port=0`` picks a free port. ``allow_hosts``: host names
    accepted in the ``Host`` header besides loopback ones and IP addresses (``*``
    accepts any; ``*.example.com`` any name under it). ``verbose``: one line per
    request on stderr. Raises :class:`OSError` when the address cannot be bound."""

    def __init__(
        self,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        store: Store | None = None,
        *,
        quiet: bool = True,
        verbose: bool | None = None,
        allow_hosts: Iterable[str] = (),
        idle_timeout: float = IDLE_TIMEOUT,
        request_timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        if store is None:
            from eventmock.core.intercept import active

            store = active.store or Store()
        self.store = store
        self.verbose = (not quiet) if verbose is None else verbose
        self.allow_hosts = frozenset(_host_name(h) if h != "*" else h for h in allow_hosts)
        self.idle_timeout = idle_timeout
        self.request_timeout = request_timeout
        # connection handlers, and which of them are answering a request
        self._guard = threading.Condition()
        self._idle: set[Any] = set()
        self._busy: set[Any] = set()
        self._stopping = False
        self._stopped = threading.Event()
        from eventmock.core.wire.longpoll import LongPoll

        #: Calls that wait for something to arrive (SQS's long polling).
        self.long_poll = LongPoll()
        from eventmock.server_handler import make_server

        self._httpd: ThreadingHTTPServer = make_server(host, port, self)
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._httpd.server_address[:2]
        return str(host), int(port)

    @property
    def endpoint_url(self) -> str:
        host, port = self.address
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def serve_forever(self) -> None:
        """Serve until :meth:`stop` (from another thread) or ``KeyboardInterrupt``,
        then stop gracefully (requests in progress are answered)."""
        self.start()
        try:
            # A KeyboardInterrupt (Ctrl-C, or SIGTERM through the CLI's handler) lands in
            # this sleep, never inside a lock: one raised in ``Event.wait`` can leave the
            # event's lock held, and ``stop`` then hangs setting it (seen under load).
            while not self._stopped.is_set():
                time.sleep(0.1)
        finally:
            self.stop()

    def start(self) -> str:
        """Serve from a background thread; returns the endpoint URL."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="eventmock-server", daemon=True)
        self._thread.start()
        return self.endpoint_url

    def stop(self, grace: float | None = None) -> None:
        """Stop accepting connections, wait up to ``grace`` seconds (by default the
        request timeout and a little) for requests in progress to be answered, close
        the idle connections, and release the port."""
        with self._guard:
            if self._stopping:
                return
            self._stopping = True
            self.long_poll.close()
            for handler in self._idle:
                _shut(handler.connection)
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()
        deadline = time.monotonic() + (self.request_timeout + 5 if grace is None else grace)
        with self._guard:
            while self._busy and self._guard.wait(max(0.0, deadline - time.monotonic())):
                pass
            for handler in self._idle | self._busy:
                _shut(handler.connection)
        self._stopped.set()

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    # -- connection bookkeeping (the handlers call these) --

    def _opened(self, handler: Any) -> bool:
        with self._guard:
            if self._stopping:
                return False
            self._idle.add(handler)
            return True

    def _begin(self, handler: Any) -> None:
        with self._guard:
            self._idle.discard(handler)
            self._busy.add(handler)

    def _end(self, handler: Any, closing: bool) -> bool:
        """The request is answered; whether the connection may wait for another."""
        with self._guard:
            self._busy.discard(handler)
            keep = not (closing or self._stopping)
            if keep:
                self._idle.add(handler)
            self._guard.notify_all()
            return keep

    def _closed(self, handler: Any) -> None:
        with self._guard:
            self._idle.discard(handler)
            self._busy.discard(handler)
            self._guard.notify_all()

    @property
    def stopping(self) -> bool:
        return self._stopping

    def host_allowed(self, host: str) -> bool:
        """Whether a ``Host`` (or ``Origin``) host may reach this server: loopback
        names, IP addresses, and the allowed hosts. A web page can make a browser send
        any name that resolves to loopback (DNS rebinding), never an IP address as the
        name of its own origin."""
        name = _host_name(host)
        if name == "localhost" or name.endswith(".localhost") or "*" in self.allow_hosts or name in self.allow_hosts:
            return True
        if any(a.startswith("*.") and name.endswith(a[1:]) for a in self.allow_hosts):
            return True
        try:
            ipaddress.ip_address(name.strip("[]"))
        except ValueError:
            return False
        return True


def server(host: str = DEFAULT_HOST, port: int = 0, store: Store | None = None, **options: Any) -> EventmockServer:
    """A server on ``host`` (loopback by default) and ``port`` (a free one by default),
    to use as ``with eventmock.server() as endpoint_url:``; ``options`` as
    :class:`EventmockServer` takes them."""
    return EventmockServer(host, port, store, **options)


def _host_name(host: str) -> str:
    """The lowercased name of a ``Host`` value, without port or trailing dot."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def _shut(connection: socket.socket) -> None:
    try:
        connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
