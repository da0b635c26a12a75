from __future__ import annotations

import pytest


@pytest.fixture
def default_service() -> str:
    return "sns"


@pytest.fixture
def sns(client_for):
    return client_for()


@pytest.fixture
def sqs(client_for):
    return client_for("sqs")


@pytest.fixture
def make_queue(sqs):
    """``make_queue(name, **attributes)``: a queue's (URL, ARN)."""

    def make(name: str = "inbox", **attributes: str) -> tuple[str, str]:
        url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return url, arn

    return make


@pytest.fixture
def topic(sns) -> str:
    return sns.create_topic(Name="orders")["TopicArn"]


@pytest.fixture
def fifo_topic(sns) -> str:
    return sns.create_topic(Name="orders.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
