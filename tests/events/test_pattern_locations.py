"""Pattern errors carry Jackson's location, as AWS answers them (issue #27).

EventBridge compiles patterns with event-ruler over Jackson's streaming parser and
appends the parser's location to every error; text that is not JSON gets Jackson's
own message. The recorded cases are AWS's answers (LocalStack's AWS-validated
snapshots of TestEventPattern), character for character; where the recorded pattern
held LocalStack's ``<partition>``/``<region>`` placeholders, the pattern here has the
ARN the recorded position and column imply (``aws``, ``us-east-1``).
"""

from __future__ import annotations

import json

import pytest
from events_support import error_of

EVENT = json.dumps(
    {
        "id": "1",
        "source": "s",
        "detail-type": "d",
        "account": "123456789012",
        "region": "us-east-1",
        "time": "2026-01-01T00:00:00Z",
        "resources": [],
        "detail": {},
    }
)

#: (pattern, AWS's message).
RECORDED = [
    (
        '{"int": 42}',
        'Event pattern is not valid. Reason: "int" must be an object or an array\n at [Source: (String)"{"int": 42}"; line: 1, column: 11]',
    ),
    (
        '{"string": "my-value"}',
        'Event pattern is not valid. Reason: "string" must be an object or an array\n at [Source: (String)"{"string": "my-value"}"; line: 1, column: 13]',
    ),
    (
        '{"detail": {"c-count": [{"numeric": [">", 0, ">", 0]}]}}',
        'Event pattern is not valid. Reason: Bad numeric range operator: >\n at [Source: (String)"{"detail": {"c-count": [{"numeric": [">", 0, ">", 0]}]}}"; line: 1, column: 49]',
    ),
    (
        '{"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:**:event-bus/*"}]}',
        'Event pattern is not valid. Reason: Consecutive wildcard characters at pos 26\n at [Source: (String)"{"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:**:event-bus/*"}]}"; line: 1, column: 72]',
    ),
    (
        '{"resources": []}',
        'Event pattern is not valid. Reason: Empty arrays are not allowed\n at [Source: (String)"{"resources": []}"; line: 1, column: 17]',
    ),
    (
        '["not", "a", "dict", "but valid json"]',
        'Event pattern is not valid. Reason: Filter is not an object\n at [Source: (String)"["not", "a", "dict", "but valid json"]"; line: 1, column: 2]',
    ),
    (
        '{"detail": {"state": [{"anything-but": ["stopped", null]}]}}',
        'Event pattern is not valid. Reason: Inside anything but list, start|null|boolean is not supported.\n at [Source: (String)"{"detail": {"state": [{"anything-but": ["stopped", null]}]}}"; line: 1, column: 56]\n at [Source: (String)"{"detail": {"state": [{"anything-but": ["stopped", null]}]}}"; line: 1, column: 56]',
    ),
    (
        '{"detail": {"state": [{"anything-but": {"equals-ignore-case": 123}}]}}',
        'Event pattern is not valid. Reason: Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.\n at [Source: (String)"{"detail": {"state": [{"anything-but": {"equals-ignore-case": 123}}]}}"; line: 1, column: 66]',
    ),
    (
        '{"detail": {"state": [{"anything-but": {"equals-ignore-case": [123, 456]}}]}}',
        'Event pattern is not valid. Reason: Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.\n at [Source: (String)"{"detail": {"state": [{"anything-but": {"equals-ignore-case": [123, 456]}}]}}"; line: 1, column: 67]\n at [Source: (String)"{"detail": {"state": [{"anything-but": {"equals-ignore-case": [123, 456]}}]}}"; line: 1, column: 67]',
    ),
    (
        '{"detail": {"FileName": [{"anything-but": {"prefix": ""}}]}}',
        'Event pattern is not valid. Reason: Null prefix/suffix not allowed\n at [Source: (String)"{"detail": {"FileName": [{"anything-but": {"prefix": ""}}]}}"; line: 1, column: 56]',
    ),
    (
        '{"detail": {"FileName": [{"anything-but": {"suffix": ""}}]}}',
        'Event pattern is not valid. Reason: Null prefix/suffix not allowed\n at [Source: (String)"{"detail": {"FileName": [{"anything-but": {"suffix": ""}}]}}"; line: 1, column: 56]',
    ),
    (
        "{'bad': 'quotation'}",
        'Event pattern is not valid. Reason: Unexpected character (\'\'\' (code 39)): was expecting double-quote to start field name\n at [Source: (String)"{\'bad\': \'quotation\'}"; line: 1, column: 2]',
    ),
    (
        '{"my_key": [{"EXISTS": true}]}',
        'Event pattern is not valid. Reason: Unrecognized match type EXISTS\n at [Source: (String)"{"my_key": [{"EXISTS": true}]}"; line: 1, column: 28]',
    ),
    (
        '{"detail": {"equal": [{"NUMERIC": ["=", 5]}]}}',
        'Event pattern is not valid. Reason: Unrecognized match type NUMERIC\n at [Source: (String)"{"detail": {"equal": [{"NUMERIC": ["=", 5]}]}}"; line: 1, column: 36]',
    ),
    (
        '{"not": closed mark"',
        'Event pattern is not valid. Reason: Unrecognized token \'closed\': was expecting (JSON String, Number, Array, Object or token \'null\', \'true\' or \'false\')\n at [Source: (String)"{"not": closed mark""; line: 1, column: 15]',
    ),
    (
        'this is valid json but not a dict',
        'Event pattern is not valid. Reason: Unrecognized token \'this\': was expecting (JSON String, Number, Array, Object or token \'null\', \'true\' or \'false\')\n at [Source: (String)"this is valid json but not a dict"; line: 1, column: 5]',
    ),
    (
        '{"detail": {"c-count": [{"numeric": [">", 0, "<"]}]}}',
        'Event pattern is not valid. Reason: Value of < must be numeric\n at [Source: (String)"{"detail": {"c-count": [{"numeric": [">", 0, "<"]}]}}"; line: 1, column: 50]',
    ),
    (
        '{"detail": {"FileName": [{"anything-but": {"prefix": {"equals-ignore-case": "file"}}}]}}',
        'Event pattern is not valid. Reason: Value of anything-but must be an array or single string/number value.\n at [Source: (String)"{"detail": {"FileName": [{"anything-but": {"prefix": {"equals-ignore-case": "file"}}}]}}"; line: 1, column: 55]',
    ),
    (
        '{"detail": {"FileName": [{"anything-but": {"suffix": {"equals-ignore-case": ".png"}}}]}}',
        'Event pattern is not valid. Reason: Value of anything-but must be an array or single string/number value.\n at [Source: (String)"{"detail": {"FileName": [{"anything-but": {"suffix": {"equals-ignore-case": ".png"}}}]}}"; line: 1, column: 55]',
    ),
    (
        '{"detail": {"state": [{"anything-but": null}]}}',
        'Event pattern is not valid. Reason: Value of anything-but must be an array or single string/number value.\n at [Source: (String)"{"detail": {"state": [{"anything-but": null}]}}"; line: 1, column: 44]',
    ),
    (
        '{"detail": {"c-count": [{"numeric": 10}]}}',
        'Event pattern is not valid. Reason: Value of numeric must be an array.\n at [Source: (String)"{"detail": {"c-count": [{"numeric": 10}]}}"; line: 1, column: 39]',
    ),
    (
        '{"detail-type": [{"equals-ignore-case": ["ec2 instance state-change notification"]}]}',
        'Event pattern is not valid. Reason: equals-ignore-case match pattern must be a string\n at [Source: (String)"{"detail-type": [{"equals-ignore-case": ["ec2 instance state-change notification"]}]}"; line: 1, column: 42]',
    ),
    (
        '{"detail-type": [{"equals-ignore-case": {"prefix": "ec2"}}]}',
        'Event pattern is not valid. Reason: equals-ignore-case match pattern must be a string\n at [Source: (String)"{"detail-type": [{"equals-ignore-case": {"prefix": "ec2"}}]}"; line: 1, column: 42]',
    ),
    (
        '{"detail": {"sourceIPAddress": [{"cidr": ["bad-type"]}]}}',
        'Event pattern is not valid. Reason: prefix match pattern must be a string\n at [Source: (String)"{"detail": {"sourceIPAddress": [{"cidr": ["bad-type"]}]}}"; line: 1, column: 43]',
    ),
    (
        '{"time": [{"prefix": 123}]}',
        'Event pattern is not valid. Reason: prefix match pattern must be a string\n at [Source: (String)"{"time": [{"prefix": 123}]}"; line: 1, column: 25]',
    ),
    (
        '{"time": [{"prefix": ["2022-07-13"]}]}',
        'Event pattern is not valid. Reason: prefix match pattern must be a string\n at [Source: (String)"{"time": [{"prefix": ["2022-07-13"]}]}"; line: 1, column: 23]',
    ),
    (
        '{"detail": {"FileName": [{"anything-but": {"suffix": 123}}]}}',
        'Event pattern is not valid. Reason: prefix/suffix match pattern must be a string\n at [Source: (String)"{"detail": {"FileName": [{"anything-but": {"suffix": 123}}]}}"; line: 1, column: 57]',
    ),
    (
        '{"detail": {"FileName": [{"anything-but": {"suffix": [123, ".txt"]}}]}}',
        'Event pattern is not valid. Reason: prefix/suffix match pattern must be a string\n at [Source: (String)"{"detail": {"FileName": [{"anything-but": {"suffix": [123, ".txt"]}}]}}"; line: 1, column: 58]\n at [Source: (String)"{"detail": {"FileName": [{"anything-but": {"suffix": [123, ".txt"]}}]}}"; line: 1, column: 58]',
    ),
    (
        '{"detail": {"FileName": [{"anything-but": {"suffix": [null, ".txt"]}}]}}',
        'Event pattern is not valid. Reason: prefix/suffix match pattern must be a string\n at [Source: (String)"{"detail": {"FileName": [{"anything-but": {"suffix": [null, ".txt"]}}]}}"; line: 1, column: 59]\n at [Source: (String)"{"detail": {"FileName": [{"anything-but": {"suffix": [null, ".txt"]}}]}}"; line: 1, column: 59]',
    ),
    (
        '{"detail": {"state": [{"anything-but": {"prefix": 123}}]}}',
        'Event pattern is not valid. Reason: prefix/suffix match pattern must be a string\n at [Source: (String)"{"detail": {"state": [{"anything-but": {"prefix": 123}}]}}"; line: 1, column: 54]',
    ),
    (
        '{"detail": {"state": [{"anything-but": {"prefix": [123, "test"]}}]}}',
        'Event pattern is not valid. Reason: prefix/suffix match pattern must be a string\n at [Source: (String)"{"detail": {"state": [{"anything-but": {"prefix": [123, "test"]}}]}}"; line: 1, column: 55]\n at [Source: (String)"{"detail": {"state": [{"anything-but": {"prefix": [123, "test"]}}]}}"; line: 1, column: 55]',
    ),
    (
        '{"FileName": [{"suffix": 123}]}',
        'Event pattern is not valid. Reason: suffix match pattern must be a string\n at [Source: (String)"{"FileName": [{"suffix": 123}]}"; line: 1, column: 29]',
    ),
    (
        '{"FileName": [{"suffix": [".png"]}]}',
        'Event pattern is not valid. Reason: suffix match pattern must be a string\n at [Source: (String)"{"FileName": [{"suffix": [".png"]}]}"; line: 1, column: 27]',
    ),
    (
        '{"EventBusArn": [{"wildcard": 123}]}',
        'Event pattern is not valid. Reason: wildcard match pattern must be a string\n at [Source: (String)"{"EventBusArn": [{"wildcard": 123}]}"; line: 1, column: 34]',
    ),
    (
        '{"EventBusArn": [{"wildcard": ["arn:aws:events:us-east-1:**:event-bus/*"]}]}',
        'Event pattern is not valid. Reason: wildcard match pattern must be a string\n at [Source: (String)"{"EventBusArn": [{"wildcard": ["arn:aws:events:us-east-1:**:event-bus/*"]}]}"; line: 1, column: 32]',
    ),
    (
        '{"detail": {"FilePath": [{"anything-but": {"wildcard": 123}}]}}',
        'Event pattern is not valid. Reason: wildcard match pattern must be a string\n at [Source: (String)"{"detail": {"FilePath": [{"anything-but": {"wildcard": 123}}]}}"; line: 1, column: 59]',
    ),
    (
        '{"detail": {"state": [{"anything-but": {"wildcard": [123, "*/dir/*"]}}]}}',
        'Event pattern is not valid. Reason: wildcard match pattern must be a string\n at [Source: (String)"{"detail": {"state": [{"anything-but": {"wildcard": [123, "*/dir/*"]}}]}}"; line: 1, column: 57]\n at [Source: (String)"{"detail": {"state": [{"anything-but": {"wildcard": [123, "*/dir/*"]}}]}}"; line: 1, column: 57]',
    ),
]

