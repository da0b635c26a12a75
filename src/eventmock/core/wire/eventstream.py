"""AWS's binary event stream (``application/vnd.amazon.eventstream``): how a response
with an event stream member (``SubscribeToShard``) goes over the wire.

Each message is a prelude (total length, headers length, and the CRC32 of those eight
bytes), headers (name length, name, type 7 = string, value length, value), the payload,
and the CRC32 of everything before it. A JSON-protocol stream opens with an
``initial-response`` event (the output's other members, ``{}`` here) and then carries
one message per event: ``:message-type`` ``event``, ``:event-type`` the event's member
name, and the event's members as the payload (a JSON document, or for a CBOR request a
CBOR one).
"""

from __future__ import annotations

import binascii
import json
import struct
from collections.abc import Callable
from typing import Any

from botocore.model import Shape

CONTENT_TYPE = "application/vnd.amazon.eventstream"
_STRING = 7


def _header(name: str, value: str) -> bytes:
    raw_name, raw_value = name.encode("utf-8"), value.encode("utf-8")
    return struct.pack("!B", len(raw_name)) + raw_name + struct.pack("!BH", _STRING, len(raw_value)) + raw_value


def message(headers: dict[str, str], payload: bytes) -> bytes:
    """One event stream message."""
    encoded = b"".join(_header(name, value) for name, value in headers.items())
    total = 12 + len(encoded) + len(payload) + 4
    prelude = struct.pack("!II", total, len(encoded))
    prelude += struct.pack("!I", binascii.crc32(prelude) & 0xFFFFFFFF)
    body = prelude + encoded + payload
    return body + struct.pack("!I", binascii.crc32(body) & 0xFFFFFFFF)


def encode_payload(union: Shape, events: list[dict[str, Any]]) -> bytes:
    """The stream a REST protocol sends as its output's payload
    (``InvokeWithResponseStream``): no initial response; an event whose payload member
    is a blob is sent as raw bytes (``application/octet-stream``), another as JSON."""
    out = []
    for event in events:
        (name, members), = event.items()
        shape = union.members[name]
        headers = {":event-type": name, ":message-type": "event"}
        payload_member = next((m for m, s in shape.members.items() if s.serialization.get("eventpayload")), None)
        if payload_member is not None and shape.members[payload_member].type_name == "blob":
            headers[":content-type"] = "application/octet-stream"
            payload = bytes(members.get(payload_member) or b"")
        else:
            headers[":content-type"] = "application/json"
            payload = json.dumps({k: v for k, v in members.items() if v is not None}).encode()
        out.append(message(headers, payload))
    return b"".join(out)


def encode(events: list[dict[str, Any]], payload_of: Callable[[str, Any], bytes], content_type: str, initial: bytes) -> bytes:
    """The whole stream: the initial response (its payload ``initial``), then each
    event, its payload rendered by ``payload_of(event_name, members)``."""
    out = [message({":message-type": "event", ":event-type": "initial-response", ":content-type": content_type}, initial)]
    for event in events:
        (name, members), = event.items()
        out.append(message({":message-type": "event", ":event-type": name, ":content-type": content_type}, payload_of(name, members)))
    return b"".join(out)
