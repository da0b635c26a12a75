"""``python -m eventmock serve`` as a process: its log, a busy port, stopping on SIGTERM
and Ctrl-C with requests in progress answered, and 8 client processes at once."""

from __future__ import annotations

import json
import multiprocessing
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

import eventmock
from eventmock import __main__ as cli

ACCOUNT = "111122223333"
REGION = "eu-west-1"


class Served:
    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "eventmock", "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert "serving on http://127.0.0.1:" in line, line
        self.url = line[line.index("http://") :].split()[0]
        self.port = int(self.url.rsplit(":", 1)[1])

    def client(self, service: str) -> Any:
        return boto3.session.Session().client(
            service, region_name=REGION, endpoint_url=self.url, aws_access_key_id=ACCOUNT, aws_secret_access_key="x"
        )

    def stop(self, signum: int = signal.SIGTERM) -> tuple[int, str]:
        self.process.send_signal(signum)
        _, err = self.process.communicate(timeout=20)
        return self.process.returncode, err


@pytest.fixture
def served() -> Iterator[Served]:
    server = Served()
    yield server
    if server.process.poll() is None:
        server.process.kill()
        server.process.communicate()


def test_verbose_prints_one_line_per_request() -> None:
    server = Served("--verbose")
    try:
        events = server.client("events")
        events.create_event_bus(Name="logged")
        with pytest.raises(events.exceptions.ResourceNotFoundException):
            events.describe_rule(Name="missing")
    finally:
        code, err = server.stop()
    assert code == 0
    lines = [line for line in err.splitlines() if "->" in line]
    assert len(lines) == 2, err
    assert "events.CreateEventBus POST / -> 200" in lines[0]
    assert "events.DescribeRule POST / -> 400" in lines[1]
    assert lines[0].startswith("127.0.0.1 ") and lines[0].endswith(" ms")


def test_quiet_by_default(served: Served) -> None:
    served.client("events").list_event_buses()
    code, err = served.stop()
    assert code == 0
    assert "->" not in err


def test_a_busy_port_is_one_clear_line() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "eventmock", "serve", "--port", str(port)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert f"port {port}" in line and "already in use" in line and "--port" in line


def test_version() -> None:
    done = subprocess.run([sys.executable, "-m", "eventmock", "--version"], capture_output=True, text=True, timeout=30)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"eventmock {eventmock.__version__}\n", "")


def test_a_port_out_of_range_is_a_usage_error() -> None:
    done = subprocess.run([sys.executable, "-m", "eventmock", "serve", "--port", "70000"], capture_output=True, text=True, timeout=30)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("usage: eventmock serve")
    assert done.stderr.splitlines()[-1] == "eventmock serve: error: argument --port: must be from 0 to 65535, not 70000"


@pytest.mark.parametrize("port", ["-1", "65536", "http", ""])
def test_every_port_outside_0_to_65535_is_refused(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        cli.parser().parse_args(["serve", "--port", port])
    assert exit.value.code == 2
    assert "argument --port: must be" in capsys.readouterr().err
    assert cli.parser().parse_args(["serve", "--port", "65535"]).port == 65535
    assert cli.parser().parse_args(["serve", "--port", "0"]).port == 0


def test_ctrl_c_with_stderr_a_closed_pipe_exits_cleanly() -> None:
    """As when Ctrl-C also ends the ``| tee`` that read stderr: nothing can be written
    there any more (the request lines of --verbose, the last line), and the server
    still answers and stops with status 0."""
    server = Served("--verbose")
    assert server.process.stderr is not None
    server.process.stderr.close()
    assert _health(server.port, "localhost") == b"HTTP/1.1 200 OK"  # its --verbose line is lost
    assert _health(server.port, "localhost") == b"HTTP/1.1 200 OK"
    server.process.send_signal(signal.SIGINT)
    out, _ = server.process.communicate(timeout=20)
    assert (server.process.returncode, out) == (0, "")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_stopping_answers_the_requests_in_progress(served: Served, signum: int) -> None:
    body = json.dumps({"Name": "in-flight"}).encode()
    scope = f"AWS4-HMAC-SHA256 Credential={ACCOUNT}/20260101/{REGION}/events/aws4_request, SignedHeaders=host, Signature=0"
    head = (
        f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AWSEvents.CreateEventBus\r\nAuthorization: {scope}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    served.client("events").list_event_buses()
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as in_flight, socket.create_connection(
        ("127.0.0.1", served.port), timeout=10
    ) as idle:
        in_flight.sendall(head + body[:5])  # a request in progress
        time.sleep(0.3)
        served.process.send_signal(signum)
        assert idle.recv(1) == b"", "an idle connection is closed at once"
        in_flight.sendall(body[5:])
        answer = b""
        while chunk := in_flight.recv(65536):
            answer += chunk
    _, err = served.process.communicate(timeout=20)
    assert served.process.returncode == 0
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"Connection: close\r\n" in answer
    assert json.loads(answer.partition(b"\r\n\r\n")[2])["EventBusArn"].endswith(":event-bus/in-flight")
    assert "Traceback" not in err


def _put(url: str, worker: int, count: int) -> int:
    events = boto3.session.Session().client(
        "events", region_name=REGION, endpoint_url=url, aws_access_key_id=ACCOUNT, aws_secret_access_key="x"
    )
    failed = 0
    for n in range(count):
        entries = [{"Source": "load", "DetailType": "n", "Detail": json.dumps({"w": worker, "n": n, "i": i})} for i in range(2)]
        failed += events.put_events(Entries=entries)["FailedEntryCount"]
    return failed


def test_eight_client_processes_lose_no_event(served: Served) -> None:
    sqs, events = served.client("sqs"), served.client("events")
    queue_url = sqs.create_queue(QueueName="load")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="load", EventPattern=json.dumps({"source": ["load"]}))
    events.put_targets(Rule="load", Targets=[{"Id": "q", "Arn": arn}])
    workers, count = 8, 15
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        failed = pool.starmap(_put, [(served.url, w, count) for w in range(workers)])
    assert failed == [0] * workers
    seen = []
    while messages := sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, VisibilityTimeout=600).get("Messages"):
        seen += [json.loads(m["Body"])["detail"] for m in messages]
    expected = [{"w": w, "n": n, "i": i} for w in range(workers) for n in range(count) for i in range(2)]
    assert sorted(seen, key=lambda d: (d["w"], d["n"], d["i"])) == expected
    assert served.stop()[0] == 0


def _health(port: int, host: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET /_eventmock/health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer.split(b"\r\n", 1)[0]


def test_allow_host_lets_a_container_name_in() -> None:
    server = Served("--allow-host", "eventmock", "--allow-host", "*.svc.cluster.local")
    try:
        assert _health(server.port, "eventmock:4566") == b"HTTP/1.1 200 OK"
        assert _health(server.port, "events.default.svc.cluster.local") == b"HTTP/1.1 200 OK"
        assert _health(server.port, "localhost") == b"HTTP/1.1 200 OK"
        assert _health(server.port, "attacker.example") == b"HTTP/1.1 403 Forbidden"
    finally:
        assert server.stop()[0] == 0
