"""What a target receives: Input, InputPath, InputTransformer (unit tests of the module;
delivery through boto3 is tested with the targets)."""

from __future__ import annotations

import json

import pytest

from eventmock.services.events.target_input import InvalidOutput, PathError, read_path, render

EVENT = {
    "version": "0",
    "id": "7bf73129-1428-4cd3-a780-95db273d1602",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": "123456789012",
    "time": "2015-11-11T21:29:54Z",
    "region": "us-east-1",
    "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
    "detail": {"instance-id": "i-0123456789", "state": "RUNNING", "count": 3, "tags": {"a": "b"}, "items": [{"id": 1}, {"id": 2}]},
}
RULE = "arn:aws:events:us-east-1:123456789012:rule/my-rule"
TIME = "2015-11-11T21:29:55Z"


def transform(template, paths=None):
    return render({"InputTransformer": {"InputPathsMap": paths or {}, "InputTemplate": template}}, EVENT, RULE, TIME)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("$", EVENT),
        ("$.detail.state", "RUNNING"),
        ("$.detail.instance-id", "i-0123456789"),
        ("$.detail.items[1].id", 2),
        ("$.detail.items[*].id", [1, 2]),
        ("$.detail['instance-id']", "i-0123456789"),
        ("$.detail.missing", None),
        ("$.detail.items[9]", None),
        ("$.resources[0]", "arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"),
    ],
)
def test_read_path(path, value):
    assert read_path(EVENT, path) == value


@pytest.mark.parametrize("path", ["detail.state", "$..state", "$.detail[", "$.detail[x]"])
def test_unsupported_paths_are_errors(path):
    with pytest.raises(PathError):
        read_path(EVENT, path)


def test_no_input_sends_the_whole_event_as_json():
    assert json.loads(render({}, EVENT, RULE, TIME)) == EVENT


def test_constant_input_is_sent_as_given():
    assert render({"Input": '{"fixed": true}'}, EVENT, RULE, TIME) == '{"fixed": true}'


def test_input_path_sends_that_part_as_json():
    assert json.loads(render({"InputPath": "$.detail"}, EVENT, RULE, TIME)) == EVENT["detail"]
    assert render({"InputPath": "$.detail.state"}, EVENT, RULE, TIME) == '"RUNNING"'


def test_text_template_inserts_string_values_bare():
    out = transform("<instance> is in state <state>", {"instance": "$.detail.instance-id", "state": "$.detail.state"})
    assert out == "i-0123456789 is in state RUNNING"


def test_quoted_text_template_keeps_its_quotes():
    out = transform('"<instance> is in state \\"<state>\\""', {"instance": "$.detail.instance-id", "state": "$.detail.state"})
    assert out == '"i-0123456789 is in state \\"RUNNING\\""'
    assert json.loads(out) == 'i-0123456789 is in state "RUNNING"'


def test_json_template_quotes_strings_outside_quotes_and_not_inside():
    out = transform(
        '{"myInstance": <instance>, "myStatus": "<instance> is in state <state>", "n": <count>, "tags": <tags>}',
        {"instance": "$.detail.instance-id", "state": "$.detail.state", "count": "$.detail.count", "tags": "$.detail.tags"},
    )
    assert json.loads(out) == {"myInstance": "i-0123456789", "myStatus": "i-0123456789 is in state RUNNING", "n": 3, "tags": {"a": "b"}}


def test_json_template_escapes_string_values_inside_quotes():
    event = {**EVENT, "detail": {"text": 'say "hi"\n'}}
    out = render({"InputTransformer": {"InputPathsMap": {"t": "$.detail.text"}, "InputTemplate": '{"msg": "<t>!"}'}}, event, RULE, TIME)
    assert json.loads(out) == {"msg": 'say "hi"\n!'}


def test_missing_values_are_empty_strings_outside_quotes_and_inside():
    # AWS: {"command": <command>} with a path that finds nothing gave {"command": ""}
    # (LocalStack snapshot test_put_events_with_input_transformer_input_template_json)
    out = transform('{"a": <gone>, "b": "[<gone>]"}', {"gone": "$.detail.nothing"})
    assert json.loads(out) == {"a": "", "b": "[]"}
    assert transform('"system account <gone>"', {"gone": "$.detail.nothing"}) == '"system account "' 


