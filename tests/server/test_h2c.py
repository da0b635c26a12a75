"""HTTP/2 with prior knowledge (h2c) on the server's port: the same answers as
HTTP/1.1, the same checks, streams answered independently; and the AWS SDK for
JavaScript v3's Kinesis client, whose default handler is HTTP/2."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from server_support import ACCOUNT, REGION, authorization, h2_exchange, json_call, node_modules, run_node

import eventmock
from eventmock.core.store import Store
from eventmock.server import MAX_BODY

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


@pytest.fixture
def served() -> Iterator[str]:
    with eventmock.server(store=Store()) as endpoint_url:
        yield endpoint_url


def _client(service: str, endpoint_url: str) -> Any:
    return boto3.session.Session().client(service, region_name=REGION, endpoint_url=endpoint_url, aws_access_key_id=ACCOUNT, aws_secret_access_key="x")


def test_a_json_call_over_h2c_is_answered_as_over_http1(served: str) -> None:
    headers, body = json_call("Kinesis_20131202.CreateStream", "kinesis", {"StreamName": "events", "ShardCount": 1})
    listed = json_call("Kinesis_20131202.ListStreams", "kinesis", {})
    [(created, _, _)] = h2_exchange(served, [("POST", "/", headers, body)])
    [(status, response_headers, payload)] = h2_exchange(served, [("POST", "/", *listed)])
    assert (created, status) == (200, 200)
    assert response_headers["content-type"] == "application/x-amz-json-1.1"
    assert json.loads(payload)["StreamNames"] == ["events"]
    # the same store as HTTP/1.1's
    assert _client("kinesis", served).list_streams()["StreamNames"] == ["events"]


def test_streams_of_one_connection_are_answered_independently(served: str) -> None:
    """A long poll on one stream holds up no other: the send on the second stream
    arrives while the first waits, and the first answers with it."""
    sqs = _client("sqs", served)
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    receive = json_call("AmazonSQS.ReceiveMessage", "sqs", {"QueueUrl": url, "WaitTimeSeconds": 20}, "1.0")
    send = json_call("AmazonSQS.SendMessage", "sqs", {"QueueUrl": url, "MessageBody": "over h2"}, "1.0")
    (received, _, received_body), (sent, _, _) = h2_exchange(served, [("POST", "/", *receive), ("POST", "/", *send)])
    assert (received, sent) == (200, 200)
    assert [m["Body"] for m in json.loads(received_body)["Messages"]] == ["over h2"]


def test_an_answer_larger_than_the_flow_control_window_arrives_whole(served: str) -> None:
    """HTTP/2 lets 64 KiB go unacknowledged: a larger answer waits for the client's
    window updates, and arrives whole."""
    kinesis = _client("kinesis", served)
    kinesis.create_stream(StreamName="big", ShardCount=1)
    data = bytes(range(256)) * 1200  # 300 KiB: 400 KiB of base64
    shard = kinesis.put_record(StreamName="big", PartitionKey="k", Data=data)["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamName="big", ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    [(status, _, payload)] = h2_exchange(served, [("POST", "/", *json_call("Kinesis_20131202.GetRecords", "kinesis", {"ShardIterator": iterator}))])
    assert status == 200
    [record] = json.loads(payload)["Records"]
    assert base64.b64decode(record["Data"]) == data


def test_h2c_keeps_the_servers_checks(served: str) -> None:
    headers, body = json_call("Kinesis_20131202.ListStreams", "kinesis", {})
    unsigned = [h for h in headers if h[0] != "authorization"]
    too_large = [*headers, ("content-length", str(MAX_BODY + 1))]
    answers = h2_exchange(served, [("POST", "/", unsigned, body), ("POST", "/", too_large, b"")])
    (status, _, payload), (large_status, _, large_payload) = answers
    assert (status, json.loads(payload)["__type"]) == (403, "MissingAuthenticationTokenException")
    assert (large_status, json.loads(large_payload)["__type"]) == (413, "RequestEntityTooLarge")


def test_h2c_refuses_a_host_that_is_not_loopback(served: str) -> None:
    import socket
    import urllib.parse

    import h2.config
    import h2.connection
    import h2.events

    parts = urllib.parse.urlsplit(served)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
    connection = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
    connection.initiate_connection()
    headers = [(":method", "POST"), (":path", "/"), (":scheme", "http"), (":authority", f"attacker.example:{parts.port}"),
               ("authorization", authorization("kinesis")), ("x-amz-target", "Kinesis_20131202.ListStreams")]
    connection.send_headers(1, headers, end_stream=True)
    sock.sendall(connection.data_to_send())
    status = None
    while status is None:
        data = sock.recv(65536)
        assert data
        for event in connection.receive_data(data):
            if isinstance(event, h2.events.ResponseReceived):
                status = dict(event.headers)[b":status"]
    sock.close()
    assert status == b"403"


def test_http1_still_answers_on_the_same_port(served: str) -> None:
    assert _client("kinesis", served).list_streams()["StreamNames"] == []


KINESIS_V3 = """
const { KinesisClient, CreateStreamCommand, ListStreamsCommand, PutRecordCommand, GetShardIteratorCommand,
        GetRecordsCommand, DescribeStreamCommand } = require("@aws-sdk/client-kinesis");
