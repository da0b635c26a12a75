"""The Resource Groups Tagging API over eventmock's services: the union of their tags,
written through each service's own tagging operation."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError

from eventmock import mock_aws

# The listing reads log groups, whose description names a member botocore 1.40's model lacks.
pytestmark = pytest.mark.model("logs", "LogGroup", "deletionProtectionEnabled")

REGION = "us-east-2"
ROLE = "arn:aws:iam::123456789012:role/r"


def client(service: str):
    return boto3.client(service, region_name=REGION)


@pytest.fixture
def resources():
    with mock_aws():
        firehose, sqs, logs, sns = client("firehose"), client("sqs"), client("logs"), client("sns")
        stream = firehose.create_delivery_stream(
            DeliveryStreamName="orders",
            S3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::bucket"},
            Tags=[{"Key": "team", "Value": "a"}],
        )["DeliveryStreamARN"]
        url = sqs.create_queue(QueueName="jobs", tags={"team": "b"})["QueueUrl"]
        queue = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        logs.create_log_group(logGroupName="app", tags={"team": "a", "env": "dev"})
        group = f"arn:aws:logs:{REGION}:123456789012:log-group:app"
        sns.create_topic(Name="untagged")
        yield {"stream": stream, "queue": queue, "group": group, "url": url}


def arns_of(answer):
    return sorted(mapping["ResourceARN"] for mapping in answer["ResourceTagMappingList"])


def test_get_resources_lists_every_tagged_resource_of_every_service(resources):
    answer = client("resourcegroupstaggingapi").get_resources()
    assert arns_of(answer) == sorted([resources["stream"], resources["queue"], resources["group"]])
    assert answer["PaginationToken"] == ""
    group = next(m for m in answer["ResourceTagMappingList"] if m["ResourceARN"] == resources["group"])
    assert group["Tags"] == [{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "a"}]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (["firehose"], ["stream"]),
        (["firehose:deliverystream"], ["stream"]),
        (["sqs:queue"], ["queue"]),
        (["logs:log-group", "sqs"], ["group", "queue"]),
        (["ec2:instance"], []),
    ],
)
def test_resource_type_filters(resources, filters, expected):
    answer = client("resourcegroupstaggingapi").get_resources(ResourceTypeFilters=filters)
    assert arns_of(answer) == sorted(resources[name] for name in expected)


def test_tag_filters_and_arn_list(resources):
    tagging = client("resourcegroupstaggingapi")
    assert arns_of(tagging.get_resources(TagFilters=[{"Key": "team", "Values": ["a"]}])) == sorted([resources["stream"], resources["group"]])
    assert arns_of(tagging.get_resources(TagFilters=[{"Key": "team", "Values": ["a"]}, {"Key": "env"}])) == [resources["group"]]
    assert arns_of(tagging.get_resources(ResourceARNList=[resources["queue"]])) == [resources["queue"]]
    assert tagging.get_tag_keys()["TagKeys"] == ["env", "team"]
    assert tagging.get_tag_values(Key="team")["TagValues"] == ["a", "b"]


def test_tag_and_untag_resources_change_the_services_own_tags(resources):
    tagging = client("resourcegroupstaggingapi")
    answer = tagging.tag_resources(ResourceARNList=[resources["stream"], resources["queue"]], Tags={"cost": "1"})
    assert answer["FailedResourcesMap"] == {}
    tags = client("firehose").list_tags_for_delivery_stream(DeliveryStreamName="orders")["Tags"]
    assert {"Key": "cost", "Value": "1"} in tags
    assert client("sqs").list_queue_tags(QueueUrl=resources["url"])["Tags"] == {"team": "b", "cost": "1"}
    assert tagging.untag_resources(ResourceARNList=[resources["queue"]], TagKeys=["team", "cost"])["FailedResourcesMap"] == {}
    assert "Tags" not in client("sqs").list_queue_tags(QueueUrl=resources["url"])
    assert resources["queue"] not in arns_of(tagging.get_resources())


def test_a_resource_that_cannot_be_tagged_is_reported_and_the_others_are_tagged(resources):
    tagging = client("resourcegroupstaggingapi")
    missing = f"arn:aws:firehose:{REGION}:123456789012:deliverystream/missing"
    elsewhere = f"arn:aws:ec2:{REGION}:123456789012:instance/i-1"
    failed = tagging.tag_resources(ResourceARNList=[missing, resources["stream"], elsewhere], Tags={"cost": "2"})["FailedResourcesMap"]
    assert sorted(failed) == sorted([missing, elsewhere])
    assert failed[missing]["ErrorCode"] == "InvalidParameterException"
    assert failed[missing]["StatusCode"] == 400
    assert failed[elsewhere]["StatusCode"] == 404
    assert {"Key": "cost", "Value": "2"} in client("firehose").list_tags_for_delivery_stream(DeliveryStreamName="orders")["Tags"]


def test_pages(resources):
    tagging = client("resourcegroupstaggingapi")
    seen, token = [], ""
    while True:
        answer = tagging.get_resources(ResourcesPerPage=1, PaginationToken=token)
        assert len(answer["ResourceTagMappingList"]) == 1
        seen += arns_of(answer)
        token = answer["PaginationToken"]
        if not token:
            break
    assert sorted(seen) == sorted([resources["stream"], resources["queue"], resources["group"]])
    paged = [m["ResourceARN"] for page in tagging.get_paginator("get_resources").paginate(ResourcesPerPage=2) for m in page["ResourceTagMappingList"]]
    assert sorted(paged) == sorted(seen)


@pytest.mark.parametrize(
    "params",
    [{"ResourcesPerPage": 0}, {"ResourcesPerPage": 101}, {"TagsPerPage": 99}, {"TagsPerPage": 501}, {"PaginationToken": "not-ours"}],
)
def test_bad_paging_is_refused(params):
    with mock_aws():
        with pytest.raises(ClientError) as error:
            client("resourcegroupstaggingapi").get_resources(**params)
    assert error.value.response["Error"]["Code"] == "InvalidParameterException"


def test_tag_policy_operations_need_an_organization():
    with mock_aws():
        tagging = client("resourcegroupstaggingapi")
        for call in (tagging.get_compliance_summary, tagging.describe_report_creation, lambda: tagging.start_report_creation(S3Bucket="reports")):
            with pytest.raises(ClientError) as error:
                call()
            assert error.value.response["Error"]["Code"] == "ConstraintViolationException"
        if "ListRequiredTags" in tagging.meta.service_model.operation_names:
            assert tagging.list_required_tags()["RequiredTags"] == []


def test_a_key_the_owner_cannot_carry_fails_that_resource_only():
    with mock_aws():
        sqs = client("sqs")
        url = sqs.create_queue(QueueName="keys", tags={"a": "1"})["QueueUrl"]
        queue = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        function = f"arn:aws:lambda:{REGION}:123456789012:function:missing"
        # Lambda's UntagResource sends its keys in the query string, which cannot hold a lone surrogate
        failed = client("resourcegroupstaggingapi").untag_resources(ResourceARNList=[function, queue], TagKeys=["a", "b\ud800"])["FailedResourcesMap"]
        assert list(failed) == [function]
        assert failed[function]["ErrorCode"] == "InvalidParameterException"
        assert "Tags" not in sqs.list_queue_tags(QueueUrl=url)
