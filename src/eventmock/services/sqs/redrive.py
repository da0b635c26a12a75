"""Dead-letter queues: the ``RedrivePolicy`` and ``RedriveAllowPolicy`` attributes'
checks, the move of a message received too often to its dead-letter queue, and
ListDeadLetterSourceQueues."""

from __future__ import annotations

import json
from typing import Any

from eventmock.core import arns, pagination, targets
from eventmock.core.errors import ServiceError
from eventmock.services.sqs.base import SqsBase
from eventmock.services.sqs.errors import _invalid_attribute_value, _invalid_parameter
from eventmock.services.sqs.models import _INTEGER, MAX_LIST_RESULTS, Message, Queue

_REDRIVE_ALLOW_PERMISSIONS = ("allowAll", "denyAll", "byQueue")


class Redrive(SqsBase):
    """ListDeadLetterSourceQueues, and the checks of the redrive policies."""

    def _checked_redrive_policy(self, value: str, fifo: bool) -> str:
        try:
            policy = json.loads(value)
        except (ValueError, RecursionError):
            policy = None
        if not isinstance(policy, dict):
            raise _invalid_attribute_value("RedrivePolicy", "Redrive policy is not a valid JSON map.")

        def invalid(reason: str) -> ServiceError:
            return _invalid_parameter(f"Value {value} for parameter RedrivePolicy is invalid. Reason: {reason}")

        for key in ("maxReceiveCount", "deadLetterTargetArn"):
            if key not in policy:
                raise invalid(f"Redrive policy does not contain mandatory attribute: {key}.")
        if set(policy) - {"maxReceiveCount", "deadLetterTargetArn"}:
            raise invalid("Only following attributes are supported: [maxReceiveCount, deadLetterTargetArn].")
        count = policy["maxReceiveCount"]
        if isinstance(count, bool) or not isinstance(count, (int, str)) or not _INTEGER.fullmatch(str(count)) or not 1 <= int(count) <= 1000:
            raise invalid(f"Invalid value for maxReceiveCount: {count}, valid values are from 1 to 1000 both inclusive.")
        target = policy["deadLetterTargetArn"]
        arn = arns.parse(target) if isinstance(target, str) else None
        if arn is None:
            raise invalid("Invalid value for deadLetterTargetArn.")
        if arn.service != "sqs":
            raise invalid("Only SQS queues are valid resources for deadLetterTargetArn.")
        dead_letter = self._queue_by_arn(target) if (arn.account, arn.region) == (self.account_id, self.region) else None
        if dead_letter is None:
            raise invalid("Dead letter target does not exist.")
        if dead_letter.fifo != fifo:
            raise invalid("Dead-letter queue must be same type of queue as the source..")
        return json.dumps({"deadLetterTargetArn": target, "maxReceiveCount": int(count)}, separators=(",", ":"))

    @staticmethod
    def _checked_redrive_allow_policy(value: str) -> str:
        reason = "Amazon SQS can't create the redrive allow policy, as it’s in an unsupported format."
        try:
            policy = json.loads(value)
        except (ValueError, RecursionError):
            policy = None
        if (
            not isinstance(policy, dict)
            or policy.get("redrivePermission") not in _REDRIVE_ALLOW_PERMISSIONS
            or set(policy) - {"redrivePermission", "sourceQueueArns"}
        ):
            raise _invalid_attribute_value("RedriveAllowPolicy", reason)
        sources = policy.get("sourceQueueArns")
        if sources is not None and (not isinstance(sources, list) or not all(isinstance(s, str) for s in sources)):
            raise _invalid_attribute_value("RedriveAllowPolicy", reason)
        if policy["redrivePermission"] == "byQueue" and not sources:
            raise _invalid_parameter(
                f"Value {value} for parameter RedriveAllowPolicy is invalid. Reason: Amazon SQS can't create the redrive "
                "allow policy. When you specify the byQueue permission type, you must also specify one or more "
                "sourceQueueArns values."
            )
        return value

    @staticmethod
    def _dead_letter(queue: Queue, message: Message, dead_letter: Queue, now: int) -> None:
        """Move a message received ``maxReceiveCount`` times to the dead-letter queue,
        with its id, body, attributes and sent time (retention counts from there)."""
        targets.delivery_log.warning(
            "moved message %s from %s to its dead-letter queue %s after %d receives", message.id, queue.arn, dead_letter.arn, message.receive_count
        )
        queue.remove(message)
        dead_letter.append(
            Message(
                id=message.id,
                body=message.body,
                md5_of_body=message.md5_of_body,
                attributes=message.attributes,
                md5_of_attributes=message.md5_of_attributes,
                sender_id=message.sender_id,
                sent_ms=message.sent_ms,
                available_ms=now,
                group_id=message.group_id,
                deduplication_id=message.deduplication_id,
                sequence_number=dead_letter.next_sequence() if dead_letter.fifo else None,
                dead_letter_source_arn=queue.arn,
                trace_header=message.trace_header,
            )
        )

    def list_dead_letter_source_queues(self, QueueUrl: str, NextToken: str | None = None, MaxResults: int | None = None) -> dict[str, Any]:
        owner, queue = self._locate(QueueUrl)
        if MaxResults is not None and not 1 <= MaxResults <= MAX_LIST_RESULTS:
            raise _invalid_parameter(
                f"Value {MaxResults} for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000."
            )
        sources = sorted(
            source.name for source in owner.queues.values() if (target := source.redrive_target()) is not None and target[0] == queue.arn
        )
        try:
            page, token = pagination.page(sources, NextToken, MaxResults or MAX_LIST_RESULTS)
        except pagination.InvalidToken:
            raise _invalid_parameter("Invalid NextToken value.") from None
        return {"queueUrls": [self._url(owner.queues[n]) for n in page], "NextToken": token if MaxResults is not None else None}
