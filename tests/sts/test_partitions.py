"""Partitions: every ARN names the partition of its region, as botocore's data names it."""

from __future__ import annotations

import json

import pytest

from eventmock import DEFAULT_ACCOUNT_ID
from eventmock.core import arns

REGIONS = [
    ("us-east-1", "aws"),
    ("cn-north-1", "aws-cn"),
    ("us-gov-west-1", "aws-us-gov"),
    ("us-iso-east-1", "aws-iso"),
    ("us-isob-east-1", "aws-iso-b"),
]


@pytest.mark.parametrize(("region", "partition"), REGIONS)
def test_caller_identity_names_the_regions_partition(client_for, region, partition):
    identity = client_for(region=region).get_caller_identity()
    assert identity["Arn"] == f"arn:{partition}:iam::{DEFAULT_ACCOUNT_ID}:root"


@pytest.mark.parametrize(("region", "partition"), REGIONS)
def test_an_sqs_queue_arn_names_the_regions_partition(client_for, region, partition):
    sqs = client_for("sqs", region=region)
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    assert arn == f"arn:{partition}:sqs:{region}:{DEFAULT_ACCOUNT_ID}:orders"


@pytest.mark.parametrize(("region", "partition"), REGIONS)
def test_an_assumed_role_in_the_regions_partition(client_for, region, partition):
    role = f"arn:{partition}:iam::111111111111:role/deployer"
    user = client_for(region=region).assume_role(RoleArn=role, RoleSessionName="ci")["AssumedRoleUser"]
    assert user["Arn"] == f"arn:{partition}:sts::111111111111:assumed-role/deployer/ci"


def test_a_region_botocore_does_not_know_is_in_the_aws_partition():
    assert arns.partition_of("xx-nowhere-1") == "aws"
    assert arns.partition_of("eu-isoe-west-1") == "aws-iso-e"


def test_a_bus_permission_names_the_principal_in_the_regions_partition(client_for):
    events = client_for("events", region="cn-north-1")
    events.put_permission(Action="events:PutEvents", Principal="111111111111", StatementId="partner")
    policy = json.loads(events.describe_event_bus()["Policy"])
    assert policy["Statement"][0]["Principal"] == {"AWS": "arn:aws-cn:iam::111111111111:root"}
    assert policy["Statement"][0]["Resource"] == f"arn:aws-cn:events:cn-north-1:{DEFAULT_ACCOUNT_ID}:event-bus/default"
