"""Archives (CreateArchive ... DeleteArchive: the managed rule, counts, retention) and
replays (StartReplay ... CancelReplay: what is re-sent, where, and the states)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from events_support import ACCOUNT, OTHER_ACCOUNT, entry, error_of, status_of
from freezegun import freeze_time

BUS = f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/default"
AUDIT = f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/audit"
ARCHIVE_RULE = "Events-Archive-orders"
DAY = dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc)
#: The event whose archived size AWS reported: 10 of them made SizeBytes 1590.
MEASURED = {
    "Source": "core.update-account-command",
    "DetailType": "core.update-account-command",
    "Detail": json.dumps({"command": "update-account", "payload": {"acc_id": "0a787ecb-4015", "sf_id": "baz"}}),
}


@pytest.fixture
def sqs(boto3_session, eventmock):
    return boto3_session.client("sqs", region_name="us-east-1", aws_access_key_id=ACCOUNT, aws_secret_access_key="x")


@pytest.fixture
def queue(events, sqs):
    """A queue that receives every ``shop`` event of the default bus (rule ``to-queue``)."""
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="to-queue", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="to-queue", Targets=[{"Id": "q", "Arn": arn}])
    return url


def received(sqs, url):
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    for message in messages:
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return [json.loads(m["Body"]) for m in messages]


def archive(events, name="orders", **fields):
    return events.create_archive(ArchiveName=name, EventSourceArn=BUS, **fields)


def replay(events, name="again", start=DAY, end=DAY + dt.timedelta(days=1), **fields):
    archive_arn = f"arn:aws:events:us-east-1:{ACCOUNT}:archive/orders"
    destination = fields.pop("Destination", {"Arn": BUS})
    return events.start_replay(
        ReplayName=name, EventSourceArn=archive_arn, EventStartTime=start, EventEndTime=end, Destination=destination, **fields
    )


# -- archives ---------------------------------------------------------------------


def test_create_archive_answers_its_arn_and_state(events):
    response = archive(events)
    assert response["ArchiveArn"] == f"arn:aws:events:us-east-1:{ACCOUNT}:archive/orders"
    assert response["State"] == "ENABLED"
    assert isinstance(response["CreationTime"], dt.datetime)


def test_create_archive_creates_the_managed_rule_aws_creates(events):
    archive(events, EventPattern=json.dumps({"source": ["shop"]}))
    rule = events.describe_rule(Name=ARCHIVE_RULE)
    assert rule["ManagedBy"] == "prod.vhs.events.aws.internal"
    assert rule["State"] == "ENABLED"
    assert json.loads(rule["EventPattern"]) == {"source": ["shop"], "replay-name": [{"exists": False}]}
    [target] = events.list_targets_by_rule(Rule=ARCHIVE_RULE)["Targets"]
    assert target["Id"] == ARCHIVE_RULE
    assert target["Arn"] == "arn:aws:events:us-east-1:::"
    template = target["InputTransformer"]["InputTemplate"]
    assert f'"archive-arn": "arn:aws:events:us-east-1:{ACCOUNT}:archive/orders:' in template
    assert '"event": <aws.events.event.json>' in template
    # Customers cannot change the managed rule.
    with pytest.raises(events.exceptions.ManagedRuleException):
        events.put_rule(Name=ARCHIVE_RULE, EventPattern=json.dumps({"source": ["x"]}))


def test_describe_archive_gives_what_was_created(events):
    archive(events, Description="all orders", EventPattern=json.dumps({"source": ["shop"]}), RetentionDays=7)
    described = events.describe_archive(ArchiveName="orders")
    assert described["ArchiveArn"] == f"arn:aws:events:us-east-1:{ACCOUNT}:archive/orders"
    assert described["ArchiveName"] == "orders"
    assert described["EventSourceArn"] == BUS
    assert described["Description"] == "all orders"
    assert json.loads(described["EventPattern"]) == {"source": ["shop"]}
    assert (described["State"], described["RetentionDays"], described["EventCount"], described["SizeBytes"]) == ("ENABLED", 7, 0, 0)


def test_an_archive_without_options_keeps_events_for_ever(events):
    events.create_event_bus(Name="audit")
    events.create_archive(ArchiveName="orders", EventSourceArn=AUDIT)
    described = events.describe_archive(ArchiveName="orders")
    assert described["RetentionDays"] == 0
    assert described["EventSourceArn"] == f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/audit"
    assert "Description" not in described and "EventPattern" not in described


def test_matching_events_are_archived_and_counted(events):
    archive(events, EventPattern=json.dumps({"source": [MEASURED["Source"]]}))
    events.put_events(Entries=[MEASURED] * 9 + [entry()])
    events.put_events(Entries=[MEASURED])
    described = events.describe_archive(ArchiveName="orders")
    assert (described["EventCount"], described["SizeBytes"]) == (10, 1590)
    [listed] = events.list_archives()["Archives"]
    assert (listed["EventCount"], listed["SizeBytes"]) == (10, 1590)


def test_events_of_other_buses_are_not_archived(events):
    archive(events)
    events.create_event_bus(Name="audit")
    events.put_events(Entries=[entry(EventBusName="audit")])
    assert events.describe_archive(ArchiveName="orders")["EventCount"] == 0


def test_archived_events_expire_after_the_retention_days(events):
    with freeze_time(DAY) as frozen:
        archive(events, RetentionDays=2)
        events.put_events(Entries=[entry()])
        frozen.tick(dt.timedelta(days=1))
        events.put_events(Entries=[entry()])
        assert events.describe_archive(ArchiveName="orders")["EventCount"] == 2
        frozen.tick(dt.timedelta(days=1, seconds=1))
        assert events.describe_archive(ArchiveName="orders")["EventCount"] == 1
        frozen.tick(dt.timedelta(days=1))
        assert events.describe_archive(ArchiveName="orders")["SizeBytes"] == 0


@pytest.mark.parametrize(
    ("call", "code", "message"),
    [
        (
            lambda e: e.create_archive(ArchiveName="a", EventSourceArn=f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/nope"),
            "ResourceNotFoundException",
            "Event bus nope does not exist.",
        ),
        (
            lambda e: e.create_archive(ArchiveName="a", EventSourceArn=f"arn:aws:events:us-east-1:{OTHER_ACCOUNT}:event-bus/default"),
            "ResourceNotFoundException",
            "Event bus default does not exist.",
        ),
        (
            lambda e: e.create_archive(ArchiveName="a", EventSourceArn=BUS, EventPattern="invalid"),
            "InvalidEventPatternException",
            None,
        ),
        (
            lambda e: e.create_archive(ArchiveName="a" * 49, EventSourceArn=BUS),
            "ValidationException",
            f"1 validation error detected: Value '{'a' * 49}' at 'archiveName' failed to satisfy constraint: "
            "Member must have length less than or equal to 48",
        ),
    ],
)
def test_create_archive_errors_create_nothing(events, call, code, message):
    with pytest.raises(events.exceptions.ClientError) as info:
        call(events)
    assert error_of(info)[0] == code
    if message is not None:
        assert error_of(info)[1] == message
    assert status_of(info) == 400
    assert events.list_archives()["Archives"] == []
    assert [r["Name"] for r in events.list_rules()["Rules"]] == []


def test_an_invalid_pattern_gets_the_pattern_engines_reason(events):
    with pytest.raises(events.exceptions.InvalidEventPatternException) as info:
        archive(events, EventPattern=json.dumps({"source": "shop"}))
    assert error_of(info)[1].startswith("Event pattern is not valid. Reason: ")


def test_an_archive_name_is_taken_once(events):
    archive(events)
    with pytest.raises(events.exceptions.ResourceAlreadyExistsException) as info:
        archive(events)
    assert error_of(info) == ("ResourceAlreadyExistsException", "Archive orders already exists.")


def test_unknown_archive_is_not_found(events):
    for call in (
        lambda: events.describe_archive(ArchiveName="nope"),
        lambda: events.delete_archive(ArchiveName="nope"),
        lambda: events.update_archive(ArchiveName="nope", Description="d"),
    ):
        with pytest.raises(events.exceptions.ResourceNotFoundException) as info:
            call()
        assert error_of(info) == ("ResourceNotFoundException", "Archive nope does not exist.")


def test_list_archives_by_prefix_source_or_state(events):
    events.create_event_bus(Name="audit")
    archive(events, "orders-a")
    archive(events, "orders-b")
    events.create_archive(ArchiveName="audit-all", EventSourceArn=AUDIT)
    names = lambda **kw: [a["ArchiveName"] for a in events.list_archives(**kw)["Archives"]]  # noqa: E731
    assert names() == ["audit-all", "orders-a", "orders-b"]
    assert names(NamePrefix="orders") == ["orders-a", "orders-b"]
    assert names(EventSourceArn=f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/audit") == ["audit-all"]
    assert names(State="ENABLED") == ["audit-all", "orders-a", "orders-b"]
    assert names(State="DISABLED") == []
    first = events.list_archives(Limit=2)
    assert [a["ArchiveName"] for a in first["Archives"]] == ["audit-all", "orders-a"]
    rest = events.list_archives(Limit=2, NextToken=first["NextToken"])
    assert [a["ArchiveName"] for a in rest["Archives"]] == ["orders-b"] and "NextToken" not in rest


def test_list_archives_takes_one_filter(events):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.list_archives(NamePrefix="o", State="ENABLED")
    assert error_of(info) == (
        "ValidationException",
        "At most one filter is allowed for ListArchives. Use either : State, EventSourceArn, or NamePrefix.",
    )


def test_list_archives_of_an_unknown_bus_is_not_found(events):
    with pytest.raises(events.exceptions.ResourceNotFoundException) as info:
        events.list_archives(EventSourceArn=f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/nope")
    assert error_of(info) == ("ResourceNotFoundException", "Event bus nope does not exist.")


def test_update_archive_changes_what_is_given_and_the_rule(events):
    archive(events, Description="d", RetentionDays=3)
    response = events.update_archive(ArchiveName="orders", EventPattern=json.dumps({"source": ["shop"]}))
    assert response["ArchiveArn"].endswith(":archive/orders") and response["State"] == "ENABLED"
    described = events.describe_archive(ArchiveName="orders")
    assert (described["Description"], described["RetentionDays"]) == ("d", 3)
    assert json.loads(events.describe_rule(Name=ARCHIVE_RULE)["EventPattern"]) == {
        "source": ["shop"],
        "replay-name": [{"exists": False}],
    }
    events.put_events(Entries=[entry(), entry(Source="elsewhere")])
    assert events.describe_archive(ArchiveName="orders")["EventCount"] == 1
    events.update_archive(ArchiveName="orders", Description="e", RetentionDays=0)
    described = events.describe_archive(ArchiveName="orders")
    assert (described["Description"], described["RetentionDays"]) == ("e", 0)


def test_update_archive_needs_something_to_change(events):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.update_archive(ArchiveName="nope")
    assert error_of(info) == ("ValidationException", "At least one of EventPattern, RetentionDays or Description must be provided.")


def test_update_archive_with_a_bad_pattern_changes_nothing(events):
    archive(events, Description="d")
    with pytest.raises(events.exceptions.InvalidEventPatternException):
        events.update_archive(ArchiveName="orders", EventPattern="invalid", Description="new")
    assert events.describe_archive(ArchiveName="orders")["Description"] == "d"


def test_delete_archive_deletes_its_rule(events):
    archive(events)
    events.delete_archive(ArchiveName="orders")
    assert events.list_archives()["Archives"] == []
    assert events.list_rules()["Rules"] == []
    archive(events)  # the name is free again


def test_a_bus_with_an_archive_cannot_be_deleted(events):
    events.create_event_bus(Name="audit")
    events.create_archive(ArchiveName="orders", EventSourceArn=AUDIT)
    with pytest.raises(events.exceptions.ClientError) as info:
        events.delete_event_bus(Name="audit")
    assert error_of(info) == ("ValidationException", "EventBus can't be deleted since it has rules.")


# -- replays ----------------------------------------------------------------------


def test_a_replay_resends_archived_events_with_its_name(events, sqs, queue):
    with freeze_time(DAY + dt.timedelta(hours=1)):
        archive(events)
        [accepted] = events.put_events(Entries=[entry({"n": 1})])["Entries"]
        [original] = received(sqs, queue)
        response = replay(events)
        assert response["State"] == "STARTING"
        assert response["ReplayArn"] == f"arn:aws:events:us-east-1:{ACCOUNT}:replay/again"
        [again] = received(sqs, queue)
    assert again["replay-name"] == "again"
    assert list(again) == ["version", "id", "detail-type", "source", "account", "time", "region", "replay-name", "resources", "detail"]
    assert again["id"] != accepted["EventId"]
    assert {k: v for k, v in again.items() if k not in ("id", "replay-name")} == {k: v for k, v in original.items() if k != "id"}
    # Replayed events are not archived again.
    assert events.describe_archive(ArchiveName="orders")["EventCount"] == 1


def test_describe_replay_after_it_ran(events, queue):
    with freeze_time(DAY + dt.timedelta(hours=1)):
        archive(events)
        events.put_events(Entries=[entry(Time=DAY + dt.timedelta(minutes=5)), entry(Time=DAY + dt.timedelta(minutes=2))])
        replay(events, Description="after the outage")
        described = events.describe_replay(ReplayName="again")
    assert described["State"] == "COMPLETED"
    assert described["ReplayName"] == "again"
    assert described["ReplayArn"] == f"arn:aws:events:us-east-1:{ACCOUNT}:replay/again"
    assert described["EventSourceArn"] == f"arn:aws:events:us-east-1:{ACCOUNT}:archive/orders"
    assert described["Description"] == "after the outage"
    assert described["Destination"] == {"Arn": BUS}
    assert (described["EventStartTime"], described["EventEndTime"]) == (DAY, DAY + dt.timedelta(days=1))
    assert described["EventLastReplayedTime"] == DAY + dt.timedelta(minutes=5)
    assert described["ReplayStartTime"] == described["ReplayEndTime"] == DAY + dt.timedelta(hours=1)


def test_a_replay_sends_the_events_of_its_window_oldest_first(events, sqs, queue):
    archive(events)
    times = [DAY + dt.timedelta(hours=h) for h in (5, 1, 30, 3)]
    events.put_events(Entries=[entry({"h": t.hour, "d": t.day}, Time=t) for t in times])
    received(sqs, queue)
    replay(events, start=DAY + dt.timedelta(hours=1), end=DAY + dt.timedelta(hours=5))
    assert [m["detail"]["h"] for m in received(sqs, queue)] == [1, 3, 5]


def test_a_replay_with_no_events_has_no_last_replayed_time(events):
    archive(events)
    replay(events)
    described = events.describe_replay(ReplayName="again")
    assert described["State"] == "COMPLETED" and "EventLastReplayedTime" not in described


def test_rules_that_exclude_replays_do_not_see_them(events, sqs, queue):
    url = sqs.create_queue(QueueName="live-only")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="live", EventPattern=json.dumps({"source": ["shop"], "replay-name": [{"exists": False}]}))
    events.put_targets(Rule="live", Targets=[{"Id": "l", "Arn": arn}])
    archive(events)
    events.put_events(Entries=[entry(Time=DAY)])
    assert len(received(sqs, url)) == 1 and len(received(sqs, queue)) == 1
    replay(events)
    assert received(sqs, url) == []
    assert [m["replay-name"] for m in received(sqs, queue)] == ["again"]


def test_filter_arns_limit_the_rules_a_replay_reaches(events, sqs, queue):
    url = sqs.create_queue(QueueName="other")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="other", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="other", Targets=[{"Id": "o", "Arn": arn}])
    archive(events)
    events.put_events(Entries=[entry(Time=DAY)])
    received(sqs, url), received(sqs, queue)
    only = f"arn:aws:events:us-east-1:{ACCOUNT}:rule/other"
    replay(events, Destination={"Arn": BUS, "FilterArns": [only]})
    assert len(received(sqs, url)) == 1
    assert received(sqs, queue) == []
    assert events.describe_replay(ReplayName="again")["Destination"] == {"Arn": BUS, "FilterArns": [only]}


def test_a_replay_on_a_custom_bus(events, sqs):
    events.create_event_bus(Name="audit")
    audit = f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/audit"
    url = sqs.create_queue(QueueName="audit")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="all", EventBusName="audit", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="all", EventBusName="audit", Targets=[{"Id": "q", "Arn": arn}])
    events.create_archive(ArchiveName="orders", EventSourceArn=audit)
    events.put_events(Entries=[entry(Time=DAY, EventBusName="audit")])
    received(sqs, url)
    replay(events, Destination={"Arn": audit, "FilterArns": [f"arn:aws:events:us-east-1:{ACCOUNT}:rule/audit/all"]})
    assert [m["replay-name"] for m in received(sqs, url)] == ["again"]


@pytest.mark.parametrize(
    ("fields", "code", "message"),
    [
        (
            {"start": DAY, "end": DAY},
            "ValidationException",
            "Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.",
        ),
        (
            {"start": DAY, "end": DAY - dt.timedelta(seconds=10)},
            "ValidationException",
            "Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.",
        ),
        (
            {"EventSourceArn": f"arn:aws:events:us-east-1:{ACCOUNT}:archive/nope"},
            "ValidationException",
            "Parameter EventSourceArn is not valid. Reason: Archive nope does not exist.",
        ),
        (
            {"Destination": {"Arn": "invalid"}},
            "ValidationException",
            "Parameter Destination.Arn is not valid. Reason: Must contain an event bus ARN.",
        ),
        (
            {"Destination": {"Arn": f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/nope"}},
            "ResourceNotFoundException",
            "Event bus nope does not exist.",
        ),
        (
            {"Destination": {"Arn": f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/audit"}},
            "ValidationException",
            "Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.",
        ),
        (
            # AWS checks the times before the bus (recorded: test_start_replay_error_invalid_end_time)
            {"Destination": {"Arn": f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/audit"}, "end": DAY - dt.timedelta(seconds=1)},
            "ValidationException",
            "Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.",
        ),
    ],
)
def test_start_replay_errors_start_nothing(events, fields, code, message):
    events.create_event_bus(Name="audit")
    archive(events)
    start, end = fields.pop("start", DAY), fields.pop("end", DAY + dt.timedelta(days=1))
    archive_arn = fields.pop("EventSourceArn", f"arn:aws:events:us-east-1:{ACCOUNT}:archive/orders")
    with pytest.raises(events.exceptions.ClientError) as info:
        events.start_replay(
            ReplayName="again",
            EventSourceArn=archive_arn,
            EventStartTime=start,
            EventEndTime=end,
            Destination=fields.get("Destination", {"Arn": BUS}),
        )
    assert error_of(info) == (code, message)
    assert status_of(info) == 400
    assert events.list_replays()["Replays"] == []


def test_a_replay_name_is_taken_once(events):
    archive(events)
    replay(events)
    with pytest.raises(events.exceptions.ResourceAlreadyExistsException) as info:
        replay(events)
    assert error_of(info) == ("ResourceAlreadyExistsException", "Replay again already exists.")


def test_unknown_replay_is_not_found(events):
    for call in (lambda: events.describe_replay(ReplayName="nope"), lambda: events.cancel_replay(ReplayName="nope")):
        with pytest.raises(events.exceptions.ResourceNotFoundException) as info:
            call()
        assert error_of(info) == ("ResourceNotFoundException", "Replay nope does not exist.")


def test_list_replays_by_prefix_source_or_state(events):
    archive(events)
    archive(events, "audit")
    replay(events, "again-1")
    replay(events, "again-2")
    events.start_replay(
        ReplayName="other",
        EventSourceArn=f"arn:aws:events:us-east-1:{ACCOUNT}:archive/audit",
        EventStartTime=DAY,
        EventEndTime=DAY + dt.timedelta(days=1),
        Destination={"Arn": BUS},
    )
    events.cancel_replay(ReplayName="again-2")
    names = lambda **kw: [r["ReplayName"] for r in events.list_replays(**kw)["Replays"]]  # noqa: E731
    assert names() == ["again-1", "again-2", "other"]
    assert names(NamePrefix="again") == ["again-1", "again-2"]
    assert names(EventSourceArn=f"arn:aws:events:us-east-1:{ACCOUNT}:archive/audit") == ["other"]
    assert names(State="COMPLETED") == ["again-1", "other"]
    assert names(State="CANCELLED") == ["again-2"]
    [listed] = events.list_replays(NamePrefix="again-1")["Replays"]
    assert listed["EventSourceArn"] == f"arn:aws:events:us-east-1:{ACCOUNT}:archive/orders"
    assert (listed["EventStartTime"], listed["EventEndTime"]) == (DAY, DAY + dt.timedelta(days=1))
    page = events.list_replays(Limit=2)
    assert len(page["Replays"]) == 2
    assert [r["ReplayName"] for r in events.list_replays(NextToken=page["NextToken"])["Replays"]] == ["other"]


def test_list_replays_takes_one_filter(events):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.list_replays(NamePrefix="a", State="COMPLETED")
    assert error_of(info) == (
        "ValidationException",
        "At most one filter is allowed for ListReplays. Use either : State, EventSourceArn, or NamePrefix.",
    )


def test_cancel_replay_answers_cancelling_then_it_is_cancelled(events):
    archive(events)
    replay(events)
    response = events.cancel_replay(ReplayName="again")
    assert response == {"ReplayArn": f"arn:aws:events:us-east-1:{ACCOUNT}:replay/again", "State": "CANCELLING", "ResponseMetadata": response["ResponseMetadata"]}
    assert events.describe_replay(ReplayName="again")["State"] == "CANCELLED"
    with pytest.raises(events.exceptions.IllegalStatusException) as info:
        events.cancel_replay(ReplayName="again")
    assert error_of(info) == ("IllegalStatusException", "Replay again is not in a valid state for this operation.")


def test_archives_and_replays_are_per_account_and_region(events, client_for):
    archive(events)
    replay(events)
    for other in (client_for(OTHER_ACCOUNT), client_for(region="eu-west-1")):
        assert other.list_archives()["Archives"] == []
        assert other.list_replays()["Replays"] == []
