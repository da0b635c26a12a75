"""The one HTTP hook: every request AWS would send out of AWS over HTTP.

EventBridge API destinations (and their OAuth token requests), SNS ``http``/``https``
subscriptions and Pipes enrichments all send through :func:`send`. Nothing opens a
socket: a request goes to the handler a test registered for its URL with
:func:`register_http` (the longest matching prefix wins), and an unregistered URL is
unreachable, as a host that does not answer. Every request sent is recorded, answered
or not, in the mock's :class:`HttpLog` (``aws.http.requests``, the latest 10,000:
:mod:`eventmock.core.records`).

A handler takes an :class:`HttpRequest` and returns an ``int`` status, a
``(status, body)`` tuple (``body`` bytes, text, or anything JSON can encode), or
``None`` for 200 with no body::

    def webhook(request):
        assert request.headers["authorization"].startswith("Basic ")
        received.append(request.json())
        return 202

    eventmock.register_http("https://hooks.example.com/", webhook)
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from botocore.awsrequest import HeadersDict

from eventmock.core.records import Record
if TYPE_CHECKING:
    from eventmock.core.store import Store


@dataclass(frozen=True)
class HttpRequest:
    """A request as it would have left AWS."""

    method: str
    #: The whole URL, query string included.
    url: str
    #: Header names are case-insensitive.
    headers: HeadersDict
    body: bytes

    def json(self) -> Any:
        """The body, parsed as JSON."""
        return json.loads(self.body)

    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass(frozen=True)
class HttpResponse:
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


#: What a handler returns: a status, ``(status, body)``, or ``None`` for 200.
HandlerResult = int | tuple[int, Any] | HttpResponse | None
Handler = Callable[[HttpRequest], HandlerResult]


class Unreachable(Exception):
    """No handler is registered for the URL: the host does not answer."""

    def __init__(self, url: str) -> None:
        super().__init__(f"no HTTP handler is registered for {url} (eventmock.register_http)")
        self.url = url


@dataclass(frozen=True)
class SentRequest:
    """One request sent, with what answered it (``response`` is ``None`` if nothing
    did, or the handler raised)."""

    request: HttpRequest
    response: HttpResponse | None


class HttpLog:
    """The HTTP side of one mock: the registered handlers and the requests sent.
    ``aws.http`` on the handle."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._handlers: dict[str, Handler] = {}
        self._sent: Record[SentRequest] = Record()

    def register(self, url_prefix: str, handler: Handler) -> None:
        """Answer every request whose URL starts with ``url_prefix`` with ``handler``
        (registering the same prefix again replaces it)."""
        if not callable(handler):
            raise TypeError("the HTTP handler must be callable")
        with self._lock:
            self._handlers[url_prefix] = handler

    def handler(self, url: str) -> Handler | None:
        matches = [prefix for prefix in self._handlers if url.startswith(prefix)]
        return self._handlers[max(matches, key=len)] if matches else None

    @property
    def requests(self) -> list[HttpRequest]:
        """The requests sent so far (the latest of them: :mod:`eventmock.core.records`),
        oldest first, answered or not."""
        return [sent.request for sent in self._sent]

    @property
    def sent(self) -> list[SentRequest]:
        """The requests sent so far with their responses (the latest, as ``requests``)."""
        return list(self._sent)

    def __iter__(self) -> Iterator[HttpRequest]:
        return iter(self.requests)

    def _record(self, sent: SentRequest) -> None:
        with self._lock:
            self._sent.append(sent)


def send(store: Store, method: str, url: str, headers: Mapping[str, str], body: bytes | str = b"") -> HttpResponse:
    """Send a request through the hook; the handler's answer. Raises
    :class:`Unreachable` if no handler is registered for ``url``; whatever the handler
    raises propagates (the caller treats it as a failed request)."""
    request = HttpRequest(method.upper(), url, HeadersDict(dict(headers)), body.encode("utf-8") if isinstance(body, str) else body)
    log = store.http
    handler = log.handler(url)
    if handler is None:
        log._record(SentRequest(request, None))
        raise Unreachable(url)
    try:
        with store.unlocked():  # user code: its own boto3 calls must not wait for this one
            result = handler(request)
        response = _response(result)
    except BaseException:
        log._record(SentRequest(request, None))
        raise
    log._record(SentRequest(request, response))
    return response


def _response(result: HandlerResult) -> HttpResponse:
    if result is None:
        return HttpResponse(200)
    if isinstance(result, HttpResponse):
        return result
    if isinstance(result, bool) or not isinstance(result, (int, tuple)):
        raise TypeError(f"an HTTP handler returns an int status, (status, body) or None, not {type(result).__name__}")
    if isinstance(result, int):
        return HttpResponse(result)
    status, body = result
    if isinstance(body, str):
        data = body.encode("utf-8")
    elif isinstance(body, (bytes, bytearray)):
        data = bytes(body)
    else:
        data = json.dumps(body).encode("utf-8")
    return HttpResponse(int(status), data)


def register_http(url_prefix: str, handler: Handler) -> None:
    """Answer requests to URLs starting with ``url_prefix`` with ``handler``, in the
    active mock (``aws.register_http`` on the handle does the same). The binding
    lasts as long as the mock's state."""
    from eventmock.core.activation import active_store

    active_store().http.register(url_prefix, handler)
