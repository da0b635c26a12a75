"""Helpers of the server tests: raw HTTP/1.1 requests, an HTTP/2 client (the ``h2``
package, client side), and Node scripts run with the npm packages CI installs."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

ACCOUNT = "111122223333"
REGION = "eu-west-1"
#: The SQS query protocol's XML namespace, as AWS writes it.
SQS_NS = {"q": "http://queue.amazonaws.com/doc/2012-11-05/"}


def authorization(service: str, account: str = ACCOUNT, region: str = REGION) -> str:
    """A SigV4 ``Authorization`` header naming ``service`` (eventmock reads the scope;
    it does not check the signature)."""
    return f"AWS4-HMAC-SHA256 Credential={account}/20240101/{region}/{service}/aws4_request, SignedHeaders=host, Signature=0"


def query(url: str, params: dict[str, str], *, method: str = "POST", signed: bool = True) -> tuple[int, dict[str, str], ElementTree.Element]:
    """An SQS query-protocol request (``Action=...``) to ``url``, form-encoded (POST) or
    in the query string (GET): status, headers (lowercased), the XML document."""
    encoded = urllib.parse.urlencode(params)
    headers = {"Authorization": authorization("sqs")} if signed else {}
    if method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
        request = urllib.request.Request(url, encoded.encode(), headers, method="POST")
    else:
        request = urllib.request.Request(f"{url}?{encoded}", None, headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, found, body = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, found, body = error.code, dict(error.headers), error.read()
    return status, {k.lower(): v for k, v in found.items()}, ElementTree.fromstring(body)


def text(root: ElementTree.Element, path: str) -> str | None:
    """The text of the first element at ``path`` (``q:`` is SQS's namespace)."""
    found = root.find(path, SQS_NS)
    return None if found is None else (found.text or "")


# -- HTTP/2 ----------------------------------------------------------------------------


def h2_exchange(endpoint_url: str, requests: list[tuple[str, str, list[tuple[str, str]], bytes]], timeout: float = 60) -> list[tuple[int, dict[str, str], bytes]]:
    """Send ``requests`` (method, path, headers, body) at once on one HTTP/2 connection
    with prior knowledge, each on a stream of its own; the answers in the same order."""
    import h2.config
    import h2.connection
    import h2.events

    parts = urllib.parse.urlsplit(endpoint_url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
    connection = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
    connection.initiate_connection()
    streams: dict[int, int] = {}
    for index, (method, path, headers, body) in enumerate(requests):
        stream_id = connection.get_next_available_stream_id()
        streams[stream_id] = index
        fields = [(":method", method), (":path", path), (":scheme", "http"), (":authority", parts.netloc), *headers]
        declared = any(k.lower() == "content-length" for k, _ in headers)
        if not declared:
            fields.append(("content-length", str(len(body))))
        connection.send_headers(stream_id, fields, end_stream=not body and not declared)
        if body:
            connection.send_data(stream_id, body, end_stream=True)
    sock.sendall(connection.data_to_send())
    answers: dict[int, list[Any]] = {}
    done: set[int] = set()
    try:
        while len(done) < len(requests):
            data = sock.recv(65536)
            if not data:
                raise ConnectionError("the server closed the connection")
            for event in connection.receive_data(data):
                if isinstance(event, h2.events.ResponseReceived):
                    answers[event.stream_id] = [int(dict(event.headers)[":status"]), dict(event.headers), b""]
                elif isinstance(event, h2.events.DataReceived):
                    answers[event.stream_id][2] += event.data
                    connection.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                elif isinstance(event, (h2.events.StreamEnded, h2.events.StreamReset)):
                    done.add(streams[event.stream_id])
                    if event.stream_id not in answers:  # reset before an answer
                        answers[event.stream_id] = [0, {}, b""]
            sock.sendall(connection.data_to_send())
    finally:
        sock.close()
    ordered = sorted(answers.items(), key=lambda item: streams[item[0]])
    return [(status, headers, body) for _, (status, headers, body) in ordered]


def json_call(service_target: str, service: str, document: dict[str, Any], version: str = "1.1") -> tuple[list[tuple[str, str]], bytes]:
    """Headers and body of a JSON-protocol call (``X-Amz-Target``), signed for ``service``."""
    headers = [
        ("content-type", f"application/x-amz-json-{version}"),
        ("x-amz-target", service_target),
        ("authorization", authorization(service)),
    ]
    return headers, json.dumps(document).encode()


# -- Node ------------------------------------------------------------------------------


def node_modules(*packages: str) -> Path:
    """The ``node_modules`` folder holding ``packages`` (``EVENTMOCK_NODE_MODULES``,
    which .ci/run sets after installing them), or the test is skipped, saying why."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    folder = os.environ.get("EVENTMOCK_NODE_MODULES")
    if not folder:
        pytest.skip("EVENTMOCK_NODE_MODULES does not name a node_modules folder (.ci/run installs the npm packages there)")
    missing = [p for p in packages if not (Path(folder) / p / "package.json").is_file()]
    if missing:
        pytest.skip(f"the npm package(s) {', '.join(missing)} are not in {folder}")
    return Path(folder)


def run_node(script: str, folder: Path, *args: str) -> Any:
    """Run a Node script (its text) with ``folder`` as its ``node_modules``; its last
    line of output, as JSON."""
    env = {"PATH": os.environ.get("PATH", ""), "NODE_PATH": str(folder), "AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE": "1", "HOME": os.environ.get("HOME", "/tmp")}
    done = subprocess.run(["node", "-e", script, "--", *args], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
