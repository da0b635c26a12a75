"""Hostile values (JSON nested past any parser's depth, lone surrogates) and AWS's
quotas (shards, tags, reserved tag keys) get AWS's answers, and change nothing."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from eventmock import register_lambda

DEEP_OBJECT = '{"a":' * 3000 + "1" + "}" * 3000
DEEP_LIST = "[" * 5000 + "]" * 5000
LONE = "a\ud800"


def _error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    response: dict[str, Any] = info.value.response
    return {"status": response["ResponseMetadata"]["HTTPStatusCode"], **response["Error"]}


@pytest.fixture
def sqs(client_for: Any) -> Any:
    return client_for("sqs")


@pytest.fixture
def queue(sqs: Any) -> str:
    url: str = sqs.create_queue(QueueName="q")["QueueUrl"]
    return url


# -- deep JSON ---------------------------------------------------------------------------


def test_deep_event_bus_policy_is_invalid_json(client_for: Any) -> None:
    events = client_for("events")
    error = _error(events.put_permission, Policy=DEEP_OBJECT)
    assert (error["status"], error["Code"], error["Message"]) == (400, "ValidationException", "This policy contains invalid Json")
    assert "Policy" not in events.describe_event_bus()


@pytest.mark.parametrize("attribute", ["Policy", "RedrivePolicy", "RedriveAllowPolicy"])
def test_deep_sqs_policies_are_invalid_attribute_values(sqs: Any, queue: str, attribute: str) -> None:
    error = _error(sqs.set_queue_attributes, QueueUrl=queue, Attributes={attribute: DEEP_OBJECT})
    assert (error["status"], error["Code"]) == (400, "InvalidAttributeValue")
    assert error["Message"].startswith(f"Invalid value for the parameter {attribute}.")
    assert attribute not in sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]


def test_deep_event_detail_is_malformed(client_for: Any) -> None:
    events = client_for("events")
    answer = events.put_events(Entries=[{"Source": "a", "DetailType": "t", "Detail": '{"x":' + DEEP_LIST + "}"}])
    assert answer["FailedEntryCount"] == 1
    assert answer["Entries"][0]["ErrorCode"] == "MalformedDetail"


def test_deep_lambda_payload_is_invalid_request_content(eventmock: Any, client_for: Any) -> None:
    register_lambda("arn:aws:lambda:us-east-1:123456789012:function:fn", lambda event, context: event)
    error = _error(client_for("lambda").invoke, FunctionName="fn", Payload=DEEP_LIST.encode())
    assert (error["status"], error["Code"]) == (400, "InvalidRequestContentException")


# -- lone surrogates ---------------------------------------------------------------------


def test_sqs_refuses_a_lone_surrogate_in_a_body(sqs: Any, queue: str) -> None:
    error = _error(sqs.send_message, QueueUrl=queue, MessageBody=LONE)
    assert (error["status"], error["Code"]) == (400, "InvalidMessageContents")
    assert error["Message"].startswith("Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF")
    answer = sqs.send_message_batch(QueueUrl=queue, Entries=[{"Id": "1", "MessageBody": LONE}])
    assert [(f["Id"], f["Code"], f["SenderFault"]) for f in answer["Failed"]] == [("1", "InvalidMessageContents", True)]
    assert "Messages" not in sqs.receive_message(QueueUrl=queue)


def test_kinesis_hashes_a_lone_surrogate_as_java_encodes_it(client_for: Any) -> None:
    kinesis = client_for("kinesis")
    kinesis.create_stream(StreamName="s", ShardCount=2)
    shards = kinesis.list_shards(StreamName="s")["Shards"]
    shard = kinesis.put_record(StreamName="s", Data=b"x", PartitionKey=LONE)["ShardId"]
    hashed = int.from_bytes(hashlib.md5(b"a?").digest(), "big")  # an unpaired surrogate is "?" in Java's UTF-8
    [expected] = [s["ShardId"] for s in shards if int(s["HashKeyRange"]["StartingHashKey"]) <= hashed <= int(s["HashKeyRange"]["EndingHashKey"])]
    assert shard == expected
    answer = kinesis.put_records(StreamName="s", Records=[{"Data": b"y", "PartitionKey": LONE}])
    assert answer["FailedRecordCount"] == 0


def test_events_accepts_lone_surrogates_in_source_and_resources(client_for: Any) -> None:
    events = client_for("events")
    answer = events.put_events(Entries=[{"Source": LONE, "DetailType": "t", "Detail": "{}", "Resources": [LONE]}])
    assert answer["FailedEntryCount"] == 0


# -- quotas ------------------------------------------------------------------------------


def test_kinesis_shard_quota(client_for: Any) -> None:
    kinesis = client_for("kinesis")
    kinesis.create_stream(StreamName="a", ShardCount=400)
    error = _error(kinesis.create_stream, StreamName="b", ShardCount=101)
    assert (error["status"], error["Code"]) == (400, "LimitExceededException")
    assert error["Message"].startswith(
        "This request would exceed the shard limit for the account 123456789012 in us-east-1. "
        "Current shard count for the account: 400. Limit: 500. Number of additional shards that would have resulted from this request: 101."
    )
    kinesis.create_stream(StreamName="c", ShardCount=100)
    assert sorted(kinesis.list_streams()["StreamNames"]) == ["a", "c"]
    error = _error(kinesis.create_stream, StreamName="d", ShardCount=2**31 - 1)
    assert error["Code"] == "LimitExceededException"


def test_kinesis_shard_quota_is_200_in_smaller_regions(client_for: Any) -> None:
    kinesis = client_for("kinesis", region="eu-central-1")
    assert _error(kinesis.create_stream, StreamName="a", ShardCount=201)["Code"] == "LimitExceededException"
    kinesis.create_stream(StreamName="a", ShardCount=200)


def test_kinesis_tags_on_creation(client_for: Any) -> None:
    kinesis = client_for("kinesis")
    error = _error(kinesis.create_stream, StreamName="s", ShardCount=1, Tags={f"k{i}": "v" for i in range(51)})
    assert (error["status"], error["Code"]) == (400, "InvalidArgumentException")
    error = _error(kinesis.create_stream, StreamName="s", ShardCount=1, Tags={"AWS:owner": "me"})
    assert error["Code"] == "InvalidArgumentException"
    assert kinesis.list_streams()["StreamNames"] == []
    kinesis.create_stream(StreamName="s", ShardCount=1, Tags={f"k{i}": "v" for i in range(50)})


def test_sqs_queue_has_at_most_50_tags(sqs: Any, queue: str) -> None:
    sqs.tag_queue(QueueUrl=queue, Tags={f"k{i}": "v" for i in range(49)})
    sqs.tag_queue(QueueUrl=queue, Tags={"k0": "changed", "k49": "v"})
    error = _error(sqs.tag_queue, QueueUrl=queue, Tags={"one-more": "v"})
    assert (error["status"], error["Code"], error["Message"]) == (400, "InvalidParameterValue", "Too many tags added for queue q.")
    assert len(sqs.list_queue_tags(QueueUrl=queue)["Tags"]) == 50
    error = _error(sqs.create_queue, QueueName="other", tags={f"k{i}": "v" for i in range(51)})
    assert error["Message"] == "Too many tags added for queue other."


def test_events_refuses_reserved_tag_keys(client_for: Any) -> None:
    events = client_for("events")
    arn = events.put_rule(Name="r", ScheduleExpression="rate(1 hour)")["RuleArn"]
    error = _error(events.tag_resource, ResourceARN=arn, Tags=[{"Key": "aws:cloudformation:stack-name", "Value": "x"}])
    assert (error["status"], error["Code"]) == (400, "ValidationException")
    assert events.list_tags_for_resource(ResourceARN=arn)["Tags"] == []
    error = _error(events.create_event_bus, Name="b", Tags=[{"Key": "Aws:x", "Value": "x"}])
    assert error["Code"] == "ValidationException"
    assert [b["Name"] for b in events.list_event_buses()["EventBuses"]] == ["default"]


def test_dataexchange_refuses_reserved_tag_keys(client_for: Any) -> None:
    dx = client_for("dataexchange")
    error = _error(dx.create_data_set, AssetType="S3_SNAPSHOT", Description="d", Name="n", Tags={"aws:x": "y"})
    assert (error["status"], error["Code"]) == (400, "ValidationException")
    assert dx.list_data_sets()["DataSets"] == []
    arn = dx.create_data_set(AssetType="S3_SNAPSHOT", Description="d", Name="n")["Arn"]
    assert _error(dx.tag_resource, ResourceArn=arn, Tags={"aws:x": "y"})["Code"] == "ValidationException"
    assert dx.list_tags_for_resource(ResourceArn=arn).get("Tags", {}) == {}


def test_json_dumps_of_the_deep_values_is_never_needed() -> None:
    # the hostile values above really are beyond Python's default recursion limit
    with pytest.raises(RecursionError):
        json.loads(DEEP_OBJECT)


# -- memory --------------------------------------------------------------------------------


def test_the_delivery_record_keeps_the_latest_matches(eventmock: Any, client_for: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTMOCK_RECORD_LIMIT", "20")
    events, sqs = client_for("events"), client_for("sqs")
    sqs.create_queue(QueueName="sink")
    events.put_rule(Name="r", EventPattern=json.dumps({"source": ["s"]}))
    events.put_targets(Rule="r", Targets=[{"Id": "q", "Arn": "arn:aws:sqs:us-east-1:123456789012:sink"}])
    for n in range(30):
        events.put_events(Entries=[{"Source": "s", "DetailType": "t", "Detail": json.dumps({"n": n})}])
    record = eventmock.backend("events").deliveries
    assert [d.event["detail"]["n"] for d in record] == list(range(10, 30))


def test_an_old_receipt_handle_still_deletes_from_a_standard_queue(sqs: Any, queue: str) -> None:
    sqs.send_message(QueueUrl=queue, MessageBody="m")
    handles = []
    for _ in range(5):
        [message] = sqs.receive_message(QueueUrl=queue, VisibilityTimeout=0)["Messages"]
        handles.append(message["ReceiptHandle"])
    assert len(set(handles)) == 5
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=handles[0])
    assert "Messages" not in sqs.receive_message(QueueUrl=queue)
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=handles[-1])  # deleted already: accepted, as AWS does


def test_kinesis_refuses_a_record_over_its_size_limit(client_for: Any) -> None:
    kinesis = client_for("kinesis")
    data = kinesis.meta.service_model.operation_model("PutRecord").input_shape.members["Data"]
    if data.metadata.get("max") != 10 * 1024 * 1024:  # 1 MiB until AWS raised it (botocore 1.40 and older)
        pytest.skip("this botocore's Kinesis model has the old 1 MiB record limit")
    # the model's 10 MiB; a stream takes that much only when told (MaxRecordSizeInKiB,
    # 1 MiB by default), and counts the partition key too
    kinesis.create_stream(StreamName="s", ShardCount=1, MaxRecordSizeInKiB=10240)
    error = _error(kinesis.put_record, StreamName="s", Data=b"x" * (10 * 1024 * 1024 + 1), PartitionKey="p")
    assert (error["status"], error["Code"]) == (400, "ValidationException")
    assert error["Message"] == (
        "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=10485761 cap=10485761]' at 'data' "
        "failed to satisfy constraint: Member must have length less than or equal to 10485760"
    )
    kinesis.put_record(StreamName="s", Data=b"x" * (10 * 1024 * 1024 - 1), PartitionKey="p")


def test_firehose_refuses_a_record_over_its_size_limit(client_for: Any) -> None:
    client_for("s3").create_bucket(Bucket="lake")
    firehose = client_for("firehose")
    firehose.create_delivery_stream(
        DeliveryStreamName="d",
        ExtendedS3DestinationConfiguration={"RoleARN": "arn:aws:iam::123456789012:role/r", "BucketARN": "arn:aws:s3:::lake"},
    )
    error = _error(firehose.put_record, DeliveryStreamName="d", Record={"Data": b"x" * 1_024_001})
    assert (error["status"], error["Code"]) == (400, "ValidationException")
    assert error["Message"] == (
        "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1024001 cap=1024001]' at 'record.data' "
        "failed to satisfy constraint: Member must have length less than or equal to 1024000"
    )


def test_s3_refuses_an_encoding_type_it_does_not_know(client_for: Any) -> None:
    s3 = client_for("s3")
    s3.create_bucket(Bucket="listing")
    for operation in (s3.list_objects, s3.list_objects_v2):
        error = _error(operation, Bucket="listing", EncodingType="base64")
        assert (error["status"], error["Code"], error["Message"]) == (400, "InvalidArgument", "Invalid Encoding Method specified in Request")
        assert error["ArgumentName"] == "encoding-type"
    assert s3.list_objects_v2(Bucket="listing", EncodingType="url")["KeyCount"] == 0
