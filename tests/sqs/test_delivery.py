"""Delivery into SQS from other services (``SqsBackend._deliver``), and reading a queue
without boto3 (``aws.sqs.messages``)."""

from __future__ import annotations

import json

import boto3
import pytest
from sqs_support import attribute, counts

from eventmock.core.errors import EventmockError, ServiceError

ARN = "arn:aws:sqs:us-east-1:123456789012:jobs"


def test_deliver_enqueues_as_send_message_would(eventmock, sqs, queue):
    attributes = {"RULE_ARN": {"DataType": "String", "StringValue": "arn:aws:events:us-east-1:123456789012:rule/r"}}
    message_id = eventmock.backend("sqs")._deliver(ARN, '{"n": 1}', attributes=attributes)
    [message] = sqs.receive_message(QueueUrl=queue, MessageAttributeNames=["All"], AttributeNames=["SenderId"])["Messages"]
    assert (message["MessageId"], message["Body"], message["MessageAttributes"]) == (message_id, '{"n": 1}', attributes)
    assert message["Attributes"] == {"SenderId": "123456789012"}


def test_deliver_reaches_a_queue_of_another_account_and_region(eventmock, client):
    other = client("eu-west-1", "111122223333")
    url = other.create_queue(QueueName="far")["QueueUrl"]
    eventmock.backend("sqs")._deliver("arn:aws:sqs:eu-west-1:111122223333:far", "hello")
    assert [m["Body"] for m in other.receive_message(QueueUrl=url)["Messages"]] == ["hello"]


def test_deliver_to_a_fifo_queue_needs_a_group_and_deduplicates(eventmock, sqs, fifo):
    backend = eventmock.backend("sqs")
    with pytest.raises(ServiceError) as info:
        backend._deliver(ARN + ".fifo", "no group", deduplication_id="d")
    assert (info.value.code, info.value.query_code) == ("MissingRequiredParameterException", "MissingParameter")
    first = backend._deliver(ARN + ".fifo", "event", message_group_id="g", deduplication_id="event-id")
    assert backend._deliver(ARN + ".fifo", "event", message_group_id="g", deduplication_id="event-id") == first
    assert counts(sqs, fifo) == (1, 0, 0)


def test_deliver_to_a_missing_queue_raises_queue_does_not_exist(eventmock):
    with pytest.raises(ServiceError) as info:
        eventmock.backend("sqs")._deliver(ARN, "lost")
    assert (info.value.code, info.value.query_code) == ("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue")


def test_an_eventbridge_rule_delivers_into_the_queue(eventmock, botocore_session, sqs, queue):
    events = boto3.session.Session(botocore_session=botocore_session).client("events", region_name="us-east-1")
    events.put_rule(Name="orders", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="orders", Targets=[{"Id": "q", "Arn": attribute(sqs, queue, "QueueArn")}])
    events.put_events(Entries=[{"Source": "shop", "DetailType": "order", "Detail": json.dumps({"id": 7})}])
    [message] = sqs.receive_message(QueueUrl=queue)["Messages"]
    assert json.loads(message["Body"])["detail"] == {"id": 7}
    assert [m.json()["detail"] for m in eventmock.sqs.messages(queue)] == [{"id": 7}]


def test_messages_lists_the_queue_in_order_without_receiving(eventmock, sqs, queue):
    for i in range(3):
        sqs.send_message(QueueUrl=queue, MessageBody=json.dumps({"n": i}), MessageAttributes={"i": {"DataType": "Number", "StringValue": str(i)}})
    [received] = sqs.receive_message(QueueUrl=queue)["Messages"]
    view = eventmock.sqs.messages(ARN)
    assert [m.json() for m in view] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert [m.in_flight for m in view] == [True, False, False]
    assert view[0].message_id == received["MessageId"]
    assert view[1].message_attributes == {"i": {"DataType": "Number", "StringValue": "1"}}
    assert [m.attributes["ApproximateReceiveCount"] for m in view] == ["1", "0", "0"]
    assert eventmock.sqs.messages(queue) == view  # by URL too
    # Reading changed nothing: the others are still there to receive, once each.
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]] == ['{"n": 1}', '{"n": 2}']
    assert [m.attributes["ApproximateReceiveCount"] for m in eventmock.sqs.messages(ARN)] == ["1", "1", "1"]
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=received["ReceiptHandle"])
    assert [m.json()["n"] for m in eventmock.sqs.messages(ARN)] == [1, 2]


def test_the_view_is_a_copy(eventmock, sqs, queue):
    sqs.send_message(QueueUrl=queue, MessageBody="m", MessageAttributes={"a": {"DataType": "String", "StringValue": "v"}})
    [message] = eventmock.sqs.messages(ARN)
    message.message_attributes["a"]["StringValue"] = "changed"
    message.attributes["SenderId"] = "someone"
    [again] = sqs.receive_message(QueueUrl=queue, MessageAttributeNames=["All"], AttributeNames=["SenderId"])["Messages"]
    assert again["MessageAttributes"]["a"]["StringValue"] == "v"
    assert again["Attributes"]["SenderId"] == "123456789012"


def test_the_view_refuses_what_is_not_a_queue(eventmock, queue):
    for name in ("arn:aws:sqs:us-east-1:123456789012:missing", "arn:aws:kinesis:us-east-1:123456789012:stream/s", "nonsense"):
        with pytest.raises(EventmockError):
            eventmock.sqs.messages(name)
