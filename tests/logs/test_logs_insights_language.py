"""The Logs Insights query language, through StartQuery and GetQueryResults: fields,
filter, stats, sort, limit, parse, display, dedup, functions, and malformed queries."""

from __future__ import annotations

import json

import pytest
from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from insights_support import NOW_S, column, put, query, rows
from logs_support import MINUTE, NOW, NOW_MS, error_of


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time(NOW) as clock:
        yield clock


@pytest.fixture
def orders(logs, group):
    """Four events a minute apart, the latest now: two JSON, two plain."""
    put(
        logs,
        group,
        (NOW_MS - 3 * MINUTE, "INFO service started"),
        (NOW_MS - 2 * MINUTE, json.dumps({"level": "ERROR", "latency": 120, "user": {"id": "u1"}, "tags": ["a", "b"]})),
        (NOW_MS - MINUTE, json.dumps({"level": "INFO", "latency": 30.5, "user": {"id": "u2"}})),
        (NOW_MS, "ERROR user=bob action=login"),
    )
    return group


def test_fields_are_answered_latest_first_with_a_pointer(logs, orders):
    response = query(logs, "fields @message")
    assert column(response, "@message")[0] == "ERROR user=bob action=login"
    assert column(response, "@message")[-1] == "INFO service started"
    for row in response["results"]:
        assert [c["field"] for c in row] == ["@message", "@ptr"]
        assert all(isinstance(c["value"], str) for c in row)


def test_timestamps_are_written_as_aws_writes_them(logs, orders):
    response = query(logs, "fields @timestamp, @ingestionTime, @logStream, @log | limit 1")
    assert rows(response) == [
        {
            "@timestamp": NOW.strftime("%Y-%m-%d %H:%M:%S.000"),
            "@ingestionTime": NOW.strftime("%Y-%m-%d %H:%M:%S.000"),
            "@logStream": "web-1",
            "@log": "123456789012:/shop/orders",
        }
    ]


def test_a_query_without_fields_shows_every_field_of_each_record(logs, orders):
    [row] = rows(query(logs, "filter level = 'ERROR'"))
    assert row == {
        "@timestamp": "2026-05-06 07:06:09.000",
        "@message": '{"level": "ERROR", "latency": 120, "user": {"id": "u1"}, "tags": ["a", "b"]}',
        "@logStream": "web-1",
        "@log": "123456789012:/shop/orders",
        "@ingestionTime": "2026-05-06 07:08:09.000",
        "level": "ERROR",
        "latency": "120",
        "user.id": "u1",
        "tags.0": "a",
        "tags.1": "b",
    }


def test_sort_and_limit(logs, orders):
    assert column(query(logs, "fields @message | sort @timestamp asc | limit 2"), "@message") == [
        "INFO service started",
        json.dumps({"level": "ERROR", "latency": 120, "user": {"id": "u1"}, "tags": ["a", "b"]}),
    ]
    assert column(query(logs, "fields latency | filter ispresent(latency) | sort latency desc"), "latency") == ["120", "30.5"]
    assert column(query(logs, "fields latency | filter ispresent(latency) | sort latency asc"), "latency") == ["30.5", "120"]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("level = 'ERROR'", ["u1"]),
        ('level != "ERROR"', ["u2"]),
        ("latency > 50", ["u1"]),
        ("latency <= 30.5", ["u2"]),
        ("latency * 2 > 100 and level = 'ERROR'", ["u1"]),
        ("latency - 30 < 1 or user.id = 'u1'", ["u2", "u1"]),
        ("not level = 'INFO'", ["u1"]),
        ("level in ['ERROR', 'WARN']", ["u1"]),
        ("level not in ['ERROR']", ["u2"]),
        ("@message like 'ERROR'", ["u1"]),
        ("@message like /latency.: 3\\d/", ["u2"]),
        ("@message not like /ERROR/", ["u2"]),
        ("@message =~ /(?i)error/", ["u1"]),
        ("tags.1 = 'b'", ["u1"]),
        ("missing = 'x' or missing != 'x'", []),
    ],
)
def test_filter(logs, orders, condition, expected):
    assert column(query(logs, f"filter ispresent(user.id) and ({condition}) | fields user.id"), "user.id") == expected


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("strlen(user.id)", "2"),
        ("toupper(user.id)", "U1"),
        ("tolower(level)", "error"),
        ("concat(level, '-', user.id)", "ERROR-u1"),
        ("isempty(missing)", "true"),
        ("isblank(level)", "false"),
        ("ispresent(level)", "true"),
        ("abs(0 - latency)", "120"),
        ("floor(latency / 7)", "17"),
        ("ceil(latency / 7)", "18"),
        ("latency / 8", "15"),
        ("latency / 16", "7.5"),
        ("latency % 7 + 1", "2"),
        ("substr(level, 1, 3)", "RRO"),
        ("replace(level, 'ERR', 'err')", "errOR"),
        ("datefloor(@timestamp, 1h)", "2026-05-06 07:00:00.000"),
        ("bin(5m)", "2026-05-06 07:05:00.000"),
        ("bin(2hrs)", "2026-05-06 06:00:00.000"),
        ("bin(1mo)", "2026-05-01 00:00:00.000"),
        ("datefloor(@timestamp, 1q)", "2026-04-01 00:00:00.000"),
        ("dateceil(@timestamp, 1yr)", "2027-01-01 00:00:00.000"),
    ],
)
def test_functions(logs, orders, expression, value):
    [row] = rows(query(logs, f"filter level = 'ERROR' | fields {expression} as out"))
    assert row == {"out": value}


