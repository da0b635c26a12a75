"""Syntax of a rule's ``ScheduleExpression``: ``rate(...)`` and ``cron(...)``.

``rate(value unit)``: a positive whole number and ``minute``/``hour``/``day``, singular
for 1 and plural otherwise, one space apart, nothing else inside or around the
parentheses (``rate(1 minutes)``, ``rate(10 minute)``, ``rate(10 MINUTES)``,
``rate( 10 minutes )`` and `` rate(10 minutes)`` are all refused by AWS).

``cron(minutes hours day-of-month month day-of-week year)``: six fields, the values
and wildcards of the EventBridge user guide ("Cron expressions reference"); exactly one
of day-of-month and day-of-week is ``?``; ``#`` only in day-of-week and only as its one
expression. Like AWS's Quartz-based parser, names (``JAN``, ``MON``) are accepted in any
case, and the year is not checked against the documented 1970-2199 range (AWS accepts
``cron(0 20 * * ? 2500)``).
"""

from __future__ import annotations

import re
from typing import Final

_RATE: Final = re.compile(r"rate\(([0-9]+) (minute|minutes|hour|hours|day|days)\)")
_CRON: Final = re.compile(r"cron\(([^\s()]+(?:\s+[^\s()]+){5})\)")

_MONTHS: Final = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}
_DAYS: Final = {d: i for i, d in enumerate("SUN MON TUE WED THU FRI SAT".split(), 1)}

# (low, high, names) per field; the year has no upper bound (see the module docstring).
_MINUTES: Final = (0, 59, None)
_HOURS: Final = (0, 23, None)
_DAY_OF_MONTH: Final = (1, 31, None)
_MONTH: Final = (1, 12, _MONTHS)
_DAY_OF_WEEK: Final = (1, 7, _DAYS)
_YEAR: Final = (0, 1 << 31, None)

Bounds = tuple[int, int, "dict[str, int] | None"]


def is_valid(expression: str) -> bool:
    """Whether EventBridge accepts ``expression`` as a rule's schedule."""
    if expression.startswith("rate("):
        return _valid_rate(expression)
    if expression.startswith("cron("):
        return _valid_cron(expression)
    return False


def _valid_rate(expression: str) -> bool:
    match = _RATE.fullmatch(expression)
    if match is None:
        return False
    value = int(match.group(1))
    if value < 1:
        return False
    return (value == 1) == (not match.group(2).endswith("s"))


def _valid_cron(expression: str) -> bool:
    match = _CRON.fullmatch(expression)
    if match is None:
        return False
    minutes, hours, dom, month, dow, year = match.group(1).upper().split()
    if (dom == "?") == (dow == "?"):
        return False
    return (
        _valid_field(minutes, _MINUTES)
        and _valid_field(hours, _HOURS)
        and (dom == "?" or _valid_day_of_month(dom))
        and _valid_field(month, _MONTH)
        and (dow == "?" or _valid_day_of_week(dow))
        and _valid_field(year, _YEAR)
    )


def _value(text: str, bounds: Bounds) -> int | None:
    low, high, names = bounds
    if names is not None and text in names:
        return names[text]
    if not text.isdigit():
        return None
    value = int(text)
    return value if low <= value <= high else None


def _valid_item(item: str, bounds: Bounds) -> bool:
    """One comma-separated item: ``*``, a value, a range ``a-b``, each optionally with an
    increment ``/n``."""
    base, slash, step = item.partition("/")
    if slash and not (step.isdigit() and int(step) > 0):
        return False
    if base == "*":
        return True
    first, dash, last = base.partition("-")
    if dash:
        return _value(first, bounds) is not None and _value(last, bounds) is not None
    return _value(base, bounds) is not None


def _valid_field(text: str, bounds: Bounds) -> bool:
    return all(_valid_item(item, bounds) for item in text.split(","))


def _valid_day_of_month(text: str) -> bool:
    if text in ("L", "LW"):
        return True
    if text.endswith("W"):
        return _value(text[:-1], _DAY_OF_MONTH) is not None
    return _valid_field(text, _DAY_OF_MONTH)


def _valid_day_of_week(text: str) -> bool:
    if "#" in text:
        day, _, nth = text.partition("#")
        return _value(day, _DAY_OF_WEEK) is not None and nth.isdigit() and 1 <= int(nth) <= 5
    if text == "L":
        return True
    if text.endswith("L"):
        return _value(text[:-1], _DAY_OF_WEEK) is not None
    return _valid_field(text, _DAY_OF_WEEK)
