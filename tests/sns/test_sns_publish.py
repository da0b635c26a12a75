"""Publish and PublishBatch: the envelope, raw delivery, protocols, FIFO, errors."""

from __future__ import annotations

import base64
import json

import pytest
from sns_support import bodies, envelopes, error, invalid, unchecked_client

ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/sns-firehose"


@pytest.fixture
def subscribed(sns, topic, make_queue):
    """A queue subscribed to ``topic``: (queue URL, subscription ARN)."""
    url, arn = make_queue()
    return url, sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)["SubscriptionArn"]


def test_sqs_receives_the_envelope(sns, sqs, topic, subscribed):
    url, subscription = subscribed
    message_id = sns.publish(TopicArn=topic, Message="hello", Subject="Greeting")["MessageId"]
    [body] = bodies(sqs, url)
    envelope = json.loads(body)
    assert list(envelope) == [
        "Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp",
        "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL",
    ]  # fmt: skip
    assert envelope["Type"] == "Notification"
    assert (envelope["MessageId"], envelope["TopicArn"], envelope["Subject"], envelope["Message"]) == (message_id, topic, "Greeting", "hello")
    assert envelope["SignatureVersion"] == "1" and len(base64.b64decode(envelope["Signature"])) == 256
    assert envelope["SigningCertURL"].startswith("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-")
    assert envelope["UnsubscribeURL"] == f"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={subscription}"
    assert body.startswith('{\n  "Type" : "Notification",\n  "MessageId" : ')


def test_envelope_timestamp_is_the_clock(sns, sqs, topic, subscribed):
    from freezegun import freeze_time

    with freeze_time("2026-03-04T05:06:07.891Z"):
        sns.publish(TopicArn=topic, Message="m")
        assert envelopes(sqs, subscribed[0])[0]["Timestamp"] == "2026-03-04T05:06:07.891Z"


def test_envelope_carries_message_attributes(sns, sqs, topic, subscribed):
    attributes = {
        "text": {"DataType": "String", "StringValue": "café"},
        "price": {"DataType": "Number", "StringValue": "99.12"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
        "tags": {"DataType": "String.Array", "StringValue": '["a", "b"]'},
    }
    sns.publish(TopicArn=topic, Message="m", MessageAttributes=attributes)
    [envelope] = envelopes(sqs, subscribed[0])
    assert "Subject" not in envelope
    assert envelope["MessageAttributes"] == {
        "text": {"Type": "String", "Value": "café"},
        "price": {"Type": "Number", "Value": "99.12"},
        "blob": {"Type": "Binary", "Value": "AAE="},
        "tags": {"Type": "String.Array", "Value": '["a", "b"]'},
    }


def test_raw_delivery_sends_the_message_and_its_attributes(sns, sqs, topic, make_queue):
    url, queue = make_queue()
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue, Attributes={"RawMessageDelivery": "true"})
    attributes = {"price": {"DataType": "Number", "StringValue": "99.12"}, "blob": {"DataType": "Binary", "BinaryValue": b"\x02\x03"}}
    sns.publish(TopicArn=topic, Message="Test msg", MessageAttributes=attributes)
    [message] = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"])["Messages"]
    assert message["Body"] == "Test msg"
    assert message["MessageAttributes"] == attributes


def test_every_subscriber_gets_a_copy_in_order(sns, sqs, topic, make_queue):
    urls = []
    for name in ("a", "b", "c"):
        url, arn = make_queue(name)
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
        urls.append(url)
    for n in range(3):
        sns.publish(TopicArn=topic, Message=f"m{n}")
    for url in urls:
        assert [e["Message"] for e in envelopes(sqs, url)] == ["m0", "m1", "m2"]


def test_message_structure_json_gives_each_protocol_its_message(eventmock, sns, sqs, topic, subscribed):
    sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint="+15550001111")
    message = json.dumps({"default": "fallback", "sqs": "for queues", "sms": "for phones"})
    sns.publish(TopicArn=topic, Message=message, MessageStructure="json")
    assert envelopes(sqs, subscribed[0])[0]["Message"] == "for queues"
    assert [m.body for m in eventmock.sns.sent("+15550001111")] == ["for phones"]


