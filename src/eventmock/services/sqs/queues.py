"""Queues: CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, PurgeQueue."""

from __future__ import annotations

import re
from typing import Any

from eventmock.core import clock, pagination
from eventmock.services.sqs.attributes import _FIFO_DEFAULTS, _STANDARD_DEFAULTS, Attributes, trimmed
from eventmock.services.sqs.errors import _error, _invalid_attribute_value, _invalid_parameter, _queue_does_not_exist
from eventmock.services.sqs.models import _ACCOUNT, MAX_LIST_RESULTS, QUEUE_NAME_REUSE_MS, Queue
from eventmock.services.sqs.tags import Tags

_QUEUE_NAME = re.compile(r"[A-Za-z0-9_-]{1,80}")
_FIFO_QUEUE_NAME = re.compile(r"[A-Za-z0-9_-]{1,75}\.fifo")


class Queues(Tags, Attributes):
    """CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, PurgeQueue."""

    def create_queue(self, QueueName: str, Attributes: dict[str, str] | None = None, tags: dict[str, str] | None = None) -> dict[str, Any]:
        attributes = trimmed(Attributes or {})
        fifo_flag = attributes.get("FifoQueue")
        fifo = fifo_flag is not None and fifo_flag.lower() == "true"
        if fifo_flag is not None and fifo_flag.lower() not in ("true", "false"):
            raise _invalid_attribute_value("FifoQueue")
        if fifo and not _FIFO_QUEUE_NAME.fullmatch(QueueName):
            raise _invalid_parameter(
                "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, "
                "must end with .fifo suffix and be 1 to 80 in length."
            )
        if not fifo and not _QUEUE_NAME.fullmatch(QueueName):
            raise _invalid_parameter("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")
        checked = self._checked_attributes(attributes, fifo, True)
        self._check_tags(tags or {}, QueueName)
        now = clock.epoch_ms()
        existing = self.queues.get(QueueName)
        if existing is not None:
            for name, value in checked.items():
                if existing.attributes.get(name) != value:
                    raise _error("QueueNameExists", f"A queue already exists with the same name and a different value for attribute {name}")
            return {"QueueUrl": self._url(existing)}
        deleted = self.deleted.get(QueueName)
        if deleted is not None and now - deleted < QUEUE_NAME_REUSE_MS:
            raise _error(
                "QueueDeletedRecently", "You must wait 60 seconds after deleting a queue before you can create another with the same name."
            )
        seconds = now // 1000
        queue = Queue(
            QueueName,
            self.account_id,
            self.region,
            fifo,
            dict(_FIFO_DEFAULTS if fifo else _STANDARD_DEFAULTS),
            seconds,
            seconds,
            dict(tags or {}),
        )
        self._apply_attributes(queue, checked)
        queue.deduplicates_per_group = queue.attributes.get("DeduplicationScope") == "messageGroup"
        self.queues[QueueName] = queue
        self.deleted.pop(QueueName, None)
        return {"QueueUrl": self._url(queue)}

    def get_queue_url(self, QueueName: str, QueueOwnerAWSAccountId: str | None = None) -> dict[str, Any]:
        account_id = QueueOwnerAWSAccountId or self.account_id
        if not _ACCOUNT.fullmatch(account_id):
            raise _queue_does_not_exist()
        queue = self._owner(account_id, self.region).queues.get(QueueName)
        if queue is None:
            raise _queue_does_not_exist()
        return {"QueueUrl": self._url(queue)}

    def list_queues(self, QueueNamePrefix: str | None = None, NextToken: str | None = None, MaxResults: int | None = None) -> dict[str, Any]:
        if MaxResults is not None and not 1 <= MaxResults <= MAX_LIST_RESULTS:
            raise _invalid_parameter(
                f"Value {MaxResults} for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000."
            )
        names = sorted(n for n in self.queues if n.startswith(QueueNamePrefix or ""))
        try:
            page, token = pagination.page(names, NextToken, MaxResults or MAX_LIST_RESULTS)
        except pagination.InvalidToken:
            raise _invalid_parameter("Invalid NextToken value.") from None
        if not page:
            return {}
        return {"QueueUrls": [self._url(self.queues[n]) for n in page], "NextToken": token if MaxResults is not None else None}

    def delete_queue(self, QueueUrl: str) -> None:
        owner, queue = self._locate(QueueUrl)
        del owner.queues[queue.name]
        owner.deleted[queue.name] = clock.epoch_ms()

    def purge_queue(self, QueueUrl: str) -> None:
        queue = self._queue(QueueUrl)
        now = clock.epoch_ms()
        if queue.purged_ms is not None and now - queue.purged_ms < self.store.limit("sqs.purge_interval") * 1000:
            self.refuse(
                "sqs.purge-interval",
                _error("PurgeQueueInProgress", f"Only one PurgeQueue operation on {queue.name} is allowed every 60 seconds."),
            )
        queue.clear()
        queue.purged_ms = now
