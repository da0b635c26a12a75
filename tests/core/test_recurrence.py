"""Schedule expressions' occurrences: AWS's documented cron examples, the special
characters, and wall-clock time across daylight saving."""

from __future__ import annotations

import datetime as dt

import pytest

from eventmock.core import clock, recurrence

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


NEW_YORK = clock.zone("America/New_York")


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
    assert clock.zone("Europe/Paris") is not None
    assert clock.zone("Mars/Olympus") is None
    assert clock.zone("../etc/passwd") is None
    assert clock.zone("Europe") is None  # a folder of the database


# -- against a brute-force reference ----------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _items(low: int, high: int):
    value = st.integers(low, high)
    single = value.map(str)
    ranged = st.tuples(value, value).map(lambda r: f"{r[0]}-{r[1]}")
    stepped = st.tuples(st.one_of(st.just("*"), single, ranged), st.integers(1, high - low + 1)).map(lambda s: f"{s[0]}/{s[1]}")
    item = st.one_of(st.just("*"), single, ranged, stepped)
    return st.lists(item, min_size=1, max_size=3).map(",".join)


def _reference(text: str, low: int, high: int, value: int) -> bool:
    """Whether ``value`` is in a field, read the slow and obvious way."""
    for item in text.split(","):
        base, _, step = item.partition("/")
        if base == "*":
            first, last = low, high
        elif "-" in base:
            first, last = map(int, base.split("-"))
        else:
            first = int(base)
            last = high if step else first
        span = list(range(first, last + 1)) if first <= last else list(range(first, high + 1)) + list(range(low, last + 1))
        if value in span[:: int(step) if step else 1]:
            return True
    return False


@settings(max_examples=40, deadline=None)
@given(
    minutes=_items(0, 59),
    hours=_items(0, 23),
    dom=_items(1, 31),
    dow=_items(1, 7),
    use_dom=st.booleans(),
    start=st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2027, 12, 31)),
)
def test_next_occurrence_agrees_with_a_minute_by_minute_scan(minutes, hours, dom, dow, use_dom, start):
    day_of_month, day_of_week = (dom, "?") if use_dom else ("?", dow)
    cron = recurrence.parse(f"cron({minutes} {hours} {day_of_month} * {day_of_week} *)")
    assert isinstance(cron, recurrence.Cron)

    def matches(t: dt.datetime) -> bool:
        day_ok = (
            _reference(dom, 1, 31, t.day) if use_dom else _reference(dow, 1, 7, (t.weekday() + 1) % 7 + 1)
        )
        return day_ok and _reference(minutes, 0, 59, t.minute) and _reference(hours, 0, 23, t.hour)

    found = cron.next_after(start)
    t = start.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    limit = found if found is not None else t + dt.timedelta(days=62)
    while t < limit:
        assert not matches(t), (t, found)
        t += dt.timedelta(minutes=1)
    if found is not None:
        assert matches(found)


ZONES = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Santiago", "UTC"]
#: Daylight-saving changes of those zones in 2026 (UTC, naive).
TRANSITIONS = [
    dt.datetime(2026, 3, 8, 7),  # New York, spring
    dt.datetime(2026, 11, 1, 6),  # New York, autumn
    dt.datetime(2026, 3, 29, 1),  # London
    dt.datetime(2026, 10, 25, 1),
    dt.datetime(2026, 4, 4, 15),  # Lord Howe: half an hour
    dt.datetime(2026, 10, 3, 15, 30),
    dt.datetime(2026, 4, 5, 3),  # Santiago: the change is at midnight
    dt.datetime(2026, 9, 6, 4),
]


@settings(max_examples=80, deadline=None)
@given(
    minutes=_items(0, 59),
    hours=_items(0, 23),
    zone_name=st.sampled_from(ZONES),
    start=st.one_of(
        st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2027, 12, 31)),
        # shortly before a daylight-saving change of one of the zones
        st.tuples(st.sampled_from(TRANSITIONS), st.integers(0, 30 * 60)).map(lambda p: p[0] - dt.timedelta(minutes=p[1])),
    ),
)
def test_next_occurrence_in_a_zone_agrees_with_a_scan_of_utc_minutes(minutes, hours, zone_name, start):
    """Each UTC minute read as wall-clock time in the zone: the first whose wall-clock
    time matches, skipping the second pass of a repeated hour (it runs once)."""
    tz = clock.zone(zone_name)
    assert tz is not None
    cron = recurrence.parse(f"cron({minutes} {hours} * * ? *)")
    assert isinstance(cron, recurrence.Cron)
    after = start.replace(tzinfo=UTC)
    found = recurrence.next_cron(cron, after, tz)
    t = after.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    limit = found if found is not None else t + dt.timedelta(days=3)
    while t < limit:
        local = t.astimezone(tz)
        repeated = local.fold == 1 and local.replace(fold=0).utcoffset() != local.utcoffset()
        hit = _reference(minutes, 0, 59, local.minute) and _reference(hours, 0, 23, local.hour)
        assert not (hit and not repeated), (t, local, found)
        t += dt.timedelta(minutes=1)
    assert found is not None
    local = found.astimezone(tz)
    assert _reference(minutes, 0, 59, local.minute) and _reference(hours, 0, 23, local.hour) and local.fold == 0
