"""No lock is held while user code runs: a handler or an HTTP hook may call boto3 from
another thread and wait for it.

Each scenario runs in a thread joined with a timeout: a regression (a deadlock) fails
the test instead of hanging the suite. The timeout is a hang detector, not a timing
assertion: the scenarios finish in milliseconds.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

import eventmock

FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:{}"


@pytest.fixture
def default_service() -> str:
    return "sqs"


def finishes(scenario: Callable[[], None]) -> None:
    """Run ``scenario`` in a thread; fail if it has not finished 10 s later (a deadlock),
    re-raise what it raised."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            scenario()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            failure.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive(), "the call deadlocked: a lock was held while user code ran"
    if failure:
        raise failure[0]


def in_thread(call: Callable[[], object]) -> None:
    """Run ``call`` in a new thread and wait for it (what a handler does)."""
    thread = threading.Thread(target=call)
    thread.start()
    thread.join()


@pytest.fixture
def sqs(client_for):
    return client_for("sqs")


@pytest.fixture
def queue(sqs) -> str:
    return sqs.create_queue(QueueName="out")["QueueUrl"]


def bodies(sqs, queue: str) -> list[str]:
    messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", [])
    return sorted(m["Body"] for m in messages)


def test_a_lambda_handler_may_call_boto3_from_another_thread(eventmock, client_for, sqs, queue):
    def handler(event, context):
        in_thread(lambda: sqs.send_message(QueueUrl=queue, MessageBody=event["say"]))
        return "sent"

    eventmock.register_lambda(FUNCTION.format("threaded"), handler)
    functions = client_for("lambda")

    def scenario() -> None:
        response = functions.invoke(FunctionName="threaded", Payload=json.dumps({"say": "hello"}))
        assert json.loads(response["Payload"].read()) == "sent"

    finishes(scenario)
    assert bodies(sqs, queue) == ["hello"]


def test_an_sns_triggered_handler_may_use_a_thread_pool(eventmock, client_for, sqs, queue):
    def handler(event, context):
        text = event["Records"][0]["Sns"]["Message"]
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = [pool.submit(sqs.send_message, QueueUrl=queue, MessageBody=f"{text}-{i}") for i in range(2)]
            for future in futures:
                future.result()

    arn = FUNCTION.format("fan")
    eventmock.register_lambda(arn, handler)
    sns = client_for("sns")
    topic = sns.create_topic(Name="orders")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=arn)

    finishes(lambda: sns.publish(TopicArn=topic, Message="order"))
    assert bodies(sqs, queue) == ["order-0", "order-1"]


def test_an_http_hook_may_call_boto3_from_another_thread(eventmock, client_for, sqs, queue):
    def hook(request):
        if request.headers["x-amz-sns-message-type"] == "Notification":
            in_thread(lambda: sqs.send_message(QueueUrl=queue, MessageBody=request.json()["Message"]))
        return 200

    eventmock.register_http("https://hooks.example.com/", hook)
    sns = client_for("sns")
    topic = sns.create_topic(Name="orders")["TopicArn"]
    subscription = sns.subscribe(TopicArn=topic, Protocol="https", Endpoint="https://hooks.example.com/sns", ReturnSubscriptionArn=True)
    token = eventmock.http.requests[0].json()["Token"]
    sns.confirm_subscription(TopicArn=topic, Token=token)

    finishes(lambda: sns.publish(TopicArn=topic, Message="posted"))
    assert bodies(sqs, queue) == ["posted"]
    assert eventmock.http.sent[-1].response is not None and eventmock.http.sent[-1].response.status == 200
    assert subscription["SubscriptionArn"]
