"""TestEventPattern: the result of matching, the event fields it requires, invalid patterns."""

from __future__ import annotations

import json

import pytest
from events_support import ACCOUNT, error_of, status_of

EVENT = {
    "version": "0",
    "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": ACCOUNT,
    "time": "2026-11-23T09:18:27Z",
    "region": "us-east-1",
    "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-1"],
    "detail": {"instance-id": "i-1", "state": "terminated"},
}


@pytest.mark.parametrize(
    ("pattern", "result"),
    [
        ({"source": ["aws.ec2"]}, True),
        ({"source": ["aws.s3"]}, False),
        ({"detail": {"state": ["terminated", "stopped"]}}, True),
        ({"detail": {"state": [{"anything-but": "terminated"}]}}, False),
        ({"resources": [{"prefix": "arn:aws:ec2:"}]}, True),
        ({"detail": {"missing": [{"exists": False}]}}, True),
    ],
)
def test_result_says_whether_the_pattern_matches(events, pattern, result):
    response = events.test_event_pattern(EventPattern=json.dumps(pattern), Event=json.dumps(EVENT))
    assert response["Result"] is result
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_resources_is_not_required_of_the_event(events):
    event = {k: v for k, v in EVENT.items() if k not in ("resources", "detail", "version")}
    assert events.test_event_pattern(EventPattern='{"source": ["aws.ec2"]}', Event=json.dumps(event))["Result"] is True


@pytest.mark.parametrize("field", ["id", "account", "source", "time", "region", "detail-type"])
def test_the_event_must_carry_the_envelope_fields(events, field):
    event = {k: v for k, v in EVENT.items() if k != field}
    with pytest.raises(events.exceptions.ClientError) as info:
        events.test_event_pattern(EventPattern='{"source": ["aws.ec2"]}', Event=json.dumps(event))
    assert error_of(info) == ("ValidationException", "Parameter Event is not valid.")
    assert status_of(info) == 400


@pytest.mark.parametrize("event", ["not json", "[]", '"event"', "null"])
def test_the_event_must_be_a_json_object(events, event):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.test_event_pattern(EventPattern='{"source": ["aws.ec2"]}', Event=event)
    assert error_of(info) == ("ValidationException", "Parameter Event is not valid.")


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ('{"source": "aws.ec2"}', '"source" must be an object or an array\n at [Source: (String)"{"source": "aws.ec2"}"; line: 1, column: 13]'),
        ('{"source": []}', 'Empty arrays are not allowed\n at [Source: (String)"{"source": []}"; line: 1, column: 14]'),
        ('{"detail": {"n": [{"numeric": [">", "x"]}]}}', None),
        ("[1]", None),
    ],
)
def test_an_invalid_pattern_is_refused(events, pattern, reason):
    with pytest.raises(events.exceptions.InvalidEventPatternException) as info:
        events.test_event_pattern(EventPattern=pattern, Event=json.dumps(EVENT))
    code, message = error_of(info)
    assert code == "InvalidEventPatternException"
    assert message.startswith("Event pattern is not valid. Reason: ")
    if reason is not None:
        assert message == f"Event pattern is not valid. Reason: {reason}"


def test_the_pattern_is_checked_before_the_event(events):
    with pytest.raises(events.exceptions.InvalidEventPatternException):
        events.test_event_pattern(EventPattern='{"source": "x"}', Event="not json")


def test_a_pattern_longer_than_the_model_allows(events):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.test_event_pattern(EventPattern=json.dumps({"source": ["s" * 4100]}), Event=json.dumps(EVENT))
    code, message = error_of(info)
    assert code == "ValidationException"
    assert message.endswith("at 'eventPattern' failed to satisfy constraint: Member must have length less than or equal to 4096")
