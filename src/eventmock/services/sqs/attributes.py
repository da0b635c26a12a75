"""Queue attributes: their checks, GetQueueAttributes, SetQueueAttributes, and the
permissions kept as statements of the queue's ``Policy`` (AddPermission,
RemovePermission)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from eventmock.core import clock
from eventmock.services.sqs import permissions
from eventmock.services.sqs.errors import _error, _invalid_attribute_value, _invalid_parameter, _unknown_attribute
from eventmock.services.sqs.models import _INTEGER, MAX_DELAY_SECONDS, MAX_VISIBILITY_TIMEOUT, MAX_WAIT_TIME_SECONDS, Queue
from eventmock.services.sqs.redrive import Redrive

#: Every queue attribute name GetQueueAttributes knows (the model's enum).
QUEUE_ATTRIBUTE_NAMES = frozenset(
    {
        "All", "Policy", "VisibilityTimeout", "MaximumMessageSize", "MessageRetentionPeriod",
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "CreatedTimestamp",
        "LastModifiedTimestamp", "QueueArn", "ApproximateNumberOfMessagesDelayed", "DelaySeconds",
        "ReceiveMessageWaitTimeSeconds", "RedrivePolicy", "FifoQueue", "ContentBasedDeduplication",
        "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "DeduplicationScope", "FifoThroughputLimit",
        "RedriveAllowPolicy", "SqsManagedSseEnabled",
    }
)  # fmt: skip
#: Integer attributes and their valid ranges.
_INTEGER_ATTRIBUTES = {
    "DelaySeconds": (0, MAX_DELAY_SECONDS),
    "MaximumMessageSize": (1_024, 1_048_576),
    "MessageRetentionPeriod": (60, 1_209_600),
    "ReceiveMessageWaitTimeSeconds": (0, MAX_WAIT_TIME_SECONDS),
    "VisibilityTimeout": (0, MAX_VISIBILITY_TIMEOUT),
    "KmsDataKeyReusePeriodSeconds": (60, 86_400),
}
_BOOLEAN_ATTRIBUTES = frozenset({"SqsManagedSseEnabled", "ContentBasedDeduplication"})
_ENUM_ATTRIBUTES = {"DeduplicationScope": ("messageGroup", "queue"), "FifoThroughputLimit": ("perQueue", "perMessageGroupId")}
#: Attributes an empty string removes.
_REMOVABLE_ATTRIBUTES = frozenset({"Policy", "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId"})
_FIFO_ONLY_ATTRIBUTES = frozenset({"ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"})
_SETTABLE_ATTRIBUTES = frozenset(
    {*_INTEGER_ATTRIBUTES, *_BOOLEAN_ATTRIBUTES, *_ENUM_ATTRIBUTES, *_REMOVABLE_ATTRIBUTES}
)
_STANDARD_DEFAULTS = {
    "DelaySeconds": "0",
    "MaximumMessageSize": "1048576",
    "MessageRetentionPeriod": "345600",
    "ReceiveMessageWaitTimeSeconds": "0",
    "VisibilityTimeout": "30",
    "SqsManagedSseEnabled": "true",
}
_FIFO_DEFAULTS = {
    **_STANDARD_DEFAULTS,
    "FifoQueue": "true",
    "ContentBasedDeduplication": "false",
    "DeduplicationScope": "queue",
    "FifoThroughputLimit": "perQueue",
}


def trimmed(attributes: dict[str, str]) -> dict[str, str]:
    """Attribute names with white space around a known name (``"VisibilityTimeout "``)
    taken as that name: AWS's answer to them is not recorded, so eventmock is permissive
    (docs/sqs.md, "Not confirmed")."""
    if all(name in QUEUE_ATTRIBUTE_NAMES for name in attributes):
        return attributes
    return {(name.strip() if name.strip() in QUEUE_ATTRIBUTE_NAMES else name): value for name, value in attributes.items()}


class Attributes(Redrive):
    """GetQueueAttributes, SetQueueAttributes, AddPermission, RemovePermission."""

    def _checked_attributes(self, attributes: dict[str, str], fifo: bool, creating: bool) -> dict[str, str | None]:
        """The attributes, validated and normalised as GetQueueAttributes will return
        them (``None``: remove the attribute). Raises on the first invalid one."""
        out: dict[str, str | None] = {}
        for name, value in attributes.items():
            if name == "FifoQueue":
                if not creating:
                    if fifo:
                        raise _invalid_attribute_value(name, "Modifying queue type is not supported.")
                    raise _unknown_attribute(name)
                if not fifo:
                    self.refuse("sqs.fifo-attribute-on-standard-queue", _unknown_attribute(name))
                    continue  # lenient: a standard queue, as moto makes it
                out[name] = "true"
            elif name not in _SETTABLE_ATTRIBUTES:
                raise _unknown_attribute(name)
            elif name in _FIFO_ONLY_ATTRIBUTES and not fifo:
                if name == "ContentBasedDeduplication":
                    refusal = _unknown_attribute(name)
                else:
                    refusal = _error("InvalidAttributeName", f"You can specify the {name} only when FifoQueue is set to true.")
                self.refuse("sqs.fifo-attributes-on-standard-queue", refusal)
                continue  # lenient: ignored
            elif name in _INTEGER_ATTRIBUTES:
                low, high = _INTEGER_ATTRIBUTES[name]
                if not _INTEGER.fullmatch(value) or not low <= int(value) <= high:
                    raise _invalid_attribute_value(name)
                out[name] = str(int(value))
            elif name in _BOOLEAN_ATTRIBUTES:
                if value.lower() not in ("true", "false"):
                    raise _invalid_attribute_value(name)
                out[name] = value.lower()
            elif name in _ENUM_ATTRIBUTES:
                if value not in _ENUM_ATTRIBUTES[name]:
                    raise _invalid_attribute_value(name)
                out[name] = value
            elif value == "":
                out[name] = None
            elif name == "Policy":
                out[name] = self._checked_policy(value)
            elif name == "RedrivePolicy":
                out[name] = self._checked_redrive_policy(value, fifo)
            elif name == "RedriveAllowPolicy":
                out[name] = self._checked_redrive_allow_policy(value)
            else:  # KmsMasterKeyId
                out[name] = value
        if out.get("KmsMasterKeyId") and out.get("SqsManagedSseEnabled") == "true":
            raise _error(
                "InvalidAttributeName",
                "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.",
            )
        return out

    @staticmethod
    def _apply_attributes(queue: Queue, checked: dict[str, str | None]) -> None:
        for name, value in checked.items():
            if value is None:
                queue.attributes.pop(name, None)
            else:
                queue.attributes[name] = value
        if checked.get("KmsMasterKeyId"):
            queue.attributes["SqsManagedSseEnabled"] = "false"
        elif checked.get("SqsManagedSseEnabled") == "true":
            queue.attributes.pop("KmsMasterKeyId", None)
            queue.attributes.pop("KmsDataKeyReusePeriodSeconds", None)

    @staticmethod
    def _checked_policy(value: str) -> str:
        try:
            policy = json.loads(value)
        except (ValueError, RecursionError):
            policy = None
        if not isinstance(policy, dict) or not isinstance(policy.get("Statement"), (dict, list)):
            raise _invalid_attribute_value("Policy")
        return value

    def get_queue_attributes(self, QueueUrl: str, AttributeNames: list[str] | None = None) -> dict[str, Any]:
        queue = self._queue(QueueUrl)
        names = AttributeNames or []
        for name in names:
            if name not in QUEUE_ATTRIBUTE_NAMES:
                raise _unknown_attribute(name)
        if not names:
            return {}
        everything = queue.all_attributes(clock.epoch_ms())
        if "All" in names:
            return {"Attributes": everything}
        return {"Attributes": {n: everything[n] for n in names if n in everything} or None}  # none: AWS omits the member

    def set_queue_attributes(self, QueueUrl: str, Attributes: dict[str, str]) -> None:
        queue = self._queue(QueueUrl)
        checked = self._checked_attributes(trimmed(Attributes), queue.fifo, False)
        self._apply_attributes(queue, checked)
        queue.last_modified = clock.epoch_ms() // 1000

    # -- permissions (statements in the queue's Policy) --------------------------------

    def _set_policy(self, queue: Queue, label: str, change: Callable[[str | None], str | None]) -> None:
        try:
            policy = change(queue.attributes.get("Policy"))
        except permissions.LabelProblem as problem:
            raise _invalid_parameter(f"Value {label} for parameter Label is invalid. Reason: {problem}") from None
        self._apply_attributes(queue, {"Policy": policy})
        queue.last_modified = clock.epoch_ms() // 1000

    def add_permission(self, QueueUrl: str, Label: str, AWSAccountIds: list[str], Actions: list[str]) -> None:
        # AWS's checks of the label, accounts and actions are not recorded: any are taken
        queue = self._queue(QueueUrl)
        self._set_policy(queue, Label, lambda policy: permissions.with_permission(policy, queue.arn, Label, AWSAccountIds, Actions))

    def remove_permission(self, QueueUrl: str, Label: str) -> None:
        queue = self._queue(QueueUrl)
        self._set_policy(queue, Label, lambda policy: permissions.without_permission(policy, Label))
