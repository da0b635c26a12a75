"""Logs Insights operations: StartQuery's parameters and errors, the query's status
across GetQueryResults calls, StopQuery, DescribeQueries, query definitions,
GetLogRecord, GetLogGroupFields and ListLogGroupsForQuery."""

from __future__ import annotations

import json

import pytest
from freezegun import freeze_time
from insights_support import NOW_S, column, complete, put, query, rows
from logs_support import DAY, MINUTE, NOW, NOW_MS, error_of


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time(NOW) as clock:
        yield clock


def start(logs, group="/shop/orders", text="fields @message", **params):
    params.setdefault("startTime", NOW_S - 3600)
    params.setdefault("endTime", NOW_S)
    if not any(k in params for k in ("logGroupNames", "logGroupIdentifiers")):
        params["logGroupName"] = group
    return logs.start_query(queryString=text, **params)["queryId"]


# -- StartQuery ----------------------------------------------------------------------


def test_a_query_is_scheduled_then_running_then_complete(logs, group):
    put(logs, group, (NOW_MS, "hello"))
    query_id = start(logs)
    [info] = logs.describe_queries(logGroupName=group)["queries"]
    assert info == {
        "queryLanguage": "CWLI",
        "queryId": query_id,
        "queryString": f'SOURCE "/shop/orders" START={NOW_S - 3600}000 END={NOW_S}999 | fields @message',
        "status": "Scheduled",
        "createTime": NOW_MS,
        "logGroupName": group,
    }
    running = logs.get_query_results(queryId=query_id)
    running.pop("ResponseMetadata")
    assert running == {
        "queryLanguage": "CWLI",
        "status": "Running",
        "results": [],
        "statistics": {"recordsMatched": 0.0, "recordsScanned": 0.0, "bytesScanned": 0.0},
    }
    assert [q["status"] for q in logs.describe_queries()["queries"]] == ["Running"]
    done = logs.get_query_results(queryId=query_id)
    assert done["status"] == "Complete" and column(done, "@message") == ["hello"]
    assert logs.get_query_results(queryId=query_id)["results"] == done["results"]
    assert logs.describe_queries(status="Complete")["queries"][0]["queryId"] == query_id
    assert logs.describe_queries(status="Scheduled")["queries"] == []


def test_the_time_window_takes_the_end_second_whole(logs, group):
    put(
        logs,
        group,
        (NOW_MS - 2 * MINUTE - 1, "before"),
        (NOW_MS - 2 * MINUTE, "first"),
        (NOW_MS + 999, "last"),
        (NOW_MS + 1000, "after"),
    )
    response = query(logs, "fields @message", startTime=NOW_S - 120, endTime=NOW_S)
    assert column(response, "@message") == ["last", "first"]


def test_a_query_reads_the_events_there_were_when_it_started(logs, group):
    put(logs, group, (NOW_MS, "before"))
    query_id = start(logs)
    put(logs, group, (NOW_MS, "after"))
    assert column(complete(logs, query_id), "@message") == ["before"]


def test_a_query_skips_events_the_retention_expired(logs, group, frozen):
    put(logs, group, (NOW_MS, "old"))
    logs.put_retention_policy(logGroupName=group, retentionInDays=1)
    frozen.tick(2 * DAY / 1000)
    response = query(logs, "fields @message", startTime=NOW_S - 3600, endTime=NOW_S + 3 * 86_400)
    assert response["results"] == []


def test_several_log_groups_by_name_and_by_arn(logs, group):
    logs.create_log_group(logGroupName="/shop/payments")
    logs.create_log_stream(logGroupName="/shop/payments", logStreamName="p")
    put(logs, group, (NOW_MS - 1, "order"))
    put(logs, "/shop/payments", (NOW_MS, "payment"), stream="p")
    arn = "arn:aws:logs:us-east-1:123456789012:log-group:/shop/payments"
    for params in ({"logGroupNames": [group, "/shop/payments"]}, {"logGroupIdentifiers": [group, arn]}):
        response = query(logs, "fields @log, @logStream, @message", **params)
        assert rows(response) == [
            {"@log": "123456789012:/shop/payments", "@logStream": "p", "@message": "payment"},
            {"@log": "123456789012:/shop/orders", "@logStream": "web-1", "@message": "order"},
        ]
    query_id = start(logs, logGroupIdentifiers=[group, arn])
    assert logs.list_log_groups_for_query(queryId=query_id)["logGroupIdentifiers"] == [
        "arn:aws:logs:us-east-1:123456789012:log-group:/shop/orders",
        "arn:aws:logs:us-east-1:123456789012:log-group:/shop/payments",
    ]


