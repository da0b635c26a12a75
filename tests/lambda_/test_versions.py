"""Versions and aliases: PublishVersion, ListVersionsByFunction, aliases with weighted
routing, qualified invocations."""

from __future__ import annotations

import json

import boto3
import pytest

from tests.lambda_.zips import create, python_function

ARN = "arn:aws:lambda:us-east-1:123456789012:function:echo"


@pytest.fixture
def client(eventmock):
    return boto3.client("lambda", region_name="us-east-1")


def code(value: str) -> bytes:
    return python_function(f"def handler(e, c):\n    return [{value!r}, c.function_version, c.invoked_function_arn]\n")


def ran(client, name, **extra):
    answer = client.invoke(FunctionName=name, **extra)
    return answer["ExecutedVersion"], json.loads(answer["Payload"].read())


def test_publish_version_copies_latest_and_is_invoked_by_qualifier(client):
    create(client, code=code("v1"))
    published = client.publish_version(FunctionName="echo", Description="first")
    assert published["Version"] == "1"
    assert published["FunctionArn"] == ARN + ":1"
    assert published["Description"] == "first"
    client.update_function_code(FunctionName="echo", ZipFile=code("v2"))
    assert ran(client, "echo:1") == ("1", ["v1", "1", ARN + ":1"])
    assert ran(client, "echo", Qualifier="1") == ("1", ["v1", "1", ARN + ":1"])
    assert ran(client, "echo") == ("$LATEST", ["v2", "$LATEST", ARN])
    assert [v["Version"] for v in client.list_versions_by_function(FunctionName="echo")["Versions"]] == ["$LATEST", "1"]


def test_publishing_unchanged_code_answers_the_same_version(client):
    create(client)
    assert client.publish_version(FunctionName="echo")["Version"] == "1"
    assert client.publish_version(FunctionName="echo")["Version"] == "1"


def test_publish_version_checks_code_sha(client):
    create(client)
    with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
        client.publish_version(FunctionName="echo", CodeSha256="abc")
    sha = client.get_function_configuration(FunctionName="echo")["CodeSha256"]
    assert info.value.response["Error"]["Message"] == (
        f"CodeSHA256 (abc) is different from current CodeSHA256 in $LATEST ({sha}). Please try again with the CodeSHA256 in $LATEST."
    )


def test_unknown_version_is_not_found(client):
    create(client)
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.invoke(FunctionName="echo", Qualifier="9")
    assert info.value.response["Error"]["Message"] == f"Function not found: {ARN}:9"


def test_alias_lifecycle_and_invocation_through_it(client):
    create(client, code=code("v1"))
    client.publish_version(FunctionName="echo")
    alias = client.create_alias(FunctionName="echo", Name="live", FunctionVersion="1", Description="prod")
    assert alias["AliasArn"] == ARN + ":live"
    assert ran(client, "echo:live") == ("1", ["v1", "1", ARN + ":live"])
    client.update_function_code(FunctionName="echo", ZipFile=code("v2"))
    client.publish_version(FunctionName="echo")
    updated = client.update_alias(FunctionName="echo", Name="live", FunctionVersion="2", RevisionId=alias["RevisionId"])
    assert updated["FunctionVersion"] == "2" and updated["Description"] == "prod"
    assert ran(client, "echo", Qualifier="live")[0] == "2"
    assert [a["Name"] for a in client.list_aliases(FunctionName="echo")["Aliases"]] == ["live"]
    assert client.get_function(FunctionName="echo", Qualifier="live")["Configuration"]["Version"] == "2"
    client.delete_alias(FunctionName="echo", Name="live")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.get_alias(FunctionName="echo", Name="live")
    assert info.value.response["Error"]["Message"] == f"Cannot find alias arn: {ARN}:live"


def test_alias_routing_splits_invocations_deterministically(client):
    create(client, code=code("v1"))
    client.publish_version(FunctionName="echo")
    client.update_function_code(FunctionName="echo", ZipFile=code("v2"))
    client.publish_version(FunctionName="echo")
    client.create_alias(FunctionName="echo", Name="canary", FunctionVersion="1", RoutingConfig={"AdditionalVersionWeights": {"2": 0.25}})
    executed = [ran(client, "echo:canary")[0] for _ in range(8)]
    assert executed.count("2") == 2 and executed.count("1") == 6


@pytest.mark.parametrize(
    ("routing", "message"),
    [
        ({"1": 0.5}, "Invalid function version 1. Function version 1 is already included in routing configuration."),
    ],
)
def test_alias_routing_errors(client, routing, message):
    create(client)
    client.publish_version(FunctionName="echo")
    with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
        client.create_alias(FunctionName="echo", Name="a", FunctionVersion="1", RoutingConfig={"AdditionalVersionWeights": routing})
    assert info.value.response["Error"]["Message"] == message


def test_alias_names_must_not_be_numbers_and_must_be_unique(client):
    create(client)
    with pytest.raises(client.exceptions.ClientError) as info:
        client.create_alias(FunctionName="echo", Name="2024", FunctionVersion="$LATEST")
    assert info.value.response["Error"]["Code"] == "ValidationException"
    client.create_alias(FunctionName="echo", Name="a", FunctionVersion="$LATEST")
    with pytest.raises(client.exceptions.ResourceConflictException):
        client.create_alias(FunctionName="echo", Name="a", FunctionVersion="$LATEST")


def test_latest_asked_for_by_qualifier_or_listed_among_versions_is_qualified(client):
    create(client)
    assert client.get_function_configuration(FunctionName="echo")["FunctionArn"] == ARN
    assert client.get_function(FunctionName="echo", Qualifier="$LATEST")["Configuration"]["FunctionArn"] == ARN + ":$LATEST"
    [latest] = client.list_versions_by_function(FunctionName="echo")["Versions"]
    assert latest["FunctionArn"] == ARN + ":$LATEST"
    assert client.list_functions()["Functions"][0]["FunctionArn"] == ARN
    assert client.list_functions(FunctionVersion="ALL")["Functions"][0]["FunctionArn"] == ARN + ":$LATEST"
