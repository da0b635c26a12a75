"""Property tests for the event-pattern engine (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from eventmock.services.events.patterns import InvalidEventPattern, Matcher, PatternIndex, compile

# A tiny alphabet makes prefixes, suffixes and case-insensitive collisions common.
short_text = st.text(alphabet="abAB", max_size=4)
nonempty_text = st.text(alphabet="abAB", min_size=1, max_size=3)
numbers = st.one_of(st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False))
scalars = st.one_of(st.none(), st.booleans(), numbers, short_text)


def _wildcard_values() -> st.SearchStrategy[str]:
    """Valid wildcard strings: literal runs and single stars, never two stars in a row."""
    literal = st.text(alphabet="abA", min_size=1, max_size=3)
    return st.lists(st.one_of(literal, st.just("*")), max_size=4).map(_join_wildcard)


def _join_wildcard(parts: list[str]) -> str:
    out: list[str] = []
    for part in parts:
        if part == "*" and out and out[-1] == "*":
            continue
        out.append(part)
    return "".join(out)


def _negation_holds(positive: list[Any], negative: list[Any], value: Any) -> None:
    try:
        is_match = compile({"f": positive}).matches({"f": value})
        is_excluded_match = compile({"f": negative}).matches({"f": value})
    except InvalidEventPattern as exc:  # only the wildcard complexity guard can fire
        assert "too complex" in exc.reason
        assume(False)
    assert is_excluded_match is (not is_match)


@settings(deadline=None, max_examples=150)
@given(excluded=st.lists(short_text, min_size=1, max_size=3), value=scalars)
def test_anything_but_strings_negates_exact(excluded: list[str], value: Any) -> None:
    _negation_holds(excluded, [{"anything-but": excluded}], value)


@settings(deadline=None, max_examples=150)
@given(excluded=st.lists(numbers, min_size=1, max_size=3), value=st.one_of(scalars, st.sampled_from([1, 1.0, 0])))
def test_anything_but_numbers_negates_exact(excluded: list[float], value: Any) -> None:
    _negation_holds(excluded, [{"anything-but": excluded}], value)


@settings(deadline=None, max_examples=150)
@given(
    operator=st.sampled_from(["prefix", "suffix", "equals-ignore-case"]),
    operands=st.lists(nonempty_text, min_size=1, max_size=3),
    value=scalars,
)
def test_anything_but_string_operators_negate(operator: str, operands: list[str], value: Any) -> None:
    positive = [{operator: operand} for operand in operands]
    operand: Any = operands if len(operands) > 1 else operands[0]
    _negation_holds(positive, [{"anything-but": {operator: operand}}], value)


@settings(deadline=None, max_examples=150)
@given(wildcards=st.lists(_wildcard_values(), min_size=1, max_size=2), value=st.one_of(scalars, short_text))
def test_anything_but_wildcard_negates_wildcard(wildcards: list[str], value: Any) -> None:
    positive = [{"wildcard": w} for w in wildcards]
    operand: Any = wildcards if len(wildcards) > 1 else wildcards[0]
    _negation_holds(positive, [{"anything-but": {"wildcard": operand}}], value)


# --- a pattern derived from an event matches it -------------------------------

keys = st.text(alphabet="abcdef", min_size=1, max_size=3)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=4),
    ),
    max_leaves=20,
)
events = st.dictionaries(keys, json_values, min_size=1, max_size=5)


def _derive(value: Any) -> list[Any] | dict[str, Any] | None:
    """Pattern fragment that the value satisfies: leaves wrap their value in a
    list, arrays offer their scalars (or one object element), empty containers
    contribute nothing."""
    if isinstance(value, dict):
        fragment = {k: d for k, v in value.items() if (d := _derive(v)) is not None}
        return fragment or None
    if isinstance(value, list):
        flat = list(_flatten(value))
        leaves = [item for item in flat if not isinstance(item, dict)]
        if leaves:
            return leaves
        for item in flat:
            derived = _derive(item)
            if derived is not None:
                return derived
        return None
    return [value]


def _flatten(values: list[Any]) -> Any:
    for item in values:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


@settings(deadline=None, max_examples=200)
@given(event=events)
def test_pattern_derived_from_event_matches_it(event: dict[str, Any]) -> None:
    pattern = _derive(event)
    assume(isinstance(pattern, dict))
    assert compile(pattern, max_length=None).matches(event)


# --- PatternIndex agrees with evaluating every matcher ---------------------------

SOURCES = ["a", "b", "c"]
string_leaf = st.one_of(
    st.lists(st.sampled_from(SOURCES), min_size=1, max_size=2),
    st.sampled_from(SOURCES).map(lambda s: [{"prefix": s}]),
    st.sampled_from(SOURCES).map(lambda s: [{"anything-but": s}]),
    st.just([{"exists": False}]),
    st.sampled_from(SOURCES).map(lambda s: [s, {"exists": False}]),
)
number_leaf = st.one_of(
    st.lists(st.integers(0, 3), min_size=1, max_size=2),
    st.integers(0, 3).map(lambda n: [{"numeric": [">", n]}]),
)
detail_patterns = st.fixed_dictionaries({}, optional={"state": string_leaf, "n": number_leaf}).filter(bool)
simple_patterns = st.fixed_dictionaries(
    {}, optional={"source": string_leaf, "detail-type": string_leaf, "detail": detail_patterns}
).filter(bool)
patterns = st.one_of(
    simple_patterns,
    st.tuples(simple_patterns, simple_patterns).map(lambda pair: {"$or": list(pair)}),
)

maybe_string = st.one_of(st.sampled_from([*SOURCES, "d"]), st.lists(st.sampled_from(SOURCES), max_size=2))
detail_events = st.fixed_dictionaries({}, optional={"state": maybe_string, "n": st.integers(0, 4)})
routed_events = st.fixed_dictionaries(
    {},
    optional={
        "source": maybe_string,
        "detail-type": maybe_string,
        "detail": st.one_of(detail_events, st.lists(detail_events, max_size=2)),
        "detail.state": maybe_string,
    },
)


@settings(deadline=None, max_examples=150)
@given(
    pattern_list=st.lists(patterns, min_size=1, max_size=8),
    removed=st.sets(st.integers(0, 7), max_size=3),
    replaced=st.sets(st.integers(0, 7), max_size=2),
    event_list=st.lists(routed_events, min_size=1, max_size=4),
)
def test_index_match_equals_brute_force(
    pattern_list: list[dict[str, Any]],
    removed: set[int],
    replaced: set[int],
    event_list: list[dict[str, Any]],
) -> None:
    index: PatternIndex[int] = PatternIndex()
    matchers: dict[int, Matcher] = {}
    for key, pattern in enumerate(pattern_list):
        matchers[key] = compile(pattern)
        index.add(key, matchers[key])
    for key in removed & matchers.keys():
        index.remove(key)
        del matchers[key]
    for key in replaced & matchers.keys():  # replacing keeps the key's position
        matchers[key] = compile(pattern_list[-1 - key % len(pattern_list)])
        index.add(key, matchers[key])
    assert len(index) == len(matchers)
    for event in event_list:
        expected = [key for key in sorted(matchers) if matchers[key].matches(event)]
        assert index.match(event) == expected
