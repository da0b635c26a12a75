"""Helpers of the SQS tests."""

from __future__ import annotations

import hashlib


def error_of(info) -> tuple[str, str]:
    """(Error.Code, Error.Message) of a ``pytest.raises`` ClientError: the legacy query
    code, as boto3 shows it."""
    error = info.value.response["Error"]
    return error["Code"], error["Message"]


def attribute(sqs, url: str, name: str) -> str:
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[name])["Attributes"][name]


def counts(sqs, url: str) -> tuple[int, int, int]:
    """(available, in flight, delayed)."""
    names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"]
    found = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=names)["Attributes"]
    return tuple(int(found[n]) for n in names)  # type: ignore[return-value]


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()