JACKSON_VALUES = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"


def refused(call, **kwargs) -> str:
    with pytest.raises(Exception) as info:
        call(**kwargs)
    code, message = error_of(info)
    assert code == "InvalidEventPatternException"
    return message


@pytest.mark.parametrize(("pattern", "message"), RECORDED)
def test_test_event_pattern_answers_the_recorded_message(events, pattern, message):
    assert refused(events.test_event_pattern, EventPattern=pattern, Event=EVENT) == message


@pytest.mark.parametrize(("pattern", "message"), RECORDED)
def test_put_rule_answers_the_same_message_and_stores_nothing(events, pattern, message):
    assert refused(events.put_rule, Name="r", EventPattern=pattern) == message
    assert events.list_rules()["Rules"] == []


def test_an_archive_pattern_is_located_too(events):
    bus = events.describe_event_bus()["Arn"]
    message = refused(events.create_archive, ArchiveName="a", EventSourceArn=bus, EventPattern='{"source": []}')
    assert message == (
        'Event pattern is not valid. Reason: Empty arrays are not allowed\n'
        ' at [Source: (String)"{"source": []}"; line: 1, column: 14]'
    )


def at(pattern: str, line: int, column: int) -> str:
    return f'\n at [Source: (String)"{pattern}"; line: {line}, column: {column}]'


