"""Timestamps on the wire: the three formats of the service models, both ways."""

from __future__ import annotations

import datetime as _dt
from email.utils import format_datetime
from typing import Any

from botocore.utils import parse_timestamp

from eventmock.core.clock import UTC

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=UTC)


def format(value: _dt.datetime, fmt: str) -> str | float | int:
    """``value`` as ``iso8601`` (``2024-02-29T12:34:56.789Z``), ``unixtimestamp``
    (seconds, with the fraction when there is one) or ``rfc822`` (HTTP date, whole
    seconds)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    fmt = fmt.lower()
    if fmt == "unixtimestamp":
        delta = value - _EPOCH
        micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return micros // 1_000_000 if micros % 1_000_000 == 0 else micros / 1_000_000
    if fmt == "rfc822":
        return format_datetime(value.replace(microsecond=0, tzinfo=_dt.timezone.utc), usegmt=True)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        fraction = f"{value.microsecond:06d}"
        text += "." + (fraction[:3] if fraction.endswith("000") else fraction)
    return text + "Z"


def parse(value: Any) -> _dt.datetime:
    """A timestamp in any of the three formats (or an epoch number), as an aware UTC
    ``datetime``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _EPOCH + _dt.timedelta(seconds=value)
    parsed: _dt.datetime = parse_timestamp(value)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
