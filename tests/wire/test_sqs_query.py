"""SQS's query protocol (form-encoded ``Action=...``, answered in XML), which the
endpoint still answers besides JSON: the codecs against botocore's own query
serializer and parser on the query model (:mod:`eventmock.core.wire.query_compat`),
for every SQS operation eventmock emulates, and a boto3 client speaking query through
wire mode and the server, compared with the JSON fast path."""

from __future__ import annotations

import copy
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.exceptions import ClientError
from botocore.model import OperationModel
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wire_strategies import Strategies
from wire_support import botocore_parse, botocore_request, readable, without_empty_query_values

import eventmock
from eventmock import mock_aws
from eventmock.core import answers, intercept, registry
from eventmock.core.errors import ServiceError
from eventmock.core.shapes import ShaperCache
from eventmock.core.wire import query_compat, routing

ACCOUNT = "111122223333"
REGION = "eu-west-1"
OPERATIONS = sorted(registry.table(routing.models.model("sqs")).operations)
codec_only = pytest.mark.skipif(os.environ.get("EVENTMOCK_WIRE", "") not in ("", "0"), reason="codec round trips do not depend on the mode")


def _ops(name: str) -> tuple[OperationModel, OperationModel]:
    """The operation in the JSON model (the dispatch's) and in the query model."""
    return routing.models.model("sqs").operation_model(name), query_compat.model("sqs").operation_model(name)


@cache
def _shaper() -> ShaperCache:
    return ShaperCache("json")


def _examples(check: Any) -> None:
    settings(max_examples=10, deadline=None, database=None, suppress_health_check=list(HealthCheck))(given(data=st.data())(check))()


@codec_only
@pytest.mark.parametrize("operation", OPERATIONS)
def test_query_request_parses_to_the_params_botocore_serialized(operation: str) -> None:
    json_op, query_op = _ops(operation)
    parser, _ = query_compat.codecs("sqs")
    strategy = Strategies("query", "request").top(query_op.input_shape) if query_op.input_shape is not None else st.just({})
    normalise = _shaper().input(json_op.input_shape)

    def check(data: st.DataObject) -> None:
        params = data.draw(strategy)
        request = botocore_request(query_op, params, "https://sqs.eu-west-1.amazonaws.com")
        assert query_compat.speaks_query(request)
        found, parsed = parser.parse(request)
        assert found.name == operation
        assert normalise(parsed) == normalise(without_empty_query_values(query_op.input_shape, params))

    _examples(check)


@codec_only
@pytest.mark.parametrize("operation", OPERATIONS)
def test_query_response_parses_to_what_the_fast_path_returns(operation: str) -> None:
    json_op, query_op = _ops(operation)
    _, serializer = query_compat.codecs("sqs")
    shaper = _shaper().output(json_op.output_shape, strict=False)
    strategy = Strategies("query", "response").top(query_op.output_shape) if query_op.output_shape is not None else st.just({})

    def check(data: st.DataObject) -> None:
        output = data.draw(strategy)
        fast = shaper(copy.deepcopy(output))
        answer = answers.Answer(200, shaper(copy.deepcopy(output)), {"x-amzn-requestid": "r", "content-type": "application/x-amz-json-1.0"}, "r")
        response = serializer.serialize(query_op, answer)
        assert response.headers["content-type"] == "text/xml"
        wire = botocore_parse(query_op, response)
        assert wire.pop("ResponseMetadata")["RequestId"] == "r"
        assert readable(wire) == _no_empty_collections(json_op.output_shape, readable(fast))

    _examples(check)


def _no_empty_collections(shape: Any, value: Any) -> Any:
    """What XML carries: an empty (flattened) list or map is no element at all, so a
    query client sees it absent (a JSON client, empty)."""
    if shape is None:
        return value
    if shape.type_name == "structure":
        return {
            k: _no_empty_collections(shape.members[k], v)
            for k, v in value.items()
            if not (shape.members[k].type_name in ("list", "map") and not v)
        }
    if shape.type_name == "list":
        return [_no_empty_collections(shape.member, v) for v in value]
    if shape.type_name == "map":
        return {k: _no_empty_collections(shape.value, v) for k, v in value.items()}
    return value


@codec_only
@pytest.mark.parametrize("operation", OPERATIONS)
def test_query_error_carries_the_legacy_code(operation: str) -> None:
    """An error is ``<ErrorResponse><Error>`` with ``Type``, the query code AWS's model
    gives (``AWS.SimpleQueueService.NonExistentQueue``) and ``Message``: botocore's query
    parser reads what the JSON client reads from ``x-amzn-query-error``."""
    json_op, query_op = _ops(operation)
    _, serializer = query_compat.codecs("sqs")
    table = registry.table(json_op.service_model)
    error = ServiceError("QueueDoesNotExist", "The specified queue does not exist.", status=400, query_code="AWS.SimpleQueueService.NonExistentQueue")
    answer = answers.error_answer(table, "POST", error, "r")
    response = serializer.serialize(query_op, answer)
    assert "x-amzn-query-error" not in response.headers
    parsed = botocore_parse(query_op, response)
    assert parsed["Error"] == {
        "Type": "Sender",
        "Code": "AWS.SimpleQueueService.NonExistentQueue",
        "Message": "The specified queue does not exist.",
        "Detail": None,
    }
    assert parsed["ResponseMetadata"]["HTTPStatusCode"] == 400