@pytest.mark.parametrize(
    ("pattern", "reason", "line", "column"),
    [
        # Jackson counts lines at \n, \r\n and \r; the column restarts on each line.
        ('{\n  "source": "aws.ec2"\n}', '"source" must be an object or an array', 2, 14),
        ('{\r\n  "source": [\r\n  ]\r\n}', "Empty arrays are not allowed", 3, 4),
        ('{\r"a": {"numeric": 5}}', '"numeric" must be an object or an array', 2, 19),
        # Jackson reads a field name with its value's first token, a string lazily.
        ('{"a": [{"numeric": [">", 1, "<"]}]}', "Value of < must be numeric", 1, 33),
        ('{"a": [{"prefix": "x", "suffix": "y"}]}', "Only one key allowed in match expression", 1, 35),
        ('{"a": [{"numeric": [">", "1"]}]}', "Value of > must be numeric", 1, 27),
        ('{"$or": [{"a": ["x"]}]}', "There must have at least 2 Objects in $or relationship.", 1, 23),
        ('{"a": {}}', "Empty objects are not allowed", 1, 9),
    ],
)
def test_the_location_follows_jacksons_reading(events, pattern, reason, line, column):
    message = refused(events.test_event_pattern, EventPattern=pattern, Event=EVENT)
    assert message == f"Event pattern is not valid. Reason: {reason}" + at(pattern, line, column)


