"""Rules: PutRule (create and replace), validation, DescribeRule, ListRules, Enable/Disable,
DeleteRule (targets, managed rules), ListRuleNamesByTarget."""

from __future__ import annotations

import json

import pytest
from events_support import ACCOUNT, OTHER_ACCOUNT, PATTERN, QUEUE, error_of, status_of


def test_put_rule_on_the_default_bus(events):
    response = events.put_rule(Name="orders", EventPattern=PATTERN)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["RuleArn"] == f"arn:aws:events:us-east-1:{ACCOUNT}:rule/orders"


def test_put_rule_on_a_custom_bus_by_name_and_by_arn(events):
    bus_arn = events.create_event_bus(Name="shop")["EventBusArn"]
    by_name = events.put_rule(Name="a", EventBusName="shop", EventPattern=PATTERN)["RuleArn"]
    by_arn = events.put_rule(Name="b", EventBusName=bus_arn, EventPattern=PATTERN)["RuleArn"]
    assert by_name == f"arn:aws:events:us-east-1:{ACCOUNT}:rule/shop/a"
    assert by_arn == f"arn:aws:events:us-east-1:{ACCOUNT}:rule/shop/b"
    assert events.describe_rule(Name="b", EventBusName="shop")["EventBusName"] == "shop"


def test_describe_rule_returns_every_field(events):
    arn = events.put_rule(
        Name="orders",
        EventPattern=PATTERN,
        ScheduleExpression="rate(5 minutes)",
        State="DISABLED",
        Description="order rule",
        RoleArn=f"arn:aws:iam::{ACCOUNT}:role/events",
    )["RuleArn"]
    rule = events.describe_rule(Name="orders")
    rule.pop("ResponseMetadata")
    assert rule == {
        "Name": "orders",
        "Arn": arn,
        "EventPattern": PATTERN,
        "ScheduleExpression": "rate(5 minutes)",
        "State": "DISABLED",
        "Description": "order rule",
        "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/events",
        "EventBusName": "default",
        "CreatedBy": ACCOUNT,
    }


def test_the_event_pattern_is_returned_as_given(events):
    pattern = '{ "source" : [ "shop" ],\n  "detail-type": ["OrderPlaced"] }'
    events.put_rule(Name="r", EventPattern=pattern)
    assert events.describe_rule(Name="r")["EventPattern"] == pattern


def test_rules_are_enabled_by_default(events):
    events.put_rule(Name="r", EventPattern=PATTERN)
    assert events.describe_rule(Name="r")["State"] == "ENABLED"


def test_put_rule_replaces_the_rule_but_keeps_targets_and_tags(events):
    events.put_rule(Name="r", EventPattern=PATTERN, Description="first", Tags=[{"Key": "team", "Value": "a"}], State="DISABLED")
    events.put_targets(Rule="r", Targets=[{"Id": "q", "Arn": QUEUE}])
    arn = events.put_rule(Name="r", ScheduleExpression="rate(1 hour)", Tags=[{"Key": "ignored", "Value": "x"}])["RuleArn"]
    rule = events.describe_rule(Name="r")
    assert "EventPattern" not in rule and "Description" not in rule
    assert rule["ScheduleExpression"] == "rate(1 hour)"
    assert rule["State"] == "ENABLED"
    assert [t["Id"] for t in events.list_targets_by_rule(Rule="r")["Targets"]] == ["q"]
    assert events.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "team", "Value": "a"}]


def test_neither_pattern_nor_schedule_is_refused(events):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.put_rule(Name="r")
    assert error_of(info) == ("ValidationException", "Parameter(s) EventPattern or ScheduleExpression must be specified.")
    assert status_of(info) == 400
    with pytest.raises(events.exceptions.ClientError, match="must be specified"):
        events.put_rule(Name="r", EventPattern="", ScheduleExpression="")


def test_schedule_expressions_only_on_the_default_bus(events):
    events.create_event_bus(Name="shop")
    with pytest.raises(events.exceptions.ClientError) as info:
        events.put_rule(Name="r", EventBusName="shop", ScheduleExpression="rate(1 minute)")
    assert error_of(info) == ("ValidationException", "ScheduleExpression is supported only on the default event bus.")
    assert events.list_rules(EventBusName="shop")["Rules"] == []