def test_a_missing_log_group(logs, group):
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        start(logs, logGroupNames=[group, "/nope"])
    request_id = info.value.response["ResponseMetadata"]["RequestId"]
    assert error_of(info)[1] == (
        "Log group '/nope' does not exist for account ID '123456789012' (Service: AWSLogs; Status Code: 400; "
        f"Error Code: ResourceNotFoundException; Request ID: {request_id}; Proxy: null)"
    )
    assert logs.describe_queries()["queries"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"logGroupName": "/shop/orders", "logGroupNames": ["/shop/orders"]},
        {"logGroupNames": ["/shop/orders"], "logGroupIdentifiers": ["/shop/orders"]},
        {},
    ],
)
def test_one_way_of_naming_the_log_groups(logs, group, params):
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.start_query(startTime=NOW_S - 60, endTime=NOW_S, queryString="fields @message", **params)


def test_the_end_may_not_be_before_the_start(logs, group):
    with pytest.raises(logs.exceptions.InvalidParameterException):
        start(logs, startTime=NOW_S, endTime=NOW_S - 1)


def test_other_query_languages_are_not_emulated(logs, group):
    from eventmock import NotEmulatedError

    with pytest.raises(NotEmulatedError):
        start(logs, text="SELECT * FROM `/shop/orders`", queryLanguage="SQL")


# -- StopQuery, GetQueryResults --------------------------------------------------------


def test_stop_query(logs, group):
    query_id = start(logs)
    assert logs.stop_query(queryId=query_id)["success"] is True
    cancelled = logs.get_query_results(queryId=query_id)
    assert (cancelled["status"], cancelled["results"]) == ("Cancelled", [])
    assert logs.describe_queries(status="Cancelled")["queries"][0]["queryId"] == query_id
    assert logs.stop_query(queryId=query_id)["success"] is False
    finished = start(logs)
    complete(logs, finished)
    assert logs.stop_query(queryId=finished)["success"] is False


@pytest.mark.parametrize("operation", ["get_query_results", "stop_query", "list_log_groups_for_query"])
def test_an_unknown_query_id(logs, operation):
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        getattr(logs, operation)(queryId="0b2ed9dd-0c43-4a30-a5a0-1d5cbb0b4a9e")


@pytest.mark.model("logs", "GetQueryResultsRequest", "maxItems")
def test_get_query_results_pages(logs, group):
    put(logs, group, *((NOW_MS - i, f"m{i}") for i in range(5, 0, -1)))
    query_id = start(logs)
    complete(logs, query_id)
    first = logs.get_query_results(queryId=query_id, maxItems=2)
    second = logs.get_query_results(queryId=query_id, maxItems=3, nextToken=first["nextToken"])
    assert column(first, "@message") + column(second, "@message") == ["m1", "m2", "m3", "m4", "m5"]
    assert "nextToken" not in second


def test_describe_queries_filters_and_pages(logs, group):
    logs.create_log_group(logGroupName="/other")
    ids = [start(logs) for _ in range(3)]
    other = start(logs, group="/other")
    assert [q["queryId"] for q in logs.describe_queries(logGroupName=group)["queries"]] == ids[::-1]
    assert [q["queryId"] for q in logs.describe_queries(logGroupName="/other")["queries"]] == [other]
    pages = logs.get_paginator("describe_queries").paginate(PaginationConfig={"PageSize": 2})
    assert [q["queryId"] for page in pages for q in page["queries"]] == [other, *ids[::-1]]


