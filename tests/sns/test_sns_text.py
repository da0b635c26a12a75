"""Text no UTF-8 can hold (lone surrogates) in SNS: botocore cannot send it over the
query protocol, and what reaches SNS by another way is measured, not a failure. Text
XML cannot hold (C0 controls) echoed in an answer: replaced by U+FFFD, on both paths."""

from __future__ import annotations

import json

import pytest
from sns_support import bodies, error, invalid


@pytest.mark.parametrize(
    "params",
    [
        {"Message": "a\ud800"},
        {"Message": "a", "Subject": "s\udfff"},
        {"Message": "a", "MessageAttributes": {"a\ud800": {"DataType": "String", "StringValue": "x"}}},
        {"Message": "a", "MessageAttributes": {"a": {"DataType": "String", "StringValue": "x\ud800"}}},
        {"Message": '{"default": "\ud800"}', "MessageStructure": "json"},
    ],
)
def test_publish_with_a_lone_surrogate_fails_as_botocore_fails(sns, sqs, topic, make_queue, params):
    url, arn = make_queue()
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"})
    # botocore encodes the query protocol's form as UTF-8 before sending: AWS never sees it
    with pytest.raises(UnicodeEncodeError, match="surrogates not allowed"):
        sns.publish(TopicArn=topic, **params)
    assert bodies(sqs, url) == []


@pytest.mark.parametrize("entry", [{"Id": "a", "Message": "x\ud800"}, {"Id": "a\ud800", "Message": "x"}])
def test_publish_batch_with_a_lone_surrogate_fails_as_botocore_fails(sns, topic, entry):
    with pytest.raises(UnicodeEncodeError):
        sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[entry])


def test_a_surrogate_from_eventbridge_reaches_the_queue(sns, sqs, topic, make_queue, client_for):
    """EventBridge's JSON protocol carries ``\\ud800`` escapes; SNS measures the event it
    is handed instead of failing on it."""
    url, arn = make_queue()
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"})
    events = client_for("events")
    events.put_rule(Name="all", EventPattern='{"source": ["app"]}')
    events.put_targets(Rule="all", Targets=[{"Id": "t", "Arn": topic}])
    answer = events.put_events(Entries=[{"Source": "app", "DetailType": "d", "Detail": '{"a": "\\ud800"}'}])
    assert answer["FailedEntryCount"] == 0
    [body] = bodies(sqs, url)
    assert json.loads(body)["detail"] == {"a": "\ud800"}


def test_control_characters_echoed_in_errors_read_as_replacement_characters(sns, topic):
    """XML 1.0 cannot hold them (botocore's parser refuses even ``&#x1;``)."""
    assert error(sns.subscribe, TopicArn=topic, Protocol="sqs\x01", Endpoint="x") == invalid(
        "Invalid parameter: Amazon SNS does not support this protocol string: sqs\ufffd"
    )
    assert error(sns.publish, PhoneNumber="+1\x0b555", Message="m") == invalid(
        "Invalid parameter: PhoneNumber Reason: +1\ufffd555 is not valid to publish to"
    )
    batch = error(sns.publish_batch, TopicArn=topic, PublishBatchRequestEntries=[{"Id": "a\x1f", "Message": "m"}])
    assert (batch["Code"], batch["Message"]) == (
        "InvalidBatchEntryId", "The Id of a batch entry in the batch request contains an impermissible character: a\ufffd"
    )
    platform = error(sns.create_platform_application, Name="a\x00", Platform="GCM", Attributes={"PlatformCredential": "x"})
    assert platform["Message"].startswith("Invalid parameter: a\ufffd Reason:")
    assert error(sns.create_topic, Name="a\x01b")["Message"] == "Invalid parameter: Topic Name"
    assert error(sns.set_sms_attributes, attributes={"DefaultSenderID": "a\x01"})["Message"] == "DefaultSenderID is not a valid attribute"


def test_tab_line_feed_and_carriage_return_are_kept(sns, topic):
    assert error(sns.subscribe, TopicArn=topic, Protocol="a\tb\nc", Endpoint="x")["Message"].endswith("a\tb\nc")
