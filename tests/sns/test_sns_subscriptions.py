"""Subscriptions: protocols, confirmation, attributes, lists, unsubscribe."""

from __future__ import annotations

import json

import pytest
from sns_support import error, invalid, unchecked_client

ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/sns-firehose"
STREAM = f"arn:aws:firehose:us-east-1:{ACCOUNT}:deliverystream/archive"
FUNCTION = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:handler"


def test_an_sqs_subscription_is_confirmed_at_once(sns, topic, make_queue):
    _, queue = make_queue()
    arn = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)["SubscriptionArn"]
    assert arn.startswith(topic + ":") and len(arn.split(":")) == 7
    attributes = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attributes == {
        "Owner": ACCOUNT,
        "TopicArn": topic,
        "Endpoint": queue,
        "Protocol": "sqs",
        "PendingConfirmation": "false",
        "ConfirmationWasAuthenticated": "true",
        "SubscriptionArn": arn,
        "SubscriptionPrincipal": f"arn:aws:iam::{ACCOUNT}:root",
        "RawMessageDelivery": "false",
    }
    assert sns.get_topic_attributes(TopicArn=topic)["Attributes"]["SubscriptionsConfirmed"] == "1"


def test_subscribe_is_idempotent_unless_attributes_differ(sns, topic, make_queue):
    _, queue = make_queue()
    first = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue, Attributes={"RawMessageDelivery": "true"})
    again = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue, Attributes={"RawMessageDelivery": "true"})
    assert first["SubscriptionArn"] == again["SubscriptionArn"]
    found = error(sns.subscribe, TopicArn=topic, Protocol="sqs", Endpoint=queue, Attributes={"RawMessageDelivery": "false"})
    assert found == invalid("Invalid parameter: Attributes Reason: Subscription already exists with different attributes")
    assert len(sns.list_subscriptions()["Subscriptions"]) == 1


@pytest.mark.parametrize(
    ("protocol", "endpoint", "message"),
    [
        ("carrier-pigeon", "x", "Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon"),
        ("sqs", "https://sqs.us-east-1.amazonaws.com/123456789012/inbox", "Invalid parameter: SQS endpoint ARN"),
        ("sqs", "inbox", "Invalid parameter: SQS endpoint ARN"),
        ("lambda", "handler", "Invalid parameter: Lambda endpoint ARN"),
        ("http", "https://example.com/hook", "Invalid parameter: Endpoint must match the specified protocol"),
        ("sms", "+15--551234567", "Invalid SMS endpoint: +15--551234567"),
        ("sms", "invalid-number", "Invalid SMS endpoint: invalid-number"),
        ("sms", "+1234567890123456", "Invalid SMS endpoint: +1234567890123456"),
        (
            "sqs",
            f"arn:aws:sqs:us-east-1:{ACCOUNT}:inbox.fifo",
            "Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics",
        ),
    ],
)
def test_endpoints_are_checked(sns, topic, protocol, endpoint, message):
    assert error(sns.subscribe, TopicArn=topic, Protocol=protocol, Endpoint=endpoint) == invalid(message)
    assert sns.list_subscriptions()["Subscriptions"] == []


def test_subscribe_to_a_missing_topic(sns, topic):
    found = error(sns.subscribe, TopicArn=topic + "-gone", Protocol="sqs", Endpoint=f"arn:aws:sqs:us-east-1:{ACCOUNT}:q")
    assert found == {"Code": "NotFound", "Message": "Topic does not exist", "Type": "Sender", "Status": 404}


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        ({"RawMessageDelivery": "wrongvalue"}, "RawMessageDelivery: Invalid value [wrongvalue]. Must be true or false."),
        ({"FilterPolicyScope": "Elsewhere"}, "FilterPolicyScope: Invalid value [Elsewhere]. Please use either MessageBody or MessageAttributes"),
        ({"RedrivePolicy": json.dumps({"deadLetterTargetArn": "not-an-arn"})}, "RedrivePolicy: deadLetterTargetArn is an invalid arn"),
        ({"Unknown": "x"}, "Invalid attribute name: Unknown"),
    ],
)
def test_subscribe_attributes_are_checked(sns, topic, make_queue, attributes, message):
    _, queue = make_queue()
    found = error(sns.subscribe, TopicArn=topic, Protocol="sqs", Endpoint=queue, Attributes=attributes)
    assert found == invalid("Invalid parameter: Attributes Reason: " + message)
    assert sns.list_subscriptions()["Subscriptions"] == []


