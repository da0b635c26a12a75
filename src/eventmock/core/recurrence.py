"""Schedule expressions, as EventBridge rules and EventBridge Scheduler read them:
``rate(...)``, ``cron(...)`` and (Scheduler only) ``at(...)``; parsed once, then asked
for their next occurrence.

``rate(value unit)``: a positive whole number and ``minute``/``hour``/``day``, singular
for 1 and plural otherwise, one space apart, nothing else inside or around the
parentheses (AWS refuses ``rate(1 minutes)``, ``rate(10 minute)``,
``rate(10 MINUTES)``, ``rate( 10 minutes )`` and `` rate(10 minutes)``). A rate is a
fixed duration: ``rate(1 day)`` is 24 hours, whatever daylight saving does.

``cron(minutes hours day-of-month month day-of-week year)``: six fields with the
values and wildcards of the EventBridge user guide ("Cron expressions reference"):
``,`` lists, ``-`` ranges (a range whose end is below its start wraps around), ``*``,
``/`` increments (``a/n`` counts from ``a`` to the field's end), ``?`` in exactly one
of the two day fields, ``L`` (day-of-month: the month's last day; day-of-week: alone,
Saturday, after a day, the month's last such day), ``W`` (the weekday nearest a day of
the month, never crossing into another month; ``LW``: the month's last weekday), ``#``
(day-of-week only and as its one item: ``2#1`` is the first Monday). Days of the week
count ``1`` = ``SUN`` to ``7`` = ``SAT``. Like AWS's Quartz-based parser, names are
accepted in any case and the year is not checked against the documented 1970-2199
range (AWS accepts ``cron(0 20 * * ? 2500)``).

``at(yyyy-mm-ddThh:mm:ss)``: one time, with no zone designator.

Occurrences are computed in local wall-clock time (naive datetimes); the caller maps
them to a time zone (:func:`occurrences_in`): a wall-clock time that does not exist
(the hour skipped in spring) is skipped, one that happens twice (autumn) happens once.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

_RATE: Final = re.compile(r"rate\(([0-9]+) (minute|minutes|hour|hours|day|days)\)")
_CRON: Final = re.compile(r"cron\(([^\s()]+(?:\s+[^\s()]+){5})\)")
_AT: Final = re.compile(r"at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)")

_MONTHS: Final = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}
_DAYS: Final = {d: i for i, d in enumerate("SUN MON TUE WED THU FRI SAT".split(), 1)}
_UNITS: Final = {"minute": 60, "hour": 3600, "day": 86400}
#: The largest rate value taken: AWS's parsers read it as a Java ``int`` (a larger
#: one is refused as an invalid expression; not confirmed, docs/eventbridge.md).
MAX_RATE: Final = 2**31 - 1
_LONGEST: Final = dt.timedelta.max.days * 86400

Bounds = tuple[int, int, "dict[str, int] | None"]
_MINUTES: Final[Bounds] = (0, 59, None)
_HOURS: Final[Bounds] = (0, 23, None)
_DAY_OF_MONTH: Final[Bounds] = (1, 31, None)
_MONTH: Final[Bounds] = (1, 12, _MONTHS)
_DAY_OF_WEEK: Final[Bounds] = (1, 7, _DAYS)
_YEAR: Final[Bounds] = (0, 1 << 31, None)

#: How far ahead an occurrence is looked for (years) before a cron is taken to have
#: none left (``cron(0 0 30 2 ? *)``, or a year list that has passed).
_HORIZON_YEARS: Final = 400


class _Invalid(ValueError):
    pass


@dataclass(frozen=True)
class Rate:
    expression: str
    #: The period (at most ``datetime.timedelta``'s largest, 999,999,999 days: a
    #: longer rate never comes round again anyway).
    period: dt.timedelta

    def after(self, when: dt.datetime) -> dt.datetime | None:
        """One period after ``when``; ``None`` past the last representable time."""
        try:
            return when + self.period
        except OverflowError:
            return None


@dataclass(frozen=True)
class At:
    expression: str
    #: The wall-clock time (naive), in the schedule's time zone.
    when: dt.datetime


@dataclass(frozen=True)
class Cron:
    expression: str
    minutes: tuple[int, ...]
    hours: tuple[int, ...]
    months: frozenset[int]
    years: Callable[[int], bool]
    #: Whether a date matches the two day fields.
    day: Callable[[dt.date], bool]

    def next_after(self, after: dt.datetime) -> dt.datetime | None:
        """The first wall-clock minute strictly after ``after`` (naive) that matches."""
        start = after.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
        day = start.date()
        first_day = True
        horizon = start.year + _HORIZON_YEARS
        while day.year <= horizon:
            if not self.years(day.year):
                day, first_day = dt.date(day.year + 1, 1, 1), False
                continue
            if day.month not in self.months:
                day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
                first_day = False
                continue
            if self.day(day):
                for hour in self.hours:
                    if first_day and hour < start.hour:
                        continue
                    for minute in self.minutes:
                        if first_day and hour == start.hour and minute < start.minute:
                            continue
                        return dt.datetime(day.year, day.month, day.day, hour, minute)
            day += dt.timedelta(days=1)
            first_day = False
        return None


Expression = Rate | Cron | At


def parse(expression: str, *, at: bool = False) -> Expression | None:
    """The parsed expression, or ``None`` if it is not valid (``at``: whether
    ``at(...)`` is allowed, as Scheduler allows it and rules do not)."""
    try:
        if expression.startswith("rate("):
            return _rate(expression)
        if expression.startswith("cron("):
            return _cron(expression)
        if at and expression.startswith("at("):
            return _at(expression)
    except _Invalid:
        return None
    return None


def _rate(expression: str) -> Rate:
    match = _RATE.fullmatch(expression)
    if match is None:
        raise _Invalid(expression)
    value, unit = int(match.group(1)), match.group(2)
    if value < 1 or value > MAX_RATE or (value == 1) != (not unit.endswith("s")):
        raise _Invalid(expression)
    return Rate(expression, dt.timedelta(seconds=min(value * _UNITS[unit.rstrip("s")], _LONGEST)))


def _at(expression: str) -> At:
    match = _AT.fullmatch(expression)
    if match is None:
        raise _Invalid(expression)
    try:
        year, month, day, hour, minute, second = map(int, match.groups())
        return At(expression, dt.datetime(year, month, day, hour, minute, second))
    except ValueError:
        raise _Invalid(expression) from None


def _cron(expression: str) -> Cron:
    match = _CRON.fullmatch(expression)
    if match is None:
        raise _Invalid(expression)
    minutes, hours, dom, month, dow, year = match.group(1).upper().split()
    if (dom == "?") == (dow == "?"):
        raise _Invalid(expression)
    day = _day_of_week(dow) if dom == "?" else _day_of_month(dom)
    years = _field(year, _YEAR)
    return Cron(
        expression,
        minutes=tuple(sorted(_field(minutes, _MINUTES).values())),
        hours=tuple(sorted(_field(hours, _HOURS).values())),
        months=frozenset(_field(month, _MONTH).values()),
        years=years.contains,
        day=day,
    )


def _value(text: str, bounds: Bounds) -> int:
    low, high, names = bounds
    if names is not None and text in names:
        return names[text]
    if not text.isdigit():
        raise _Invalid(text)
    value = int(text)
    if not low <= value <= high:
        raise _Invalid(text)
    return value


@dataclass(frozen=True)
class _Field:
    """A field's items as (first, last, step); a range whose last is below its first
    wraps around the field's end."""

    items: tuple[tuple[int, int, int], ...]
    low: int
    high: int

    def contains(self, value: int) -> bool:
        for first, last, step in self.items:
            if first <= last:
                if first <= value <= last and (value - first) % step == 0:
                    return True
            elif value >= first or value <= last:
                span = value - first if value >= first else (self.high - first + 1) + (value - self.low)
                if span % step == 0:
                    return True
        return False

    def values(self) -> set[int]:
        return {v for v in range(self.low, self.high + 1) if self.contains(v)}


