"""SQS's limits, its queues and messages (:class:`Queue`, :class:`Message`), the
MD5 digest of message attributes, and the parsing of queue URLs."""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import re
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from eventmock.core import arns, deduplication
from eventmock.core.text import utf8

MAX_BATCH_ENTRIES = 10
MAX_RECEIVE = 10
MAX_MESSAGE_ATTRIBUTES = 10
MAX_ATTRIBUTE_NAME = 256
#: The total payload of a SendMessageBatch request (bodies and attributes).
MAX_BATCH_PAYLOAD = 1_048_576
MAX_VISIBILITY_TIMEOUT = 43_200
MAX_DELAY_SECONDS = 900
MAX_WAIT_TIME_SECONDS = 20
MAX_LIST_RESULTS = 1_000
MAX_TAG_KEY = 128
#: How long a deleted queue's name stays taken. (How often a queue can be purged and
#: how long a deduplication id is remembered are limits a mock may set:
#: ``sqs.purge_interval`` and ``sqs.deduplication_window``, :mod:`eventmock.core.leniency`.)
QUEUE_NAME_REUSE_MS = 60_000
#: FIFO sequence numbers are 20-digit decimal strings, increasing per queue.
SEQUENCE_BASE = 18_000_000_000_000_000_000

_INTEGER = re.compile(r"-?[0-9]+")
_ACCOUNT = re.compile(r"[0-9]{12}")
_QUEUE_HOST = re.compile(r"sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?|([a-z0-9-]+)\.queue\.amazonaws\.com(?:\.cn)?")

#: The system attributes ReceiveMessage can return (the model's enum, but ``All``).
SYSTEM_ATTRIBUTE_NAMES = (
    "SenderId",
    "SentTimestamp",
    "ApproximateReceiveCount",
    "ApproximateFirstReceiveTimestamp",
    "SequenceNumber",
    "MessageDeduplicationId",
    "MessageGroupId",
    "AWSTraceHeader",
    "DeadLetterQueueSourceArn",
)


def md5_of_message_attributes(attributes: dict[str, dict[str, Any]]) -> str:
    """The MD5 digest AWS computes over message attributes: for each attribute, sorted
    by name, the name, the data type and the value, each prefixed with its length as a
    4-byte big-endian integer, with a transport byte (1: string, 2: binary) before the
    value."""
    buffer = bytearray()

    def add(data: bytes) -> None:
        buffer.extend(struct.pack(">I", len(data)))
        buffer.extend(data)

    for name in sorted(attributes):
        attribute = attributes[name]
        data_type = attribute["DataType"]
        add(name.encode("utf-8"))
        add(data_type.encode("utf-8"))
        if data_type.startswith("Binary"):
            buffer.append(2)
            add(attribute["BinaryValue"])
        else:
            buffer.append(1)
            add(attribute["StringValue"].encode("utf-8"))
    return hashlib.md5(buffer).hexdigest()


def _attribute_size(name: str, attribute: dict[str, Any]) -> int:
    value = attribute.get("BinaryValue")
    if value is None:
        value = _utf8(attribute.get("StringValue", ""))
    return len(_utf8(name)) + len(_utf8(attribute["DataType"])) + len(value)


def _message_size(body: str, attributes: dict[str, dict[str, Any]]) -> int:
    return len(_utf8(body)) + sum(_attribute_size(n, a) for n, a in attributes.items())


def _utf8(text: str) -> bytes:
    """A text's UTF-8 bytes, for measuring it: a lone surrogate (which SQS refuses
    with its own error, checked after the size) counts as the three bytes it takes."""
    return utf8(text)


#: The order of what happens to messages (a send, a receive, a visibility change): of two
#: FIFO message groups that become receivable at the same clock time, the one whose
#: message became so by the earlier event is served first (:meth:`Fifo._candidates`).
_EVENTS = itertools.count()


