"""The one clock.

Every timestamp eventmock produces is read here, so ``freezegun.freeze_time`` (which
replaces ``datetime.datetime`` while active) controls all of them. Never call
``datetime.now()`` or ``time.time()`` elsewhere in eventmock.
"""

from __future__ import annotations

import datetime as _dt
import math
import time as _time

from dateutil.tz import tzlocal, tzutc

from eventmock.core import timestamps

#: The tzinfo botocore's parser attaches to a timestamp sent as a date string.
UTC = tzutc()
#: The tzinfo botocore's parser attaches to a timestamp sent as an epoch number (the
#: ``json`` and ``rest-json`` protocols' bodies).
LOCAL = tzlocal()


#: The real ``datetime`` class (even if freezegun is active when eventmock is imported:
#: its fake class inherits ``min`` from the real one), in a tuple because freezegun
#: swaps every module attribute that *is* the real class for its fake.
_REAL_DATETIME = (type(_dt.datetime.min),)


def now() -> _dt.datetime:
    """The current time, timezone-aware, in UTC (``tzutc()``, as botocore parses it)."""
    return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=UTC)


def _unfrozen() -> bool:
    """No freezegun: ``time.time()`` is the clock ``now()`` reads, and costs a fraction
    of it. Under freezegun the two can disagree (its ``tz_offset`` shifts
    ``datetime.now(timezone.utc)`` but not ``time.time()``), so every reading goes
    through ``now()`` and all of eventmock's times agree."""
    return _dt.datetime is _REAL_DATETIME[0]


def epoch_ms() -> int:
    """Now, in whole milliseconds since the epoch."""
    if _unfrozen():
        return int(_time.time() * 1000)
    return math.floor(now().timestamp() * 1000)


def to_millis(value: _dt.datetime) -> _dt.datetime:
    """``value`` in UTC with ``tzutc()``, truncated to milliseconds (AWS's wire precision)."""
    value = timestamps.utc(value)
    return value.replace(microsecond=value.microsecond - value.microsecond % 1000)


def iso8601_millis(value: _dt.datetime) -> str:
    """``2026-11-23T09:18:27.123Z``: the ISO 8601 string form that REST APIs such as
    Pinpoint put in string members (``CreationDate``, ``LastModifiedDate``)."""
    return timestamps.iso8601(value)


_last_date: tuple[int | None, str] = (None, "")


def http_date() -> str:
    """Now, in the HTTP ``date`` header form: ``Mon, 23 Nov 2026 09:18:27 GMT``
    (English names whatever the locale). Formatted once per second, since every
    response carries one."""
    global _last_date
    second = int(_time.time()) if _unfrozen() else math.floor(now().timestamp())
    last = _last_date
    if last[0] != second:
        last = _last_date = (second, timestamps.rfc822(_dt.datetime.fromtimestamp(second, _dt.timezone.utc)))
    return last[1]