def test_a_rule_may_have_both_a_pattern_and_a_schedule(events):
    events.put_rule(Name="r", EventPattern=PATTERN, ScheduleExpression="cron(0 12 * * ? *)")
    rule = events.describe_rule(Name="r")
    assert (rule["EventPattern"], rule["ScheduleExpression"]) == (PATTERN, "cron(0 12 * * ? *)")


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ('{"source": "shop"}', '"source" must be an object or an array\n at [Source: (String)"{"source": "shop"}"; line: 1, column: 13]'),
        ('{"source": []}', 'Empty arrays are not allowed\n at [Source: (String)"{"source": []}"; line: 1, column: 14]'),
        ("not json", None),
        ('["source"]', None),
    ],
)
def test_an_invalid_pattern_is_refused_and_nothing_is_stored(events, pattern, reason):
    events.put_rule(Name="r", EventPattern=PATTERN, Description="keep")
    with pytest.raises(events.exceptions.InvalidEventPatternException) as info:
        events.put_rule(Name="r", EventPattern=pattern)
    code, message = error_of(info)
    assert code == "InvalidEventPatternException"
    assert message.startswith("Event pattern is not valid. Reason: ")
    if reason is not None:
        assert message == f"Event pattern is not valid. Reason: {reason}"
    assert status_of(info) == 400
    rule = events.describe_rule(Name="r")
    assert (rule["EventPattern"], rule["Description"]) == (PATTERN, "keep")
    with pytest.raises(events.exceptions.InvalidEventPatternException):
        events.put_rule(Name="new", EventPattern=pattern)
    assert [r["Name"] for r in events.list_rules()["Rules"]] == ["r"]


def test_a_pattern_over_2048_characters_is_refused(events):
    pattern = json.dumps({"source": ["s" * 2100]})
    with pytest.raises(events.exceptions.ClientError) as info:
        events.put_rule(Name="big", EventPattern=pattern)
    assert error_of(info) == ("ValidationException", "Parameter EventPattern for rule big exceeds limit of 2048.")
    events.put_rule(Name="fits", EventPattern=json.dumps({"source": ["s" * 2000]}))


def test_put_rule_on_an_unknown_bus_is_not_found(events):
    for bus in ("nope", f"arn:aws:events:us-east-1:{OTHER_ACCOUNT}:event-bus/nope"):
        with pytest.raises(events.exceptions.ResourceNotFoundException) as info:
            events.put_rule(Name="r", EventBusName=bus, EventPattern=PATTERN)
        assert error_of(info) == ("ResourceNotFoundException", "Event bus nope does not exist.")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"Name": "bad name"}, "name"),
        ({"Name": "r" * 65}, "name"),
        ({"Name": "r", "State": "ASLEEP"}, "state"),
        ({"Name": "r", "Description": "d" * 513}, "description"),
        ({"Name": "r", "EventBusName": "bad bus"}, "eventBusName"),
    ],
)
def test_model_constraints_on_put_rule(events, params, field):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.put_rule(EventPattern=PATTERN, **params)
    code, message = error_of(info)
    assert code == "ValidationException"
    assert message.startswith("1 validation error detected: ")
    assert f"at '{field}' failed to satisfy constraint" in message
    assert events.list_rules()["Rules"] == []


def test_describe_unknown_rule_is_not_found(events):
    events.create_event_bus(Name="shop")
    with pytest.raises(events.exceptions.ResourceNotFoundException) as info:
        events.describe_rule(Name="nope")
    assert error_of(info) == ("ResourceNotFoundException", "Rule nope does not exist on EventBus default.")
    with pytest.raises(events.exceptions.ResourceNotFoundException, match="Rule nope does not exist on EventBus shop."):
        events.describe_rule(Name="nope", EventBusName="shop")
    with pytest.raises(events.exceptions.ResourceNotFoundException, match="Event bus ghost does not exist."):
        events.describe_rule(Name="nope", EventBusName="ghost")


def test_rules_of_one_bus_are_not_seen_on_another(events):
    events.create_event_bus(Name="shop")
    events.put_rule(Name="r", EventBusName="shop", EventPattern=PATTERN)
    with pytest.raises(events.exceptions.ResourceNotFoundException):
        events.describe_rule(Name="r")
    assert events.list_rules()["Rules"] == []
    events.put_rule(Name="r", EventPattern=PATTERN)  # the same name on another bus is another rule
    assert events.describe_rule(Name="r")["Arn"].endswith(":rule/r")


