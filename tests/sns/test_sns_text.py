"""Text no UTF-8 can hold (lone surrogates) in SNS: botocore cannot send it over the
query protocol, and what reaches SNS by another way is measured, not a failure."""

from __future__ import annotations

import json

import pytest
from sns_support import bodies


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
