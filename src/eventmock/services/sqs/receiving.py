"""Receiving: ReceiveMessage, receipt handles, DeleteMessage and
ChangeMessageVisibility."""

from __future__ import annotations

import base64
import binascii
from random import getrandbits
from typing import Any

from eventmock.core import clock
from eventmock.services.sqs.errors import _invalid_parameter, _invalid_receipt_handle
from eventmock.services.sqs.fifo import Fifo
from eventmock.services.sqs.models import MAX_RECEIVE, MAX_VISIBILITY_TIMEOUT, MAX_WAIT_TIME_SECONDS, Message, Queue, md5_of_message_attributes
from eventmock.services.sqs.redrive import Redrive
from eventmock.services.sqs.sending import _RESERVED_ATTRIBUTE_NAME

_ALL_MESSAGE_ATTRIBUTES = frozenset({"All", "*", ".*"})


class Receiving(Fifo, Redrive):
    """ReceiveMessage, DeleteMessage, ChangeMessageVisibility."""

    @staticmethod
    def _new_handle(queue: Queue, message: Message) -> str:
        handle = base64.b64encode(f"{queue.arn} {message.id} {getrandbits(128):032x}".encode()).decode()
        message.receipt = handle
        return handle

    @staticmethod
    def _handle_parts(handle: str) -> tuple[str, str] | None:
        """The queue ARN and message id a receipt handle names."""
        try:
            parts = base64.b64decode(handle, validate=True).decode().split(" ")
        except (binascii.Error, UnicodeError, ValueError):
            return None
        return (parts[0], parts[1]) if len(parts) == 3 else None

    def _message_of(self, queue: Queue, handle: str) -> Message | None:
        """The message a receipt handle was issued for (``None``: deleted since);
        ``ReceiptHandleIsInvalid`` if the queue never issued it."""
        parts = self._handle_parts(handle)
        if parts is None or parts[0] != queue.arn:
            raise _invalid_receipt_handle(handle, elsewhere=parts is not None)
        return queue.messages.get(parts[1])

    @staticmethod
    def _selected_message_attributes(message: Message, names: list[str]) -> dict[str, dict[str, Any]] | None:
        """The message attributes ``MessageAttributeNames`` selects: names, ``All``
        (also ``*`` and ``.*``) or prefixes (``foo.*``); invalid names select nothing.
        ``None`` when no valid name was asked for."""
        valid = [n for n in names if not _RESERVED_ATTRIBUTE_NAME.match(n) or n == ".*"]
        if not valid:
            return None
        if _ALL_MESSAGE_ATTRIBUTES.intersection(valid):
            return dict(message.attributes)
        exact = {n for n in valid if not n.endswith(".*")}
        prefixes = tuple(n[:-2] for n in valid if n.endswith(".*"))
        return {k: v for k, v in message.attributes.items() if k in exact or k.startswith(prefixes)}

    def receive_message(
        self,
        QueueUrl: str,
        AttributeNames: list[str] | None = None,
        MessageSystemAttributeNames: list[str] | None = None,
        MessageAttributeNames: list[str] | None = None,
        MaxNumberOfMessages: int | None = None,
        VisibilityTimeout: int | None = None,
        WaitTimeSeconds: int | None = None,
    ) -> dict[str, Any]:
        queue = self._queue(QueueUrl)
        limit = 1 if MaxNumberOfMessages is None else MaxNumberOfMessages
        if not 1 <= limit <= MAX_RECEIVE:
            raise _invalid_parameter(f"Value {limit} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.")
        if VisibilityTimeout is not None and not 0 <= VisibilityTimeout <= MAX_VISIBILITY_TIMEOUT:
            raise _invalid_parameter(
                f"Value {VisibilityTimeout} for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200, if provided."
            )
        if WaitTimeSeconds is not None and not 0 <= WaitTimeSeconds <= MAX_WAIT_TIME_SECONDS:
            raise _invalid_parameter(f"Value {WaitTimeSeconds} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.")
        now = clock.epoch_ms()
        timeout_ms = (queue.number("VisibilityTimeout") if VisibilityTimeout is None else VisibilityTimeout) * 1000
        redrive = queue.redrive_target()
        dead_letter = self._queue_by_arn(redrive[0]) if redrive is not None else None
        taken: list[Message] = []
        exhausted: list[Message] = []
        for message in self._candidates(queue, now):
            if len(taken) == limit:
                break
            if redrive is not None and dead_letter is not None and message.receive_count >= redrive[1]:
                exhausted.append(message)
            else:
                taken.append(message)
        for message in exhausted:
            assert dead_letter is not None
            self._dead_letter(queue, message, dead_letter, now)
        system_names = {*(AttributeNames or ()), *(MessageSystemAttributeNames or ())}
        every_system_attribute = "All" in system_names
        messages = []
        for message in taken:
            message.take(now, timeout_ms)
            out: dict[str, Any] = {
                "MessageId": message.id,
                "ReceiptHandle": self._new_handle(queue, message),
                "MD5OfBody": message.md5_of_body,
                "Body": message.body,
            }
            if system_names:
                system = {k: v for k, v in message.system_attributes(queue).items() if every_system_attribute or k in system_names}
                if system:
                    out["Attributes"] = system
            selected = self._selected_message_attributes(message, MessageAttributeNames or [])
            if selected:  # none selected: AWS omits the key
                out["MessageAttributes"] = selected
                out["MD5OfMessageAttributes"] = md5_of_message_attributes(selected)
            messages.append(out)
        return {"Messages": messages or None}

    # -- deleting and visibility ----------------------------------------------------

    @staticmethod
    def _check_not_expired(queue: Queue, message: Message, handle: str) -> None:
        """A FIFO queue's receipt handle expires with the visibility timeout of the
        receive that issued it (a standard queue's older handles keep working)."""
        if queue.fifo and (handle != message.receipt or message.visible_ms <= clock.epoch_ms()):
            raise _invalid_parameter(f"Value {handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.")

    def _delete(self, queue: Queue, handle: str) -> None:
        message = self._message_of(queue, handle)
        if message is None:
            return  # deleted already: AWS answers success
        self._check_not_expired(queue, message, handle)
        queue.remove(message)

    def delete_message(self, QueueUrl: str, ReceiptHandle: str) -> None:
        self._delete(self._queue(QueueUrl), ReceiptHandle)

    def _change_visibility(self, queue: Queue, handle: str, timeout: int) -> None:
        if not 0 <= timeout <= MAX_VISIBILITY_TIMEOUT:
            raise _invalid_parameter(f"Value {timeout} for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200, if provided.")
        message = self._message_of(queue, handle)
        if message is None:
            raise _invalid_parameter(
                f"Value {handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available "
                "for visibility timeout change."
            )
        self._check_not_expired(queue, message, handle)
        now = clock.epoch_ms()
        if now + timeout * 1000 - message.received_ms > MAX_VISIBILITY_TIMEOUT * 1000:
            raise _invalid_parameter(
                f"Value {timeout} for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is "
                f"beyond the limit [{MAX_VISIBILITY_TIMEOUT} seconds]"
            )
        message.show_at(now + timeout * 1000)
        for consumer in queue.consumers:  # visible again: a retry (at once: the next call)
            consumer.wake(message.visible_ms, again=True)

    def change_message_visibility(self, QueueUrl: str, ReceiptHandle: str, VisibilityTimeout: int) -> None:
        self._change_visibility(self._queue(QueueUrl), ReceiptHandle, VisibilityTimeout)
