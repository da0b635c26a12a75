"""The Resource Groups Tagging API with moto underneath: the union of eventmock's
resources and moto's, and writes routed to the mock that owns each ARN."""

from __future__ import annotations

import boto3
import pytest

pytest.importorskip("moto")

REGION = "us-east-1"


def client(service: str):
    return boto3.client(service, region_name=REGION)


def test_resources_of_both_mocks_in_one_view(both):
    s3, sqs, tagging = client("s3"), client("sqs"), client("resourcegroupstaggingapi")
    s3.create_bucket(Bucket="reports")
    s3.put_bucket_tagging(Bucket="reports", Tagging={"TagSet": [{"Key": "team", "Value": "a"}]})
    url = sqs.create_queue(QueueName="jobs", tags={"team": "a"})["QueueUrl"]
    queue = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    bucket = "arn:aws:s3:::reports"

    found = tagging.get_resources(TagFilters=[{"Key": "team", "Values": ["a"]}])["ResourceTagMappingList"]
    assert sorted(m["ResourceARN"] for m in found) == sorted([bucket, queue])
    assert [m["ResourceARN"] for m in tagging.get_resources(ResourceTypeFilters=["s3"])["ResourceTagMappingList"]] == [bucket]

    failed = tagging.tag_resources(ResourceARNList=[bucket, queue], Tags={"cost": "7"})["FailedResourcesMap"]
    assert failed == {}
    assert {"Key": "cost", "Value": "7"} in s3.get_bucket_tagging(Bucket="reports")["TagSet"]
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"]["cost"] == "7"
    assert tagging.get_tag_values(Key="cost")["TagValues"] == ["7"]

    tagging.untag_resources(ResourceARNList=[bucket, queue], TagKeys=["cost"])
    assert "cost" not in sqs.list_queue_tags(QueueUrl=url)["Tags"]
    assert all(tag["Key"] != "cost" for tag in s3.get_bucket_tagging(Bucket="reports")["TagSet"])
