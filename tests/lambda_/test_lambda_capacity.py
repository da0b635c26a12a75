"""Lambda capacity providers and durable executions (operations newer than botocore
1.40's model: skipped there)."""

from __future__ import annotations

import pytest
from lambda_control_support import ACCOUNT, error_of, lambda_client, make_function

PROVIDER_ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:capacity-provider:fleet"
VPC = {"SubnetIds": ["subnet-0123"], "SecurityGroupIds": ["sg-0123"]}
PERMISSIONS = {"CapacityProviderOperatorRoleArn": f"arn:aws:iam::{ACCOUNT}:role/operator"}
EXECUTION_ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:fn:$LATEST/durable-execution/run-1/0123"
NOT_EXIST = "The resource you requested does not exist."

capacity = pytest.mark.model("lambda", "CreateCapacityProviderRequest", "CapacityProviderName")
durable = pytest.mark.model("lambda", "GetDurableExecutionRequest", "DurableExecutionArn")


@pytest.fixture
def client(eventmock):
    return lambda_client()


def create(client, name="fleet", **params):
    return client.create_capacity_provider(CapacityProviderName=name, VpcConfig=VPC, PermissionsConfig=PERMISSIONS, **params)["CapacityProvider"]


@capacity
def test_provider_is_pending_then_active(client):
    created = create(client, Tags={"team": "core"}, InstanceRequirements={"Architectures": ["arm64"]})
    assert (created["CapacityProviderArn"], created["State"]) == (PROVIDER_ARN, "Pending")
    assert (created["VpcConfig"], created["PermissionsConfig"]) == (VPC, PERMISSIONS)
    assert created["InstanceRequirements"] == {"Architectures": ["arm64"]}
    assert "Tags" not in created
    got = client.get_capacity_provider(CapacityProviderName="fleet")["CapacityProvider"]
    assert got["State"] == "Active"
    assert client.get_capacity_provider(CapacityProviderName=PROVIDER_ARN)["CapacityProvider"]["CapacityProviderArn"] == PROVIDER_ARN


@capacity
def test_update_list_and_delete(client):
    create(client)
    create(client, "other")
    updated = client.update_capacity_provider(
        CapacityProviderName="fleet", CapacityProviderScalingConfig={"ScalingMode": "Manual", "MaxVCpuCount": 8}
    )["CapacityProvider"]
    assert updated["CapacityProviderScalingConfig"] == {"ScalingMode": "Manual", "MaxVCpuCount": 8}
    listed = client.list_capacity_providers()["CapacityProviders"]
    assert [p["CapacityProviderArn"].rsplit(":", 1)[1] for p in listed] == ["fleet", "other"]
    deleted = client.delete_capacity_provider(CapacityProviderName="fleet")["CapacityProvider"]
    assert deleted["State"] == "Deleting"
    assert [p["CapacityProviderArn"] for p in client.list_capacity_providers(State="Active")["CapacityProviders"]] == [
        PROVIDER_ARN.replace("fleet", "other")
    ]
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_capacity_provider(CapacityProviderName="fleet")


@capacity
def test_provider_errors(client):
    create(client)
    with pytest.raises(client.exceptions.ResourceConflictException):
        create(client)
    for call in (client.get_capacity_provider, client.delete_capacity_provider, client.list_function_versions_by_capacity_provider):
        with pytest.raises(client.exceptions.ResourceNotFoundException):
            call(CapacityProviderName="nothing")
    with pytest.raises(client.exceptions.ClientError) as info:
        create(client, "bad name")
    assert error_of(info)[0] == "ValidationException"


@capacity
def test_versions_by_provider_and_tags(eventmock, client):
    create(client, Tags={"team": "core"})
    listed = client.list_function_versions_by_capacity_provider(CapacityProviderName="fleet")
    assert (listed["CapacityProviderArn"], listed["FunctionVersions"]) == (PROVIDER_ARN, [])
    backend = eventmock.backend("lambda", ACCOUNT, "us-east-1")
    assert backend._tags_of(PROVIDER_ARN) == {"team": "core"}


@durable
def test_no_durable_execution_exists(client):
    make_function()
    assert client.list_durable_executions_by_function(FunctionName="fn")["DurableExecutions"] == []
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.list_durable_executions_by_function(FunctionName="nope")
    calls = [
        lambda: client.get_durable_execution(DurableExecutionArn=EXECUTION_ARN),
        lambda: client.get_durable_execution_history(DurableExecutionArn=EXECUTION_ARN),
        lambda: client.stop_durable_execution(DurableExecutionArn=EXECUTION_ARN),
        lambda: client.pause_durable_execution(DurableExecutionArn=EXECUTION_ARN),
        lambda: client.resume_durable_execution(DurableExecutionArn=EXECUTION_ARN),
        lambda: client.delete_durable_execution(DurableExecutionArn=EXECUTION_ARN),
        lambda: client.send_durable_execution_callback_success(CallbackId="Y2FsbGJhY2s=", Result=b"{}"),
        lambda: client.send_durable_execution_callback_failure(CallbackId="Y2FsbGJhY2s="),
        lambda: client.send_durable_execution_callback_heartbeat(CallbackId="Y2FsbGJhY2s="),
    ]
    for call in calls:
        with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
            call()
        assert error_of(info) == ("ResourceNotFoundException", NOT_EXIST, 404)
    for call in (
        lambda: client.get_durable_execution_state(DurableExecutionArn=EXECUTION_ARN, CheckpointToken="dG9rZW4="),
        lambda: client.checkpoint_durable_execution(DurableExecutionArn=EXECUTION_ARN, CheckpointToken="dG9rZW4="),
    ):
        with pytest.raises(client.exceptions.InvalidParameterValueException):
            call()


@durable
def test_durable_params_are_checked_first(client):
    with pytest.raises(client.exceptions.ClientError) as info:
        client.get_durable_execution(DurableExecutionArn="arn:aws:lambda:us-east-1:123456789012:function:fn")
    assert error_of(info)[0] == "ValidationException"
