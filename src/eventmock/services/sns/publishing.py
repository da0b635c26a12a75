"""Publishing: Publish and PublishBatch (checks, FIFO deduplication and sequence
numbers), and what other services publish through :meth:`Publishing._receive`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventmock.core import arns, clock, deduplication, ids, lineage
from eventmock.core.errors import ServiceError
from eventmock.services.sns import delivery, messages
from eventmock.services.sns.base import SnsBase, not_found
from eventmock.services.sns.messages import E164, Notification, invalid
from eventmock.services.sns.models import Sent, Topic

if TYPE_CHECKING:
    from eventmock.core.targets import Message

MAX_BATCH_ENTRIES = 10
MAX_BATCH_ID = 80
_BATCH_ID = re.compile(r"[A-Za-z0-9_-]+")


@dataclass
class _Outgoing:
    """A validated Publish entry."""

    message: str
    subject: str | None
    per_protocol: dict[str, str] | None
    attributes: dict[str, dict[str, Any]]
    group_id: str | None
    deduplication_id: str | None
    trace_header: str | None = None


class Publishing(SnsBase):
    def publish(
        self,
        Message: str,
        TopicArn: str | None = None,
        TargetArn: str | None = None,
        PhoneNumber: str | None = None,
        Subject: str | None = None,
        MessageStructure: str | None = None,
        MessageAttributes: dict[str, dict[str, Any]] | None = None,
        MessageDeduplicationId: str | None = None,
        MessageGroupId: str | None = None,
    ) -> dict[str, Any]:
        named = [n for n, v in (("TopicArn", TopicArn), ("TargetArn", TargetArn), ("PhoneNumber", PhoneNumber)) if v is not None]
        if not named:
            raise invalid("Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter")
        if len(named) > 1:
            raise invalid(f"Invalid parameter: {named[1]} Reason: Only one of TopicArn, TargetArn or PhoneNumber may be given")
        endpoint = self._platform_endpoint(TargetArn) if TargetArn is not None else None
        if endpoint is not None and not endpoint.enabled:
            # Before the message is read (moto's AWS-verified test: "msg" as
            # MessageStructure=json to a disabled endpoint is EndpointDisabled).
            raise ServiceError("EndpointDisabled", "Endpoint is disabled")
        outgoing = self._outgoing(Message, Subject, MessageStructure, MessageAttributes, MessageDeduplicationId, MessageGroupId)
        if PhoneNumber is not None:
            if not E164.fullmatch(PhoneNumber):
                raise invalid(f"Invalid parameter: PhoneNumber Reason: {PhoneNumber} is not valid to publish to")
            message_id = ids.uuid4()
            self.sent.append(Sent("sms", PhoneNumber, "Notification", message_id, None, outgoing.message, Subject))
            return {"MessageId": message_id}
        if TargetArn is not None:
            arn = arns.parse(TargetArn)
            if endpoint is not None:
                message_id = ids.uuid4()
                text = outgoing.per_protocol.get(endpoint.platform, outgoing.per_protocol["default"]) if outgoing.per_protocol else outgoing.message
                self.sent.append(Sent("application", TargetArn, "Notification", message_id, None, text, Subject))
                return {"MessageId": message_id}
            if arn is None or arn.service != "sns" or arn.resource.startswith("endpoint/"):
                raise invalid("Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified")
        topic = self._topic(TopicArn or TargetArn or "", "TopicArn" if TopicArn is not None else "TargetArn")
        self._check_fifo(topic, outgoing)
        return self._publish(topic, outgoing, lineage.current())

    def _outgoing(
        self,
        message: str,
        subject: str | None,
        structure: str | None,
        attributes: dict[str, dict[str, Any]] | None,
        deduplication_id: str | None,
        group_id: str | None,
    ) -> _Outgoing:
        if not message:
            raise invalid("Invalid parameter: Empty message")
        messages.check_subject(subject)
        per_protocol = messages.structured(message, structure)
        attributes = attributes or {}
        messages.check_attributes(attributes)
        if messages.size(message, attributes) > messages.MAX_MESSAGE_BYTES:
            raise invalid("Invalid parameter: Message too long")
        return _Outgoing(message, subject, per_protocol, attributes, group_id, deduplication_id)

    @staticmethod
    def _check_fifo(topic: Topic, outgoing: _Outgoing) -> None:
        if topic.fifo:
            if not outgoing.group_id:
                raise invalid("Invalid parameter: The MessageGroupId parameter is required for FIFO topics")
            if not outgoing.deduplication_id and not topic.content_based_deduplication:
                raise invalid(
                    "Invalid parameter: The topic should either have ContentBasedDeduplication enabled "
                    "or MessageDeduplicationId provided explicitly"
                )
        elif outgoing.deduplication_id is not None:
            raise invalid(
                "Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId "
                "parameter that is not valid for this topic type"
            )

    def _publish(self, topic: Topic, outgoing: _Outgoing, chain: Mapping[str, int] | None) -> dict[str, Any]:
        """Fan ``outgoing`` out to the topic's subscribers; ``chain``: the lineage it
        carries (:mod:`eventmock.core.lineage`)."""
        message_id = ids.uuid4()
        sequence = None
        deduplication_id = None
        if topic.fifo:
            deduplication_id = outgoing.deduplication_id or messages.content_deduplication_id(outgoing.per_protocol["default"] if outgoing.per_protocol else outgoing.message)
            now = clock.epoch_ms()
            deduplication.forget_expired(topic.deduplication, now)
            seen = topic.deduplication.get(deduplication_id)
            if seen is not None and seen[0] > now:
                return {"MessageId": seen[1], "SequenceNumber": seen[2]}
            sequence = topic.next_sequence()
            deduplication.remember(topic.deduplication, deduplication_id, (now + deduplication.INTERVAL_MS, message_id, sequence))
        notification = Notification(
            message_id=message_id,
            topic_arn=topic.arn,
            message=outgoing.per_protocol["default"] if outgoing.per_protocol else outgoing.message,
            timestamp=messages.timestamp(clock.epoch_ms()),
            base_url=self._base_url,
            subject=outgoing.subject,
            per_protocol=outgoing.per_protocol,
            attributes=outgoing.attributes,
            group_id=outgoing.group_id,
            deduplication_id=deduplication_id,
            sequence_number=sequence,
            fifo=topic.fifo,
            signature_version=topic.attributes.get("SignatureVersion", "1"),
            lineage=chain or None,
            trace_header=outgoing.trace_header,
        )
        delivery.fan_out(self._owner_of(topic), topic, notification)
        return {"MessageId": message_id, "SequenceNumber": sequence}

    def publish_batch(self, TopicArn: str, PublishBatchRequestEntries: list[dict[str, Any]]) -> dict[str, Any]:
        topic = self._topic(TopicArn)
        entries = PublishBatchRequestEntries
        if not entries:
            raise ServiceError("EmptyBatchRequest", "The batch request doesn't contain any entries.")
        if len(entries) > MAX_BATCH_ENTRIES:
            raise ServiceError("TooManyEntriesInBatchRequest", "The batch request contains more entries than permissible.")
        seen: set[str] = set()
        for entry in entries:
            entry_id = entry["Id"]
            if len(entry_id) > MAX_BATCH_ID:
                raise ServiceError("InvalidBatchEntryId", f"The Id of a batch entry in the batch request is too long: {entry_id}")
            if not _BATCH_ID.fullmatch(entry_id):
                raise ServiceError(
                    "InvalidBatchEntryId", f"The Id of a batch entry in the batch request contains an impermissible character: {entry_id}"
                )
            if entry_id in seen:
                raise ServiceError("BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.")
            seen.add(entry_id)
        total = sum(messages.size(e["Message"], e.get("MessageAttributes") or {}) for e in entries)
        if total > messages.MAX_MESSAGE_BYTES:
            raise ServiceError("BatchRequestTooLong", "The length of all the messages put together is more than the limit.")
        checked = []
        for entry in entries:
            outgoing = self._outgoing(
                entry["Message"],
                entry.get("Subject"),
                entry.get("MessageStructure"),
                entry.get("MessageAttributes"),
                entry.get("MessageDeduplicationId"),
                entry.get("MessageGroupId"),
            )
            self._check_fifo(topic, outgoing)
            checked.append((entry["Id"], outgoing))
        successful = []
        for entry_id, outgoing in checked:
            result = self._publish(topic, outgoing, lineage.current())
            successful.append({"Id": entry_id, **result})
        return {"Successful": successful, "Failed": []}

    def _receive(self, arn: arns.Arn, message: Message) -> Any:
        """Publish a delivery from another service (an EventBridge rule's target) to
        the topic ``arn`` names. Raises ``ServiceError`` if the topic does not exist or
        refuses the message."""
        owner = self._owner(arn)
        topic = owner.topics.get(arn.resource)
        if topic is None or topic.arn != str(arn):
            raise not_found("Topic")
        attributes = {k: dict(v) for k, v in (message.attributes or {}).items()}
        outgoing = owner._outgoing(message.text, None, None, attributes, message.deduplication_id if topic.fifo else None, message.group_id)
        if topic.fifo and not outgoing.deduplication_id and not topic.content_based_deduplication:
            outgoing.deduplication_id = messages.content_deduplication_id(message.text)
        owner._check_fifo(topic, outgoing)
        outgoing.trace_header = message.trace_header
        return owner._publish(topic, outgoing, message.lineage)["MessageId"]

