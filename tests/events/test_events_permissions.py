"""Event bus permissions: PutPermission (statement form and whole policy), RemovePermission,
and the policy DescribeEventBus and ListEventBuses report."""

from __future__ import annotations

import json

import pytest
from events_support import ACCOUNT, OTHER_ACCOUNT, error_of, status_of
from freezegun import freeze_time

DEFAULT_ARN = f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/default"


def policy_of(events, bus=None):
    bus = events.describe_event_bus(**({"Name": bus} if bus else {}))
    return json.loads(bus["Policy"]) if "Policy" in bus else None


def test_put_permission_for_an_account(events):
    response = events.put_permission(Action="events:PutEvents", Principal=OTHER_ACCOUNT, StatementId="partner")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    policy = events.describe_event_bus()["Policy"]
    assert isinstance(policy, str)
    assert json.loads(policy) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "partner",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"},
                "Action": "events:PutEvents",
                "Resource": DEFAULT_ARN,
            }
        ],
    }


def test_statements_accumulate_in_order_and_a_star_principal_stays_a_star(events):
    events.create_event_bus(Name="orders")
    events.put_permission(EventBusName="orders", Action="events:PutEvents", Principal=OTHER_ACCOUNT, StatementId="one")
    events.put_permission(EventBusName="orders", Action="events:PutEvents", Principal=OTHER_ACCOUNT, StatementId="two")
    events.put_permission(
        EventBusName="orders",
        Action="events:PutEvents",
        Principal="*",
        StatementId="org",
        Condition={"Type": "StringEquals", "Key": "aws:PrincipalOrgID", "Value": "o-1234567"},
    )
    statements = policy_of(events, "orders")["Statement"]
    assert [s["Sid"] for s in statements] == ["one", "two", "org"]
    assert statements[1]["Principal"] == {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"}
    assert statements[2]["Principal"] == "*"
    assert statements[2]["Condition"] == {"StringEquals": {"aws:PrincipalOrgID": "o-1234567"}}
    assert statements[2]["Resource"] == f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/orders"
    assert policy_of(events) is None  # the default bus is untouched


def test_the_same_statement_id_replaces_its_statement(events):
    events.put_permission(Action="events:PutEvents", Principal=OTHER_ACCOUNT, StatementId="a")
    events.put_permission(Action="events:PutEvents", Principal="111122223333", StatementId="b")
    events.put_permission(Action="events:PutEvents", Principal="*", StatementId="a")
    statements = policy_of(events)["Statement"]
    assert [(s["Sid"], s["Principal"]) for s in statements] == [
        ("a", "*"),
        ("b", {"AWS": "arn:aws:iam::111122223333:root"}),
    ]


def test_a_whole_policy_replaces_every_statement(events):
    events.put_permission(Action="events:PutEvents", Principal=OTHER_ACCOUNT, StatementId="old")
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "rules",
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
                "Action": "events:ListRules",
                "Resource": "*",
            }
        ],
    }
    events.put_permission(Policy=json.dumps(document))
    assert policy_of(events) == document


def test_the_policy_is_listed_with_the_bus(events):
    events.put_permission(Action="events:PutEvents", Principal=OTHER_ACCOUNT, StatementId="s")
    [bus] = events.list_event_buses()["EventBuses"]
    assert json.loads(bus["Policy"])["Statement"][0]["Sid"] == "s"


def test_put_permission_updates_last_modified_time(events):
    with freeze_time("2026-01-01"):
        events.create_event_bus(Name="orders")
    with freeze_time("2026-05-05"):
        events.put_permission(EventBusName="orders", Action="events:PutEvents", Principal="*", StatementId="s")
    bus = events.describe_event_bus(Name="orders")
    assert (bus["CreationTime"].month, bus["LastModifiedTime"].month) == (1, 5)


def test_put_permission_on_an_unknown_bus_is_not_found(events):
    with pytest.raises(events.exceptions.ResourceNotFoundException) as info:
        events.put_permission(EventBusName="nope", Action="events:PutEvents", Principal="*", StatementId="s")
    assert error_of(info) == ("ResourceNotFoundException", "Event bus nope does not exist.")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"Principal": "*", "StatementId": "s"}, "Parameter Action must be specified."),
        ({"Action": "events:PutEvents", "StatementId": "s"}, "Parameter Principal must be specified."),
        ({"Action": "events:PutEvents", "Principal": "*"}, "Parameter StatementId must be specified."),
        ({"Action": "events:PutRule", "Principal": "*", "StatementId": "s"}, "Provided value in parameter 'action' is not supported."),
        (
            {"Policy": json.dumps({"Statement": []}), "StatementId": "s"},
            "Combination of policy with other arguments is not allowed.",
        ),
        ({"Policy": "{not json"}, "This policy contains invalid Json"),
        ({"Policy": "[]"}, "This policy contains invalid Json"),
    ],
)
def test_invalid_permissions_are_refused_and_change_nothing(events, params, message):
    events.put_permission(Action="events:PutEvents", Principal=OTHER_ACCOUNT, StatementId="keep")
    before = events.describe_event_bus()["Policy"]
    with pytest.raises(events.exceptions.ClientError) as info:
        events.put_permission(**params)
    assert error_of(info) == ("ValidationException", message)
    assert status_of(info) == 400
    assert events.describe_event_bus()["Policy"] == before


