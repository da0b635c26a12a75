"""Tags through both tag APIs, and resource policies."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def arn(kinesis):
    kinesis.create_stream(StreamName="s", ShardCount=1, Tags={"team": "a"})
    return kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]["StreamARN"]


def test_both_tag_apis_see_the_same_tags(kinesis, arn):
    kinesis.add_tags_to_stream(StreamName="s", Tags={"env": "dev", "cost": "1"})
    kinesis.tag_resource(ResourceARN=arn, Tags={"owner": "me"})
    expected = [{"Key": "cost", "Value": "1"}, {"Key": "env", "Value": "dev"}, {"Key": "owner", "Value": "me"}, {"Key": "team", "Value": "a"}]
    assert kinesis.list_tags_for_stream(StreamARN=arn)["Tags"] == expected
    assert kinesis.list_tags_for_resource(ResourceARN=arn)["Tags"] == expected
    page = kinesis.list_tags_for_stream(StreamName="s", Limit=2, ExclusiveStartTagKey="cost")
    assert (page["Tags"], page["HasMoreTags"]) == (expected[1:3], True)
    kinesis.remove_tags_from_stream(StreamName="s", TagKeys=["env"])
    kinesis.untag_resource(ResourceARN=arn, TagKeys=["owner", "absent"])
    assert kinesis.list_tags_for_stream(StreamName="s")["Tags"] == [{"Key": "cost", "Value": "1"}, {"Key": "team", "Value": "a"}]


def test_tag_refusals(kinesis, arn):
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.add_tags_to_stream(StreamName="s", Tags={"aws:x": "1"})
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.tag_resource(ResourceARN=arn, Tags={f"k{i}": "v" for i in range(50)})
    assert kinesis.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "team", "Value": "a"}]
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        kinesis.list_tags_for_resource(ResourceARN=arn + "x")


def test_consumers_carry_tags(kinesis, arn):
    consumer = kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="c", Tags={"a": "1"})["Consumer"]["ConsumerARN"]
    kinesis.tag_resource(ResourceARN=consumer, Tags={"b": "2"})
    assert kinesis.list_tags_for_resource(ResourceARN=consumer)["Tags"] == [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]


def test_resource_policy_crud(kinesis, arn):
    assert kinesis.get_resource_policy(ResourceARN=arn)["Policy"] == "{}"
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kinesis:PutRecord", "Resource": arn}]})
    kinesis.put_resource_policy(ResourceARN=arn, Policy=policy)
    assert kinesis.get_resource_policy(ResourceARN=arn)["Policy"] == policy
    kinesis.delete_resource_policy(ResourceARN=arn)
    assert kinesis.get_resource_policy(ResourceARN=arn)["Policy"] == "{}"
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException) as info:
        kinesis.delete_resource_policy(ResourceARN=arn)
    assert info.value.response["Error"]["Message"] == f"No resource policy found for resource ARN {arn}."
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.put_resource_policy(ResourceARN=arn, Policy="not json")
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException) as info:
        kinesis.get_resource_policy(ResourceARN=arn + "x")
    assert info.value.response["Error"]["Message"] == f"Stream {arn}x under account 123456789012 not found."
