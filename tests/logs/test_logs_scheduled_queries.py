"""Scheduled queries: stored, validated and described (not run)."""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from logs_support import MINUTE, NOW, NOW_MS

pytestmark = pytest.mark.model("logs", "CreateScheduledQueryRequest", "name")

ROLE = "arn:aws:iam::123456789012:role/queries"


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time(NOW) as clock:
        yield clock


def create(logs, name="errors", **params):
    params.setdefault("queryLanguage", "CWLI")
    params.setdefault("queryString", "filter @message like /ERROR/ | stats count(*)")
    params.setdefault("scheduleExpression", "rate(5 minutes)")
    params.setdefault("executionRoleArn", ROLE)
    return logs.create_scheduled_query(name=name, **params)


def test_create_get_list_update_delete(logs, group, frozen):
    created = create(logs, logGroupIdentifiers=[group], description="errors", timezone="Europe/Paris")
    arn = created["scheduledQueryArn"]
    assert arn.startswith("arn:aws:logs:us-east-1:123456789012:scheduled-query:") and created["state"] == "ENABLED"
    got = logs.get_scheduled_query(identifier="errors")
    got.pop("ResponseMetadata")
    assert got == {
        "scheduledQueryArn": arn,
        "name": "errors",
        "description": "errors",
        "queryLanguage": "CWLI",
        "queryString": "filter @message like /ERROR/ | stats count(*)",
        "logGroupIdentifiers": [group],
        "scheduleExpression": "rate(5 minutes)",
        "timezone": "Europe/Paris",
        "state": "ENABLED",
        "executionRoleArn": ROLE,
        "scheduleType": "CUSTOMER_MANAGED",
        "creationTime": NOW_MS,
        "lastUpdatedTime": NOW_MS,
    }
    assert logs.get_scheduled_query(identifier=arn)["name"] == "errors"
    frozen.tick(60)
    updated = logs.update_scheduled_query(
        identifier=arn, queryLanguage="CWLI", queryString="fields @message", scheduleExpression="cron(0 * * * ? *)",
        executionRoleArn=ROLE, state="DISABLED",
    )  # fmt: skip
    assert (updated["state"], updated["lastUpdatedTime"], updated["creationTime"]) == ("DISABLED", NOW_MS + MINUTE, NOW_MS)
    assert "description" not in updated
    [summary] = logs.list_scheduled_queries(state="DISABLED")["scheduledQueries"]
    assert summary == {
        "scheduledQueryArn": arn,
        "name": "errors",
        "state": "DISABLED",
        "scheduleType": "CUSTOMER_MANAGED",
        "scheduleExpression": "cron(0 * * * ? *)",
        "creationTime": NOW_MS,
        "lastUpdatedTime": NOW_MS + MINUTE,
    }
    assert logs.list_scheduled_queries(state="ENABLED")["scheduledQueries"] == []
    history = logs.get_scheduled_query_history(identifier=arn, startTime=0, endTime=NOW_MS)
    assert (history["name"], history["scheduledQueryArn"], history["triggerHistory"]) == ("errors", arn, [])
    logs.delete_scheduled_query(identifier="errors")
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.get_scheduled_query(identifier=arn)


def test_names_are_unique(logs):
    create(logs)
    with pytest.raises(logs.exceptions.ConflictException):
        create(logs)


@pytest.mark.parametrize(
    "params",
    [
        {"scheduleExpression": "every 5 minutes"},
        {"timezone": "Mars/Olympus"},
        {"queryString": "bogus"},
    ],
)
def test_invalid_settings(logs, params):
    with pytest.raises(logs.exceptions.ValidationException):
        create(logs, **params)
    assert logs.list_scheduled_queries()["scheduledQueries"] == []


def test_an_enabled_query_runs_on_the_clock(logs, group, frozen):
    logs.put_log_events(
        logGroupName=group,
        logStreamName="web-1",
        logEvents=[{"timestamp": NOW_MS - 2 * MINUTE, "message": "ERROR one"}, {"timestamp": NOW_MS, "message": "INFO two"}],
    )
    arn = create(logs, logGroupIdentifiers=[group], startTimeOffset=600)["scheduledQueryArn"]
    frozen.tick(4 * 60)
    assert logs.get_scheduled_query_history(identifier=arn, startTime=0, endTime=NOW_MS + 60 * MINUTE)["triggerHistory"] == []
    frozen.tick(60)
    [run] = logs.get_scheduled_query_history(identifier=arn, startTime=0, endTime=NOW_MS + 60 * MINUTE)["triggerHistory"]
    assert (run["executionStatus"], run["triggeredTimestamp"]) == ("Complete", NOW_MS + 5 * MINUTE)
    results = logs.get_query_results(queryId=run["queryId"])
    assert results["status"] == "Complete"
    assert results["results"] == [[{"field": "count(*)", "value": "1"}]]
    described = logs.get_scheduled_query(identifier=arn)
    assert (described["lastTriggeredTime"], described["lastExecutionStatus"]) == (NOW_MS + 5 * MINUTE, "Complete")
    logs.delete_log_group(logGroupName=group)
    frozen.tick(5 * 60)
    history = logs.get_scheduled_query_history(identifier=arn, startTime=0, endTime=NOW_MS + 60 * MINUTE)["triggerHistory"]
    assert [r["executionStatus"] for r in history] == ["Failed", "Complete"]
    assert "does not exist" in history[0]["errorMessage"] and "queryId" not in history[0]
    failed = logs.get_scheduled_query_history(identifier=arn, startTime=0, endTime=NOW_MS + 60 * MINUTE, executionStatuses=["Failed"])
    assert len(failed["triggerHistory"]) == 1


def test_a_disabled_or_deleted_query_does_not_run(logs, group, frozen):
    disabled = create(logs, name="off", logGroupIdentifiers=[group], state="DISABLED")["scheduledQueryArn"]
    deleted = create(logs, name="gone", logGroupIdentifiers=[group])["scheduledQueryArn"]
    logs.delete_scheduled_query(identifier=deleted)
    frozen.tick(10 * 60)
    assert logs.get_scheduled_query_history(identifier=disabled, startTime=0, endTime=NOW_MS + 60 * MINUTE)["triggerHistory"] == []
    assert logs.describe_queries()["queries"] == []
