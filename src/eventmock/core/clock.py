"""The one clock.

Every timestamp eventmock produces is read here, so ``freezegun.freeze_time`` (which
replaces ``datetime.datetime`` while active) controls all of them. Never call
``datetime.now()`` or ``time.time()`` elsewhere in eventmock.
"""

from __future__ import annotations

import datetime as _dt

from dateutil.tz import tzlocal, tzutc

from eventmock.core import timestamps

#: The tzinfo botocore's parser attaches to a timestamp sent as a date string.
UTC = tzutc()
#: The tzinfo botocore's parser attaches to a timestamp sent as an epoch number (the
#: ``json`` and ``rest-json`` protocols' bodies).
LOCAL = tzlocal()


def now() -> _dt.datetime:
    """The current time, timezone-aware, in UTC (``tzutc()``, as botocore parses it)."""
    return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=UTC)


def to_millis(value: _dt.datetime) -> _dt.datetime:
    """``value`` in UTC with ``tzutc()``, truncated to milliseconds (AWS's wire precision)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    else:
        value = value.astimezone(UTC)
    return value.replace(microsecond=value.microsecond - value.microsecond % 1000)


def iso8601_millis(value: _dt.datetime) -> str:
    """``2026-11-23T09:18:27.123Z``: the ISO 8601 string form that REST APIs such as
    Pinpoint put in string members (``CreationDate``, ``LastModifiedDate``)."""
    return timestamps.iso8601(value)


_last_date: tuple[_dt.datetime, str] | None = None


def http_date() -> str:
    """Now, in the HTTP ``date`` header form: ``Mon, 23 Nov 2026 09:18:27 GMT``.
    Formatted once per second, since every response carries one."""
    global _last_date
    current = now().replace(microsecond=0)
    last = _last_date
    if last is None or last[0] != current:
        last = _last_date = (current, timestamps.rfc822(current))
    return last[1]
