"""Queue URLs: AWS's in-process (fast path and wire mode), the server's own endpoint
over HTTP; every operation that takes a ``QueueUrl`` takes either form in every mode."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore import xform_name
from botocore.config import Config

from eventmock import mock_aws
from eventmock.core import registry
from eventmock.core.wire import routing

ACCOUNT = "111122223333"


def _queue_url_operations() -> frozenset[str]:
    """The operations of SQS's model that take a ``QueueUrl`` and eventmock emulates."""
    model = routing.models.model("sqs")
    emulated = registry.table(model).operations
    return frozenset(
        name for name in model.operation_names if name in emulated and "QueueUrl" in (model.operation_model(name).input_shape.members)
    )


def use_every_queue_url_operation(sqs: Any, url: str, expected_url: Callable[[str], str]) -> set[str]:
    """Call every emulated operation taking a ``QueueUrl`` with ``url`` (a standard
    queue's, named ``jobs``), checking that each reaches the queue; ``expected_url``:
    the URL an answer gives a queue of that name. Returns the operations called."""
    called: set[str] = set()

    def call(operation: str, **params: Any) -> Any:
        called.add(operation)
        return getattr(sqs, xform_name(operation))(QueueUrl=url, **params)

    call("SetQueueAttributes", Attributes={"VisibilityTimeout": "0"})
    attributes = call("GetQueueAttributes", AttributeNames=["VisibilityTimeout", "QueueArn"])["Attributes"]
    assert attributes["VisibilityTimeout"] == "0"
    call("TagQueue", Tags={"team": "a", "gone": "b"})
    call("UntagQueue", TagKeys=["gone"])
    assert call("ListQueueTags")["Tags"] == {"team": "a"}
    call("AddPermission", Label="reader", AWSAccountIds=["444455556666"], Actions=["ReceiveMessage"])
    call("RemovePermission", Label="reader")
    call("SendMessage", MessageBody="one")
    batch = call("SendMessageBatch", Entries=[{"Id": "2", "MessageBody": "two"}, {"Id": "3", "MessageBody": "three"}])
    assert len(batch["Successful"]) == 2
    received = call("ReceiveMessage", MaxNumberOfMessages=10)["Messages"]
    assert sorted(m["Body"] for m in received) == ["one", "three", "two"]
    handles = [m["ReceiptHandle"] for m in received]
    call("ChangeMessageVisibility", ReceiptHandle=handles[0], VisibilityTimeout=60)
    changed = call("ChangeMessageVisibilityBatch", Entries=[{"Id": "1", "ReceiptHandle": handles[1], "VisibilityTimeout": 60}])
    assert [e["Id"] for e in changed["Successful"]] == ["1"]
    call("DeleteMessage", ReceiptHandle=handles[0])
    deleted = call("DeleteMessageBatch", Entries=[{"Id": "1", "ReceiptHandle": handles[1]}])
    assert [e["Id"] for e in deleted["Successful"]] == ["1"]
    redrive = json.dumps({"deadLetterTargetArn": attributes["QueueArn"], "maxReceiveCount": 3})
    sqs.create_queue(QueueName="source", Attributes={"RedrivePolicy": redrive})
    assert call("ListDeadLetterSourceQueues")["queueUrls"] == [expected_url("source")]
    call("PurgeQueue")
    assert "Messages" not in sqs.receive_message(QueueUrl=url)
    call("DeleteQueue")
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName="jobs")
    return called


def _aws_url(region: str) -> Callable[[str], str]:
    return lambda name: f"https://sqs.{region}.amazonaws.com/{ACCOUNT}/{name}"


def _other_forms(region: str) -> dict[str, Callable[[str], str]]:
    """Ways to name a queue of ``ACCOUNT`` in ``region``: AWS's URL, the legacy host,
    the bare queue name (the caller's account and region, as AWS takes it) and a local
    server's (moto's, LocalStack's, eventmock's), whose host names no region: the
    client's region is meant."""
    return {
        "aws": _aws_url(region),
        "legacy": lambda name: f"https://{region}.queue.amazonaws.com/{ACCOUNT}/{name}",
        "server": lambda name: f"http://127.0.0.1:4566/{ACCOUNT}/{name}",
        "localhost": lambda name: f"http://localhost:4566/{ACCOUNT}/{name}",
        "name": lambda name: name,
    }


