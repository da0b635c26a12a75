"""FIFO queues: order within a message group, group locking, sequence numbers,
deduplication, and what a FIFO queue refuses."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from freezegun import freeze_time
from sqs_support import attribute, counts, error_of


def send(sqs, url, body, group, dedup=None, **kwargs):
    return sqs.send_message(QueueUrl=url, MessageBody=body, MessageGroupId=group, MessageDeduplicationId=dedup or body, **kwargs)


def bodies(sqs, url, n=10, **kwargs):
    return [m["Body"] for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=n, **kwargs).get("Messages", [])]


def test_sequence_numbers_increase_and_come_back_on_receive(sqs, fifo):
    sent = [send(sqs, fifo, f"m{i}", "g") for i in range(3)]
    numbers = [s["SequenceNumber"] for s in sent]
    assert all(len(n) == 20 and n.isdigit() for n in numbers)
    assert [int(n) for n in numbers] == sorted(int(n) for n in numbers) and len(set(numbers)) == 3
    messages = sqs.receive_message(QueueUrl=fifo, MaxNumberOfMessages=10, MessageSystemAttributeNames=["All"])["Messages"]
    assert [m["Attributes"]["SequenceNumber"] for m in messages] == numbers
    assert messages[0]["Attributes"]["MessageGroupId"] == "g"
    assert messages[0]["Attributes"]["MessageDeduplicationId"] == "m0"


def test_a_group_is_locked_while_one_of_its_messages_is_in_flight(sqs, fifo):
    for body, group in [("a1", "a"), ("a2", "a"), ("b1", "b")]:
        send(sqs, fifo, body, group)
    [a1] = sqs.receive_message(QueueUrl=fifo)["Messages"]
    assert a1["Body"] == "a1"
    assert bodies(sqs, fifo) == ["b1"]  # group a waits for a1
    assert bodies(sqs, fifo) == []
    sqs.delete_message(QueueUrl=fifo, ReceiptHandle=a1["ReceiptHandle"])
    assert bodies(sqs, fifo) == ["a2"]


def test_a_message_whose_visibility_ends_comes_back_before_the_rest_of_its_group(sqs, fifo):
    with freeze_time("2026-01-01 00:00:00") as frozen:
        for i in range(3):
            send(sqs, fifo, f"m{i}", "g")
        assert bodies(sqs, fifo, n=1) == ["m0"]
        frozen.tick(dt.timedelta(seconds=30))
        assert bodies(sqs, fifo, n=2) == ["m0", "m1"]
        assert counts(sqs, fifo) == (1, 2, 0)


def test_receive_returns_as_many_messages_of_one_group_as_it_can(sqs, fifo):
    for body, group in [("a1", "a"), ("b1", "b"), ("a2", "a"), ("b2", "b"), ("c1", "c")]:
        send(sqs, fifo, body, group)
    assert bodies(sqs, fifo, n=3) == ["a1", "a2", "b1"]
    assert bodies(sqs, fifo) == ["c1"]  # b is locked by b1


def test_explicit_deduplication_ids_drop_duplicates_for_five_minutes(sqs, fifo):
    with freeze_time("2026-01-01 00:00:00") as frozen:
        first = send(sqs, fifo, "one", "g", dedup="d")
        duplicate = send(sqs, fifo, "other body", "g", dedup="d")
        assert (duplicate["MessageId"], duplicate["SequenceNumber"]) == (first["MessageId"], first["SequenceNumber"])
        assert counts(sqs, fifo) == (1, 0, 0)
        [message] = sqs.receive_message(QueueUrl=fifo)["Messages"]
        sqs.delete_message(QueueUrl=fifo, ReceiptHandle=message["ReceiptHandle"])
        frozen.tick(dt.timedelta(minutes=4, seconds=59))
        send(sqs, fifo, "still a duplicate", "g", dedup="d")
        assert counts(sqs, fifo) == (0, 0, 0)
        frozen.tick(dt.timedelta(seconds=1))
        assert send(sqs, fifo, "new", "g", dedup="d")["MessageId"] != first["MessageId"]
        assert bodies(sqs, fifo) == ["new"]


def test_content_based_deduplication_uses_the_sha256_of_the_body(sqs):
    url = sqs.create_queue(QueueName="cbd.fifo", Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"})["QueueUrl"]
    first = sqs.send_message(QueueUrl=url, MessageBody="same", MessageGroupId="g")
    again = sqs.send_message(QueueUrl=url, MessageBody="same", MessageGroupId="h")
    assert again["MessageId"] == first["MessageId"]
    sqs.send_message(QueueUrl=url, MessageBody="same", MessageGroupId="g", MessageDeduplicationId="explicit")
    [message, _] = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["MessageDeduplicationId"])["Messages"]
    assert message["Attributes"]["MessageDeduplicationId"] == hashlib.sha256(b"same").hexdigest()


def test_deduplication_scope_message_group(sqs):
    url = sqs.create_queue(QueueName="scoped.fifo", Attributes={"FifoQueue": "true", "DeduplicationScope": "messageGroup"})["QueueUrl"]
    send(sqs, url, "x", "g1", dedup="d")
    send(sqs, url, "y", "g2", dedup="d")
    send(sqs, url, "z", "g1", dedup="d")
    assert sorted(bodies(sqs, url)) == ["x", "y"]


def test_queue_delay_of_a_fifo_queue_applies_to_messages_already_sent(sqs):
    url = sqs.create_queue(QueueName="slow.fifo", Attributes={"FifoQueue": "true", "DelaySeconds": "60"})["QueueUrl"]
    with freeze_time("2026-01-01 00:00:00") as frozen:
        send(sqs, url, "waiting", "g")
        assert counts(sqs, url) == (0, 0, 1)
        frozen.tick(dt.timedelta(seconds=10))
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"DelaySeconds": "10"})
        assert bodies(sqs, url) == ["waiting"]


def test_what_a_fifo_queue_refuses(sqs, fifo):
    with pytest.raises(sqs.exceptions.ClientError) as info:
        sqs.send_message(QueueUrl=fifo, MessageBody="m", MessageDeduplicationId="d")
    assert error_of(info) == ("MissingParameter", "The request must contain the parameter MessageGroupId.")
    assert info.value.response["Error"]["QueryErrorCode"] == "MissingRequiredParameterException"
    with pytest.raises(sqs.exceptions.ClientError) as info:
        sqs.send_message(QueueUrl=fifo, MessageBody="m", MessageGroupId="g")
    assert error_of(info) == (
        "InvalidParameterValue",
        "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
    )
    with pytest.raises(sqs.exceptions.ClientError) as info:
        send(sqs, fifo, "m", "g", DelaySeconds=2)
    assert error_of(info) == (
        "InvalidParameterValue",
        "Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.",
    )
    with pytest.raises(sqs.exceptions.ClientError) as info:
        send(sqs, fifo, "m", "g" * 129)
    assert "MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length." in error_of(info)[1]
    assert counts(sqs, fifo) == (0, 0, 0)
    send(sqs, fifo, "zero delay is fine", "g", dedup="z", DelaySeconds=0)


def test_a_fifo_batch_without_group_or_deduplication_id_is_refused_whole(sqs, fifo):
    for entries, message in [
        (
            [{"Id": "1", "MessageBody": "a", "MessageGroupId": "g", "MessageDeduplicationId": "1"}, {"Id": "2", "MessageBody": "b", "MessageDeduplicationId": "2"}],
            "The request must contain the parameter MessageGroupId.",
        ),
        (
            [{"Id": "1", "MessageBody": "a", "MessageGroupId": "g"}],
            "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
        ),
    ]:
        with pytest.raises(sqs.exceptions.ClientError) as info:
            sqs.send_message_batch(QueueUrl=fifo, Entries=entries)
        assert error_of(info) == ("InvalidParameterValue", message)
    assert counts(sqs, fifo) == (0, 0, 0)
    response = sqs.send_message_batch(
        QueueUrl=fifo, Entries=[{"Id": str(i), "MessageBody": f"b{i}", "MessageGroupId": "g", "MessageDeduplicationId": str(i)} for i in range(3)]
    )
    assert [int(s["SequenceNumber"]) for s in response["Successful"]] == sorted(int(s["SequenceNumber"]) for s in response["Successful"])
    assert bodies(sqs, fifo) == ["b0", "b1", "b2"]


def test_a_fifo_receipt_handle_expires_with_the_visibility_timeout(sqs, fifo):
    with freeze_time("2026-01-01 00:00:00") as frozen:
        send(sqs, fifo, "late", "g")
        [message] = sqs.receive_message(QueueUrl=fifo, VisibilityTimeout=10)["Messages"]
        frozen.tick(dt.timedelta(seconds=10))
        handle = message["ReceiptHandle"]
        with pytest.raises(sqs.exceptions.ClientError) as info:
            sqs.delete_message(QueueUrl=fifo, ReceiptHandle=handle)
        assert error_of(info) == ("InvalidParameterValue", f"Value {handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.")
        with pytest.raises(sqs.exceptions.ClientError) as info:
            sqs.change_message_visibility(QueueUrl=fifo, ReceiptHandle=handle, VisibilityTimeout=60)
        assert error_of(info)[1].endswith("Reason: The receipt handle has expired.")
        [again] = sqs.receive_message(QueueUrl=fifo)["Messages"]
        sqs.delete_message(QueueUrl=fifo, ReceiptHandle=again["ReceiptHandle"])
        assert counts(sqs, fifo) == (0, 0, 0)


def test_a_fifo_dead_letter_queue_keeps_group_and_deduplication_id(sqs, fifo):
    dlq = sqs.create_queue(QueueName="dead.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    policy = json.dumps({"deadLetterTargetArn": attribute(sqs, dlq, "QueueArn"), "maxReceiveCount": 1})
    sqs.set_queue_attributes(QueueUrl=fifo, Attributes={"RedrivePolicy": policy})
    send(sqs, fifo, "poison", "g", dedup="d")
    assert bodies(sqs, fifo, VisibilityTimeout=0) == ["poison"]
    assert bodies(sqs, fifo) == []
    [dead] = sqs.receive_message(QueueUrl=dlq, AttributeNames=["All"])["Messages"]
    assert (dead["Body"], dead["Attributes"]["MessageGroupId"], dead["Attributes"]["MessageDeduplicationId"]) == ("poison", "g", "d")


def test_deduplication_keeps_the_scope_the_queue_was_created_with(sqs):
    """As AWS answered (LocalStack's recorded test_fifo_change_to_*_throughput_after_creation):
    changing ``DeduplicationScope`` later changes the attribute, not the deduplication."""
    per_queue = sqs.create_queue(QueueName="per-queue.fifo", Attributes={"FifoQueue": "true", "DeduplicationScope": "queue"})["QueueUrl"]
    send(sqs, per_queue, "Test1", "group1", "same")
    sqs.set_queue_attributes(QueueUrl=per_queue, Attributes={"DeduplicationScope": "messageGroup", "FifoThroughputLimit": "perMessageGroupId"})
    assert attribute(sqs, per_queue, "DeduplicationScope") == "messageGroup"
    send(sqs, per_queue, "Test2", "group2", "same")  # a duplicate still
    assert bodies(sqs, per_queue) == ["Test1"]
    per_group = sqs.create_queue(
        QueueName="per-group.fifo", Attributes={"FifoQueue": "true", "DeduplicationScope": "messageGroup", "FifoThroughputLimit": "perMessageGroupId"}
    )["QueueUrl"]
    send(sqs, per_group, "Test1", "group1", "same")
    sqs.set_queue_attributes(QueueUrl=per_group, Attributes={"DeduplicationScope": "queue", "FifoThroughputLimit": "perQueue"})
    send(sqs, per_group, "Test2", "group2", "same")  # no duplicate: another group
    send(sqs, per_group, "Test3", "group1", "same")  # a duplicate in its group
    assert sorted(bodies(sqs, per_group)) == ["Test1", "Test2"]


def test_receives_with_zero_visibility_serve_the_other_groups_first(sqs, fifo):
    """As AWS answered (LocalStack's test_fifo_receive_message_with_zero_visibility_timeout):
    a group received from comes after the groups that were waiting."""
    for body, group in [("g1-m1", "1"), ("g2-m1", "2"), ("g2-m2", "2"), ("g3-m1", "3"), ("g1-m2", "1")]:
        send(sqs, fifo, body, group)
    assert bodies(sqs, fifo, n=3, VisibilityTimeout=0) == ["g1-m1", "g1-m2", "g2-m1"]
    assert bodies(sqs, fifo, VisibilityTimeout=0) == ["g3-m1", "g1-m1", "g1-m2", "g2-m1", "g2-m2"]


def test_groups_received_in_turn_come_back_in_that_order(sqs, fifo):
    """AWS's order (test_fifo_receive_message_visibility_timeout_shared_in_group)."""
    with freeze_time("2026-01-01 00:00:00") as frozen:
        for body, group in [("g1-m1", "1"), ("g1-m2", "1"), ("g1-m3", "1"), ("g2-m1", "2"), ("g3-m1", "3")]:
            send(sqs, fifo, body, group)
        assert bodies(sqs, fifo, n=2) == ["g1-m1", "g1-m2"]
        assert bodies(sqs, fifo, n=1) == ["g2-m1"]
        frozen.tick(dt.timedelta(seconds=31))
        assert bodies(sqs, fifo, VisibilityTimeout=0) == ["g3-m1", "g1-m1", "g1-m2", "g1-m3", "g2-m1"]


@pytest.mark.parametrize(("extended", "expected"), [(0, []), (1, ["foo"]), (2, ["foo", "bar"])])
def test_a_group_is_served_up_to_its_first_message_in_flight(sqs, extended, expected):
    """As AWS answered (test_fifo_group_visibility_extends_with_change_message_visibility):
    extending one message's visibility hides it and the group's messages after it, not
    the visible ones before it."""
    url = sqs.create_queue(QueueName="q.fifo", Attributes={"FifoQueue": "true", "VisibilityTimeout": "1"})["QueueUrl"]
    with freeze_time("2026-01-01 00:00:00") as frozen:
        for body in ("foo", "bar", "baz"):
            send(sqs, url, body, "1")
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=5)["Messages"]
        assert [m["Body"] for m in messages] == ["foo", "bar", "baz"]
        sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=messages[extended]["ReceiptHandle"], VisibilityTimeout=4)
        frozen.tick(dt.timedelta(seconds=2.5))
        assert bodies(sqs, url, n=5) == expected


