"""Log events: PutLogEvents and AWS's batch rules, GetLogEvents with its tokens,
FilterLogEvents, retention."""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from logs_support import DAY, HOUR, MINUTE, NOW, NOW_MS, error_of, events


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time(NOW) as clock:
        yield clock


def put(logs, group, *items, stream="web-1"):
    return logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=events(*items))


def messages(response):
    return [e["message"] for e in response["events"]]


# -- PutLogEvents ------------------------------------------------------------------------


def test_put_and_get_log_events(logs, group):
    response = put(logs, group, (NOW_MS - 2, "first"), (NOW_MS - 1, "second"))
    assert set(response) == {"nextSequenceToken", "ResponseMetadata"}
    assert len(response["nextSequenceToken"]) == 56 and response["nextSequenceToken"].isdigit()
    got = logs.get_log_events(logGroupName=group, logStreamName="web-1")
    assert got["events"] == [
        {"timestamp": NOW_MS - 2, "message": "first", "ingestionTime": NOW_MS},
        {"timestamp": NOW_MS - 1, "message": "second", "ingestionTime": NOW_MS},
    ]
    [stream] = logs.describe_log_streams(logGroupName=group)["logStreams"]
    assert (stream["firstEventTimestamp"], stream["lastEventTimestamp"], stream["lastIngestionTime"]) == (NOW_MS - 2, NOW_MS - 1, NOW_MS)


def test_sequence_tokens_advance_and_are_ignored(logs, group):
    first = put(logs, group, (NOW_MS, "a"))["nextSequenceToken"]
    second = logs.put_log_events(
        logGroupName=group, logStreamName="web-1", logEvents=events((NOW_MS, "b")), sequenceToken="stale-token"
    )["nextSequenceToken"]
    assert int(second) > int(first)


def test_events_of_later_batches_are_read_in_timestamp_order(logs, group):
    put(logs, group, (NOW_MS - 10, "oldest"), (NOW_MS, "newest"))
    put(logs, group, (NOW_MS - 5, "middle"))  # a later batch, an earlier timestamp
    assert messages(logs.get_log_events(logGroupName=group, logStreamName="web-1", startFromHead=True)) == ["oldest", "middle", "newest"]


def test_too_old_too_new_events_are_rejected_and_the_rest_kept(logs, group):
    response = put(
        logs,
        group,
        (NOW_MS - 15 * DAY, "too old"),
        (NOW_MS - 14 * DAY - 1, "too old too"),
        (NOW_MS - HOUR, "kept"),
        (NOW_MS + 2 * HOUR, "just in time"),
        (NOW_MS + 2 * HOUR + 1, "too new"),
    )
    assert response["rejectedLogEventsInfo"] == {"tooOldLogEventEndIndex": 2, "tooNewLogEventStartIndex": 4}
    assert messages(logs.get_log_events(logGroupName=group, logStreamName="web-1")) == ["kept", "just in time"]


def test_events_older_than_the_retention_are_expired(logs, group):
    logs.put_retention_policy(logGroupName=group, retentionInDays=1)
    response = put(logs, group, (NOW_MS - 2 * DAY, "expired"), (NOW_MS - MINUTE, "kept"))
    assert response["rejectedLogEventsInfo"] == {"expiredLogEventEndIndex": 1}
    assert messages(logs.get_log_events(logGroupName=group, logStreamName="web-1")) == ["kept"]


@pytest.mark.parametrize(("retention", "expected"), [(7, {"tooOldLogEventEndIndex": 1, "expiredLogEventEndIndex": 2}), (30, {"tooOldLogEventEndIndex": 1})])
def test_too_old_and_expired_together(logs, group, retention, expected):
    logs.put_retention_policy(logGroupName=group, retentionInDays=retention)
    response = put(logs, group, (NOW_MS - 20 * DAY, "older than 14 days"), (NOW_MS - 10 * DAY, "10 days"))
    assert response["rejectedLogEventsInfo"] == expected
    kept = ["10 days"] if retention == 30 else []
    assert messages(logs.get_log_events(logGroupName=group, logStreamName="web-1")) == kept


def test_retention_expires_stored_events_as_time_passes(logs, group, frozen):
    logs.put_retention_policy(logGroupName=group, retentionInDays=1)
    put(logs, group, (NOW_MS - HOUR, "old"), (NOW_MS, "new"))
    frozen.tick(DAY / 1000 - 1800)  # 23.5 hours on: the first event is 24.5 hours old
    assert messages(logs.get_log_events(logGroupName=group, logStreamName="web-1")) == ["new"]
    assert messages(logs.filter_log_events(logGroupName=group)) == ["new"]


