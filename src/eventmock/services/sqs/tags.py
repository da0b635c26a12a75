"""Queue tags: TagQueue, UntagQueue, ListQueueTags."""

from __future__ import annotations

from typing import Any

from eventmock.core import tags as tags_
from eventmock.services.sqs.base import SqsBase
from eventmock.services.sqs.errors import _invalid_parameter
from eventmock.services.sqs.models import MAX_TAG_KEY


class Tags(SqsBase):
    """TagQueue, UntagQueue, ListQueueTags."""

    @staticmethod
    def _check_tags(tags: dict[str, str], queue_name: str, existing: dict[str, str] | None = None) -> None:
        for key in tags:
            if not 1 <= len(key) <= MAX_TAG_KEY:
                raise _invalid_parameter(f"Tag keys must be between 1 and {MAX_TAG_KEY} characters in length.")
        if len(tags.keys() | (existing or {}).keys()) > tags_.MAX_TAGS:
            raise _invalid_parameter(f"Too many tags added for queue {queue_name}.")

    def tag_queue(self, QueueUrl: str, Tags: dict[str, str]) -> None:
        queue = self._queue(QueueUrl)
        self._check_tags(Tags, queue.name, queue.tags)
        queue.tags.update(Tags)

    def untag_queue(self, QueueUrl: str, TagKeys: list[str]) -> None:
        queue = self._queue(QueueUrl)
        for key in TagKeys:
            queue.tags.pop(key, None)

    def list_queue_tags(self, QueueUrl: str) -> dict[str, Any]:
        return {"Tags": dict(self._queue(QueueUrl).tags) or None}
