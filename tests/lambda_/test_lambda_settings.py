"""Lambda account settings, runtime management configs and function scaling configs."""

from __future__ import annotations

import pytest
from lambda_control_support import ACCOUNT, FUNCTION_ARN, error_of, lambda_client, make_function, published_version

RUNTIME_VERSION = "arn:aws:lambda:us-east-1::runtime:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"


@pytest.fixture
def client(eventmock):
    return lambda_client()


def test_account_settings_count_what_exists(client):
    settings = client.get_account_settings()
    assert settings["AccountLimit"] == {
        "TotalCodeSize": 80_530_636_800,
        "CodeSizeUnzipped": 262_144_000,
        "CodeSizeZipped": 52_428_800,
        "ConcurrentExecutions": 1000,
        "UnreservedConcurrentExecutions": 1000,
    }
    assert settings["AccountUsage"] == {"TotalCodeSize": 0, "FunctionCount": 0}
    make_function("a")
    make_function("b")
    client.publish_layer_version(LayerName="libs", Content={"ZipFile": b"x" * 169})
    assert client.get_account_settings()["AccountUsage"] == {"TotalCodeSize": 169, "FunctionCount": 2}
    make_function("elsewhere", region="eu-west-1")
    assert client.get_account_settings()["AccountUsage"]["FunctionCount"] == 2


def test_runtime_management_config(client):
    make_function()
    default = client.get_runtime_management_config(FunctionName="fn")
    assert (default["UpdateRuntimeOn"], default["FunctionArn"]) == ("Auto", FUNCTION_ARN)
    assert "RuntimeVersionArn" not in default
    manual = client.put_runtime_management_config(FunctionName="fn", UpdateRuntimeOn="Manual", RuntimeVersionArn=RUNTIME_VERSION)
    assert (manual["UpdateRuntimeOn"], manual["RuntimeVersionArn"], manual["FunctionArn"]) == ("Manual", RUNTIME_VERSION, FUNCTION_ARN)
    got = client.get_runtime_management_config(FunctionName="fn", Qualifier="$LATEST")
    assert (got["UpdateRuntimeOn"], got["RuntimeVersionArn"]) == ("Manual", RUNTIME_VERSION)
    client.put_runtime_management_config(FunctionName="fn", UpdateRuntimeOn="FunctionUpdate")
    assert "RuntimeVersionArn" not in client.get_runtime_management_config(FunctionName="fn")


def test_runtime_management_errors(client):
    make_function()
    with pytest.raises(client.exceptions.InvalidParameterValueException):
        client.put_runtime_management_config(FunctionName="fn", UpdateRuntimeOn="Manual")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.get_runtime_management_config(FunctionName="nope")
    assert error_of(info)[1] == f"Function not found: arn:aws:lambda:us-east-1:{ACCOUNT}:function:nope"
    with pytest.raises(client.exceptions.ClientError) as info:
        client.put_runtime_management_config(FunctionName="fn", UpdateRuntimeOn="Sometimes")
    assert error_of(info)[0] == "ValidationException"
    assert client.get_runtime_management_config(FunctionName="fn")["UpdateRuntimeOn"] == "Auto"


@pytest.mark.model("lambda", "PutFunctionScalingConfigRequest", "FunctionScalingConfig")
def test_function_scaling_config(client):
    make_function()
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_function_scaling_config(FunctionName="nope", Qualifier="1")
    version = published_version(client, "fn")
    put = client.put_function_scaling_config(
        FunctionName="fn", Qualifier=version, FunctionScalingConfig={"MinExecutionEnvironments": 1, "MaxExecutionEnvironments": 4}
    )
    assert put["FunctionState"] == "Active" and put["ResponseMetadata"]["HTTPStatusCode"] == 202
    got = client.get_function_scaling_config(FunctionName="fn", Qualifier=version)
    assert got["FunctionArn"] == f"{FUNCTION_ARN}:{version}"
    assert got["RequestedFunctionScalingConfig"] == {"MinExecutionEnvironments": 1, "MaxExecutionEnvironments": 4}
    with pytest.raises(client.exceptions.InvalidParameterValueException):
        client.put_function_scaling_config(
            FunctionName="fn", Qualifier=version, FunctionScalingConfig={"MinExecutionEnvironments": 5, "MaxExecutionEnvironments": 4}
        )


def test_reserved_concurrency_keeps_100_of_the_account_unreserved(client):
    make_function("a")
    make_function("b")
    assert client.put_function_concurrency(FunctionName="a", ReservedConcurrentExecutions=600)["ReservedConcurrentExecutions"] == 600
    client.put_function_concurrency(FunctionName="b", ReservedConcurrentExecutions=100)
    # "a" replaces its own reservation: 700 + 100 leaves 200 unreserved.
    client.put_function_concurrency(FunctionName="a", ReservedConcurrentExecutions=700)
    with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
        client.put_function_concurrency(FunctionName="b", ReservedConcurrentExecutions=201)
    assert error_of(info) == (
        "InvalidParameterValueException",
        "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
        400,
    )
    assert client.get_function_concurrency(FunctionName="b")["ReservedConcurrentExecutions"] == 100
    assert client.get_account_settings()["AccountLimit"]["UnreservedConcurrentExecutions"] == 200
