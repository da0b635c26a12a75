"""Metric filters: put, describe, delete, TestMetricFilter, and the data points
matching log events produce (read through the handle, and in moto's CloudWatch)."""

from __future__ import annotations

import json

import pytest
from freezegun import freeze_time
from logs_support import NOW, NOW_MS, error_of, events

ACCOUNT = "123456789012"
GROUP_ARN = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/shop/orders"


def put_filter(logs, name="errors", pattern="ERROR", **transformation):
    spec = {"metricName": "Errors", "metricNamespace": "Shop", "metricValue": "1", **transformation}
    logs.put_metric_filter(logGroupName="/shop/orders", filterName=name, filterPattern=pattern, metricTransformations=[spec])


@pytest.mark.model("logs", "LogGroup", "deletionProtectionEnabled")
def test_put_and_describe(logs, group):
    with freeze_time(NOW):
        put_filter(logs, defaultValue=0)
    [found] = logs.describe_metric_filters(logGroupName=group)["metricFilters"]
    assert found == {
        "filterName": "errors",
        "filterPattern": "ERROR",
        "metricTransformations": [{"metricName": "Errors", "metricNamespace": "Shop", "metricValue": "1", "defaultValue": 0.0}],
        "creationTime": NOW_MS,
        "logGroupName": group,
        "applyOnTransformedLogs": False,
    }
    [described] = logs.describe_log_groups()["logGroups"]
    assert described["metricFilterCount"] == 1


def test_describe_by_prefix_and_metric(logs, group):
    put_filter(logs, "errors")
    put_filter(logs, "warnings", "WARN", metricName="Warnings")
    assert [f["filterName"] for f in logs.describe_metric_filters(filterNamePrefix="err")["metricFilters"]] == ["errors"]
    found = logs.describe_metric_filters(metricName="Warnings", metricNamespace="Shop")["metricFilters"]
    assert [f["filterName"] for f in found] == ["warnings"]


def test_missing_group_and_filter(logs, group):
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        logs.put_metric_filter(
            logGroupName="/missing", filterName="f", filterPattern="",
            metricTransformations=[{"metricName": "m", "metricNamespace": "n", "metricValue": "1"}],
        )
    assert error_of(info) == ("ResourceNotFoundException", "The specified log group does not exist.")
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        logs.delete_metric_filter(logGroupName=group, filterName="nope")
    assert error_of(info)[1] == "The specified metric filter does not exist."


def test_a_too_long_group_name_has_its_own_message(logs):
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        logs.delete_metric_filter(logGroupName="x" * 513, filterName="f")
    assert error_of(info)[1] == "Invalid LogGroup or LogStream, both must have length less than or equal to 512."


def test_delete(logs, group):
    put_filter(logs)
    logs.delete_metric_filter(logGroupName=group, filterName="errors")
    assert logs.describe_metric_filters(logGroupName=group)["metricFilters"] == []


def test_matching_events_produce_data_points(eventmock, logs, group):
    put_filter(logs, "latency", "{ $.path = \"/pay\" }", metricName="Latency", metricValue="$.ms", unit="Milliseconds",
               dimensions={"Path": "$.path"})
    with freeze_time(NOW):
        logs.put_log_events(logGroupName=group, logStreamName="web-1", logEvents=events(
            (NOW_MS, json.dumps({"path": "/pay", "ms": 120})),
            (NOW_MS + 1, json.dumps({"path": "/home", "ms": 5})),
            (NOW_MS + 2, json.dumps({"path": "/pay", "ms": 80.5})),
        ))
    points = eventmock.logs.metrics("Shop", "Latency")
    assert [(p.value, p.timestamp, p.unit, p.dimensions) for p in points] == [
        (120.0, NOW_MS, "Milliseconds", {"Path": "/pay"}),
        (80.5, NOW_MS + 2, "Milliseconds", {"Path": "/pay"}),
    ]
    assert eventmock.logs.metrics(log_group_arn=GROUP_ARN) == points
    assert eventmock.logs.metrics("Other") == []


def test_space_delimited_fields_and_default_value(eventmock, logs, group):
    put_filter(logs, "bytes", "[ip, user, status = 4*, bytes]", metricName="Bytes", metricValue="$bytes")
    put_filter(logs, "errors", "ERROR", defaultValue=0)
    with freeze_time(NOW):
        logs.put_log_events(logGroupName=group, logStreamName="web-1",
                            logEvents=events((NOW_MS, "10.0.0.1 ann 404 512"), (NOW_MS, "10.0.0.2 bob 200 9")))
    assert [p.value for p in eventmock.logs.metrics(name="Bytes")] == [512.0]
    [default] = eventmock.logs.metrics(name="Errors")
    assert (default.value, default.timestamp) == (0.0, NOW_MS)


def test_bad_metric_value_and_pattern(logs, group):
    with pytest.raises(logs.exceptions.InvalidParameterException):
        put_filter(logs, metricValue="lots")
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        put_filter(logs, pattern="{ $.a = ")
    assert "filter pattern" in error_of(info)[1]


def test_test_metric_filter(logs):
    found = logs.test_metric_filter(filterPattern="[ip, user, status = 4*]",
                                    logEventMessages=["1.2.3.4 ann 404", "1.2.3.4 bob 200", "5.6.7.8 cy 403"])["matches"]
    assert found == [
        {"eventNumber": 1, "eventMessage": "1.2.3.4 ann 404", "extractedValues": {"$ip": "1.2.3.4", "$user": "ann", "$status": "404"}},
        {"eventNumber": 3, "eventMessage": "5.6.7.8 cy 403", "extractedValues": {"$ip": "5.6.7.8", "$user": "cy", "$status": "403"}},
    ]
    assert logs.test_metric_filter(filterPattern="ERROR", logEventMessages=["ok"])["matches"] == []


def test_data_points_reach_moto_cloudwatch(eventmock, logs, group):
    moto = pytest.importorskip("moto")
    with moto.mock_aws(), freeze_time(NOW):
        put_filter(logs)
        logs.put_log_events(logGroupName=group, logStreamName="web-1", logEvents=events((NOW_MS, "ERROR boom")))
        cloudwatch = eventmock.backend("logs").store.client("cloudwatch", ACCOUNT, "us-east-1")
        metrics = cloudwatch.list_metrics(Namespace="Shop")["Metrics"]
    assert [m["MetricName"] for m in metrics] == ["Errors"]


def test_without_a_mock_underneath_the_points_stay_with_the_handle(eventmock, logs, group):
    with freeze_time(NOW):
        put_filter(logs)
        logs.put_log_events(logGroupName=group, logStreamName="web-1", logEvents=events((NOW_MS, "ERROR boom")))
    assert [p.value for p in eventmock.logs.metrics("Shop")] == [1.0]