def test_list_rules_sorted_by_name_with_the_list_fields(events):
    for name in ("zulu", "alpha", "mike"):
        events.put_rule(Name=name, EventPattern=PATTERN, Description=name)
    rules = events.list_rules()["Rules"]
    assert [r["Name"] for r in rules] == ["alpha", "mike", "zulu"]
    assert rules[0] == {
        "Name": "alpha",
        "Arn": f"arn:aws:events:us-east-1:{ACCOUNT}:rule/alpha",
        "EventPattern": PATTERN,
        "State": "ENABLED",
        "Description": "alpha",
        "EventBusName": "default",
    }


def test_list_rules_by_prefix_and_bus(events):
    events.create_event_bus(Name="shop")
    for name in ("order-a", "order-b", "billing"):
        events.put_rule(Name=name, EventBusName="shop", EventPattern=PATTERN)
    listed = events.list_rules(EventBusName="shop", NamePrefix="order-")
    assert [r["Name"] for r in listed["Rules"]] == ["order-a", "order-b"]
    with pytest.raises(events.exceptions.ResourceNotFoundException, match="Event bus ghost does not exist."):
        events.list_rules(EventBusName="ghost")


def test_list_rules_pages(events):
    names = [f"rule-{i}" for i in range(7)]
    for name in reversed(names):
        events.put_rule(Name=name, EventPattern=PATTERN)
    first = events.list_rules(Limit=3)
    second = events.list_rules(Limit=3, NextToken=first["NextToken"])
    third = events.list_rules(Limit=3, NextToken=second["NextToken"])
    assert [r["Name"] for page in (first, second, third) for r in page["Rules"]] == names
    assert "NextToken" not in third


