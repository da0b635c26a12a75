"""Values of the Logs Insights language, its scalar functions and its aggregates.

A value is a string, a number (``int`` or ``float``), a boolean, a :class:`Time`
(epoch milliseconds shown as AWS shows ``@timestamp``), or ``None`` for a field the
record lacks. Functions and operators take numbers written as strings as numbers.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import Any


class Time(int):
    """Epoch milliseconds, shown as ``2024-01-01 12:00:00.000``."""

    def __str__(self) -> str:
        try:
            moment = dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=int(self))
        except OverflowError:  # beyond year 9999: the number
            return str(int(self))
        return moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


def number(value: Any) -> int | float | None:
    """``value`` as a number (``None`` if it is none)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value) if isinstance(value, Time) else value
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            pass
        try:
            parsed = float(text)
        except ValueError:
            return None
        return parsed if math.isfinite(parsed) else None
    return None


def text(value: Any) -> str | None:
    """``value`` as a result shows it (``None`` if missing)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Time):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"
    return str(value)


def truthy(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value != 0)
    return bool(value != "")


def _strings(function: Callable[[str], Any]) -> Callable[[list[Any]], Any]:
    def apply(args: list[Any]) -> Any:
        value = text(args[0]) if args else None
        return None if value is None else function(value)

    return apply


def _numbers(function: Callable[[float], Any]) -> Callable[[list[Any]], Any]:
    def apply(args: list[Any]) -> Any:
        value = number(args[0]) if args else None
        if value is None:
            return None
        try:
            return function(value)
        except (ValueError, OverflowError):
            return None

    return apply


class Months(int):
    """A period counted in calendar months (``mo``, ``q``, ``y``)."""


def _floor_months(moment: int, months: int, ceiling: bool) -> Time | None:
    try:
        day = dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=moment)
    except OverflowError:
        return None
    index = (day.year * 12 + day.month - 1) // months * months
    start = dt.datetime(index // 12, index % 12 + 1, 1) if index >= 12 else None
    if start is None:
        return None
    if ceiling and start != day:
        index += months
        if index // 12 > 9999:
            return None
        start = dt.datetime(index // 12, index % 12 + 1, 1)
    return Time((start - dt.datetime(1970, 1, 1)) // dt.timedelta(milliseconds=1))


def _floor_time(args: list[Any], ceiling: bool = False) -> Any:
    if len(args) > 1 and isinstance(args[1], Months):
        moment = number(args[0])
        if moment is None or not math.isfinite(moment) or args[1] <= 0:
            return None
        return _floor_months(int(moment), int(args[1]), ceiling)
    moment, period = (number(a) for a in (args + [None, None])[:2])
    if moment is None or period is None or not math.isfinite(moment) or not math.isfinite(period) or int(period) <= 0:
        return None
    size = int(period)
    floored = int(moment) // size * size
    if ceiling and floored != moment:
        floored += size
    return Time(floored)


def _substr(args: list[Any]) -> Any:
    value = text(args[0]) if args else None
    start = number(args[1]) if len(args) > 1 else 0
    if value is None or start is None:
        return None
    start = int(start)
    if len(args) > 2:
        length = number(args[2])
        return None if length is None else value[start : start + int(length)]
    return value[start:]


def _replace(args: list[Any]) -> Any:
    value, old, new = (text(a) for a in (args + [None, None, None])[:3])
    return None if value is None or old is None or new is None else value.replace(old, new)


def _extreme(pick: Callable[[Sequence[Any]], Any]) -> Callable[[list[Any]], Any]:
    def apply(args: list[Any]) -> Any:
        values = [n for n in (number(a) for a in args) if n is not None]
        return pick(values) if values else None

    return apply


def _coalesce(args: list[Any]) -> Any:
    return next((a for a in args if a is not None), None)


#: Scalar functions by (lower-case) name; each takes the evaluated arguments.
SCALARS: dict[str, Callable[[list[Any]], Any]] = {
    "strlen": _strings(len),
    "tolower": _strings(str.lower),
    "toupper": _strings(str.upper),
    "trim": _strings(str.strip),
    "ltrim": _strings(str.lstrip),
    "rtrim": _strings(str.rstrip),
    "concat": lambda args: "".join(t for t in (text(a) for a in args) if t is not None),
    "substr": _substr,
    "replace": _replace,
    "strcontains": lambda args: int(len(args) > 1 and (text(args[1]) or "") in (text(args[0]) or "") and args[0] is not None),
    "isempty": lambda args: not args or args[0] is None or text(args[0]) == "",
    "isblank": lambda args: not args or args[0] is None or (text(args[0]) or "").strip() == "",
    "ispresent": lambda args: bool(args) and args[0] is not None,
    "coalesce": _coalesce,
    "abs": _numbers(abs),
    "floor": _numbers(math.floor),
    "ceil": _numbers(math.ceil),
    "sqrt": _numbers(math.sqrt),
    "log": _numbers(math.log),
    "greatest": _extreme(max),
    "least": _extreme(min),
    "datefloor": _floor_time,
    "dateceil": lambda args: _floor_time(args, ceiling=True),
    "frommillis": _numbers(lambda n: Time(int(n))),
    "tomillis": lambda args: number(args[0] if args else None),
    # bin(period) is datefloor(@timestamp, period); the evaluator passes @timestamp.
    "bin": _floor_time,
}


def _count(values: list[Any], _: list[Any]) -> Any:
    return sum(1 for v in values if v is not None)


def _numeric(values: list[Any]) -> list[int | float]:
    return [n for n in (number(v) for v in values) if n is not None]


def _sum(values: list[Any], _: list[Any]) -> Any:
    found = _numeric(values)
    return sum(found) if found else None


def _avg(values: list[Any], _: list[Any]) -> Any:
    found = _numeric(values)
    return sum(found) / len(found) if found else None


def _ordered(pick: Callable[[list[Any]], Any]) -> Callable[[list[Any], list[Any]], Any]:
    def apply(values: list[Any], _: list[Any]) -> Any:
        present = [v for v in values if v is not None]
        if not present:
            return None
        numbers = _numeric(present)
        if len(numbers) == len(present):
            found = pick(numbers)
            return next(v for v in present if number(v) == found)
        return pick([text(v) for v in present])

    return apply


def _pct(values: list[Any], args: list[Any]) -> Any:
    found = sorted(_numeric(values))
    rank = number(args[0]) if args else None
    if not found or rank is None:
        return None
    index = min(len(found) - 1, max(0, math.ceil(rank / 100 * len(found)) - 1))
    return found[index]


def _stddev(values: list[Any], _: list[Any]) -> Any:
    found = _numeric(values)
    if len(found) < 2:
        return 0 if found else None
    mean = sum(found) / len(found)
    return math.sqrt(sum((n - mean) ** 2 for n in found) / (len(found) - 1))


def _count_distinct(values: list[Any], _: list[Any]) -> Any:
    return len({text(v) for v in values if v is not None})


#: Aggregates by name: each takes the values of its first argument over a group (in
#: timestamp order, oldest first) and the values of its other (constant) arguments.
AGGREGATES: dict[str, Callable[[list[Any], list[Any]], Any]] = {
    "count": _count,
    "count_distinct": _count_distinct,
    "sum": _sum,
    "avg": _avg,
    "min": _ordered(min),
    "max": _ordered(max),
    "pct": _pct,
    "stddev": _stddev,
    "earliest": lambda values, _: next((v for v in values if v is not None), None),
    "latest": lambda values, _: next((v for v in reversed(values) if v is not None), None),
}
