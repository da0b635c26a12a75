"""FIFO queues: the order in which receives serve message groups, and deduplication."""

from __future__ import annotations

from collections.abc import Iterator

from eventmock.services.sqs.base import SqsBase
from eventmock.services.sqs.models import Message, Queue


class Fifo(SqsBase):
    """The ordering of a FIFO queue's message groups."""

    @staticmethod
    def _candidates(queue: Queue, now: int) -> Iterator[Message]:
        """The messages a receive may return, in the order it returns them. In a FIFO
        queue (as AWS answers): within a group, in order up to the first message in
        flight or delayed (a visible message before it is returned, none after it);
        group after group, as many of one group as possible, in the queue's group order
        (:meth:`_rotate`: a group received from goes last)."""
        if not queue.fifo:
            return (m for m in queue.messages.values() if m.visible_ms <= now and queue.available_at(m) <= now)
        stopped: set[str | None] = set()
        groups: dict[str | None, list[Message]] = {}
        for message in queue.messages.values():
            group = message.group_id
            groups.setdefault(group, [])
            if group in stopped:
                continue
            if message.visible_ms > now or queue.available_at(message) > now:
                stopped.add(group)
                continue
            groups[group].append(message)
        order = queue.group_order
        for group in [g for g in order if g not in groups]:  # bounded: groups with messages
            del order[group]
        for group in groups:
            order.setdefault(group, None)
        return (m for group in list(order) for m in groups[group])

    @staticmethod
    def _rotate(queue: Queue, taken: list[Message]) -> None:
        """A FIFO queue's groups a receive took messages from go to the back of its group
        order, in the order taken (AWS's next receive serves the other groups first)."""
        if queue.fifo:
            for group in dict.fromkeys(m.group_id for m in taken):
                queue.group_order.pop(group, None)
                queue.group_order[group] = None