def test_disable_and_enable_rule(events):
    events.create_event_bus(Name="shop")
    events.put_rule(Name="r", EventBusName="shop", EventPattern=PATTERN)
    assert events.disable_rule(Name="r", EventBusName="shop")["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert events.describe_rule(Name="r", EventBusName="shop")["State"] == "DISABLED"
    events.enable_rule(Name="r", EventBusName="shop")
    assert events.describe_rule(Name="r", EventBusName="shop")["State"] == "ENABLED"


@pytest.mark.parametrize("operation", ["enable_rule", "disable_rule"])
def test_enable_or_disable_unknown_rule_is_not_found(events, operation):
    with pytest.raises(events.exceptions.ResourceNotFoundException, match="Rule nope does not exist on EventBus default."):
        getattr(events, operation)(Name="nope")


def test_delete_rule(events):
    arn = events.put_rule(Name="r", EventPattern=PATTERN, Tags=[{"Key": "k", "Value": "v"}])["RuleArn"]
    assert events.delete_rule(Name="r")["ResponseMetadata"]["HTTPStatusCode"] == 200
    with pytest.raises(events.exceptions.ResourceNotFoundException):
        events.describe_rule(Name="r")
    events.put_rule(Name="r", EventPattern=PATTERN)
    assert events.list_tags_for_resource(ResourceARN=arn)["Tags"] == []


def test_deleting_a_missing_rule_succeeds_but_a_missing_bus_does_not(events):
    events.delete_rule(Name="never")
    events.delete_rule(Name="never")
    with pytest.raises(events.exceptions.ResourceNotFoundException, match="Event bus ghost does not exist."):
        events.delete_rule(Name="never", EventBusName="ghost")


@pytest.mark.parametrize("force", [False, True])
def test_a_rule_with_targets_cannot_be_deleted(events, force):
    events.put_rule(Name="r", EventPattern=PATTERN)
    events.put_targets(Rule="r", Targets=[{"Id": "q", "Arn": QUEUE}])
    with pytest.raises(events.exceptions.ClientError) as info:
        events.delete_rule(Name="r", Force=force)  # Force only concerns managed rules
    assert error_of(info) == ("ValidationException", "Rule can't be deleted since it has targets.")
    assert events.describe_rule(Name="r")["Name"] == "r"
    events.remove_targets(Rule="r", Ids=["q"])
    events.delete_rule(Name="r")


def test_a_managed_rule_is_deleted_or_loses_targets_only_with_force(eventmock, events):
    backend = eventmock.backend("events")
    backend._put_managed_rule("Managed-Rule", "aws.example", event_pattern=PATTERN, rule_targets=[{"Id": "q", "Arn": QUEUE}])
    assert events.describe_rule(Name="Managed-Rule")["ManagedBy"] == "aws.example"
    message = "Managed-Rule is a managed rule. Set 'force' parameter to true to override."
    with pytest.raises(events.exceptions.ManagedRuleException) as info:
        events.remove_targets(Rule="Managed-Rule", Ids=["q"])
    assert error_of(info) == ("ManagedRuleException", message)
    assert status_of(info) == 400
    with pytest.raises(events.exceptions.ManagedRuleException, match="is a managed rule"):
        events.delete_rule(Name="Managed-Rule")
    assert [t["Id"] for t in events.list_targets_by_rule(Rule="Managed-Rule")["Targets"]] == ["q"]
    events.remove_targets(Rule="Managed-Rule", Ids=["q"], Force=True)
    assert events.list_targets_by_rule(Rule="Managed-Rule")["Targets"] == []
    backend._put_managed_rule("Managed-Rule", "aws.example", event_pattern=PATTERN, rule_targets=[{"Id": "q", "Arn": QUEUE}])
    events.delete_rule(Name="Managed-Rule", Force=True)  # targets and all
    with pytest.raises(events.exceptions.ResourceNotFoundException):
        events.describe_rule(Name="Managed-Rule")


def test_customers_cannot_change_a_managed_rule(eventmock, events):
    rule = eventmock.backend("events")._put_managed_rule("Managed-Rule", "aws.example", event_pattern=PATTERN)
    for call in (
        lambda: events.put_rule(Name="Managed-Rule", EventPattern=PATTERN),
        lambda: events.disable_rule(Name="Managed-Rule"),
        lambda: events.enable_rule(Name="Managed-Rule"),
        lambda: events.put_targets(Rule="Managed-Rule", Targets=[{"Id": "q", "Arn": QUEUE}]),
        lambda: events.tag_resource(ResourceARN=rule.arn, Tags=[{"Key": "k", "Value": "v"}]),
        lambda: events.untag_resource(ResourceARN=rule.arn, TagKeys=["k"]),
    ):
        with pytest.raises(events.exceptions.ManagedRuleException):
            call()
    described = events.describe_rule(Name="Managed-Rule")
    assert (described["State"], described["ManagedBy"]) == ("ENABLED", "aws.example")
    assert events.list_targets_by_rule(Rule="Managed-Rule")["Targets"] == []
    assert events.list_tags_for_resource(ResourceARN=rule.arn)["Tags"] == []


def test_list_rule_names_by_target(events):
    other_queue = QUEUE + "-2"
    events.create_event_bus(Name="shop")
    for name, arn in (("c", QUEUE), ("a", QUEUE), ("b", other_queue)):
        events.put_rule(Name=name, EventPattern=PATTERN)
        events.put_targets(Rule=name, Targets=[{"Id": "t", "Arn": arn}])
    events.put_rule(Name="elsewhere", EventBusName="shop", EventPattern=PATTERN)
    events.put_targets(Rule="elsewhere", EventBusName="shop", Targets=[{"Id": "t", "Arn": QUEUE}])
    assert events.list_rule_names_by_target(TargetArn=QUEUE)["RuleNames"] == ["a", "c"]
    assert events.list_rule_names_by_target(TargetArn=QUEUE, EventBusName="shop")["RuleNames"] == ["elsewhere"]
    assert events.list_rule_names_by_target(TargetArn="arn:aws:sqs:us-east-1:123456789012:none")["RuleNames"] == []
    first = events.list_rule_names_by_target(TargetArn=QUEUE, Limit=1)
    second = events.list_rule_names_by_target(TargetArn=QUEUE, Limit=1, NextToken=first["NextToken"])
    assert (first["RuleNames"], second["RuleNames"], "NextToken" in second) == (["a"], ["c"], False)
    with pytest.raises(events.exceptions.ResourceNotFoundException):
        events.list_rule_names_by_target(TargetArn=QUEUE, EventBusName="ghost")
