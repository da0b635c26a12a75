"""Firehose tags: TagDeliveryStream, UntagDeliveryStream, ListTagsForDeliveryStream."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

ROLE = "arn:aws:iam::123456789012:role/firehose-delivery"
BUCKET_ARN = "arn:aws:s3:::lake"


def create(firehose, name="events", **extra):
    return firehose.create_delivery_stream(
        DeliveryStreamName=name, ExtendedS3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": BUCKET_ARN}, **extra
    )


def test_tags_given_at_create_are_listed_and_tagging_adds_and_replaces(firehose):
    create(firehose, Tags=[{"Key": "team", "Value": "data"}, {"Key": "bare"}])
    listed = firehose.list_tags_for_delivery_stream(DeliveryStreamName="events")
    assert listed["Tags"] == [{"Key": "bare"}, {"Key": "team", "Value": "data"}]
    assert listed["HasMoreTags"] is False
    firehose.tag_delivery_stream(DeliveryStreamName="events", Tags=[{"Key": "team", "Value": "ops"}, {"Key": "env", "Value": "dev"}])
    firehose.untag_delivery_stream(DeliveryStreamName="events", TagKeys=["bare", "never-there"])
    assert firehose.list_tags_for_delivery_stream(DeliveryStreamName="events")["Tags"] == [
        {"Key": "env", "Value": "dev"},
        {"Key": "team", "Value": "ops"},
    ]


def test_tags_are_paginated_by_exclusive_start_key_and_limit(firehose):
    create(firehose, Tags=[{"Key": f"k{i}", "Value": str(i)} for i in range(5)])
    first = firehose.list_tags_for_delivery_stream(DeliveryStreamName="events", Limit=2)
    assert ([t["Key"] for t in first["Tags"]], first["HasMoreTags"]) == (["k0", "k1"], True)
    rest = firehose.list_tags_for_delivery_stream(DeliveryStreamName="events", ExclusiveStartTagKey="k1", Limit=3)
    assert ([t["Key"] for t in rest["Tags"]], rest["HasMoreTags"]) == (["k2", "k3", "k4"], False)


def test_a_stream_holds_at_most_50_tags_and_a_refused_call_changes_nothing(firehose):
    create(firehose, Tags=[{"Key": f"k{i:02d}", "Value": "v"} for i in range(49)])
    firehose.tag_delivery_stream(DeliveryStreamName="events", Tags=[{"Key": "k00", "Value": "again"}, {"Key": "last", "Value": "v"}])
    with pytest.raises(firehose.exceptions.LimitExceededException) as info:
        firehose.tag_delivery_stream(DeliveryStreamName="events", Tags=[{"Key": "one-more", "Value": "v"}])
    assert "50" in info.value.response["Error"]["Message"]
    tags = firehose.list_tags_for_delivery_stream(DeliveryStreamName="events")["Tags"]
    assert len(tags) == 50 and {"Key": "k00", "Value": "again"} in tags
    assert all(t["Key"] != "one-more" for t in tags)


@pytest.mark.parametrize(
    ("operation", "params", "path"),
    [
        ("tag_delivery_stream", {"Tags": [{"Key": "aws:owner", "Value": "v"}]}, "tags.1.member.key"),
        ("untag_delivery_stream", {"TagKeys": ["aws:owner"]}, "tagKeys.1.member"),
    ],
)
def test_keys_with_the_aws_prefix_are_refused(firehose, operation, params, path):
    create(firehose)
    with pytest.raises(ClientError) as info:
        getattr(firehose, operation)(DeliveryStreamName="events", **params)
    error = info.value.response["Error"]
    assert error["Code"] == "ValidationException"
    assert error["Message"] == (
        f"1 validation error detected: Value 'aws:owner' at '{path}' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: ^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@%]*$"
    )
    assert firehose.list_tags_for_delivery_stream(DeliveryStreamName="events")["Tags"] == []


@pytest.mark.parametrize(
    ("operation", "params"),
    [
        ("tag_delivery_stream", {"Tags": [{"Key": "k", "Value": "v"}]}),
        ("untag_delivery_stream", {"TagKeys": ["k"]}),
        ("list_tags_for_delivery_stream", {}),
    ],
)
def test_tagging_an_unknown_stream_is_resource_not_found(firehose, operation, params):
    with pytest.raises(firehose.exceptions.ResourceNotFoundException) as info:
        getattr(firehose, operation)(DeliveryStreamName="nope", **params)
    assert info.value.response["Error"]["Message"] == "Firehose nope under account 123456789012 not found."
