"""EventBridge to SQS and Lambda: a rule on a custom bus delivers matching events to a
queue and to a function, in-process, as AWS would.

Needs only eventmock (and boto3): `pip install .` then

    python examples/eventbridge_to_sqs.py
"""

from __future__ import annotations

import json

import boto3

import eventmock
from eventmock import mock_aws

REGION = "us-east-1"
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:bill-order"


def main() -> None:
    with mock_aws() as aws:
        events = boto3.client("events", region_name=REGION)
        sqs = boto3.client("sqs", region_name=REGION)

        queue_url = sqs.create_queue(QueueName="big-orders")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

        # a Lambda function is a Python callable bound to its ARN
        billed = []
        eventmock.register_lambda(FUNCTION, lambda event, context: billed.append(event["detail"]["id"]))

        # a custom bus; one rule for orders over 100, one for every order
        events.create_event_bus(Name="shop")
        events.put_rule(
            Name="big-orders",
            EventBusName="shop",
            EventPattern=json.dumps({"source": ["shop.orders"], "detail": {"total": [{"numeric": [">", 100]}]}}),
        )
        events.put_targets(Rule="big-orders", EventBusName="shop", Targets=[{"Id": "queue", "Arn": queue_arn}])
        events.put_rule(Name="all-orders", EventBusName="shop", EventPattern=json.dumps({"source": ["shop.orders"]}))
        events.put_targets(Rule="all-orders", EventBusName="shop", Targets=[{"Id": "billing", "Arn": FUNCTION}])

        answer = events.put_events(
            Entries=[
                {"EventBusName": "shop", "Source": "shop.orders", "DetailType": "OrderPlaced",
                 "Detail": json.dumps({"id": "o-1", "total": 250})},
                {"EventBusName": "shop", "Source": "shop.orders", "DetailType": "OrderPlaced",
                 "Detail": json.dumps({"id": "o-2", "total": 20})},
            ]
        )
        assert answer["FailedEntryCount"] == 0

        # the queue has the big order, in EventBridge's envelope
        [message] = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
        event = json.loads(message["Body"])
        assert event["source"] == "shop.orders" and event["detail-type"] == "OrderPlaced"
        assert event["detail"] == {"id": "o-1", "total": 250}
        assert event["resources"] == [] and event["account"] == "123456789012"
        # the function saw both orders, synchronously, before put_events returned
        assert billed == ["o-1", "o-2"]
        # nothing failed to deliver
        assert aws.backend("events").failed_deliveries == []
    print("eventbridge_to_sqs: o-1 reached the queue, o-1 and o-2 the function")


if __name__ == "__main__":
    main()