# -- a boto3 client speaking query ---------------------------------------------------------


def query_session(folder: Path) -> boto3.session.Session:
    """A boto3 session whose SQS clients speak query: botocore's loader finds the query
    model first (the endpoint rules and paginators are botocore's own)."""
    data = query_compat.query_model_data(routing.models.loader().load_service_model("sqs", "service-2"), query_compat.XML_NAMES["sqs"])
    target = folder / "sqs" / "2012-11-05"
    target.mkdir(parents=True, exist_ok=True)
    (target / "service-2.json").write_text(json.dumps(data))
    core = botocore.session.Session()
    core.set_config_variable("data_path", str(folder))  # searched before botocore's own data
    return boto3.session.Session(botocore_session=core)


def _client(session: boto3.session.Session, endpoint: str | None = None, protocol: str = "json") -> Any:
    client = session.client("sqs", region_name=REGION, endpoint_url=endpoint, aws_access_key_id=ACCOUNT, aws_secret_access_key="x")
    assert client.meta.service_model.protocol == protocol
    return client


def _scenario(sqs: Any) -> list[Any]:
    """Calls covering flattened lists and maps, message attributes, batches and errors."""
    seen: list[Any] = []
    url = sqs.create_queue(QueueName="orders", Attributes={"VisibilityTimeout": "40"}, tags={"team": "a"})["QueueUrl"]
    seen.append(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout", "QueueArn"])["Attributes"])
    seen.append(sqs.list_queue_tags(QueueUrl=url)["Tags"])
    sqs.tag_queue(QueueUrl=url, Tags={"env": "test"})
    sqs.untag_queue(QueueUrl=url, TagKeys=["team"])
    seen.append(sqs.list_queue_tags(QueueUrl=url)["Tags"])
    sent = sqs.send_message(
        QueueUrl=url,
        MessageBody="hello <&>",
        MessageAttributes={
            "color": {"DataType": "String", "StringValue": "red"},
            "raw": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
            "count": {"DataType": "Number", "StringValue": "3"},
        },
    )
    seen.append(sorted(sent))
    batch = sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "a", "MessageBody": "one"}, {"Id": "b", "MessageBody": "two", "DelaySeconds": 901}])
    seen.append([(e["Id"], e["Code"], e["SenderFault"]) for e in batch["Failed"]])
    seen.append([e["Id"] for e in batch["Successful"]])
    received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"], AttributeNames=["ApproximateReceiveCount"])
    messages = sorted(received["Messages"], key=lambda m: m["Body"])
    seen.append([(m["Body"], m.get("MessageAttributes"), m["Attributes"]) for m in messages])
    deleted = sqs.delete_message_batch(QueueUrl=url, Entries=[{"Id": "x", "ReceiptHandle": messages[0]["ReceiptHandle"]}, {"Id": "y", "ReceiptHandle": "bogus"}])
    seen.append(([e["Id"] for e in deleted["Successful"]], [(e["Id"], e["Code"]) for e in deleted["Failed"]]))
    seen.append(len(sqs.list_queues()["QueueUrls"]))
    for call in (
        lambda: sqs.get_queue_url(QueueName="missing"),
        lambda: sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "a", "MessageBody": "1"}, {"Id": "a", "MessageBody": "2"}]),
        lambda: sqs.create_queue(QueueName="orders", Attributes={"VisibilityTimeout": "41"}),
    ):
        with pytest.raises(ClientError) as caught:
            call()
        error = caught.value.response["Error"]
        seen.append((error["Code"], error["Message"], caught.value.response["ResponseMetadata"]["HTTPStatusCode"]))
    return seen


def test_a_query_client_in_wire_mode_sees_what_a_json_client_sees(tmp_path: Path) -> None:
    with mock_aws():
        expected = _scenario(_client(boto3.session.Session()))
    with mock_aws(wire=True):
        assert _scenario(_client(query_session(tmp_path), protocol="query")) == expected


def test_a_query_client_of_the_server_sees_what_a_json_client_sees(tmp_path: Path) -> None:
    with mock_aws():
        expected = _scenario(_client(boto3.session.Session()))
    with eventmock.server(store=eventmock.core.store.Store()) as endpoint:
        assert _scenario(_client(query_session(tmp_path), endpoint, "query")) == expected