def test_a_message_made_visible_again_is_served_while_the_rest_of_its_group_is_in_flight(sqs, fifo):
    """As AWS answered (test_fifo_message_group_visibility_after_terminate_visibility_timeout)."""
    for body, group in [("g1-m1", "1"), ("g1-m2", "1"), ("g2-m1", "2")]:
        send(sqs, fifo, body, group)
    messages = sqs.receive_message(QueueUrl=fifo, MaxNumberOfMessages=2)["Messages"]
    assert [m["Body"] for m in messages] == ["g1-m1", "g1-m2"]
    sqs.change_message_visibility(QueueUrl=fifo, ReceiptHandle=messages[0]["ReceiptHandle"], VisibilityTimeout=0)
    assert bodies(sqs, fifo, n=3) == ["g2-m1", "g1-m1"]


def test_a_group_unlocked_by_deletes_takes_its_place_by_its_next_message(sqs, fifo):
    """As AWS answered (test_fifo_message_group_visibility_after_delete): groups are served
    in the order their first messages became receivable; deleting what was received of
    group 1 puts it where its next message (sent before g3-m1) stands."""
    for body, group in [("g1-m1", "1"), ("g2-m1", "2"), ("g1-m2", "1"), ("g2-m2", "2"), ("g1-m3", "1"), ("g1-m4", "1"), ("g3-m1", "3")]:
        send(sqs, fifo, body, group)
    messages = sqs.receive_message(QueueUrl=fifo, MaxNumberOfMessages=2)["Messages"]
    assert [m["Body"] for m in messages] == ["g1-m1", "g1-m2"]
    for message in messages:
        sqs.delete_message(QueueUrl=fifo, ReceiptHandle=message["ReceiptHandle"])
    assert bodies(sqs, fifo) == ["g2-m1", "g2-m2", "g1-m3", "g1-m4", "g3-m1"]


def test_a_partly_deleted_group_stays_locked(sqs, fifo):
    """As AWS answered (test_fifo_message_group_visibility_after_partial_delete)."""
    for body, group in [("g1-m1", "1"), ("g2-m1", "2"), ("g1-m2", "1"), ("g2-m2", "2"), ("g1-m3", "1"), ("g3-m1", "3")]:
        send(sqs, fifo, body, group)
    messages = sqs.receive_message(QueueUrl=fifo, MaxNumberOfMessages=2)["Messages"]
    sqs.delete_message(QueueUrl=fifo, ReceiptHandle=messages[0]["ReceiptHandle"])
    assert bodies(sqs, fifo) == ["g2-m1", "g2-m2", "g3-m1"]
