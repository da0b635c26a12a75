"""An EventBridge pipe: SQS -> filter -> input template -> Lambda. The pipe consumes the
queue on the mock's clock, before the next call is answered; messages its filter
rejects are deleted, as AWS deletes them.

    python examples/pipe_sqs_to_lambda.py
"""

from __future__ import annotations

import json
from typing import Any

import boto3

import eventmock
from eventmock import mock_aws

REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/pipe"
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:ship-order"


def main() -> None:
    with mock_aws() as aws:
        sqs = boto3.client("sqs", region_name=REGION)
        pipes = boto3.client("pipes", region_name=REGION)
        queue_url = sqs.create_queue(QueueName="incoming")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

        batches: list[Any] = []
        eventmock.register_lambda(FUNCTION, lambda event, context: batches.append(event))

        pipe_arn = pipes.create_pipe(
            Name="orders", RoleArn=ROLE, Source=queue_arn, Target=FUNCTION,
            SourceParameters={"FilterCriteria": {"Filters": [{"Pattern": json.dumps({"body": {"kind": ["order"]}})}]}},
            TargetParameters={"InputTemplate": '{"order": <$.body.id>, "pipe": "<aws.pipes.pipe-name>"}'},
        )["Arn"]
        assert pipes.describe_pipe(Name="orders")["CurrentState"] == "RUNNING"  # by the next call

        sqs.send_message_batch(QueueUrl=queue_url, Entries=[
            {"Id": "1", "MessageBody": json.dumps({"kind": "order", "id": 7})},
            {"Id": "2", "MessageBody": json.dumps({"kind": "refund", "id": 8})},
            {"Id": "3", "MessageBody": json.dumps({"kind": "order", "id": 9})},
        ])
        # the next call (any call) lets the pipe read: the function gets one batch, as a
        # JSON array, and the queue is empty (the refund was filtered out and deleted)
        attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
        assert attributes["ApproximateNumberOfMessages"] == "0"
        assert attributes["ApproximateNumberOfMessagesNotVisible"] == "0"
        assert batches == [[{"order": 7, "pipe": "orders"}, {"order": 9, "pipe": "orders"}]]
        assert aws.pipes.deliveries(pipe_arn) == batches

        # a stopped pipe reads nothing; started again, it reads what waited
        pipes.stop_pipe(Name="orders")
        sqs.send_message(QueueUrl=queue_url, MessageBody=json.dumps({"kind": "order", "id": 10}))
        assert pipes.describe_pipe(Name="orders")["CurrentState"] == "STOPPED"
        assert len(batches) == 1
        pipes.start_pipe(Name="orders")
        assert pipes.describe_pipe(Name="orders")["CurrentState"] == "RUNNING"  # and it has read
        assert batches[-1] == [{"order": 10, "pipe": "orders"}]
    print("pipe_sqs_to_lambda: orders 7 and 9 in one batch, the refund filtered out, order 10 after a restart")


if __name__ == "__main__":
    main()
