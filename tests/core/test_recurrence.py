"""Schedule expressions' occurrences: AWS's documented cron examples, the special
characters, and wall-clock time across daylight saving."""

from __future__ import annotations

import datetime as dt

import pytest

from eventmock.core import recurrence

UTC = dt.timezone.utc
# 2026-03-02 is a Monday.
MONDAY = dt.datetime(2026, 3, 2)


def occurrences(expression: str, start: dt.datetime, count: int) -> list[dt.datetime]:
    cron = recurrence.parse(expression)
    assert isinstance(cron, recurrence.Cron)
    found, at = [], start
    for _ in range(count):
        nxt = cron.next_after(at)
        assert nxt is not None
        found.append(nxt)
        at = nxt
    return found


def d(*args: int) -> dt.datetime:
    return dt.datetime(*args)


@pytest.mark.parametrize(
    ("expression", "start", "expected"),
    [
        # the examples of the EventBridge user guide ("Cron expressions")
        ("cron(0 10 * * ? *)", MONDAY, [d(2026, 3, 2, 10, 0), d(2026, 3, 3, 10, 0)]),
        ("cron(15 12 * * ? *)", MONDAY, [d(2026, 3, 2, 12, 15), d(2026, 3, 3, 12, 15)]),
        ("cron(0 18 ? * MON-FRI *)", d(2026, 3, 6, 19), [d(2026, 3, 9, 18), d(2026, 3, 10, 18)]),
        ("cron(0 8 1 * ? *)", MONDAY, [d(2026, 4, 1, 8), d(2026, 5, 1, 8)]),
        ("cron(0/15 * * * ? *)", MONDAY, [d(2026, 3, 2, 0, 15), d(2026, 3, 2, 0, 30), d(2026, 3, 2, 0, 45)]),
        ("cron(0/10 * ? * MON-FRI *)", d(2026, 3, 6, 23, 55), [d(2026, 3, 9, 0, 0), d(2026, 3, 9, 0, 10)]),
        ("cron(0/5 8-17 ? * MON-FRI *)", d(2026, 3, 2, 17, 50), [d(2026, 3, 2, 17, 55), d(2026, 3, 3, 8, 0)]),
        ("cron(0/30 20-23 ? * MON-FRI *)", d(2026, 3, 6, 23, 30), [d(2026, 3, 9, 20, 0)]),
        ("cron(0 9 ? * 2#1 *)", MONDAY, [d(2026, 3, 2, 9), d(2026, 4, 6, 9), d(2026, 5, 4, 9)]),
        # special characters
        ("cron(0 0 L * ? *)", MONDAY, [d(2026, 3, 31), d(2026, 4, 30)]),
        ("cron(0 0 L 2 ? *)", MONDAY, [d(2027, 2, 28), d(2028, 2, 29)]),
        ("cron(0 0 LW * ? *)", MONDAY, [d(2026, 3, 31), d(2026, 4, 30), d(2026, 5, 29)]),  # May 31st is a Sunday
        ("cron(0 0 15W * ? *)", MONDAY, [d(2026, 3, 16), d(2026, 4, 15), d(2026, 5, 15)]),  # Mar 15th: Sunday
        ("cron(0 0 1W * ? *)", MONDAY, [d(2026, 4, 1), d(2026, 5, 1), d(2026, 6, 1), d(2026, 7, 1), d(2026, 8, 3)]),
        ("cron(0 0 ? * 6L *)", MONDAY, [d(2026, 3, 27), d(2026, 4, 24)]),  # last Friday
        ("cron(0 0 ? * L *)", MONDAY, [d(2026, 3, 7), d(2026, 3, 14)]),  # L alone: Saturday
        ("cron(0,30 1,13 ? JAN,JUL SUN 2027)", MONDAY, [d(2027, 1, 3, 1, 0), d(2027, 1, 3, 1, 30), d(2027, 1, 3, 13, 0)]),
        ("cron(0 12 ? jan-mar mon *)", d(2026, 3, 30, 13), [d(2027, 1, 4, 12)]),
        ("cron(5 4 * * ? 2026-2027)", d(2027, 12, 31, 5), []),
        ("cron(0 22-2 * * ? *)", MONDAY, [d(2026, 3, 2, 1), d(2026, 3, 2, 2), d(2026, 3, 2, 22), d(2026, 3, 2, 23), d(2026, 3, 3, 0)]),
        ("cron(10/20 * * * ? *)", MONDAY, [d(2026, 3, 2, 0, 10), d(2026, 3, 2, 0, 30), d(2026, 3, 2, 0, 50), d(2026, 3, 2, 1, 10)]),
        ("cron(0 0 30 2 ? *)", MONDAY, []),
    ],
)
def test_cron_occurrences(expression, start, expected):
    cron = recurrence.parse(expression)
    assert isinstance(cron, recurrence.Cron)
    if not expected:
        assert cron.next_after(start) is None
    else:
        assert occurrences(expression, start, len(expected)) == expected