def test_predefined_variables():
    out = transform('{"arn": <aws.events.rule-arn>, "name": "<aws.events.rule-name>", "at": <aws.events.event.ingestion-time>}')
    assert json.loads(out) == {"arn": RULE, "name": "my-rule", "at": TIME}
    # AWS's recorded <aws.events.event>: the metadata, detailType, the ingestion time
    event_only = json.loads(transform('{"e": <aws.events.event>}'))["e"]
    assert list(event_only) == ["id", "account", "detailType", "time", "source", "region", "resources", "version"]
    assert event_only == {
        "id": EVENT["id"],
        "account": EVENT["account"],
        "detailType": EVENT["detail-type"],
        "time": TIME,
        "source": EVENT["source"],
        "region": EVENT["region"],
        "resources": EVENT["resources"],
        "version": EVENT["version"],
    }
    assert json.loads(transform('{"e": <aws.events.event.json>}'))["e"] == EVENT
    assert transform("rule <aws.events.rule-name> fired") == "rule my-rule fired"


def test_unknown_placeholders_are_left_as_written():
    assert transform("a <b> c") == "a <b> c"
    assert json.loads(transform('{"x": "<b>"}')) == {"x": "<b>"}


def test_a_template_that_is_an_array():
    assert json.loads(transform("[<state>, 1]", {"state": "$.detail.state"})) == ["RUNNING", 1]


# The values below are AWS's, as LocalStack's AWS-validated test_events_inputs recorded them
# (test_input_transformer_nested_keys_replacement).
RECORDED_DETAIL = {
    **EVENT,
    "detail": {
        "payload": {"acc_id": "0a787ecb-4015", "sf_id": "baz"},
        "listsingle": ["HIGH"],
        "listmulti": ["ACTIVE", "INACTIVE"],
        "valid": True,
    },
}
RECORDED_PATHS = {
    "userId": "$.detail.payload.acc_id",
    "payload": "$.detail.payload",
    "systemstring": "$.detail.awsAccountId",
    "listsingle": "$.detail.listsingle",
    "listmulti": "$.detail.listmulti",
    "valid": "$.detail.valid",
}


def recorded(template):
    return render({"InputTransformer": {"InputPathsMap": RECORDED_PATHS, "InputTemplate": template}}, RECORDED_DETAIL, RULE, TIME)


@pytest.mark.parametrize(
    ("template", "body"),
    [
        ('"Payload of <payload> with path users-service/users/<userId> and <userId>"',
         '"Payload of {acc_id:0a787ecb-4015,sf_id:baz} with path users-service/users/0a787ecb-4015 and 0a787ecb-4015"'),
        ('"<listsingle> single list item"', '"[HIGH] single list item"'),
        ('"<listmulti> multiple list items"', '"[ACTIVE,INACTIVE] multiple list items"'),
        ('"<listsingle> single list item <listmulti> multiple list items <systemstring> system account id <payload> payload <userId> user id"',
         '"[HIGH] single list item [ACTIVE,INACTIVE] multiple list items  system account id {acc_id:0a787ecb-4015,sf_id:baz} payload 0a787ecb-4015 user id"'),
        ('"Command is <valid>!"', '"Command is true!"'),
    ],
)
def test_text_templates_as_aws_recorded_them(template, body):
    assert recorded(template) == body


@pytest.mark.parametrize(
    ("template", "body"),
    [
        ('{"method": "PUT", "path": "users-service/users/<userId>", "bod": <payload>}',
         {"method": "PUT", "path": "users-service/users/0a787ecb-4015", "bod": {"acc_id": "0a787ecb-4015", "sf_id": "baz"}}),
        ('{"id" : <userId>}', {"id": "0a787ecb-4015"}),
        ('{"id" : "<userId>"}', {"id": "0a787ecb-4015"}),
        ('{"method": "PUT", "path": "users-service/users/<userId>", "bod": [<userId>, "hardcoded"]}',
         {"method": "PUT", "path": "users-service/users/0a787ecb-4015", "bod": ["0a787ecb-4015", "hardcoded"]}),
        ('{"singlelistitem": <listsingle>}', {"singlelistitem": ["HIGH"]}),
        ('{"multi_replacement": "users/<userId>/second/<userId>"}', {"multi_replacement": "users/0a787ecb-4015/second/0a787ecb-4015"}),
    ],
)
def test_json_templates_as_aws_recorded_them(template, body):
    assert json.loads(recorded(template)) == body


@pytest.mark.parametrize(
    "template",
    [
        '{"not_valid": "users-service/users/<payload>", "bod": <payload>}',
        '{"payload": "<payload>"}',
        '{"singlelistitem": "<listsingle>"}',
    ],
)
def test_a_list_or_object_inside_a_json_string_renders_nothing(template):
    # AWS delivered nothing for these (test_input_transformer_nested_keys_replacement_not_valid)
    with pytest.raises(InvalidOutput):
        recorded(template)