@dataclass(eq=False, slots=True)
class Message:
    id: str
    body: str
    md5_of_body: str
    #: The message (user) attributes, as boto3 shapes them.
    attributes: dict[str, dict[str, Any]]
    md5_of_attributes: str | None
    sender_id: str
    sent_ms: int
    #: When a delayed message becomes available; ``None`` in a FIFO queue, whose delay
    #: is the queue's (and changing it applies to the messages already in the queue).
    available_ms: int | None
    group_id: str | None = None
    deduplication_id: str | None = None
    sequence_number: str | None = None
    dead_letter_source_arn: str | None = None
    receive_count: int = 0
    first_receive_ms: int | None = None
    #: When the latest receive took it (its visibility can be extended to 12 hours past that).
    received_ms: int = 0
    #: The latest event that made the message receivable (or will: its send, its latest
    #: receive or visibility change), in the order of :data:`_EVENTS`.
    event: int = field(default_factory=lambda: next(_EVENTS))
    #: The message is in flight (received, not yet visible again) until this time.
    visible_ms: int = 0
    #: The receipt handle of the latest receive. Older handles are not kept: a handle
    #: names its queue and message, which is how it is looked up.
    receipt: str | None = None
    #: The chain of Lambda invocations that sent it (:mod:`eventmock.core.lineage`).
    lineage: Mapping[str, int] | None = None
    #: The X-Ray trace header it carries (the ``AWSTraceHeader`` system attribute).
    trace_header: str | None = None

    def take(self, now: int, timeout_ms: int) -> None:
        """A receive takes the message (ReceiveMessage, or a consumer's read): in flight
        for ``timeout_ms``."""
        self.receive_count += 1
        if self.first_receive_ms is None:
            self.first_receive_ms = now
        self.received_ms = now
        self.visible_ms = now + timeout_ms
        self.event = next(_EVENTS)

    def show_at(self, visible_ms: int) -> None:
        """ChangeMessageVisibility: visible again at ``visible_ms``."""
        self.visible_ms = visible_ms
        self.event = next(_EVENTS)

    def system_attributes(self, queue: Queue) -> dict[str, str]:
        """The message's system attributes, as ``AttributeNames=["All"]`` returns them."""
        out = {
            "SenderId": self.sender_id,
            "SentTimestamp": str(self.sent_ms),
            "ApproximateReceiveCount": str(self.receive_count),
        }
        if self.first_receive_ms is not None:
            out["ApproximateFirstReceiveTimestamp"] = str(self.first_receive_ms)
        if self.group_id is not None:
            out["MessageGroupId"] = self.group_id
        if queue.fifo:
            out["SequenceNumber"] = self.sequence_number or ""
            out["MessageDeduplicationId"] = self.deduplication_id or ""
        if self.trace_header is not None:
            out["AWSTraceHeader"] = self.trace_header
        if self.dead_letter_source_arn is not None:
            out["DeadLetterQueueSourceArn"] = self.dead_letter_source_arn
        return out


