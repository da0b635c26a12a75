"""Targets: PutTargets (every member stored, the five-target limit, AWS's checks),
RemoveTargets, ListTargetsByRule with pagination."""

from __future__ import annotations

import json

import pytest
from events_support import ACCOUNT, PATTERN, QUEUE, error_of, status_of

ROLE = f"arn:aws:iam::{ACCOUNT}:role/events"
STREAM = f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/s"
DLQ = f"arn:aws:sqs:us-east-1:{ACCOUNT}:dlq"


@pytest.fixture
def rule(events):
    events.put_rule(Name="r", EventPattern=PATTERN)
    return "r"


def listed(events, rule="r", **kwargs):
    return events.list_targets_by_rule(Rule=rule, **kwargs)["Targets"]


def test_put_targets_and_list_them(events, rule):
    response = events.put_targets(Rule=rule, Targets=[{"Id": "q", "Arn": QUEUE}])
    assert response["FailedEntryCount"] == 0
    assert response["FailedEntries"] == []
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert listed(events) == [{"Id": "q", "Arn": QUEUE}]


FULL_TARGETS = [
    {
        "Id": "stream",
        "Arn": STREAM,
        "RoleArn": ROLE,
        "InputTransformer": {"InputPathsMap": {"id": "$.detail.id", "src": "$.source"}, "InputTemplate": '{"id": <id>}'},
        "KinesisParameters": {"PartitionKeyPath": "$.detail.id"},
        "DeadLetterConfig": {"Arn": DLQ},
        "RetryPolicy": {"MaximumRetryAttempts": 3, "MaximumEventAgeInSeconds": 600},
    },
    {
        "Id": "fifo",
        "Arn": QUEUE + ".fifo",
        "InputPath": "$.detail",
        "SqsParameters": {"MessageGroupId": "orders"},
    },
    {
        "Id": "ecs",
        "Arn": f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/c",
        "RoleArn": ROLE,
        "Input": json.dumps({"fixed": True}),
        "EcsParameters": {
            "TaskDefinitionArn": f"arn:aws:ecs:us-east-1:{ACCOUNT}:task-definition/t:1",
            "TaskCount": 2,
            "LaunchType": "FARGATE",
            "NetworkConfiguration": {"awsvpcConfiguration": {"Subnets": ["subnet-1"], "AssignPublicIp": "DISABLED"}},
            "EnableECSManagedTags": True,
            "Tags": [{"Key": "k", "Value": "v"}],
        },
    },
    {
        "Id": "batch",
        "Arn": f"arn:aws:batch:us-east-1:{ACCOUNT}:job-queue/q",
        "RoleArn": ROLE,
        "BatchParameters": {"JobDefinition": "jd", "JobName": "jn", "ArrayProperties": {"Size": 10}, "RetryStrategy": {"Attempts": 2}},
    },
    {
        "Id": "api",
        "Arn": f"arn:aws:events:us-east-1:{ACCOUNT}:api-destination/d/abc",
        "RoleArn": ROLE,
        "HttpParameters": {"PathParameterValues": ["p"], "HeaderParameters": {"h": "v"}, "QueryStringParameters": {"q": "v"}},
    },
]


def test_every_member_of_a_target_is_stored_and_returned(events, rule):
    events.put_targets(Rule=rule, Targets=FULL_TARGETS)
    assert listed(events) == FULL_TARGETS


def test_put_targets_updates_a_target_with_the_same_id_in_place(events, rule):
    events.put_targets(Rule=rule, Targets=[{"Id": "a", "Arn": QUEUE}, {"Id": "b", "Arn": QUEUE, "Input": "1"}])
    events.put_targets(Rule=rule, Targets=[{"Id": "a", "Arn": QUEUE + "-2"}, {"Id": "c", "Arn": QUEUE}])
    assert listed(events) == [{"Id": "a", "Arn": QUEUE + "-2"}, {"Id": "b", "Arn": QUEUE, "Input": "1"}, {"Id": "c", "Arn": QUEUE}]


def test_targets_on_a_custom_bus(events):
    bus_arn = events.create_event_bus(Name="shop")["EventBusArn"]
    events.put_rule(Name="r", EventBusName="shop", EventPattern=PATTERN)
    events.put_targets(Rule="r", EventBusName=bus_arn, Targets=[{"Id": "q", "Arn": QUEUE}])
    assert listed(events, EventBusName="shop") == [{"Id": "q", "Arn": QUEUE}]
    with pytest.raises(events.exceptions.ResourceNotFoundException, match="Rule r does not exist on EventBus default."):
        listed(events)


def test_at_most_five_targets_per_rule(events, rule):
    events.put_targets(Rule=rule, Targets=[{"Id": f"t{i}", "Arn": QUEUE} for i in range(4)])
    with pytest.raises(events.exceptions.LimitExceededException) as info:
        events.put_targets(Rule=rule, Targets=[{"Id": "t4", "Arn": QUEUE}, {"Id": "t5", "Arn": QUEUE}])
    assert error_of(info) == ("LimitExceededException", "The requested resource exceeds the maximum number allowed.")
    assert status_of(info) == 400
    assert [t["Id"] for t in listed(events)] == ["t0", "t1", "t2", "t3"]
    events.put_targets(Rule=rule, Targets=[{"Id": "t0", "Arn": QUEUE + "-x"}, {"Id": "t4", "Arn": QUEUE}])  # 5: fine
    assert len(listed(events)) == 5