@pytest.mark.parametrize(
    ("pattern", "reason", "column"),
    [
        ('{"a": ["b"]', "Unexpected end-of-input: expected close marker for Object (start marker at [Source: "
         '(String)"{"a": ["b"]"; line: 1, column: 1])', 12),
        ('{"a" ["b"]}', "Unexpected character ('[' (code 91)): was expecting a colon to separate field name and value", 6),
        ('{"a": ["b"] "c": 1}', "Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries", 13),
        ('{"a": ["b" "c"]}', "Unexpected character ('\"' (code 34)): was expecting comma to separate Array entries", 12),
        ('{"a": ["b",]}', f"Unexpected character (']' (code 93)): expected a valid value {JACKSON_VALUES}", 12),
        ('{"a": ["b"],}', "Unexpected character ('}' (code 125)): was expecting double-quote to start field name", 13),
        ('{"a": ["b"]]', "Unexpected close marker ']': expected '}' (for Object starting at [Source: "
         '(String)"{"a": ["b"]]"; line: 1, column: 1])', 13),
        ('{"a": [tru]}', f"Unrecognized token 'tru': was expecting {JACKSON_VALUES}", 11),
        ('{"a": [NaN]}', "Non-standard token 'NaN': enable JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS to allow", 11),
        ('{"a": ["b\\x"]}', "Unrecognized character escape 'x' (code 120)", 12),
        ('{"a": ["b', "Unexpected end-of-input: was expecting closing quote for a string value", 10),
        ('{"a', "Unexpected end-of-input in field name", 4),
    ],
)  # fmt: skip
def test_text_that_is_not_json_gets_jacksons_message(events, pattern, reason, column):
    message = refused(events.put_rule, Name="r", EventPattern=pattern)
    assert message == f"Event pattern is not valid. Reason: {reason}" + at(pattern, 1, column)


