"""FIFO queues: the order in which receives serve a queue's message groups."""

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
        group after group, as many of one group as possible, the groups in the order
        their first messages became receivable (sent, or visible again after a receive
        or a visibility change; at the same clock time, the earlier event first). So a
        group received from comes after the others, and a group a delete unlocks takes
        its place by its next message's send."""
        if not queue.fifo:
            return (m for m in queue.messages.values() if m.visible_ms <= now and queue.available_at(m) <= now)
        stopped: set[str | None] = set()
        groups: dict[str | None, list[Message]] = {}
        for message in queue.messages.values():
            group = message.group_id
            if group in stopped:
                continue
            if message.visible_ms > now or queue.available_at(message) > now:
                stopped.add(group)
                continue
            groups.setdefault(group, []).append(message)

        def since(messages: list[Message]) -> tuple[int, int]:
            head = messages[0]
            return max(queue.available_at(head), head.visible_ms), head.event

        return (m for found in sorted(groups.values(), key=since) for m in found)
