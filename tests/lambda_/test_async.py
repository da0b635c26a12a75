"""Asynchronous invocation: retries on the mock's clock, destinations, dead-letter
queues and event invoke configs."""

from __future__ import annotations

import json

import boto3
import pytest

from tests.lambda_.zips import create, python_function

ARN = "arn:aws:lambda:us-east-1:123456789012:function:echo"
FAILING = python_function("def handler(e, c):\n    raise RuntimeError('no')\n")


@pytest.fixture
def client(eventmock):
    return boto3.client("lambda", region_name="us-east-1")


@pytest.fixture
def sqs(eventmock):
    return boto3.client("sqs", region_name="us-east-1")


def queue(sqs, name):
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    return url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def bodies(sqs, url):
    return [json.loads(m["Body"]) for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])]


def invocations(eventmock):
    return len(eventmock.backend("lambda").functions["echo"].invocations)


def test_a_failing_event_is_retried_after_one_then_two_minutes_then_goes_to_on_failure(client, sqs, eventmock):
    url, arn = queue(sqs, "failures")
    create(client, code=FAILING)
    client.put_function_event_invoke_config(FunctionName="echo", DestinationConfig={"OnFailure": {"Destination": arn}})
    assert client.invoke(FunctionName="echo", InvocationType="Event", Payload=b'{"n": 1}')["StatusCode"] == 202
    assert invocations(eventmock) == 1
    eventmock.advance(59)
    assert invocations(eventmock) == 1
    eventmock.advance(1)
    assert invocations(eventmock) == 2
    eventmock.advance(119)
    assert invocations(eventmock) == 2 and bodies(sqs, url) == []
    eventmock.advance(1)
    assert invocations(eventmock) == 3
    [record] = bodies(sqs, url)
    assert record["version"] == "1.0"
    assert record["requestContext"]["functionArn"] == ARN + ":$LATEST"
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 3
    assert record["requestPayload"] == {"n": 1}
    assert record["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"}
    assert record["responsePayload"]["errorMessage"] == "no"


def test_on_success_destination_gets_the_result(client, sqs):
    url, arn = queue(sqs, "successes")
    create(client)
    client.put_function_event_invoke_config(FunctionName="echo", DestinationConfig={"OnSuccess": {"Destination": arn}})
    client.invoke_async(FunctionName="echo", InvokeArgs=b'{"x": 1}')
    [record] = bodies(sqs, url)
    assert record["requestContext"]["condition"] == "Success"
    assert record["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST"}
    assert record["responsePayload"] == {"echo": {"x": 1}, "version": "$LATEST"}


def test_no_retries_and_the_dead_letter_queue(client, sqs, eventmock):
    url, arn = queue(sqs, "dlq")
    create(client, code=FAILING, DeadLetterConfig={"TargetArn": arn})
    client.put_function_event_invoke_config(FunctionName="echo", MaximumRetryAttempts=0)
    client.invoke(FunctionName="echo", InvocationType="Event", Payload=b'{"lost": true}')
    assert bodies(sqs, url) == [{"lost": True}]
    eventmock.advance(600)
    assert invocations(eventmock) == 1


def test_throttled_events_wait_until_too_old(client, sqs, eventmock):
    url, arn = queue(sqs, "old")
    create(client)
    client.put_function_concurrency(FunctionName="echo", ReservedConcurrentExecutions=0)
    client.put_function_event_invoke_config(
        FunctionName="echo", MaximumEventAgeInSeconds=120, DestinationConfig={"OnFailure": {"Destination": arn}}
    )
    client.invoke(FunctionName="echo", InvocationType="Event")
    eventmock.advance(60)
    assert invocations(eventmock) == 0
    eventmock.advance(120)
    [record] = bodies(sqs, url)
    assert record["requestContext"]["condition"] == "EventAgeExceeded"
    assert record["requestContext"]["approximateInvokeCount"] == 0


def test_event_invoke_config_operations(client, sqs):
    create(client)
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_function_event_invoke_config(FunctionName="echo")
    put = client.put_function_event_invoke_config(FunctionName="echo", MaximumRetryAttempts=1)
    assert put["FunctionArn"] == ARN + ":$LATEST" and put["MaximumRetryAttempts"] == 1
    updated = client.update_function_event_invoke_config(FunctionName="echo", MaximumEventAgeInSeconds=100)
    assert updated["MaximumRetryAttempts"] == 1 and updated["MaximumEventAgeInSeconds"] == 100
    assert len(client.list_function_event_invoke_configs(FunctionName="echo")["FunctionEventInvokeConfigs"]) == 1
    with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
        client.put_function_event_invoke_config(FunctionName="echo", DestinationConfig={"OnSuccess": {"Destination": ARN}})
    assert info.value.response["Error"]["Message"] == "You can't specify the function as a destination for itself."
    client.delete_function_event_invoke_config(FunctionName="echo")
    assert client.list_function_event_invoke_configs(FunctionName="echo")["FunctionEventInvokeConfigs"] == []


@pytest.mark.parametrize(
    "member, value, problem",
    [
        ("MaximumRetryAttempts", 5, "Value '5' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2"),
        (
            "MaximumEventAgeInSeconds",
            44444,
            "Value '44444' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value less than or equal to 21600",
        ),
    ],
)
def test_event_invoke_config_limits(client, member, value, problem):
    create(client)
    for operation in (client.put_function_event_invoke_config, client.update_function_event_invoke_config):
        with pytest.raises(client.exceptions.ClientError) as info:
            operation(FunctionName="echo", **{member: value})
        response = info.value.response
        assert (response["Error"]["Code"], response["Error"]["Message"]) == ("ValidationException", f"1 validation error detected: {problem}")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_function_event_invoke_config(FunctionName="echo")