@pytest.mark.parametrize("subject", ["my汉字subject", "Ünïcödé – ok!", "¿Qué?", "x" * 99])
def test_subject_may_be_any_utf8_text_without_control_characters(sns, sqs, topic, subscribed, subject):
    sns.publish(TopicArn=topic, Message="m", Subject=subject)
    assert envelopes(sqs, subscribed[0])[0]["Subject"] == subject


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"Message": ""}, "Invalid parameter: Empty message"),
        ({"Message": "m", "Subject": ""}, "Invalid parameter: Subject"),
        ({"Message": "m", "Subject": "line\nbreak"}, "Invalid parameter: Subject"),
        ({"Message": "m", "Subject": "x" * 100}, "Invalid parameter: Subject"),
        ({"Message": "m", "Subject": "tab\tinside"}, "Invalid parameter: Subject"),
        ({"Message": "m", "Subject": " leading space"}, "Invalid parameter: Subject"),
        ({"Message": "x" * 262_145}, "Invalid parameter: Message too long"),
        ({"Message": '{"sqs": "x"}', "MessageStructure": "json"}, "Invalid parameter: Message Structure - No default entry in JSON message body"),
        ({"Message": "{nope", "MessageStructure": "json"}, "Invalid parameter: Message Structure - JSON message body failed to parse"),
        ({"Message": "m", "MessageDeduplicationId": "d"}, (
            "Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter "
            "that is not valid for this topic type"
        )),
    ],
)
def test_publish_errors(sns, sqs, topic, subscribed, params, message):
    assert error(sns.publish, TopicArn=topic, **params) == invalid(message)
    assert bodies(sqs, subscribed[0]) == []


def _value_invalid(message):
    return {"Code": "ParameterValueInvalid", "Message": message, "Type": "Sender", "Status": 400}


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        ({"a": {"DataType": "String", "StringValue": ""}}, "The message attribute 'a' must contain non-empty message attribute value for message attribute type 'String'."),
        ({"a": {"DataType": "Binary", "BinaryValue": b""}}, "The message attribute 'a' must contain non-empty message attribute value for message attribute type 'Binary'."),
        ({"a": {"DataType": "String", "BinaryValue": b"x"}}, "The message attribute 'a' with type 'String' must use field 'String'."),
        ({"a": {"DataType": "Number", "BinaryValue": b"1"}}, "The message attribute 'a' with type 'Number' must use field 'String'."),
        ({"a": {"DataType": "Binary", "StringValue": "x"}}, "The message attribute 'a' with type 'Binary' must use field 'Binary'."),
        ({"a": {"DataType": "Text", "StringValue": "x"}}, "The message attribute 'a' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String."),
        ({"a" * 256: {"DataType": "String", "StringValue": "x"}}, "Length of message attribute name must be less than 256 bytes."),
        ({"a^b": {"DataType": "String", "StringValue": "x"}}, "Invalid non-alphanumeric character '#x5E' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots."),
        ({".a": {"DataType": "String", "StringValue": "x"}}, "Invalid message attribute name starting with character '.' was found."),
        ({"a.": {"DataType": "String", "StringValue": "x"}}, "Invalid message attribute name ending with character '.' was found."),
        ({"a..b": {"DataType": "String", "StringValue": "x"}}, "Message attribute name can not have successive '.' character."),
        ({"AWS.x": {"DataType": "String", "StringValue": "x"}}, "The message attribute name 'AWS.x' uses a reserved prefix: AWS. and Amazon. are reserved for AWS's use."),
        ({"amazon.x": {"DataType": "String", "StringValue": "x"}}, "The message attribute name 'amazon.x' uses a reserved prefix: AWS. and Amazon. are reserved for AWS's use."),
    ],
)
def test_message_attribute_errors(sns, topic, attributes, message):
    assert error(sns.publish, TopicArn=topic, Message="m", MessageAttributes=attributes) == _value_invalid(message)
    entry = {"Id": "1", "Message": "m", "MessageAttributes": attributes}
    assert error(sns.publish_batch, TopicArn=topic, PublishBatchRequestEntries=[entry]) == _value_invalid(message)


