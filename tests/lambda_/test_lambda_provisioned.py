"""Lambda provisioned concurrency configs."""

from __future__ import annotations

import pytest
from lambda_control_support import ACCOUNT, FUNCTION_ARN, alias, error_of, lambda_client, make_function, published_version


@pytest.fixture
def client(eventmock):
    make_function()
    return lambda_client()


def test_latest_cannot_have_a_config(client):
    with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
        client.put_provisioned_concurrency_config(FunctionName="fn", Qualifier="$LATEST", ProvisionedConcurrentExecutions=1)
    assert error_of(info) == (
        "InvalidParameterValueException",
        "Provisioned Concurrency Configs cannot be applied to unpublished function versions.",
        400,
    )
    for call in (client.get_provisioned_concurrency_config, client.delete_provisioned_concurrency_config):
        with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
            call(FunctionName="fn", Qualifier="$LATEST")
        assert error_of(info)[1] == "The function resource provided must be an alias or a published version."


def test_missing_functions_and_versions(client):
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.list_provisioned_concurrency_configs(FunctionName="nope")
    assert error_of(info) == ("ResourceNotFoundException", f"Function not found: arn:aws:lambda:us-east-1:{ACCOUNT}:function:nope", 404)
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.put_provisioned_concurrency_config(FunctionName="fn", Qualifier="10", ProvisionedConcurrentExecutions=1)
    assert error_of(info)[1] == f"Function not found: {FUNCTION_ARN}:10"
    assert client.list_provisioned_concurrency_configs(FunctionName="fn")["ProvisionedConcurrencyConfigs"] == []


def test_put_is_in_progress_then_ready_by_the_next_call(client):
    version = published_version(client, "fn")
    put = client.put_provisioned_concurrency_config(FunctionName="fn", Qualifier=version, ProvisionedConcurrentExecutions=5)
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert put["Status"] == "IN_PROGRESS"
    assert (put["AllocatedProvisionedConcurrentExecutions"], put["AvailableProvisionedConcurrentExecutions"]) == (0, 0)
    assert put["RequestedProvisionedConcurrentExecutions"] == 5
    got = client.get_provisioned_concurrency_config(FunctionName="fn", Qualifier=version)
    assert got["Status"] == "READY"
    assert (got["AllocatedProvisionedConcurrentExecutions"], got["AvailableProvisionedConcurrentExecutions"]) == (5, 5)
    [listed] = client.list_provisioned_concurrency_configs(FunctionName="fn")["ProvisionedConcurrencyConfigs"]
    assert listed["FunctionArn"] == f"{FUNCTION_ARN}:{version}" and listed["Status"] == "READY"
    client.delete_provisioned_concurrency_config(FunctionName="fn", Qualifier=version)
    with pytest.raises(client.exceptions.ProvisionedConcurrencyConfigNotFoundException) as info:
        client.get_provisioned_concurrency_config(FunctionName="fn", Qualifier=version)
    assert error_of(info) == ("ProvisionedConcurrencyConfigNotFoundException", "No Provisioned Concurrency Config found for this function", 404)


def test_account_concurrency_bounds_a_config(client):
    version = published_version(client, "fn")
    with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
        client.put_provisioned_concurrency_config(FunctionName="fn", Qualifier=version, ProvisionedConcurrentExecutions=1001)
    assert error_of(info)[1] == "Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [1000]."
    with pytest.raises(client.exceptions.InvalidParameterValueException) as info:
        client.put_provisioned_concurrency_config(FunctionName="fn", Qualifier=version, ProvisionedConcurrentExecutions=901)
    assert error_of(info)[1] == (
        "Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100]."
    )


def test_an_alias_and_its_version_cannot_both_have_a_config(client):
    version = published_version(client, "fn")
    alias(client, "fn", "live", version)
    client.put_provisioned_concurrency_config(FunctionName="fn", Qualifier=version, ProvisionedConcurrentExecutions=1)
    with pytest.raises(client.exceptions.ResourceConflictException) as info:
        client.put_provisioned_concurrency_config(FunctionName="fn", Qualifier="live", ProvisionedConcurrentExecutions=1)
    assert error_of(info) == (
        "ResourceConflictException",
        "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version",
        409,
    )
    client.delete_provisioned_concurrency_config(FunctionName="fn", Qualifier=version)
    client.put_provisioned_concurrency_config(FunctionName="fn", Qualifier="live", ProvisionedConcurrentExecutions=1)
    with pytest.raises(client.exceptions.ResourceConflictException) as info:
        client.put_provisioned_concurrency_config(FunctionName="fn", Qualifier=version, ProvisionedConcurrentExecutions=1)
    assert error_of(info)[1] == "Version is pointed by a Provisioned Concurrency alias"
    [listed] = client.list_provisioned_concurrency_configs(FunctionName="fn")["ProvisionedConcurrencyConfigs"]
    assert listed["FunctionArn"] == f"{FUNCTION_ARN}:live"
