"""Server-side model constraints (max, pattern, enum, ranges) and AWS's message format."""

from __future__ import annotations

import botocore.session
import pytest

from eventmock.core.validation import Validators, message

_session = botocore.session.get_session()
EVENTS = _session.get_service_model("events")


def problems(operation: str, params: dict, model=EVENTS) -> list[str]:
    check = Validators().input(model.operation_model(operation).input_shape)
    assert check is not None
    return check(params)


def test_valid_input_has_no_problems():
    assert problems("PutRule", {"Name": "my-rule", "State": "ENABLED", "EventBusName": "default"}) == []


def test_pattern_is_matched_against_the_whole_value():
    [problem] = problems("PutRule", {"Name": "bad name"})
    assert problem.startswith("Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ")
    assert problems("PutRule", {"Name": "ok-name.v1_2"}) == []


def test_max_length():
    [problem] = problems("PutRule", {"Name": "r" * 65})
    assert problem == f"Value '{'r' * 65}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 64"


def test_enum():
    [problem] = problems("PutRule", {"Name": "r", "State": "ASLEEP"})
    assert problem.startswith("Value 'ASLEEP' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [")
    assert "ENABLED" in problem and "DISABLED" in problem


def test_list_length_and_nested_member_paths():
    entries = [{"Source": "s", "DetailType": "d", "Detail": "{}"}] * 11
    found = problems("PutEvents", {"Entries": entries})
    assert len(found) == 1
    assert "at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10" in found[0]
    targets = [{"Id": "ok", "Arn": "arn:aws:sqs:us-east-1:123456789012:q"}, {"Id": "not ok!", "Arn": "arn:aws:sqs:us-east-1:123456789012:q"}]
    [problem] = problems("PutTargets", {"Rule": "r", "Targets": targets})
    assert "at 'targets.2.member.id' failed to satisfy constraint" in problem


def test_numeric_ranges():
    [problem] = problems("ListRules", {"Limit": 101})
    assert problem == "Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"


def test_several_problems_in_one_message():
    found = problems("PutRule", {"Name": "bad name", "State": "ASLEEP"})
    assert len(found) == 2
    text = message(found)
    assert text.startswith("2 validation errors detected: Value 'bad name' at 'name'")
    assert "; Value 'ASLEEP' at 'state'" in text
    assert message(found[:1]).startswith("1 validation error detected: ")


def test_ranges_are_checked_in_place_and_worded_by_their_validator():
    logs = _session.get_service_model("logs")
    put = logs.operation_model("PutLogEvents").input_shape
    check = Validators().input(put)
    assert check is not None
    ok = {"logGroupName": "g", "logStreamName": "s", "logEvents": [{"timestamp": 1, "message": "m"}]}
    assert check(ok) == []
    bad = {**ok, "logEvents": [{"timestamp": -1, "message": "m"}, {"timestamp": 1, "message": ""}]}
    assert check(bad) == [
        "Value '-1' at 'logEvents.1.member.timestamp' failed to satisfy constraint: Member must have value greater than or equal to 0",
        "Value '' at 'logEvents.2.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ]


def test_params_botocore_validated_skip_the_minimums_it_checks():
    logs = _session.get_service_model("logs")
    checked = Validators(client_checked=True).input(logs.operation_model("PutLogEvents").input_shape)
    assert checked is not None
    under_minimums = {"logGroupName": "g", "logStreamName": "s", "logEvents": [{"timestamp": -1, "message": ""}]}
    assert checked(under_minimums) == []
    [problem] = checked({**under_minimums, "logGroupName": "bad name!"})  # patterns and maximums stay
    assert "at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern" in problem
    listing = Validators(client_checked=True).input(EVENTS.operation_model("ListRules").input_shape)
    assert listing is not None and listing({"Limit": 101}) != []  # a maximum stays


def test_shapes_without_constraints_compile_to_nothing():
    pinpoint = _session.get_service_model("pinpoint")
    assert Validators().input(pinpoint.operation_model("GetApp").input_shape) is None
    assert Validators().input(None) is None


@pytest.mark.parametrize("service", ["events", "kinesis", "sqs", "s3", "firehose", "customer-profiles", "dataexchange"])
def test_every_input_shape_of_the_services_we_target_compiles(service):
    model = _session.get_service_model(service)
    validators = Validators()
    for name in model.operation_names:
        validators.input(model.operation_model(name).input_shape)


def test_smithy_services_search_for_patterns_older_ones_match_the_whole_value():
    profiles = _session.get_service_model("customer-profiles")
    arn = "arn:aws:profile:us-east-1:123456789012:domains/d"
    tagging = profiles.operation_model("ListTagsForResource").input_shape  # pattern ^arn:[a-z0-9]{1,10}:profile
    assert Validators(search=True).input(tagging)({"resourceArn": arn}) == []
    [problem] = Validators(search=False).input(tagging)({"resourceArn": arn})
    assert "regular expression pattern: ^arn:[a-z0-9]{1,10}:profile" in problem
    assert Validators(search=True).input(tagging)({"resourceArn": "xarn:aws:profile"})  # still anchored by ^
