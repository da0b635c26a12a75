"""The X-Ray trace header a message carries: SQS's ``AWSTraceHeader`` system attribute,
set by SendMessage's ``MessageSystemAttributes`` or passed on by EventBridge (an
entry's ``TraceHeader``) and SNS."""

from __future__ import annotations

import json

import boto3
import pytest
from sqs_support import error_of

HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
SYSTEM = {"AWSTraceHeader": {"DataType": "String", "StringValue": HEADER}}


def trace_headers(sqs, url):
    received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["AWSTraceHeader"])["Messages"]
    return [m.get("Attributes", {}).get("AWSTraceHeader") for m in received]


def test_the_trace_header_has_its_own_md5_and_comes_back_on_receive(sqs, queue):
    """As AWS answered (LocalStack's test_system_attributes_have_no_effect_on_attr_md5)."""
    attributes = {"timestamp": {"StringValue": "1493147359900", "DataType": "Number"}}
    plain = sqs.send_message(QueueUrl=queue, MessageBody="test", MessageAttributes=attributes)
    traced = sqs.send_message(QueueUrl=queue, MessageBody="test", MessageAttributes=attributes, MessageSystemAttributes=SYSTEM)
    assert "MD5OfMessageSystemAttributes" not in plain
    assert traced["MD5OfMessageSystemAttributes"] == "5ae4d5d7636402d80f4eb6d213245a88"
    assert traced["MD5OfMessageAttributes"] == plain["MD5OfMessageAttributes"]
    assert trace_headers(sqs, queue) == [None, HEADER]


def test_all_system_attributes_include_the_trace_header(sqs, queue):
    sqs.send_message(QueueUrl=queue, MessageBody="m", MessageSystemAttributes=SYSTEM)
    [message] = sqs.receive_message(QueueUrl=queue, AttributeNames=["All"])["Messages"]
    assert message["Attributes"]["AWSTraceHeader"] == HEADER


def test_a_batch_entry_carries_its_trace_header(sqs, queue):
    sent = sqs.send_message_batch(
        QueueUrl=queue, Entries=[{"Id": "a", "MessageBody": "a", "MessageSystemAttributes": SYSTEM}, {"Id": "b", "MessageBody": "b"}]
    )
    assert [e.get("MD5OfMessageSystemAttributes") for e in sent["Successful"]] == ["5ae4d5d7636402d80f4eb6d213245a88", None]
    assert trace_headers(sqs, queue) == [HEADER, None]


@pytest.mark.parametrize(
    "system",
    [{"AWSTraceHeader": {"DataType": "Number", "StringValue": "1"}}, {"AWSTraceHeader": {"DataType": "String", "StringValue": ""}}],
)
def test_a_trace_header_that_is_no_string_is_refused(sqs, queue, system):
    with pytest.raises(sqs.exceptions.ClientError) as info:
        sqs.send_message(QueueUrl=queue, MessageBody="m", MessageSystemAttributes=system)
    assert error_of(info)[0] == "InvalidParameterValue"
    assert "Messages" not in sqs.receive_message(QueueUrl=queue)


def test_the_dead_letter_queue_keeps_the_trace_header(sqs):
    """As AWS answered (LocalStack's test_dead_letter_queue_message_attributes)."""
    dead = sqs.create_queue(QueueName="dead")["QueueUrl"]
    dead_arn = sqs.get_queue_attributes(QueueUrl=dead, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    policy = json.dumps({"deadLetterTargetArn": dead_arn, "maxReceiveCount": 1})
    source = sqs.create_queue(QueueName="source", Attributes={"RedrivePolicy": policy})["QueueUrl"]
    sqs.send_message(QueueUrl=source, MessageBody="m", MessageSystemAttributes=SYSTEM)
    for _ in range(2):
        sqs.receive_message(QueueUrl=source, VisibilityTimeout=0)
    [message] = sqs.receive_message(QueueUrl=dead, AttributeNames=["All"])["Messages"]
    assert message["Attributes"]["AWSTraceHeader"] == HEADER
    assert message["Attributes"]["DeadLetterQueueSourceArn"].endswith(":source")


@pytest.fixture
def routed(eventmock, sqs, queue, region):
    """A rule sending the events of source ``s`` to ``queue`` and to a topic whose SQS
    subscription is the queue ``via-sns``."""
    events = boto3.client("events", region_name=region)
    sns = boto3.client("sns", region_name=region)
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    via_sns = sqs.create_queue(QueueName="via-sns")["QueueUrl"]
    topic = sns.create_topic(Name="t")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn.replace(":jobs", ":via-sns"))
    events.put_rule(Name="r", EventPattern=json.dumps({"source": ["s"]}))
    events.put_targets(Rule="r", Targets=[{"Id": "queue", "Arn": arn}, {"Id": "topic", "Arn": topic}])
    return events, via_sns


def test_eventbridge_and_sns_pass_an_events_trace_header_on_to_sqs(sqs, queue, routed):
    """AWS: EventBridge passes the TraceHeader of a PutEvents entry to its targets; SNS
    passes the trace context on to its subscribers."""
    events, via_sns = routed
    assert events.put_events(Entries=[{"Source": "s", "DetailType": "d", "Detail": "{}", "TraceHeader": HEADER}])["FailedEntryCount"] == 0
    assert trace_headers(sqs, queue) == [HEADER]
    assert trace_headers(sqs, via_sns) == [HEADER]


def test_an_event_without_a_valid_trace_header_carries_none(sqs, queue, routed):
    """AWS: X-Ray drops a trace header that is not valid; the event is still delivered."""
    events, via_sns = routed
    events.put_events(Entries=[{"Source": "s", "DetailType": "d", "Detail": "{}", "TraceHeader": "not a trace header"}])
    events.put_events(Entries=[{"Source": "s", "DetailType": "d", "Detail": "{}"}])
    assert trace_headers(sqs, queue) == [None, None]
    assert trace_headers(sqs, via_sns) == [None, None]