def _field(text: str, bounds: Bounds) -> _Field:
    low, high, _ = bounds
    items = []
    for item in text.split(","):
        base, slash, step_text = item.partition("/")
        if slash and not (step_text.isdigit() and int(step_text) > 0):
            raise _Invalid(item)
        step = int(step_text) if slash else 1
        if base == "*":
            first, last = low, high
        else:
            start, dash, end = base.partition("-")
            if dash:
                first, last = _value(start, bounds), _value(end, bounds)
            else:
                first = _value(base, bounds)
                last = high if slash else first  # ``a/n``: from a to the field's end
        items.append((first, last, step))
    return _Field(tuple(items), low, high)


def _weekday(day: dt.date) -> int:
    """1 = Sunday ... 7 = Saturday."""
    return (day.weekday() + 1) % 7 + 1


def _last_day(day: dt.date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def _nearest_weekday(year: int, month: int, target: int) -> int:
    """The weekday (Mon-Fri) nearest to day ``target`` of the month, in the month."""
    last = calendar.monthrange(year, month)[1]
    target = min(target, last)
    weekday = dt.date(year, month, target).weekday()
    if weekday == 5:  # Saturday: the Friday before, or the Monday after on the 1st
        return target - 1 if target > 1 else target + 2
    if weekday == 6:  # Sunday: the Monday after, or the Friday before on the last day
        return target + 1 if target < last else target - 2
    return target


def _day_of_month(text: str) -> Callable[[dt.date], bool]:
    if text == "L":
        return lambda d: d.day == _last_day(d)
    if text == "LW":
        return lambda d: d.day == _nearest_weekday(d.year, d.month, _last_day(d))
    if text.endswith("W"):
        target = _value(text[:-1], _DAY_OF_MONTH)
        return lambda d: d.day == _nearest_weekday(d.year, d.month, target)
    days = _field(text, _DAY_OF_MONTH)
    return lambda d: days.contains(d.day)


def _day_of_week(text: str) -> Callable[[dt.date], bool]:
    if "#" in text:
        day_text, _, nth_text = text.partition("#")
        weekday = _value(day_text, _DAY_OF_WEEK)
        if not (nth_text.isdigit() and 1 <= int(nth_text) <= 5):
            raise _Invalid(text)
        nth = int(nth_text)
        return lambda d: _weekday(d) == weekday and (d.day - 1) // 7 + 1 == nth
    if text == "L":
        return lambda d: _weekday(d) == 7
    if text.endswith("L"):
        weekday = _value(text[:-1], _DAY_OF_WEEK)
        return lambda d: _weekday(d) == weekday and d.day + 7 > _last_day(d)
    days = _field(text, _DAY_OF_WEEK)
    return lambda d: days.contains(_weekday(d))


# -- occurrences in a time zone -------------------------------------------------------

UTC: Final = dt.timezone.utc


def to_local(when: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """An aware time as wall-clock time in ``tz`` (naive)."""
    return when.astimezone(tz).replace(tzinfo=None)


def to_utc(local: dt.datetime, tz: dt.tzinfo) -> dt.datetime | None:
    """A wall-clock time in ``tz`` as an aware UTC time: its first occurrence when it
    happens twice, ``None`` when it does not happen at all (skipped by DST)."""
    aware = local.replace(tzinfo=tz, fold=0)
    utc = aware.astimezone(UTC)
    if utc.astimezone(tz).replace(tzinfo=None) != local:
        return None
    return utc


def next_cron(cron: Cron, after: dt.datetime, tz: dt.tzinfo) -> dt.datetime | None:
    """The first occurrence of ``cron`` in ``tz`` strictly after ``after`` (aware),
    as an aware UTC time; ``None`` if there is none."""
    local = to_local(after, tz)
    while True:
        candidate = cron.next_after(local)
        if candidate is None:
            return None
        utc = to_utc(candidate, tz)
        if utc is not None and utc > after:
            return utc
        local = candidate