def test_set_subscription_attributes(sns, topic, make_queue):
    _, queue = make_queue()
    _, dlq = make_queue("dlq")
    arn = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)["SubscriptionArn"]
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="RawMessageDelivery", AttributeValue="TRUE")
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="RedrivePolicy", AttributeValue=json.dumps({"deadLetterTargetArn": dlq}))
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="FilterPolicy", AttributeValue='{"kind": ["a"]}')
    attributes = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attributes["RawMessageDelivery"] == "true"
    assert json.loads(attributes["RedrivePolicy"]) == {"deadLetterTargetArn": dlq}
    assert (attributes["FilterPolicy"], attributes["FilterPolicyScope"]) == ('{"kind": ["a"]}', "MessageAttributes")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("Fake", "x", "Invalid parameter: AttributeName"),
        ("RawMessageDelivery", "test-ValUe", "Invalid parameter: RawMessageDelivery: Invalid value [test-ValUe]. Must be true or false."),
        ("RawMessageDelivery", "", "Invalid parameter: RawMessageDelivery: Invalid value []. Must be true or false."),
        ("RedrivePolicy", json.dumps({"deadLetterTargetArn": "fake"}), "Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn"),
    ],
)
def test_set_subscription_attributes_errors(sns, topic, make_queue, name, value, message):
    _, queue = make_queue()
    arn = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)["SubscriptionArn"]
    before = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert error(sns.set_subscription_attributes, SubscriptionArn=arn, AttributeName=name, AttributeValue=value) == invalid(message)
    assert sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"] == before


def test_redrive_policy_json_errors_name_the_attribute(sns, topic, make_queue):
    _, queue = make_queue()
    arn = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)["SubscriptionArn"]
    found = error(sns.set_subscription_attributes, SubscriptionArn=arn, AttributeName="RedrivePolicy", AttributeValue="{invalid")
    assert found["Message"].startswith("Invalid parameter: RedrivePolicy: failed to parse JSON.")


def test_missing_and_malformed_subscriptions(sns, topic):
    missing = {"Code": "NotFound", "Message": "Subscription does not exist", "Type": "Sender", "Status": 404}
    assert error(sns.get_subscription_attributes, SubscriptionArn=topic + ":4a1a1f6e-0e48-4fa4-86d9-1a5b3bd14f4c") == missing
    assert error(sns.set_subscription_attributes, SubscriptionArn=topic + ":nope", AttributeName="RawMessageDelivery", AttributeValue="true") == missing
    assert error(sns.unsubscribe, SubscriptionArn="sub") == invalid(
        "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1"
    )
    assert error(sns.unsubscribe, SubscriptionArn=topic + ":a:b") == invalid("Invalid parameter: SubscriptionId")
    # A well-formed ARN of another service names no subscription (not confirmed: docs/sns.md).
    assert error(sns.get_subscription_attributes, SubscriptionArn="arn:aws:sqs:us-east-1:123456789012:q:66d97e76-31e5-444f-8fa7-b60b680d0d39") == missing


def test_unsubscribe_without_an_arn(eventmock, boto3_session, region):
    unchecked = unchecked_client(boto3_session, region)
    assert error(unchecked.unsubscribe) == invalid("Invalid parameter: SubscriptionArn Reason: no value for required parameter")


def test_unsubscribe_forgets_and_counts_and_is_idempotent(sns, topic, make_queue):
    _, queue = make_queue()
    arn = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)["SubscriptionArn"]
    sns.unsubscribe(SubscriptionArn=arn)
    sns.unsubscribe(SubscriptionArn=arn)
    assert sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"] == []
    attributes = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert (attributes["SubscriptionsConfirmed"], attributes["SubscriptionsDeleted"]) == ("0", "1")


def test_list_subscriptions_and_by_topic(sns, topic, make_queue):
    other = sns.create_topic(Name="other")["TopicArn"]
    _, queue = make_queue()
    one = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)["SubscriptionArn"]
    two = sns.subscribe(TopicArn=other, Protocol="sqs", Endpoint=queue)["SubscriptionArn"]
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
    listed = sns.list_subscriptions()["Subscriptions"]
    assert [s["SubscriptionArn"] for s in listed] == [one, two, "PendingConfirmation"]
    assert listed[0] == {"SubscriptionArn": one, "Owner": ACCOUNT, "Protocol": "sqs", "Endpoint": queue, "TopicArn": topic}
    by_topic = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    assert [(s["Protocol"], s["Endpoint"]) for s in by_topic] == [("sqs", queue), ("email", "ops@example.com")]


