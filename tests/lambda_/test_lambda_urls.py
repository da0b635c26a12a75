"""Lambda function URL configs."""

from __future__ import annotations

import re

import pytest
from lambda_control_support import ACCOUNT, FUNCTION_ARN, error_of, lambda_client, make_function

NOT_EXIST = "The resource you requested does not exist."
URL = re.compile(r"https://[a-z0-9]{32}\.lambda-url\.us-east-1\.on\.aws/")


@pytest.fixture
def client(eventmock):
    make_function()
    return lambda_client()


def test_create_then_get_update_list_delete(client):
    created = client.create_function_url_config(FunctionName="fn", AuthType="NONE")
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert URL.fullmatch(created["FunctionUrl"])
    assert created["FunctionArn"] == FUNCTION_ARN and created["AuthType"] == "NONE"
    assert "InvokeMode" not in created and "Cors" not in created
    got = client.get_function_url_config(FunctionName="fn")
    assert got["FunctionUrl"] == created["FunctionUrl"] and got["InvokeMode"] == "BUFFERED"
    assert got["CreationTime"] == created["CreationTime"] == got["LastModifiedTime"]
    cors = {"AllowOrigins": ["https://example.com"], "AllowMethods": ["GET"], "MaxAge": 60}
    updated = client.update_function_url_config(FunctionName="fn", AuthType="AWS_IAM", Cors=cors, InvokeMode="RESPONSE_STREAM")
    assert (updated["AuthType"], updated["Cors"], updated["InvokeMode"]) == ("AWS_IAM", cors, "RESPONSE_STREAM")
    assert updated["CreationTime"] == created["CreationTime"] and updated["LastModifiedTime"] >= created["CreationTime"]
    [listed] = client.list_function_url_configs(FunctionName="fn")["FunctionUrlConfigs"]
    assert listed["FunctionUrl"] == created["FunctionUrl"] and listed["AuthType"] == "AWS_IAM"
    deleted = client.delete_function_url_config(FunctionName="fn")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert client.list_function_url_configs(FunctionName="fn")["FunctionUrlConfigs"] == []
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.get_function_url_config(FunctionName="fn")
    assert error_of(info) == ("ResourceNotFoundException", NOT_EXIST, 404)


def test_one_url_per_function(client):
    client.create_function_url_config(FunctionName="fn", AuthType="NONE")
    with pytest.raises(client.exceptions.ResourceConflictException) as info:
        client.create_function_url_config(FunctionName=FUNCTION_ARN, AuthType="AWS_IAM")
    assert error_of(info) == (
        "ResourceConflictException",
        f"Failed to create function url config for [functionArn = {FUNCTION_ARN}]. Error message:  FunctionUrlConfig exists for this Lambda function",
        409,
    )
    assert client.get_function_url_config(FunctionName="fn")["AuthType"] == "NONE"


def test_missing_functions_and_configs(client):
    for call in (client.create_function_url_config, client.update_function_url_config):
        with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
            call(FunctionName="nope", AuthType="NONE")
        assert error_of(info)[1] == "Function does not exist"
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.list_function_url_configs(FunctionName=f"{ACCOUNT}:function:nope")
    assert error_of(info)[1] == "Function does not exist"
    for call in (client.get_function_url_config, client.delete_function_url_config):
        for name in ("nope", "fn"):
            with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
                call(FunctionName=name)
            assert error_of(info)[1] == NOT_EXIST
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.update_function_url_config(FunctionName="fn", AuthType="NONE")
    assert error_of(info)[1] == NOT_EXIST


@pytest.mark.parametrize("qualifier", ["1", "$LATEST"])
def test_a_url_is_for_a_function_or_an_alias_only(client, qualifier):
    with pytest.raises(client.exceptions.ClientError) as info:
        client.create_function_url_config(FunctionName="fn", Qualifier=qualifier, AuthType="NONE")
    assert error_of(info) == (
        "ValidationException",
        f"1 validation error detected: Value '{qualifier}' at 'qualifier' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: ((?!^\\d+$)^[0-9a-zA-Z-_]+$)",
        400,
    )
    assert client.list_function_url_configs(FunctionName="fn")["FunctionUrlConfigs"] == []


def test_qualifier_must_match_the_name(client):
    with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
        client.create_function_url_config(FunctionName=f"{FUNCTION_ARN}:live", Qualifier="other", AuthType="NONE")
    assert error_of(info)[1] == "The derived qualifier from the function name does not match the specified qualifier."


def test_list_pages(client):
    client.create_function_url_config(FunctionName="fn", AuthType="NONE")
    page = client.list_function_url_configs(FunctionName="fn", MaxItems=1)
    assert len(page["FunctionUrlConfigs"]) == 1 and "NextMarker" not in page
    with pytest.raises(client.exceptions.InvalidParameterValueException):
        client.list_function_url_configs(FunctionName="fn", Marker="garbage")
