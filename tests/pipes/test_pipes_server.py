"""A pipe over eventmock's HTTP server: the same consumption, over the wire."""

from __future__ import annotations

import json

import boto3
from botocore.config import Config
from pipes_support import ACCOUNT, ROLE


def remote(service: str, endpoint_url: str):
    return boto3.session.Session().client(
        service,
        region_name="us-east-1",
        endpoint_url=endpoint_url,
        aws_access_key_id=ACCOUNT,
        aws_secret_access_key="x",
        config=Config(retries={"total_max_attempts": 1}),
    )


def test_pipe_consumes_over_http(endpoint: str) -> None:
    sqs, pipes = remote("sqs", endpoint), remote("pipes", endpoint)
    urls = {name: sqs.create_queue(QueueName=name)["QueueUrl"] for name in ("in", "out")}
    arns = {
        name: sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        for name, url in urls.items()
    }
    created = pipes.create_pipe(
        Name="p", Source=arns["in"], Target=arns["out"], RoleArn=ROLE, TargetParameters={"InputTemplate": '{"got": <$.body>}'}
    )
    assert created["CurrentState"] == "CREATING"
    sqs.send_message(QueueUrl=urls["in"], MessageBody=json.dumps({"id": 1}))
    [message] = sqs.receive_message(QueueUrl=urls["out"])["Messages"]
    assert json.loads(message["Body"]) == {"got": {"id": 1}}
    assert pipes.describe_pipe(Name="p")["CurrentState"] == "RUNNING"


def test_pipe_to_a_bus_over_http(endpoint: str) -> None:
    sqs, pipes, events = remote("sqs", endpoint), remote("pipes", endpoint), remote("events", endpoint)
    urls = {name: sqs.create_queue(QueueName=name)["QueueUrl"] for name in ("in", "out")}
    arns = {
        name: sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        for name, url in urls.items()
    }
    events.put_rule(Name="all", EventPattern=json.dumps({"source": ["Pipe p"]}))
    events.put_targets(Rule="all", Targets=[{"Id": "q", "Arn": arns["out"]}])
    pipes.create_pipe(Name="p", Source=arns["in"], Target=f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/default", RoleArn=ROLE)
    sqs.send_message(QueueUrl=urls["in"], MessageBody="hello")
    [message] = sqs.receive_message(QueueUrl=urls["out"])["Messages"]
    assert json.loads(message["Body"])["detail"]["body"] == "hello"
