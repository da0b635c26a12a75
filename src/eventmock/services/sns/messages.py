"""What SNS publishes: the checks of a published message, and the forms in which
each protocol receives it (the JSON envelope, raw delivery, Lambda's event).

The envelope's members and their order are AWS's: ``Type``, ``MessageId``,
(``SequenceNumber``: FIFO topics), ``TopicArn``, (``Subject``), ``Message``,
``Timestamp``, then ``SignatureVersion``, ``Signature``, ``SigningCertURL`` (standard
topics: FIFO topics sign nothing), ``UnsubscribeURL`` and (``MessageAttributes``, as
``{"Type", "Value"}``). The signature is random bytes in the form of an RSA
signature: eventmock has no signing key to verify it against.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from random import getrandbits
from typing import Any

from eventmock.core.errors import ServiceError
from eventmock.core.text import utf8, utf8_size

#: The largest message (body and attributes), in bytes.
MAX_MESSAGE_BYTES = 262_144
MAX_SUBJECT = 99
MAX_ATTRIBUTE_NAME = 256
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z0-9_\-.]+")
#: The E.164 form SNS accepts for SMS: ``+`` and up to 15 digits.
E164 = re.compile(r"\+?[1-9][0-9]{1,14}")
#: An ``sms`` subscription's endpoint: a phone number whose digit groups may be
#: separated by one ``-``, ``.`` or ``/`` (AWS accepted ``+12/34-567.890`` and refused
#: ``+15--551234567``), at most 15 digits.
SMS_ENDPOINT = re.compile(r"\+?[1-9][0-9]*(?:[-./][0-9]+)*")


def sms_endpoint(endpoint: str) -> bool:
    return SMS_ENDPOINT.fullmatch(endpoint) is not None and sum(c.isdigit() for c in endpoint) <= 15


def invalid(message: str) -> ServiceError:
    return ServiceError("InvalidParameter", message)


def _value_invalid(message: str) -> ServiceError:
    return ServiceError("ParameterValueInvalid", message)


def check_attributes(attributes: dict[str, dict[str, Any]]) -> None:
    """Message attributes as SNS checks them (``ParameterValueInvalid``)."""
    for name, attribute in attributes.items():
        if utf8_size(name) >= MAX_ATTRIBUTE_NAME:
            raise _value_invalid("Length of message attribute name must be less than 256 bytes.")
        bad = next((c for c in name if not _ATTRIBUTE_NAME.fullmatch(c)), None)
        if bad is not None:
            raise _value_invalid(
                f"Invalid non-alphanumeric character '#x{ord(bad):X}' was found in the message attribute name. "
                "Can only include alphanumeric characters, hyphens, underscores, or dots."
            )
        if name.startswith("."):
            raise _value_invalid("Invalid message attribute name starting with character '.' was found.")
        if name.endswith("."):
            raise _value_invalid("Invalid message attribute name ending with character '.' was found.")
        if ".." in name:
            raise _value_invalid("Message attribute name can not have successive '.' character.")
        if _reserved(name):
            raise _value_invalid(f"The message attribute name '{name}' uses a reserved prefix: AWS. and Amazon. are reserved for AWS's use.")
        data_type: str = attribute["DataType"]
        kind = data_type.split(".", 1)[0]
        if kind not in ("String", "Number", "Binary"):
            raise _value_invalid(
                f"The message attribute '{name}' has an invalid message attribute type, "
                "the set of supported type prefixes is Binary, Number, and String."
            )
        field_name = "Binary" if kind == "Binary" else "String"
        if attribute.get(f"{'String' if kind == 'Binary' else 'Binary'}Value") is not None:
            raise _value_invalid(f"The message attribute '{name}' with type '{kind}' must use field '{field_name}'.")
        value = attribute.get(f"{field_name}Value")
        if value is None or len(value) == 0:
            raise _value_invalid(
                f"The message attribute '{name}' must contain non-empty message attribute value "
                f"for message attribute type '{kind}'."
            )
        if kind == "Number" and _not_a_number(value):
            raise _value_invalid(f"Could not cast message attribute '{name}' value to number.")


#: Prefixes reserved for AWS (any casing), and the reserved families SNS itself reads
#: from a published message (``AWS.SNS.SMS.SMSType``, ``AWS.MM.SMS.OriginationNumber``,
#: ``AWS.SNS.MOBILE.APNS.PUSH_TYPE``...), which stay allowed.
_RESERVED_PREFIXES = ("aws.", "amazon.")
_SNS_OWN_PREFIXES = ("aws.sns.", "aws.mm.")


def _reserved(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(_RESERVED_PREFIXES) and not lowered.startswith(_SNS_OWN_PREFIXES)


def _not_a_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return True
    return False


def size(message: str, attributes: dict[str, dict[str, Any]]) -> int:
    total = utf8_size(message)
    for name, attribute in attributes.items():
        value = attribute.get("BinaryValue")
        if value is None:
            value = utf8(attribute.get("StringValue", ""))
        total += utf8_size(name) + utf8_size(attribute["DataType"]) + len(value)
    return total


def check_subject(subject: str | None) -> None:
    """AWS: UTF-8 text, less than 100 characters, with no line breaks or control
    characters, starting with a letter, a number or a punctuation mark (eventmock:
    anything but a space or a control character)."""
    if subject is not None and (not subject or len(subject) > MAX_SUBJECT or not _subject_text(subject)):
        raise invalid("Invalid parameter: Subject")


#: Printable ASCII not starting with a space: a subject that needs no closer look.
_PLAIN_SUBJECT = re.compile(r"[\x21-\x7e][\x20-\x7e]*")


def _subject_text(subject: str) -> bool:
    if _PLAIN_SUBJECT.fullmatch(subject):
        return True
    if unicodedata.category(subject[0])[0] == "Z":
        return False
    return not any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in subject)


def structured(message: str, structure: str | None) -> dict[str, str] | None:
    """The per-protocol messages of ``MessageStructure=json`` (``None`` otherwise)."""
    if structure is None:
        return None
    if structure != "json":
        raise invalid("Invalid parameter: MessageStructure")
    try:
        document = json.loads(message)
    except (ValueError, RecursionError):
        raise invalid("Invalid parameter: Message Structure - JSON message body failed to parse") from None
    if not isinstance(document, dict) or not isinstance(document.get("default"), str):
        raise invalid("Invalid parameter: Message Structure - No default entry in JSON message body")
    return {k: v for k, v in document.items() if isinstance(v, str)}


def content_deduplication_id(message: str) -> str:
    """The deduplication id of a FIFO topic with ``ContentBasedDeduplication``: the
    SHA-256 of the message, in hexadecimal."""
    return hashlib.sha256(utf8(message)).hexdigest()


def signature() -> str:
    """Base64 of 256 random bytes: the shape of an RSA-2048 signature."""
    return binascii.b2a_base64(getrandbits(2048).to_bytes(256, "big"), newline=False).decode("ascii")


_second: list[Any] = [None, ""]


def timestamp(epoch_ms: int) -> str:
    """``2026-11-25T16:47:14.123Z``, as SNS writes ``Timestamp`` (formatted once a
    second)."""
    second, millis = divmod(epoch_ms, 1000)
    if _second[0] != second:
        _second[:] = [second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))]
    return f"{_second[1]}.{millis:03d}Z"


@dataclass
class Notification:
    """One published message, as the topic fans it out."""

    message_id: str
    topic_arn: str
    message: str
    timestamp: str
    #: The endpoint base of SNS's URLs (``https://sns.us-east-1.amazonaws.com``).
    base_url: str
    subject: str | None = None
    #: ``MessageStructure=json``: the message of each protocol, ``default`` included.
    per_protocol: dict[str, str] | None = None
    #: The message attributes, as boto3 shapes them.
    attributes: dict[str, dict[str, Any]] = field(default_factory=dict)
    group_id: str | None = None
    deduplication_id: str | None = None
    sequence_number: str | None = None
    fifo: bool = False
    signature_version: str = "1"
    #: The chain of Lambda invocations that published it (:mod:`eventmock.core.lineage`).
    lineage: Mapping[str, int] | None = None
    #: The X-Ray trace header it carries (from an EventBridge delivery), passed on to
    #: SQS subscriptions as ``AWSTraceHeader``.
    trace_header: str | None = None

    def text_for(self, protocol: str) -> str:
        """The message a subscriber of ``protocol`` gets."""
        if self.per_protocol is None:
            return self.message
        return self.per_protocol.get(protocol, self.per_protocol["default"])

    def envelope(self, protocol: str, subscription_arn: str) -> dict[str, Any]:
        """The JSON document AWS delivers (SQS, HTTP, Firehose, email-json)."""
        out: dict[str, Any] = {"Type": "Notification", "MessageId": self.message_id}
        if self.fifo:
            out["SequenceNumber"] = self.sequence_number
        out["TopicArn"] = self.topic_arn
        if self.subject is not None:
            out["Subject"] = self.subject
        out["Message"] = self.text_for(protocol)
        out["Timestamp"] = self.timestamp
        if not self.fifo:
            out["SignatureVersion"] = self.signature_version
            out["Signature"] = signature()
            out["SigningCertURL"] = signing_cert_url(self.base_url)
        out["UnsubscribeURL"] = unsubscribe_url(self.base_url, subscription_arn)
        if self.attributes:
            out["MessageAttributes"] = envelope_attributes(self.attributes)
        return out

    def lambda_event(self, subscription_arn: str) -> dict[str, Any]:
        """The event a Lambda subscriber is invoked with."""
        record: dict[str, Any] = {
            "Type": "Notification",
            "MessageId": self.message_id,
            "TopicArn": self.topic_arn,
            "Subject": self.subject,
            "Message": self.text_for("lambda"),
            "Timestamp": self.timestamp,
            "SignatureVersion": self.signature_version,
            "Signature": signature(),
            "SigningCertUrl": signing_cert_url(self.base_url),
            "UnsubscribeUrl": unsubscribe_url(self.base_url, subscription_arn),
            "MessageAttributes": envelope_attributes(self.attributes),
        }
        return {
            "Records": [
                {"EventSource": "aws:sns", "EventVersion": "1.0", "EventSubscriptionArn": subscription_arn, "Sns": record}
            ]
        }


def envelope_text(document: dict[str, Any]) -> str:
    """An envelope as SNS writes it: one member a line, ``"Name" : value``, two
    spaces in; each message attribute on a line of its own, compact."""
    lines = []
    for name, value in document.items():
        if name == "MessageAttributes":
            inner = ",\n".join(f"    {_string(k)} : {_compact(v)}" for k, v in value.items())
            lines.append(f'  "MessageAttributes" : {{\n{inner}\n  }}')
        else:  # every other member is a string
            lines.append(f'  "{name}" : {_string(value)}')
    return "{\n" + ",\n".join(lines) + "\n}"


#: A JSON string literal, non-ASCII kept (the C function ``json`` itself uses).
_string: Any = json.encoder.encode_basestring
#: An encoder made once (``json.dumps`` with options builds one per call).
_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def envelope_attributes(attributes: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
    out = {}
    for name, attribute in attributes.items():
        binary = attribute.get("BinaryValue")
        value = base64.b64encode(binary).decode("ascii") if binary is not None else attribute["StringValue"]
        out[name] = {"Type": attribute["DataType"], "Value": value}
    return out


def signing_cert_url(base_url: str) -> str:
    return f"{base_url}/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem"


def unsubscribe_url(base_url: str, subscription_arn: str) -> str:
    return f"{base_url}/?Action=Unsubscribe&SubscriptionArn={subscription_arn}"


def subscribe_url(base_url: str, topic_arn: str, token: str) -> str:
    return f"{base_url}/?Action=ConfirmSubscription&TopicArn={topic_arn}&Token={token}"


def confirmation(
    message_id: str, topic_arn: str, token: str, timestamp: str, base_url: str, unsubscribed: str | None = None
) -> dict[str, Any]:
    """The ``SubscriptionConfirmation`` message of an http(s) or email(-json)
    subscription; with ``unsubscribed`` (a subscription ARN), the
    ``UnsubscribeConfirmation`` an http(s) endpoint gets when it is unsubscribed."""
    if unsubscribed is None:
        kind = "SubscriptionConfirmation"
        text = (
            f"You have chosen to subscribe to the topic {topic_arn}.\n"
            "To confirm the subscription, visit the SubscribeURL included in this message."
        )
    else:
        kind = "UnsubscribeConfirmation"
        text = (
            f"You have chosen to deactivate subscription {unsubscribed}.\n"
            "To cancel this operation and restore the subscription, visit the SubscribeURL included in this message."
        )
    return {
        "Type": kind,
        "MessageId": message_id,
        "Token": token,
        "TopicArn": topic_arn,
        "Message": text,
        "SubscribeURL": subscribe_url(base_url, topic_arn, token),
        "Timestamp": timestamp,
        "SignatureVersion": "1",
        "Signature": signature(),
        "SigningCertURL": signing_cert_url(base_url),
    }