@dataclass(eq=False)
class Queue:
    name: str
    account_id: str
    region: str
    fifo: bool
    #: The attributes a user can set (defaults included), as GetQueueAttributes returns
    #: them; the derived ones (counts, timestamps, ARN) are computed.
    attributes: dict[str, str]
    created: int
    last_modified: int
    tags: dict[str, str]
    #: Every message in the queue (visible, delayed or in flight), oldest first.
    messages: dict[str, Message] = field(default_factory=dict)
    #: FIFO deduplication: key -> (expiry, message id, sequence number), oldest first.
    deduplication: dict[str, tuple[int, str, str | None]] = field(default_factory=dict)
    #: Whether deduplication is per message group: the ``DeduplicationScope`` the queue
    #: was created with (AWS keeps deduplicating so after the attribute changes).
    deduplicates_per_group: bool = False
    sequence: int = SEQUENCE_BASE
    purged_ms: int | None = None
    #: The oldest sent time of a message in the queue (``None``: none), for retention.
    oldest_ms: int | None = None
    #: Who reads the queue (event source mappings, pipes: ``services.consumers``),
    #: told of each message that arrives.
    consumers: list[Any] = field(default_factory=list)

    @property
    def arn(self) -> str:
        return arns.build("sqs", self.region, self.account_id, self.name)

    @property
    def url(self) -> str:
        """The URL AWS gives the queue (answers name the server's own endpoint when
        eventmock's server answers them: :meth:`SqsBackend._url`)."""
        return f"https://sqs.{self.region}.amazonaws.com/{self.account_id}/{self.name}"

    def number(self, name: str) -> int:
        return int(self.attributes[name])

    @property
    def content_based_deduplication(self) -> bool:
        return self.attributes.get("ContentBasedDeduplication") == "true"

    def available_at(self, message: Message) -> int:
        if message.available_ms is not None:
            return message.available_ms
        return message.sent_ms + self.number("DelaySeconds") * 1000

    def next_sequence(self) -> str:
        self.sequence += 1
        return str(self.sequence)

    def append(self, message: Message) -> None:
        self.messages[message.id] = message
        if self.oldest_ms is None or message.sent_ms < self.oldest_ms:
            self.oldest_ms = message.sent_ms
        if self.consumers:
            for consumer in self.consumers:
                consumer.arrived(self.available_at(message))

    def remove(self, message: Message) -> None:
        del self.messages[message.id]

    def clear(self) -> None:
        self.messages.clear()
        self.oldest_ms = None

    def live(self, now: int) -> Iterator[Message]:
        """The messages still within the retention period (without removing others)."""
        cutoff = now - self.number("MessageRetentionPeriod") * 1000
        return (m for m in self.messages.values() if m.sent_ms > cutoff)

    def expire(self, now: int) -> None:
        """Drop the messages older than the retention period."""
        cutoff = now - self.number("MessageRetentionPeriod") * 1000
        if self.oldest_ms is None or self.oldest_ms > cutoff:
            return
        for message in [m for m in self.messages.values() if m.sent_ms <= cutoff]:
            self.remove(message)
        self.oldest_ms = min((m.sent_ms for m in self.messages.values()), default=None)

    def counts(self, now: int) -> tuple[int, int, int]:
        """(available, in flight, delayed) message counts."""
        available = in_flight = delayed = 0
        for message in self.messages.values():
            if message.visible_ms > now:
                in_flight += 1
            elif self.available_at(message) > now:
                delayed += 1
            else:
                available += 1
        return available, in_flight, delayed

    def all_attributes(self, now: int) -> dict[str, str]:
        """Every attribute of the queue, as ``AttributeNames=["All"]`` returns them."""
        available, in_flight, delayed = self.counts(now)
        out = {
            "QueueArn": self.arn,
            "ApproximateNumberOfMessages": str(available),
            "ApproximateNumberOfMessagesNotVisible": str(in_flight),
            "ApproximateNumberOfMessagesDelayed": str(delayed),
            "CreatedTimestamp": str(self.created),
            "LastModifiedTimestamp": str(self.last_modified),
            **self.attributes,
        }
        if "KmsMasterKeyId" in out:
            out.setdefault("KmsDataKeyReusePeriodSeconds", "300")
        else:  # AWS shows the reuse period only with a KMS key (a value set before is kept)
            out.pop("KmsDataKeyReusePeriodSeconds", None)
        return out

    def redrive_target(self) -> tuple[str, int] | None:
        policy = self.attributes.get("RedrivePolicy")
        if policy is None:
            return None
        parsed = json.loads(policy)
        return parsed["deadLetterTargetArn"], int(parsed["maxReceiveCount"])

    def forget_deduplication(self, now: int) -> None:
        deduplication.forget_expired(self.deduplication, now)


@functools.lru_cache(maxsize=1024)  # a test uses a few URLs, on every call
def parse_queue_url(url: str, default_region: str) -> tuple[str, str, str] | None:
    """(account, region, name) of a queue URL (``https://sqs.{region}.amazonaws.com/
    {account}/{name}``, or the legacy ``{region}.queue.amazonaws.com`` forms); the
    region of a host that names none (a custom endpoint) is ``default_region``."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if not parts.scheme or not host or len(segments) != 2 or not _ACCOUNT.fullmatch(segments[0]):
        return None
    match = _QUEUE_HOST.fullmatch(host)
    if match is not None:
        region = match.group(1) or match.group(2)
    else:
        region = "us-east-1" if host == "queue.amazonaws.com" else default_region
    return segments[0], region, segments[1]