def test_stats(logs, orders):
    response = query(
        logs,
        "stats count() as n, count(latency), sum(latency), avg(latency), min(latency), max(latency), count_distinct(level)",
    )
    assert rows(response, ptr=True) == [
        {
            "n": "4",
            "count(latency)": "2",
            "sum(latency)": "150.5",
            "avg(latency)": "75.25",
            "min(latency)": "30.5",
            "max(latency)": "120",
            "count_distinct(level)": "2",
        }
    ]


def test_stats_by_fields_and_bins(logs, orders):
    by_level = rows(query(logs, "filter ispresent(level) | stats count(*) as n by level | sort level asc"))
    assert by_level == [{"level": "ERROR", "n": "1"}, {"level": "INFO", "n": "1"}]
    by_bin = rows(query(logs, "stats count(*) by bin(2m) | sort bin(2m) asc"))
    assert by_bin == [
        {"bin(2m)": "2026-05-06 07:04:00.000", "count(*)": "1"},
        {"bin(2m)": "2026-05-06 07:06:00.000", "count(*)": "2"},
        {"bin(2m)": "2026-05-06 07:08:00.000", "count(*)": "1"},
    ]


def test_earliest_and_latest(logs, orders):
    assert rows(query(logs, "stats earliest(@message) as first, latest(@message) as last")) == [
        {"first": "INFO service started", "last": "ERROR user=bob action=login"}
    ]


def test_parse_with_a_glob_and_with_a_regular_expression(logs, orders):
    glob = query(logs, "parse @message 'user=* action=*' as who, what | filter ispresent(who) | display who, what")
    assert rows(glob) == [{"who": "bob", "what": "login"}]
    regex = query(logs, "parse @message /user=(?<who>\\w+)/ | filter ispresent(who) | fields who, strlen(who) as n")
    assert rows(regex) == [{"who": "bob", "n": "3"}]


def test_display_chooses_the_fields_shown(logs, orders):
    response = query(logs, "fields level, latency | display latency | filter ispresent(latency)")
    assert rows(response) == [{"latency": "30.5"}, {"latency": "120"}]


def test_dedup(logs, orders):
    put(logs, orders, (NOW_MS + 1, json.dumps({"level": "ERROR"})))
    response = query(logs, "fields level | dedup level", endTime=NOW_S + 1)
    # latest first; the older ERROR is dropped, records without the field are kept
    assert column(response, "level") == ["ERROR", None, "INFO", None]
    assert column(query(logs, "fields level | dedup level | limit 2", endTime=NOW_S + 1), "level") == ["ERROR", None]


def test_comments_and_pipes_across_lines(logs, orders):
    text = """# errors only
    filter @message like /ERROR/   # both kinds
    | fields @message
    | limit 1"""
    assert column(query(logs, text), "@message") == ["ERROR user=bob action=login"]


def test_limit_parameter_and_limit_command(logs, orders):
    assert len(query(logs, "fields @message", limit=3)["results"]) == 3
    assert len(query(logs, "fields @message | limit 2", limit=3)["results"]) == 2


def test_statistics(logs, orders):
    response = query(logs, "filter @message like /ERROR/ | stats count(*)")
    sizes = sum(len(e["message"].encode()) for e in logs.filter_log_events(logGroupName=orders)["events"])
    assert response["statistics"] == {"recordsMatched": 2.0, "recordsScanned": 4.0, "bytesScanned": float(sizes)}


