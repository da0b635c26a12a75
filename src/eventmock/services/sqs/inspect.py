"""Reading an SQS queue without boto3: ``aws.sqs.messages(queue_arn_or_url)``."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

from eventmock.core import arns, clock
from eventmock.core.errors import EventmockError
from eventmock.core.store import Store
from eventmock.services.sqs.backend import Queue, SqsBackend, parse_queue_url


@dataclass(frozen=True)
class SqsMessage:
    """A message as it sits in its queue."""

    body: str
    message_id: str
    #: The system attributes, as ``receive_message(AttributeNames=["All"])`` returns
    #: them now (``SentTimestamp``, ``ApproximateReceiveCount``, ``MessageGroupId``...).
    attributes: dict[str, str]
    #: The message (user) attributes, as boto3 shapes them.
    message_attributes: dict[str, dict[str, Any]]
    #: Received and not yet visible again.
    in_flight: bool

    def json(self) -> Any:
        """The body, parsed as JSON (what event deliveries write)."""
        return json.loads(self.body)


class SqsView:
    def __init__(self, store: Store) -> None:
        self._store = store

    def messages(self, queue: str) -> list[SqsMessage]:
        """Every message in the queue (named by ARN or URL, any account or region):
        visible, delayed or in flight, not deleted, oldest first. Reading changes
        nothing: no receive count, no visibility."""
        found = self._queue(queue)
        now = clock.epoch_ms()  # the backend's clock
        return [
            SqsMessage(
                body=m.body,
                message_id=m.id,
                attributes=m.system_attributes(found),
                message_attributes=copy.deepcopy(m.attributes),
                in_flight=m.visible_ms > now,
            )
            for m in found.live(now)
        ]

    def _queue(self, queue: str) -> Queue:
        arn = arns.parse(queue)
        if arn is not None:
            if arn.service != "sqs" or not arn.region or not arn.account.isdigit() or len(arn.account) != 12:
                raise EventmockError(f"not an SQS queue ARN: {queue}")
            where = (arn.account, arn.region, arn.resource)
        else:
            parsed = parse_queue_url(queue, "us-east-1")
            if parsed is None:
                raise EventmockError(f"not an SQS queue ARN or URL: {queue}")
            where = parsed
        account_id, region, name = where
        backend = self._store.backend("sqs", account_id, region)
        assert isinstance(backend, SqsBackend)
        found = backend.queues.get(name)
        if found is None:
            raise EventmockError(f"no SQS queue {queue}")
        return found
