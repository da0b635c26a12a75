"""Partner event sources across accounts: the SaaS partner creates a source for a customer
account, the customer matches it with a partner event bus, the partner's events arrive on
that bus in the customer's account."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from events_support import ACCOUNT, PATTERN, QUEUE, entry, error_of
from freezegun import freeze_time

from eventmock.services.events.entries import MAX_REQUEST_SIZE

PARTNER = "111122223333"
CUSTOMER = ACCOUNT
SOURCE = "aws.partner/example.com/orders/123"
SOURCE_ARN = f"arn:aws:events:us-east-1::event-source/{SOURCE}"


@pytest.fixture
def partner(client_for):
    return client_for(PARTNER)


@pytest.fixture
def customer(events):
    return events


@pytest.fixture
def source(partner):
    partner.create_partner_event_source(Name=SOURCE, Account=CUSTOMER)
    return SOURCE


@pytest.fixture
def partner_bus(customer, source):
    """The customer's partner event bus, with a rule and a target."""
    customer.create_event_bus(Name=source, EventSourceName=source)
    customer.put_rule(Name="partner-orders", EventBusName=source, EventPattern=json.dumps({"source": [source]}))
    customer.put_targets(Rule="partner-orders", EventBusName=source, Targets=[{"Id": "q", "Arn": QUEUE}])
    return source


def partner_entry(detail=None, **fields):
    return entry(detail, **{"Source": SOURCE, **fields})


def state(customer, name=SOURCE):
    return customer.describe_event_source(Name=name)["State"]


def test_create_partner_event_source(partner):
    with freeze_time("2026-02-03 04:05:06"):
        response = partner.create_partner_event_source(Name=SOURCE, Account=CUSTOMER)
    assert response["EventSourceArn"] == SOURCE_ARN
    described = partner.describe_partner_event_source(Name=SOURCE)
    assert (described["Arn"], described["Name"]) == (SOURCE_ARN, SOURCE)
    [account] = partner.list_partner_event_source_accounts(EventSourceName=SOURCE)["PartnerEventSourceAccounts"]
    created = dt.datetime(2026, 2, 3, 4, 5, 6, tzinfo=dt.timezone.utc)
    assert account == {"Account": CUSTOMER, "CreationTime": created, "State": "PENDING"}


def test_the_customer_sees_the_source_pending_until_it_creates_the_bus(customer, source, partner):
    [listed] = customer.list_event_sources()["EventSources"]
    assert set(listed) == {"Arn", "CreatedBy", "CreationTime", "Name", "State"}
    assert (listed["Arn"], listed["Name"], listed["CreatedBy"], listed["State"]) == (SOURCE_ARN, SOURCE, "example.com", "PENDING")
    described = customer.describe_event_source(Name=SOURCE)
    described.pop("ResponseMetadata")
    assert described == listed
    arn = customer.create_event_bus(Name=SOURCE, EventSourceName=SOURCE)["EventBusArn"]
    assert arn == f"arn:aws:events:us-east-1:{CUSTOMER}:event-bus/{SOURCE}"
    assert state(customer) == "ACTIVE"
    [account] = partner.list_partner_event_source_accounts(EventSourceName=SOURCE)["PartnerEventSourceAccounts"]
    assert account["State"] == "ACTIVE"


def test_partner_events_arrive_on_the_customers_partner_bus(partner, customer, partner_bus, deliveries):
    not_theirs = partner_entry(Source="aws.partner/example.com/other/1")
    response = partner.put_partner_events(Entries=[partner_entry(detail={"order": 1}), not_theirs])
    assert response["FailedEntryCount"] == 1
    event_id = response["Entries"][0]["EventId"]
    assert response["Entries"][1] == {"ErrorCode": "NotAuthorizedForSourceException", "ErrorMessage": "Not authorized for the source."}
    [delivery] = deliveries(CUSTOMER)
    assert delivery.rule_arn == f"arn:aws:events:us-east-1:{CUSTOMER}:rule/{SOURCE}/partner-orders"
    assert delivery.target == {"Id": "q", "Arn": QUEUE}
    assert delivery.event["id"] == event_id
    assert delivery.event["account"] == CUSTOMER
    assert delivery.event["source"] == SOURCE
    assert delivery.event["detail"] == {"order": 1}
    assert deliveries(PARTNER) == []


def test_partner_events_without_a_partner_bus_go_nowhere(partner, source, deliveries):
    response = partner.put_partner_events(Entries=[partner_entry()])
    assert response["FailedEntryCount"] == 0
    assert "EventId" in response["Entries"][0]
    assert deliveries(CUSTOMER) == []