def test_sns_own_reserved_attributes_are_allowed(sns, topic):
    attributes = {"AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}}
    assert sns.publish(TopicArn=topic, Message="m", MessageAttributes=attributes)["MessageId"]


def test_an_attribute_without_data_type_is_sns_validation_error(topic, boto3_session, region):
    """AWS's recorded answer to a request botocore did not check."""
    unchecked = unchecked_client(boto3_session, region)
    attributes = {"attr1": {"StringValue": "x"}}
    assert error(unchecked.publish, TopicArn=topic, Message="m", MessageAttributes=attributes) == {
        "Code": "ValidationError", "Type": "Sender", "Status": 400,
        "Message": "1 validation error detected: Value null at 'messageAttributes.attr1.member.dataType' failed to satisfy constraint: Member must not be null",
    }  # fmt: skip
    entries = [{"Id": "1", "Message": "m", "MessageAttributes": attributes}]
    assert error(unchecked.publish_batch, TopicArn=topic, PublishBatchRequestEntries=entries)["Message"] == (
        "1 validation error detected: Value null at 'publishBatchRequestEntries.1.member.messageAttributes.attr1.member.dataType' "
        "failed to satisfy constraint: Member must not be null"
    )


def test_publish_to_a_missing_topic_or_target(sns, topic):
    assert error(sns.publish, TopicArn=topic + "x", Message="m")["Code"] == "NotFound"
    found = error(sns.publish, TargetArn=f"arn:aws:sns:us-east-1:{ACCOUNT}:endpoint/APNS/app/1", Message="m")
    assert found == invalid("Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified")


def test_target_arn_may_name_a_topic(sns, sqs, topic, subscribed):
    sns.publish(TargetArn=topic, Message="via target")
    assert envelopes(sqs, subscribed[0])[0]["Message"] == "via target"


def test_publish_to_a_phone_number_is_recorded(eventmock, sns):
    message_id = sns.publish(PhoneNumber="+15551234567", Message="code 1234")["MessageId"]
    [sms] = eventmock.sns.sent(protocol="sms")
    assert (sms.endpoint, sms.body, sms.message_id, sms.topic_arn) == ("+15551234567", "code 1234", message_id, None)
    assert error(sns.publish, PhoneNumber="NAA+15551234567", Message="m") == invalid(
        "Invalid parameter: PhoneNumber Reason: NAA+15551234567 is not valid to publish to"
    )


def test_email_json_gets_the_envelope_and_email_the_text(eventmock, sns, topic):
    for protocol, address in (("email", "a@example.com"), ("email-json", "b@example.com")):
        sns.subscribe(TopicArn=topic, Protocol=protocol, Endpoint=address)
        sns.confirm_subscription(TopicArn=topic, Token=eventmock.sns.sent(address)[0].token)
    sns.publish(TopicArn=topic, Message="news", Subject="Weekly")
    assert eventmock.sns.sent("a@example.com")[-1].body == "news"
    document = json.loads(eventmock.sns.sent("b@example.com")[-1].body)
    assert (document["Type"], document["Message"], document["Subject"]) == ("Notification", "news", "Weekly")


def test_lambda_receives_the_sns_event(eventmock, sns, topic):
    calls = []
    function = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:on-order"
    eventmock.register_lambda(function, lambda event, context: calls.append(event))
    subscription = sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=function)["SubscriptionArn"]
    message_id = sns.publish(TopicArn=topic, Message="hi", MessageAttributes={"k": {"DataType": "String", "StringValue": "v"}})["MessageId"]
    [event] = calls
    [record] = event["Records"]
    assert (record["EventSource"], record["EventVersion"], record["EventSubscriptionArn"]) == ("aws:sns", "1.0", subscription)
    sns_part = record["Sns"]
    assert (sns_part["MessageId"], sns_part["Message"], sns_part["Subject"], sns_part["TopicArn"]) == (message_id, "hi", None, topic)
    assert sns_part["MessageAttributes"] == {"k": {"Type": "String", "Value": "v"}}
    assert sns_part["UnsubscribeUrl"].endswith(subscription) and "SigningCertUrl" in sns_part


