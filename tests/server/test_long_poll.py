"""Long polling on the server: a ``ReceiveMessage`` that may wait and finds nothing
waits until a message arrives (a send from another client, a delivery, a delay that
ends) or the wait ends, holding no lock: other calls are answered meanwhile."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from server_support import ACCOUNT, REGION

import eventmock
from eventmock.core.store import Store
from eventmock.server import EventmockServer


@pytest.fixture
def server() -> Iterator[EventmockServer]:
    served = eventmock.server(store=Store())
    with served:
        yield served


def _sqs(server: EventmockServer) -> Any:
    return boto3.session.Session().client(
        "sqs", region_name=REGION, endpoint_url=server.endpoint_url, aws_access_key_id=ACCOUNT, aws_secret_access_key="x"
    )


def _in_background(call: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    found: list[Any] = []
    thread = threading.Thread(target=lambda: found.append(call()), daemon=True)
    thread.start()
    return thread, found


def _until_waiting(server: EventmockServer, count: int = 1) -> None:
    """Until ``count`` calls wait on the server (bounded: a hung test fails)."""
    for _ in range(2000):
        if server.long_poll.waiting >= count:
            return
        time.sleep(0.01)
    raise AssertionError("no call came to wait")


def test_a_receive_waits_for_a_message_sent_meanwhile(server: EventmockServer) -> None:
    sqs = _sqs(server)
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    thread, found = _in_background(lambda: _sqs(server).receive_message(QueueUrl=url, WaitTimeSeconds=20))
    _until_waiting(server)
    sqs.send_message(QueueUrl=url, MessageBody="arrived")  # answered while the receive waits
    thread.join(30)
    assert [m["Body"] for m in found[0]["Messages"]] == ["arrived"]


def test_the_queues_receive_wait_time_applies_when_the_call_names_none(server: EventmockServer) -> None:
    sqs = _sqs(server)
    url = sqs.create_queue(QueueName="jobs", Attributes={"ReceiveMessageWaitTimeSeconds": "20"})["QueueUrl"]
    thread, found = _in_background(lambda: _sqs(server).receive_message(QueueUrl=url))
    _until_waiting(server)
    sqs.send_message(QueueUrl=url, MessageBody="arrived")
    thread.join(30)
    assert [m["Body"] for m in found[0]["Messages"]] == ["arrived"]


def test_a_wait_with_no_message_ends_empty(server: EventmockServer) -> None:
    sqs = _sqs(server)
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    assert "Messages" not in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)


def test_a_delayed_message_ends_a_wait_when_it_becomes_visible(server: EventmockServer) -> None:
    sqs = _sqs(server)
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=1)
    found = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=10)
    assert [m["Body"] for m in found["Messages"]] == ["later"]


def test_a_wait_on_another_queue_is_not_ended_by_a_send(server: EventmockServer) -> None:
    sqs = _sqs(server)
    waited = sqs.create_queue(QueueName="waited")["QueueUrl"]
    other = sqs.create_queue(QueueName="other")["QueueUrl"]
    thread, found = _in_background(lambda: _sqs(server).receive_message(QueueUrl=waited, WaitTimeSeconds=20))
    _until_waiting(server)
    sqs.send_message(QueueUrl=other, MessageBody="elsewhere")
    _until_waiting(server)  # asked again, still empty: waiting again
    sqs.send_message(QueueUrl=waited, MessageBody="here")
    thread.join(30)
    assert [m["Body"] for m in found[0]["Messages"]] == ["here"]


def test_stopping_the_server_answers_the_waiting_calls(server: EventmockServer) -> None:
    sqs = _sqs(server)
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    thread, found = _in_background(lambda: _sqs(server).receive_message(QueueUrl=url, WaitTimeSeconds=20))
    _until_waiting(server)
    server.stop(grace=30)
    thread.join(30)
    assert found and "Messages" not in found[0]