def test_a_condition_needs_the_star_principal(events):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.put_permission(
            Action="events:PutEvents",
            Principal=OTHER_ACCOUNT,
            StatementId="s",
            Condition={"Type": "StringEquals", "Key": "aws:PrincipalOrgID", "Value": "o-1"},
        )
    assert error_of(info) == (
        "InvalidParameterValue",
        "Value of the parameter 'principal' must be '*' when the parameter 'condition' is set.",
    )
    assert policy_of(events) is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"Principal": "12345", "StatementId": "s"}, "principal"),
        ({"Principal": "*", "StatementId": "has space"}, "statementId"),
        ({"Principal": "*", "StatementId": "s", "Action": "PutEvents"}, "action"),
    ],
)
def test_model_constraints_on_permission_members(events, params, field):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.put_permission(**{"Action": "events:PutEvents", **params})
    code, message = error_of(info)
    assert code == "ValidationException"
    assert message.startswith("1 validation error detected: ")
    assert f"at '{field}' failed to satisfy constraint" in message


def test_a_policy_over_10_kb_is_refused(events):
    statement = {"Sid": "s", "Effect": "Allow", "Principal": "*", "Action": "events:PutEvents", "Resource": "x" * 10240}
    with pytest.raises(events.exceptions.PolicyLengthExceededException):
        events.put_permission(Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    assert policy_of(events) is None


def test_remove_permission_by_statement_id(events):
    events.put_permission(Action="events:PutEvents", Principal=OTHER_ACCOUNT, StatementId="a")
    events.put_permission(Action="events:PutEvents", Principal="*", StatementId="b")
    response = events.remove_permission(StatementId="a")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert [s["Sid"] for s in policy_of(events)["Statement"]] == ["b"]
    events.remove_permission(StatementId="b")
    assert "Policy" not in events.describe_event_bus()


def test_remove_all_permissions(events):
    events.create_event_bus(Name="orders")
    for sid in ("a", "b"):
        events.put_permission(EventBusName="orders", Action="events:PutEvents", Principal="*", StatementId=sid)
    events.remove_permission(EventBusName="orders", RemoveAllPermissions=True)
    assert "Policy" not in events.describe_event_bus(Name="orders")
    events.remove_permission(EventBusName="orders", RemoveAllPermissions=True)  # nothing left: still fine


def test_remove_a_statement_of_a_whole_policy(events):
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "x", "Effect": "Allow", "Principal": "*", "Action": "events:PutEvents", "Resource": DEFAULT_ARN},
            {"Sid": "y", "Effect": "Allow", "Principal": "*", "Action": "events:PutEvents", "Resource": DEFAULT_ARN},
        ],
    }
    events.put_permission(Policy=json.dumps(document))
    events.remove_permission(StatementId="x")
    assert [s["Sid"] for s in policy_of(events)["Statement"]] == ["y"]


@pytest.mark.parametrize("with_policy", [True, False])
def test_removing_an_unknown_statement_is_not_found(events, with_policy):
    if with_policy:
        events.put_permission(Action="events:PutEvents", Principal="*", StatementId="keep")
    with pytest.raises(events.exceptions.ResourceNotFoundException) as info:
        events.remove_permission(StatementId="missing")
    assert error_of(info) == ("ResourceNotFoundException", "Statement with the provided id does not exist.")
    if with_policy:
        assert [s["Sid"] for s in policy_of(events)["Statement"]] == ["keep"]


def test_remove_permission_needs_a_statement_id_or_remove_all(events):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.remove_permission()
    assert error_of(info) == ("ValidationException", "Parameter StatementId is required.")


def test_remove_permission_on_an_unknown_bus_is_not_found(events):
    with pytest.raises(events.exceptions.ResourceNotFoundException, match="Event bus nope does not exist."):
        events.remove_permission(EventBusName="nope", RemoveAllPermissions=True)
