"""Unit tests of the PutEvents entry helpers: Detail parsing (AWS's MalformedDetail) and
the entry size AWS counts against the request limit."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventmock.services.events.entries import entry_size, parse_detail


@pytest.mark.parametrize(
    "text, expected",
    [
        ('{"a": 1}', {"a": 1}),
        ('  \n{"a": [1, {"b": null}]}\t ', {"a": [1, {"b": None}]}),
        ("{}", {}),
        ('{"a": 1} x', None),  # trailing garbage
        ('{"a": 1}{}', None),
        ('{"a": 1', None),
        ("[1, 2]", None),  # JSON, but not an object
        ('"text"', None),
        ("12", None),
        ("", None),
        ("   ", None),
        ('{"a": NaN}', None),  # not JSON
        ('{"a": Infinity}', None),
        ('{"a": -Infinity}', None),
        ("{'a': 1}", None),
        ('{"a": 1,}', None),
    ],
)
def test_parse_detail(text, expected):
    assert parse_detail(text) == expected


def test_nesting_too_deep_to_parse_is_malformed():
    assert parse_detail('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}") is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.text(), json_values, max_size=5), st.sampled_from(["", " ", "\n\t ", "\r\n"]))
def test_parse_detail_reads_what_json_reads(value, space):
    text = space + json.dumps(value) + space
    assert parse_detail(text) == json.loads(text)


@pytest.mark.parametrize(
    "entry, expected",
    [
        ({"Source": "a", "DetailType": "bc", "Detail": "{}"}, 5),
        ({"Source": "é", "DetailType": "€", "Detail": "{}"}, 2 + 3 + 2),  # UTF-8 bytes, not characters
        ({"Source": "a", "DetailType": "b", "Detail": "{}", "Resources": ["r1", "ü"]}, 4 + 2 + 2),
        ({"Source": "a", "DetailType": "b", "Detail": "{}", "Time": object()}, 4 + 14),
        ({"Source": "a", "EventBusName": "not counted", "TraceHeader": "not counted"}, 1),
    ],
)
def test_entry_size_counts_what_aws_counts(entry, expected):
    assert entry_size(entry) == expected
