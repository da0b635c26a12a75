"""A small CBOR (RFC 8949) encoder and decoder, for the JSON protocol encoded in CBOR
(``application/x-amz-cbor-1.1``), which the AWS SDK for Java sends Kinesis by default.

The shapes are the JSON protocol's; only the encoding differs: blobs are byte strings
and timestamps are tag 1 (epoch) wrapping an integer of **milliseconds**, as AWS writes
and reads them (the standard's tag 1 counts seconds; AWS's SDKs count milliseconds).
The decoder reads what a CBOR encoder may write: definite and indefinite lengths
(Jackson, under the Java SDK, writes objects as indefinite-length maps), half, single
and double floats, bignums (tags 2 and 3), and other tags (their content is kept).
"""

from __future__ import annotations

import datetime as dt
import math
import struct
from typing import Any

from eventmock.core import clock

CONTENT_TYPE = "application/x-amz-cbor-1.1"
#: Nesting deeper than this is refused (as the JSON parser refuses deep documents).
MAX_DEPTH = 200
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


class CBORError(ValueError):
    """Bytes that are not a well-formed CBOR data item."""


# -- encoding ------------------------------------------------------------------------------


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    if value < 1 << 8:
        return bytes([major << 5 | 24, value])
    if value < 1 << 16:
        return bytes([major << 5 | 25]) + struct.pack("!H", value)
    if value < 1 << 32:
        return bytes([major << 5 | 26]) + struct.pack("!I", value)
    return bytes([major << 5 | 27]) + struct.pack("!Q", value)


def dumps(value: Any) -> bytes:
    """``value`` (dicts, lists, str, bytes, int, float, bool, None, aware datetimes)
    as one CBOR data item."""
    out = bytearray()
    _encode(value, out)
    return bytes(out)


def _encode(value: Any, out: bytearray) -> None:
    if value is None:
        out.append(0xF6)
    elif value is True:
        out.append(0xF5)
    elif value is False:
        out.append(0xF4)
    elif isinstance(value, int):
        if value >= 0:
            if value < 1 << 64:
                out += _head(0, value)
            else:
                out += _head(6, 2)
                _encode(value.to_bytes((value.bit_length() + 7) // 8, "big"), out)
        elif -value - 1 < 1 << 64:
            out += _head(1, -value - 1)
        else:
            magnitude = -value - 1
            out += _head(6, 3)
            _encode(magnitude.to_bytes((magnitude.bit_length() + 7) // 8, "big"), out)
    elif isinstance(value, float):
        out.append(0xFB)
        out += struct.pack("!d", value)
    elif isinstance(value, str):
        raw = value.encode("utf-8", "surrogatepass")
        out += _head(3, len(raw))
        out += raw
    elif isinstance(value, (bytes, bytearray, memoryview)):
        out += _head(2, len(value))
        out += bytes(value)
    elif isinstance(value, dt.datetime):
        delta = value - _EPOCH
        millis = (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000
        out += _head(6, 1)
        _encode(millis, out)
    elif isinstance(value, dict):
        out += _head(5, len(value))
        for key, item in value.items():
            _encode(key, out)
            _encode(item, out)
    elif isinstance(value, (list, tuple)):
        out += _head(4, len(value))
        for item in value:
            _encode(item, out)
    else:
        raise TypeError(f"cannot encode {type(value).__name__} as CBOR")


# -- decoding ------------------------------------------------------------------------------

_BREAK = object()


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def take(self, n: int) -> bytes:
        end = self.at + n
        if end > len(self.data):
            raise CBORError("the CBOR data item ends early")
        chunk = self.data[self.at : end]
        self.at = end
        return chunk

    def argument(self, info: int) -> int | None:
        """The head's argument; ``None`` for an indefinite length."""
        if info < 24:
            return info
        if info == 24:
            return self.take(1)[0]
        if info == 25:
            return int(struct.unpack("!H", self.take(2))[0])
        if info == 26:
            return int(struct.unpack("!I", self.take(4))[0])
        if info == 27:
            return int(struct.unpack("!Q", self.take(8))[0])
        if info == 31:
            return None
        raise CBORError(f"reserved additional information {info}")

    def item(self, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise CBORError("The request body is nested too deeply.")
        initial = self.take(1)[0]
        major, info = initial >> 5, initial & 0x1F
        if major == 7:
            return self._simple(info)
        length = self.argument(info)
        if major == 0:
            return length if length is not None else self._bad_indefinite(major)
        if major == 1:
            return -1 - length if length is not None else self._bad_indefinite(major)
        if major in (2, 3):
            raw = self._string(major, length, depth)
            if major == 2:
                return raw
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                raise CBORError("a CBOR text string is not UTF-8") from None
        if major == 4:
            items: list[Any] = []
            while length is None or len(items) < length:
                item = self.item(depth + 1)
                if item is _BREAK:
                    if length is None:
                        break
                    raise CBORError("unexpected break")
                items.append(item)
            return items
        if major == 5:
            mapping: dict[Any, Any] = {}
            count = 0
            while length is None or count < length:
                key = self.item(depth + 1)
                if key is _BREAK:
                    if length is None:
                        break
                    raise CBORError("unexpected break")
                value = self.item(depth + 1)
                if value is _BREAK:
                    raise CBORError("a CBOR map ends between a key and its value")
                try:
                    mapping[key] = value
                except TypeError:
                    raise CBORError("a CBOR map key that cannot be a key") from None
                count += 1
            return mapping
        # major 6: a tag
        if length is None:
            raise CBORError("a tag of indefinite length")
        content = self.item(depth + 1)
        if length == 1 and isinstance(content, (int, float)) and not isinstance(content, bool):
            if isinstance(content, float) and not math.isfinite(content):
                raise CBORError("an epoch time that is not finite")
            return (_EPOCH + dt.timedelta(milliseconds=content)).replace(tzinfo=clock.UTC)
        if length in (2, 3) and isinstance(content, bytes):
            number = int.from_bytes(content, "big")
            return number if length == 2 else -1 - number
        return content

    def _string(self, major: int, length: int | None, depth: int) -> bytes:
        if length is not None:
            return self.take(length)
        chunks: list[bytes] = []
        while True:
            chunk = self.item(depth + 1)
            if chunk is _BREAK:
                return b"".join(chunks)
            if major == 2 and isinstance(chunk, bytes):
                chunks.append(chunk)
            elif major == 3 and isinstance(chunk, str):
                chunks.append(chunk.encode("utf-8"))
            else:
                raise CBORError("a chunk of an indefinite-length string of another type")

    def _simple(self, info: int) -> Any:
        if info == 20:
            return False
        if info == 21:
            return True
        if info in (22, 23):
            return None
        if info == 24:
            self.take(1)
            return None
        if info == 25:
            return float(struct.unpack("!e", self.take(2))[0])
        if info == 26:
            return float(struct.unpack("!f", self.take(4))[0])
        if info == 27:
            return float(struct.unpack("!d", self.take(8))[0])
        if info == 31:
            return _BREAK
        return None  # an unassigned simple value

    @staticmethod
    def _bad_indefinite(major: int) -> Any:
        raise CBORError(f"major type {major} cannot have an indefinite length")


def loads(data: bytes) -> Any:
    """The one CBOR data item ``data`` holds (tag 1 read as epoch milliseconds, an
    aware UTC datetime). :class:`CBORError` if it is not well formed."""
    reader = _Reader(data)
    item = reader.item()
    if item is _BREAK:
        raise CBORError("unexpected break")
    if reader.at != len(data):
        raise CBORError("bytes after the CBOR data item")
    return item