(async () => {
  const client = new KinesisClient({ endpoint: process.argv[1], region: "eu-west-1",
                                     credentials: { accessKeyId: "111122223333", secretAccessKey: "x" } });
  const out = {};
  await client.send(new CreateStreamCommand({ StreamName: "events", ShardCount: 1 }));
  out.streams = (await client.send(new ListStreamsCommand({}))).StreamNames;
  const put = await client.send(new PutRecordCommand({ StreamName: "events", PartitionKey: "k", Data: Buffer.from("hello") }));
  const it = await client.send(new GetShardIteratorCommand({ StreamName: "events", ShardId: put.ShardId, ShardIteratorType: "TRIM_HORIZON" }));
  const got = await client.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }));
  out.records = got.Records.map(r => [Buffer.from(r.Data).toString(), r.PartitionKey, r.SequenceNumber === put.SequenceNumber]);
  try { await client.send(new DescribeStreamCommand({ StreamName: "missing" })); }
  catch (e) { out.error = [e.name, e.$metadata.httpStatusCode]; }
  out.handler = client.config.requestHandler.constructor.name;
  client.destroy();
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
"""


def test_the_javascript_v3_kinesis_client_over_http2(served: str) -> None:
    folder = node_modules("@aws-sdk/client-kinesis")
    found = run_node(KINESIS_V3, folder, served)
    assert found == {
        "streams": ["events"],
        "records": [["hello", "k", True]],
        "error": ["ResourceNotFoundException", 400],
        "handler": "NodeHttp2Handler",
    }



def test_a_body_of_pieces_is_streamed_and_closed() -> None:
    """The design an event stream (Kinesis's ``SubscribeToShard``) builds on: an answer
    whose body is an iterable is sent piece by piece, past the flow-control window, and
    closed at its end."""
    import socket
    import threading

    import h2.config
    import h2.connection
    import h2.events

    from eventmock.core.wire import h2c

    closed: list[bool] = []
    expected = [f"event {index};".encode() * 200 for index in range(100)]  # ~200 KB in all

    def pieces() -> Iterator[bytes]:
        try:
            yield from expected
        finally:
            closed.append(True)

    class Exchange:
        def on_headers(self) -> h2c.Reply | None:
            return None

        def limit(self) -> int:
            return 1024

        def too_large(self) -> h2c.Reply:
            return (413, {}, b"")

        def on_body(self, body: bytes) -> h2c.Reply:
            return (200, {"content-type": "application/vnd.amazon.eventstream"}, pieces())

    server_side, client_side = socket.socketpair()
    client_side.settimeout(30)
    connection = h2c.Connection(server_side, b"", lambda method, path, headers: Exchange(), idle_timeout=30, request_timeout=30)
    thread = threading.Thread(target=connection.serve, daemon=True)
    thread.start()
    client = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
    client.initiate_connection()
    client.send_headers(1, [(":method", "POST"), (":path", "/"), (":scheme", "http"), (":authority", "localhost")], end_stream=True)
    client_side.sendall(client.data_to_send()[len(h2c.PREFACE) :])  # the server has read the preface before serve()
    body, ended = b"", False
    try:
        while not ended:
            received = client_side.recv(65536)
            assert received, "the server closed the connection"
            for event in client.receive_data(received):
                if isinstance(event, h2.events.DataReceived):
                    body += event.data
                    client.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                ended = ended or isinstance(event, h2.events.StreamEnded)
            client_side.sendall(client.data_to_send())
    finally:
        client_side.close()
        thread.join(10)
        server_side.close()
    assert body == b"".join(expected)
    assert closed == [True]


def test_a_wait_longer_than_the_idle_timeout_is_answered() -> None:
    """A connection whose only stream is being answered (a long poll) is not idle."""
    with eventmock.server(store=Store(), idle_timeout=0.5) as endpoint_url:
        sqs = _client("sqs", endpoint_url)
        url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
        receive = json_call("AmazonSQS.ReceiveMessage", "sqs", {"QueueUrl": url, "WaitTimeSeconds": 2}, "1.0")
        [(status, _, payload)] = h2_exchange(endpoint_url, [("POST", "/", *receive)])
    assert (status, json.loads(payload)) == (200, {})