def test_list_subscriptions_pages_by_one_hundred(sns, topic):
    for i in range(120):
        sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint=f"+1555000{i:04}")
    first = sns.list_subscriptions_by_topic(TopicArn=topic)
    second = sns.list_subscriptions_by_topic(TopicArn=topic, NextToken=first["NextToken"])
    assert (len(first["Subscriptions"]), len(second["Subscriptions"]), "NextToken" in second) == (100, 20, False)


def test_email_subscription_waits_for_confirmation(eventmock, sns, topic):
    assert sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")["SubscriptionArn"] == "pending confirmation"
    [request] = eventmock.sns.sent("ops@example.com")
    assert (request.type, request.subject) == ("SubscriptionConfirmation", "AWS Notification - Subscription Confirmation")
    assert f"To confirm the subscription, visit the SubscribeURL" in request.body
    attributes = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert (attributes["SubscriptionsPending"], attributes["SubscriptionsConfirmed"]) == ("1", "0")
    sns.publish(TopicArn=topic, Message="not yet")
    assert len(eventmock.sns.sent("ops@example.com")) == 1
    arn = sns.confirm_subscription(TopicArn=topic, Token=request.token)["SubscriptionArn"]
    assert sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]["PendingConfirmation"] == "false"
    assert sns.confirm_subscription(TopicArn=topic, Token=request.token)["SubscriptionArn"] == arn
    sns.publish(TopicArn=topic, Message="now", Subject="Hello")
    latest = eventmock.sns.sent("ops@example.com")[-1]
    assert (latest.type, latest.body, latest.subject) == ("Notification", "now", "Hello")


def test_return_subscription_arn_names_a_pending_subscription(sns, topic):
    arn = sns.subscribe(TopicArn=topic, Protocol="email-json", Endpoint="a@example.com", ReturnSubscriptionArn=True)["SubscriptionArn"]
    assert sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]["PendingConfirmation"] == "true"


def test_confirm_subscription_errors(eventmock, sns, topic, client_for):
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
    token = eventmock.sns.sent()[0].token
    assert error(sns.confirm_subscription, TopicArn=topic, Token="nope") == invalid("Invalid token")
    assert error(sns.confirm_subscription, TopicArn=topic, Token="51b2ff3e" * 36) == invalid("Invalid parameter: Token")
    assert error(sns.confirm_subscription, TopicArn=topic + "x", Token=token) == invalid("Invalid parameter: Token")
    assert error(sns.confirm_subscription, TopicArn="broken", Token=token) == invalid("Invalid parameter: Topic")
    west = topic.replace("us-east-1", "eu-west-1")
    assert error(sns.confirm_subscription, TopicArn=west, Token=token) == invalid("Invalid parameter: Topic")
    assert sns.list_subscriptions()["Subscriptions"][0]["SubscriptionArn"] == "PendingConfirmation"


def test_http_subscription_confirms_through_the_endpoint(eventmock, sns, topic):
    received = []

    def hook(request):
        received.append(request)
        return 200

    eventmock.register_http("https://hooks.example.com/", hook)
    assert sns.subscribe(TopicArn=topic, Protocol="https", Endpoint="https://hooks.example.com/sns")["SubscriptionArn"] == "pending confirmation"
    [confirmation] = received
    document = confirmation.json()
    assert confirmation.headers["x-amz-sns-message-type"] == "SubscriptionConfirmation"
    assert confirmation.headers["x-amz-sns-topic-arn"] == topic
    assert document["Type"] == "SubscriptionConfirmation" and document["TopicArn"] == topic
    assert document["SubscribeURL"].endswith(f"?Action=ConfirmSubscription&TopicArn={topic}&Token={document['Token']}")
    arn = sns.confirm_subscription(TopicArn=topic, Token=document["Token"])["SubscriptionArn"]
    sns.publish(TopicArn=topic, Message="hello", MessageAttributes={"k": {"DataType": "String", "StringValue": "v"}})
    notification = received[-1]
    assert notification.headers["x-amz-sns-message-type"] == "Notification"
    assert notification.headers["x-amz-sns-subscription-arn"] == arn
    assert notification.headers["content-type"] == "text/plain; charset=UTF-8"
    body = notification.json()
    assert (body["Message"], body["MessageAttributes"]) == ("hello", {"k": {"Type": "String", "Value": "v"}})
    sns.unsubscribe(SubscriptionArn=arn)
    goodbye = received[-1].json()
    assert goodbye["Type"] == "UnsubscribeConfirmation" and goodbye["Message"].startswith(f"You have chosen to deactivate subscription {arn}.")
    assert received[-1].headers["x-amz-sns-message-type"] == "UnsubscribeConfirmation"


