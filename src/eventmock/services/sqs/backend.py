"""Amazon SQS: standard and FIFO queues, messages, visibility, dead-letter queues.

SQS speaks botocore's JSON protocol but keeps the error codes of its former query
protocol: every error is raised with the model's error shape name (which picks the
boto3 exception class) and AWS's legacy code (``query_code``, which boto3 shows as
``Error.Code``): ``QueueDoesNotExist`` / ``AWS.SimpleQueueService.NonExistentQueue``.
Errors SQS does not model (``InvalidParameterValue``, ``MissingParameter``) are raised
under the names AWS's JSON body gives them (``InvalidParameterValueException``), so boto3
raises a plain ``ClientError`` with the legacy code, as it does against AWS.

Time is eventmock's clock: delays, visibility timeouts, the five-minute FIFO
deduplication interval, retention, and the 60-second waits after ``delete_queue`` and
``purge_queue`` all move with ``freezegun``. Nothing blocks: ``WaitTimeSeconds`` is
checked and ignored. Every receive returns as many available messages as asked for
(AWS's short poll may return fewer), oldest first.

Other services deliver into a queue with :meth:`SqsBackend._deliver`, not through
boto3.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import re
import struct
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from random import getrandbits
from typing import Any
from urllib.parse import urlsplit

from eventmock.core import arns, clock, ids, lineage, pagination
from eventmock.core.arns import Arn
from eventmock.core import tags as tags_
from eventmock.core.backend import Backend
from eventmock.core import targets
from eventmock.core.errors import ServiceError
from eventmock.core.text import utf8
from eventmock.core.validation import InputProblem
from eventmock.services.sqs import permissions

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

#: Model error shape -> (the legacy query code AWS sends, the HTTP status), as AWS's
#: Smithy model of SQS gives them (``awsQueryError``; botocore's model carries neither).
#: The last two are not modelled: their names are the ``__type`` AWS's JSON body uses.
_ERRORS: dict[str, tuple[str, int]] = {
    "QueueDoesNotExist": ("AWS.SimpleQueueService.NonExistentQueue", 400),
    "QueueDeletedRecently": ("AWS.SimpleQueueService.QueueDeletedRecently", 400),
    "QueueNameExists": ("QueueAlreadyExists", 400),
    "InvalidAttributeName": ("InvalidAttributeName", 400),
    "InvalidAttributeValue": ("InvalidAttributeValue", 400),
    "InvalidMessageContents": ("InvalidMessageContents", 400),
    "ReceiptHandleIsInvalid": ("ReceiptHandleIsInvalid", 404),
    "PurgeQueueInProgress": ("AWS.SimpleQueueService.PurgeQueueInProgress", 403),
    "EmptyBatchRequest": ("AWS.SimpleQueueService.EmptyBatchRequest", 400),
    "TooManyEntriesInBatchRequest": ("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400),
    "BatchEntryIdsNotDistinct": ("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400),
    "InvalidBatchEntryId": ("AWS.SimpleQueueService.InvalidBatchEntryId", 400),
    "BatchRequestTooLong": ("AWS.SimpleQueueService.BatchRequestTooLong", 400),
    "InvalidParameterValueException": ("InvalidParameterValue", 400),
    "MissingRequiredParameterException": ("MissingParameter", 400),
}


def _error(code: str, message: str) -> ServiceError:
    query_code, status = _ERRORS[code]
    return ServiceError(code, message, status=status, query_code=query_code)


def _invalid_parameter(message: str) -> ServiceError:
    return _error("InvalidParameterValueException", message)


def _missing_parameter(name: str) -> ServiceError:
    return _error("MissingRequiredParameterException", f"The request must contain the parameter {name}.")


def _queue_does_not_exist() -> ServiceError:
    return _error("QueueDoesNotExist", "The specified queue does not exist.")


def _unknown_attribute(name: str) -> ServiceError:
    return _error("InvalidAttributeName", f"Unknown Attribute {name}.")


def _invalid_attribute_value(name: str, reason: str = "") -> ServiceError:
    return _error("InvalidAttributeValue", f"Invalid value for the parameter {name}." + (f" Reason: {reason}" if reason else ""))


def _invalid_receipt_handle(handle: str) -> ServiceError:
    return _error("ReceiptHandleIsInvalid", f'The input receipt handle "{handle}" is not a valid receipt handle.')


# -- queue attributes -------------------------------------------------------------

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
_REDRIVE_ALLOW_PERMISSIONS = ("allowAll", "denyAll", "byQueue")

_QUEUE_NAME = re.compile(r"[A-Za-z0-9_-]{1,80}")
_FIFO_QUEUE_NAME = re.compile(r"[A-Za-z0-9_-]{1,75}\.fifo")
_INTEGER = re.compile(r"-?[0-9]+")
_ACCOUNT = re.compile(r"[0-9]{12}")
_QUEUE_HOST = re.compile(r"sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?|([a-z0-9-]+)\.queue\.amazonaws\.com(?:\.cn)?")

# -- messages -----------------------------------------------------------------------

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
_BATCH_ENTRY_ID = re.compile(r"[A-Za-z0-9_-]{1,80}")

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
_ALL_MESSAGE_ATTRIBUTES = frozenset({"All", "*", ".*"})


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
    #: The message is in flight (received, not yet visible again) until this time.
    visible_ms: int = 0
    #: The receipt handle of the latest receive. Older handles are not kept: a handle
    #: names its queue and message, which is how it is looked up.
    receipt: str | None = None
    #: The chain of Lambda invocations that sent it (:mod:`eventmock.core.lineage`).
    lineage: Mapping[str, int] | None = None

    def take(self, now: int, timeout_ms: int) -> None:
        """A receive takes the message (ReceiveMessage, or a consumer's read): in flight
        for ``timeout_ms``."""
        self.receive_count += 1
        if self.first_receive_ms is None:
            self.first_receive_ms = now
        self.received_ms = now
        self.visible_ms = now + timeout_ms

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
    #: A FIFO queue's message groups in the order receives serve them (``_candidates``).
    group_order: dict[str | None, None] = field(default_factory=dict)
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
        entries = self.deduplication
        while entries:
            key = next(iter(entries))
            if entries[key][0] > now:
                return
            del entries[key]


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


class SqsBackend(Backend):
    service = "sqs"
    view = "eventmock.services.sqs.inspect:SqsView"
    #: SQS answers no model constraint with a validation error (ReceiveMessage's
    #: ``AttributeNames`` even takes names outside the model's enum): the backend checks
    #: by hand and answers with SQS's own errors.
    constraint_error = None
    #: AWS leaves an empty list out of a batch's answer (the model requires both).
    omitted_required = frozenset(
        f"{result}.{member}"
        for result in ("SendMessageBatchResult", "DeleteMessageBatchResult", "ChangeMessageVisibilityBatchResult")
        for member in ("Successful", "Failed")
    )

    @classmethod
    def _bad_input(cls, problem: InputProblem) -> ServiceError:
        if problem.missing and "." not in problem.path:
            return _missing_parameter(problem.name)
        return super()._bad_input(problem)

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.queues: dict[str, Queue] = {}
        #: Queue name -> when it was deleted (the name cannot be reused for 60 seconds).
        self.deleted: dict[str, int] = {}

    # -- locating queues ------------------------------------------------------------

    def _owner(self, account_id: str, region: str) -> SqsBackend:
        if (account_id, region) == (self.account_id, self.region):
            return self
        owner = self.store.backend("sqs", account_id, region)
        assert isinstance(owner, SqsBackend)
        return owner

    def _locate(self, QueueUrl: str) -> tuple[SqsBackend, Queue]:
        """The queue a URL names (in any account and region), and its backend. A bare
        queue name (no ``/``) names the caller's queue in the client's region, as on AWS."""
        if QueueUrl and "/" not in QueueUrl:
            where: tuple[str, str, str] | None = (self.account_id, self.region, QueueUrl)
        else:
            where = parse_queue_url(QueueUrl, self.region)
        if where is None:
            raise _queue_does_not_exist()
        account_id, region, name = where
        owner = self._owner(account_id, region)
        queue = owner.queues.get(name)
        if queue is None:
            raise _queue_does_not_exist()
        queue.expire(clock.epoch_ms())
        return owner, queue

    def _queue(self, QueueUrl: str) -> Queue:
        return self._locate(QueueUrl)[1]

    def _url(self, queue: Queue) -> str:
        """The queue's URL in an answer: AWS's in-process; on the endpoint the request
        came to when eventmock's server answers (``http://127.0.0.1:4566/{account}/{name}``,
        as moto's and LocalStack's servers do), so that clients that follow it stay there."""
        endpoint = self.call.endpoint
        if endpoint is None:
            return queue.url
        return f"{endpoint}/{queue.account_id}/{queue.name}"

    def _queue_by_arn(self, queue_arn: str) -> Queue | None:
        arn = arns.parse(queue_arn)
        if arn is None or arn.service != "sqs" or not arn.region or not _ACCOUNT.fullmatch(arn.account):
            return None
        return self._owner(arn.account, arn.region).queues.get(arn.resource)

    # -- attributes -----------------------------------------------------------------

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

    # -- queues ---------------------------------------------------------------------

    def create_queue(self, QueueName: str, Attributes: dict[str, str] | None = None, tags: dict[str, str] | None = None) -> dict[str, Any]:
        attributes = Attributes or {}
        fifo_flag = attributes.get("FifoQueue")
        fifo = fifo_flag is not None and fifo_flag.lower() == "true"
        if fifo_flag is not None and fifo_flag.lower() not in ("true", "false"):
            raise _invalid_attribute_value("FifoQueue")
        if fifo and not _FIFO_QUEUE_NAME.fullmatch(QueueName):
            raise _invalid_parameter(
                "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, "
                "must end with .fifo suffix and be 1 to 80 in length."
            )
        if not fifo and not _QUEUE_NAME.fullmatch(QueueName):
            raise _invalid_parameter("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")
        checked = self._checked_attributes(attributes, fifo, True)
        self._check_tags(tags or {}, QueueName)
        now = clock.epoch_ms()
        existing = self.queues.get(QueueName)
        if existing is not None:
            for name, value in checked.items():
                if existing.attributes.get(name) != value:
                    raise _error("QueueNameExists", f"A queue already exists with the same name and a different value for attribute {name}")
            return {"QueueUrl": self._url(existing)}
        deleted = self.deleted.get(QueueName)
        if deleted is not None and now - deleted < QUEUE_NAME_REUSE_MS:
            raise _error(
                "QueueDeletedRecently", "You must wait 60 seconds after deleting a queue before you can create another with the same name."
            )
        seconds = now // 1000
        queue = Queue(
            QueueName,
            self.account_id,
            self.region,
            fifo,
            dict(_FIFO_DEFAULTS if fifo else _STANDARD_DEFAULTS),
            seconds,
            seconds,
            dict(tags or {}),
        )
        self._apply_attributes(queue, checked)
        queue.deduplicates_per_group = queue.attributes.get("DeduplicationScope") == "messageGroup"
        self.queues[QueueName] = queue
        self.deleted.pop(QueueName, None)
        return {"QueueUrl": self._url(queue)}

    def get_queue_url(self, QueueName: str, QueueOwnerAWSAccountId: str | None = None) -> dict[str, Any]:
        account_id = QueueOwnerAWSAccountId or self.account_id
        if not _ACCOUNT.fullmatch(account_id):
            raise _queue_does_not_exist()
        queue = self._owner(account_id, self.region).queues.get(QueueName)
        if queue is None:
            raise _queue_does_not_exist()
        return {"QueueUrl": self._url(queue)}

    def list_queues(self, QueueNamePrefix: str | None = None, NextToken: str | None = None, MaxResults: int | None = None) -> dict[str, Any]:
        if MaxResults is not None and not 1 <= MaxResults <= MAX_LIST_RESULTS:
            raise _invalid_parameter(
                f"Value {MaxResults} for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000."
            )
        names = sorted(n for n in self.queues if n.startswith(QueueNamePrefix or ""))
        try:
            page, token = pagination.page(names, NextToken, MaxResults or MAX_LIST_RESULTS)
        except pagination.InvalidToken:
            raise _invalid_parameter("Invalid NextToken value.") from None
        if not page:
            return {}
        return {"QueueUrls": [self._url(self.queues[n]) for n in page], "NextToken": token if MaxResults is not None else None}

    def delete_queue(self, QueueUrl: str) -> None:
        owner, queue = self._locate(QueueUrl)
        del owner.queues[queue.name]
        owner.deleted[queue.name] = clock.epoch_ms()

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
        checked = self._checked_attributes(Attributes, queue.fifo, False)
        self._apply_attributes(queue, checked)
        queue.last_modified = clock.epoch_ms() // 1000

    def purge_queue(self, QueueUrl: str) -> None:
        queue = self._queue(QueueUrl)
        now = clock.epoch_ms()
        if queue.purged_ms is not None and now - queue.purged_ms < self.store.limit("sqs.purge_interval") * 1000:
            self.refuse(
                "sqs.purge-interval",
                _error("PurgeQueueInProgress", f"Only one PurgeQueue operation on {queue.name} is allowed every 60 seconds."),
            )
        queue.clear()
        queue.purged_ms = now

    @staticmethod
    def _check_tags(tags: dict[str, str], queue_name: str, existing: dict[str, str] | None = None) -> None:
        for key in tags:
            if not 1 <= len(key) <= MAX_TAG_KEY:
                raise _invalid_parameter(f"Tag keys must be between 1 and {MAX_TAG_KEY} characters in length.")
        if len(tags.keys() | (existing or {}).keys()) > tags_.MAX_TAGS:
            raise _invalid_parameter(f"Too many tags added for queue {queue_name}.")

    def tag_queue(self, QueueUrl: str, Tags: dict[str, str]) -> None:
        queue = self._queue(QueueUrl)
        self._check_tags(Tags, queue.name, queue.tags)
        queue.tags.update(Tags)

    def untag_queue(self, QueueUrl: str, TagKeys: list[str]) -> None:
        queue = self._queue(QueueUrl)
        for key in TagKeys:
            queue.tags.pop(key, None)

    def list_queue_tags(self, QueueUrl: str) -> dict[str, Any]:
        return {"Tags": dict(self._queue(QueueUrl).tags) or None}

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

    # -- sending --------------------------------------------------------------------

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
    ) -> dict[str, Any]:
        """Put a checked message into the queue; the SendMessage result. ``chain``: the
        lineage it carries (:mod:`eventmock.core.lineage`)."""
        now = clock.epoch_ms()
        md5_of_attributes = md5_of_message_attributes(attributes) if attributes else None
        result: dict[str, Any] = {"MD5OfMessageBody": hashlib.md5(body.encode("utf-8")).hexdigest(), "MD5OfMessageAttributes": md5_of_attributes}
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
        )
        queue.append(message)
        if key is not None:
            window_ms = int(self.store.limit("sqs.deduplication_window") * 1000)
            queue.deduplication[key] = (now + window_ms, message.id, message.sequence_number)
        return {**result, "MessageId": message.id, "SequenceNumber": message.sequence_number}

    def send_message(
        self,
        QueueUrl: str,
        MessageBody: str,
        DelaySeconds: int | None = None,
        MessageAttributes: dict[str, dict[str, Any]] | None = None,
        MessageDeduplicationId: str | None = None,
        MessageGroupId: str | None = None,
    ) -> dict[str, Any]:
        queue = self._queue(QueueUrl)
        attributes = self._checked_message(queue, MessageBody, DelaySeconds, MessageAttributes, MessageGroupId, MessageDeduplicationId, batch=False)
        return self._enqueue(queue, MessageBody, DelaySeconds, attributes, MessageGroupId, MessageDeduplicationId, lineage.current())

    def _receive(self, arn: Arn, message: targets.Message) -> str:
        """A delivery to the queue ``arn`` names (:func:`eventmock.core.targets.deliver`):
        one message; its MessageId."""
        attributes = {k: dict(v) for k, v in message.attributes.items()} if message.attributes else None
        return self._deliver(
            str(arn),
            message.text,
            message_group_id=message.group_id,
            deduplication_id=message.deduplication_id,
            attributes=attributes,
            chain=message.lineage,
        )

    def _deliver(
        self,
        queue_arn: str,
        body: str,
        *,
        message_group_id: str | None = None,
        deduplication_id: str | None = None,
        attributes: dict[str, dict[str, Any]] | None = None,
        chain: Mapping[str, int] | None = None,
    ) -> str:
        """Send one message to the queue ``queue_arn`` names (any account and region),
        as ``send_message`` would; its MessageId. Raises ``ServiceError`` if the queue
        does not exist or refuses the message. ``chain``: the lineage the message
        carries (:mod:`eventmock.core.lineage`)."""
        queue = self._queue_by_arn(queue_arn)
        if queue is None:
            raise _queue_does_not_exist()
        queue.expire(clock.epoch_ms())
        checked = self._checked_message(queue, body, None, attributes, message_group_id, deduplication_id, batch=False)
        result = self._enqueue(queue, body, None, checked, message_group_id, deduplication_id, chain)
        message_id: str = result["MessageId"]
        return message_id

    @staticmethod
    def _check_batch(entries: list[dict[str, Any]], entry_name: str) -> None:
        if not entries:
            raise _error("EmptyBatchRequest", f"There should be at least one {entry_name} in the request.")
        if len(entries) > MAX_BATCH_ENTRIES:
            raise _error(
                "TooManyEntriesInBatchRequest", f"Maximum number of entries per request are {MAX_BATCH_ENTRIES}. You have sent {len(entries)}."
            )
        seen = set()
        for entry in entries:
            entry_id = entry["Id"]
            if not _BATCH_ENTRY_ID.fullmatch(entry_id):
                raise _error(
                    "InvalidBatchEntryId",
                    "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.",
                )
            if entry_id in seen:
                raise _error("BatchEntryIdsNotDistinct", f"Id {entry_id} repeated.")
            seen.add(entry_id)

    @staticmethod
    def _failure(entry_id: str, error: ServiceError) -> dict[str, Any]:
        return {"Id": entry_id, "SenderFault": True, "Code": error.query_code or error.code, "Message": error.message}

    def send_message_batch(self, QueueUrl: str, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        queue = self._queue(QueueUrl)
        self._check_batch(Entries, "SendMessageBatchRequestEntry")
        if queue.fifo:
            for entry in Entries:
                if entry.get("MessageGroupId") is None:
                    raise _invalid_parameter("The request must contain the parameter MessageGroupId.")
                if entry.get("MessageDeduplicationId") is None and not queue.content_based_deduplication:
                    raise _invalid_parameter(
                        "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"
                    )
        total = sum(_message_size(e["MessageBody"], e.get("MessageAttributes") or {}) for e in Entries)
        if total > MAX_BATCH_PAYLOAD:
            raise _error("BatchRequestTooLong", f"Batch requests cannot be longer than {MAX_BATCH_PAYLOAD} bytes. You have sent {total} bytes.")
        successful, failed = [], []
        chain = lineage.current()
        for entry in Entries:
            body, delay = entry["MessageBody"], entry.get("DelaySeconds")
            group_id, deduplication_id = entry.get("MessageGroupId"), entry.get("MessageDeduplicationId")
            if body == "":
                failed.append({"Id": entry["Id"], "SenderFault": True, "Code": "EmptyValue", "Message": _missing_parameter("MessageBody").message})
                continue
            try:
                attributes = self._checked_message(queue, body, delay, entry.get("MessageAttributes"), group_id, deduplication_id, batch=True)
            except ServiceError as error:
                failed.append(self._failure(entry["Id"], error))
                continue
            successful.append({"Id": entry["Id"], **self._enqueue(queue, body, delay, attributes, group_id, deduplication_id, chain)})
        return {"Successful": successful or None, "Failed": failed or None}

    # -- receiving ------------------------------------------------------------------

    @staticmethod
    def _candidates(queue: Queue, now: int) -> Iterator[Message]:
        """The messages a receive may return, in the order it returns them. In a FIFO
        queue (as AWS answers): within a group, in order up to the first message in
        flight or delayed (a visible message before it is returned, none after it);
        group after group, as many of one group as possible, in the queue's group order
        (:meth:`_rotate`: a group received from goes last)."""
        if not queue.fifo:
            return (m for m in queue.messages.values() if m.visible_ms <= now and queue.available_at(m) <= now)
        stopped: set[str | None] = set()
        groups: dict[str | None, list[Message]] = {}
        for message in queue.messages.values():
            group = message.group_id
            groups.setdefault(group, [])
            if group in stopped:
                continue
            if message.visible_ms > now or queue.available_at(message) > now:
                stopped.add(group)
                continue
            groups[group].append(message)
        order = queue.group_order
        for group in [g for g in order if g not in groups]:  # bounded: groups with messages
            del order[group]
        for group in groups:
            order.setdefault(group, None)
        return (m for group in list(order) for m in groups[group])

    @staticmethod
    def _rotate(queue: Queue, taken: list[Message]) -> None:
        """A FIFO queue's groups a receive took messages from go to the back of its group
        order, in the order taken (AWS's next receive serves the other groups first)."""
        if queue.fifo:
            for group in dict.fromkeys(m.group_id for m in taken):
                queue.group_order.pop(group, None)
                queue.group_order[group] = None

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
            )
        )

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
            raise _invalid_receipt_handle(handle)
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
        self._rotate(queue, taken)
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

    def delete_message_batch(self, QueueUrl: str, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        queue = self._queue(QueueUrl)
        self._check_batch(Entries, "DeleteMessageBatchRequestEntry")
        successful, failed = [], []
        for entry in Entries:
            try:
                self._delete(queue, entry["ReceiptHandle"])
            except ServiceError as error:
                failed.append(self._failure(entry["Id"], error))
            else:
                successful.append({"Id": entry["Id"]})
        return {"Successful": successful or None, "Failed": failed or None}

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
        message.visible_ms = now + timeout * 1000
        for consumer in queue.consumers:  # visible again: a retry (at once: the next call)
            consumer.wake(message.visible_ms, again=True)

    def change_message_visibility(self, QueueUrl: str, ReceiptHandle: str, VisibilityTimeout: int) -> None:
        self._change_visibility(self._queue(QueueUrl), ReceiptHandle, VisibilityTimeout)

    def change_message_visibility_batch(self, QueueUrl: str, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        queue = self._queue(QueueUrl)
        self._check_batch(Entries, "ChangeMessageVisibilityBatchRequestEntry")
        successful, failed = [], []
        for entry in Entries:
            try:
                self._change_visibility(queue, entry["ReceiptHandle"], entry.get("VisibilityTimeout") or 0)
            except ServiceError as error:
                failed.append(self._failure(entry["Id"], error))
            else:
                successful.append({"Id": entry["Id"]})
        return {"Successful": successful or None, "Failed": failed or None}
