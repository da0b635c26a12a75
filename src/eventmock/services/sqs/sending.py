"""Sending: the checks of a message and its attributes, SendMessage, and the
deliveries other services make into a queue (:meth:`Sending._deliver`)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from eventmock.core import clock, deduplication, ids, lineage, targets
from eventmock.core.arns import Arn
from eventmock.services.sqs.errors import _error, _invalid_parameter, _missing_parameter, _queue_does_not_exist
from eventmock.services.sqs.fifo import Fifo
from eventmock.services.sqs.models import (
    MAX_ATTRIBUTE_NAME,
    MAX_DELAY_SECONDS,
    MAX_MESSAGE_ATTRIBUTES,
    Message,
    Queue,
    _message_size,
    md5_of_message_attributes,
)

#: Characters outside what SQS accepts in a body or a string attribute value.
_INVALID_CHARACTERS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_INVALID_CHARACTERS_MESSAGE = (
    "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | "
    "#xE000 to #xFFFD | #x10000 to #x10FFFF"
)
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z0-9_.\-]+")
_RESERVED_ATTRIBUTE_NAME = re.compile(r"(?i)(?:aws\.|amazon\.|\.)|.*\.$|.*\.\.")
#: MessageGroupId and MessageDeduplicationId: alphanumerics and punctuation.
_FIFO_ID = re.compile(r"[A-Za-z0-9!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]{1,128}")



def _trace_attributes(trace_header: str) -> dict[str, dict[str, Any]]:
    return {"AWSTraceHeader": {"DataType": "String", "StringValue": trace_header}}


class Sending(Fifo):
    """SendMessage, and deliveries from other services."""

    @staticmethod
    def _checked_message_attributes(attributes: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        if len(attributes) > MAX_MESSAGE_ATTRIBUTES:
            raise _invalid_parameter(f"Number of message attributes [{len(attributes)}] exceeds the allowed maximum [{MAX_MESSAGE_ATTRIBUTES}].")
        out = {}
        for name, attribute in attributes.items():
            if len(name) > MAX_ATTRIBUTE_NAME:
                raise _invalid_parameter("Message (user) attribute names must be shorter than 256 Bytes")
            if not _ATTRIBUTE_NAME.fullmatch(name):
                raise _invalid_parameter(
                    "Message (user) attributes name can only contain upper and lower score characters, digits, periods, "
                    "hyphens and underscores. "
                )
            if _RESERVED_ATTRIBUTE_NAME.match(name):
                raise _invalid_parameter(
                    "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved "
                    "for internal use. Additionally, they cannot start or end with '.'."
                )
            data_type = attribute["DataType"]
            base = data_type.split(".", 1)[0]
            if base not in ("String", "Number", "Binary"):
                raise _invalid_parameter(
                    f"The type of message (user) attribute '{name}' is invalid. You must use only the following supported "
                    "type prefixes: Binary, Number, String."
                )
            if len(data_type) > MAX_ATTRIBUTE_NAME:
                raise _invalid_parameter("Message (user) attribute types must be shorter than 256 Bytes")
            if base == "Binary":
                binary = attribute.get("BinaryValue")
                if not binary:
                    raise _invalid_parameter(f"Message (user) attribute '{name}' must contain a non-empty value of type 'Binary'.")
                out[name] = {"DataType": data_type, "BinaryValue": binary}
                continue
            text = attribute.get("StringValue")
            if not text:
                raise _invalid_parameter(f"Message (user) attribute '{name}' must contain a non-empty value of type '{base}'.")
            if _INVALID_CHARACTERS.search(text):
                raise _invalid_parameter(_INVALID_CHARACTERS_MESSAGE)
            if base == "Number":
                try:
                    Decimal(text)
                except InvalidOperation:
                    raise _invalid_parameter(f"Can't cast the value of message (user) attribute '{name}' to a number.") from None
            out[name] = {"DataType": data_type, "StringValue": text}
        return out

    def _checked_message(
        self,
        queue: Queue,
        body: str,
        delay: int | None,
        attributes: dict[str, dict[str, Any]] | None,
        group_id: str | None,
        deduplication_id: str | None,
        *,
        batch: bool,
    ) -> dict[str, dict[str, Any]]:
        """Validate one message for ``queue``; its attributes, normalised. In a batch,
        the FIFO queue's group and deduplication ids have been checked for the whole
        request."""
        if body == "":
            raise _missing_parameter("MessageBody")
        checked = self._checked_message_attributes(attributes or {})
        limit = queue.number("MaximumMessageSize")
        if _message_size(body, checked) > limit:
            # AWS's wording differs between a single message and a batch entry
            verdict = "cannot be validated" if batch else "are invalid"
            raise _invalid_parameter(f"One or more parameters {verdict}. Reason: Message must be shorter than {limit} bytes.")
        if _INVALID_CHARACTERS.search(body):
            raise _error("InvalidMessageContents", _INVALID_CHARACTERS_MESSAGE)
        for parameter, value in (("MessageDeduplicationId", deduplication_id), ("MessageGroupId", group_id)):
            if value is not None and not _FIFO_ID.fullmatch(value):
                raise _invalid_parameter(
                    f"Value {value} for parameter {parameter} is invalid. Reason: {parameter} can only include alphanumeric "
                    "and punctuation characters. 1 to 128 in length."
                )
        if not queue.fifo:
            if deduplication_id is not None:
                self.refuse(
                    "sqs.deduplication-id-on-standard-queue",
                    _invalid_parameter(
                        f"Value {deduplication_id} for parameter MessageDeduplicationId is invalid. Reason: The request "
                        "include parameter that is not valid for this queue type."
                    ),
                )
            if delay is not None and not 0 <= delay <= MAX_DELAY_SECONDS:
                raise _invalid_parameter(f"Value {delay} for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.")
            return checked
        if delay:
            raise _invalid_parameter(
                f"Value {delay} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not "
                "valid for this queue type."
            )
        if not batch:
            if group_id is None:
                raise _missing_parameter("MessageGroupId")
            if deduplication_id is None and not queue.content_based_deduplication:
                raise _invalid_parameter(
                    "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"
                )
        return checked

    def _enqueue(
        self,
        queue: Queue,
        body: str,
        delay: int | None,
        attributes: dict[str, dict[str, Any]],
        group_id: str | None,
        deduplication_id: str | None,
        chain: Mapping[str, int] | None,
        trace_header: str | None = None,
    ) -> dict[str, Any]:
        """Put a checked message into the queue; the SendMessage result. ``chain``: the
        lineage it carries (:mod:`eventmock.core.lineage`); ``trace_header``: its
        ``AWSTraceHeader`` system attribute."""
        now = clock.epoch_ms()
        md5_of_attributes = md5_of_message_attributes(attributes) if attributes else None
        result: dict[str, Any] = {"MD5OfMessageBody": hashlib.md5(body.encode("utf-8")).hexdigest(), "MD5OfMessageAttributes": md5_of_attributes}
        if trace_header is not None:
            result["MD5OfMessageSystemAttributes"] = md5_of_message_attributes(_trace_attributes(trace_header))
        key = None
        if queue.fifo:
            if deduplication_id is None:
                deduplication_id = hashlib.sha256(body.encode("utf-8")).hexdigest()
            key = f"{group_id}\n{deduplication_id}" if queue.deduplicates_per_group else deduplication_id
            queue.forget_deduplication(now)
            seen = queue.deduplication.get(key)
            if seen is not None:
                return {**result, "MessageId": seen[1], "SequenceNumber": seen[2]}
        message = Message(
            id=ids.uuid4(),
            body=body,
            md5_of_body=result["MD5OfMessageBody"],
            attributes=attributes,
            md5_of_attributes=md5_of_attributes,
            sender_id=self.call.account_id,
            sent_ms=now,
            available_ms=None if queue.fifo else now + (queue.number("DelaySeconds") if delay is None else delay) * 1000,
            group_id=group_id,
            deduplication_id=deduplication_id,
            sequence_number=queue.next_sequence() if queue.fifo else None,
            lineage=chain or None,
            trace_header=trace_header,
        )
        queue.append(message)
        if key is not None:
            deduplication.remember(queue.deduplication, key, (now + int(self.store.limit("sqs.deduplication_window") * 1000), message.id, message.sequence_number))
        return {**result, "MessageId": message.id, "SequenceNumber": message.sequence_number}

    def send_message(
        self,
        QueueUrl: str,
        MessageBody: str,
        DelaySeconds: int | None = None,
        MessageAttributes: dict[str, dict[str, Any]] | None = None,
        MessageDeduplicationId: str | None = None,
        MessageGroupId: str | None = None,
        MessageSystemAttributes: dict[str, dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        queue = self._queue(QueueUrl)
        attributes = self._checked_message(queue, MessageBody, DelaySeconds, MessageAttributes, MessageGroupId, MessageDeduplicationId, batch=False)
        trace_header = self._checked_system_attributes(MessageSystemAttributes)
        return self._enqueue(
            queue, MessageBody, DelaySeconds, attributes, MessageGroupId, MessageDeduplicationId, lineage.current(), trace_header
        )

    @staticmethod
    def _checked_system_attributes(attributes: dict[str, dict[str, Any]] | None) -> str | None:
        """The ``AWSTraceHeader`` of ``MessageSystemAttributes``, the one system
        attribute a sender can set (a String; its size does not count toward the
        message's)."""
        trace_header = None
        for name, attribute in (attributes or {}).items():
            if name != "AWSTraceHeader":
                raise _invalid_parameter(f"Message system attribute name '{name}' is invalid.")
            value = attribute.get("StringValue")
            if attribute.get("DataType") != "String" or not value:
                raise _invalid_parameter(f"Message system attribute '{name}' must contain a non-empty value of type 'String'.")
            trace_header = value
        return trace_header

    def _receive(self, arn: Arn, message: targets.Message) -> str:
        """A delivery to the queue ``arn`` names (:func:`eventmock.core.targets.deliver`):
        one message; its MessageId."""
        attributes = {k: dict(v) for k, v in message.attributes.items()} if message.attributes else None
        return self._deliver(
            arn,
            message.text,
            message_group_id=message.group_id,
            deduplication_id=message.deduplication_id,
            attributes=attributes,
            chain=message.lineage,
            trace_header=message.trace_header,
        )

    def _deliver(
        self,
        queue_arn: str | Arn,
        body: str,
        *,
        message_group_id: str | None = None,
        deduplication_id: str | None = None,
        attributes: dict[str, dict[str, Any]] | None = None,
        chain: Mapping[str, int] | None = None,
        trace_header: str | None = None,
    ) -> str:
        """Send one message to the queue ``queue_arn`` names (any account and region),
        as ``send_message`` would; its MessageId. Raises ``ServiceError`` if the queue
        does not exist or refuses the message. ``chain``: the lineage the message
        carries (:mod:`eventmock.core.lineage`), ``trace_header`` its X-Ray trace header
        (``AWSTraceHeader``)."""
        queue = self._queue_by_arn(queue_arn)
        if queue is None:
            raise _queue_does_not_exist()
        queue.expire(clock.epoch_ms())
        checked = self._checked_message(queue, body, None, attributes, message_group_id, deduplication_id, batch=False)
        result = self._enqueue(queue, body, None, checked, message_group_id, deduplication_id, chain, trace_header)
        message_id: str = result["MessageId"]
        return message_id
