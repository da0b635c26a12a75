"""The pattern engine's dialect options: what SNS filter policies change."""

from __future__ import annotations

from typing import Any

import pytest

from eventmock.services.events.patterns import EVENTBRIDGE, SNS, InvalidEventPattern, compile
from eventmock.services.events.patterns.dialect import combinations


def _reason(pattern: Any, dialect: Any) -> str:
    with pytest.raises(InvalidEventPattern) as caught:
        compile(pattern, dialect=dialect)
    return caught.value.reason


def test_wildcard_is_eventbridge_only() -> None:
    pattern = {"a": [{"wildcard": "x*"}]}
    assert compile(pattern, dialect=EVENTBRIDGE).matches({"a": "xy"})
    assert _reason(pattern, SNS) == "Unrecognized match type wildcard"


@pytest.mark.parametrize("kind", ["suffix", "equals-ignore-case", "wildcard", "exists"])
def test_sns_anything_but_takes_prefix_only(kind: str) -> None:
    assert _reason({"a": [{"anything-but": {kind: "x"}}]}, SNS) == f"Unsupported anything-but pattern: {kind}"


def test_sns_anything_but_prefix_matches() -> None:
    matcher = compile({"a": [{"anything-but": {"prefix": "x"}}]}, dialect=SNS)
    assert matcher.matches({"a": "yz"}) and not matcher.matches({"a": "xy"})


def test_five_keys_at_most() -> None:
    five = {f"k{i}": ["v"] for i in range(5)}
    compile(five, dialect=SNS)
    assert _reason({**five, "k5": ["v"]}, SNS) == "Filter policy can not have more than 5 keys"
    compile({**five, "k5": ["v"]}, dialect=EVENTBRIDGE)


def test_keys_inside_or_count() -> None:
    policy = {"a": ["1"], "b": ["1"], "$or": [{"c": ["1"], "d": ["1"]}, {"e": ["1"], "f": ["1"]}]}
    assert _reason(policy, SNS) == "Filter policy can not have more than 5 keys"


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ({"key": [f"v{i}" for i in range(150)]}, 150),
        ({"a": {"b": {"c": ["1", "2", "3", "4"]}}, "d": {"e": ["1", "2", "3"]}}, 72),
        (
            {
                "source": ["a", "b", "c", "d"],
                "$or": [{"m": list("123456")}, {"t": list("1234"), "$or": [{"i": list("1234")}, {"s": list("1234")}]}],
            },
            152,
        ),
    ],
)
def test_combinations_follow_aws_examples(policy: dict[str, Any], expected: int) -> None:
    assert combinations(policy) == expected
    if expected > 150:
        assert _reason(policy, SNS) == "Filter policy is too complex"
    else:
        compile(policy, dialect=SNS)


@pytest.mark.parametrize("operand", [False, 123, ["a"]])
def test_sns_anything_but_prefix_takes_one_string(operand: Any) -> None:
    assert _reason({"a": [{"anything-but": {"prefix": operand}}]}, SNS) == "prefix match pattern must be a string"