def test_out_of_order_batch_fails_whole(logs, group):
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        put(logs, group, (NOW_MS, "second"), (NOW_MS - 2 * DAY, "first"))
    assert error_of(info)[1] == "Log events in a single PutLogEvents request must be in chronological order."
    assert logs.get_log_events(logGroupName=group, logStreamName="web-1")["events"] == []


def test_batch_spanning_more_than_a_day_fails(logs, group):
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        put(logs, group, (NOW_MS - DAY - 1, "a"), (NOW_MS, "b"))
    assert error_of(info)[1] == "The batch of log events in a single PutLogEvents request cannot span more than 24 hours."
    put(logs, group, (NOW_MS - DAY, "a"), (NOW_MS, "b"))  # exactly 24 hours is fine
    # rejected events do not count towards the span
    assert put(logs, group, (NOW_MS - 20 * DAY, "old"), (NOW_MS - HOUR, "c"), (NOW_MS, "d"))["rejectedLogEventsInfo"] == {
        "tooOldLogEventEndIndex": 1
    }


def test_batch_size_limit_counts_26_bytes_per_event(logs, group):
    message = "x" * (1_048_576 // 2 - 26)
    put(logs, group, (NOW_MS, message), (NOW_MS, message))  # exactly the limit
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        put(logs, group, (NOW_MS, message), (NOW_MS, message + "é"))
    assert error_of(info)[1] == "Upload too large: 1048578 bytes exceeds limit of 1048576"


def test_put_into_missing_group_or_stream(logs, group):
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        put(logs, group, (NOW_MS, "x"), stream="missing")
    assert error_of(info)[1] == "The specified log stream does not exist."
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        put(logs, "missing", (NOW_MS, "x"))
    assert error_of(info)[1] == "The specified log group does not exist."


# -- GetLogEvents -----------------------------------------------------------------------


@pytest.fixture
def twenty(logs, group):
    put(logs, group, *[(NOW_MS - 20 + i, f"m{i}") for i in range(20)])
    return group


def test_without_start_from_head_the_latest_events_come_first(logs, twenty):
    page = logs.get_log_events(logGroupName=twenty, logStreamName="web-1", limit=5)
    assert messages(page) == ["m15", "m16", "m17", "m18", "m19"]
    back = logs.get_log_events(logGroupName=twenty, logStreamName="web-1", limit=5, nextToken=page["nextBackwardToken"])
    assert messages(back) == ["m10", "m11", "m12", "m13", "m14"]
    forward = logs.get_log_events(logGroupName=twenty, logStreamName="web-1", limit=5, nextToken=page["nextForwardToken"])
    assert forward["events"] == [] and forward["nextForwardToken"] == page["nextForwardToken"]


def test_reading_forward_from_head_until_the_token_repeats(logs, twenty):
    seen, token, previous = [], None, None
    while True:
        kwargs = {"nextToken": token} if token else {"startFromHead": True}
        page = logs.get_log_events(logGroupName=twenty, logStreamName="web-1", limit=7, **kwargs)
        seen += messages(page)
        previous, token = token, page["nextForwardToken"]
        if token == previous:
            break
    assert seen == [f"m{i}" for i in range(20)]
    assert page["nextForwardToken"].startswith("f/") and page["nextBackwardToken"].startswith("b/")


def test_new_events_appear_behind_a_forward_token(logs, twenty):
    tail = logs.get_log_events(logGroupName=twenty, logStreamName="web-1")
    put(logs, twenty, (NOW_MS, "fresh"))
    assert messages(logs.get_log_events(logGroupName=twenty, logStreamName="web-1", nextToken=tail["nextForwardToken"])) == ["fresh"]


def test_time_window_is_start_inclusive_end_exclusive(logs, twenty):
    page = logs.get_log_events(logGroupName=twenty, logStreamName="web-1", startTime=NOW_MS - 15, endTime=NOW_MS - 12, startFromHead=True)
    assert messages(page) == ["m5", "m6", "m7"]


def test_get_errors(logs, twenty):
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        logs.get_log_events(logGroupName=twenty, logStreamName="web-1", nextToken="invalid-token")
    assert error_of(info)[1] == "The specified nextToken is invalid."
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        logs.get_log_events(logGroupName=twenty, logStreamName="web-1", limit=10001)
    assert error_of(info)[1] == (
        "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000"
    )
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        logs.get_log_events(logGroupName="missing", logStreamName="web-1")
    assert error_of(info)[1] == "The specified log group does not exist."
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        logs.get_log_events(logGroupName=twenty, logStreamName="missing")
    assert error_of(info)[1] == "The specified log stream does not exist."


# -- FilterLogEvents ----------------------------------------------------------------------


@pytest.fixture
def mixed(logs, group):
    logs.create_log_stream(logGroupName=group, logStreamName="worker-1")
    put(logs, group, (NOW_MS - 50, "[ERROR] payment failed"), (NOW_MS - 30, '{"detail": {"status": "paid", "amount": 12}}'))
    put(logs, group, (NOW_MS - 40, "[WARN] slow request"), (NOW_MS - 20, '{"detail": {"status": "paid", "amount": 5}}'), stream="worker-1")
    put(logs, group, (NOW_MS - 10, "[ERROR] Exiting"), stream="worker-1")
    return group


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("", ["[ERROR] payment failed", "[WARN] slow request", '{"detail": {"status": "paid", "amount": 12}}', '{"detail": {"status": "paid", "amount": 5}}', "[ERROR] Exiting"]),
        ("ERROR", ["[ERROR] payment failed", "[ERROR] Exiting"]),
        ("ERROR payment", ["[ERROR] payment failed"]),
        ("?WARN ?Exiting", ["[WARN] slow request", "[ERROR] Exiting"]),
        ("ERROR -Exiting", ["[ERROR] payment failed"]),
        ('"slow request"', ["[WARN] slow request"]),
        ('"request slow"', []),
        ("%fai[a-z]+ed$%", ["[ERROR] payment failed"]),
        ('{ $.detail.status = "paid" && $.detail.amount > 10 }', ['{"detail": {"status": "paid", "amount": 12}}']),
        ('{ $.detail.status = "paid" }', ['{"detail": {"status": "paid", "amount": 12}}', '{"detail": {"status": "paid", "amount": 5}}']),
        ("{ $.detail.amount < 10 || $.detail.amount >= 12 }", ['{"detail": {"status": "paid", "amount": 12}}', '{"detail": {"status": "paid", "amount": 5}}']),
        ("{ $.detail.status = pa* && $.detail.refund NOT EXISTS }", ['{"detail": {"status": "paid", "amount": 12}}', '{"detail": {"status": "paid", "amount": 5}}']),
        ('{ $.detail.status != "paid" }', []),
        ("[level, ...]", ["[ERROR] payment failed", "[WARN] slow request", '{"detail": {"status": "paid", "amount": 12}}', '{"detail": {"status": "paid", "amount": 5}}', "[ERROR] Exiting"]),
        ("[level, what]", ["[ERROR] Exiting"]),
        ("[level = *WARN*, what, how]", ["[WARN] slow request"]),
    ],
)
def test_filter_patterns(logs, mixed, pattern, expected):
    assert messages(logs.filter_log_events(logGroupName=mixed, filterPattern=pattern)) == expected


