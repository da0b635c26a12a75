"""Export tasks: a log group's events to S3, in AWS's object layout, on the mock's clock."""

from __future__ import annotations

import gzip
import uuid

import pytest
from freezegun import freeze_time
from logs_support import HOUR, NOW, NOW_MS, error_of, events


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time(NOW):
        yield


@pytest.fixture
def s3(client_for):
    client = client_for("s3")
    client.create_bucket(Bucket="exports")
    return client


def keys(s3):
    return sorted(o["Key"] for o in s3.list_objects_v2(Bucket="exports").get("Contents", []))


def test_export_writes_aws_layout(logs, group, s3):
    logs.create_log_stream(logGroupName=group, logStreamName="web-2")
    logs.put_log_events(logGroupName=group, logStreamName="web-1", logEvents=events((NOW_MS - HOUR, "old"), (NOW_MS, "one"), (NOW_MS + 5, "two")))
    logs.put_log_events(logGroupName=group, logStreamName="web-2", logEvents=events((NOW_MS, "other")))
    task_id = logs.create_export_task(logGroupName=group, **{"from": NOW_MS}, to=NOW_MS + HOUR, destination="exports",
                                      destinationPrefix="cwl", logStreamNamePrefix="web-1")["taskId"]
    assert uuid.UUID(task_id)
    [task] = logs.describe_export_tasks(taskId=task_id)["exportTasks"]
    assert task["status"] == {"code": "COMPLETED", "message": "Completed successfully"}
    assert task["executionInfo"] == {"creationTime": NOW_MS, "completionTime": NOW_MS}
    assert (task["logGroupName"], task["destination"], task["destinationPrefix"], task["from"], task["to"]) == (
        group, "exports", "cwl", NOW_MS, NOW_MS + HOUR)
    assert keys(s3) == sorted(["cwl/aws-logs-write-test", f"cwl/{task_id}/web-1/000000.gz"])
    body = s3.get_object(Bucket="exports", Key=f"cwl/{task_id}/web-1/000000.gz")["Body"].read()
    assert gzip.decompress(body).decode() == "2026-05-06T07:08:09.000Z one\n2026-05-06T07:08:09.005Z two\n"
    assert s3.get_object(Bucket="exports", Key="cwl/aws-logs-write-test")["Body"].read() == b"Permission Check Successful"


def test_default_prefix_and_filters(logs, group, s3):
    task_id = logs.create_export_task(logGroupName=group, **{"from": 0}, to=NOW_MS, destination="exports")["taskId"]
    assert keys(s3) == ["aws-logs-write-test"]
    [task] = logs.describe_export_tasks(statusCode="COMPLETED")["exportTasks"]
    assert (task["taskId"], task["destinationPrefix"]) == (task_id, "exportedlogs")
    assert logs.describe_export_tasks(statusCode="PENDING")["exportTasks"] == []
    assert logs.describe_export_tasks(taskId="nope")["exportTasks"] == []


def test_errors(logs, group, s3):
    with pytest.raises(logs.exceptions.InvalidParameterException) as info:
        logs.create_export_task(logGroupName=group, **{"from": 0}, to=1, destination="missing-bucket")
    assert error_of(info)[1] == "The given bucket does not exist. Please make sure the bucket is valid."
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        logs.create_export_task(logGroupName="/missing", **{"from": 0}, to=1, destination="exports")
    assert error_of(info)[1] == "The specified log group does not exist."
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        logs.cancel_export_task(taskId="nope")
    assert error_of(info)[1] == "The specified export task does not exist."
    task_id = logs.create_export_task(logGroupName=group, **{"from": 0}, to=1, destination="exports")["taskId"]
    with pytest.raises(logs.exceptions.InvalidOperationException) as info:
        logs.cancel_export_task(taskId=task_id)
    assert error_of(info)[1] == "The specified export task has already finished"
