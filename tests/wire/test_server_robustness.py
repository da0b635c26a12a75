"""The server against malformed, oversized, stalled and hostile requests, sent with raw
sockets to loopback: each gets an HTTP answer (AWS-style where an AWS endpoint would
answer), holds no worker past its timeout, and the server keeps answering others."""

from __future__ import annotations

import json
import logging
import socket
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from eventmock.core.store import Store
from eventmock.server import MAX_BODY, EventmockServer

REQUEST_TIMEOUT = 0.5
IDLE_TIMEOUT = 1.0
SCOPE = "AWS4-HMAC-SHA256 Credential=111122223333/20260101/eu-west-1/{}/aws4_request, SignedHeaders=host, Signature=0"
Response = tuple[int, dict[str, str], bytes]


@pytest.fixture(scope="module")
def running() -> Iterator[EventmockServer]:
    server = EventmockServer(
        "127.0.0.1", 0, Store(), allow_hosts=["eventmock", "*.test.internal"], idle_timeout=IDLE_TIMEOUT, request_timeout=REQUEST_TIMEOUT
    )
    server.start()
    yield server
    server.stop(grace=2)


@pytest.fixture
def port(running: EventmockServer) -> int:
    running.store.reset()
    return running.address[1]


def connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.settimeout(5)
    return sock


