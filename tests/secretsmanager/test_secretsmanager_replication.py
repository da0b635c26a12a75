"""Replication to other regions: the replica follows its primary and takes no changes
of its own."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from sm_support import error_of

ON_REPLICA = "Operation not permitted on a replica secret. Call must be made in primary secret's region."


@pytest.fixture
def west(client_for):
    return client_for("secretsmanager", region="us-west-2")


def test_a_replica_follows_its_primary(sm, west):
    created = sm.create_secret(Name="s", SecretString="one", AddReplicaRegions=[{"Region": "us-west-2"}])
    [status] = created["ReplicationStatus"]
    assert (status["Region"], status["Status"]) == ("us-west-2", "InSync")
    replica_arn = created["ARN"].replace("us-east-1", "us-west-2")
    described = west.describe_secret(SecretId=replica_arn)
    assert described["PrimaryRegion"] == "us-east-1"
    assert west.get_secret_value(SecretId="s")["SecretString"] == "one"
    sm.put_secret_value(SecretId="s", SecretString="two")
    assert west.get_secret_value(SecretId="s")["SecretString"] == "two"
    primary = sm.describe_secret(SecretId="s")
    assert primary["PrimaryRegion"] == "us-east-1"
    assert [r["Region"] for r in primary["ReplicationStatus"]] == ["us-west-2"]
    assert [s["Name"] for s in west.list_secrets(Filters=[{"Key": "primary-region", "Values": ["us-east-1"]}])["SecretList"]] == ["s"]


def test_a_replica_takes_no_changes(sm, west):
    sm.create_secret(Name="s", SecretString="one", AddReplicaRegions=[{"Region": "us-west-2"}])
    for call in (
        lambda: west.put_secret_value(SecretId="s", SecretString="x"),
        lambda: west.update_secret(SecretId="s", Description="x"),
        lambda: west.tag_resource(SecretId="s", Tags=[{"Key": "k", "Value": "v"}]),
    ):
        with pytest.raises(ClientError) as info:
            call()
        assert error_of(info) == ("InvalidParameterException", ON_REPLICA)
    assert west.get_secret_value(SecretId="s")["SecretString"] == "one"


def test_a_primary_with_replicas_cannot_be_deleted(sm, west):
    arn = sm.create_secret(Name="s", SecretString="one", AddReplicaRegions=[{"Region": "us-west-2"}])["ARN"]
    with pytest.raises(ClientError) as info:
        sm.delete_secret(SecretId="s")
    assert error_of(info) == ("InvalidParameterException", f"You can't delete secret {arn} that still has replica regions [us-west-2]")
    removed = sm.remove_regions_from_replication(SecretId="s", RemoveReplicaRegions=["us-west-2"])
    assert removed["ReplicationStatus"] == []
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.describe_secret(SecretId="s")
    sm.delete_secret(SecretId="s")


def test_replicating_onto_an_existing_secret_fails_unless_forced(sm, west):
    west.create_secret(Name="s", SecretString="theirs")
    sm.create_secret(Name="s", SecretString="ours")
    [status] = sm.replicate_secret_to_regions(SecretId="s", AddReplicaRegions=[{"Region": "us-west-2"}])["ReplicationStatus"]
    assert status["Status"] == "Failed"
    assert status["StatusMessage"] == "Replication failed: Secret name s already exists in region us-west-2."
    assert west.get_secret_value(SecretId="s")["SecretString"] == "theirs"
    sm.remove_regions_from_replication(SecretId="s", RemoveReplicaRegions=["us-west-2"])
    [status] = sm.replicate_secret_to_regions(
        SecretId="s", AddReplicaRegions=[{"Region": "us-west-2"}], ForceOverwriteReplicaSecret=True
    )["ReplicationStatus"]
    assert status["Status"] == "InSync"
    assert west.get_secret_value(SecretId="s")["SecretString"] == "ours"


def test_stop_replication_promotes_the_replica(sm, west):
    sm.create_secret(Name="s", SecretString="one", AddReplicaRegions=[{"Region": "us-west-2"}])
    west.stop_replication_to_replica(SecretId="s")
    assert "PrimaryRegion" not in west.describe_secret(SecretId="s")
    assert "ReplicationStatus" not in sm.describe_secret(SecretId="s")
    west.put_secret_value(SecretId="s", SecretString="mine now")
    assert sm.get_secret_value(SecretId="s")["SecretString"] == "one"
    with pytest.raises(ClientError) as info:
        sm.stop_replication_to_replica(SecretId="s")
    assert error_of(info)[0] == "InvalidRequestException"


def test_replicating_to_its_own_region_is_refused(sm):
    sm.create_secret(Name="s", SecretString="one")
    with pytest.raises(ClientError) as info:
        sm.replicate_secret_to_regions(SecretId="s", AddReplicaRegions=[{"Region": "us-east-1"}])
    assert error_of(info)[0] == "InvalidParameterException"
    assert "ReplicationStatus" not in sm.describe_secret(SecretId="s")


def test_an_unknown_region_is_refused(sm):
    sm.create_secret(Name="s", SecretString="one")
    with pytest.raises(ClientError) as info:
        sm.replicate_secret_to_regions(SecretId="s", AddReplicaRegions=[{"Region": "nowhere"}])
    assert error_of(info)[0] == "ValidationException"  # the model's pattern for a region
    assert "ReplicationStatus" not in sm.describe_secret(SecretId="s")


@pytest.mark.model("secretsmanager", "CreateSecretRequest", "CrossAccountPrimaryARN")
def test_a_cross_account_replica(sm, client_for):
    other = client_for("secretsmanager", account="210987654321")
    primary = sm.create_secret(Name="s", SecretString="one")["ARN"]
    replica = other.create_secret(Name="s", CrossAccountPrimaryARN=primary)["ARN"]
    assert other.describe_secret(SecretId="s")["CrossAccountPrimary"]["PrimarySecretARN"] == primary
    linked = sm.associate_cross_account_replica(SecretId="s", CrossAccountReplicaARN=replica)
    assert (linked["CrossAccountReplicaARN"], linked["ReplicationStatus"]) == (replica, "InSync")
    assert other.get_secret_value(SecretId="s")["SecretString"] == "one"
    sm.put_secret_value(SecretId="s", SecretString="two")
    assert other.get_secret_value(SecretId="s")["SecretString"] == "two"
    assert sm.describe_secret(SecretId="s")["CrossAccountReplicas"] == [{"ReplicaSecretARN": replica, "ReplicationStatus": "InSync"}]
    sm.disassociate_cross_account_replica(SecretId="s", CrossAccountReplicaARN=replica)
    assert "CrossAccountReplicas" not in sm.describe_secret(SecretId="s")
    assert other.describe_secret(SecretId="s")["CrossAccountPrimary"]["ReplicationStatus"] == "Detached"
    with pytest.raises(ClientError) as info:
        sm.disassociate_cross_account_replica(SecretId="s", CrossAccountReplicaARN=replica)
    assert error_of(info)[0] == "ResourceNotFoundException"


def test_deleting_a_replica_deletes_it_at_once(sm, west):
    """"When you delete a replica, it is deleted immediately." (DeleteSecret's reference)"""
    sm.create_secret(Name="s", SecretString="one", AddReplicaRegions=[{"Region": "us-west-2"}])
    west.delete_secret(SecretId="s")
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.describe_secret(SecretId="s")
    assert "ReplicationStatus" not in sm.describe_secret(SecretId="s")
    sm.delete_secret(SecretId="s")  # no replica left