def test_seven_targets_in_one_call_are_refused(events, rule):
    with pytest.raises(events.exceptions.LimitExceededException):
        events.put_targets(Rule=rule, Targets=[{"Id": f"t{i}", "Arn": QUEUE} for i in range(7)])
    assert listed(events) == []


def test_put_targets_on_unknown_rule_or_bus(events):
    with pytest.raises(events.exceptions.ResourceNotFoundException) as info:
        events.put_targets(Rule="nope", Targets=[{"Id": "q", "Arn": QUEUE}])
    assert error_of(info) == ("ResourceNotFoundException", "Rule nope does not exist on EventBus default.")
    with pytest.raises(events.exceptions.ResourceNotFoundException, match="Event bus ghost does not exist."):
        events.put_targets(Rule="nope", EventBusName="ghost", Targets=[{"Id": "q", "Arn": QUEUE}])


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ({"Id": "x", "Arn": "not-an-arn"}, "Parameter not-an-arn is not valid. Reason: Provided Arn is not in correct format."),
        ({"Id": "x", "Arn": STREAM}, f"Rule r does not have RoleArn assigned to invoke target {STREAM}."),
        (
            {"Id": "x", "Arn": f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:m"},
            f"RoleArn is required for target arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:m.",
        ),
        (
            {"Id": "x", "Arn": f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/other"},
            f"RoleArn is required for target arn:aws:events:us-east-1:{ACCOUNT}:event-bus/other.",
        ),
        (
            {"Id": "x", "Arn": f"arn:aws:events:eu-west-1:{ACCOUNT}:event-bus/default"},
            f"RoleArn is required for target arn:aws:events:eu-west-1:{ACCOUNT}:event-bus/default.",
        ),
        (
            {"Id": "x", "Arn": f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/c", "RoleArn": ROLE},
            "Parameter(s) EcsParameters must be specified for target: x.",
        ),
        (
            {"Id": "x", "Arn": f"arn:aws:batch:us-east-1:{ACCOUNT}:job-queue/q", "RoleArn": ROLE},
            "Parameter(s) BatchParameters must be specified for target: x.",
        ),
        ({"Id": "x", "Arn": QUEUE + ".fifo"}, "Parameter(s) SqsParameters must be specified for target: x."),
        (
            {"Id": "x", "Arn": QUEUE, "KinesisParameters": {"PartitionKeyPath": "$.id"}},
            "Parameter(s) KinesisParameters not supported for target: x.",
        ),
        (
            {"Id": "x", "Arn": QUEUE, "Input": "{}", "InputPath": "$.detail"},
            "Only one of Input, InputPath, or InputTransformer must be provided for target x.",
        ),
        ({"Id": "x", "Arn": QUEUE, "Input": "{not json"}, "JSON syntax error in input for target x."),
        ({"Id": "x", "Arn": QUEUE, "InputPath": "detail.id"}, "InputPath for target x is invalid."),
        ({"Id": "x", "Arn": QUEUE, "InputPath": "$.detail['id']"}, "InputPath for target x is invalid."),
        (
            {"Id": "x", "Arn": QUEUE, "InputTransformer": {"InputPathsMap": {"a": "source"}, "InputTemplate": "<a>"}},
            "InputPath for target x is invalid.",
        ),
        (
            # AWS's recorded answer (LocalStack snapshot test_put_events_with_input_transformer_missing_keys)
            {"Id": "x", "Arn": QUEUE, "InputTransformer": {"InputPathsMap": {"a": "$.source"}, "InputTemplate": '{"a": <a>, "b": <notdefinedkey>}'}},
            "InputTemplate for target x contains invalid placeholder notdefinedkey.",
        ),
        (
            {"Id": "x", "Arn": QUEUE, "DeadLetterConfig": {"Arn": f"arn:aws:sns:us-east-1:{ACCOUNT}:t"}},
            "sns is not supported as a dead letter resource",
        ),
        (
            {"Id": "x", "Arn": QUEUE, "DeadLetterConfig": {"Arn": DLQ + ".fifo"}},
            "SQS FIFO is not supported by Dead Letter Queues",
        ),
        (
            {
                "Id": "x",
                "Arn": f"arn:aws:batch:us-east-1:{ACCOUNT}:job-queue/q",
                "RoleArn": ROLE,
                "BatchParameters": {"JobDefinition": "d", "JobName": "n", "ArrayProperties": {"Size": 1}},
            },
            "Parameter ArrayProperties is not valid. Reason: Size must be in between 2 and 10000.",
        ),
        (
            {
                "Id": "x",
                "Arn": f"arn:aws:batch:us-east-1:{ACCOUNT}:job-queue/q",
                "RoleArn": ROLE,
                "BatchParameters": {"JobDefinition": "d", "JobName": "n", "RetryStrategy": {"Attempts": 11}},
            },
            "Parameter RetryStrategy is not valid. Reason: Attempts must be in between 1 and 10.",
        ),
    ],
)
def test_invalid_targets_refuse_the_whole_call(events, rule, target, message):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.put_targets(Rule=rule, Targets=[{"Id": "ok", "Arn": QUEUE}, target])
    assert error_of(info) == ("ValidationException", message)
    assert status_of(info) == 400
    assert listed(events) == []


@pytest.mark.parametrize("path", ["$", "$.detail", "$.detail.items[0]", "$.detail.a.b"])
def test_input_paths_aws_accepts(events, rule, path):
    events.put_targets(Rule=rule, Targets=[{"Id": "x", "Arn": QUEUE, "InputPath": path}])
    assert listed(events)[0]["InputPath"] == path


@pytest.mark.parametrize("value", ['"a string"', "42", "null", "[1, 2]"])
def test_input_may_be_any_json_value(events, rule, value):
    events.put_targets(Rule=rule, Targets=[{"Id": "x", "Arn": QUEUE, "Input": value}])
    assert listed(events)[0]["Input"] == value


@pytest.mark.parametrize(
    "arn",
    [
        f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:f",
        f"arn:aws:sns:us-east-1:{ACCOUNT}:t",
        f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/aws/events/g",
        QUEUE,
    ],
)
def test_resource_policy_targets_need_no_role(events, rule, arn):
    events.put_targets(Rule=rule, Targets=[{"Id": "x", "Arn": arn}])
    assert listed(events) == [{"Id": "x", "Arn": arn}]


def test_the_same_id_twice_in_one_call_is_refused(events, rule):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.put_targets(Rule=rule, Targets=[{"Id": "same", "Arn": QUEUE}, {"Id": "same", "Arn": QUEUE + "-2"}])
    assert error_of(info) == (
        "ValidationException",
        "Parameter targets is not valid. Reason: More than one target with Id 'same' is provided.",
    )
    assert listed(events) == []


@pytest.mark.parametrize(
    ("target_id", "constraint"),
    [
        ("!@#$", "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+"),
        ("t" * 65, "Member must have length less than or equal to 64"),
    ],
)
def test_target_id_model_constraints(events, rule, target_id, constraint):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.put_targets(Rule=rule, Targets=[{"Id": "fine", "Arn": QUEUE}, {"Id": target_id, "Arn": QUEUE}])
    assert error_of(info) == (
        "ValidationException",
        f"1 validation error detected: Value '{target_id}' at 'targets.2.member.id' failed to satisfy constraint: {constraint}",
    )


def test_stored_targets_are_copies(events, rule):
    target = {"Id": "q", "Arn": QUEUE, "RetryPolicy": {"MaximumRetryAttempts": 1}}
    events.put_targets(Rule=rule, Targets=[target])
    target["RetryPolicy"]["MaximumRetryAttempts"] = 99
    first = listed(events)
    first[0]["Arn"] = "changed"
    assert listed(events) == [{"Id": "q", "Arn": QUEUE, "RetryPolicy": {"MaximumRetryAttempts": 1}}]


def test_remove_targets(events, rule):
    events.put_targets(Rule=rule, Targets=[{"Id": i, "Arn": QUEUE} for i in "abc"])
    response = events.remove_targets(Rule=rule, Ids=["a", "c"])
    assert (response["FailedEntryCount"], response["FailedEntries"]) == (0, [])
    assert [t["Id"] for t in listed(events)] == ["b"]


def test_removing_an_unknown_target_id_succeeds(events, rule):
    events.put_targets(Rule=rule, Targets=[{"Id": "a", "Arn": QUEUE}])
    response = events.remove_targets(Rule=rule, Ids=["ghost"])
    assert response["FailedEntryCount"] == 0
    assert [t["Id"] for t in listed(events)] == ["a"]


def test_remove_targets_of_unknown_rule_is_not_found(events):
    with pytest.raises(events.exceptions.ResourceNotFoundException, match="Rule nope does not exist on EventBus default."):
        events.remove_targets(Rule="nope", Ids=["a"])


def test_list_targets_by_rule_pages(events, rule):
    events.put_targets(Rule=rule, Targets=[{"Id": f"t{i}", "Arn": QUEUE} for i in range(5)])
    first = events.list_targets_by_rule(Rule=rule, Limit=3)
    rest = events.list_targets_by_rule(Rule=rule, NextToken=first["NextToken"])
    assert [t["Id"] for t in first["Targets"]] == ["t0", "t1", "t2"]
    assert [t["Id"] for t in rest["Targets"]] == ["t3", "t4"]
    assert "NextToken" not in rest


def test_list_targets_of_a_rule_without_targets_is_empty(events, rule):
    assert events.list_targets_by_rule(Rule=rule)["Targets"] == []


def test_list_targets_of_unknown_rule_is_not_found(events):
    with pytest.raises(events.exceptions.ResourceNotFoundException, match="Rule nope does not exist on EventBus default."):
        events.list_targets_by_rule(Rule="nope")