def test_a_deactivated_source_is_pending_and_receives_nothing(partner, customer, partner_bus, deliveries):
    customer.deactivate_event_source(Name=SOURCE)
    assert state(customer) == "PENDING"
    assert partner.put_partner_events(Entries=[partner_entry()])["FailedEntryCount"] == 0
    assert deliveries(CUSTOMER) == []
    customer.activate_event_source(Name=SOURCE)
    assert state(customer) == "ACTIVE"
    partner.put_partner_events(Entries=[partner_entry()])
    assert len(deliveries(CUSTOMER)) == 1


def test_deleting_the_partner_bus_makes_the_source_pending_again(customer, source):
    customer.create_event_bus(Name=source, EventSourceName=source)
    customer.delete_event_bus(Name=source)
    assert state(customer) == "PENDING"


def test_a_source_deleted_by_the_partner_is_deleted_for_the_customer(partner, customer, partner_bus, deliveries):
    partner.delete_partner_event_source(Name=SOURCE, Account=CUSTOMER)
    assert state(customer) == "DELETED"
    with pytest.raises(partner.exceptions.ResourceNotFoundException):
        partner.describe_partner_event_source(Name=SOURCE)
    response = partner.put_partner_events(Entries=[partner_entry()])
    assert response["Entries"][0]["ErrorCode"] == "NotAuthorizedForSourceException"
    for operation in (customer.activate_event_source, customer.deactivate_event_source):
        with pytest.raises(customer.exceptions.InvalidStateException):
            operation(Name=SOURCE)
    assert deliveries(CUSTOMER) == []
    # Once the customer deletes the bus, the deleted source leaves the account.
    customer.remove_targets(Rule="partner-orders", EventBusName=SOURCE, Ids=["q"])
    customer.delete_rule(Name="partner-orders", EventBusName=SOURCE)
    customer.delete_event_bus(Name=SOURCE)
    assert customer.list_event_sources()["EventSources"] == []


def test_a_source_deleted_before_any_bus_leaves_the_customer_at_once(partner, customer, source):
    partner.delete_partner_event_source(Name=SOURCE, Account=CUSTOMER)
    assert customer.list_event_sources()["EventSources"] == []
    with pytest.raises(customer.exceptions.ResourceNotFoundException):
        customer.create_event_bus(Name=SOURCE, EventSourceName=SOURCE)
    partner.create_partner_event_source(Name=SOURCE, Account=CUSTOMER)  # the name is free again
    assert state(customer) == "PENDING"


def test_delete_partner_event_source_for_another_account_or_unknown_name_is_a_no_op(partner, customer, source):
    partner.delete_partner_event_source(Name=SOURCE, Account="999999999999")
    partner.delete_partner_event_source(Name="aws.partner/example.com/none/1", Account=CUSTOMER)
    assert state(customer) == "PENDING"


def test_a_source_name_is_created_once(partner, source, client_for):
    with pytest.raises(partner.exceptions.ResourceAlreadyExistsException) as info:
        partner.create_partner_event_source(Name=SOURCE, Account="444455556666")
    assert error_of(info) == ("ResourceAlreadyExistsException", f"Event source {SOURCE} already exists.")
    with pytest.raises(partner.exceptions.ResourceAlreadyExistsException):
        client_for("777788889999").create_partner_event_source(Name=SOURCE, Account=CUSTOMER)


def test_sources_are_seen_only_by_their_partner_and_their_customer(source, client_for):
    stranger = client_for("444455556666")
    assert stranger.list_event_sources()["EventSources"] == []
    with pytest.raises(stranger.exceptions.ResourceNotFoundException) as info:
        stranger.describe_event_source(Name=SOURCE)
    assert error_of(info) == ("ResourceNotFoundException", f"Event source {SOURCE} does not exist.")
    with pytest.raises(stranger.exceptions.ResourceNotFoundException):
        stranger.describe_partner_event_source(Name=SOURCE)
    with pytest.raises(stranger.exceptions.ResourceNotFoundException):
        stranger.create_event_bus(Name=SOURCE, EventSourceName=SOURCE)
    assert stranger.put_partner_events(Entries=[partner_entry()])["Entries"][0]["ErrorCode"] == "NotAuthorizedForSourceException"


def test_a_partner_bus_must_be_named_after_its_source(customer, source):
    with pytest.raises(customer.exceptions.ClientError) as info:
        customer.create_event_bus(Name="aws.partner/example.com/orders/other", EventSourceName=source)
    assert error_of(info) == ("ValidationException", "Event bus name must match event source name.")
    assert state(customer) == "PENDING"


def test_list_partner_event_sources_by_prefix_with_pagination(partner):
    names = [f"aws.partner/example.com/ns/{i}" for i in range(5)]
    for name in reversed(names):
        partner.create_partner_event_source(Name=name, Account=CUSTOMER)
    partner.create_partner_event_source(Name="aws.partner/example.com/other/1", Account=CUSTOMER)
    first = partner.list_partner_event_sources(NamePrefix="aws.partner/example.com/ns/", Limit=3)
    rest = partner.list_partner_event_sources(NamePrefix="aws.partner/example.com/ns/", NextToken=first["NextToken"])
    assert [s["Name"] for s in first["PartnerEventSources"] + rest["PartnerEventSources"]] == names
    assert first["PartnerEventSources"][0] == {"Arn": f"arn:aws:events:us-east-1::event-source/{names[0]}", "Name": names[0]}
    assert "NextToken" not in rest


