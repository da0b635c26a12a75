"""PutEvents: per-entry checks, the request size limit, event ids, the event envelope, and
routing of accepted events to the targets of matching enabled rules."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from events_support import ACCOUNT, OTHER_ACCOUNT, PATTERN, QUEUE, entry, error_of, status_of
from freezegun import freeze_time

from eventmock.services.events.entries import MAX_REQUEST_SIZE

UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def route(events, rule="r", pattern=PATTERN, targets=(("t", QUEUE),), **rule_kwargs):
    """A rule with targets."""
    arn = events.put_rule(Name=rule, EventPattern=pattern, **rule_kwargs)["RuleArn"]
    bus = rule_kwargs.get("EventBusName")
    events.put_targets(Rule=rule, Targets=[{"Id": i, "Arn": a} for i, a in targets], **({"EventBusName": bus} if bus else {}))
    return arn


def test_accepted_events_get_fresh_uuid4_event_ids(events):
    response = events.put_events(Entries=[entry(), entry(), entry()])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["FailedEntryCount"] == 0
    event_ids = [e["EventId"] for e in response["Entries"]]
    assert all(UUID4.fullmatch(i) for i in event_ids)
    assert len(set(event_ids)) == 3
    assert all(set(e) == {"EventId"} for e in response["Entries"])


@pytest.mark.parametrize("member", ["Source", "DetailType", "Detail"])
def test_source_detail_type_and_detail_are_required_per_entry(events, member):
    missing = entry()
    del missing[member]
    empty = entry(**{member: ""})
    response = events.put_events(Entries=[entry(), missing, empty])
    assert response["FailedEntryCount"] == 2
    ok, *failed = response["Entries"]
    assert "EventId" in ok
    for result in failed:
        assert result == {
            "ErrorCode": "InvalidArgument",
            "ErrorMessage": f"Parameter {member} is not valid. Reason: {member} is a required argument.",
        }


@pytest.mark.parametrize(
    "detail",
    ['"a string"', "[1, 2]", "{not json", json.dumps(json.dumps({"a": 1})), "null", "42", '{"n": NaN}'],
    ids=["string", "array", "malformed", "serialized-string", "null", "number", "nan"],
)
def test_detail_must_be_a_json_object(events, detail, deliveries):
    route(events)
    response = events.put_events(Entries=[entry(Detail=detail)])
    assert response["FailedEntryCount"] == 1
    assert response["Entries"] == [{"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."}]
    assert deliveries() == []


def test_sources_starting_with_aws_are_reserved(events):
    response = events.put_events(Entries=[entry(Source="aws.s3"), entry(Source="awsome")])
    assert response["FailedEntryCount"] == 1
    assert response["Entries"][0] == {"ErrorCode": "NotAuthorizedForSourceException", "ErrorMessage": "Not authorized for the source."}
    assert "EventId" in response["Entries"][1]


def test_failed_entries_are_counted_and_keep_their_place(events):
    response = events.put_events(Entries=[entry(Detail="[]"), entry(), entry(Source=""), entry()])
    assert response["FailedEntryCount"] == 2
    assert ["EventId" in e for e in response["Entries"]] == [False, True, False, True]


def test_more_than_ten_entries_is_refused(events, deliveries):
    route(events)
    with pytest.raises(events.exceptions.ClientError) as info:
        events.put_events(Entries=[entry(EventBusName="orders") for _ in range(11)])
    code, message = error_of(info)
    assert code == "ValidationException"
    # AWS writes the entries as the Java toString of its request objects.
    written = (
        'PutEventsRequestEntry(time=null, source=shop, resources=null, detailType=OrderPlaced, detail={"id": 1}, '
        "eventBusName=orders, traceHeader=null, kmsKeyIdentifier=null, internalMetadata=null)"
    )
    assert message == (
        f"1 validation error detected: Value '[{', '.join([written] * 11)}]' at 'entries' "
        "failed to satisfy constraint: Member must have length less than or equal to 10"
    )
    assert deliveries() == []


def _sized(size: int, **fields) -> dict:
    """An entry whose size, as AWS counts it, is ``size`` bytes (with the given fields)."""
    base = {"Source": "shop", "DetailType": "Big", **fields}
    counted = 14 if "Time" in base else 0
    counted += len(base["Source"].encode()) + len(base["DetailType"].encode())
    counted += sum(len(r.encode()) for r in base.get("Resources", []))
    padding = size - counted - len('{"p":""}')
    return {**base, "Detail": json.dumps({"p": "x" * padding}, separators=(",", ":"))}


def test_requests_of_1_mib_or_more_are_refused(events, deliveries):
    route(events, pattern=json.dumps({"detail-type": ["Big"]}))
    half = MAX_REQUEST_SIZE // 2
    with pytest.raises(events.exceptions.ClientError) as info:
        events.put_events(Entries=[_sized(half), _sized(half)])
    assert error_of(info) == ("ValidationException", "Total size of the entries in the request is over the limit.")
    assert status_of(info) == 400
    assert deliveries() == []
    response = events.put_events(Entries=[_sized(half), _sized(half - 1)])
    assert response["FailedEntryCount"] == 0
    assert len(deliveries()) == 2


def test_size_counts_time_resources_and_utf8_bytes(events):
    resources = ["arn:aws:s3:::bucket", "ü" * 100]  # 100 characters, 200 bytes
    when = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    big = _sized(MAX_REQUEST_SIZE - 1, Time=when, Resources=resources, Source="shöp")
    assert events.put_events(Entries=[big])["FailedEntryCount"] == 0
    over = dict(big, Detail=big["Detail"][:-2] + 'x"}')
    with pytest.raises(events.exceptions.ClientError, match="over the limit"):
        events.put_events(Entries=[over])


def test_an_accepted_event_reaches_the_targets_of_matching_rules(events, deliveries):
    rule_arn = route(events, targets=[("a", QUEUE), ("b", QUEUE + "-2")])
    with freeze_time("2026-07-08 09:10:11.987"):
        response = events.put_events(
            Entries=[entry({"order": {"id": 7, "total": 9.5}}, Resources=["arn:aws:s3:::b"], TraceHeader="Root=1-abc")]
        )
    event_id = response["Entries"][0]["EventId"]
    expected = {
        "version": "0",
        "id": event_id,
        "detail-type": "OrderPlaced",
        "source": "shop",
        "account": ACCOUNT,
        "time": "2026-07-08T09:10:11Z",
        "region": "us-east-1",
        "resources": ["arn:aws:s3:::b"],
        "detail": {"order": {"id": 7, "total": 9.5}},
    }
    recorded = deliveries()
    assert [(d.event, d.rule_arn, d.target) for d in recorded] == [
        (expected, rule_arn, {"Id": "a", "Arn": QUEUE}),
        (expected, rule_arn, {"Id": "b", "Arn": QUEUE + "-2"}),
    ]
    assert list(recorded[0].event) == ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"]


def test_resources_default_to_an_empty_list(events, deliveries):
    route(events)
    events.put_events(Entries=[entry()])
    assert deliveries()[0].event["resources"] == []


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (dt.datetime(2025, 12, 31, 23, 59, 58, 999999, tzinfo=dt.timezone.utc), "2025-12-31T23:59:58Z"),
        (dt.datetime(2026, 1, 1, 2, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))), "2026-01-01T00:00:00Z"),
        ("2026-03-01T12:30:00Z", "2026-03-01T12:30:00Z"),
        (1767225600, "2026-01-01T00:00:00Z"),
    ],
)
def test_the_event_time_is_the_entry_time_in_utc_seconds(events, deliveries, given, expected):
    route(events)
    events.put_events(Entries=[entry(Time=given)])
    assert deliveries()[0].event["time"] == expected


def test_only_matching_rules_route(events, deliveries):
    match = route(events, rule="match", pattern=json.dumps({"detail": {"kind": ["a"]}}))
    route(events, rule="other", pattern=json.dumps({"detail": {"kind": ["b"]}}))
    events.put_events(Entries=[entry({"kind": "a"}), entry({"kind": "c"})])
    assert [d.rule_arn for d in deliveries()] == [match]


def test_a_rule_without_targets_delivers_nothing(events, deliveries):
    events.put_rule(Name="lonely", EventPattern=PATTERN)
    events.put_events(Entries=[entry()])
    assert deliveries() == []


def test_disabled_rules_do_not_route_until_enabled(events, deliveries):
    route(events, State="DISABLED")
    events.put_events(Entries=[entry({"n": 1})])
    assert deliveries() == []
    events.enable_rule(Name="r")
    events.put_events(Entries=[entry({"n": 2})])
    events.disable_rule(Name="r")
    events.put_events(Entries=[entry({"n": 3})])
    assert [d.event["detail"]["n"] for d in deliveries()] == [2]


def test_rules_enabled_for_management_events_route_too(events, deliveries):
    route(events, State="ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")
    events.put_events(Entries=[entry()])
    assert len(deliveries()) == 1


def test_schedule_only_rules_never_match_events(events, deliveries):
    events.put_rule(Name="tick", ScheduleExpression="rate(1 minute)")
    events.put_targets(Rule="tick", Targets=[{"Id": "t", "Arn": QUEUE}])
    events.put_events(Entries=[entry()])
    assert deliveries() == []


def test_replacing_a_rule_changes_its_routing(events, deliveries):
    route(events, pattern=json.dumps({"detail": {"v": [1]}}))
    events.put_rule(Name="r", EventPattern=json.dumps({"detail": {"v": [2]}}))
    with pytest.raises(events.exceptions.InvalidEventPatternException):
        events.put_rule(Name="r", EventPattern='{"detail": {"v": 3}}')
    events.put_events(Entries=[entry({"v": 1}), entry({"v": 2}), entry({"v": 3})])
    assert [d.event["detail"]["v"] for d in deliveries()] == [2]


def test_removed_targets_and_deleted_rules_stop_routing(events, deliveries):
    route(events, targets=[("a", QUEUE), ("b", QUEUE)])
    events.remove_targets(Rule="r", Ids=["a"])
    events.put_events(Entries=[entry()])
    assert [d.target["Id"] for d in deliveries()] == ["b"]
    events.remove_targets(Rule="r", Ids=["b"])
    events.delete_rule(Name="r")
    events.put_events(Entries=[entry()])
    assert len(deliveries()) == 1


def test_events_go_to_the_bus_they_name(events, deliveries):
    bus_arn = events.create_event_bus(Name="shop")["EventBusArn"]
    default_rule = route(events, rule="on-default")
    shop_rule = route(events, rule="on-shop", EventBusName="shop")
    events.put_events(
        Entries=[entry({"to": "default"}), entry({"to": "name"}, EventBusName="shop"), entry({"to": "arn"}, EventBusName=bus_arn)]
    )
    assert [(d.rule_arn, d.event["detail"]["to"]) for d in deliveries()] == [
        (default_rule, "default"),
        (shop_rule, "name"),
        (shop_rule, "arn"),
    ]


def test_an_event_for_a_bus_that_does_not_exist_is_accepted_and_dropped(events, deliveries):
    route(events)
    response = events.put_events(Entries=[entry(EventBusName="nowhere"), entry()])
    assert response["FailedEntryCount"] == 0
    assert all(UUID4.fullmatch(e["EventId"]) for e in response["Entries"])
    assert len(deliveries()) == 1  # only the default bus's event was routed
    with pytest.raises(events.exceptions.ResourceNotFoundException):
        events.describe_event_bus(Name="nowhere")


def test_an_event_for_another_accounts_bus_arrives_there_from_the_sender(events, client_for, deliveries):
    theirs = client_for(OTHER_ACCOUNT)
    bus_arn = theirs.create_event_bus(Name="inbox")["EventBusArn"]
    rule_arn = route(theirs, EventBusName="inbox")
    response = events.put_events(Entries=[entry(EventBusName=bus_arn)])
    [delivery] = deliveries(OTHER_ACCOUNT)
    assert delivery.rule_arn == rule_arn
    assert delivery.event["id"] == response["Entries"][0]["EventId"]
    assert delivery.event["account"] == ACCOUNT  # the sender's account
    assert deliveries() == []


def test_every_matching_rule_and_target_pair_is_recorded_once(events, deliveries):
    first = route(events, rule="first", targets=[("a", QUEUE), ("b", QUEUE)])
    second = route(events, rule="second", pattern=json.dumps({"detail-type": ["OrderPlaced"]}), targets=[("c", QUEUE)])
    response = events.put_events(Entries=[entry(), entry(Source="other")])
    first_id, second_id = (e["EventId"] for e in response["Entries"])
    assert sorted((d.event["id"], d.rule_arn, d.target["Id"]) for d in deliveries()) == sorted(
        [(first_id, first, "a"), (first_id, first, "b"), (first_id, second, "c"), (second_id, second, "c")]
    )


def test_recorded_deliveries_do_not_change_with_the_target(events, deliveries):
    route(events)
    events.put_events(Entries=[entry()])
    events.put_targets(Rule="r", Targets=[{"Id": "t", "Arn": QUEUE + "-new"}])
    assert deliveries()[0].target == {"Id": "t", "Arn": QUEUE}


def test_events_match_patterns_on_every_envelope_field(events, deliveries):
    pattern = {
        "source": ["shop"],
        "detail-type": ["OrderPlaced"],
        "account": [ACCOUNT],
        "region": ["us-east-1"],
        "resources": ["arn:aws:s3:::b"],
        "detail": {"total": [{"numeric": [">", 10]}]},
    }
    route(events, pattern=json.dumps(pattern))
    events.put_events(
        Entries=[
            entry({"total": 11}, Resources=["arn:aws:s3:::b", "x"]),
            entry({"total": 9}, Resources=["arn:aws:s3:::b"]),
            entry({"total": 12}),
        ]
    )
    assert [d.event["detail"]["total"] for d in deliveries()] == [11]


def test_put_events_on_one_account_does_not_route_on_another(events, client_for, deliveries):
    theirs = client_for(OTHER_ACCOUNT)
    route(theirs)
    events.put_events(Entries=[entry()])
    assert deliveries(OTHER_ACCOUNT) == []