@pytest.mark.parametrize(
    ("text", "message", "start", "end"),
    [
        (
            "bogus",
            "mismatched input 'bogus' expecting {K_PARSE, K_SEARCH, K_FIELDS, K_DISPLAY, K_FILTER, K_SORT, K_ORDER, K_HEAD, K_LIMIT, K_TAIL}",
            0,
            4,
        ),
        (
            "fields @timestamp | count()",
            "mismatched input 'count' expecting {K_PARSE, K_SEARCH, K_FIELDS, K_DISPLAY, K_FILTER, K_SORT, K_ORDER, K_HEAD, K_LIMIT, K_TAIL}",
            20,
            24,
        ),
        ("filter x =", "mismatched input '<EOF>' expecting {IDENTIFIER, NUMBER, STRING, '('}", 10, 10),
        ("stats nope(x)", "Unrecognized function name: nope", 6, 9),
        ("limit x", "mismatched input 'x' expecting INTEGER", 6, 6),
        ("dedup a | sort a", "mismatched input 'sort' expecting K_LIMIT", 10, 13),
    ],
)
def test_malformed_queries(logs, orders, text, message, start, end):
    with pytest.raises(logs.exceptions.MalformedQueryException) as info:
        logs.start_query(logGroupName=orders, startTime=NOW_S - 60, endTime=NOW_S, queryString=text)
    code, full = error_of(info)
    request_id = info.value.response["ResponseMetadata"]["RequestId"]
    assert code == "MalformedQueryException"
    assert full == f"{message} (Service: AWSLogs; Status Code: 400; Error Code: MalformedQueryException; Request ID: {request_id}; Proxy: null)"
    assert info.value.response["queryCompileError"] == {
        "location": {"startCharOffset": start, "endCharOffset": end},
        "message": message,
    }
    assert logs.describe_queries()["queries"] == []


WORDS = [
    "fields", "filter", "stats", "sort", "limit", "parse", "display", "dedup", "by", "as", "desc", "and", "or", "not",
    "like", "in", "|", "(", ")", "[", "]", ",", "=", "!=", "<", ">=", "=~", "+", "-", "*", "/", "%", "^", "@message",
    "@timestamp", "level", "latency", "user.id", "tags.0", "count(*)", "sum(latency)", "bin(5m)", "5m", "'user=* action=*'",
    "/user=(?<who>\\w+)/", "/ERR/", "'ERROR'", "1", "0", "2.5", "1e400", "strlen(", "datefloor(@timestamp, 0.5)",
    "fromMillis(1e20)", "log(0)", "latency ^ 0.5", "0 - latency ^ 0.5", "latency / 0", "latency % 0", "#c\n", "`a b`",
]  # fmt: skip


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(parts=st.lists(st.sampled_from(WORDS), max_size=12))
def test_any_query_starts_or_is_malformed(logs, orders, parts):
    text = " ".join(parts)
    try:
        query_id = logs.start_query(logGroupName=orders, startTime=NOW_S - 600, endTime=NOW_S, queryString=text)["queryId"]
    except logs.exceptions.MalformedQueryException as error:
        location = error.response["queryCompileError"]["location"]
        assert 0 <= location["startCharOffset"] <= location["endCharOffset"] <= max(len(text), 1)
        return
    logs.get_query_results(queryId=query_id)
    results = logs.get_query_results(queryId=query_id)["results"]
    assert all(isinstance(c["value"], str) for row in results for c in row)


def test_a_query_nested_too_deeply_is_malformed(logs, orders):
    with pytest.raises(logs.exceptions.MalformedQueryException):
        logs.start_query(logGroupName=orders, startTime=NOW_S - 60, endTime=NOW_S, queryString="filter " + "(" * 2000 + "1" + ")" * 2000)


def test_the_fields_of_lambda_report_lines(logs):
    group = "/aws/lambda/checkout"
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName="2026/05/06/[$LATEST]abc")
    lines = [
        "START RequestId: r1 Version: $LATEST",
        "END RequestId: r1",
        "REPORT RequestId: r1\tDuration: 102.25 ms\tBilled Duration: 103 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 150.31 ms\t",
        "REPORT RequestId: r2\tDuration: 20.75 ms\tBilled Duration: 21 ms\tMemory Size: 128 MB\tMax Memory Used: 72 MB\t",
    ]
    put(logs, group, *((NOW_MS - 10 + i, line) for i, line in enumerate(lines)), stream="2026/05/06/[$LATEST]abc")
    response = query(
        logs,
        'filter @type = "REPORT" | stats count(*) as runs, avg(@duration) as mean, max(@maxMemoryUsed) / 1000 / 1000 as mb, '
        "sum(@billedDuration) as billed, count(@initDuration) as cold",
        group=group,
    )
    assert rows(response) == [{"runs": "2", "mean": "61.5", "mb": "72", "billed": "124", "cold": "1"}]
    assert column(query(logs, "fields @requestId, @type | sort @timestamp asc", group=group), "@type") == ["START", "END", "REPORT", "REPORT"]


def test_sort_is_aws_natural_order(logs, group):
    # the example of AWS's documentation of sort, ascending
    values = ["!:", "#", "*%04", "0#", "5A", "111A", "2345_", "@", "@_", "A", "A9876fghj", "a12345hfh", "0", "01", "1", "2", "3"]
    shuffled = values[7:] + values[:7]
    put(logs, group, *((NOW_MS - 100 + i, json.dumps({"v": v})) for i, v in enumerate(shuffled)))
    put(logs, group, (NOW_MS, "no v"))
    assert column(query(logs, "fields v | sort v asc"), "v") == [*values, None]
    assert column(query(logs, "fields v | sort v desc"), "v") == [*values[::-1], None]
