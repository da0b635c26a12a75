"""SQS messages: send, receive, attributes and their MD5s, visibility, delays, delete,
batches, retention and dead-letter queues (standard queues; FIFO in test_fifo.py)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re

import pytest
from freezegun import freeze_time
from sqs_support import attribute, counts, error_of, md5

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")

# Message attributes and the MD5 digests AWS answered for them (recorded against AWS in
# LocalStack's snapshot tests for SQS; the algorithm is in the SQS developer guide).
HELLO = {
    "Help.Me": {"DataType": "String", "StringValue": "Me"},
    "Hello": {"DataType": "String", "StringValue": "There"},
    "General": {"DataType": "String", "StringValue": "Kenobi"},
}
HELLO_MD5 = "4c360f3fdafd970e05fae2f149d997f5"
BINARY = {"attr1": {"DataType": "Binary", "BinaryValue": b"traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01"}}
BINARY_MD5 = "8cbe4db156db8a94db8b801b7addb984"


def receive(sqs, url, **kwargs):
    return sqs.receive_message(QueueUrl=url, **kwargs).get("Messages", [])


def test_send_and_receive_a_message(sqs, queue):
    sent = sqs.send_message(QueueUrl=queue, MessageBody="msg")
    assert UUID.fullmatch(sent["MessageId"])
    assert sent["MD5OfMessageBody"] == md5("msg") == "6e2baaf3b97dbeef01c0043275f9a0e7"
    assert set(sent) == {"MessageId", "MD5OfMessageBody", "ResponseMetadata"}
    [message] = receive(sqs, queue)
    assert set(message) == {"MessageId", "ReceiptHandle", "MD5OfBody", "Body"}
    assert (message["MessageId"], message["Body"], message["MD5OfBody"]) == (sent["MessageId"], "msg", md5("msg"))


def test_an_empty_queue_answers_no_messages_key(sqs, queue):
    response = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=20)  # never blocks
    assert set(response) == {"ResponseMetadata"}


def test_md5_of_message_attributes_is_the_one_aws_computes(sqs, queue):
    assert sqs.send_message(QueueUrl=queue, MessageBody="msg", MessageAttributes=HELLO)["MD5OfMessageAttributes"] == HELLO_MD5
    assert sqs.send_message(QueueUrl=queue, MessageBody="bin", MessageAttributes=BINARY)["MD5OfMessageAttributes"] == BINARY_MD5
    [first, second] = receive(sqs, queue, MaxNumberOfMessages=10, MessageAttributeNames=["All"])
    assert (first["MessageAttributes"], first["MD5OfMessageAttributes"]) == (HELLO, HELLO_MD5)
    assert (second["MessageAttributes"], second["MD5OfMessageAttributes"]) == (BINARY, BINARY_MD5)
    assert type(second["MessageAttributes"]["attr1"]["BinaryValue"]) is bytes


@pytest.mark.parametrize(
    ("names", "expected", "expected_md5"),
    [
        (["All"], ["General", "Hello", "Help.Me"], HELLO_MD5),
        (["*"], ["General", "Hello", "Help.Me"], HELLO_MD5),
        ([".*"], ["General", "Hello", "Help.Me"], HELLO_MD5),
        (["Hello", "General"], ["General", "Hello"], "fca026605781cb4126a1e9044df24232"),
        (["Foo", "Hello"], ["Hello"], "a311262e065454b75da111d535b8dacd"),
        (["Hel.*"], ["Hello", "Help.Me"], "83fee93c1bcd8b9a5a923ffacdc636c7"),
        (["Foo", "Help"], [], None),
    ],
)
def test_message_attribute_names_select_by_name_prefix_or_all(sqs, queue, names, expected, expected_md5):
    sqs.send_message(QueueUrl=queue, MessageBody="msg", MessageAttributes=HELLO)
    [message] = receive(sqs, queue, MessageAttributeNames=names, VisibilityTimeout=0)
    assert sorted(message.get("MessageAttributes", {})) == expected
    assert ("MessageAttributes" in message) == bool(expected)  # none selected: AWS omits the key
    assert message.get("MD5OfMessageAttributes") == expected_md5


@pytest.mark.parametrize("names", [[], ["AWS."], ["..foo"]])
def test_no_or_only_invalid_attribute_names_select_nothing(sqs, queue, names):
    sqs.send_message(QueueUrl=queue, MessageBody="msg", MessageAttributes=HELLO)
    [message] = receive(sqs, queue, MessageAttributeNames=names)
    assert "MessageAttributes" not in message and "MD5OfMessageAttributes" not in message


def test_system_attributes_are_strings_in_epoch_milliseconds(sqs, queue):
    with freeze_time("2026-05-06 07:08:09.123") as frozen:
        sqs.send_message(QueueUrl=queue, MessageBody="timed")
        frozen.tick(dt.timedelta(seconds=2))
        [first] = receive(sqs, queue, MessageSystemAttributeNames=["All"], VisibilityTimeout=0)
        frozen.tick(dt.timedelta(seconds=3))
        [second] = receive(sqs, queue, AttributeNames=["All"])
    sent = int(dt.datetime(2026, 5, 6, 7, 8, 9, 123000, tzinfo=dt.timezone.utc).timestamp() * 1000)
    assert first["Attributes"] == {
        "SenderId": "123456789012",
        "SentTimestamp": str(sent),
        "ApproximateReceiveCount": "1",
        "ApproximateFirstReceiveTimestamp": str(sent + 2000),
    }
    assert second["Attributes"]["ApproximateReceiveCount"] == "2"
    assert second["Attributes"]["ApproximateFirstReceiveTimestamp"] == str(sent + 2000)


def test_only_the_system_attributes_asked_for_are_returned(sqs, queue):
    sqs.send_message(QueueUrl=queue, MessageBody="m")
    [message] = receive(sqs, queue, MessageSystemAttributeNames=["SentTimestamp"], AttributeNames=["ApproximateReceiveCount"])
    assert sorted(message["Attributes"]) == ["ApproximateReceiveCount", "SentTimestamp"]


def test_a_received_message_is_invisible_until_its_visibility_timeout_ends(sqs, queue):
    with freeze_time("2026-01-01 00:00:00") as frozen:
        sqs.send_message(QueueUrl=queue, MessageBody="once")
        [first] = receive(sqs, queue)
        assert receive(sqs, queue) == []
        assert counts(sqs, queue) == (0, 1, 0)
        frozen.tick(dt.timedelta(seconds=29))
        assert receive(sqs, queue) == []
        frozen.tick(dt.timedelta(seconds=1))
        assert counts(sqs, queue) == (1, 0, 0)
        [again] = receive(sqs, queue, AttributeNames=["ApproximateReceiveCount"])
    assert again["MessageId"] == first["MessageId"]
    assert again["ReceiptHandle"] != first["ReceiptHandle"]
    assert again["Attributes"]["ApproximateReceiveCount"] == "2"


def test_visibility_timeout_of_the_queue_and_of_the_receive(sqs):
    url = sqs.create_queue(QueueName="slow", Attributes={"VisibilityTimeout": "5"})["QueueUrl"]
    with freeze_time("2026-01-01 00:00:00") as frozen:
        sqs.send_message(QueueUrl=url, MessageBody="a")
        receive(sqs, url)
        frozen.tick(dt.timedelta(seconds=5))
        assert len(receive(sqs, url, VisibilityTimeout=100)) == 1
        frozen.tick(dt.timedelta(seconds=99))
        assert receive(sqs, url) == []
        frozen.tick(dt.timedelta(seconds=1))
        assert len(receive(sqs, url, VisibilityTimeout=0)) == 1
        assert len(receive(sqs, url)) == 1  # visible again at once


def test_receive_returns_up_to_max_number_of_messages_oldest_first(sqs, queue):
    for i in range(12):
        sqs.send_message(QueueUrl=queue, MessageBody=str(i))
    assert [m["Body"] for m in receive(sqs, queue)] == ["0"]
    assert [m["Body"] for m in receive(sqs, queue, MaxNumberOfMessages=10)] == [str(i) for i in range(1, 11)]
    assert [m["Body"] for m in receive(sqs, queue, MaxNumberOfMessages=10)] == ["11"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"MaxNumberOfMessages": 11}, "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided."),
        ({"MaxNumberOfMessages": 0}, "Value 0 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided."),
        ({"WaitTimeSeconds": 21}, "Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided."),
        ({"VisibilityTimeout": 43201}, "Value 43201 for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200, if provided."),
    ],
)
def test_receive_parameters_out_of_range(sqs, queue, kwargs, message):
    sqs.send_message(QueueUrl=queue, MessageBody="untouched")
    with pytest.raises(sqs.exceptions.ClientError) as info:
        sqs.receive_message(QueueUrl=queue, **kwargs)
    assert error_of(info) == ("InvalidParameterValue", message)
    assert counts(sqs, queue) == (1, 0, 0)


def test_delayed_messages_become_visible_after_their_delay(sqs):
    url = sqs.create_queue(QueueName="delayed", Attributes={"DelaySeconds": "10"})["QueueUrl"]
    with freeze_time("2026-01-01 00:00:00") as frozen:
        sqs.send_message(QueueUrl=url, MessageBody="queue delay")
        sqs.send_message(QueueUrl=url, MessageBody="own delay", DelaySeconds=3)
        sqs.send_message(QueueUrl=url, MessageBody="no delay", DelaySeconds=0)
        assert counts(sqs, url) == (1, 0, 2)
        assert [m["Body"] for m in receive(sqs, url, MaxNumberOfMessages=10)] == ["no delay"]
        frozen.tick(dt.timedelta(seconds=3))
        assert [m["Body"] for m in receive(sqs, url, MaxNumberOfMessages=10)] == ["own delay"]
        # A standard queue's delay applies when a message is sent, not retroactively.
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"DelaySeconds": "0"})
        assert receive(sqs, url) == []
        frozen.tick(dt.timedelta(seconds=7))
        assert [m["Body"] for m in receive(sqs, url)] == ["queue delay"]


def test_delete_message(sqs, queue):
    sqs.send_message(QueueUrl=queue, MessageBody="done")
    [message] = receive(sqs, queue)
    response = sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
    assert set(response) == {"ResponseMetadata"}
    assert counts(sqs, queue) == (0, 0, 0)
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])  # again: success


def test_an_older_receipt_handle_still_deletes_a_standard_queue_message(sqs, queue):
    sqs.send_message(QueueUrl=queue, MessageBody="twice")
    [first] = receive(sqs, queue, VisibilityTimeout=0)
    [second] = receive(sqs, queue)
    assert first["ReceiptHandle"] != second["ReceiptHandle"]
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=first["ReceiptHandle"])
    assert counts(sqs, queue) == (0, 0, 0)


def test_a_receipt_handle_the_queue_did_not_issue_is_invalid(sqs, queue):
    other = sqs.create_queue(QueueName="other")["QueueUrl"]
    sqs.send_message(QueueUrl=other, MessageBody="elsewhere")
    [foreign] = receive(sqs, other)
    messages = {
        "not-a-handle": "The input receipt handle is invalid.",  # AWS's answer quoted in awslabs/amazon-sqs-java-extended-client-lib#16
        foreign["ReceiptHandle"]: f'The receipt handle "{foreign["ReceiptHandle"]}" is not valid for this queue.',  # aws/aws-sdk-java-v2#3101
    }
    for handle, message in messages.items():
        with pytest.raises(sqs.exceptions.ReceiptHandleIsInvalid) as info:
            sqs.delete_message(QueueUrl=queue, ReceiptHandle=handle)
        assert error_of(info) == ("ReceiptHandleIsInvalid", message)
        assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404  # AWS's model: httpError 404
        with pytest.raises(sqs.exceptions.ReceiptHandleIsInvalid):
            sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=10)
    assert counts(sqs, other) == (0, 1, 0)


def test_change_message_visibility(sqs, queue):
    with freeze_time("2026-01-01 00:00:00") as frozen:
        sqs.send_message(QueueUrl=queue, MessageBody="slow work")
        [message] = receive(sqs, queue)
        handle = message["ReceiptHandle"]
        frozen.tick(dt.timedelta(seconds=20))
        sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=60)
        frozen.tick(dt.timedelta(seconds=59))
        assert receive(sqs, queue) == []
        sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=0)
        [again] = receive(sqs, queue)
        assert again["MessageId"] == message["MessageId"]
        # An older handle of the message still works (standard queue).
        sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=0)
        assert counts(sqs, queue) == (1, 0, 0)
        with pytest.raises(sqs.exceptions.ClientError) as info:
            sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=again["ReceiptHandle"], VisibilityTimeout=43201)
        assert error_of(info)[0] == "InvalidParameterValue"
        # Once the message is deleted, no handle of it does.
        sqs.delete_message(QueueUrl=queue, ReceiptHandle=again["ReceiptHandle"])
        with pytest.raises(sqs.exceptions.ClientError) as info:
            sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=5)
        assert error_of(info) == (
            "InvalidParameterValue",
            f"Value {handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.",
        )


@pytest.mark.parametrize(
    ("kwargs", "code", "message"),
    [
        ({"MessageBody": ""}, "MissingParameter", "The request must contain the parameter MessageBody."),
        (
            {"MessageBody": "bell \x07"},
            "InvalidMessageContents",
            "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF",
        ),
        ({"MessageBody": "x" * 1025}, "InvalidParameterValue", "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes."),
        (
            {"MessageBody": "x" * 1000, "MessageAttributes": {"a": {"DataType": "String", "StringValue": "y" * 18}}},
            "InvalidParameterValue",
            "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.",
        ),
        ({"MessageBody": "m", "DelaySeconds": 901}, "InvalidParameterValue", "Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900."),
        (
            {"MessageBody": "m", "MessageDeduplicationId": "d"},
            "InvalidParameterValue",
            "Value d for parameter MessageDeduplicationId is invalid. Reason: The request include parameter that is not valid for this queue type.",
        ),
        (
            {"MessageBody": "m", "MessageAttributes": {"ErrorDetails": {"DataType": "String", "StringValue": ""}}},
            "InvalidParameterValue",
            "Message (user) attribute 'ErrorDetails' must contain a non-empty value of type 'String'.",
        ),
        (
            {"MessageBody": "m", "MessageAttributes": {"n": {"DataType": "Number", "StringValue": "seven"}}},
            "InvalidParameterValue",
            "Can't cast the value of message (user) attribute 'n' to a number.",
        ),
        (
            {"MessageBody": "m", "MessageAttributes": {"t": {"DataType": "Text", "StringValue": "v"}}},
            "InvalidParameterValue",
            "The type of message (user) attribute 't' is invalid. You must use only the following supported type prefixes: Binary, Number, String.",
        ),
        (
            {"MessageBody": "m", "MessageAttributes": {"AWS.trace": {"DataType": "String", "StringValue": "v"}}},
            "InvalidParameterValue",
            "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use. Additionally, they cannot start or end with '.'.",
        ),
        (
            {"MessageBody": "m", "MessageAttributes": {"öther": {"DataType": "String", "StringValue": "v"}}},
            "InvalidParameterValue",
            "Message (user) attributes name can only contain upper and lower score characters, digits, periods, hyphens and underscores. ",
        ),
        (
            {"MessageBody": "m", "MessageAttributes": {f"a{i}": {"DataType": "String", "StringValue": "v"} for i in range(11)}},
            "InvalidParameterValue",
            "Number of message attributes [11] exceeds the allowed maximum [10].",
        ),
    ],
)
def test_invalid_messages_are_refused_and_nothing_is_sent(sqs, kwargs, code, message):
    url = sqs.create_queue(QueueName="small", Attributes={"MaximumMessageSize": "1024"})["QueueUrl"]
    with pytest.raises(sqs.exceptions.ClientError) as info:
        sqs.send_message(QueueUrl=url, **kwargs)
    assert error_of(info) == (code, message)
    assert counts(sqs, url) == (0, 0, 0)


def test_custom_data_types_keep_their_label(sqs, queue):
    attributes = {
        "price": {"DataType": "Number.float", "StringValue": "2.5"},
        "blob": {"DataType": "Binary.gzip", "BinaryValue": b"\x1f\x8b"},
        "tag": {"DataType": "String.label", "StringValue": "x"},
    }
    sent = sqs.send_message(QueueUrl=queue, MessageBody="typed", MessageAttributes=attributes)
    [message] = receive(sqs, queue, MessageAttributeNames=["All"])
    assert message["MessageAttributes"] == attributes
    assert message["MD5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]


def test_send_message_batch_reports_each_entry(sqs, queue):
    response = sqs.send_message_batch(
        QueueUrl=queue,
        Entries=[
            {"Id": "ok-1", "MessageBody": "one", "MessageAttributes": HELLO},
            {"Id": "bad", "MessageBody": "", "DelaySeconds": 1},
            {"Id": "ok_2", "MessageBody": "two", "DelaySeconds": 0},
        ],
    )
    assert [(s["Id"], s["MD5OfMessageBody"]) for s in response["Successful"]] == [("ok-1", md5("one")), ("ok_2", md5("two"))]
    assert response["Successful"][0]["MD5OfMessageAttributes"] == HELLO_MD5
    assert [(f["Id"], f["SenderFault"], f["Code"]) for f in response["Failed"]] == [("bad", True, "EmptyValue")]
    assert [m["Body"] for m in receive(sqs, queue, MaxNumberOfMessages=10)] == ["one", "two"]
    everything_ok = sqs.send_message_batch(QueueUrl=queue, Entries=[{"Id": "a", "MessageBody": "a"}])
    assert "Failed" not in everything_ok  # AWS omits the empty list


def test_an_oversized_batch_entry_fails_with_aws_wording(sqs):
    url = sqs.create_queue(QueueName="small", Attributes={"MaximumMessageSize": "1024"})["QueueUrl"]
    response = sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "big", "MessageBody": "x" * 1025}, {"Id": "ok", "MessageBody": "x"}])
    assert [s["Id"] for s in response["Successful"]] == ["ok"]
    assert response["Failed"] == [
        {
            "Id": "big",
            "SenderFault": True,
            "Code": "InvalidParameterValue",
            "Message": "One or more parameters cannot be validated. Reason: Message must be shorter than 1024 bytes.",
        }
    ]
    everything_failed = sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "big", "MessageBody": "x" * 1025}])
    assert "Successful" not in everything_failed
    assert counts(sqs, url) == (1, 0, 0)


@pytest.mark.parametrize(
    ("entries", "error", "code", "message"),
    [
        ([], "EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", "There should be at least one SendMessageBatchRequestEntry in the request."),
        (
            [{"Id": str(i), "MessageBody": "m"} for i in range(11)],
            "TooManyEntriesInBatchRequest",
            "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
            "Maximum number of entries per request are 10. You have sent 11.",
        ),
        (
            [{"Id": "same", "MessageBody": "a"}, {"Id": "same", "MessageBody": "b"}],
            "BatchEntryIdsNotDistinct",
            "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
            "Id same repeated.",
        ),
        (
            [{"Id": "ok", "MessageBody": "a"}, {"Id": "not:ok", "MessageBody": "b"}],
            "InvalidBatchEntryId",
            "AWS.SimpleQueueService.InvalidBatchEntryId",
            "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.",
        ),
        (
            [{"Id": "a", "MessageBody": "x" * 600_000}, {"Id": "b", "MessageBody": "y" * 600_000}],
            "BatchRequestTooLong",
            "AWS.SimpleQueueService.BatchRequestTooLong",
            "Batch requests cannot be longer than 1048576 bytes. You have sent 1200000 bytes.",
        ),
    ],
)
def test_invalid_batches_are_refused_as_a_whole(sqs, queue, entries, error, code, message):
    with pytest.raises(getattr(sqs.exceptions, error)) as info:
        sqs.send_message_batch(QueueUrl=queue, Entries=entries)
    assert error_of(info) == (code, message)
    assert counts(sqs, queue) == (0, 0, 0)


def test_delete_message_batch(sqs, queue):
    sqs.send_message_batch(QueueUrl=queue, Entries=[{"Id": str(i), "MessageBody": str(i)} for i in range(3)])
    messages = receive(sqs, queue, MaxNumberOfMessages=10)
    entries = [{"Id": f"d{i}", "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages[:2])]
    response = sqs.delete_message_batch(QueueUrl=queue, Entries=[*entries, {"Id": "bad", "ReceiptHandle": "forged"}])
    assert response["Successful"] == [{"Id": "d0"}, {"Id": "d1"}]
    assert response["Failed"] == [
        {"Id": "bad", "SenderFault": True, "Code": "ReceiptHandleIsInvalid", "Message": "The input receipt handle is invalid."}
    ]
    assert counts(sqs, queue) == (0, 1, 0)
    with pytest.raises(sqs.exceptions.EmptyBatchRequest) as info:
        sqs.delete_message_batch(QueueUrl=queue, Entries=[])
    assert error_of(info)[1] == "There should be at least one DeleteMessageBatchRequestEntry in the request."


def test_visibility_extends_to_12_hours_past_the_receive_at_most(sqs, queue):
    with freeze_time("2026-01-01 00:00:00") as frozen:
        sqs.send_message(QueueUrl=queue, MessageBody="slow work")
        [message] = receive(sqs, queue, VisibilityTimeout=600)
        frozen.tick(dt.timedelta(minutes=5))
        with pytest.raises(sqs.exceptions.ClientError) as info:
            sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=43200)
        assert error_of(info) == (
            "InvalidParameterValue",
            "Value 43200 for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]",
        )
        assert counts(sqs, queue) == (0, 1, 0)
        # Up to the limit it is extended; a batch entry past it fails alone.
        sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=43200 - 300)
        response = sqs.change_message_visibility_batch(
            QueueUrl=queue, Entries=[{"Id": "long", "ReceiptHandle": message["ReceiptHandle"], "VisibilityTimeout": 43200 - 299}]
        )
        assert "Successful" not in response
        assert [(f["Id"], f["Code"]) for f in response["Failed"]] == [("long", "InvalidParameterValue")]
        frozen.tick(dt.timedelta(seconds=43200 - 301))
        assert receive(sqs, queue) == []
        frozen.tick(dt.timedelta(seconds=1))
        [again] = receive(sqs, queue)
        # A new receive starts a new 12 hours.
        frozen.tick(dt.timedelta(minutes=5))
        sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=again["ReceiptHandle"], VisibilityTimeout=43200 - 300)


def test_change_message_visibility_batch(sqs, queue):
    with freeze_time("2026-01-01 00:00:00") as frozen:
        sqs.send_message_batch(QueueUrl=queue, Entries=[{"Id": str(i), "MessageBody": str(i)} for i in range(2)])
        first, second = receive(sqs, queue, MaxNumberOfMessages=10)
        response = sqs.change_message_visibility_batch(
            QueueUrl=queue,
            Entries=[
                {"Id": "now", "ReceiptHandle": first["ReceiptHandle"], "VisibilityTimeout": 0},
                {"Id": "later", "ReceiptHandle": second["ReceiptHandle"], "VisibilityTimeout": 300},
                {"Id": "bad", "ReceiptHandle": "forged", "VisibilityTimeout": 1},
            ],
        )
        assert response["Successful"] == [{"Id": "now"}, {"Id": "later"}]
        assert [f["Id"] for f in response["Failed"]] == ["bad"]
        frozen.tick(dt.timedelta(seconds=31))
        assert [m["Body"] for m in receive(sqs, queue, MaxNumberOfMessages=10)] == ["0"]


def test_messages_older_than_the_retention_period_are_gone(sqs):
    url = sqs.create_queue(QueueName="brief", Attributes={"MessageRetentionPeriod": "60"})["QueueUrl"]
    with freeze_time("2026-01-01 00:00:00") as frozen:
        sqs.send_message(QueueUrl=url, MessageBody="old")
        frozen.tick(dt.timedelta(seconds=30))
        sqs.send_message(QueueUrl=url, MessageBody="new")
        frozen.tick(dt.timedelta(seconds=30))
        assert counts(sqs, url) == (1, 0, 0)
        assert [m["Body"] for m in receive(sqs, url, MaxNumberOfMessages=10)] == ["new"]


def test_a_message_received_max_receive_count_times_moves_to_the_dead_letter_queue(sqs, queue):
    dlq = sqs.create_queue(QueueName="jobs-dlq")["QueueUrl"]
    dlq_arn = attribute(sqs, dlq, "QueueArn")
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2})})
    sent = sqs.send_message(QueueUrl=queue, MessageBody="poison", MessageAttributes=HELLO)
    sqs.send_message(QueueUrl=queue, MessageBody="fine")
    assert [m["Body"] for m in receive(sqs, queue, VisibilityTimeout=0)] == ["poison"]
    assert [m["Body"] for m in receive(sqs, queue, VisibilityTimeout=0)] == ["poison"]
    # The third receive moves it (received twice already) and returns the next one.
    assert [m["Body"] for m in receive(sqs, queue, VisibilityTimeout=0)] == ["fine"]
    [dead] = receive(sqs, dlq, AttributeNames=["All"], MessageAttributeNames=["All"])
    assert (dead["MessageId"], dead["Body"], dead["MessageAttributes"]) == (sent["MessageId"], "poison", HELLO)
    assert dead["Attributes"]["DeadLetterQueueSourceArn"] == attribute(sqs, queue, "QueueArn")
    assert sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"] == [queue]
    assert sqs.list_dead_letter_source_queues(QueueUrl=queue)["queueUrls"] == []


def test_a_move_to_the_dead_letter_queue_is_logged(sqs, queue, caplog):
    dlq_arn = attribute(sqs, sqs.create_queue(QueueName="jobs-dlq")["QueueUrl"], "QueueArn")
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 1})})
    sent = sqs.send_message(QueueUrl=queue, MessageBody="poison")
    receive(sqs, queue, VisibilityTimeout=0)
    with caplog.at_level(logging.WARNING, logger="eventmock"):
        assert receive(sqs, queue, VisibilityTimeout=0) == []
    [moved] = [r for r in caplog.records if r.name == "eventmock.delivery"]
    assert moved.levelno == logging.WARNING
    source_arn = attribute(sqs, queue, "QueueArn")
    assert moved.getMessage() == f"moved message {sent['MessageId']} from {source_arn} to its dead-letter queue {dlq_arn} after 1 receives"
