"""Event streams (``application/vnd.amazon.eventstream``): the answers of operations
whose output streams events (Lambda's ``InvokeWithResponseStream``).

A backend answers an event stream member as a list of events, each a one-key dict
``{event_name: members}``. :func:`encode` writes them in AWS's binary framing (prelude,
string headers ``:event-type``/``:message-type``/``:content-type``, payload, CRCs); the
fast path hands boto3 a botocore ``EventStream`` reading those bytes
(:class:`EncodedStream`), and the wire serializer sends the same bytes.
"""

from __future__ import annotations

import binascii
import json
import struct
from collections.abc import Iterator
from typing import Any

from botocore.eventstream import EventStream
from botocore.model import Shape
from botocore.parsers import EventStreamJSONParser

CONTENT_TYPE = "application/vnd.amazon.eventstream"


def _headers(headers: dict[str, str]) -> bytes:
    out = b""
    for name, value in headers.items():
        raw_name, raw_value = name.encode(), value.encode()
        out += struct.pack("!B", len(raw_name)) + raw_name + b"\x07" + struct.pack("!H", len(raw_value)) + raw_value
    return out


def message(headers: dict[str, str], payload: bytes) -> bytes:
    """One framed message."""
    raw_headers = _headers(headers)
    total = 16 + len(raw_headers) + len(payload)
    prelude = struct.pack("!II", total, len(raw_headers))
    prelude += struct.pack("!I", binascii.crc32(prelude) & 0xFFFFFFFF)
    body = prelude + raw_headers + payload
    return body + struct.pack("!I", binascii.crc32(body) & 0xFFFFFFFF)


def encode(shape: Shape, events: list[dict[str, Any]]) -> bytes:
    """``events`` (``[{"PayloadChunk": {"Payload": b"..."}}, ...]``) in AWS's framing."""
    out = b""
    for event in events:
        [(name, members)] = event.items()
        event_shape = shape.members[name]
        headers = {":event-type": name, ":message-type": "event"}
        payload_member = next((m for m, s in event_shape.members.items() if s.serialization.get("eventpayload")), None)
        if payload_member is not None and event_shape.members[payload_member].type_name == "blob":
            headers[":content-type"] = "application/octet-stream"
            payload = bytes(members.get(payload_member) or b"")
        else:
            headers[":content-type"] = "application/json"
            payload = json.dumps({k: v for k, v in members.items() if v is not None}).encode()
        out += message(headers, payload)
    return out


class _Raw:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, amt: int = 1024, decode_content: bool = True) -> Iterator[bytes]:
        for start in range(0, len(self.data), amt):
            yield self.data[start : start + amt]

    def close(self) -> None:
        pass


class EncodedStream(EventStream):  # type: ignore[misc]
    """A botocore ``EventStream`` over encoded events; ``data`` holds their bytes."""

    def __init__(self, shape: Shape, events: list[dict[str, Any]]) -> None:
        self.data = encode(shape, events)
        super().__init__(_Raw(self.data), shape, EventStreamJSONParser(), shape.name)
