"""HTTP/2 with prior knowledge ("h2c") on the server's port, beside HTTP/1.1.

Some SDKs speak HTTP/2 from the first byte to an ``http://`` endpoint: the AWS SDK for
JavaScript v3's Kinesis client does (its default handler is HTTP/2). The server sees
the connection preface (``PRI * HTTP/2.0``) where an HTTP/1.1 request line would be,
and hands the connection to :func:`serve`. The framing, HPACK and flow control are the
``h2`` package's (pure Python); what is answered is the server's, one
:class:`Exchange` per stream, so the HTTP/1.1 path's checks (host, origin, size
limits, signatures) and answers hold on HTTP/2 as they are.

Each stream is answered on a thread of its own once its body has arrived, so a call
that waits (a long poll) holds up no other stream of the connection. A response body
may be bytes or an iterable of bytes sent as they come (an event stream, such as
Kinesis's ``SubscribeToShard``), with HTTP/2's flow control: a writer waits for the
client's window, at most ``write_timeout`` seconds. The server's stream handler passes
an answer's body on as it is, so an answer whose body is an iterable (a generator of
event-stream messages) is streamed; its ``close()`` is called when the stream ends, the
client goes away or resets it. No read timeout ends a connection while one of its
streams is being answered.
"""

from __future__ import annotations

import functools
import logging
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

#: What a client sends first on an HTTP/2 connection with prior knowledge.
PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
#: Streams a client may have open at once on one connection.
MAX_CONCURRENT_STREAMS = 100
#: The largest header block (decoded) a request may have.
MAX_HEADER_LIST_SIZE = 65536

#: An answer: status, headers, and the body (bytes, or pieces as they come).
Reply = tuple[int, dict[str, str], "bytes | Iterable[bytes]"]

logger = logging.getLogger("eventmock")


class Exchange(Protocol):
    """One request on one stream, as the server answers it."""

    def on_headers(self) -> Reply | None:
        """The headers are in: an answer now (the request is refused), or ``None`` to
        read the body."""

    def limit(self) -> int:
        """The most body bytes the request may have."""

    def too_large(self) -> Reply:
        """The answer to a body over :meth:`limit`."""

    def on_body(self, body: bytes) -> Reply:
        """The body is in: the answer."""


#: ``(method, path, headers)`` -> the exchange of a new stream. The headers are HTTP/1.1's
#: (``Host`` for ``:authority``), names as sent.
OpenStream = Callable[[str, str, list[tuple[str, str]]], Exchange]


@dataclass
class _Stream:
    exchange: Exchange | None
    body: bytearray = field(default_factory=bytearray)
    refused: bool = False
    reset: bool = False


