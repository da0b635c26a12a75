"""Plain helpers for the Scheduler tests."""

from __future__ import annotations

from typing import Any

ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/scheduler"
OFF = {"Mode": "OFF"}


def error_of(info: Any) -> tuple[str, str]:
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


def status_of(info: Any) -> int:
    return info.value.response["ResponseMetadata"]["HTTPStatusCode"]


def target(arn: str, **more: Any) -> dict[str, Any]:
    return {"Arn": arn, "RoleArn": ROLE, **more}


def queue(sqs: Any, name: str = "jobs", **attributes: str) -> tuple[str, str]:
    """(url, arn) of a new queue."""
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url, arn


def bodies(sqs: Any, url: str) -> list[str]:
    """Every message body in the queue, received and deleted, in order."""
    found = []
    while True:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not messages:
            return found
        for message in messages:
            found.append(message["Body"])
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
