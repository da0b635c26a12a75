"""EventBridge rules with SNS topic targets: the topic fans the event out."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError
from sns_support import bodies, envelopes

ACCOUNT = "123456789012"


@pytest.fixture
def events(client_for):
    return client_for("events")


def _put(events, detail, detail_type="Order Placed"):
    result = events.put_events(Entries=[{"Source": "shop", "DetailType": detail_type, "Detail": json.dumps(detail)}])
    assert result["FailedEntryCount"] == 0


def test_eventbridge_to_sns_to_sqs_with_a_filter_policy(sns, sqs, events, topic, make_queue):
    big_url, big = make_queue("big-orders")
    all_url, everything = make_queue("all-orders")
    policy = {"detail": {"total": [{"numeric": [">=", 100]}]}}
    sns.subscribe(
        TopicArn=topic, Protocol="sqs", Endpoint=big,
        Attributes={"FilterPolicy": json.dumps(policy), "FilterPolicyScope": "MessageBody", "RawMessageDelivery": "true"},
    )  # fmt: skip
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=everything)
    events.put_rule(Name="orders", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="orders", Targets=[{"Id": "topic", "Arn": topic}])
    _put(events, {"id": "small", "total": 5})
    _put(events, {"id": "large", "total": 250})
    assert [json.loads(b)["detail"]["id"] for b in bodies(sqs, big_url)] == ["large"]
    delivered = envelopes(sqs, all_url)
    assert [json.loads(e["Message"])["detail"]["id"] for e in delivered] == ["small", "large"]
    assert all(e["TopicArn"] == topic and "Subject" not in e for e in delivered)


def test_input_transformer_applies_before_the_topic(sns, sqs, events, topic, make_queue):
    url, queue = make_queue()
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue, Attributes={"RawMessageDelivery": "true"})
    events.put_rule(Name="orders", EventPattern=json.dumps({"source": ["shop"]}))
    transformer = {"InputPathsMap": {"id": "$.detail.id"}, "InputTemplate": '"Order <id> placed"'}
    events.put_targets(Rule="orders", Targets=[{"Id": "topic", "Arn": topic, "InputTransformer": transformer}])
    _put(events, {"id": "o-1"})
    assert bodies(sqs, url) == ['"Order o-1 placed"']


def test_a_fifo_topic_target_needs_a_message_group(sns, sqs, events, fifo_topic, make_queue):
    events.put_rule(Name="orders", EventPattern=json.dumps({"source": ["shop"]}))
    with pytest.raises(ClientError) as info:
        events.put_targets(Rule="orders", Targets=[{"Id": "topic", "Arn": fifo_topic}])
    assert info.value.response["Error"]["Message"] == "Parameter(s) SqsParameters must be specified for target: topic."
    sns.set_topic_attributes(TopicArn=fifo_topic, AttributeName="ContentBasedDeduplication", AttributeValue="true")
    url, queue = make_queue("out.fifo", FifoQueue="true")
    sns.subscribe(TopicArn=fifo_topic, Protocol="sqs", Endpoint=queue, Attributes={"RawMessageDelivery": "true"})
    events.put_targets(Rule="orders", Targets=[{"Id": "topic", "Arn": fifo_topic, "SqsParameters": {"MessageGroupId": "orders"}}])
    _put(events, {"id": "o-1"})
    [message] = sqs.receive_message(QueueUrl=url, AttributeNames=["MessageGroupId"])["Messages"]
    assert message["Attributes"]["MessageGroupId"] == "orders"
    assert json.loads(message["Body"])["detail"] == {"id": "o-1"}


def test_a_missing_topic_is_a_failed_delivery(eventmock, events, topic):
    events.put_rule(Name="orders", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="orders", Targets=[{"Id": "topic", "Arn": topic + "-gone"}])
    _put(events, {"id": "o-1"})
    [failure] = eventmock.backend("events").failed_deliveries
    assert (failure.target_arn, failure.code) == (topic + "-gone", "NO_RESOURCE")


def test_an_eventbridge_scheduler_schedule_publishes_to_a_topic(sns, sqs, client_for, topic, make_queue):
    import datetime as dt

    from freezegun import freeze_time

    with freeze_time("2026-06-01T09:00:00Z") as frozen:
        url, queue = make_queue()
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue, Attributes={"RawMessageDelivery": "true"})
        client_for("scheduler").create_schedule(
            Name="hourly",
            ScheduleExpression="rate(1 hour)",
            Target={"Arn": topic, "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/scheduler", "Input": "tick"},
            FlexibleTimeWindow={"Mode": "OFF"},
        )
        frozen.tick(dt.timedelta(minutes=150))
        assert bodies(sqs, url) == ["tick", "tick", "tick"]
