"""Pipes' input templates, rendered for one item (the unit under the running pipes)."""

from __future__ import annotations

import json

import pytest

from eventmock.core.jsonpath import PathError, read_path
from eventmock.services.pipes.templates import render

RECORD = {"messageId": "m-1", "body": json.dumps({"id": 7, "tags": ["a", "b"], "order": {"n": 2}}), "attributes": {"SenderId": "s"}}
VARIABLES = {"aws.pipes.pipe-name": "p"}


@pytest.mark.parametrize(
    "template, expected",
    [
        ("Hello, sender", "Hello, sender"),
        ("<$.attributes.SenderId>", "s"),
        ("Hello, <$.attributes.SenderId>", "Hello, s"),
        ("<$.body>", {"id": 7, "tags": ["a", "b"], "order": {"n": 2}}),
        ('{"id": <$.body.id>, "order": <$.body.order>}', {"id": 7, "order": {"n": 2}}),
        ('{"id": "<$.body.id>"}', {"id": "7"}),
        ('{"second": <$.body.tags[1]>}', {"second": "b"}),
        ('{"pipe": "<aws.pipes.pipe-name>"}', {"pipe": "p"}),
        ('{"missing": <$.body.nope>, "quoted": "<$.body.nope>"}', {"missing": None, "quoted": ""}),
        ("text <$.body.nope>.", "text ."),
        ('{"event": <aws.pipes.event.json>}', {"event": {**RECORD, "body": {"id": 7, "tags": ["a", "b"], "order": {"n": 2}}}}),
    ],
)
def test_render(template, expected):
    assert render(template, RECORD, VARIABLES) == expected


def test_read_path_wildcards_and_misses():
    value = {"a": [{"b": 1}, {"b": 2}], "c": {"d": None}}
    assert read_path(value, "$.a[*].b") == [1, 2]
    assert read_path(value, "$.a[5]") is None
    assert read_path(value, "$.c.d") is None
    with pytest.raises(PathError):  # templates and dynamic parameters only pass paths
        read_path(value, "a.b")
