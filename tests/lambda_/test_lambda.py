"""Lambda functions bound to Python callables: register_lambda and lambda.invoke."""

from __future__ import annotations

import base64
import json

import boto3
import pytest

from eventmock import EventmockError, LambdaContext, NotActiveError, NotEmulatedError, ServiceError, mock_aws, register_lambda

ARN = "arn:aws:lambda:us-east-1:123456789012:function:greeter"


@pytest.fixture
def client(eventmock):
    return boto3.client("lambda", region_name="us-east-1")


def greet(event, context):
    return {"hello": event["name"], "function": context.function_name}


def test_invoke_calls_the_bound_handler_and_returns_its_result(client):
    register_lambda(ARN, greet)
    response = client.invoke(FunctionName="greeter", Payload=json.dumps({"name": "ada"}))
    assert response["StatusCode"] == 200
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["ExecutedVersion"] == "$LATEST"
    assert "FunctionError" not in response
    assert json.loads(response["Payload"].read()) == {"hello": "ada", "function": "greeter"}


@pytest.mark.parametrize("name", ["greeter", ARN, "123456789012:function:greeter", ARN + ":$LATEST"])
def test_function_can_be_named_as_lambda_accepts(client, name):
    register_lambda(ARN, greet)
    payload = client.invoke(FunctionName=name, Payload=b'{"name": "x"}')["Payload"].read()
    assert json.loads(payload)["hello"] == "x"


def test_handler_gets_a_context_like_the_python_runtime(client):
    seen: list[LambdaContext] = []
    register_lambda(ARN, lambda event, context: seen.append(context))
    client.invoke(FunctionName="greeter", ClientContext=base64.b64encode(b'{"custom": {"a": 1}}').decode())
    [context] = seen
    assert context.invoked_function_arn == ARN
    assert context.function_version == "$LATEST"
    assert context.log_group_name == "/aws/lambda/greeter"
    assert len(context.aws_request_id) == 36
    assert context.client_context == {"custom": {"a": 1}}
    assert context.get_remaining_time_in_millis() > 0


def test_unbound_function_is_not_found(client):
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.invoke(FunctionName="nobody")
    assert info.value.response["Error"]["Message"] == "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nobody"
    assert info.value.response["Type"] == "User"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_a_qualifier_other_than_latest_is_not_found(client):
    register_lambda(ARN, greet)
    with pytest.raises(client.exceptions.ResourceNotFoundException, match=r"function:greeter:7"):
        client.invoke(FunctionName="greeter", Qualifier="7")


def test_a_handler_that_raises_is_a_function_error(client):
    def broken(event, context):
        raise ValueError("no name given")

    register_lambda(ARN, broken)
    response = client.invoke(FunctionName="greeter", Payload=b"{}")
    assert response["StatusCode"] == 200
    assert response["FunctionError"] == "Unhandled"
    error = json.loads(response["Payload"].read())
    assert (error["errorMessage"], error["errorType"]) == ("no name given", "ValueError")
    assert error["requestId"] == response["ResponseMetadata"]["RequestId"]


def test_event_invocation_is_202_and_still_runs_synchronously(client):
    calls = []
    register_lambda(ARN, lambda event, context: calls.append(event))
    response = client.invoke(FunctionName="greeter", InvocationType="Event", Payload=b'{"n": 1}')
    assert response["StatusCode"] == 202
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert response["Payload"].read() == b""
    assert calls == [{"n": 1}]


def test_dry_run_is_204_and_does_not_run(client):
    calls = []
    register_lambda(ARN, lambda event, context: calls.append(event))
    assert client.invoke(FunctionName="greeter", InvocationType="DryRun")["StatusCode"] == 204
    assert calls == []


def test_payload_that_is_not_json_is_refused(client):
    register_lambda(ARN, greet)
    with pytest.raises(client.exceptions.InvalidRequestContentException, match="Could not parse request body into json"):
        client.invoke(FunctionName="greeter", Payload=b"{not json")


def test_log_tail(client):
    register_lambda(ARN, greet)
    response = client.invoke(FunctionName="greeter", Payload=b'{"name": "x"}', LogType="Tail")
    assert base64.b64decode(response["LogResult"]).decode().startswith("START RequestId: ")


def test_functions_are_per_account_and_region(eventmock, client):
    register_lambda("arn:aws:lambda:eu-west-1:123456789012:function:greeter", greet)
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.invoke(FunctionName="greeter")
    west = boto3.client("lambda", region_name="eu-west-1")
    assert west.invoke(FunctionName="greeter", Payload=b'{"name": "w"}')["StatusCode"] == 200
    other = "arn:aws:lambda:us-east-1:999999999999:function:theirs"
    register_lambda(other, greet)
    assert client.invoke(FunctionName=other, Payload=b'{"name": "o"}')["StatusCode"] == 200


def test_rebinding_replaces_the_handler(client):
    register_lambda(ARN, greet)
    register_lambda(ARN, lambda event, context: "second")
    assert json.loads(client.invoke(FunctionName="greeter")["Payload"].read()) == "second"


def test_delivery_seam_calls_the_handler_and_reports_unbound_functions(eventmock):
    register_lambda(ARN, greet)
    backend = eventmock.backend("lambda")
    assert backend._invoke(ARN, {"name": "seam"}) == {"hello": "seam", "function": "greeter"}
    assert backend.functions["greeter"].invocations == [{"name": "seam"}]
    with pytest.raises(ServiceError, match="Function not found"):
        backend._invoke("arn:aws:lambda:us-east-1:123456789012:function:missing", {})


def test_register_lambda_needs_an_active_mock_and_a_function_arn():
    with pytest.raises(NotActiveError):
        register_lambda(ARN, greet)
    with mock_aws():
        for bad in ("greeter", "arn:aws:sqs:us-east-1:123456789012:q", ARN + ":3"):
            with pytest.raises(EventmockError):
                register_lambda(bad, greet)


def test_bindings_end_with_the_mock():
    with mock_aws():
        register_lambda(ARN, greet)
    with mock_aws():
        client = boto3.client("lambda", region_name="us-east-1")
        with pytest.raises(client.exceptions.ResourceNotFoundException):
            client.invoke(FunctionName="greeter")
