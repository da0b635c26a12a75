"""Server mode side by side with moto's server: latency and throughput over HTTP.

    python benchmarks/bench_server.py            # full run (~3 min)
    python benchmarks/bench_server.py --quick    # CI smoke run (~15 s)

Each server runs in a process of its own, on a free loopback port: eventmock's
``python -m eventmock serve --port 0`` and moto's ``ThreadedMotoServer`` (which needs
moto's server extras, ``pip install "moto[server]"``; without them moto is skipped,
with a line saying so). Clients are boto3 with ``endpoint_url``, in other processes,
as a user's would be.

1. Latency: one client, ``events.put_events`` with one entry that a rule delivers to
   an SQS queue, and ``events.list_event_buses``; the median and the 90th percentile
   of wall time per call.
2. The server alone: one raw-socket client replaying one signed-looking request on a
   keep-alive connection as fast as the server answers (almost no client cost), and
   the server process's CPU time per call.
3. Throughput: 1, 2, 4 and 8 client processes doing the same ``put_events`` for a
   fixed time; calls per second across all of them, and the server process's CPU use
   over the same time. Then the queue is read to the end: every event put must be
   there, once (the line says ``delivered`` or how many were missing or doubled).

Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import eventmock
except ImportError:  # running from a checkout without installing the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import eventmock

import boto3
from botocore.config import Config

REGION = "eu-west-1"
ACCOUNT = "111122223333"
CONFIG = Config(retries={"max_attempts": 1}, connect_timeout=10, read_timeout=60)

_MOTO = """
import logging, sys
logging.getLogger("werkzeug").setLevel(logging.ERROR)
from moto.server import ThreadedMotoServer
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print("http://127.0.0.1:%d" % server.get_host_and_port()[1], flush=True)
sys.stdin.read()
"""


@dataclass
class Served:
    name: str
    url: str
    pid: int


def moto_server_available() -> bool:
    try:
        import flask  # noqa: F401
        import flask_cors  # noqa: F401
        import moto.server  # noqa: F401
    except ImportError:
        return False
    return True


@contextmanager
def serve(name: str) -> Iterator[Served]:
    env = dict(os.environ)
    if name == "eventmock":
        src = str(Path(eventmock.__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
        command = [sys.executable, "-m", "eventmock", "serve", "--port", "0"]
    else:
        command = [sys.executable, "-c", _MOTO]
    process = subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = line[line.index("http://") :].split()[0]
        yield Served(name, url, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def client(service: str, url: str) -> Any:
    return boto3.session.Session().client(
        service, region_name=REGION, endpoint_url=url, aws_access_key_id=ACCOUNT, aws_secret_access_key="x", config=CONFIG
    )


def cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time of a process so far (Linux only)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rule_to_queue(url: str, name: str) -> str:
    """A queue and a rule delivering events of source ``name`` to it; the queue URL."""
    sqs, events = client("sqs", url), client("events", url)
    queue_url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name=name, EventPattern=json.dumps({"source": [name]}))
    events.put_targets(Rule=name, Targets=[{"Id": "q", "Arn": arn}])
    return str(queue_url)


def entries(source: str, worker: int, n: int) -> list[dict[str, str]]:
    return [{"Source": source, "DetailType": "bench", "Detail": json.dumps({"w": worker, "n": n})}]


def drain(url: str, queue_url: str) -> list[tuple[int, int]]:
    """Every message in the queue, as the (worker, n) its event carried."""
    sqs = client("sqs", url)
    seen: list[tuple[int, int]] = []
    empty = 0
    while empty < 2:
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, VisibilityTimeout=900).get("Messages", [])
        empty = empty + 1 if not messages else 0
        for message in messages:
            detail = json.loads(message["Body"])["detail"]
            seen.append((detail["w"], detail["n"]))
    return seen


def latency(url: str, source: str, number: int) -> dict[str, tuple[float, float]]:
    events = client("events", url)
    calls: dict[str, Callable[[int], object]] = {
        "put_events": lambda i: events.put_events(Entries=entries(source, 0, i)),
        "list_event_buses": lambda i: events.list_event_buses(),
    }
    figures = {}
    for name, call in calls.items():
        for i in range(5):
            call(-1 - i)  # warm the connection and the server's caches
        times = []
        for i in range(number):
            start = time.perf_counter()
            call(i)
            times.append(time.perf_counter() - start)
        times.sort()
        figures[name] = (statistics.median(times), times[int(len(times) * 0.9)])
    return figures


def _worker(url: str, source: str, worker: int, seconds: float, ready: Any, go: Any, results: Any) -> None:
    events = client("events", url)
    events.list_event_buses()  # connect before the clock starts
    ready.release()
    go.wait()
    n, failed, deadline = 0, 0, time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        answer = events.put_events(Entries=entries(source, worker, n))
        failed += answer["FailedEntryCount"]
        n += 1
    results.put((worker, n, failed))


def throughput(served: Served, source: str, clients: int, seconds: float) -> dict[str, Any]:
    queue_url = rule_to_queue(served.url, source)
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    ready, go, results = context.Semaphore(0), context.Event(), context.Queue()
    workers = [
        context.Process(target=_worker, args=(served.url, source, w, seconds, ready, go, results)) for w in range(clients)
    ]
    for process in workers:
        process.start()
    for _ in workers:
        ready.acquire()
    cpu_before, start = cpu_seconds(served.pid), time.perf_counter()
    go.set()
    done = [results.get(timeout=seconds + 120) for _ in workers]
    wall, cpu_after = time.perf_counter() - start, cpu_seconds(served.pid)
    for process in workers:
        process.join()
    calls = sum(n for _, n, _ in done)
    failed = sum(f for _, _, f in done)
    put = {(w, i) for w, n, _ in done for i in range(n)}
    got = drain(served.url, queue_url)
    cpu = None if cpu_before is None or cpu_after is None else (cpu_after - cpu_before) / wall
    return {"calls": calls, "rate": calls / wall, "cpu": cpu, "failed": failed, "missing": len(put - set(got)),
            "extra": len(got) - len(set(got)) + len(set(got) - put)}


def _raw_request(target: str, body: dict[str, Any]) -> bytes:
    payload = json.dumps(body).encode()
    scope = f"AWS4-HMAC-SHA256 Credential={ACCOUNT}/20260101/{REGION}/events/aws4_request, SignedHeaders=host, Signature=0"
    return (
        f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AWSEvents.{target}\r\nAuthorization: {scope}\r\n"
        f"Content-Type: application/x-amz-json-1.1\r\nContent-Length: {len(payload)}\r\n\r\n"
    ).encode() + payload


def server_alone(served: Served, source: str, seconds: float) -> dict[str, tuple[float, float | None]]:
    """Calls per second one raw-socket client gets on one keep-alive connection, sending
    the same request again and again (no boto3 on the client side: what remains is the
    server's cost), and the server's CPU time per call."""
    import socket

    requests = {
        "put_events": _raw_request("PutEvents", {"Entries": entries(source, 0, 0)}),
        "list_event_buses": _raw_request("ListEventBuses", {}),
    }
    host, port = served.url.rsplit("/", 1)[1].split(":")
    figures = {}
    for name, raw in requests.items():
        sock = socket.create_connection((host, int(port)), timeout=30)
        calls, cpu_before, start = 0, cpu_seconds(served.pid), time.perf_counter()
        while time.perf_counter() - start < seconds:
            sock.sendall(raw)
            data = b""
            while b"\r\n\r\n" not in data:
                data += sock.recv(65536)
            head, _, body = data.partition(b"\r\n\r\n")
            lowered = head.lower()
            length = int(lowered.split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
            while len(body) < length:
                body += sock.recv(65536)
            if not head.startswith(b"HTTP/1.1 200") and not head.startswith(b"HTTP/1.0 200"):
                raise RuntimeError(f"{served.name} answered {head[:60]!r}")
            if b"connection: close" in lowered or head.startswith(b"HTTP/1.0"):
                sock.close()
                sock = socket.create_connection((host, int(port)), timeout=30)
            calls += 1
        wall, cpu_after = time.perf_counter() - start, cpu_seconds(served.pid)
        sock.close()
        cpu = None if cpu_before is None or cpu_after is None else (cpu_after - cpu_before) / calls
        figures[name] = (calls / wall, cpu)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a smoke run of about 15 s")
    parser.add_argument("--only", choices=("eventmock", "moto"), help="measure one server only")
    args = parser.parse_args()
    number, seconds, counts = (30, 1.0, (1, 4)) if args.quick else (500, 5.0, (1, 2, 4, 8))

    names = ["eventmock", "moto"] if args.only is None else [args.only]
    if "moto" in names and not moto_server_available():
        print('moto skipped: its server needs moto\'s server extras (pip install "moto[server]")')
        names.remove("moto")
    print(f"{os.cpu_count()} cores, load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"{'quick' if args.quick else 'full'} run: latency over {number} calls, throughput over {seconds:g} s")

    # Both servers run at once (an idle one costs nothing) and take turns in each
    # measurement, so that a burst of load from elsewhere slows both alike.
    results: dict[str, dict[str, Any]] = {name: {"rates": {}} for name in names}
    with ExitStack() as stack:
        servers = {name: stack.enter_context(serve(name)) for name in names}
        for name, served in servers.items():
            rule_to_queue(served.url, "latency")
            results[name]["latency"] = latency(served.url, "latency", number)
        for name, served in servers.items():
            rule_to_queue(served.url, "alone")
            results[name]["alone"] = server_alone(served, "alone", seconds / 2 if args.quick else seconds)
        for k in counts:
            for name, served in servers.items():
                results[name]["rates"][k] = throughput(served, f"clients-{k}", k, seconds)

    print("\nlatency, one client (median / 90th percentile, ms)")
    for call in ("put_events", "list_event_buses"):
        cells = "   ".join(f"{n} {results[n]['latency'][call][0] * 1e3:7.2f} / {results[n]['latency'][call][1] * 1e3:7.2f}" for n in names)
        print(f"  {call:18} {cells}")
    print("\nthe server alone: one raw-socket client replaying one request on a keep-alive connection (calls/s, server CPU per call)")
    for call in ("put_events", "list_event_buses"):
        cells = []
        for n in names:
            rate, cpu = results[n]["alone"][call]
            cells.append(f"{n} {rate:8.1f}/s {'?' if cpu is None else f'{cpu * 1e3:6.3f} ms'}")
        print(f"  {call:18} " + "   ".join(cells))
    print("\nthroughput, put_events into a rule with an SQS target (calls/s, server CPU, delivery)")
    for k in counts:
        cells = []
        for n in names:
            r = results[n]["rates"][k]
            cpu = "   ?" if r["cpu"] is None else f"{r['cpu'] * 100:4.0f}%"
            check = "delivered" if not (r["missing"] or r["extra"] or r["failed"]) else f"missing {r['missing']} extra {r['extra']} failed {r['failed']}"
            cells.append(f"{n} {r['rate']:8.1f}/s cpu {cpu} {check:10}")
        print(f"  {k} client{'s' if k > 1 else ' '}  " + "   ".join(cells))
    if len(names) == 2:
        print("\neventmock / moto")
        lat = results["moto"]["latency"]["put_events"][0] / results["eventmock"]["latency"]["put_events"][0]
        print(f"  put_events latency   {lat:6.1f}x lower")
        for k in counts:
            ratio = results["eventmock"]["rates"][k]["rate"] / results["moto"]["rates"][k]["rate"]
            print(f"  {k} client{'s' if k > 1 else ' '} throughput  {ratio:6.1f}x")
        for call in ("put_events", "list_event_buses"):
            mine, theirs = results["eventmock"]["alone"][call][1], results["moto"]["alone"][call][1]
            if mine and theirs:
                print(f"  server CPU per {call:16} {theirs / mine:6.1f}x less")
    bad = [n for n in names for r in results[n]["rates"].values() if r["missing"] or r["extra"] or r["failed"]]
    if "eventmock" in bad:
        sys.exit("eventmock lost or doubled events")


if __name__ == "__main__":
    main()
