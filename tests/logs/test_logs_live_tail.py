"""StartLiveTail: its checks, and the event stream it answers (a sessionStart, then a
sessionUpdate with the matching events held)."""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from logs_support import NOW, NOW_MS, error_of, events

ACCOUNT = "123456789012"
GROUP_ARN = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/shop/orders"


@pytest.fixture(autouse=True)
def _has_live_tail(logs):
    if "StartLiveTail" not in logs.meta.service_model.operation_names:
        pytest.skip("botocore's logs model has no StartLiveTail")


def test_checks_its_input_as_aws_does(logs, group):
    logs.create_log_group(logGroupName="/other")
    other = GROUP_ARN.replace("/shop/orders", "/other")
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        logs.start_live_tail(logGroupIdentifiers=[GROUP_ARN], logStreamNames=["a"], logStreamNamePrefixes=["b"])
    assert error_of(info)[1] == "Only one of logStreamNames or logStreamNamePrefixes can be provided."
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        logs.start_live_tail(logGroupIdentifiers=[GROUP_ARN, other], logStreamNamePrefixes=["b"])
    assert error_of(info)[1] == "logStreamNames and logStreamNamePrefixes can only be used with a single log group."
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.start_live_tail(logGroupIdentifiers=[GROUP_ARN.replace("orders", "missing")])
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        logs.start_live_tail(logGroupIdentifiers=[GROUP_ARN], logEventFilterPattern="{ $.a = ")
    assert error_of(info)[1] == "If a filter pattern starts with '{' it must end with '}'"


@freeze_time(NOW)
def test_the_stream_starts_then_carries_the_matching_events_then_ends(logs, group):
    logs.create_log_stream(logGroupName=group, logStreamName="web-2")
    logs.put_log_events(logGroupName=group, logStreamName="web-1", logEvents=events((NOW_MS - 5, "ERROR one"), (NOW_MS - 4, "ok")))
    logs.put_log_events(logGroupName=group, logStreamName="web-2", logEvents=events((NOW_MS - 3, "ERROR two")))
    answer = logs.start_live_tail(logGroupIdentifiers=[GROUP_ARN], logEventFilterPattern="ERROR")
    stream = iter(answer["responseStream"])
    start = next(stream)["sessionStart"]
    assert start["logGroupIdentifiers"] == [GROUP_ARN] and start["logEventFilterPattern"] == "ERROR"
    assert start["sessionId"] and start["requestId"]
    update = next(stream)["sessionUpdate"]
    assert update == {
        "sessionMetadata": {"sampled": False},
        "sessionResults": [
            {"logStreamName": "web-1", "logGroupIdentifier": GROUP_ARN, "message": "ERROR one", "timestamp": NOW_MS - 5, "ingestionTime": NOW_MS},
            {"logStreamName": "web-2", "logGroupIdentifier": GROUP_ARN, "message": "ERROR two", "timestamp": NOW_MS - 3, "ingestionTime": NOW_MS},
        ],
    }
    with pytest.raises(StopIteration):
        next(stream)


@freeze_time(NOW)
def test_streams_by_name_or_prefix_and_a_json_pattern(logs, group):
    for name in ("web-2", "api-1"):
        logs.create_log_stream(logGroupName=group, logStreamName=name)
    for name in ("web-1", "web-2", "api-1"):
        logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=events((NOW_MS, f'{{"from": "{name}"}}')))

    def tail(**filters):
        answer = logs.start_live_tail(logGroupIdentifiers=[GROUP_ARN], **filters)
        [start, update] = list(answer["responseStream"])
        return start["sessionStart"], sorted(r["logStreamName"] for r in update["sessionUpdate"]["sessionResults"])

    start, names = tail(logStreamNamePrefixes=["web"])
    assert names == ["web-1", "web-2"] and start["logStreamNamePrefixes"] == ["web"]
    assert tail(logStreamNames=["api-1", "nope"])[1] == ["api-1"]
    assert tail(logEventFilterPattern='{ $.from = "web-2" }')[1] == ["web-2"]


@freeze_time(NOW)
def test_an_update_holds_the_latest_500_and_says_it_sampled(logs, group):
    logs.put_log_events(logGroupName=group, logStreamName="web-1", logEvents=events(*((NOW_MS + i, f"m{i}") for i in range(501))))
    [_, update] = list(logs.start_live_tail(logGroupIdentifiers=[GROUP_ARN])["responseStream"])
    results = update["sessionUpdate"]["sessionResults"]
    assert update["sessionUpdate"]["sessionMetadata"] == {"sampled": True}
    assert len(results) == 500 and results[0]["message"] == "m1" and results[-1]["message"] == "m500"


def test_a_session_over_an_empty_group_sends_an_empty_update(logs, group):
    [start, update] = list(logs.start_live_tail(logGroupIdentifiers=[GROUP_ARN])["responseStream"])
    assert "sessionStart" in start
    assert update["sessionUpdate"]["sessionMetadata"] == {"sampled": False}
    assert update["sessionUpdate"].get("sessionResults", []) == []
