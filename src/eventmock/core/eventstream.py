"""An operation's event stream as the fast path answers it (``SubscribeToShard``'s and
``InvokeWithResponseStream``'s ``EventStream``): botocore's own :class:`~botocore.eventstream.EventStream` type,
iterated for the events the backend answered, already shaped as botocore's parser
makes them (``{"SubscribeToShardEvent": {...}}``). Wire mode and the server encode the
same events as AWS's binary event stream (:mod:`eventmock.core.wire.eventstream`).

A backend answers an event stream member with a list of events, each a one-key dict
naming the event's member of the stream's union shape.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from botocore.eventstream import EventStream


class AnsweredEventStream(EventStream):  # type: ignore[misc]
    """The events of one answer, in order; iterating it consumes them, as iterating
    botocore's stream consumes the response body."""

    def __init__(self, events: list[dict[str, Any]], operation_name: str = "") -> None:  # noqa: super not called
        self.events = events
        self._operation_name = operation_name
        self._pending = iter(events)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        yield from self._pending

    def __aiter__(self) -> Any:
        """``async for`` too, as aiobotocore's stream iterates."""

        async def events() -> Any:
            for event in self._pending:
                yield event

        return events()

    def get_initial_response(self) -> Any:
        from botocore.exceptions import NoInitialResponseError

        raise NoInitialResponseError()

    def close(self) -> None:
        self._pending = iter(())
