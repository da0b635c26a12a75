"""The one clock.

Every timestamp eventmock produces is read here, so ``freezegun.freeze_time`` (which
replaces ``datetime.datetime`` while active) controls all of them. Never call
``datetime.now()`` or ``time.time()`` elsewhere in eventmock.

Two things move the mock's clock besides freezegun (see docs/time.md):

- an offset, which ``aws.advance(timedelta)`` adds to (:func:`advance`) and the
  outermost ``mock_aws`` resets on exit (:func:`reset_offset`);
- while a piece of due work runs (:mod:`eventmock.core.due`), the clock reads that
  work's due time (:func:`at`), so an event due at 12:00 carries 12:00.
"""

from __future__ import annotations

import datetime as _dt
import math
import time as _time

from dateutil.tz import tzlocal, tzutc

from eventmock.core import timestamps
from eventmock.core.errors import NoTimeZoneDatabaseError

#: The tzinfo botocore's parser attaches to a timestamp sent as a date string.
UTC = tzutc()
#: The tzinfo botocore's parser attaches to a timestamp sent as an epoch number (the
#: ``json`` and ``rest-json`` protocols' bodies).
LOCAL = tzlocal()


#: The real ``datetime`` class (even if freezegun is active when eventmock is imported:
#: its fake class inherits ``min`` from the real one), in a tuple because freezegun
#: swaps every module attribute that *is* the real class for its fake.
_REAL_DATETIME = (type(_dt.datetime.min),)


class _Travel:
    """The clock's two adjustments (one object, so readers need one global lookup)."""

    #: While due work runs: the time the clock reads (``None``: not running).
    at: _dt.datetime | None = None
    #: Added to the real (or freezegun's) time.
    offset: _dt.timedelta = _dt.timedelta(0)
    #: ``offset`` in seconds (for the ``time.time()`` shortcuts).
    offset_s: float = 0.0


_travel = _Travel()


def now() -> _dt.datetime:
    """The current time, timezone-aware, in UTC (``tzutc()``, as botocore parses it)."""
    travel = _travel
    if travel.at is not None:
        return travel.at
    if travel.offset_s:
        return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=UTC) + travel.offset
    return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=UTC)


def advance(delta: _dt.timedelta) -> None:
    """Move the mock's clock ``delta`` forward (a negative ``delta`` moves it back)."""
    _travel.offset += delta
    _travel.offset_s = _travel.offset.total_seconds()


def reset_offset() -> None:
    """Back to the real (or freezegun's) time."""
    _travel.offset = _dt.timedelta(0)
    _travel.offset_s = 0.0


class at:
    """``with clock.at(when):`` the clock reads ``when`` (an aware datetime) inside."""

    __slots__ = ("when", "saved")

    def __init__(self, when: _dt.datetime) -> None:
        self.when = when.astimezone(UTC)
        self.saved: _dt.datetime | None = None

    def __enter__(self) -> _dt.datetime:
        self.saved = _travel.at
        _travel.at = self.when
        return self.when

    def __exit__(self, *exc: object) -> None:
        _travel.at = self.saved


def _unfrozen() -> bool:
    """No freezegun: ``time.time()`` is the clock ``now()`` reads, and costs a fraction
    of it. Under freezegun the two can disagree (its ``tz_offset`` shifts
    ``datetime.now(timezone.utc)`` but not ``time.time()``), so every reading goes
    through ``now()`` and all of eventmock's times agree."""
    return _dt.datetime is _REAL_DATETIME[0]


def epoch_ms() -> int:
    """Now, in whole milliseconds since the epoch."""
    if _travel.at is None and _unfrozen():
        return int((_time.time() + _travel.offset_s) * 1000)
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
    second = int(_time.time() + _travel.offset_s) if _travel.at is None and _unfrozen() else math.floor(now().timestamp())
    last = _last_date
    if last[0] != second:
        last = _last_date = (second, timestamps.rfc822(_dt.datetime.fromtimestamp(second, _dt.timezone.utc)))
    return last[1]


def zone(name: str) -> _dt.tzinfo | None:
    """The IANA time zone ``name`` names (``Europe/Paris``), or ``None`` if there is none.

    Zones come from ``zoneinfo``: the system's database, else the ``tzdata`` package (a
    dependency of eventmock, for systems without one: Windows, slim images). When
    neither holds any zone, :class:`~eventmock.core.errors.NoTimeZoneDatabaseError`
    says so, rather than the name being taken for unknown."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if name == "UTC":
        return _dt.timezone.utc
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        if not _has_zone_database():
            raise NoTimeZoneDatabaseError(name) from None
        return None
    except (ValueError, OSError, LookupError):  # not a key (``../x``), a folder (``Europe``)
        return None


def _has_zone_database() -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo("Etc/UTC")
    except ZoneInfoNotFoundError:
        return False
    return True