def test_occurrence_is_strictly_after_and_on_whole_minutes():
    assert occurrences("cron(* * * * ? *)", d(2026, 3, 2, 10, 0, 0), 1) == [d(2026, 3, 2, 10, 1)]
    assert occurrences("cron(* * * * ? *)", d(2026, 3, 2, 10, 0, 59, 999), 1) == [d(2026, 3, 2, 10, 1)]


def test_rate_and_at():
    rate = recurrence.parse("rate(5 minutes)")
    assert isinstance(rate, recurrence.Rate) and rate.period == dt.timedelta(minutes=5)
    assert recurrence.parse("at(2026-03-02T10:00:00)") is None  # rules take no at()
    at = recurrence.parse("at(2026-03-02T10:00:00)", at=True)
    assert isinstance(at, recurrence.At) and at.when == d(2026, 3, 2, 10)
    for bad in ("at(2026-03-02T10:00:00Z)", "at(2026-03-02)", "at(2026-02-30T10:00:00)", "at(2026-03-02T24:00:00)"):
        assert recurrence.parse(bad, at=True) is None


NEW_YORK = recurrence.zone("America/New_York")


def test_cron_in_a_zone_skips_the_hour_daylight_saving_skips_and_repeats_none():
    assert NEW_YORK is not None
    cron = recurrence.parse("cron(30 * * * ? *)")
    assert isinstance(cron, recurrence.Cron)
    # 2026-03-08: 02:00 EST becomes 03:00 EDT, 02:30 never happens
    at, seen = dt.datetime(2026, 3, 8, 5, 0, tzinfo=UTC), []  # 00:00 EST
    for _ in range(3):
        at = recurrence.next_cron(cron, at, NEW_YORK)
        seen.append(recurrence.to_local(at, NEW_YORK))
    assert seen == [d(2026, 3, 8, 0, 30), d(2026, 3, 8, 1, 30), d(2026, 3, 8, 3, 30)]
    # 2026-11-01: 02:00 EDT becomes 01:00 EST, 01:30 happens twice and runs once
    at, seen = dt.datetime(2026, 11, 1, 4, 0, tzinfo=UTC), []  # 00:00 EDT
    for _ in range(3):
        at = recurrence.next_cron(cron, at, NEW_YORK)
        seen.append(at)
    assert seen == [
        dt.datetime(2026, 11, 1, 4, 30, tzinfo=UTC),  # 00:30 EDT
        dt.datetime(2026, 11, 1, 5, 30, tzinfo=UTC),  # 01:30 EDT
        dt.datetime(2026, 11, 1, 7, 30, tzinfo=UTC),  # 02:30 EST (01:30 EST skipped)
    ]


def test_zone_names():
    assert recurrence.zone("Europe/Paris") is not None
    assert recurrence.zone("Mars/Olympus") is None
    assert recurrence.zone("../etc/passwd") is None