def test_http_raw_delivery_posts_the_message(eventmock, sns, topic):
    received = []
    eventmock.register_http("http://hooks.example.com/", lambda request: received.append(request))
    arn = sns.subscribe(
        TopicArn=topic, Protocol="http", Endpoint="http://hooks.example.com/raw", Attributes={"RawMessageDelivery": "true"}, ReturnSubscriptionArn=True
    )["SubscriptionArn"]
    sns.confirm_subscription(TopicArn=topic, Token=received[0].json()["Token"])
    sns.publish(TopicArn=topic, Message="plain text")
    assert received[-1].text() == "plain text"
    assert received[-1].headers["x-amz-sns-rawdelivery"] == "true"
    assert arn in received[-1].headers["x-amz-sns-subscription-arn"]


def test_an_unreachable_http_endpoint_stays_pending(eventmock, sns, topic):
    sns.subscribe(TopicArn=topic, Protocol="https", Endpoint="https://nowhere.example.com/")
    assert [r.url for r in eventmock.http.requests] == ["https://nowhere.example.com/"]
    assert sns.get_topic_attributes(TopicArn=topic)["Attributes"]["SubscriptionsPending"] == "1"


def test_firehose_subscription_needs_a_role(sns, topic):
    found = error(sns.subscribe, TopicArn=topic, Protocol="firehose", Endpoint=STREAM)
    assert found == invalid("Invalid parameter: Attributes Reason: SubscriptionRoleArn is required for firehose protocol")
    arn = sns.subscribe(TopicArn=topic, Protocol="firehose", Endpoint=STREAM, Attributes={"SubscriptionRoleArn": ROLE})["SubscriptionArn"]
    assert sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]["SubscriptionRoleArn"] == ROLE


def test_fifo_topics_take_sqs_subscribers_only(sns, fifo_topic, make_queue):
    _, standard = make_queue()
    sns.subscribe(TopicArn=fifo_topic, Protocol="sqs", Endpoint=standard)
    assert error(sns.subscribe, TopicArn=fifo_topic, Protocol="lambda", Endpoint=FUNCTION) == invalid(
        "Invalid parameter: Invalid protocol type: lambda"
    )


def test_a_fifo_subscription_needs_a_fifo_dead_letter_queue(sns, fifo_topic, make_queue):
    _, queue = make_queue("in.fifo", FifoQueue="true")
    _, dlq = make_queue("dlq")
    found = error(
        sns.subscribe, TopicArn=fifo_topic, Protocol="sqs", Endpoint=queue, Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq})}
    )
    assert found == invalid(
        "Invalid parameter: Attributes Reason: RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic."
    )



@pytest.mark.parametrize("number", ["+12/34-567.890", "+15551234567", "15551234567", "+1-555-123-4567"])
def test_sms_endpoints_may_separate_digit_groups(sns, topic, number):
    arn = sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint=number)["SubscriptionArn"]
    assert sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]["Endpoint"] == number


def test_an_empty_filter_policy_is_not_answered(sns, topic, make_queue):
    _, arn = make_queue()
    subscription = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"FilterPolicy": ""}, ReturnSubscriptionArn=True)["SubscriptionArn"]
    attributes = sns.get_subscription_attributes(SubscriptionArn=subscription)["Attributes"]
    assert "FilterPolicy" not in attributes and "FilterPolicyScope" not in attributes
    sns.set_subscription_attributes(SubscriptionArn=subscription, AttributeName="FilterPolicy", AttributeValue='{"a": ["b"]}')
    attributes = sns.get_subscription_attributes(SubscriptionArn=subscription)["Attributes"]
    assert (attributes["FilterPolicy"], attributes["FilterPolicyScope"]) == ('{"a": ["b"]}', "MessageAttributes")
    sns.set_subscription_attributes(SubscriptionArn=subscription, AttributeName="FilterPolicy", AttributeValue="")
    attributes = sns.get_subscription_attributes(SubscriptionArn=subscription)["Attributes"]
    assert "FilterPolicy" not in attributes and "FilterPolicyScope" not in attributes