def test_filtered_events_name_their_stream_and_have_ids(logs, mixed):
    response = logs.filter_log_events(logGroupName=mixed, filterPattern="ERROR")
    assert [(e["logStreamName"], e["timestamp"], e["ingestionTime"]) for e in response["events"]] == [
        ("web-1", NOW_MS - 50, NOW_MS),
        ("worker-1", NOW_MS - 10, NOW_MS),
    ]
    ids = [e["eventId"] for e in response["events"]]
    assert all(len(i) == 56 and i.isdigit() for i in ids) and len(set(ids)) == 2
    assert response["searchedLogStreams"] == [] and "nextToken" not in response


def test_filter_by_streams_and_time(logs, mixed):
    assert messages(logs.filter_log_events(logGroupName=mixed, logStreamNames=["worker-1"], filterPattern="ERROR")) == ["[ERROR] Exiting"]
    assert len(logs.filter_log_events(logGroupName=mixed, logStreamNamePrefix="work")["events"]) == 3
    assert messages(logs.filter_log_events(logGroupName=mixed, startTime=NOW_MS - 40, endTime=NOW_MS - 20)) == [
        "[WARN] slow request",
        '{"detail": {"status": "paid", "amount": 12}}',
    ]
    arn = f"arn:aws:logs:us-east-1:123456789012:log-group:{mixed}"
    assert len(logs.filter_log_events(logGroupIdentifier=arn)["events"]) == 5


def test_filter_pages(logs, mixed):
    first = logs.filter_log_events(logGroupName=mixed, limit=2)
    second = logs.filter_log_events(logGroupName=mixed, limit=2, nextToken=first["nextToken"])
    third = logs.filter_log_events(logGroupName=mixed, limit=2, nextToken=second["nextToken"])
    assert len(first["events"] + second["events"] + third["events"]) == 5 and "nextToken" not in third
    pages = logs.get_paginator("filter_log_events").paginate(logGroupName=mixed, PaginationConfig={"PageSize": 1})
    assert len([e for page in pages for e in page["events"]]) == 5


