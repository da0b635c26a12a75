"""Table-driven tests for the EventBridge event-pattern engine.

Cases marked "AWS" reproduce behaviour recorded against the real service
(TestEventPattern snapshots); the rest follow the AWS documentation and
event-ruler, the engine EventBridge runs.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from eventmock.services.events.patterns import (
    MAX_PATTERN_LENGTH,
    REASONS,
    InvalidEventPattern,
    compile,
)

T, F = True, False
EC2 = {
    "version": "0",
    "id": "7bf73129-1428-4cd3-a780-95db273d1602",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": "123456789012",
    "time": "2015-11-11T21:29:54Z",
    "region": "us-east-1",
    "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
    "detail": {"instance-id": "i-abcd1111", "state": "pending"},
}

# (id, pattern (dict or JSON text), event, expected)
MATCH_CASES: list[tuple[str, Any, dict[str, Any], bool]] = [
    # --- exact values and type rules -------------------------------------------
    ("exact-string", {"source": ["aws.ec2"]}, EC2, T),
    ("exact-string-miss", {"source": ["aws.s3"]}, EC2, F),
    ("exact-any-of-list", {"source": ["aws.s3", "aws.ec2"]}, EC2, T),
    ("exact-missing-field", {"nope": ["x"]}, EC2, F),
    ("exact-all-fields-must-match", {"source": ["aws.ec2"], "region": ["eu-west-1"]}, EC2, F),
    ("exact-all-fields-match", {"source": ["aws.ec2"], "region": ["us-east-1"]}, EC2, T),
    ("exact-case-sensitive-value", {"source": ["AWS.EC2"]}, EC2, F),
    ("exact-case-sensitive-key", {"Source": ["aws.ec2"]}, EC2, F),
    ("exact-no-substring", {"source": ["aws"]}, EC2, F),
    ("int-matches-float", {"n": [5]}, {"n": 5.0}, T),
    ("float-matches-int", {"n": [5.0]}, {"n": 5}, T),
    ("exponent-number", {"n": [3.018e2]}, {"n": 301.8}, T),
    ("negative-zero", {"n": [-0.0]}, {"n": 0}, T),
    ("big-number-beyond-numeric-range", {"n": [12345678901234]}, {"n": 12345678901234}, T),
    ("number-vs-string", {"n": [5]}, {"n": "5"}, F),
    ("string-vs-number", {"n": ["5"]}, {"n": 5}, F),
    ("true", {"b": [True]}, {"b": True}, T),
    ("true-vs-1", {"b": [True]}, {"b": 1}, F),
    ("1-vs-true", {"b": [1]}, {"b": True}, F),
    ("0-vs-false", {"b": [0]}, {"b": False}, F),
    ("false-vs-0", {"b": [False]}, {"b": 0}, F),
    ("string-true-vs-true", {"b": ["true"]}, {"b": True}, F),
    ("null", {"z": [None]}, {"z": None}, T),
    ("null-vs-missing", {"z": [None]}, {}, F),
    ("null-vs-empty-string", {"z": [None]}, {"z": ""}, F),
    ("empty-string", {"z": [""]}, {"z": ""}, T),
    ("empty-string-vs-null", {"z": [""]}, {"z": None}, F),
    ("empty-string-vs-missing", {"z": [""]}, {}, F),
    ("null-or-string", {"z": [None, "x"]}, {"z": "x"}, T),
    ("leaf-vs-object-value", {"detail": ["pending"]}, EC2, F),
    ("json-string-is-not-parsed (AWS)", {"detail": {"k": ["v"]}}, {"detail": '{"k": "v"}'}, F),
    # --- nesting ------------------------------------------------------------------
    ("nested", {"detail": {"state": ["pending"]}}, EC2, T),
    ("nested-miss", {"detail": {"state": ["running"]}}, EC2, F),
    ("nested-parent-missing", {"detail": {"state": ["pending"]}}, {"source": "x"}, F),
    ("nested-parent-is-scalar", {"detail": {"state": ["pending"]}}, {"detail": "pending"}, F),
    ("three-levels", {"a": {"b": {"c": ["x"]}}}, {"a": {"b": {"c": "x", "d": 1}}}, T),
    (
        "docs-ec2-example",
        {
            "source": ["aws.ec2"],
            "detail-type": ["EC2 Instance State-change Notification"],
            "detail": {"state": ["pending", "running"]},
        },
        EC2,
        T,
    ),
    # --- event arrays ----------------------------------------------------------------
    ("array-any-element", {"resources": ["b"]}, {"resources": ["a", "b"]}, T),
    ("array-no-element", {"resources": ["c"]}, {"resources": ["a", "b"]}, F),
    ("array-empty", {"resources": ["a"]}, {"resources": []}, F),
    ("array-empty-vs-null (AWS)", {"resources": [None]}, {"resources": []}, F),
    ("array-nested-arrays", {"a": ["x"]}, {"a": [["y"], ["z", ["x"]]]}, T),
    ("array-intersection", {"a": ["x", "y"]}, {"a": ["y", "z"]}, T),
    ("array-of-objects", {"e": {"n": ["Anna"]}}, {"e": [{"n": "John"}, {"n": "Anna"}]}, T),
    (
        "array-same-element-required",
        {"e": {"f": ["Anna"], "l": ["Jones"]}},
        {"e": [{"f": "Anna", "l": "Smith"}, {"f": "Peter", "l": "Jones"}]},
        F,
    ),
    (
        "array-same-element-ok",
        {"e": {"f": ["Anna"], "l": ["Smith"]}},
        {"e": [{"f": "John", "l": "Doe"}, {"f": "Anna", "l": "Smith"}]},
        T,
    ),
    (
        "array-same-element-dotted-spelling",
        {"e.f": ["Anna"], "e": {"l": ["Jones"]}},
        {"e": [{"f": "Anna", "l": "Smith"}, {"f": "Peter", "l": "Jones"}]},
        F,
    ),
    (
        "array-multi-level-objects",
        {"e": {"f": ["Peter"]}},
        {"e": [[{"f": "John"}, {"f": "Anna"}], [{"f": "Peter"}]]},
        T,
    ),
    (
        "array-multi-level-same-element",
        {"e": {"f": ["Anna"], "l": ["Jones"]}},
        {"e": [[{"f": "John", "l": "Doe"}, {"f": "Anna", "l": "Smith"}], [{"f": "Peter", "l": "Jones"}]]},
        F,
    ),
    (
        "array-different-arrays-independent",
        {"a": {"x": ["1"]}, "b": {"y": ["2"]}},
        {"a": [{"x": "0"}, {"x": "1"}], "b": [{"y": "2"}]},
        T,
    ),
    (
        "array-same-element-deeper",
        {"e": {"name": ["A"], "addr": {"city": ["X"]}}},
        {"e": [{"name": "A", "addr": {"city": "Y"}}, {"name": "B", "addr": {"city": "X"}}]},
        F,
    ),
    (
        "array-same-element-deeper-ok",
        {"e": {"name": ["A"], "addr": {"city": ["X"]}}},
        {"e": [{"name": "B", "addr": {"city": "Y"}}, {"name": "A", "addr": {"city": "X"}}]},
        T,
    ),
    (
        "array-inner-array-is-its-own",
        {"e": {"name": ["A"], "addr": {"city": ["X"]}}},
        {"e": [{"name": "A", "addr": [{"city": "Y"}, {"city": "X"}]}]},
        T,
    ),
    ("array-scalars-beside-objects", {"e": {"n": ["A"]}}, {"e": ["x", {"n": "A"}]}, T),
    ("array-leaf-vs-objects", {"e": ["A"]}, {"e": [{"n": "A"}]}, F),
    ("array-numbers", {"n": [2]}, {"n": [1, 2.0, 3]}, T),
    # --- prefix / suffix ------------------------------------------------------------
    ("prefix", {"time": [{"prefix": "2015-11-11"}]}, EC2, T),
    ("prefix-miss", {"time": [{"prefix": "2017-10-02"}]}, EC2, F),
    ("prefix-case-sensitive", {"s": [{"prefix": "a"}]}, {"s": "Abc"}, F),
    ("prefix-not-number", {"n": [{"prefix": "1"}]}, {"n": 123}, F),
    ("prefix-empty-any-string", {"s": [{"prefix": ""}]}, {"s": ""}, T),
    ("prefix-empty-not-null", {"s": [{"prefix": ""}]}, {"s": None}, F),
    ("prefix-missing", {"s": [{"prefix": ""}]}, {}, F),
    ("prefix-in-array", {"s": [{"prefix": "ab"}]}, {"s": ["x", "abc"]}, T),
    ("prefix-alternatives", {"s": [{"prefix": "a"}, {"prefix": "b"}]}, {"s": "bz"}, T),
    ("prefix-and-exact", {"s": ["q", {"prefix": "a"}]}, {"s": "q"}, T),
    ("prefix-ignore-case", {"s": [{"prefix": {"equals-ignore-case": "EventB"}}]}, {"s": "eventbridge"}, T),
    ("prefix-ignore-case-upper", {"s": [{"prefix": {"equals-ignore-case": "eventb"}}]}, {"s": "EVENTBUS"}, T),
    ("prefix-ignore-case-miss", {"s": [{"prefix": {"equals-ignore-case": "EventB"}}]}, {"s": "Event"}, F),
    ("suffix", {"f": [{"suffix": ".png"}]}, {"f": "a.png"}, T),
    ("suffix-case-sensitive", {"f": [{"suffix": ".png"}]}, {"f": "a.PNG"}, F),
    ("suffix-ignore-case", {"f": [{"suffix": {"equals-ignore-case": ".png"}}]}, {"f": "a.PNG"}, T),
    ("suffix-ignore-case-miss", {"f": [{"suffix": {"equals-ignore-case": ".png"}}]}, {"f": "a.jpg"}, F),
    ("suffix-not-number", {"n": [{"suffix": "3"}]}, {"n": 123}, F),
    # --- equals-ignore-case ---------------------------------------------------------
    ("eic", {"s": [{"equals-ignore-case": "alice"}]}, {"s": "ALICE"}, T),
    ("eic-miss", {"s": [{"equals-ignore-case": "alice"}]}, {"s": "alic"}, F),
    ("eic-not-number", {"s": [{"equals-ignore-case": "1"}]}, {"s": 1}, F),
    ("eic-empty", {"s": [{"equals-ignore-case": ""}]}, {"s": ""}, T),
    ("eic-with-exact-exact", {"s": ["bob", {"equals-ignore-case": "alice"}]}, {"s": "bob"}, T),
    ("eic-with-exact-eic", {"s": ["bob", {"equals-ignore-case": "alice"}]}, {"s": "Alice"}, T),
    ("eic-with-exact-miss", {"s": ["bob", {"equals-ignore-case": "alice"}]}, {"s": "BOB"}, F),
    # --- anything-but -----------------------------------------------------------------
    ("ab-string", {"s": [{"anything-but": "init"}]}, {"s": "running"}, T),
    ("ab-string-excluded", {"s": [{"anything-but": "init"}]}, {"s": "init"}, F),
    ("ab-string-null (AWS)", {"s": [{"anything-but": "init"}]}, {"s": None}, T),
    ("ab-string-missing", {"s": [{"anything-but": "init"}]}, {}, F),
    ("ab-string-vs-number", {"s": [{"anything-but": "5"}]}, {"s": 5}, T),
    ("ab-string-vs-bool", {"s": [{"anything-but": "true"}]}, {"s": True}, T),
    ("ab-list-excluded", {"s": [{"anything-but": ["stopped", "overloaded"]}]}, {"s": "stopped"}, F),
    ("ab-list-other", {"s": [{"anything-but": ["stopped", "overloaded"]}]}, {"s": "running"}, T),
    ("ab-list-null", {"s": [{"anything-but": ["stopped"]}]}, {"s": None}, T),
    ("ab-list-missing", {"s": [{"anything-but": ["stopped"]}]}, {}, F),
    ("ab-number", {"n": [{"anything-but": 123}]}, {"n": 124}, T),
    ("ab-number-excluded-float", {"n": [{"anything-but": 123}]}, {"n": 123.0}, F),
    ("ab-number-vs-string", {"n": [{"anything-but": 5}]}, {"n": "5"}, T),
    ("ab-number-vs-true", {"n": [{"anything-but": 1}]}, {"n": True}, T),
    ("ab-number-zero (AWS)", {"n": [{"anything-but": 0}]}, {"n": 789}, T),
    ("ab-number-list-excluded", {"n": [{"anything-but": [100, 200, 300]}]}, {"n": 200}, F),
    ("ab-number-list-other", {"n": [{"anything-but": [100, 200, 300]}]}, {"n": 201}, T),
    ("ab-array-some-other", {"s": [{"anything-but": "x"}]}, {"s": ["x", "y"]}, T),
    ("ab-array-all-excluded", {"s": [{"anything-but": "x"}]}, {"s": ["x", "x"]}, F),
    ("ab-array-empty", {"s": [{"anything-but": "x"}]}, {"s": []}, F),
    ("ab-object-value", {"s": [{"anything-but": "x"}]}, {"s": {"k": "y"}}, F),
    ("ab-prefix-excluded", {"s": [{"anything-but": {"prefix": "init"}}]}, {"s": "initializing"}, F),
    ("ab-prefix-other", {"s": [{"anything-but": {"prefix": "init"}}]}, {"s": "running"}, T),
    ("ab-prefix-number (AWS)", {"s": [{"anything-but": {"prefix": "init"}}]}, {"s": 12}, T),
    ("ab-prefix-null", {"s": [{"anything-but": {"prefix": "init"}}]}, {"s": None}, T),
    ("ab-prefix-missing", {"s": [{"anything-but": {"prefix": "init"}}]}, {}, F),
    ("ab-prefix-list", {"s": [{"anything-but": {"prefix": ["a", "b"]}}]}, {"s": "bz"}, F),
    ("ab-prefix-list-other", {"s": [{"anything-but": {"prefix": ["a", "b"]}}]}, {"s": "cz"}, T),
    ("ab-suffix-excluded", {"f": [{"anything-but": {"suffix": ".png"}}]}, {"f": "a.png"}, F),
    ("ab-suffix-other", {"f": [{"anything-but": {"suffix": ".png"}}]}, {"f": "a.jpg"}, T),
    ("ab-suffix-list", {"f": [{"anything-but": {"suffix": [".png", ".jpg"]}}]}, {"f": "a.jpg"}, F),
    ("ab-eic-excluded", {"s": [{"anything-but": {"equals-ignore-case": "init"}}]}, {"s": "INIT"}, F),
    ("ab-eic-other", {"s": [{"anything-but": {"equals-ignore-case": "init"}}]}, {"s": "run"}, T),
    ("ab-eic-list", {"s": [{"anything-but": {"equals-ignore-case": ["a", "b"]}}]}, {"s": "B"}, F),
    ("ab-eic-null", {"s": [{"anything-but": {"equals-ignore-case": "x"}}]}, {"s": None}, T),
    ("ab-wildcard-excluded", {"p": [{"anything-but": {"wildcard": "*/lib/*"}}]}, {"p": "/usr/lib/x"}, F),
    ("ab-wildcard-other", {"p": [{"anything-but": {"wildcard": "*/lib/*"}}]}, {"p": "/usr/bin/x"}, T),
    ("ab-wildcard-number (AWS)", {"p": [{"anything-but": {"wildcard": "*/dir/*"}}]}, {"p": 123}, T),
    ("ab-wildcard-empty (AWS)", {"p": [{"anything-but": {"wildcard": ""}}]}, {"p": "dir/init/file"}, T),
    ("ab-wildcard-list", {"p": [{"anything-but": {"wildcard": ["*.a", "*.b"]}}]}, {"p": "x.b"}, F),
    ("ab-or-exact", {"s": ["x", {"anything-but": ["x", "y"]}]}, {"s": "x"}, T),
    ("ab-or-exact-miss", {"s": ["x", {"anything-but": ["x", "y"]}]}, {"s": "y"}, F),
    # --- numeric ----------------------------------------------------------------------
    ("num-range-top", {"c": [{"numeric": [">", 0, "<=", 5]}]}, {"c": 5}, T),
    ("num-range-bottom-open", {"c": [{"numeric": [">", 0, "<=", 5]}]}, {"c": 0}, F),
    ("num-range-inside", {"c": [{"numeric": [">", 0, "<=", 5]}]}, {"c": 2.5}, T),
    ("num-open-range-bottom", {"c": [{"numeric": [">", 0, "<", 5]}]}, {"c": 0}, F),
    ("num-open-range-inside", {"c": [{"numeric": [">", 0, "<", 5]}]}, {"c": 4.9}, T),
    ("num-range-above", {"c": [{"numeric": [">", 0, "<=", 5]}]}, {"c": 5.5}, F),
    ("num-range-closed-bottom", {"c": [{"numeric": [">=", 0, "<", 5]}]}, {"c": 0}, T),
    ("num-range-open-top", {"c": [{"numeric": [">=", 0, "<", 5]}]}, {"c": 5}, F),
    ("num-lt", {"c": [{"numeric": ["<", 10]}]}, {"c": 9.99}, T),
    ("num-lt-equal", {"c": [{"numeric": ["<", 10]}]}, {"c": 10}, F),
    ("num-le", {"c": [{"numeric": ["<=", 10]}]}, {"c": 10}, T),
    ("num-gt", {"c": [{"numeric": [">", 10]}]}, {"c": 10}, F),
    ("num-ge", {"c": [{"numeric": [">=", 10]}]}, {"c": 10}, T),
    ("num-eq", {"c": [{"numeric": ["=", 3.018e2]}]}, {"c": 301.8}, T),
    ("num-eq-miss", {"c": [{"numeric": ["=", 3.018e2]}]}, {"c": 301.81}, F),
    ("num-eq-int-float", {"c": [{"numeric": ["=", 5]}]}, {"c": 5.0}, T),
    ("num-vs-string", {"c": [{"numeric": [">", 0]}]}, {"c": "5"}, F),
    ("num-vs-null", {"c": [{"numeric": [">", 0]}]}, {"c": None}, F),
    ("num-vs-bool", {"c": [{"numeric": [">", 0]}]}, {"c": True}, F),
    ("num-missing", {"c": [{"numeric": [">", 0]}]}, {}, F),
    ("num-above-ruler-range", {"c": [{"numeric": [">", 0]}]}, {"c": 6e9}, F),
    ("num-below-ruler-range", {"c": [{"numeric": ["<", 0]}]}, {"c": -6e9}, F),
    ("num-at-ruler-bound", {"c": [{"numeric": [">=", -5e9]}]}, {"c": -5e9}, T),
    ("num-array-some", {"c": [{"numeric": [">", 10]}]}, {"c": [1, 20]}, T),
    ("num-array-none", {"c": [{"numeric": [">", 10]}]}, {"c": [1, 2]}, F),
    ("num-alternatives", {"c": [{"numeric": ["<", 0]}, {"numeric": [">", 100]}]}, {"c": 150}, T),
    ("num-alternatives-miss", {"c": [{"numeric": ["<", 0]}, {"numeric": [">", 100]}]}, {"c": 50}, F),
    ("num-or-exact", {"c": [7, {"numeric": [">", 100]}]}, {"c": 7}, T),
    (
        "docs-numeric-example",
        {
            "detail": {
                "c-count": [{"numeric": [">", 0, "<=", 5]}],
                "d-count": [{"numeric": ["<", 10]}],
                "x-limit": [{"numeric": ["=", 3.018e2]}],
            }
        },
        {"detail": {"c-count": 5, "d-count": 3, "x-limit": 301.8}},
        T,
    ),
    # --- exists ---------------------------------------------------------------------
    ("exists-true", {"detail": {"state": [{"exists": True}]}}, EC2, T),
    ("exists-true-null", {"s": [{"exists": True}]}, {"s": None}, T),
    ("exists-true-missing", {"s": [{"exists": True}]}, {}, F),
    ("exists-true-object", {"detail": [{"exists": True}]}, EC2, F),
    ("exists-true-empty-array (AWS)", {"resources": [{"exists": True}]}, {"resources": []}, F),
    ("exists-true-array-of-objects", {"e": [{"exists": True}]}, {"e": [{"n": 1}]}, F),
    ("exists-true-intermediate-node (AWS)", {"db": {"key": [{"exists": True}]}}, {"db": {"key": {"S": "x"}}}, F),
    ("exists-false-missing", {"detail": {"c-count": [{"exists": False}]}}, EC2, T),
    ("exists-false-present", {"detail": {"state": [{"exists": False}]}}, EC2, F),
    ("exists-false-null", {"s": [{"exists": False}]}, {"s": None}, F),
    ("exists-false-object (docs)", {"detail": {"c-count": [{"exists": False}]}}, {"detail": {"c-count": {"c1": 100}}}, T),
    ("exists-false-empty-array", {"s": [{"exists": False}]}, {"s": []}, T),
    ("exists-false-array-of-scalars", {"s": [{"exists": False}]}, {"s": [{"k": 1}, ["x"]]}, F),
    ("exists-false-parent-missing", {"a": {"b": [{"exists": False}]}}, {"x": 1}, T),
    ("exists-false-parent-scalar", {"a": {"b": [{"exists": False}]}}, {"a": 1}, T),
    ("exists-false-array-objects", {"e": [{"exists": False}]}, {"e": [{"n": 1}]}, T),
    (
        "exists-false-any-element-has-it",
        {"e": {"a": [{"exists": False}]}},
        {"e": [{"a": 1}, {"b": 2}]},
        F,
    ),
    (
        "exists-false-element-chosen-by-sibling",
        {"e": {"a": [{"exists": False}], "b": ["2"]}},
        {"e": [{"a": 1, "b": "1"}, {"b": "2"}]},
        T,
    ),
    (
        "exists-false-element-chosen-by-sibling-has-it",
        {"e": {"a": [{"exists": False}], "b": ["2"]}},
        {"e": [{"a": 1, "b": "2"}]},
        F,
    ),
    ("exists-false-or-exact-missing", {"s": ["x", {"exists": False}]}, {}, T),
    ("exists-false-or-exact-value", {"s": ["x", {"exists": False}]}, {"s": "x"}, T),
    ("exists-false-or-exact-other", {"s": ["x", {"exists": False}]}, {"s": "y"}, F),
    (
        "exists-false-or-anything-but-parent-missing (AWS)",
        {"db": {"home": {"S": [{"anything-but": ["roses"]}, {"exists": False}]}}},
        {"db": {"purchased": {"N": "789"}}},
        T,
    ),
    (
        "exists-false-or-anything-but-excluded",
        {"db": {"home": {"S": [{"anything-but": ["roses"]}, {"exists": False}]}}},
        {"db": {"home": {"S": "roses"}}},
        F,
    ),
    (
        "exists-false-or-anything-but-other",
        {"db": {"home": {"S": [{"anything-but": ["roses"]}, {"exists": False}]}}},
        {"db": {"home": {"S": "tulips"}}},
        T,
    ),
    ("exists-true-or-false", {"s": [{"exists": True}, {"exists": False}]}, {}, T),
    # --- cidr -----------------------------------------------------------------------
    ("cidr-v4", {"ip": [{"cidr": "10.0.0.0/24"}]}, {"ip": "10.0.0.255"}, T),
    ("cidr-v4-outside", {"ip": [{"cidr": "10.0.0.0/24"}]}, {"ip": "10.0.1.0"}, F),
    ("cidr-v4-number (AWS)", {"ip": [{"cidr": "10.0.0.0/24"}]}, {"ip": 123}, F),
    ("cidr-v4-not-ip", {"ip": [{"cidr": "10.0.0.0/24"}]}, {"ip": "host.example"}, F),
    ("cidr-v4-slash-zero", {"ip": [{"cidr": "0.0.0.0/0"}]}, {"ip": "203.0.113.9"}, T),
    ("cidr-v4-bottom-as-written", {"ip": [{"cidr": "10.0.0.5/24"}]}, {"ip": "10.0.0.1"}, F),
    ("cidr-v6", {"ip": [{"cidr": "2001:db8::/32"}]}, {"ip": "2001:db8:1::1"}, T),
    ("cidr-v6-outside", {"ip": [{"cidr": "2001:db8::/32"}]}, {"ip": "2001:db9::1"}, F),
    ("cidr-v4-vs-v6-event", {"ip": [{"cidr": "0.0.0.0/1"}]}, {"ip": "::1"}, F),
    ("cidr-in-array", {"ip": [{"cidr": "10.0.0.0/8"}]}, {"ip": ["192.168.0.1", "10.1.2.3"]}, T),
    # --- wildcard ---------------------------------------------------------------------
    ("wc-suffix", {"f": [{"wildcard": "*.png"}]}, {"f": "dir/a.png"}, T),
    ("wc-crosses-slash", {"f": [{"wildcard": "dir/*.png"}]}, {"f": "dir/sub/a.png"}, T),
    ("wc-miss", {"f": [{"wildcard": "dir/*.png"}]}, {"f": "other/a.png"}, F),
    ("wc-zero-chars", {"f": [{"wildcard": "a*b*c"}]}, {"f": "abc"}, T),
    ("wc-order", {"f": [{"wildcard": "a*b*c"}]}, {"f": "acb"}, F),
    ("wc-star-empty-string", {"f": [{"wildcard": "*"}]}, {"f": ""}, T),
    ("wc-star-not-number", {"f": [{"wildcard": "*"}]}, {"f": 5}, F),
    ("wc-empty", {"f": [{"wildcard": ""}]}, {"f": ""}, T),
    ("wc-empty-miss", {"f": [{"wildcard": ""}]}, {"f": "x"}, F),
    ("wc-case-sensitive", {"f": [{"wildcard": "*.PNG"}]}, {"f": "a.png"}, F),
    ("wc-escaped-star", r'{"f": [{"wildcard": "a\\*b"}]}', {"f": "a*b"}, T),
    ("wc-escaped-star-is-literal", r'{"f": [{"wildcard": "a\\*b"}]}', {"f": "axb"}, F),
    ("wc-escaped-backslash", r'{"f": [{"wildcard": "a\\\\b*"}]}', {"f": "a\\bcd"}, T),
    ("wc-contains", {"f": [{"wildcard": "*Title*"}]}, {"f": "My Title here"}, T),
    ("wc-newline", {"f": [{"wildcard": "a*b"}]}, {"f": "a\nb"}, T),
    (
        "wc-arn (AWS)",
        {"arn": [{"wildcard": "arn:aws:events:us-east-1:*:event-bus/*"}]},
        {"arn": "arn:aws:events:us-east-1:123456789012:event-bus/myEventBus"},
        T,
    ),
    (
        "wc-repeating-accepted (AWS)",
        {"f": [{"wildcard": "/Users/*/dir/dir/dir/dir/dir/doc.txt"}]},
        {"f": "/Users/ls_user/dir/dir/dir/dir/dir/doc.txt"},
        T,
    ),
    ("wc-in-array", {"f": [{"wildcard": "*.png"}]}, {"f": ["a.jpg", "b.png"]}, T),
    # --- $or --------------------------------------------------------------------------
    ("or-top", {"$or": [{"source": ["aws.s3"]}, {"source": ["aws.ec2"]}]}, EC2, T),
    ("or-top-none", {"$or": [{"source": ["aws.s3"]}, {"source": ["my.app"]}]}, EC2, F),
    ("or-and-outside", {"source": ["a"], "$or": [{"x": ["1"]}, {"y": ["2"]}]}, {"source": "a", "y": "2"}, T),
    ("or-and-outside-fails", {"source": ["a"], "$or": [{"x": ["1"]}, {"y": ["2"]}]}, {"source": "b", "y": "2"}, F),
    (
        "or-nested-in-detail",
        {"detail": {"$or": [{"c": [{"numeric": [">", 0, "<=", 5]}]}, {"d": [{"numeric": ["<", 10]}]}]}},
        {"detail": {"c": 50, "d": 3}},
        T,
    ),
    (
        "or-nested-in-detail-none",
        {"detail": {"$or": [{"c": [{"numeric": [">", 0, "<=", 5]}]}, {"d": [{"numeric": ["<", 10]}]}]}},
        {"detail": {"c": 50, "d": 30}},
        F,
    ),
    (
        "or-with-and-inside",
        {"source": ["cw"], "$or": [{"m": ["CPU"]}, {"t": ["T"], "ns": ["EC2"]}]},
        {"source": "cw", "t": "T", "ns": "EC2"},
        T,
    ),
    (
        "or-with-and-inside-partial",
        {"source": ["cw"], "$or": [{"m": ["CPU"]}, {"t": ["T"], "ns": ["EC2"]}]},
        {"source": "cw", "t": "T", "ns": "ES"},
        F,
    ),
    (
        "or-nested-or",
        {"$or": [{"a": ["1"]}, {"b": ["2"], "$or": [{"c": ["3"]}, {"d": ["4"]}]}]},
        {"b": "2", "d": "4"},
        T,
    ),
    (
        "or-nested-or-miss",
        {"$or": [{"a": ["1"]}, {"b": ["2"], "$or": [{"c": ["3"]}, {"d": ["4"]}]}]},
        {"b": "2", "d": "5"},
        F,
    ),
    ("or-exists", {"$or": [{"a": [{"exists": True}]}, {"b": ["x"]}]}, {"a": 0}, T),
    (
        "or-numeric-anything-but",
        {"$or": [{"n": [{"numeric": [">", 10]}]}, {"s": [{"anything-but": "x"}]}]},
        {"n": 1, "s": "y"},
        T,
    ),
    (
        "or-numeric-anything-but-none",
        {"$or": [{"n": [{"numeric": [">", 10]}]}, {"s": [{"anything-but": "x"}]}]},
        {"n": 1, "s": "x"},
        F,
    ),
    (
        "or-same-array-element",
        {"e": {"f": ["A"]}, "$or": [{"e": {"l": ["J"]}}, {"z": ["1"]}]},
        {"e": [{"f": "A", "l": "S"}, {"f": "P", "l": "J"}]},
        F,
    ),
    ("or-later-key-overrides", {"a": ["1"], "$or": [{"a": ["2"]}, {"b": ["3"]}]}, {"a": "2"}, T),
    ("or-later-key-overrides-other", {"a": ["1"], "$or": [{"a": ["2"]}, {"b": ["3"]}]}, {"a": "1", "b": "3"}, T),
    ("or-later-key-overrides-alone", {"a": ["1"], "$or": [{"a": ["2"]}, {"b": ["3"]}]}, {"a": "1"}, F),
    # --- dotted keys --------------------------------------------------------------------
    ("dot-pattern-key", {"detail.state": ["pending"]}, EC2, T),
    ("dot-event-key (AWS)", {"detail": {"state": {"status": ["running"]}}}, {"detail": {"state.status": "running"}}, T),
    ("dot-both-sides", {"detail.state.status": ["running"]}, {"detail": {"state.status": "running"}}, T),
    ("dot-split-differently", {"a.b": {"c": ["x"]}}, {"a": {"b.c": "x"}}, T),
    ("dot-event-key-other-value", {"detail": {"state": ["x"]}}, {"detail.state": "y"}, F),
    ("dot-pattern-nested-twice (AWS)", {"detail": {"state.status": {"status": ["running"]}}}, {"detail": {"state": {"status": "running"}}}, F),
    ("dot-exists-false-sees-dotted-key", {"a": {"b": [{"exists": False}]}}, {"a.b": 1}, F),
    ("dot-nested-and-literal", {"a.b": ["2"]}, {"a": {"b": "1"}, "a.b": "2"}, T),
    ("dot-merged-objects", {"a": {"x": ["1"], "y": ["2"]}}, {"a": {"x": "1"}, "a.y": "2"}, T),
    ("dot-inside-array-element", {"e": {"a": {"b": ["1"]}}}, {"e": [{"a.b": "0"}, {"a.b": "1"}]}, T),
    (
        "dot-normalization-keeps-scalar",
        {"$or": [{"a.b": ["3"]}, {"a": [1]}]},
        {"a": 1, "a.b": "2"},
        T,
    ),
    ("dot-nested-value-survives", {"a.b": ["1"]}, {"a": {"b": "1"}, "a.b": "2"}, T),
    # --- a path that is both a leaf and an object ------------------------------------
    ("leaf-and-object-scalar", {"a": ["x"], "a.b": ["y"]}, {"a": "x"}, F),
    ("leaf-and-object-across-elements", {"a": ["x"], "a.b": ["y"]}, {"a": ["x", {"b": "y"}]}, F),
    ("leaf-and-absent-child", {"a": ["x"], "a.b": [{"exists": False}]}, {"a": "x"}, T),
    ("leaf-and-absent-child-object", {"a": ["x"], "a.b": [{"exists": False}]}, {"a": {"c": 1}}, F),
    ("absent-leaf-and-child", {"a": [{"exists": False}], "a.b": ["y"]}, {"a": {"b": "y"}}, T),
    ("absent-leaf-and-child-elements", {"a": [{"exists": False}], "a.b": ["y"]}, {"a": ["z", {"b": "y"}]}, T),
    ("absent-leaf-and-child-missing", {"a": [{"exists": False}], "a.b": ["y"]}, {}, F),
    ("absent-both-missing", {"a": [{"exists": False}], "a.b": [{"exists": False}]}, {}, T),
    ("absent-both-scalar", {"a": [{"exists": False}], "a.b": [{"exists": False}]}, {"a": "z"}, F),
    ("absent-both-object", {"a": [{"exists": False}], "a.b": [{"exists": False}]}, {"a": {"c": 1}}, T),
    ("absent-both-array", {"a": [{"exists": False}], "a.b": [{"exists": False}]}, {"a": [{"c": 1}, "z"]}, F),
    # --- mixed alternatives take the general path ------------------------------------
    ("mixed-null-not-listed", {"s": [5, {"prefix": "a"}]}, {"s": None}, F),
    ("mixed-number", {"s": [5, {"prefix": "a"}]}, {"s": 5.0}, T),
    ("mixed-prefix", {"s": [5, {"prefix": "a"}]}, {"s": "ab"}, T),
    ("mixed-false", {"s": [False, {"prefix": "a"}]}, {"s": False}, T),
    ("mixed-false-vs-true", {"s": [False, {"prefix": "a"}]}, {"s": True}, F),
    ("mixed-null-listed", {"s": [None, {"numeric": [">", 1]}]}, {"s": None}, T),
    ("cidr-trailing-slash (ruler split)", {"ip": [{"cidr": "10.0.0.0/8/"}]}, {"ip": "10.9.9.9"}, T),
    # --- JSON text specifics --------------------------------------------------------------
    ("text-duplicate-key-last-wins", '{"a": ["1"], "a": ["2"]}', {"a": "2"}, T),
    ("text-duplicate-key-first-ignored", '{"a": ["1"], "a": ["2"]}', {"a": "1"}, F),
    ("text-whitespace", '  {\n "a" : [ "1" ]\n}\n', {"a": "1"}, T),
    ("text-unicode", '{"a": ["\\u00e9t\\u00e9"]}', {"a": "été"}, T),
]

# (id, pattern text, reason).  Every entry of REASONS appears at least once.
INVALID_CASES: list[tuple[str, str, str]] = [
    (
        "not-json",
        "nope",
        "Unrecognized token 'nope': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
    ),
    ("nan", '{"a": [NaN]}', "Non-standard token 'NaN': enable JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS to allow"),
    ("array-document (AWS)", '["not", "a", "dict"]', "Filter is not an object"),
    ("string-document", '"x"', "Filter is not an object"),
    ("empty-pattern", "{}", "Empty objects are not allowed"),
    ("empty-nested-object", '{"detail": {}}', "Empty objects are not allowed"),
    ("leaf-string (AWS)", '{"string": "my-value"}', '"string" must be an object or an array'),
    ("leaf-int (AWS)", '{"int": 42}', '"int" must be an object or an array'),
    ("leaf-null", '{"detail": {"a": null}}', '"a" must be an object or an array'),
    ("empty-array (AWS)", '{"resources": []}', "Empty arrays are not allowed"),
    ("nested-array", '{"a": [["x"]]}', "Match value must be String, number, true, false, or null"),
    ("empty-expression", '{"a": [{}]}', "Match expression name not found"),
    ("operator-case (AWS)", '{"my_key": [{"EXISTS": true}]}', "Unrecognized match type EXISTS"),
    ("numeric-case (AWS)", '{"detail": {"equal": [{"NUMERIC": ["=", 5]}]}}', "Unrecognized match type NUMERIC"),
    ("unknown-operator", '{"a": [{"contains": "x"}]}', "Unrecognized match type contains"),
    ("two-operators", '{"a": [{"prefix": "x", "suffix": "y"}]}', "Only one key allowed in match expression"),
    ("prefix-int (AWS)", '{"time": [{"prefix": 123}]}', "prefix match pattern must be a string"),
    ("prefix-list (AWS)", '{"time": [{"prefix": ["2022-07-13"]}]}', "prefix match pattern must be a string"),
    ("suffix-int (AWS)", '{"f": [{"suffix": 123}]}', "suffix match pattern must be a string"),
    ("suffix-list (AWS)", '{"f": [{"suffix": [".png"]}]}', "suffix match pattern must be a string"),
    ("prefix-empty-object", '{"a": [{"prefix": {}}]}', "Prefix expression name not found"),
    ("prefix-bad-modifier", '{"a": [{"prefix": {"wildcard": "x"}}]}', "Unsupported prefix pattern: wildcard"),
    ("prefix-eic-int", '{"a": [{"prefix": {"equals-ignore-case": 1}}]}', "equals-ignore-case match pattern must be a string"),
    ("prefix-eic-extra", '{"a": [{"prefix": {"equals-ignore-case": "x", "y": 1}}]}', "Only one key allowed in match expression"),
    ("suffix-empty-object", '{"a": [{"suffix": {}}]}', "Suffix expression name not found"),
    ("suffix-bad-modifier", '{"a": [{"suffix": {"prefix": "x"}}]}', "Unsupported suffix pattern: prefix"),
    ("eic-list (AWS)", '{"dt": [{"equals-ignore-case": ["ec2"]}]}', "equals-ignore-case match pattern must be a string"),
    ("eic-object (AWS)", '{"dt": [{"equals-ignore-case": {"prefix": "ec2"}}]}', "equals-ignore-case match pattern must be a string"),
    ("eic-extra", '{"a": [{"equals-ignore-case": "x", "y": 1}]}', "Only one key allowed in match expression"),
    ("wildcard-int (AWS)", '{"arn": [{"wildcard": 123}]}', "wildcard match pattern must be a string"),
    ("wildcard-list (AWS)", '{"arn": [{"wildcard": ["a*"]}]}', "wildcard match pattern must be a string"),
    (
        "wildcard-consecutive (AWS)",
        '{"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:**:event-bus/*"}]}',
        "Consecutive wildcard characters at pos 26",
    ),
    ("wildcard-consecutive-start", '{"a": [{"wildcard": "**"}]}', "Consecutive wildcard characters at pos 1"),
    ("wildcard-consecutive-utf8", '{"a": [{"wildcard": "\\u00e9**"}]}', "Consecutive wildcard characters at pos 3"),
    ("wildcard-bad-escape", r'{"a": [{"wildcard": "a\\b"}]}', "Invalid escape character at pos 2"),
    ("wildcard-trailing-backslash", r'{"a": [{"wildcard": "a\\"}]}', "Invalid escape character at pos 2"),
    ("wildcard-extra", '{"a": [{"wildcard": "a*", "b": 1}]}', "Only one key allowed in match expression"),
    (
        "wildcard-too-complex (AWS)",
        '{"EventBusArn": [{"wildcard": "*:*:*:*:*:event-bus/*"}]}',
        REASONS["wildcard_too_complex"],
    ),
    (
        "wildcard-too-complex-alternatives",
        json.dumps({"id": [{"wildcard": f"*:stack/{n}/*"} for n in ("Shared", "Api", "Data", "Monitoring")]}),
        REASONS["wildcard_too_complex"],
    ),
    (
        "wildcard-too-complex-across-or",
        json.dumps(
            {"$or": [{"id": [{"wildcard": f"*:stack/{n}/*"}]} for n in ("Shared", "Api", "Data", "Monitoring")]}
        ),
        REASONS["wildcard_too_complex"],
    ),
    ("numeric-not-array", '{"a": [{"numeric": 5}]}', "Value of numeric must be an array."),
    ("numeric-empty", '{"a": [{"numeric": []}]}', "Invalid member in numeric match: ]"),
    ("numeric-no-operator", '{"a": [{"numeric": [5]}]}', "Invalid member in numeric match: 5"),
    ("numeric-bad-operator", '{"a": [{"numeric": ["==", 5]}]}', "Unrecognized numeric range operator: =="),
    ("numeric-eq-string", '{"a": [{"numeric": ["=", "5"]}]}', "Value of equals must be numeric"),
    ("numeric-eq-extra", '{"a": [{"numeric": ["=", 5, "<", 6]}]}', "Too many elements in numeric expression"),
    ("numeric-missing-value", '{"a": [{"numeric": ["<"]}]}', "Value of < must be numeric"),
    ("numeric-bool-value", '{"a": [{"numeric": [">", true]}]}', "Value of > must be numeric"),
    ("numeric-ge-null", '{"a": [{"numeric": [">=", null]}]}', "Value of >= must be numeric"),
    ("numeric-le-string", '{"a": [{"numeric": ["<=", "1"]}]}', "Value of <= must be numeric"),
    (
        "numeric-two-lower (AWS)",
        '{"detail": {"c-count": [{"numeric": [">", 0, ">", 0]}]}}',
        "Bad numeric range operator: >",
    ),
    ("numeric-lower-then-eq", '{"a": [{"numeric": [">", 0, "=", 1]}]}', "Bad numeric range operator: ="),
    ("numeric-two-upper", '{"a": [{"numeric": ["<", 1, "<", 2]}]}', "Too many elements in numeric expression"),
    ("numeric-upper-first", '{"a": [{"numeric": ["<", 5, ">", 1]}]}', "Too many elements in numeric expression"),
    ("numeric-range-value", '{"a": [{"numeric": [">", 0, 5]}]}', "Bad value in numeric range: 5"),
    (
        "numeric-range-missing-top (AWS)",
        '{"detail": {"c-count": [{"numeric": [">", 0, "<"]}]}}',
        "Value of < must be numeric",
    ),
    ("numeric-range-extra", '{"a": [{"numeric": [">", 0, "<", 5, 6]}]}', "Too many terms in numeric range expression"),
    ("numeric-range-empty", '{"a": [{"numeric": [">", 10, "<", 5]}]}', "Bottom must be less than top"),
    ("numeric-range-point", '{"a": [{"numeric": [">=", 5, "<=", 5]}]}', "Bottom must be less than top"),
    ("numeric-gt-top-of-range", '{"a": [{"numeric": [">", 5e9]}]}', "Bottom must be less than top"),
    ("numeric-lt-bottom-of-range", '{"a": [{"numeric": ["<", -5e9]}]}', "Bottom must be less than top"),
    ("numeric-out-of-range", '{"a": [{"numeric": [">", -6e9]}]}', "Value must be between -5.0E9 and 5.0E9, inclusive"),
    ("numeric-eq-out-of-range", '{"a": [{"numeric": ["=", 6e9]}]}', "Value must be between -5.0E9 and 5.0E9, inclusive"),
    ("numeric-extra-key", '{"a": [{"numeric": [">", 0], "x": 1}]}', "Too many elements in numeric expression"),
    ("exists-string", '{"a": [{"exists": "true"}]}', "exists match pattern must be either true or false."),
    ("exists-number", '{"a": [{"exists": 1}]}', "exists match pattern must be either true or false."),
    ("exists-extra", '{"a": [{"exists": true, "x": 1}]}', "Only one key allowed in match expression"),
    ("cidr-list (AWS)", '{"d": {"ip": [{"cidr": ["bad-type"]}]}}', "prefix match pattern must be a string"),
    ("cidr-no-slash (AWS)", '{"ip": [{"cidr": "10.0.0.0"}]}', "Malformed CIDR, one '/' required"),
    ("cidr-two-slashes", '{"ip": [{"cidr": "10.0.0.0/8/8"}]}', "Malformed CIDR, one '/' required"),
    ("cidr-mask-text (AWS)", '{"ip": [{"cidr": "10.0.0.0/xx"}]}', "Malformed CIDR, mask bits must be an integer"),
    ("cidr-mask-negative", '{"ip": [{"cidr": "10.0.0.0/-1"}]}', "Malformed CIDR, mask bits must not be negative"),
    ("cidr-bad-ip (AWS)", '{"ip": [{"cidr": "xx.11.xx/24"}]}', "Nonstandard IP address: xx.11.xx"),
    (
        "cidr-bad-ipv6 (AWS)",
        '{"ip": [{"cidr": "xxxx:db8:1234:1a00::/64"}]}',
        "Nonstandard IP address: xxxx:db8:1234:1a00::",
    ),
    ("cidr-invalid-octet", '{"ip": [{"cidr": "999.0.0.1/8"}]}', "Invalid IP address: 999.0.0.1"),
    ("cidr-v4-32", '{"ip": [{"cidr": "10.0.0.1/32"}]}', "IPv4 mask bits must be < 32"),
    ("cidr-v6-128", '{"ip": [{"cidr": "::1/128"}]}', "IPv6 mask bits must be < 128"),
    ("cidr-extra", '{"ip": [{"cidr": "10.0.0.0/8", "x": 1}]}', "Only one key allowed in match expression"),
    (
        "ab-null (AWS)",
        '{"d": {"s": [{"anything-but": null}]}}',
        "Value of anything-but must be an array or single string/number value.",
    ),
    ("ab-bool", '{"s": [{"anything-but": true}]}', "Value of anything-but must be an array or single string/number value."),
    ("ab-empty-object", '{"s": [{"anything-but": {}}]}', "Anything-But expression name not found"),
    ("ab-numeric-inside", '{"s": [{"anything-but": {"numeric": [">", 1]}}]}', "Unsupported anything-but pattern: numeric"),
    (
        "ab-prefix-eic (AWS)",
        '{"d": {"f": [{"anything-but": {"prefix": {"equals-ignore-case": "file"}}}]}}',
        "Value of anything-but must be an array or single string/number value.",
    ),
    (
        "ab-suffix-eic (AWS)",
        '{"d": {"f": [{"anything-but": {"suffix": {"equals-ignore-case": ".png"}}}]}}',
        "Value of anything-but must be an array or single string/number value.",
    ),
    (
        "ab-mixed",
        '{"s": [{"anything-but": ["a", 1]}]}',
        "Inside anything but list, either all values are number or string, mixed type is not supported",
    ),
    (
        "ab-empty-list",
        '{"s": [{"anything-but": []}]}',
        "Inside anything but list, either all values are number or string, mixed type is not supported",
    ),
    ("ab-list-null", '{"s": [{"anything-but": [null]}]}', "Inside anything but list, start|null|boolean is not supported."),
    (
        "ab-list-object",
        '{"s": [{"anything-but": [{"wildcard": "*x*"}]}]}',
        "Inside anything but list, start|null|boolean is not supported.",
    ),
    ("ab-number-out-of-range", '{"s": [{"anything-but": 6e9}]}', "Value must be between -5.0E9 and 5.0E9, inclusive"),
    (
        "ab-list-out-of-range",
        '{"s": [{"anything-but": [1, -6e9]}]}',
        "Value must be between -5.0E9 and 5.0E9, inclusive",
    ),
    (
        "ab-eic-int (AWS)",
        '{"d": {"s": [{"anything-but": {"equals-ignore-case": 123}}]}}',
        "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.",
    ),
    (
        "ab-eic-list-int (AWS)",
        '{"d": {"s": [{"anything-but": {"equals-ignore-case": [123, 456]}}]}}',
        "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.",
    ),
    (
        "ab-prefix-int (AWS)",
        '{"d": {"s": [{"anything-but": {"prefix": 123}}]}}',
        "prefix/suffix match pattern must be a string",
    ),
    (
        "ab-prefix-list-int (AWS)",
        '{"d": {"s": [{"anything-but": {"prefix": [123, "test"]}}]}}',
        "prefix/suffix match pattern must be a string",
    ),
    (
        "ab-suffix-int (AWS)",
        '{"d": {"f": [{"anything-but": {"suffix": 123}}]}}',
        "prefix/suffix match pattern must be a string",
    ),
    ("ab-prefix-empty", '{"s": [{"anything-but": {"prefix": ""}}]}', "Null prefix/suffix not allowed"),
    ("ab-suffix-empty-in-list", '{"s": [{"anything-but": {"suffix": ["x", ""]}}]}', "Null prefix/suffix not allowed"),
    (
        "ab-wildcard-int (AWS)",
        '{"d": {"p": [{"anything-but": {"wildcard": 123}}]}}',
        "wildcard match pattern must be a string",
    ),
    (
        "ab-wildcard-list-int (AWS)",
        '{"d": {"s": [{"anything-but": {"wildcard": [123, "*/dir/*"]}}]}}',
        "wildcard match pattern must be a string",
    ),
    ("ab-wildcard-consecutive", '{"s": [{"anything-but": {"wildcard": "a**"}}]}', "Consecutive wildcard characters at pos 2"),
    ("ab-extra-key", '{"s": [{"anything-but": "x", "y": 1}]}', "Too many elements in numeric expression"),
    (
        "ab-object-extra-key",
        '{"s": [{"anything-but": {"prefix": "x", "suffix": "y"}}]}',
        "Too many elements in numeric expression",
    ),
    ("or-object", '{"$or": {"a": ["x"]}}', "It must be an Array followed with $or."),
    ("or-one", '{"$or": [{"a": ["x"]}]}', "There must have at least 2 Objects in $or relationship."),
    ("or-empty", '{"$or": []}', "There must have at least 2 Objects in $or relationship."),
    ("or-nested-one", '{"detail": {"$or": [{"a": ["x"]}]}}', "There must have at least 2 Objects in $or relationship."),
    ("or-member-string", '{"$or": [{"a": ["x"]}, "b"]}', "Only JSON object is allowed in array of $or relationship."),
    ("or-member-empty", '{"$or": [{"a": ["x"]}, {}]}', "Empty objects are not allowed"),
    (
        "or-reserved-name",
        '{"$or": [{"numeric": [1]}, {"a": ["x"]}]}',
        "numeric is Ruler reserved fieldName which cannot be used inside $or.",
    ),
    (
        "or-reserved-name-nested",
        '{"$or": [{"a": {"prefix": ["x"]}}, {"b": ["y"]}]}',
        "prefix is Ruler reserved fieldName which cannot be used inside $or.",
    ),
    (
        "too-long",
        json.dumps({"a": ["x" * MAX_PATTERN_LENGTH]}),
        f"Event pattern is longer than {MAX_PATTERN_LENGTH} characters",
    ),
]


def _nested_or(depth: int) -> dict[str, Any]:
    """A pattern whose $or alternatives multiply to 2**depth branches."""
    pattern: dict[str, Any] = {"leaf": ["x"]}
    for level in range(depth):
        pattern = {"$or": [{f"a{level}": ["1"], **pattern}, {f"b{level}": ["2"], **pattern}]}
    return pattern


@pytest.mark.parametrize(
    ("pattern", "event", "expected"),
    [case[1:] for case in MATCH_CASES],
    ids=[case[0] for case in MATCH_CASES],
)
def test_match_table(pattern: Any, event: dict[str, Any], expected: bool) -> None:
    assert compile(pattern).matches(event) is expected


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [case[1:] for case in INVALID_CASES],
    ids=[case[0] for case in INVALID_CASES],
)
def test_invalid_table(pattern: str, reason: str) -> None:
    with pytest.raises(InvalidEventPattern) as caught:
        compile(pattern)
    assert caught.value.reason == reason
    error = caught.value
    if reason.startswith(UNLOCATED):
        assert str(error) == "Event pattern is not valid. Reason: " + reason
    else:  # Jackson's location (its columns: test_pattern_locations.py)
        location = f'\n at [Source: (String)"{pattern}"; line: 1, column: {error.column}]'
        assert str(error) == "Event pattern is not valid. Reason: " + reason + location * (2 if error.twice else 1)
        assert error.column is not None and 1 <= error.column <= len(pattern) + 1


#: Reasons AWS gives without a location (ruler raises them outside Jackson's reading).
UNLOCATED = ("Event pattern is longer", "Malformed CIDR", "Nonstandard IP address", "Invalid IP address", "IPv4 mask", "IPv6 mask", "Rule is too complex")


def test_match_table_is_large_enough() -> None:
    assert len(MATCH_CASES) >= 150
    assert len({case[0] for case in MATCH_CASES}) == len(MATCH_CASES)


def test_every_reason_is_exercised() -> None:
    """Each table entry's text (placeholders aside) appears in INVALID_CASES,
    except the ones only reachable through compile()'s keyword or mapping input,
    which have their own tests below."""
    covered = {reason for _, _, reason in INVALID_CASES}
    special = {"too_many_alternatives", "too_many_keys", "too_complex"}  # dialect limits: test_patterns_dialect.py
    special.add("invalid_json")  # mapping input only: test_mapping_input_must_be_json
    for code, template in REASONS.items():
        if code in special:
            continue
        fixed = template.split("{")[0]
        assert any(reason.startswith(fixed) for reason in covered), code


def test_reason_table_codes_match_exception() -> None:
    exc = InvalidEventPattern("x")
    assert isinstance(exc, ValueError)
    assert exc.reason == "x"


def test_too_many_or_alternatives() -> None:
    with pytest.raises(InvalidEventPattern) as caught:
        compile(_nested_or(13), max_length=None)
    assert caught.value.reason == "Event pattern expands to more than 4096 alternatives through $or"


def test_many_or_alternatives_below_limit_still_match() -> None:
    matcher = compile(_nested_or(6), max_length=None)
    event = {f"b{level}": "2" for level in range(6)} | {"leaf": "x"}
    assert matcher.matches(event)
    assert not matcher.matches(event | {"leaf": "y"})


def test_pattern_at_size_limit_is_accepted() -> None:
    text = json.dumps({"a": ["x" * (MAX_PATTERN_LENGTH - 11)]})
    assert len(text) == MAX_PATTERN_LENGTH
    assert compile(text).matches({"a": "x" * (MAX_PATTERN_LENGTH - 11)})


def test_size_limit_can_be_lifted() -> None:
    long_value = "x" * (2 * MAX_PATTERN_LENGTH)
    assert compile({"a": [long_value]}, max_length=None).matches({"a": long_value})
    with pytest.raises(InvalidEventPattern):
        compile({"a": [long_value]})


def test_three_wildcard_alternatives_are_accepted() -> None:
    """AWS accepts three "*:stack/<name>/*" alternatives (rejects four)."""
    matcher = compile({"id": [{"wildcard": f"*:stack/{n}/*"} for n in ("Shared", "Api", "Data")]})
    assert matcher.matches({"id": "arn:aws:cloudformation:us-east-1:1:stack/Api/abc"})
    assert not matcher.matches({"id": "arn:aws:cloudformation:us-east-1:1:stack/Other/abc"})


def test_wildcard_complexity_counts_each_wildcard_once() -> None:
    """Repeating a field's wildcards across $or alternatives, or next to
    exists:false, does not make the rule more complex."""
    stacks = [{"wildcard": f"*:stack/{n}/*"} for n in ("Shared", "Api", "Data")]
    with_absent = compile({"id": [*stacks, {"exists": False}], "$or": [{"a": ["1"]}, {"b": ["2"]}]})
    assert with_absent.matches({"b": "2"})
    repeated = compile({"$or": [{"id": stacks, "a": ["1"]}, {"id": stacks, "b": ["2"]}]})
    assert repeated.matches({"id": "x:stack/Data/y", "b": "2"})


def test_mapping_input_equals_text_input() -> None:
    pattern = {"source": ["aws.ec2"], "detail": {"state": [{"anything-but": "running"}]}}
    from_text, from_dict = compile(json.dumps(pattern)), compile(pattern)
    for event in (EC2, {**EC2, "detail": {"state": "running"}}, {"source": "aws.ec2"}):
        assert from_text.matches(event) == from_dict.matches(event)


def test_mapping_input_must_be_json() -> None:
    with pytest.raises(InvalidEventPattern) as caught:
        compile({"a": [{1, 2}]})
    assert caught.value.reason == "Invalid JSON: Object of type set is not JSON serializable"
    with pytest.raises(InvalidEventPattern) as caught:
        compile({"a": [float("nan")]})
    assert caught.value.reason.startswith("Invalid JSON: Out of range float values")


def test_mapping_input_rejects_non_object() -> None:
    with pytest.raises(InvalidEventPattern) as caught:
        compile(["not", "a", "dict"])  # type: ignore[arg-type]
    assert caught.value.reason == "Filter is not an object"


def test_event_must_be_a_dict() -> None:
    with pytest.raises(TypeError):
        compile({"a": ["x"]}).matches(["a"])  # type: ignore[arg-type]


def test_matching_does_not_mutate_dotted_event() -> None:
    event = {"a": {"x": "1"}, "a.y": "2"}
    snapshot = json.dumps(event, sort_keys=True)
    assert compile({"a": {"x": ["1"], "y": ["2"]}}).matches(event)
    assert json.dumps(event, sort_keys=True) == snapshot
