"""Hypothesis strategies from botocore shapes: values a boto3 caller (request side) or
a backend (response side) could produce for a shape, in a protocol and a location.

What the wire cannot carry is left out by construction, each for a reason AWS shares:
header values are printable ASCII without surrounding blanks (HTTP trims them),
XML text has no characters XML 1.0 forbids nor carriage returns (XML parsers turn
them into line feeds), URI labels are not empty, ``.`` or ``..`` (URL paths normalise
them), floats are never NaN (NaN equals nothing, not even itself).
"""

from __future__ import annotations

import datetime as dt
import string
from typing import Any

from botocore.model import Shape
from hypothesis import strategies as st

from eventmock.core.clock import UTC

MAX_DEPTH = 4
_HEADER_CHARS = st.characters(min_codepoint=0x21, max_codepoint=0x7E)
_XML_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\r", min_codepoint=0x20) | st.sampled_from("\n\t")
_ANY_CHARS = st.characters(blacklist_categories=("Cs",))
_TOKEN = st.text(string.ascii_lowercase + string.digits + "-", min_size=1, max_size=8).filter(lambda s: s[0] != "-")
_JSON_LEAF = st.none() | st.booleans() | st.integers(-(10**9), 10**9) | st.text(string.ascii_letters, max_size=5)
_JSON = st.recursive(_JSON_LEAF, lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(string.ascii_letters, max_size=4), inner, max_size=2), max_leaves=4)


def _element_name(member: Shape, name: str) -> str:
    if member.type_name == "list" and member.serialization.get("flattened"):
        return str(member.member.serialization.get("name", member.serialization.get("name", name)))
    return str(member.serialization.get("name", name))