def read_response(sock: socket.socket) -> Response:
    """One response: status, headers (lowercased names), body (by Content-Length)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"the connection closed without an answer (after {data!r})"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk, "the connection closed inside the body"
        body += chunk
    return int(status_line.split()[1]), headers, body[:length]


def exchange(port: int, raw: bytes) -> Response:
    with connect(port) as sock:
        sock.sendall(raw)
        return read_response(sock)


def closed_by_server(sock: socket.socket, within: float) -> bool:
    sock.settimeout(within)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def json_request(target: str, body: bytes, *, service: str = "events", extra: str = "", length: str | None = None) -> bytes:
    length = str(len(body)) if length is None else length
    return (
        f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: {target}\r\nContent-Type: application/x-amz-json-1.1\r\n"
        f"Authorization: {SCOPE.format(service)}\r\nContent-Length: {length}\r\n{extra}\r\n"
    ).encode() + body


def aws_error(response: Response) -> tuple[int, str]:
    """The status and error code, read as botocore reads them."""
    status, headers, body = response
    if headers.get("content-type", "").endswith("xml"):
        return status, ElementTree.fromstring(body).findtext("Code") or ""
    return status, json.loads(body)["__type"]


def still_serving(port: int) -> None:
    status, _, body = exchange(port, b"GET /_eventmock/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
    assert status == 200 and json.loads(body)["status"] == "running"


def no_worker_held(server: EventmockServer, within: float = 3.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not server._busy:
            return True
        time.sleep(0.02)
    return False


# -- malformed requests ------------------------------------------------------------------------

MALFORMED = {
    "garbage bytes": (b"\x00\xff\xfe garbage \x01\r\n\r\n", 400, "BadRequest"),
    "a request line without a version": (b"GET /\r\n\r\n", 400, "BadRequest"),
    "an unknown HTTP version": (b"GET / HTTP/7.0\r\nHost: localhost\r\n\r\n", 505, "HTTPVersionNotSupported"),
    "a header line without a colon": (b"GET /_eventmock/health HTTP/1.1\r\nHost: localhost\r\n\x00\x01\x02\r\n\r\n", 200, None),
    "a request line over 64 KiB": (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", 414, "RequestURITooLong"),
    "too many headers": (b"GET / HTTP/1.1\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(150)) + b"\r\n", 431, "RequestHeaderFieldsTooLarge"),
    "an unknown path of no service": (
        f"GET /no/such/thing HTTP/1.1\r\nHost: localhost\r\nAuthorization: {SCOPE.format('nosuch')}\r\n\r\n".encode(), 501, "NotImplemented"
    ),
    "an unsigned request": (b"GET /no/such/thing HTTP/1.1\r\nHost: localhost\r\n\r\n", 403, "AccessDenied"),
    "an unknown eventmock path": (b"GET /_eventmock/nothing HTTP/1.1\r\nHost: localhost\r\n\r\n", 404, "NotFound"),
    "an operation EventBridge does not have": (json_request("AWSEvents.NoSuchOperation", b"{}"), 400, "UnknownOperationException"),
    "a target of no service": (json_request("NoSuchService_20260101.Thing", b"{}", service="nosuch"), 501, "NotImplemented"),
    "a body that is not JSON": (json_request("AWSEvents.ListRules", b"{not json"), 400, "SerializationException"),
    "a JSON body that is not an object": (json_request("AWSEvents.ListRules", b"[1, 2]"), 400, "SerializationException"),
    "a negative Content-Length": (json_request("AWSEvents.ListRules", b"{}", length="-1"), 400, "BadRequest"),
    "a non-numeric Content-Length": (json_request("AWSEvents.ListRules", b"{}", length="twelve"), 400, "BadRequest"),
    "two different Content-Lengths": (json_request("AWSEvents.ListRules", b"{}", extra="Content-Length: 3\r\n"), 400, "BadRequest"),
    "a Content-Length of 10^12": (json_request("AWSEvents.ListRules", b"{}", length=str(10**12)), 413, "RequestEntityTooLarge"),
    "a Content-Length of 10^40": (json_request("AWSEvents.ListRules", b"{}", length=str(10**40)), 400, "BadRequest"),
    "a body over the limit": (json_request("AWSEvents.PutEvents", b"{}", length=str(MAX_BODY + 1)), 413, "RequestEntityTooLarge"),
    "an S3 upload over 5 GiB": (
        f"PUT /bucket/key HTTP/1.1\r\nHost: localhost\r\nAuthorization: {SCOPE.format('s3')}\r\nContent-Length: {5 * 1024**3 + 1}\r\n\r\n".encode(),
        400,
        "EntityTooLarge",
    ),
    "XML that is not XML": (
        f"PUT /bucket HTTP/1.1\r\nHost: localhost\r\nAuthorization: {SCOPE.format('s3')}\r\nContent-Length: 9\r\n\r\n<Create>>".encode(),
        400,
        "MalformedXML",
    ),
    "a bad chunk size": (
        f"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSEvents.ListRules\r\nAuthorization: {SCOPE.format('events')}\r\n"
        "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n".encode(),
        400,
        "BadRequest",
    ),
    "a chunk size over the limit": (
        f"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSEvents.ListRules\r\nAuthorization: {SCOPE.format('events')}\r\n"
        "Transfer-Encoding: chunked\r\n\r\nfffffffffff\r\n{}".encode(),
        413,
        "RequestEntityTooLarge",
    ),
    "a chunk size of 17 hex digits": (
        f"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSEvents.ListRules\r\nAuthorization: {SCOPE.format('events')}\r\n"
        "Transfer-Encoding: chunked\r\n\r\n10000000000000000\r\n{}".encode(),
        400,
        "BadRequest",
    ),
    "a transfer coding other than chunked": (
        f"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSEvents.ListRules\r\nAuthorization: {SCOPE.format('events')}\r\n"
        "Transfer-Encoding: gzip\r\n\r\n".encode(),
        400,
        "BadRequest",
    ),
}


@pytest.mark.parametrize("raw, status, code", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_request_gets_an_answer_and_the_server_goes_on(port: int, raw: bytes, status: int, code: str | None) -> None:
    response = exchange(port, raw)
    if code is None:
        assert response[0] == status
    else:
        assert aws_error(response) == (status, code)
        assert response[2], "an error names what was wrong"
    still_serving(port)


def test_a_chunked_body_is_read(port: int) -> None:
    body = json.dumps({"Name": "chunked"}).encode()
    raw = (
        f"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSEvents.CreateEventBus\r\nAuthorization: {SCOPE.format('events')}\r\n"
        f"Transfer-Encoding: chunked\r\n\r\n{len(body[:5]):x}\r\n".encode() + body[:5] + f"\r\n{len(body[5:]):x};ext=1\r\n".encode() + body[5:] + b"\r\n0\r\n\r\n"
    )
    status, _, answer = exchange(port, raw)
    assert status == 200
    assert json.loads(answer)["EventBusArn"] == "arn:aws:events:eu-west-1:111122223333:event-bus/chunked"


def test_a_wrong_content_type_is_still_read_as_the_protocol_says(port: int) -> None:
    raw = json_request("AWSEvents.ListEventBuses", b"{}").replace(b"application/x-amz-json-1.1", b"text/html")
    status, _, body = exchange(port, raw)
    assert status == 200
    assert [bus["Name"] for bus in json.loads(body)["EventBuses"]] == ["default"]


def test_an_s3_error_from_the_server_is_xml_that_boto3_reads(running: EventmockServer, port: int) -> None:
    s3 = boto3.session.Session().client(
        "s3", region_name="eu-west-1", endpoint_url=running.endpoint_url, aws_access_key_id="111122223333", aws_secret_access_key="x"
    )
    status, headers, body = exchange(port, MALFORMED["an S3 upload over 5 GiB"][0])
    assert status == 400 and headers["content-type"] == "application/xml"
    assert ElementTree.fromstring(body).findtext("RequestId") == headers["x-amz-request-id"]
    s3.create_bucket(Bucket="still", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["still"]


# -- short, stalled and idle connections -------------------------------------------------------


def test_a_body_shorter_than_its_content_length_then_closed(port: int) -> None:
    with connect(port) as sock:
        sock.sendall(json_request("AWSEvents.ListRules", b"{}", length="10"))
        sock.shutdown(socket.SHUT_WR)
        assert aws_error(read_response(sock)) == (400, "BadRequest")
    still_serving(port)


def test_a_body_shorter_than_its_content_length_then_stalled(running: EventmockServer, port: int) -> None:
    with connect(port) as sock:
        sock.sendall(json_request("AWSEvents.ListRules", b"{}", length="10"))
        started = time.monotonic()
        assert aws_error(read_response(sock)) == (408, "RequestTimeout")
        assert time.monotonic() - started < REQUEST_TIMEOUT + 2
        assert closed_by_server(sock, 2)
    assert no_worker_held(running)


def test_half_sent_headers_time_out(running: EventmockServer, port: int) -> None:
    with connect(port) as sock:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Tar")
        assert aws_error(read_response(sock)) == (408, "RequestTimeout")
        assert closed_by_server(sock, 2)
    assert no_worker_held(running)


def test_an_idle_connection_is_closed_after_the_idle_timeout(running: EventmockServer, port: int) -> None:
    with connect(port) as sock:
        time.sleep(0.1)
        assert running._idle, "the connection is open, waiting"
        assert closed_by_server(sock, IDLE_TIMEOUT + 2)
    deadline = time.monotonic() + 2
    while running._idle and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not running._idle and not running._busy


def test_many_stalled_connections_do_not_stop_the_others() -> None:
    with EventmockServer("127.0.0.1", 0, Store(), request_timeout=5) as url:
        server_port = int(url.rsplit(":", 1)[1])
        stalled = [connect(server_port) for _ in range(100)]
        try:
            for sock in stalled[:50]:
                sock.sendall(b"POST / HTTP/1.1\r\nContent-Length: 100\r\nHost: localhost\r\n\r\n{")
            started = time.monotonic()
            still_serving(server_port)
            assert time.monotonic() - started < 2.5, "answered at once, not after the stalled ones time out (5 s)"
        finally:
            for sock in stalled:
                sock.close()


def test_stalled_connections_are_all_released(running: EventmockServer, port: int) -> None:
    stalled = [connect(port) for _ in range(50)]
    try:
        for sock in stalled:
            sock.sendall(b"POST / HTTP/1.1\r\nContent-Length: 100\r\nHost: localhost\r\n\r\n{")
        for sock in stalled:
            assert aws_error(read_response(sock)) == (408, "RequestTimeout")
    finally:
        for sock in stalled:
            sock.close()
    assert no_worker_held(running)


def test_keep_alive_answers_many_requests_on_one_connection(port: int) -> None:
    with connect(port) as sock:
        for _ in range(30):
            sock.sendall(json_request("AWSEvents.ListEventBuses", b"{}"))
            status, headers, _ = read_response(sock)
            assert status == 200 and headers.get("connection") != "close"


def test_each_response_is_one_write_on_a_socket_without_nagle(port: int, monkeypatch: Any) -> None:
    """What keeps a keep-alive call from waiting ~40 ms (Nagle's algorithm meeting a
    delayed ACK when a response goes out in several writes): the server's sockets have
    TCP_NODELAY, and each response leaves in one write. (The latency itself is
    measured in benchmarks/bench_server.py, not asserted here.)"""
    import threading

    main = threading.current_thread()
    writes: list[int] = []
    options: list[tuple[int, int, int]] = []
    real_sendall, real_setsockopt = socket.socket.sendall, socket.socket.setsockopt

    def sendall(self: socket.socket, data: Any, *args: Any) -> Any:
        if threading.current_thread() is not main:
            writes.append(len(data))
        return real_sendall(self, data, *args)

    def setsockopt(self: socket.socket, *args: Any) -> Any:
        if threading.current_thread() is not main and len(args) == 3:
            options.append(args)
        return real_setsockopt(self, *args)

    monkeypatch.setattr(socket.socket, "sendall", sendall)
    monkeypatch.setattr(socket.socket, "setsockopt", setsockopt)
    with connect(port) as sock:
        for _ in range(5):
            sock.sendall(json_request("AWSEvents.ListEventBuses", b"{}"))
            assert read_response(sock)[0] == 200
    assert len(writes) == 5
    assert (socket.IPPROTO_TCP, socket.TCP_NODELAY, True) in options or (socket.IPPROTO_TCP, socket.TCP_NODELAY, 1) in options


def test_boto3_calls_over_one_connection(running: EventmockServer, port: int) -> None:
    events = boto3.session.Session().client(
        "events", region_name="eu-west-1", endpoint_url=running.endpoint_url, aws_access_key_id="111122223333", aws_secret_access_key="x"
    )
    for _ in range(20):
        assert events.put_events(Entries=[{"Source": "s", "DetailType": "d", "Detail": "{}"}])["FailedEntryCount"] == 0


# -- failures below the server -----------------------------------------------------------------


@pytest.mark.internal_failure
def test_an_exception_below_the_server_is_a_500_and_a_traceback(port: int, monkeypatch: Any, caplog: Any) -> None:
    from eventmock.core.wire import endpoint

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(endpoint, "handle", broken)
    with caplog.at_level(logging.ERROR, logger="eventmock"):
        assert aws_error(exchange(port, json_request("AWSEvents.ListRules", b"{}"))) == (500, "InternalFailure")
    assert "RuntimeError: boom" in caplog.text  # the traceback, on the eventmock logger
    monkeypatch.undo()
    still_serving(port)


@pytest.mark.internal_failure
def test_an_exception_in_the_server_itself_is_a_500(port: int, monkeypatch: Any, caplog: Any) -> None:
    def broken(self: Store) -> None:
        raise RuntimeError("reset broke")

    monkeypatch.setattr(Store, "reset", broken)
    raw = b"POST /_eventmock/reset HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n"
    with caplog.at_level(logging.ERROR, logger="eventmock"):
        assert aws_error(exchange(port, raw)) == (500, "InternalFailure")
    assert "reset broke" in caplog.text
    monkeypatch.undo()
    still_serving(port)


# -- hosts and browsers ------------------------------------------------------------------------

HOSTS = {
    "localhost": True,
    "localhost:4566": True,
    "LOCALHOST.": True,
    "bucket.localhost:4566": True,
    "127.0.0.1:4566": True,
    "10.1.2.3": True,
    "[::1]:4566": True,
    "eventmock:4566": True,  # allowed by the fixture
    "a.test.internal": True,
    "test.internal.evil.example": False,
    "evil.example": False,
    "localhost.evil.example": False,
    "eventmock.evil.example": False,
}


@pytest.mark.parametrize("host, allowed", HOSTS.items(), ids=HOSTS.keys())
def test_the_host_header_must_name_loopback_or_an_allowed_host(port: int, host: str, allowed: bool) -> None:
    response = exchange(port, f"GET /_eventmock/health HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    if allowed:
        assert response[0] == 200
    else:
        assert aws_error(response) == (403, "AccessDenied")
        assert b"--allow-host" in response[2]


def test_a_rebound_host_cannot_reach_the_services(running: EventmockServer, port: int) -> None:
    running.store.backend("events", "111122223333", "eu-west-1")
    raw = json_request("AWSEvents.ListEventBuses", b"{}").replace(b"Host: 127.0.0.1", b"Host: attacker.example:4566")
    assert aws_error(exchange(port, raw)) == (403, "AccessDenied")


def _reset(headers: str, body: bytes = b"") -> bytes:
    return f"POST /_eventmock/reset HTTP/1.1\r\nHost: 127.0.0.1:4566\r\n{headers}Content-Length: {len(body)}\r\n\r\n".encode() + body


BROWSER = {
    "a cross-site origin": _reset("Origin: http://evil.example\r\n"),
    "the null origin": _reset("Origin: null\r\n"),
    "a cross-site fetch": _reset("Sec-Fetch-Site: cross-site\r\n"),
    "a same-site fetch": _reset("Sec-Fetch-Site: same-site\r\n"),
    "a form post": _reset("Content-Type: application/x-www-form-urlencoded\r\n", b"a=1"),
    "a multipart form post": _reset("Content-Type: multipart/form-data; boundary=x\r\n", b"--x--"),
    "a text/plain post": _reset("Content-Type: text/plain\r\n", b"x"),
}


@pytest.mark.parametrize("raw", BROWSER.values(), ids=BROWSER.keys())
def test_a_browser_cannot_reset_or_read_the_state(running: EventmockServer, port: int, raw: bytes) -> None:
    running.store.backend("events", "111122223333", "eu-west-1")
    assert aws_error(exchange(port, raw)) == (403, "AccessDenied")
    assert running.store.existing("events"), "nothing was reset"


def test_a_cross_site_request_cannot_call_a_service(port: int) -> None:
    for extra in ("Origin: http://evil.example\r\n", "Sec-Fetch-Site: cross-site\r\n"):
        assert aws_error(exchange(port, json_request("AWSEvents.CreateEventBus", b'{"Name": "x"}', extra=extra))) == (403, "AccessDenied")


def test_reset_from_a_tool_or_a_loopback_page_is_answered(running: EventmockServer, port: int) -> None:
    for headers in ("", "Origin: http://localhost:3000\r\nSec-Fetch-Site: same-origin\r\n", "Content-Type: application/json\r\n"):
        running.store.backend("events", "111122223333", "eu-west-1")
        status, _, body = exchange(port, _reset(headers))
        assert (status, json.loads(body)) == (200, {"reset": True})
        assert not running.store.existing("events")


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _ipv6_loopback(), reason="no IPv6 loopback here")
def test_an_ipv6_loopback_server() -> None:
    with EventmockServer("::1", 0, Store()) as url:
        assert url.startswith("http://[::1]:")
        with socket.create_connection(("::1", int(url.rsplit(":", 1)[1])), timeout=5) as sock:
            sock.sendall(b"GET /_eventmock/health HTTP/1.1\r\nHost: [::1]\r\n\r\n")
            assert read_response(sock)[0] == 200


def test_a_large_s3_object_goes_up_and_down_whole(running: EventmockServer, port: int) -> None:
    s3 = boto3.session.Session().client(
        "s3", region_name="eu-west-1", endpoint_url=running.endpoint_url, aws_access_key_id="111122223333", aws_secret_access_key="x"
    )
    s3.create_bucket(Bucket="big", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    data = bytes(range(256)) * (12 * 1024 + 7)  # about 3 MiB: read a piece at a time
    s3.put_object(Bucket="big", Key="blob", Body=data)
    assert s3.get_object(Bucket="big", Key="blob")["Body"].read() == data


def test_http_1_0_without_host_is_answered_and_closed(port: int) -> None:
    with connect(port) as sock:
        sock.sendall(b"GET /_eventmock/health HTTP/1.0\r\n\r\n")
        status, headers, _ = read_response(sock)
        assert (status, headers["connection"]) == (200, "close")
        assert closed_by_server(sock, 2)


def test_expect_100_continue_is_refused_before_the_body_when_too_large(port: int) -> None:
    with connect(port) as sock:
        sock.sendall(json_request("AWSEvents.PutEvents", b"", length=str(MAX_BODY + 1), extra="Expect: 100-continue\r\n"))
        assert aws_error(read_response(sock)) == (413, "RequestEntityTooLarge")
    with connect(port) as sock:
        sock.sendall(json_request("AWSEvents.ListEventBuses", b"", length="2", extra="Expect: 100-continue\r\n"))
        assert sock.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(b"{}")
        assert read_response(sock)[0] == 200
