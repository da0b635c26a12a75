"""SNS fan-out with filter policies: one topic, two SQS queues, each subscription with
its own filter policy (one on message attributes, one on the message body).

    python examples/sns_fan_out.py
"""

from __future__ import annotations

import json

import boto3

from eventmock import mock_aws

REGION = "us-east-1"


def main() -> None:
    with mock_aws() as aws:
        sns = boto3.client("sns", region_name=REGION)
        sqs = boto3.client("sqs", region_name=REGION)
        topic_arn = sns.create_topic(Name="orders")["TopicArn"]

        def queue(name: str) -> tuple[str, str]:
            url = sqs.create_queue(QueueName=name)["QueueUrl"]
            arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            return url, arn

        eu_url, eu_arn = queue("eu-orders")
        big_url, big_arn = queue("big-orders")

        # filter on a message attribute (the default scope); SNS's JSON envelope
        sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=eu_arn,
                      Attributes={"FilterPolicy": json.dumps({"region": ["eu-west-1", "eu-central-1"]})})
        # filter on the body; the raw message, without the envelope
        sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=big_arn,
                      Attributes={"FilterPolicy": json.dumps({"total": [{"numeric": [">=", 100]}]}),
                                  "FilterPolicyScope": "MessageBody", "RawMessageDelivery": "true"})

        def publish(order: dict[str, object], region: str) -> None:
            sns.publish(TopicArn=topic_arn, Message=json.dumps(order),
                        MessageAttributes={"region": {"DataType": "String", "StringValue": region}})

        publish({"id": "o-1", "total": 250}, "eu-west-1")   # both queues
        publish({"id": "o-2", "total": 20}, "eu-central-1")  # eu-orders only
        publish({"id": "o-3", "total": 500}, "us-east-1")    # big-orders only
        publish({"id": "o-4", "total": 5}, "ap-south-1")     # neither

        eu = sqs.receive_message(QueueUrl=eu_url, MaxNumberOfMessages=10)["Messages"]
        envelopes = sorted((json.loads(m["Body"]) for m in eu), key=lambda e: json.loads(e["Message"])["id"])
        assert [json.loads(e["Message"])["id"] for e in envelopes] == ["o-1", "o-2"]  # a standard queue: any order
        assert {e["Type"] for e in envelopes} == {"Notification"} and envelopes[0]["TopicArn"] == topic_arn
        assert envelopes[0]["MessageAttributes"]["region"] == {"Type": "String", "Value": "eu-west-1"}

        big = sqs.receive_message(QueueUrl=big_url, MaxNumberOfMessages=10)["Messages"]
        assert sorted(json.loads(m["Body"])["id"] for m in big) == ["o-1", "o-3"]
        # or read a queue without boto3
        assert [m.json()["id"] for m in aws.sqs.messages(big_arn)] == ["o-1", "o-3"]
    print("sns_fan_out: eu-orders got o-1 and o-2, big-orders got o-1 and o-3, o-4 went nowhere")


if __name__ == "__main__":
    main()