def test_a_deeply_nested_pattern_that_is_not_json(events):
    """As deep as the 2,048-character limit allows: Jackson's message, located at the end."""
    pattern = '{"":' * 511 + "[1]"
    message = refused(events.put_rule, Name="r", EventPattern=pattern)
    source = f'(String)"{pattern[:500]}"[truncated {len(pattern) - 500} chars]'
    assert message == (
        "Event pattern is not valid. Reason: Unexpected end-of-input: expected close marker for Object "
        f"(start marker at [Source: {source}; line: 1, column: 2041])\n at [Source: {source}; line: 1, column: 2048]"
    )


def test_a_ruler_error_read_before_the_syntax_error_wins(events):
    """Jackson reads a stream: ruler rejects the value before the parser meets the bad text."""
    pattern = '{"source": "aws.ec2", "detail": '
    message = refused(events.put_rule, Name="r", EventPattern=pattern)
    assert message == 'Event pattern is not valid. Reason: "source" must be an object or an array' + at(pattern, 1, 13)
    pattern = '{"source": ["aws.ec2"], "detail": '
    message = refused(events.put_rule, Name="r", EventPattern=pattern)
    assert message.startswith("Event pattern is not valid. Reason: Unexpected end-of-input")


def test_a_long_source_is_truncated_to_500_characters(events):
    pattern = json.dumps({"source": ["x" * 600], "detail-type": "d"})
    message = refused(events.put_rule, Name="r", EventPattern=pattern)
    column = len(pattern) - 2  # after the opening quote of "d"
    assert message == (
        "Event pattern is not valid. Reason: \"detail-type\" must be an object or an array\n"
        f' at [Source: (String)"{pattern[:500]}"[truncated {len(pattern) - 500} chars]; line: 1, column: {column}]'
    )


def test_errors_with_no_location_in_aws_have_none(events):
    message = refused(events.put_rule, Name="r", EventPattern='{"ip": [{"cidr": "10.0.0.0"}]}')
    assert message == "Event pattern is not valid. Reason: Malformed CIDR, one '/' required"


def test_text_after_the_pattern_is_not_read(events):
    """Jackson stops after the pattern's object (not confirmed against AWS: permissive)."""
    events.put_rule(Name="r", EventPattern='{"source": ["aws.ec2"]} trailing')
    assert events.describe_rule(Name="r")["EventPattern"] == '{"source": ["aws.ec2"]} trailing'