def test_firehose_gets_one_record_per_message(eventmock, sns, topic, client_for):
    firehose = client_for("firehose")
    s3 = client_for("s3")
    s3.create_bucket(Bucket="archive")
    firehose.create_delivery_stream(
        DeliveryStreamName="archive", S3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::archive"}
    )
    stream = f"arn:aws:firehose:us-east-1:{ACCOUNT}:deliverystream/archive"
    sns.subscribe(TopicArn=topic, Protocol="firehose", Endpoint=stream, Attributes={"SubscriptionRoleArn": ROLE, "RawMessageDelivery": "true"})
    sns.publish(TopicArn=topic, Message="row-1")
    assert [r.data for r in eventmock.firehose.records(stream)] == [b"row-1"]


def test_a_failed_delivery_goes_to_the_dead_letter_queue(eventmock, sns, sqs, topic, make_queue):
    url, queue = make_queue()
    dlq_url, dlq = make_queue("dlq")
    subscription = sns.subscribe(
        TopicArn=topic, Protocol="sqs", Endpoint=queue,
        Attributes={"RawMessageDelivery": "true", "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq})},
    )["SubscriptionArn"]  # fmt: skip
    sqs.delete_queue(QueueUrl=url)
    attributes = {"attr1": {"DataType": "Number", "StringValue": "111"}}
    sns.publish(TopicArn=topic, Message="lost", MessageAttributes=attributes)
    [message] = sqs.receive_message(QueueUrl=dlq_url, MessageAttributeNames=["All"])["Messages"]
    assert (message["Body"], message["MessageAttributes"]) == ("lost", attributes)
    [failure] = eventmock.sns.failed_deliveries()
    assert (failure.subscription_arn, failure.dead_letter_arn) == (subscription, dlq)


def test_a_failed_delivery_without_dead_letter_queue_is_recorded(eventmock, sns, topic):
    function = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:broken"

    def broken(event, context):
        raise RuntimeError("boom")

    eventmock.register_lambda(function, broken)
    sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=function)
    assert "MessageId" in sns.publish(TopicArn=topic, Message="m")
    [failure] = eventmock.sns.failed_deliveries()
    assert failure.endpoint == function and "boom" in failure.message and failure.dead_letter_arn is None


# -- FIFO -------------------------------------------------------------------------------


@pytest.fixture
def fifo_queue(sns, fifo_topic, make_queue):
    url, arn = make_queue("in.fifo", FifoQueue="true")
    sns.subscribe(TopicArn=fifo_topic, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"})
    return url


def test_fifo_topic_to_fifo_queue(sns, sqs, fifo_topic, fifo_queue):
    first = sns.publish(TopicArn=fifo_topic, Message="a", MessageGroupId="g1", MessageDeduplicationId="d1")
    second = sns.publish(TopicArn=fifo_topic, Message="b", MessageGroupId="g1", MessageDeduplicationId="d2")
    assert len(first["SequenceNumber"]) == 20 and int(second["SequenceNumber"]) > int(first["SequenceNumber"])
    messages = sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=10, AttributeNames=["All"])["Messages"]
    assert [(m["Body"], m["Attributes"]["MessageGroupId"], m["Attributes"]["MessageDeduplicationId"]) for m in messages] == [
        ("a", "g1", "d1"),
        ("b", "g1", "d2"),
    ]


def test_fifo_topic_deduplicates_for_five_minutes(sns, sqs, fifo_topic, fifo_queue):
    from freezegun import freeze_time

    with freeze_time("2026-01-01T00:00:00Z") as frozen:
        first = sns.publish(TopicArn=fifo_topic, Message="a", MessageGroupId="g", MessageDeduplicationId="same")
        again = sns.publish(TopicArn=fifo_topic, Message="a", MessageGroupId="g", MessageDeduplicationId="same")
        assert (again["MessageId"], again["SequenceNumber"]) == (first["MessageId"], first["SequenceNumber"])
        frozen.tick(301)
        later = sns.publish(TopicArn=fifo_topic, Message="a", MessageGroupId="g", MessageDeduplicationId="same")
        assert later["MessageId"] != first["MessageId"]