class Strategies:
    """Values for the shapes of one protocol. ``side`` is ``request`` (what botocore
    serializes) or ``response`` (what a backend answers and botocore parses)."""

    def __init__(self, protocol: str, side: str) -> None:
        self.protocol = protocol
        self.side = side
        self.xml = protocol in ("rest-xml", "query")

    def for_shape(self, shape: Shape, location: str | None = None, depth: int = 0) -> st.SearchStrategy[Any]:
        return getattr(self, "_" + shape.type_name, self._unknown)(shape, location, depth)

    def top(self, shape: Shape) -> st.SearchStrategy[dict[str, Any]]:
        return self._structure(shape, None, 0, top=True)

    # -- containers ----------------------------------------------------------------------

    def _structure(self, shape: Shape, location: str | None, depth: int, top: bool = False) -> st.SearchStrategy[Any]:
        if shape.is_document_type:
            return st.dictionaries(st.text(string.ascii_letters, min_size=1, max_size=4), _JSON, max_size=3)
        required: dict[str, st.SearchStrategy[Any]] = {}
        optional: dict[str, st.SearchStrategy[Any]] = {}
        payload = shape.serialization.get("payload") if top else None
        elements = [_element_name(m, n) for n, m in shape.members.items() if "location" not in m.serialization]
        for name, member in shape.members.items():
            if self.xml and "location" not in member.serialization and elements.count(_element_name(member, name)) > 1:
                # two members in one element (S3's deprecated ``Event`` beside ``Events``)
                # are both read from whichever is sent: neither is generated
                continue
            member_location = member.serialization.get("location") if top else None
            if member.serialization.get("eventstream") or member_location == "statusCode":
                continue
            if self.side == "response" and (member_location in ("uri", "querystring") or (member_location == "headers" and not member.serialization.get("name"))):
                continue
            if member.serialization.get("hostLabel"):
                required[name] = _TOKEN  # a label of the host name
                continue
            value = self.for_shape(member, member_location or ("payload" if name == payload else None), depth + 1)
            always = self.side == "response" and member.serialization.get("name", "").lower() == "content-length"
            if (name in shape.required_members and self.side == "request") or always:
                # (an HTTP response always has a length: S3 binds it to a member)
                required[name] = value
            elif depth < MAX_DEPTH:
                optional[name] = value
        if shape.is_tagged_union:  # exactly one member, even at the depth limit
            members = {**required, **optional} or {name: self.for_shape(member, None, depth + 1) for name, member in shape.members.items()}
            return st.one_of([st.fixed_dictionaries({name: value}) for name, value in members.items()])
        return st.fixed_dictionaries(required, optional=optional)

    def _list(self, shape: Shape, location: str | None, depth: int) -> st.SearchStrategy[Any]:
        low = int(shape.metadata.get("min", 0))
        if location in ("header", "querystring") or (self.xml and shape.serialization.get("flattened")):
            low = max(low, 1)  # an empty list is not sent at all, or leaves no element
        item_location = location if location in ("header", "querystring") else None
        return st.lists(self.for_shape(shape.member, item_location, depth + 1), min_size=low, max_size=max(low, 3))

    def _map(self, shape: Shape, location: str | None, depth: int) -> st.SearchStrategy[Any]:
        if location in ("headers", "querystring"):
            keys: st.SearchStrategy[str] = _TOKEN if location == "headers" else st.text(string.ascii_letters, min_size=1, max_size=6)
            value_location = "header" if location == "headers" else "querystring"
            return st.dictionaries(keys, self.for_shape(shape.value, value_location, depth + 1), min_size=1, max_size=3)
        low = int(shape.metadata.get("min", 0))
        return st.dictionaries(self._string(shape.key, None, depth + 1, min_size=1), self.for_shape(shape.value, None, depth + 1), min_size=low, max_size=max(low, 3))

    # -- scalars -------------------------------------------------------------------------

    def _string(self, shape: Shape, location: str | None, depth: int, min_size: int = 0) -> st.SearchStrategy[Any]:
        if shape.serialization.get("jsonvalue"):
            return st.dictionaries(st.text(string.ascii_letters, min_size=1, max_size=4), _JSON, max_size=2)
        if shape.enum:
            return st.sampled_from(list(shape.enum))
        low = max(int(shape.metadata.get("min", 0)), min_size)
        high = min(int(shape.metadata.get("max", 12)), 12)
        low = min(low, 12)
        if location == "uri":
            low = max(low, 1)
            return st.text(_ANY_CHARS, min_size=low, max_size=max(low, high)).filter(lambda s: s not in (".", ".."))
        if location == "header":
            # no blanks inside either: a header list splits on commas and trims each item
            return st.text(_HEADER_CHARS, min_size=max(low, 1), max_size=max(low, high)).filter(lambda s: "," not in s or self.side == "request")
        if location == "payload":
            return st.text(_XML_CHARS if self.xml else _ANY_CHARS, min_size=max(low, 1), max_size=max(low, high))
        return st.text(_XML_CHARS if self.xml else _ANY_CHARS, min_size=low, max_size=max(low, high))

    def _integer(self, shape: Shape, location: str | None, depth: int) -> st.SearchStrategy[Any]:
        low = int(shape.metadata.get("min", -(2**31)))
        high = int(shape.metadata.get("max", 2**31 - 1))
        return st.integers(low, max(low, high))

    def _long(self, shape: Shape, location: str | None, depth: int) -> st.SearchStrategy[Any]:
        low = int(shape.metadata.get("min", -(2**63)))
        high = int(shape.metadata.get("max", 2**63 - 1))
        return st.integers(low, max(low, high))

    def _boolean(self, shape: Shape, location: str | None, depth: int) -> st.SearchStrategy[Any]:
        return st.booleans()

    def _float(self, shape: Shape, location: str | None, depth: int) -> st.SearchStrategy[Any]:
        return st.floats(allow_nan=False, allow_infinity=location is None)

    _double = _float

    def _timestamp(self, shape: Shape, location: str | None, depth: int) -> st.SearchStrategy[Any]:
        return st.datetimes(min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(UTC))

    def _blob(self, shape: Shape, location: str | None, depth: int) -> st.SearchStrategy[Any]:
        return st.binary(min_size=1 if location == "payload" else 0, max_size=16)

    def _unknown(self, shape: Shape, location: str | None, depth: int) -> st.SearchStrategy[Any]:
        return _JSON
