"""CloudWatch Logs through eventmock's HTTP server (another process's view)."""

from __future__ import annotations

import time

import boto3
import pytest
from botocore.config import Config

ACCOUNT = "123456789012"


def remote(endpoint: str, service: str = "logs"):
    return boto3.session.Session().client(
        service,
        region_name="us-east-1",
        endpoint_url=endpoint,
        aws_access_key_id=ACCOUNT,
        aws_secret_access_key="x",
        config=Config(retries={"total_max_attempts": 1}),
    )


def test_put_and_filter_over_http(endpoint: str) -> None:
    logs = remote(endpoint)
    logs.create_log_group(logGroupName="/srv/app")
    logs.create_log_stream(logGroupName="/srv/app", logStreamName="s")
    now = int(time.time() * 1000)
    logs.put_log_events(
        logGroupName="/srv/app",
        logStreamName="s",
        logEvents=[{"timestamp": now, "message": '{"level": "error"}'}, {"timestamp": now, "message": '{"level": "info"}'}],
    )
    found = logs.filter_log_events(logGroupName="/srv/app", filterPattern='{ $.level = "error" }')["events"]
    assert [e["message"] for e in found] == ['{"level": "error"}']
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.get_log_events(logGroupName="/srv/missing", logStreamName="s")


def test_live_tail_over_http(endpoint: str) -> None:
    logs = boto3.session.Session().client(
        "logs",
        region_name="us-east-1",
        endpoint_url=endpoint,
        aws_access_key_id=ACCOUNT,
        aws_secret_access_key="x",
        # StartLiveTail's host prefix (``stream-``) has no place on a local address.
        config=Config(retries={"total_max_attempts": 1}, inject_host_prefix=False),
    )
    if "StartLiveTail" not in logs.meta.service_model.operation_names:
        pytest.skip("botocore's logs model has no StartLiveTail")
    logs.create_log_group(logGroupName="/srv/tail")
    logs.create_log_stream(logGroupName="/srv/tail", logStreamName="s")
    now = int(time.time() * 1000)
    logs.put_log_events(logGroupName="/srv/tail", logStreamName="s", logEvents=[{"timestamp": now, "message": "ERROR down"}])
    arn = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/srv/tail"
    start, update = list(logs.start_live_tail(logGroupIdentifiers=[arn], logEventFilterPattern="ERROR")["responseStream"])
    assert start["sessionStart"]["logGroupIdentifiers"] == [arn]
    assert [r["message"] for r in update["sessionUpdate"]["sessionResults"]] == ["ERROR down"]