def test_content_based_deduplication(sns, sqs, fifo_topic, fifo_queue):
    sns.set_topic_attributes(TopicArn=fifo_topic, AttributeName="ContentBasedDeduplication", AttributeValue="true")
    one = sns.publish(TopicArn=fifo_topic, Message="same body", MessageGroupId="g")
    two = sns.publish(TopicArn=fifo_topic, Message="same body", MessageGroupId="g")
    assert one["MessageId"] == two["MessageId"]
    [message] = sqs.receive_message(QueueUrl=fifo_queue, AttributeNames=["All"])["Messages"]
    assert len(message["Attributes"]["MessageDeduplicationId"]) == 64


def test_fifo_envelope_has_a_sequence_number_and_no_signature(sns, sqs, fifo_topic, make_queue):
    url, arn = make_queue("env.fifo", FifoQueue="true")
    sns.subscribe(TopicArn=fifo_topic, Protocol="sqs", Endpoint=arn)
    sequence = sns.publish(TopicArn=fifo_topic, Message="m", MessageGroupId="g", MessageDeduplicationId="d")["SequenceNumber"]
    [envelope] = envelopes(sqs, url)
    assert list(envelope) == ["Type", "MessageId", "SequenceNumber", "TopicArn", "Message", "Timestamp", "UnsubscribeURL"]
    assert envelope["SequenceNumber"] == sequence


def test_fifo_publish_errors(sns, fifo_topic):
    assert error(sns.publish, TopicArn=fifo_topic, Message="m", MessageDeduplicationId="d") == invalid(
        "Invalid parameter: The MessageGroupId parameter is required for FIFO topics"
    )
    assert error(sns.publish, TopicArn=fifo_topic, Message="m", MessageGroupId="g") == invalid(
        "Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"
    )


# -- PublishBatch -------------------------------------------------------------------------


def test_publish_batch(sns, sqs, topic, make_queue):
    url, arn = make_queue()
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"})
    entries = [{"Id": f"m{i}", "Message": f"body {i}", "Subject": "s"} for i in range(3)]
    response = sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=entries)
    assert [s["Id"] for s in response["Successful"]] == ["m0", "m1", "m2"] and response["Failed"] == []
    assert bodies(sqs, url) == ["body 0", "body 1", "body 2"]


def test_publish_batch_to_a_fifo_topic_answers_sequence_numbers(sns, fifo_topic, fifo_queue):
    entries = [{"Id": f"m{i}", "Message": f"b{i}", "MessageGroupId": "g", "MessageDeduplicationId": f"d{i}"} for i in range(2)]
    successful = sns.publish_batch(TopicArn=fifo_topic, PublishBatchRequestEntries=entries)["Successful"]
    assert all(len(s["SequenceNumber"]) == 20 for s in successful)
    # republished with the same deduplication ids: the first answers again (AWS's recording)
    assert sns.publish_batch(TopicArn=fifo_topic, PublishBatchRequestEntries=entries)["Successful"] == successful


@pytest.mark.parametrize(
    ("entries", "code", "message"),
    [
        ([], "EmptyBatchRequest", "The batch request doesn't contain any entries."),
        ([{"Id": str(i), "Message": "m"} for i in range(11)], "TooManyEntriesInBatchRequest", "The batch request contains more entries than permissible."),
        ([{"Id": "1", "Message": "m"}, {"Id": "1", "Message": "n"}], "BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id."),
        ([{"Id": "message.id", "Message": "m"}], "InvalidBatchEntryId", "The Id of a batch entry in the batch request contains an impermissible character: message.id"),
        ([{"Id": "a" * 81, "Message": "m"}], "InvalidBatchEntryId", "The Id of a batch entry in the batch request is too long: " + "a" * 81),
        ([{"Id": "1", "Message": "x" * 200_000}, {"Id": "2", "Message": "x" * 70_000}], "BatchRequestTooLong", "The length of all the messages put together is more than the limit."),
    ],
)
def test_publish_batch_errors(sns, sqs, topic, subscribed, entries, code, message):
    assert error(sns.publish_batch, TopicArn=topic, PublishBatchRequestEntries=entries) == {"Code": code, "Message": message, "Type": "Sender", "Status": 400}
    assert bodies(sqs, subscribed[0]) == []


