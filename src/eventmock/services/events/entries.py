"""PutEvents and PutPartnerEvents entries: size, per-entry checks, the event envelope.

Size ("Calculating PutEvents event entry size", EventBridge user guide): ``Time`` counts
14 bytes when given; ``Source``, ``DetailType``, ``Detail`` and each of ``Resources``
count their UTF-8 bytes; nothing else counts. The entries of one request together must
stay under the limit, otherwise the whole request fails.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable
from typing import Any, Final

from eventmock.core.text import utf8_size

#: The limit on the total size of one request's entries: AWS raised it from 256 KB to
#: 1 MB in January 2026 (botocore's model documents "less than 1MB").
MAX_REQUEST_SIZE: Final = 1024 * 1024
TIME_SIZE: Final = 14

TOO_LARGE: Final = "Total size of the entries in the request is over the limit."
MALFORMED_DETAIL: Final = "Detail is malformed."
NOT_AUTHORIZED_FOR_SOURCE: Final = "Not authorized for the source."

_REQUIRED: Final = ("Source", "DetailType", "Detail")


def entry_size(entry: dict[str, Any]) -> int:
    get = entry.get
    size = TIME_SIZE if get("Time") is not None else 0
    for member in _REQUIRED:
        value = get(member)
        if value is not None:
            # An ASCII string (known in O(1)) has as many bytes as characters.
            size += utf8_size(value)
    resources = get("Resources")
    if resources:
        for resource in resources:
            size += utf8_size(resource)
    return size


def too_large(entries: list[dict[str, Any]]) -> bool:
    total = 0
    for entry in entries:
        total += entry_size(entry)
    return total >= MAX_REQUEST_SIZE


def missing_member(entry: dict[str, Any]) -> tuple[str, str] | None:
    """The per-entry error for the first of Source, DetailType, Detail that is missing
    (or empty), as ``(ErrorCode, ErrorMessage)``."""
    for member in _REQUIRED:
        if not entry.get(member):
            return "InvalidArgument", f"Parameter {member} is not valid. Reason: {member} is a required argument."
    return None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


#: One decoder for every entry: ``json.loads`` with an argument builds a new one per call.
_DECODER: Final = json.JSONDecoder(parse_constant=_reject_constant)
_SCAN: Final[Callable[[str, int], tuple[Any, int]]] = _DECODER.scan_once  # type: ignore[attr-defined]
#: JSON's whitespace; the pattern matches everywhere (perhaps nothing), never ``None``.
_SPACE: Final[Callable[[str, int], re.Match[str]]] = re.compile(r"[ \t\n\r]*").match  # type: ignore[assignment]


def parse_detail(text: str) -> dict[str, Any] | None:
    """``Detail`` as a JSON object, or ``None`` if it is not one (AWS: MalformedDetail).
    NaN and Infinity are not JSON; nesting too deep to parse is malformed too.

    What ``JSONDecoder.decode`` does, minus its two layers of Python calls: scan one
    value (surrounding whitespace allowed), then nothing but whitespace."""
    start = _SPACE(text, 0).end()
    if start == len(text) or text[start] != "{":
        return None
    try:
        value, end = _SCAN(text, start)
    except (StopIteration, ValueError, RecursionError):
        return None
    if end != len(text) and _SPACE(text, end).end() != len(text):
        return None
    result: dict[str, Any] = value
    return result


def event_time(value: dt.datetime) -> str:
    """``2026-11-23T09:18:27Z``: the envelope's ``time`` (UTC, whole seconds)."""
    return _whole_second_text(value.replace(microsecond=0))


@functools.lru_cache(maxsize=256)
def _whole_second_text(value: dt.datetime) -> str:
    # Kept per second: the events of a test share a handful of seconds, and formatting
    # is the costly part.
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(
    event_id: str,
    entry: dict[str, Any],
    detail: dict[str, Any],
    account: str,
    region: str,
    now: dt.datetime,
) -> dict[str, Any]:
    """The event as rules and targets see it."""
    time = entry.get("Time")
    return {
        "version": "0",
        "id": event_id,
        "detail-type": entry["DetailType"],
        "source": entry["Source"],
        "account": account,
        "time": event_time(time if time is not None else now),
        "region": region,
        "resources": list(entry.get("Resources") or ()),
        "detail": detail,
    }