@pytest.mark.model("logs", "FilterLogEventsRequest", "startFromHead")
def test_filter_latest_first_keeps_its_direction_across_pages(logs, mixed):
    first = logs.filter_log_events(logGroupName=mixed, startFromHead=False, limit=3)
    second = logs.filter_log_events(logGroupName=mixed, nextToken=first["nextToken"], limit=3)
    assert [e["timestamp"] for e in first["events"] + second["events"]] == [NOW_MS - t for t in (10, 20, 30, 40, 50)]


def test_filter_errors(logs, mixed):
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        logs.filter_log_events(logGroupName=mixed, filterPattern='{ $.detail.status = "paid"')
    assert error_of(info)[1] == "If a filter pattern starts with '{' it must end with '}'"
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        logs.filter_log_events(logGroupName=mixed, filterPattern="{ $.detail.amount > paid }")
    assert error_of(info)[1] == "Invalid filter pattern"
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        logs.filter_log_events(logGroupName=mixed, nextToken="invalid-token")
    assert error_of(info)[1] == "The specified nextToken is invalid."
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.filter_log_events(logGroupName=mixed, logStreamNames=["web-1"], logStreamNamePrefix="w")
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.filter_log_events(logGroupName="missing")


JSON_EVENTS = [
    '{"user": {"id": 7, "admin": true}, "tags": ["a", "b"], "error": null, "latency": 1.5e3}',
    '{"user": {"id": 8, "admin": false}, "tags": [], "latency": 20}',
    '{"user": "anonymous", "note": "say \\"hi\\""}',
]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("{ $.user.admin IS TRUE }", [0]),
        ("{ $.user.admin IS FALSE }", [1]),
        ("{ $.error IS NULL }", [0]),
        ("{ $.error NOT EXISTS }", [1, 2]),
        ("{ $.tags[1] = b }", [0]),
        ("{ $.tags[*] = a }", [0]),
        ("{ $.user.id = 8 }", [1]),
        ("{ $.latency >= 1500 }", [0]),
        ("{ $.latency < 1000 && $.user.id != 7 }", [1]),
        ("{ ($.user.id = 7 || $.user.id = 8) && $.latency > 100 }", [0]),
        ('{ $.note = "say \\"hi\\"" }', [2]),
        ("{ $.user = anon* }", [2]),
        ("{ $.user.id = %^[78]$% }", [0, 1]),
    ],
)
def test_json_filter_patterns(logs, group, pattern, expected):
    put(logs, group, *[(NOW_MS - 10 + i, message) for i, message in enumerate(JSON_EVENTS)])
    found = messages(logs.filter_log_events(logGroupName=group, filterPattern=pattern))
    assert found == [JSON_EVENTS[i] for i in expected]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("[ip, user, verb, path, status = 4*, bytes]", [1]),
        ("[ip, ..., status >= 500 || status = 404, bytes]", [1, 2]),
        ("[ip = 10.0.0.*, ...]", [0, 1]),
        ('[ip, user = "-", ...]', [2]),
        ("[ip, user, verb != GET, ...]", [2]),
    ],
)
def test_space_delimited_filter_patterns(logs, group, pattern, expected):
    lines = ["10.0.0.1 ada GET /a 200 512", "10.0.0.2 bob GET /b 404 128", '192.168.0.9 - POST "/c d" 503 0']
    put(logs, group, *[(NOW_MS - 10 + i, line) for i, line in enumerate(lines)])
    assert messages(logs.filter_log_events(logGroupName=group, filterPattern=pattern)) == [lines[i] for i in expected]


def test_an_empty_message_is_refused_by_botocore_or_answered_as_aws_does(logs, group, boto3_session):
    from botocore.config import Config
    from botocore.exceptions import ParamValidationError

    batch = [{"timestamp": NOW_MS, "message": ""}]
    with pytest.raises(ParamValidationError):
        logs.put_log_events(logGroupName=group, logStreamName="web-1", logEvents=batch)
    unvalidated = boto3_session.client(
        "logs", region_name="us-east-1", aws_access_key_id="123456789012", aws_secret_access_key="x", config=Config(parameter_validation=False)
    )
    with freeze_time(NOW), pytest.raises(unvalidated.exceptions.InvalidParameterException) as info:
        unvalidated.put_log_events(logGroupName=group, logStreamName="web-1", logEvents=batch)
    assert error_of(info)[1].endswith("at 'logEvents.1.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1")
