"""SNS over eventmock's HTTP server: the query protocol on the wire, end to end."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import boto3
import pytest
from botocore.exceptions import ClientError


def _client(service: str, endpoint: str):
    return boto3.client(service, endpoint_url=endpoint, region_name="eu-west-1", aws_access_key_id="111122223333", aws_secret_access_key="x")


def test_a_topic_fans_out_to_a_queue_over_http(endpoint):
    sns, sqs = _client("sns", endpoint), _client("sqs", endpoint)
    topic = sns.create_topic(Name="orders", Tags=[{"Key": "team", "Value": "shop"}])["TopicArn"]
    assert topic == "arn:aws:sns:eu-west-1:111122223333:orders"
    url = sqs.create_queue(QueueName="inbox")["QueueUrl"]
    queue = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    subscription = sns.subscribe(
        TopicArn=topic, Protocol="sqs", Endpoint=queue, Attributes={"FilterPolicy": json.dumps({"kind": ["paid"]})}
    )["SubscriptionArn"]
    sns.publish(TopicArn=topic, Message="skipped", MessageAttributes={"kind": {"DataType": "String", "StringValue": "open"}})
    response = sns.publish_batch(
        TopicArn=topic,
        PublishBatchRequestEntries=[
            {"Id": "a", "Message": "paid order", "Subject": "Order", "MessageAttributes": {"kind": {"DataType": "String", "StringValue": "paid"}}}
        ],
    )
    assert [s["Id"] for s in response["Successful"]] == ["a"]
    [message] = sqs.receive_message(QueueUrl=url)["Messages"]
    envelope = json.loads(message["Body"])
    assert (envelope["Message"], envelope["Subject"]) == ("paid order", "Order")
    assert envelope["UnsubscribeURL"] == f"{endpoint}/?Action=Unsubscribe&SubscriptionArn={subscription}"
    attributes = sns.get_subscription_attributes(SubscriptionArn=subscription)["Attributes"]
    assert attributes["FilterPolicy"] == json.dumps({"kind": ["paid"]})
    assert sns.list_tags_for_resource(ResourceArn=topic)["Tags"] == [{"Key": "team", "Value": "shop"}]
    with pytest.raises(ClientError) as info:
        sns.get_topic_attributes(TopicArn=topic + "-gone")
    assert info.value.response["Error"] == {"Type": "Sender", "Code": "NotFound", "Message": "Topic does not exist"}
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


@pytest.mark.skipif(importlib.util.find_spec("awscli") is None, reason="the AWS CLI (awscli) is not installed")
def test_the_aws_cli_publishes_through_the_server(endpoint, tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "AWS_ACCESS_KEY_ID": "111122223333",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-1",
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }

    def cli(*args: str):
        command = [sys.executable, "-m", "awscli", "--endpoint-url", endpoint, "--output", "json", *args]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if done.stdout.strip() else None

    sqs = _client("sqs", endpoint)
    url = sqs.create_queue(QueueName="cli")["QueueUrl"]
    topic = cli("sns", "create-topic", "--name", "cli-topic", "--attributes", "DisplayName=From the CLI")["TopicArn"]
    _client("sns", endpoint).subscribe(TopicArn=topic, Protocol="sqs", Endpoint="arn:aws:sqs:eu-west-1:111122223333:cli")
    published = cli("sns", "publish", "--topic-arn", topic, "--message", "hello", "--message-attributes", '{"k": {"DataType": "String", "StringValue": "v"}}')
    [message] = sqs.receive_message(QueueUrl=url)["Messages"]
    envelope = json.loads(message["Body"])
    assert (envelope["MessageId"], envelope["Message"], envelope["MessageAttributes"]) == (
        published["MessageId"], "hello", {"k": {"Type": "String", "Value": "v"}}
    )
    assert cli("sns", "get-topic-attributes", "--topic-arn", topic)["Attributes"]["DisplayName"] == "From the CLI"
