"""Tags on event buses and rules: TagResource, UntagResource, ListTagsForResource."""

from __future__ import annotations

import pytest
from events_support import ACCOUNT, OTHER_ACCOUNT, PATTERN, error_of


@pytest.fixture(params=["default-bus", "custom-bus", "default-rule", "custom-rule"])
def arn(request, events):
    """The ARN of a freshly made taggable resource of each kind."""
    if request.param == "default-bus":
        return events.describe_event_bus()["Arn"]
    if request.param == "custom-bus":
        return events.create_event_bus(Name="shop")["EventBusArn"]
    if request.param == "default-rule":
        return events.put_rule(Name="r", EventPattern=PATTERN)["RuleArn"]
    events.create_event_bus(Name="shop")
    return events.put_rule(Name="r", EventBusName="shop", EventPattern=PATTERN)["RuleArn"]


def tags(events, arn):
    return events.list_tags_for_resource(ResourceARN=arn)["Tags"]


def test_tag_list_and_untag(events, arn):
    assert tags(events, arn) == []
    response = events.tag_resource(ResourceARN=arn, Tags=[{"Key": "tag1", "Value": "value1"}, {"Key": "tag2", "Value": "value2"}])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert tags(events, arn) == [{"Key": "tag1", "Value": "value1"}, {"Key": "tag2", "Value": "value2"}]
    events.tag_resource(ResourceARN=arn, Tags=[{"Key": "tag1", "Value": "new"}, {"Key": "tag3", "Value": ""}])
    assert tags(events, arn) == [{"Key": "tag1", "Value": "new"}, {"Key": "tag2", "Value": "value2"}, {"Key": "tag3", "Value": ""}]
    events.untag_resource(ResourceARN=arn, TagKeys=["tag2", "not-there"])
    assert tags(events, arn) == [{"Key": "tag1", "Value": "new"}, {"Key": "tag3", "Value": ""}]


def test_tags_given_at_creation(events):
    bus = events.create_event_bus(Name="shop", Tags=[{"Key": "team", "Value": "orders"}])["EventBusArn"]
    rule = events.put_rule(Name="r", EventPattern=PATTERN, Tags=[{"Key": "env", "Value": "test"}])["RuleArn"]
    assert tags(events, bus) == [{"Key": "team", "Value": "orders"}]
    assert tags(events, rule) == [{"Key": "env", "Value": "test"}]


def test_tags_of_a_partner_bus_and_its_rules(events, client_for):
    name = "aws.partner/example.com/ns/source"
    client_for(OTHER_ACCOUNT).create_partner_event_source(Name=name, Account=ACCOUNT)
    bus = events.create_event_bus(Name=name, EventSourceName=name)["EventBusArn"]
    rule = events.put_rule(Name="r", EventBusName=name, EventPattern=PATTERN)["RuleArn"]
    assert rule == f"arn:aws:events:us-east-1:{ACCOUNT}:rule/{name}/r"
    for arn in (bus, rule):
        events.tag_resource(ResourceARN=arn, Tags=[{"Key": "k", "Value": "v"}])
        assert tags(events, arn) == [{"Key": "k", "Value": "v"}]


def test_unknown_rule_arn_is_not_found(events):
    missing = f"arn:aws:events:us-east-1:{ACCOUNT}:rule/nope"
    for call in (
        lambda: events.tag_resource(ResourceARN=missing, Tags=[{"Key": "k", "Value": "v"}]),
        lambda: events.untag_resource(ResourceARN=missing, TagKeys=["k"]),
        lambda: events.list_tags_for_resource(ResourceARN=missing),
    ):
        with pytest.raises(events.exceptions.ResourceNotFoundException) as info:
            call()
        assert error_of(info) == ("ResourceNotFoundException", "Rule nope does not exist on EventBus default.")


def test_unknown_bus_arn_is_not_found(events):
    for missing in (
        f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/nope",
        f"arn:aws:events:us-east-1:{ACCOUNT}:rule/nope/r",
        f"arn:aws:events:us-east-1:{OTHER_ACCOUNT}:event-bus/nope",
    ):
        with pytest.raises(events.exceptions.ResourceNotFoundException) as info:
            events.list_tags_for_resource(ResourceARN=missing)
        assert error_of(info) == ("ResourceNotFoundException", "Event bus nope does not exist.")


def test_a_rule_on_its_bus_only(events):
    events.create_event_bus(Name="shop")
    events.put_rule(Name="r", EventBusName="shop", EventPattern=PATTERN)
    with pytest.raises(events.exceptions.ResourceNotFoundException, match="Rule r does not exist on EventBus default."):
        events.list_tags_for_resource(ResourceARN=f"arn:aws:events:us-east-1:{ACCOUNT}:rule/r")


@pytest.mark.parametrize(
    "resource_arn", ["not-an-arn", f"arn:aws:sqs:us-east-1:{ACCOUNT}:queue", f"arn:aws:events:us-east-1:{ACCOUNT}:archive/a"]
)
def test_an_arn_that_names_no_bus_or_rule_is_refused(events, resource_arn):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.list_tags_for_resource(ResourceARN=resource_arn)
    code, message = error_of(info)
    assert code == "ValidationException"
    assert resource_arn in message


def test_invalid_tags_change_nothing(events, arn):
    events.tag_resource(ResourceARN=arn, Tags=[{"Key": "keep", "Value": "me"}])
    with pytest.raises(events.exceptions.ClientError) as info:
        events.tag_resource(ResourceARN=arn, Tags=[{"Key": "dup", "Value": "1"}, {"Key": "dup", "Value": "2"}])
    assert error_of(info) == ("ValidationException", "Invalid parameter: Duplicated keys are not allowed.")
    with pytest.raises(events.exceptions.ClientError, match="at most 50 tags"):
        events.tag_resource(ResourceARN=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    assert tags(events, arn) == [{"Key": "keep", "Value": "me"}]
    events.tag_resource(ResourceARN=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(49)])  # 50 in all: fine
    assert len(tags(events, arn)) == 50


def test_tag_key_and_value_length_are_model_constraints(events):
    arn = events.describe_event_bus()["Arn"]
    with pytest.raises(events.exceptions.ClientError) as info:
        events.tag_resource(ResourceARN=arn, Tags=[{"Key": "k" * 129, "Value": "v"}, {"Key": "k", "Value": "v" * 257}])
    code, message = error_of(info)
    assert code == "ValidationException"
    assert message.startswith("2 validation errors detected: ")
    assert "at 'tags.1.member.key'" in message and "at 'tags.2.member.value'" in message


def test_listed_tags_are_a_copy(events, arn):
    events.tag_resource(ResourceARN=arn, Tags=[{"Key": "a", "Value": "1"}])
    tags(events, arn)[0]["Value"] = "mutated"
    assert tags(events, arn) == [{"Key": "a", "Value": "1"}]
