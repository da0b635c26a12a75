"""Message move tasks: moving the messages of a dead-letter queue back to their source
queues, or to another queue (StartMessageMoveTask, ListMessageMoveTasks,
CancelMessageMoveTask).

A task moves the messages its dead-letter queue holds when it starts (those not in
flight), oldest first: all of them at once, or ``MaxNumberOfMessagesPerSecond`` a
second on the mock's clock, as far as the clock has gone whenever the task or one of
its queues is next looked at. Without a ``DestinationArn``, each message goes back to
the queue it was dead-lettered from (``DeadLetterQueueSourceArn``). A moved message is
a new message in its destination (a new id, sent now) with the body, attributes and
trace header it had.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Any

from eventmock.core import arns, clock, ids
from eventmock.core.errors import ServiceError
from eventmock.services.sqs.base import SqsBase
from eventmock.services.sqs.errors import _error, _invalid_parameter
from eventmock.services.sqs.models import Message, Queue

#: How many tasks ListMessageMoveTasks can list per source queue (AWS: the ten latest).
MAX_TASKS_LISTED = 10


@dataclass(eq=False)
class MoveTask:
    id: str
    source_arn: str
    destination_arn: str | None
    rate: int | None
    started_ms: int
    #: The ids of the messages still to move, oldest first.
    pending: list[str]
    to_move: int
    moved: int = 0
    status: str = "RUNNING"
    failure: str | None = None
    handle: str = field(default="")

    def entry(self) -> dict[str, Any]:
        """The task as ListMessageMoveTasks answers it."""
        out: dict[str, Any] = {
            "Status": self.status,
            "SourceArn": self.source_arn,
            "ApproximateNumberOfMessagesMoved": self.moved,
            "ApproximateNumberOfMessagesToMove": self.to_move,
            "StartedTimestamp": self.started_ms,
        }
        if self.status == "RUNNING":
            out["TaskHandle"] = self.handle
        if self.destination_arn is not None:
            out["DestinationArn"] = self.destination_arn
        if self.rate is not None:
            out["MaxNumberOfMessagesPerSecond"] = self.rate
        if self.failure is not None:
            out["FailureReason"] = self.failure
        return out


def _not_found(parameter: str) -> ServiceError:
    return _error("ResourceNotFoundException", f"The resource that you specified for the {parameter} parameter doesn't exist.")


class MoveTasks(SqsBase):
    """StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask."""

    def _tasks_of(self, source_arn: str) -> list[MoveTask]:
        """The tasks of a source queue, latest last (bounded: :data:`MAX_TASKS_LISTED`)."""
        tasks: list[MoveTask] = self.move_tasks.setdefault(source_arn, [])
        return tasks

    def _advance_moves(self, now: int) -> None:
        """Move what the running tasks of this backend have moved by ``now``."""
        for tasks in list(self.move_tasks.values()):
            if tasks and tasks[-1].status == "RUNNING":
                self._advance(tasks[-1], now)

    def _advance(self, task: MoveTask, now: int) -> None:
        source = self._queue_by_arn(task.source_arn)
        due = len(task.pending) if task.rate is None else max(0, (now - task.started_ms) * task.rate // 1000 - task.moved)
        while due > 0 and task.pending and source is not None:
            message = source.messages.get(task.pending[0])
            task.pending.pop(0)
            if message is None:  # deleted or received away meanwhile
                continue
            destination_arn = task.destination_arn or message.dead_letter_source_arn
            destination = self._queue_by_arn(destination_arn) if destination_arn else None
            if destination is None:
                task.status, task.failure = "FAILED", "AWS.SimpleQueueService.NonExistentQueue"
                return
            source.remove(message)
            destination.append(self._moved(destination, message, now))
            task.moved += 1
            due -= 1
        if source is None:
            task.status, task.failure = "FAILED", "AWS.SimpleQueueService.NonExistentQueue"
        elif not task.pending:
            task.status = "COMPLETED"

    def _moved(self, destination: Queue, message: Message, now: int) -> Message:
        return Message(
            id=ids.uuid4(),
            body=message.body,
            md5_of_body=message.md5_of_body,
            attributes=message.attributes,
            md5_of_attributes=message.md5_of_attributes,
            sender_id=message.sender_id,
            sent_ms=now,
            available_ms=None if destination.fifo else now,
            group_id=message.group_id,
            deduplication_id=message.deduplication_id,
            sequence_number=destination.next_sequence() if destination.fifo else None,
            trace_header=message.trace_header,
        )

    def start_message_move_task(
        self, SourceArn: str, DestinationArn: str | None = None, MaxNumberOfMessagesPerSecond: int | None = None
    ) -> dict[str, Any]:
        source = self._queue_by_arn(SourceArn)
        if source is None:
            raise _not_found("SourceArn")
        owner = self._owner_of_arn(SourceArn)
        if not any((target := q.redrive_target()) is not None and target[0] == SourceArn for q in owner.queues.values()):
            raise _invalid_parameter("Source queue must be configured as a Dead Letter Queue.")
        if DestinationArn is not None and self._queue_by_arn(DestinationArn) is None:
            raise _not_found("DestinationArn")
        if MaxNumberOfMessagesPerSecond is not None and not 1 <= MaxNumberOfMessagesPerSecond <= 500:
            raise _invalid_parameter(
                f"Value {MaxNumberOfMessagesPerSecond} for parameter MaxNumberOfMessagesPerSecond is invalid. "
                "Reason: Must be between 1 and 500."
            )
        now = clock.epoch_ms()
        self._advance_moves(now)
        tasks = self._tasks_of(SourceArn)
        if tasks and tasks[-1].status == "RUNNING":
            raise _invalid_parameter("There is already a task running. Only one active task is allowed for a source queue arn at a given time.")
        pending = [m.id for m in source.messages.values() if m.visible_ms <= now]
        task = MoveTask(ids.uuid4(), SourceArn, DestinationArn, MaxNumberOfMessagesPerSecond, now, pending, len(pending))
        task.handle = base64.b64encode(json.dumps({"taskId": task.id, "sourceArn": SourceArn}).encode()).decode()
        tasks.append(task)
        del tasks[:-MAX_TASKS_LISTED]
        self._advance(task, now)
        return {"TaskHandle": task.handle}

    def _owner_of_arn(self, queue_arn: str) -> SqsBase:
        """The backend of the queue an ARN names (one :meth:`_queue_by_arn` found)."""
        arn = arns.parse(queue_arn)
        assert arn is not None
        return self._owner(arn.account, arn.region)

    def list_message_move_tasks(self, SourceArn: str, MaxResults: int | None = None) -> dict[str, Any]:
        if self._queue_by_arn(SourceArn) is None:
            raise _not_found("SourceArn")
        if MaxResults is not None and not 1 <= MaxResults <= MAX_TASKS_LISTED:
            raise _invalid_parameter(f"Value {MaxResults} for parameter MaxResults is invalid. Reason: Must be between 1 and 10.")
        self._advance_moves(clock.epoch_ms())
        tasks = self._tasks_of(SourceArn)
        return {"Results": [t.entry() for t in reversed(tasks)][: MaxResults or 1]}

    def cancel_message_move_task(self, TaskHandle: str) -> dict[str, Any]:
        try:
            handle = json.loads(base64.b64decode(TaskHandle, validate=True))
            task_id, source_arn = handle["taskId"], handle["sourceArn"]
        except (binascii.Error, ValueError, TypeError, KeyError):
            raise _invalid_parameter("Value for parameter TaskHandle is invalid.") from None
        if not isinstance(source_arn, str) or self._queue_by_arn(source_arn) is None:
            raise _not_found("SourceArn")
        self._advance_moves(clock.epoch_ms())
        task = next((t for t in self._tasks_of(source_arn) if t.id == task_id and t.status == "RUNNING"), None)
        if task is None:
            raise _error("ResourceNotFoundException", "Task does not exist.")
        task.status = "CANCELLED"
        return {"ApproximateNumberOfMessagesMoved": task.moved}