# -- in-process: AWS's URLs --------------------------------------------------------------


@pytest.mark.parametrize("form", sorted(_other_forms("eu-west-1")))
@pytest.mark.parametrize("wire", [False, True], ids=["fast", "wire"])
def test_in_process_urls_are_aws_and_every_operation_takes_every_form(eventmock: Any, wire: bool, form: str) -> None:
    with mock_aws(wire=wire):
        sqs = boto3.client("sqs", region_name="eu-west-1", aws_access_key_id=ACCOUNT, aws_secret_access_key="x")
        url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
        aws = _aws_url("eu-west-1")
        assert url == aws("jobs")
        assert sqs.get_queue_url(QueueName="jobs")["QueueUrl"] == url
        assert sqs.list_queues()["QueueUrls"] == [url]
        called = use_every_queue_url_operation(sqs, _other_forms("eu-west-1")[form]("jobs"), aws)
    assert called == _queue_url_operations()


# -- over HTTP: the server's own endpoint ------------------------------------------------


def remote(endpoint_url: str, region: str = "eu-west-1") -> Any:
    """An SQS client of the server (no mock is active: the calls go over HTTP)."""
    return boto3.session.Session().client(
        "sqs",
        region_name=region,
        endpoint_url=endpoint_url,
        aws_access_key_id=ACCOUNT,
        aws_secret_access_key="x",
        config=Config(retries={"total_max_attempts": 1}),
    )


@pytest.mark.parametrize("form", ["answered", *sorted(_other_forms("eu-west-1"))])
def test_server_urls_name_its_endpoint_and_every_operation_takes_every_form(endpoint: str, form: str) -> None:
    sqs = remote(endpoint)
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    on_server = lambda name: f"{endpoint}/{ACCOUNT}/{name}"  # noqa: E731
    assert url == on_server("jobs")
    assert sqs.get_queue_url(QueueName="jobs")["QueueUrl"] == url
    assert sqs.list_queues()["QueueUrls"] == [url]
    given = url if form == "answered" else _other_forms("eu-west-1")[form]("jobs")
    assert use_every_queue_url_operation(sqs, given, on_server) == _queue_url_operations()


def test_server_urls_follow_the_host_the_client_named(endpoint: str) -> None:
    """The URL is built from the request's ``Host`` header: a client that reached the
    server as ``localhost`` gets ``localhost`` URLs, usable from where it is."""
    port = endpoint.rsplit(":", 1)[1]
    by_name = remote(f"http://localhost:{port}")
    url = by_name.create_queue(QueueName="jobs")["QueueUrl"]
    assert url == f"http://localhost:{port}/{ACCOUNT}/jobs"
    by_address = remote(endpoint)
    assert by_address.get_queue_url(QueueName="jobs")["QueueUrl"] == f"{endpoint}/{ACCOUNT}/jobs"
    by_address.send_message(QueueUrl=url, MessageBody="hello")
    assert [m["Body"] for m in by_name.receive_message(QueueUrl=url)["Messages"]] == ["hello"]


def test_a_server_url_means_the_region_of_the_request(endpoint: str) -> None:
    """A server's URL names no region (as moto's and LocalStack's): the client's region
    is meant, while AWS's URL still reaches its region from anywhere."""
    eu, us = remote(endpoint, "eu-west-1"), remote(endpoint, "us-east-1")
    url = eu.create_queue(QueueName="jobs")["QueueUrl"]
    with pytest.raises(us.exceptions.QueueDoesNotExist):
        us.send_message(QueueUrl=url, MessageBody="x")
    us.send_message(QueueUrl=_aws_url("eu-west-1")("jobs"), MessageBody="from us-east-1")
    assert [m["Body"] for m in eu.receive_message(QueueUrl=url)["Messages"]] == ["from us-east-1"]
