"""Filter policies on message attributes against a plain reading of SNS's rules
(hypothesis): the engine's SNS dialect and the attributes-as-event view agree with it."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from eventmock.services.sns.filter_policy import compile_policy

NAMES = ["color", "size", "price"]
WORDS = ["red", "re", "blue", "", "x1"]
NUMBERS = [0, 1, 2.5, 100, -3]


def _attribute() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.builds(lambda w: {"DataType": "String", "StringValue": w}, st.sampled_from(WORDS[:3] + WORDS[4:])),
        st.builds(lambda n: {"DataType": "Number", "StringValue": str(n)}, st.sampled_from(NUMBERS)),
    )


def _condition() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(WORDS[:3]),
        st.sampled_from(NUMBERS),
        st.builds(lambda w: {"prefix": w}, st.sampled_from(["r", "bl"])),
        st.builds(lambda w: {"anything-but": [w]}, st.sampled_from(WORDS[:3])),
        st.builds(lambda low, high: {"numeric": [">=", low, "<", high]}, st.sampled_from([-5, 0, 1]), st.sampled_from([2, 50, 200])),
        st.builds(lambda b: {"exists": b}, st.booleans()),
    )


def _value(attribute: dict[str, Any]) -> Any:
    text = attribute["StringValue"]
    if attribute["DataType"] == "Number":
        number = float(text)
        return int(number) if number.is_integer() else number
    return text


def _holds(condition: Any, present: bool, value: Any) -> bool:
    if isinstance(condition, dict):
        (operator, operand), = condition.items()
        if operator == "exists":
            return operand is present
        if not present:
            return False
        if operator == "prefix":
            return isinstance(value, str) and value.startswith(operand)
        if operator == "anything-but":
            return value not in operand
        low, high = operand[1], operand[3]
        return not isinstance(value, str) and low <= value < high
    if not present:
        return False
    if isinstance(condition, str) or isinstance(value, str):
        return type(condition) is type(value) and condition == value
    return float(condition) == float(value)


@settings(max_examples=300, deadline=None)
@given(
    policy=st.dictionaries(st.sampled_from(NAMES), st.lists(_condition(), min_size=1, max_size=3), min_size=1, max_size=3),
    attributes=st.dictionaries(st.sampled_from(NAMES), _attribute(), max_size=3),
)
def test_attribute_policies_follow_the_rules(policy: dict[str, list[Any]], attributes: dict[str, dict[str, Any]]) -> None:
    compiled = compile_policy(json.dumps(policy), "MessageAttributes", subscribing=True)
    assert compiled is not None
    expected = all(
        any(_holds(c, name in attributes, _value(attributes[name]) if name in attributes else None) for c in conditions)
        for name, conditions in policy.items()
    )
    assert compiled.matches("message", attributes) is expected