def test_publish_batch_refuses_the_whole_batch_for_one_bad_entry(sns, sqs, fifo_topic, fifo_queue):
    entries = [{"Id": "ok", "Message": "m", "MessageGroupId": "g", "MessageDeduplicationId": "d"}, {"Id": "bad", "Message": "m"}]
    assert error(sns.publish_batch, TopicArn=fifo_topic, PublishBatchRequestEntries=entries) == invalid(
        "Invalid parameter: The MessageGroupId parameter is required for FIFO topics"
    )
    assert bodies(sqs, fifo_queue) == []
    assert error(sns.publish_batch, TopicArn=fifo_topic + "x", PublishBatchRequestEntries=entries)["Code"] == "NotFound"


def test_a_topic_delivers_to_a_queue_of_another_account_and_region(sns, topic, client_for):
    far = client_for("sqs", account="111122223333", region="eu-west-1")
    url = far.create_queue(QueueName="far")["QueueUrl"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint="arn:aws:sqs:eu-west-1:111122223333:far", Attributes={"RawMessageDelivery": "true"})
    sns.publish(TopicArn=topic, Message="across")
    assert bodies(far, url) == ["across"]


def test_sms_attributes(sns):
    assert sns.get_sms_attributes()["attributes"] == {"MonthlySpendLimit": "1"}
    sns.set_sms_attributes(attributes={"DefaultSenderID": "Shop", "DefaultSMSType": "Transactional"})
    assert sns.get_sms_attributes(attributes=["DefaultSMSType"])["attributes"] == {"DefaultSMSType": "Transactional"}
    assert error(sns.set_sms_attributes, attributes={"InvalidAttribute": "x"}) == invalid("InvalidAttribute is not a valid attribute")
    assert error(sns.set_sms_attributes, attributes={"DefaultSMSType": "Loud"}) == invalid("DefaultSMSType is invalid")
    assert sns.get_sms_attributes()["attributes"]["DefaultSMSType"] == "Transactional"


def test_phone_number_opt_outs(sns):
    assert sns.check_if_phone_number_is_opted_out(phoneNumber="+15551234567")["isOptedOut"] is False
    sns.opt_in_phone_number(phoneNumber="+15551234567")
    assert sns.list_phone_numbers_opted_out()["phoneNumbers"] == []
    assert error(sns.opt_in_phone_number, phoneNumber="+1a") == invalid("Invalid parameter: PhoneNumber Reason: input incorrectly formatted")


def test_publish_needs_exactly_one_destination(sns, topic):
    assert error(sns.publish, Message="m") == invalid("Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter")
    found = error(sns.publish, TopicArn=topic, PhoneNumber="+15551234567", Message="m")
    assert found == invalid("Invalid parameter: PhoneNumber Reason: Only one of TopicArn, TargetArn or PhoneNumber may be given")


def test_an_empty_filter_policy_filters_nothing(sns, sqs, topic, make_queue):
    url, arn = make_queue()
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"FilterPolicy": "{}", "RawMessageDelivery": "true"})
    sns.publish(TopicArn=topic, Message="kept")
    assert bodies(sqs, url) == ["kept"]


def test_message_structure_must_be_json(sns, topic):
    assert error(sns.publish, TopicArn=topic, Message='{"default": "x"}', MessageStructure="xml") == invalid("Invalid parameter: MessageStructure")


def test_number_attributes_must_be_numbers(sns, topic):
    found = error(sns.publish, TopicArn=topic, Message="m", MessageAttributes={"n": {"DataType": "Number", "StringValue": "ten"}})
    assert found["Code"] == "ParameterValueInvalid"