class Connection:
    """One HTTP/2 connection whose preface has been read."""

    def __init__(
        self,
        sock: socket.socket,
        received: bytes,
        open_stream: OpenStream,
        *,
        idle_timeout: float,
        request_timeout: float,
        write_timeout: float = 60.0,
    ) -> None:
        import h2.config
        import h2.connection
        import h2.settings

        self.sock = sock
        #: What arrived after the preface before the handover (the server's reader had
        #: it in its buffer); then the socket is read directly.
        self.received = received
        self.open_stream = open_stream
        self.idle_timeout = idle_timeout
        self.request_timeout = request_timeout
        self.write_timeout = write_timeout
        self.h2 = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False, header_encoding="latin-1"))
        self.h2.local_settings = h2.settings.Settings(
            client=False,
            initial_values={
                h2.settings.SettingCodes.MAX_CONCURRENT_STREAMS: MAX_CONCURRENT_STREAMS,
                h2.settings.SettingCodes.MAX_HEADER_LIST_SIZE: MAX_HEADER_LIST_SIZE,
            },
        )
        self.streams: dict[int, _Stream] = {}
        self._pending = bytearray()  # the start of a frame not yet whole
        # the h2 state machine and the socket's writes; writers wait on it for window
        self.lock = threading.Condition()
        self.closed = False

    # -- writing (any thread) --

    def _flush(self) -> None:
        data = self.h2.data_to_send()
        if data:
            self.sock.sendall(data)

    def _reply(self, stream_id: int, reply: Reply, stop_upload: bool = False) -> None:
        """Send ``reply`` on the stream; ``stop_upload``: then ask the client to stop
        sending its body (``RST_STREAM`` with ``NO_ERROR``, RFC 9113 8.1)."""
        import h2.errors
        import h2.exceptions

        status, headers, body = reply
        pieces = [body] if isinstance(body, (bytes, bytearray)) else body
        fields = [(":status", str(status))] + [(k.lower(), v) for k, v in headers.items() if k.lower() not in _HOP_BY_HOP]
        if isinstance(body, (bytes, bytearray)) and not any(k == "content-length" for k, _ in fields):
            fields.append(("content-length", str(len(body))))
        try:
            with self.lock:
                if self._gone(stream_id):
                    return
                self.h2.send_headers(stream_id, fields)
                self._flush()
            for piece in pieces:
                self._send_data(stream_id, bytes(piece))
            with self.lock:
                if not self._gone(stream_id):
                    self.h2.end_stream(stream_id)
                    if stop_upload and self.h2.streams.get(stream_id) is not None:
                        self.h2.reset_stream(stream_id, h2.errors.ErrorCodes.NO_ERROR)
                    self._flush()
        except (OSError, TimeoutError, h2.exceptions.StreamClosedError):
            pass  # the client went away, or reset the stream
        except h2.exceptions.ProtocolError as exc:  # an answer HTTP/2 cannot carry (a header value)
            logger.error("eventmock's server could not send an HTTP/2 answer", exc_info=exc)
            with self.lock:
                try:
                    self.h2.reset_stream(stream_id, h2.errors.ErrorCodes.INTERNAL_ERROR)
                    self._flush()
                except (OSError, h2.exceptions.ProtocolError):
                    pass
        finally:
            with self.lock:
                self.streams.pop(stream_id, None)
            close = getattr(pieces, "close", None)
            if close is not None:
                close()  # a generator's clean-up (an event stream's subscription)

    def _send_data(self, stream_id: int, data: bytes) -> None:
        view = memoryview(data)
        while view:
            with self.lock:
                window = 0
                while not self._gone(stream_id):
                    window = min(self.h2.local_flow_control_window(stream_id), self.h2.max_outbound_frame_size)
                    if window > 0:
                        break
                    if not self.lock.wait(self.write_timeout):
                        raise TimeoutError("the client's flow-control window stayed closed")
                if self._gone(stream_id):
                    return
                self.h2.send_data(stream_id, view[:window].tobytes())
                self._flush()
            view = view[window:]

    def _refuse(self, stream_id: int, exchange: Exchange) -> None:
        self._reply(stream_id, exchange.too_large(), stop_upload=True)

    def _gone(self, stream_id: int) -> bool:
        stream = self.streams.get(stream_id)
        return self.closed or stream is None or stream.reset

    def _answer(self, stream_id: int, exchange: Exchange, body: bytes) -> None:
        try:
            reply = exchange.on_body(body)
        except Exception as exc:  # noqa: BLE001 - the exchange answers its own failures; this is the last net
            logger.error("eventmock's server failed on an HTTP/2 request", exc_info=exc)
            reply = (500, {"content-type": "text/plain"}, b"internal failure")
        self._reply(stream_id, reply)

    # -- reading (the connection's thread) --

    def serve(self) -> None:
        """Answer the connection's streams until it closes."""
        import h2.events
        import h2.exceptions

        with self.lock:
            self.h2.initiate_connection()
            self.h2.receive_data(PREFACE)  # read by the server to tell HTTP/2 from HTTP/1.1
            self._flush()
        try:
            while not self.closed:
                with self.lock:
                    receiving = any(s.exchange is not None and not s.refused for s in self.streams.values())
                    answering = bool(self.streams) and not receiving
                self.sock.settimeout(self.request_timeout if receiving else self.idle_timeout)
                try:
                    data, self.received = self.received or self.sock.recv(65536), b""
                except TimeoutError:
                    if answering:
                        continue  # a long answer (a wait, an event stream) is no idle connection
                    raise
                if not data:
                    break
                data = self._frames(data)
                with self.lock:
                    try:
                        events = self.h2.receive_data(data)
                    except h2.exceptions.ProtocolError:
                        self._flush()  # h2 has queued its GOAWAY
                        break
                    for event in events:
                        self._event(event, h2)
                    self._flush()
        except (OSError, TimeoutError):
            pass
        finally:
            with self.lock:
                self.closed = True
                self.lock.notify_all()

    def _frames(self, data: bytes) -> bytes:
        """The whole frames of what has arrived, but a client's GOAWAY: a client that
        closes its session gracefully (Node's ``session.close()``) sends one after its
        last request and waits for the answers, which ``h2`` would no longer send once
        it has seen it. The connection then ends when the client closes it."""
        self._pending += data
        out = bytearray()
        while len(self._pending) >= 9:
            length = int.from_bytes(self._pending[:3], "big")
            if length > self.h2.max_inbound_frame_size:  # h2 refuses it (FRAME_SIZE_ERROR)
                out += self._pending
                self._pending = bytearray()
                break
            if len(self._pending) < 9 + length:
                break
            if self._pending[3] != _GOAWAY:
                out += self._pending[: 9 + length]
            del self._pending[: 9 + length]
        return bytes(out)

    def _event(self, event: Any, h2: Any) -> None:
        events = h2.events
        if isinstance(event, events.RequestReceived):
            self._begin(event.stream_id, event.headers)
        elif isinstance(event, events.DataReceived):
            self.h2.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            stream = self.streams.get(event.stream_id)
            if stream is not None and stream.exchange is not None and not stream.refused:
                stream.body += event.data
                if len(stream.body) > stream.exchange.limit():
                    stream.refused = True
                    self._start(event.stream_id, functools.partial(self._refuse, event.stream_id, stream.exchange))
        elif isinstance(event, events.StreamEnded):
            stream = self.streams.get(event.stream_id)
            if stream is not None and stream.exchange is not None and not stream.refused:
                exchange, body = stream.exchange, bytes(stream.body)
                stream.exchange, stream.body = None, bytearray()  # answering
                self._start(event.stream_id, lambda: self._answer(event.stream_id, exchange, body))
        elif isinstance(event, events.StreamReset):
            stream = self.streams.get(event.stream_id)
            if stream is not None:
                stream.reset = True
            self.lock.notify_all()
        elif isinstance(event, events.WindowUpdated):
            self.lock.notify_all()
        elif isinstance(event, events.ConnectionTerminated):
            self.closed = True
            self.lock.notify_all()

    def _begin(self, stream_id: int, raw: list[tuple[str, str]]) -> None:
        pseudo = {k: v for k, v in raw if k.startswith(":")}
        headers = [(k, v) for k, v in raw if not k.startswith(":")]
        if ":authority" in pseudo and not any(k.lower() == "host" for k, _ in headers):
            headers.insert(0, ("Host", pseudo[":authority"]))
        exchange = self.open_stream(pseudo.get(":method", "GET"), pseudo.get(":path", "/"), headers)
        stream = self.streams[stream_id] = _Stream(exchange)
        try:
            refused = exchange.on_headers()
        except Exception as exc:  # noqa: BLE001 - the exchange refuses what it checks; this is the last net
            logger.error("eventmock's server failed on an HTTP/2 request's headers", exc_info=exc)
            refused = (500, {"content-type": "text/plain"}, b"internal failure")
        if refused is not None:
            stream.refused = True
            self._start(stream_id, lambda: self._reply(stream_id, refused))

    def _start(self, stream_id: int, work: Callable[[], None]) -> None:
        threading.Thread(target=work, name=f"eventmock-h2-stream-{stream_id}", daemon=True).start()


_GOAWAY = 0x7

#: Headers HTTP/2 forbids (RFC 9113, 8.2.2).
_HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"})
