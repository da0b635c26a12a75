"""What the Lambda control-plane tests share: a client, a function made with
register_lambda, and reading AWS's error out of a ClientError."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from eventmock import NotEmulatedError, register_lambda

ACCOUNT = "123456789012"
REGION = "us-east-1"
FUNCTION_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:fn"


def lambda_client(region: str = REGION) -> Any:
    return boto3.client("lambda", region_name=region)


def make_function(name: str = "fn", region: str = REGION) -> str:
    """A function (a register_lambda callable); its ARN."""
    arn = f"arn:aws:lambda:{region}:{ACCOUNT}:function:{name}"
    register_lambda(arn, lambda event, context: event)
    return arn


def error_of(info: pytest.ExceptionInfo[Any]) -> tuple[str, str, int]:
    """(code, message, HTTP status) of the ClientError ``info`` caught."""
    response = info.value.response
    return response["Error"]["Code"], response["Error"]["Message"], response["ResponseMetadata"]["HTTPStatusCode"]


def published_version(client: Any, name: str) -> str:
    """Publish a version of ``name``; skips the test where functions have no versions
    (before CreateFunction/PublishVersion are emulated)."""
    try:
        version: str = client.publish_version(FunctionName=name)["Version"]
    except NotEmulatedError:
        pytest.skip("needs PublishVersion")
    return version


def alias(client: Any, name: str, alias_name: str, version: str) -> None:
    """Make an alias of ``name``; skips the test where functions have no aliases."""
    try:
        client.create_alias(FunctionName=name, Name=alias_name, FunctionVersion=version)
    except NotEmulatedError:
        pytest.skip("needs CreateAlias")