# -- query definitions -----------------------------------------------------------------


def test_query_definitions(logs, frozen):
    first = logs.put_query_definition(name="errors", queryString="filter @message like /ERROR/", logGroupNames=["/a"])["queryDefinitionId"]
    second = logs.put_query_definition(name="all", queryString="fields @message")["queryDefinitionId"]
    assert logs.describe_query_definitions()["queryDefinitions"] == [
        {"queryLanguage": "CWLI", "queryDefinitionId": second, "name": "all", "queryString": "fields @message", "lastModified": NOW_MS},
        {
            "queryLanguage": "CWLI",
            "queryDefinitionId": first,
            "name": "errors",
            "queryString": "filter @message like /ERROR/",
            "lastModified": NOW_MS,
            "logGroupNames": ["/a"],
        },
    ]
    frozen.tick(60)
    again = logs.put_query_definition(queryDefinitionId=first, name="errs", queryString="fields @timestamp")
    assert again["queryDefinitionId"] == first
    [updated] = logs.describe_query_definitions(queryDefinitionNamePrefix="err")["queryDefinitions"]
    assert (updated["name"], updated["queryString"], updated["lastModified"]) == ("errs", "fields @timestamp", NOW_MS + MINUTE)
    assert logs.delete_query_definition(queryDefinitionId=first)["success"] is True
    assert [d["name"] for d in logs.describe_query_definitions()["queryDefinitions"]] == ["all"]
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.delete_query_definition(queryDefinitionId=first)


# -- GetLogRecord, GetLogGroupFields -------------------------------------------------------


def test_get_log_record_by_its_pointer(logs, group):
    put(logs, group, (NOW_MS - 5, json.dumps({"level": "ERROR", "user": {"id": "u1"}})), (NOW_MS - 5, "same time"))
    response = query(logs, "fields @message")
    pointers = {row["@message"]: row["@ptr"] for row in rows(response, ptr=True)}
    record = logs.get_log_record(logRecordPointer=pointers["same time"])["logRecord"]
    assert record == {
        "@timestamp": str(NOW_MS - 5),
        "@message": "same time",
        "@logStream": "web-1",
        "@log": "123456789012:/shop/orders",
        "@ingestionTime": str(NOW_MS),
    }
    json_record = logs.get_log_record(logRecordPointer=pointers['{"level": "ERROR", "user": {"id": "u1"}}'])["logRecord"]
    assert (json_record["level"], json_record["user.id"]) == ("ERROR", "u1")
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.get_log_record(logRecordPointer="not-a-pointer")
    logs.delete_log_group(logGroupName=group)
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.get_log_record(logRecordPointer=pointers["same time"])


def test_get_log_group_fields(logs, group):
    put(
        logs,
        group,
        (NOW_MS - 20 * MINUTE, json.dumps({"old": 1})),
        (NOW_MS - 2, json.dumps({"level": "INFO", "user": {"id": "u1"}})),
        (NOW_MS - 1, json.dumps({"level": "ERROR"})),
        (NOW_MS, "plain"),
    )
    fields = logs.get_log_group_fields(logGroupName=group)["logGroupFields"]
    assert fields == [
        {"name": "@ingestionTime", "percent": 100},
        {"name": "@log", "percent": 100},
        {"name": "@logStream", "percent": 100},
        {"name": "@message", "percent": 100},
        {"name": "@timestamp", "percent": 100},
        {"name": "level", "percent": 67},
        {"name": "user.id", "percent": 33},
    ]
    around_old = logs.get_log_group_fields(logGroupIdentifier=group, time=NOW_S - 20 * 60)["logGroupFields"]
    assert {"name": "old", "percent": 100} in around_old
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.get_log_group_fields(logGroupName="/nope")


@pytest.mark.model("logs", "GetLogFieldsRequest", "dataSourceName")
def test_get_log_fields_answers_no_fields_for_a_data_source(logs):
    """eventmock's log groups carry no data source, so none has fields."""
    assert logs.get_log_fields(dataSourceName="amazon_vpc", dataSourceType="flow")["logFields"] == []
