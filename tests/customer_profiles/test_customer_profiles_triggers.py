"""Event triggers: create, get, update, list, delete, and the errors."""

from __future__ import annotations

import pytest

CONDITIONS = [
    {
        "EventTriggerDimensions": [
            {"ObjectAttributes": [{"Source": "{_order.total}", "ComparisonOperator": "GREATER_THAN", "Values": ["100"]}]}
        ],
        "LogicalOperator": "ANY",
    }
]
LIMITS = {"EventExpiration": 3600, "Periods": [{"Unit": "DAYS", "Value": 1, "MaxInvocationsPerProfile": 2}]}


def create(client, name="big-order", **extra):
    return client.create_event_trigger(
        DomainName="shop", EventTriggerName=name, ObjectTypeName="_order", EventTriggerConditions=CONDITIONS, **extra
    )


def test_create_answers_what_get_and_list_see(client, domain):
    created = create(client, Description="Big orders", EventTriggerLimits=LIMITS, SegmentFilter="vip", Tags={"a": "b"})
    for answer in (created, client.get_event_trigger(DomainName="shop", EventTriggerName="big-order")):
        assert answer["EventTriggerName"] == "big-order"
        assert answer["ObjectTypeName"] == "_order"
        assert answer["EventTriggerConditions"] == CONDITIONS
        assert answer["EventTriggerLimits"] == LIMITS
        assert answer["SegmentFilter"] == "vip"
        assert answer["Tags"] == {"a": "b"}
        assert answer["CreatedAt"] == answer["LastUpdatedAt"]
    [item] = client.list_event_triggers(DomainName="shop")["Items"]
    assert set(item) == {"ObjectTypeName", "EventTriggerName", "Description", "CreatedAt", "LastUpdatedAt", "Tags"}


def test_absent_members_are_omitted(client, domain):
    created = create(client)
    assert not {"Description", "SegmentFilter", "IntentFilterDefinition", "EventTriggerLimits", "Tags"} & set(created)


def test_update_replaces_the_members_given(client, domain):
    create(client, Description="old")
    updated = client.update_event_trigger(DomainName="shop", EventTriggerName="big-order", EventTriggerLimits=LIMITS)
    assert updated["Description"] == "old"
    assert updated["EventTriggerLimits"] == LIMITS
    got = client.get_event_trigger(DomainName="shop", EventTriggerName="big-order")
    assert got["EventTriggerLimits"] == LIMITS


def test_delete(client, domain):
    create(client)
    assert client.delete_event_trigger(DomainName="shop", EventTriggerName="big-order")["Message"]
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_event_trigger(DomainName="shop", EventTriggerName="big-order")
    assert client.list_event_triggers(DomainName="shop")["Items"] == []


def test_errors(client, domain):
    create(client)
    with pytest.raises(client.exceptions.BadRequestException):
        create(client)
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_event_trigger(DomainName="nope", EventTriggerName="big-order")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.update_event_trigger(DomainName="shop", EventTriggerName="other", Description="x")
    with pytest.raises(client.exceptions.BadRequestException):
        client.list_event_triggers(DomainName="shop", NextToken="garbage")