def test_list_event_sources_by_prefix_with_pagination(partner, customer):
    for i in range(3):
        partner.create_partner_event_source(Name=f"aws.partner/example.com/a/{i}", Account=CUSTOMER)
    partner.create_partner_event_source(Name="aws.partner/example.com/b/1", Account=CUSTOMER)
    first = customer.list_event_sources(NamePrefix="aws.partner/example.com/a/", Limit=2)
    rest = customer.list_event_sources(NamePrefix="aws.partner/example.com/a/", NextToken=first["NextToken"])
    assert [s["Name"] for s in first["EventSources"] + rest["EventSources"]] == [f"aws.partner/example.com/a/{i}" for i in range(3)]


def test_unknown_partner_source_is_not_found(partner):
    for call in (
        lambda: partner.describe_partner_event_source(Name=SOURCE),
        lambda: partner.list_partner_event_source_accounts(EventSourceName=SOURCE),
    ):
        with pytest.raises(partner.exceptions.ResourceNotFoundException, match=f"Event source {SOURCE} does not exist."):
            call()


def test_unknown_source_cannot_be_activated_or_deactivated(customer):
    with pytest.raises(customer.exceptions.ResourceNotFoundException) as info:
        customer.activate_event_source(Name=SOURCE)
    assert error_of(info) == ("ResourceNotFoundException", f"Event source {SOURCE} or event bus {SOURCE} does not exist.")
    with pytest.raises(customer.exceptions.ResourceNotFoundException) as info:
        customer.deactivate_event_source(Name=SOURCE)
    assert error_of(info) == ("ResourceNotFoundException", f"Event source {SOURCE} does not exist.")


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.create_partner_event_source(Name="aws.partner/only-one", Account=CUSTOMER), "name"),
        (lambda c: c.create_partner_event_source(Name="partner/example.com/a", Account=CUSTOMER), "name"),
        (lambda c: c.create_partner_event_source(Name=SOURCE, Account="12345678901a"), "account"),
        (lambda c: c.describe_event_source(Name="not-a-partner-source"), "name"),
    ],
)
def test_model_constraints_on_partner_names_and_accounts(partner, call, field):
    with pytest.raises(partner.exceptions.ClientError) as info:
        call(partner)
    code, message = error_of(info)
    assert code == "ValidationException"
    assert f"at '{field}' failed to satisfy constraint" in message


def test_put_partner_events_checks_entries_like_put_events(partner, customer, partner_bus, deliveries):
    no_detail = partner_entry()
    del no_detail["Detail"]
    response = partner.put_partner_events(Entries=[no_detail, partner_entry(Detail="[]"), partner_entry()])
    assert response["FailedEntryCount"] == 2
    assert response["Entries"][0] == {
        "ErrorCode": "InvalidArgument",
        "ErrorMessage": "Parameter Detail is not valid. Reason: Detail is a required argument.",
    }
    assert response["Entries"][1] == {"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."}
    assert len(deliveries(CUSTOMER)) == 1
    big = partner_entry(Detail=json.dumps({"p": "x" * MAX_REQUEST_SIZE}))
    with pytest.raises(partner.exceptions.ClientError, match="Total size of the entries in the request is over the limit."):
        partner.put_partner_events(Entries=[big])
    with pytest.raises(partner.exceptions.ClientError, match="Member must have length less than or equal to 20"):
        partner.put_partner_events(Entries=[partner_entry() for _ in range(21)])
    assert len(deliveries(CUSTOMER)) == 1


def test_partner_rules_can_match_any_envelope_field(partner, customer, source, deliveries):
    customer.create_event_bus(Name=source, EventSourceName=source)
    pattern = json.dumps({"account": [CUSTOMER], "detail-type": ["OrderPlaced"]})
    customer.put_rule(Name="mine", EventBusName=source, EventPattern=pattern)
    customer.put_targets(Rule="mine", EventBusName=source, Targets=[{"Id": "q", "Arn": QUEUE}])
    customer.put_rule(Name="default-bus-rule", EventPattern=PATTERN)  # other buses see nothing
    customer.put_targets(Rule="default-bus-rule", Targets=[{"Id": "q", "Arn": QUEUE}])
    partner.put_partner_events(Entries=[partner_entry(), partner_entry(DetailType="Other")])
    assert [d.rule_arn.rsplit("/", 1)[1] for d in deliveries(CUSTOMER)] == ["mine"]
