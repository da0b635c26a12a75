"""SNS subscription filter policies: the EventBridge pattern engine in its SNS dialect.

A policy is validated and compiled by :mod:`eventmock.services.events.patterns` with
:data:`~eventmock.services.events.patterns.SNS` (no ``wildcard``, ``anything-but``
with ``prefix`` only, five keys, 150 combinations). What is SNS's own lives here:

* the scope: ``MessageAttributes`` (the default) matches the policy against the
  message attributes, and refuses nested policies; ``MessageBody`` matches it
  against the message, parsed as a JSON object;
* the view of message attributes as an event: a ``String`` attribute is its string,
  a ``Number`` attribute its number, a ``String.Array`` attribute the decoded JSON
  array (matched as an event array: one element suffices); ``Binary`` attributes
  take no part;
* numbers in the event rounded to the dialect's five digits after the decimal point
  (the policy's are rounded when it is compiled);
* the error messages: SNS prefixes the engine's reason with where the policy came
  from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from eventmock.core.errors import ServiceError
from eventmock.core.text import utf8_size
from eventmock.services.events import patterns

SCOPES = ("MessageAttributes", "MessageBody")
#: The maximum size of a filter policy, in bytes.
MAX_POLICY_BYTES = 256 * 1024


@dataclass(frozen=True)
class FilterPolicy:
    scope: str
    matcher: patterns.Matcher

    def matches(self, message: str, attributes: dict[str, dict[str, Any]]) -> bool:
        if self.scope == "MessageBody":
            try:
                body = json.loads(message, parse_float=_parse_float)
            except (ValueError, RecursionError):
                return False
            return isinstance(body, dict) and self.matcher.matches(body)
        return self.matcher.matches(attributes_as_event(attributes))


def _invalid(message: str) -> ServiceError:
    return ServiceError("InvalidParameter", message)


def compile_policy(text: str, scope: str, *, subscribing: bool) -> FilterPolicy | None:
    """Validate and compile a filter policy (``None`` for an empty one: no filter).
    ``subscribing``: the policy came in Subscribe's ``Attributes`` (SNS's messages then
    say so). Raises ``InvalidParameter`` with SNS's message."""
    prefix = "Invalid parameter: Attributes Reason: " if subscribing else "Invalid parameter: "
    if not text.strip():
        return None
    if utf8_size(text) > MAX_POLICY_BYTES:
        raise _invalid(f"{prefix}FilterPolicy: Filter policy is too long")
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        # SNS parses the policy itself before ruler compiles it ("failed to parse JSON",
        # its own Jackson): a syntax error anywhere wins over ruler's errors. Jackson
        # reads the first value only (text after it is not read).
        try:
            document = patterns.read_json(text)
        except patterns.InvalidEventPattern as exc:
            raise _invalid(f"{prefix}FilterPolicy: {policy_error(exc)}") from None
    if document == {}:
        return None
    try:
        matcher = patterns.compile(text, max_length=None, dialect=patterns.SNS)
    except patterns.InvalidEventPattern as exc:
        raise _invalid(f"{prefix}FilterPolicy: {policy_error(exc)}") from None
    if scope == "MessageAttributes" and _nested(document):
        raise _invalid(f"{prefix}Filter policy scope MessageAttributes does not support nested filter policy")
    return FilterPolicy(scope, matcher)


#: How SNS's (newer) Jackson describes the source of a parse error.
REDACTED_SOURCE = "REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)"


def policy_error(exc: patterns.InvalidEventPattern) -> str:
    """The engine's error as SNS words it: a JSON syntax error is "failed to parse
    JSON", located in a redacted source; other errors carry ruler's location."""
    if not exc.syntax:
        return exc.reason + exc.location
    return f"failed to parse JSON. {json_error(exc)}"


def json_error(exc: patterns.InvalidEventPattern) -> str:
    """Jackson's parse error in SNS's words (the source redacted)."""
    source = patterns.source_description(exc.source)
    reason = exc.reason.replace(source, REDACTED_SOURCE)
    return reason + patterns.format_location(REDACTED_SOURCE, exc.line or 1, exc.column or 1)


def _nested(document: dict[str, Any]) -> bool:
    for key, value in document.items():
        if key == "$or" and isinstance(value, list):
            if any(isinstance(alt, dict) and _nested(alt) for alt in value):
                return True
        elif isinstance(value, dict):
            return True
    return False


def attributes_as_event(attributes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Message attributes as the event a policy of scope ``MessageAttributes`` sees."""
    event: dict[str, Any] = {}
    for name, attribute in attributes.items():
        data_type: str = attribute["DataType"]
        value = attribute.get("StringValue")
        if data_type.startswith("Binary") or value is None:
            continue
        if data_type.startswith("Number"):
            number = _number(value)
            event[name] = value if number is None else number
        elif data_type == "String.Array":
            try:
                event[name] = json.loads(value, parse_float=_parse_float)
            except (ValueError, RecursionError):
                event[name] = value
        else:
            event[name] = value
    return event


def _number(text: str) -> int | float | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return int(value) if value == value.to_integral_value() else patterns.SNS.number(float(value))


def _parse_float(text: str) -> float:
    """A JSON number with a fraction, as the SNS dialect compares it (five digits
    after the decimal point)."""
    return patterns.SNS.number(float(text))
