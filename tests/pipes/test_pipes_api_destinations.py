"""Pipes with EventBridge API destinations as enrichment and target (through the HTTP
hook)."""

from __future__ import annotations

import json

import pytest
from pipes_support import ROLE, bodies, counts, make_queue

import eventmock


@pytest.fixture
def destination(events):
    connection = events.create_connection(
        Name="c",
        AuthorizationType="API_KEY",
        AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "secret"}},
    )["ConnectionArn"]
    return events.create_api_destination(
        Name="d", ConnectionArn=connection, InvocationEndpoint="https://api.example.com/orders/*", HttpMethod="POST"
    )["ApiDestinationArn"]


def test_api_destination_enrichment(pipes, sqs, destination):
    url, arn = make_queue(sqs, "in")
    out_url, out_arn = make_queue(sqs, "out")
    requests = []

    def api(request):
        requests.append(request)
        return 200, {"price": 10 * request.json()["id"]}

    eventmock.register_http("https://api.example.com/", api)
    pipes.create_pipe(
        Name="p",
        Source=arn,
        Target=out_arn,
        RoleArn=ROLE,
        Enrichment=destination,
        EnrichmentParameters={"InputTemplate": '{"id": <$.body.id>}', "HttpParameters": {"PathParameterValues": ["$.body.id"]}},
    )
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"id": 3}))
    assert [json.loads(b) for b in bodies(sqs, out_url)] == [{"price": 30}]
    [request] = requests
    assert request.url == "https://api.example.com/orders/3"
    assert request.headers["x-api-key"] == "secret"


def test_api_destination_target_and_its_failure(pipes, sqs, destination):
    url, arn = make_queue(sqs, "in")
    answers = [500, 200]
    seen = []

    def api(request):
        seen.append(request.json())
        return answers.pop(0)

    eventmock.register_http("https://api.example.com/", api)
    pipes.create_pipe(Name="p", Source=arn, Target=destination, RoleArn=ROLE, TargetParameters={"InputTemplate": "<$.body>"})
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"id": 1}))
    assert counts(sqs, url) == (0, 1)  # the 500 failed the batch: the message waits in flight
    assert seen == [{"id": 1}]
