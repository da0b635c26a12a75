"""Message move tasks: a dead-letter queue's messages moved back (StartMessageMoveTask,
ListMessageMoveTasks, CancelMessageMoveTask), as AWS answered in LocalStack's recorded
test_sqs_move_task."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from freezegun import freeze_time
from sqs_support import counts, error_of


def arn_of(sqs, url):
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


@pytest.fixture
def dead_lettered(sqs):
    """A source queue whose two messages went to its dead-letter queue; (source, dlq)."""
    dlq = sqs.create_queue(QueueName="dlq")["QueueUrl"]
    policy = json.dumps({"deadLetterTargetArn": arn_of(sqs, dlq), "maxReceiveCount": 1})
    source = sqs.create_queue(QueueName="source", Attributes={"RedrivePolicy": policy})["QueueUrl"]
    for body in ("m1", "m2"):
        sqs.send_message(QueueUrl=source, MessageBody=body)
    for _ in range(3):
        sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10, VisibilityTimeout=0)
    return source, dlq


def bodies(sqs, url):
    return sorted(m["Body"] for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []))


def test_a_task_moves_the_messages_back_to_their_source(sqs, dead_lettered):
    source, dlq = dead_lettered
    assert counts(sqs, dlq) == (2, 0, 0)
    dlq_arn = arn_of(sqs, dlq)
    assert sqs.start_message_move_task(SourceArn=dlq_arn)["TaskHandle"]
    [task] = sqs.list_message_move_tasks(SourceArn=dlq_arn)["Results"]
    assert {k: v for k, v in task.items() if k != "StartedTimestamp"} == {
        "Status": "COMPLETED",
        "SourceArn": dlq_arn,
        "ApproximateNumberOfMessagesMoved": 2,
        "ApproximateNumberOfMessagesToMove": 2,
    }
    assert isinstance(task["StartedTimestamp"], int)
    assert bodies(sqs, source) == ["m1", "m2"]
    assert counts(sqs, dlq) == (0, 0, 0)


def test_a_rate_limited_task_moves_on_the_clock_and_can_be_cancelled(sqs, dead_lettered):
    source, dlq = dead_lettered
    dlq_arn, source_arn = arn_of(sqs, dlq), arn_of(sqs, source)
    with freeze_time("2026-01-01 00:00:00") as frozen:
        handle = sqs.start_message_move_task(SourceArn=dlq_arn, DestinationArn=source_arn, MaxNumberOfMessagesPerSecond=1)["TaskHandle"]
        with pytest.raises(sqs.exceptions.ClientError) as info:
            sqs.start_message_move_task(SourceArn=dlq_arn)
        assert error_of(info) == (
            "InvalidParameterValue",
            "There is already a task running. Only one active task is allowed for a source queue arn at a given time.",
        )
        frozen.tick(dt.timedelta(seconds=1))
        [running] = sqs.list_message_move_tasks(SourceArn=dlq_arn)["Results"]
        assert (running["Status"], running["ApproximateNumberOfMessagesMoved"], running["TaskHandle"]) == ("RUNNING", 1, handle)
        assert (running["DestinationArn"], running["MaxNumberOfMessagesPerSecond"]) == (source_arn, 1)
        assert sqs.cancel_message_move_task(TaskHandle=handle)["ApproximateNumberOfMessagesMoved"] == 1
        frozen.tick(dt.timedelta(seconds=5))
        [cancelled] = sqs.list_message_move_tasks(SourceArn=dlq_arn)["Results"]
        assert (cancelled["Status"], cancelled["ApproximateNumberOfMessagesMoved"]) == ("CANCELLED", 1)
        assert "TaskHandle" not in cancelled


def test_what_a_move_task_refuses(sqs, dead_lettered, queue):
    source, dlq = dead_lettered
    with pytest.raises(sqs.exceptions.ClientError) as info:
        sqs.start_message_move_task(SourceArn=arn_of(sqs, queue))
    assert error_of(info) == ("InvalidParameterValue", "Source queue must be configured as a Dead Letter Queue.")
    with pytest.raises(sqs.exceptions.ResourceNotFoundException) as info:
        sqs.start_message_move_task(SourceArn=arn_of(sqs, dlq), DestinationArn=arn_of(sqs, queue) + "-gone")
    assert error_of(info) == ("ResourceNotFoundException", "The resource that you specified for the DestinationArn parameter doesn't exist.")
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    with pytest.raises(sqs.exceptions.ClientError) as info:
        sqs.cancel_message_move_task(TaskHandle="not a handle")
    assert error_of(info) == ("InvalidParameterValue", "Value for parameter TaskHandle is invalid.")
    unknown = base64.b64encode(json.dumps({"taskId": "x", "sourceArn": arn_of(sqs, dlq)}).encode()).decode()
    with pytest.raises(sqs.exceptions.ResourceNotFoundException) as info:
        sqs.cancel_message_move_task(TaskHandle=unknown)
    assert error_of(info) == ("ResourceNotFoundException", "Task does not exist.")
    elsewhere = base64.b64encode(json.dumps({"taskId": "x", "sourceArn": arn_of(sqs, dlq) + "-gone"}).encode()).decode()
    with pytest.raises(sqs.exceptions.ResourceNotFoundException) as info:
        sqs.cancel_message_move_task(TaskHandle=elsewhere)
    assert error_of(info) == ("ResourceNotFoundException", "The resource that you specified for the SourceArn parameter doesn't exist.")
