"""Bad input that botocore did not check (``Config(parameter_validation=False)``, or
a request over HTTP) gets AWS's error, and changes nothing; a failure inside eventmock
is AWS's ``InternalFailure``, logged, never a Python exception in the caller's test."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from eventmock import DEFAULT_ACCOUNT_ID
from eventmock.core import registry

UNVALIDATED = Config(parameter_validation=False, retries={"max_attempts": 0})


@pytest.fixture
def unvalidated(eventmock: Any, boto3_session: boto3.session.Session) -> Any:
    def make(service: str) -> Any:
        return boto3_session.client(
            service, region_name="us-east-1", config=UNVALIDATED, aws_access_key_id=DEFAULT_ACCOUNT_ID, aws_secret_access_key="x"
        )

    return make


def _error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    response: dict[str, Any] = info.value.response
    return {"status": response["ResponseMetadata"]["HTTPStatusCode"], **response["Error"]}


MISSING = "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null"

# (service, operation, params, status, code, message)
CASES = [
    ("kinesis", "create_stream", {}, 400, "ValidationException", MISSING.format("streamName")),
    ("kinesis", "list_streams", {"Limit": "ten"}, 400, "SerializationException", "STRING_VALUE can not be converted to an Integer"),
    ("kinesis", "create_stream", {"StreamName": "s", "ShardCount": "1"}, 400, "SerializationException", "STRING_VALUE can not be converted to an Integer"),
    ("events", "create_event_bus", {"Name": 5}, 400, "SerializationException", "NUMBER_VALUE can not be converted to a String"),
    ("events", "put_rule", {"Name": ["r"]}, 400, "SerializationException", "Start of list found where not expected"),
    ("events", "put_events", {"Entries": [{"Source": {"a": 1}}]}, 400, "SerializationException", "Start of structure or map found where not expected."),
    ("events", "list_rules", {"Limit": True}, 400, "SerializationException", "BOOLEAN_VALUE can not be converted to an Integer"),
    ("firehose", "create_delivery_stream", {}, 400, "ValidationException", MISSING.format("deliveryStreamName")),
    ("sqs", "send_message", {"MessageBody": "x"}, 400, "MissingParameter", "The request must contain the parameter QueueUrl."),
    ("sqs", "create_queue", {"QueueName": 7}, 400, "SerializationException", "NUMBER_VALUE can not be converted to a String"),
    ("sqs", "receive_message", {"QueueUrl": "q", "MaxNumberOfMessages": "2"}, 400, "SerializationException", "STRING_VALUE can not be converted to an Integer"),
    ("pinpoint", "create_app", {"CreateApplicationRequest": {}}, 400, "BadRequestException", MISSING.format("createApplicationRequest.name")),
    ("customer-profiles", "create_domain", {"DomainName": "d"}, 400, "BadRequestException", MISSING.format("defaultExpirationDays")),
    ("dataexchange", "create_data_set", {"AssetType": "S3_SNAPSHOT", "Name": "x"}, 400, "ValidationException", MISSING.format("description")),
    ("s3", "list_objects_v2", {"Bucket": "b", "MaxKeys": "ten"}, 400, "InvalidArgument", "STRING_VALUE can not be converted to an Integer"),
]


@pytest.mark.parametrize(("service", "operation", "params", "status", "code", "message"), CASES, ids=[f"{c[0]}.{c[1]}" for c in CASES])
def test_unvalidated_params_get_aws_errors(unvalidated: Any, service: str, operation: str, params: dict[str, Any], status: int, code: str, message: str) -> None:
    client = unvalidated(service)
    error = _error(getattr(client, operation), **params)
    assert (error["status"], error["Code"], error["Message"]) == (status, code, message)


def test_a_refused_unvalidated_call_changes_nothing(unvalidated: Any) -> None:
    kinesis = unvalidated("kinesis")
    _error(kinesis.create_stream, StreamName="s", ShardCount="2")
    assert kinesis.list_streams()["StreamNames"] == []
    events = unvalidated("events")
    _error(events.put_rule, Name="r", EventPattern=json.dumps({"source": ["a"]}), State=["ENABLED"])
    assert events.list_rules()["Rules"] == []


def test_valid_unvalidated_calls_work(unvalidated: Any) -> None:
    kinesis = unvalidated("kinesis")
    kinesis.create_stream(StreamName="s", ShardCount=1)
    assert kinesis.list_streams(Limit=5)["StreamNames"] == ["s"]
    sqs = unvalidated("sqs")
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="hello")
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=url)["Messages"]] == ["hello"]


# -- the net ----------------------------------------------------------------------------


@pytest.mark.internal_failure
def test_a_failure_inside_a_backend_is_an_internal_failure_and_logged(
    eventmock: Any, client_for: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    cls = registry.backend_class("kinesis")

    def broken(self: Any, **params: Any) -> Any:
        raise KeyError("a bug")

    monkeypatch.setattr(cls, "list_streams", broken)
    monkeypatch.setattr(registry, "_tables", {})  # the tables read the methods' signatures
    kinesis = client_for("kinesis")
    with caplog.at_level(logging.ERROR, logger="eventmock"):
        error = _error(kinesis.list_streams)
    assert (error["status"], error["Code"]) == (500, "InternalFailure")
    records = [r for r in caplog.records if r.name == "eventmock"]
    assert records  # once per attempt: botocore retries a 500, as it would AWS's
    record = records[0]
    assert "kinesis.ListStreams" in record.getMessage()
    assert record.exc_info is not None and record.exc_info[0] is KeyError


@pytest.mark.internal_failure
def test_s3_names_its_internal_failure_internal_error(eventmock: Any, client_for: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry.backend_class("s3"), "list_buckets", lambda self, **params: 1 / 0)
    monkeypatch.setattr(registry, "_tables", {})
    error = _error(client_for("s3").list_buckets)
    assert (error["status"], error["Code"]) == (500, "InternalError")


# -- over HTTP --------------------------------------------------------------------------


def _post(endpoint: str, service: str, target: str, body: bytes, content_type: str = "application/x-amz-json-1.1") -> tuple[int, dict[str, Any]]:
    headers = {
        "Content-Type": content_type,
        "X-Amz-Target": target,
        "Authorization": f"AWS4-HMAC-SHA256 Credential={DEFAULT_ACCOUNT_ID}/20260101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=0",
    }
    request = urllib.request.Request(endpoint + "/", data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def _server_client(endpoint: str, service: str) -> Any:
    return boto3.session.Session().client(
        service, region_name="us-east-1", endpoint_url=endpoint, aws_access_key_id=DEFAULT_ACCOUNT_ID, aws_secret_access_key="x", config=UNVALIDATED
    )


def test_server_missing_member_and_non_integer_limit_are_400(endpoint: str) -> None:
    status, body = _post(endpoint, "kinesis", "Kinesis_20131202.CreateStream", b"{}")
    assert (status, body["__type"]) == (400, "ValidationException")
    status, body = _post(endpoint, "kinesis", "Kinesis_20131202.ListStreams", b'{"Limit": "abc"}')
    assert (status, body["__type"], body["message"]) == (400, "SerializationException", "STRING_VALUE can not be converted to an Integer")
    kinesis = _server_client(endpoint, "kinesis")
    assert _error(kinesis.create_stream, ShardCount=1)["Code"] == "ValidationException"
    assert kinesis.list_streams()["StreamNames"] == []


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b"[" * 100_000 + b"]" * 100_000, b'{"Name": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"])
def test_server_unreadable_bodies_are_400(endpoint: str, body: bytes) -> None:
    status, document = _post(endpoint, "events", "AWSEvents.CreateEventBus", body)
    assert status == 400
    assert document["__type"] == "SerializationException"


def test_server_non_integer_query_parameter_is_aws_error(endpoint: str) -> None:
    s3 = _server_client(endpoint, "s3")
    s3.create_bucket(Bucket="robust-bucket")
    error = _error(s3.list_objects_v2, Bucket="robust-bucket", MaxKeys="abc")
    assert (error["status"], error["Code"], error["ArgumentName"]) == (400, "InvalidArgument", "MaxKeys")


@pytest.mark.internal_failure
def test_server_answers_a_failure_inside_a_backend_as_internal_failure(endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry.backend_class("sqs"), "list_queues", lambda self, **params: {}["boom"])
    monkeypatch.setattr(registry, "_tables", {})
    status, body = _post(endpoint, "sqs", "AmazonSQS.ListQueues", b"{}", content_type="application/x-amz-json-1.0")
    assert (status, body["__type"]) == (500, "InternalFailure")
    sqs = _server_client(endpoint, "sqs")
    assert _error(sqs.list_queues)["Code"] == "InternalFailure"
    assert sqs.create_queue(QueueName="still-serving")["QueueUrl"].endswith("/still-serving")
