"""Long polling on the server: a call that may wait for something to arrive waits.

SQS's ``ReceiveMessage`` with ``WaitTimeSeconds`` (or a queue whose
``ReceiveMessageWaitTimeSeconds`` is set) that finds no message does not answer at
once on AWS: it waits until a message arrives or the time is up. On eventmock's server
(:class:`~eventmock.server.EventmockServer`) an empty answer to such a call waits on a
condition, holding no lock of the store, and the call is asked again when another call
has changed state (any call answered but such an empty one: a send, an EventBridge or
SNS delivery, a visibility change, a reset), at least every :data:`RECHECK` seconds
(a delayed message or a visibility timeout comes due as the clock moves), and once at
the end of the wait. The answer is the first that is not empty, or the last.

In process (the fast path and wire mode) nothing waits: no other thread can send while
a call is answered in a test, so a wait would only ever run out; the call answers at
once, as AWS answers a wait that ended empty (docs/sqs.md, "Long polling").
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from eventmock.core.answers import Answer

#: Seconds between two asks of a waiting call when nothing else wakes it.
RECHECK = 1.0

#: ``call(operation, params)``: the answer to another operation of the same service,
#: in the waiting call's account, region and endpoint.
Call = Callable[[str, dict[str, Any]], Answer]


class Wait:
    """What may wait: when an answer is empty, and for how long it may wait."""

    def empty(self, answer: Answer) -> bool:
        raise NotImplementedError

    def seconds(self, params: dict[str, Any], call: Call) -> float:
        raise NotImplementedError


class SqsReceive(Wait):
    """``ReceiveMessage``: empty when it found no message; it waits its
    ``WaitTimeSeconds``, else its queue's ``ReceiveMessageWaitTimeSeconds``."""

    def empty(self, answer: Answer) -> bool:
        return answer.error is None and not answer.parsed.get("Messages")

    def seconds(self, params: dict[str, Any], call: Call) -> float:
        seconds = params.get("WaitTimeSeconds")
        if seconds is None:
            found = call("GetQueueAttributes", {"QueueUrl": params.get("QueueUrl"), "AttributeNames": ["ReceiveMessageWaitTimeSeconds"]})
            seconds = (found.parsed.get("Attributes") or {}).get("ReceiveMessageWaitTimeSeconds", 0) if found.error is None else 0
        try:
            return max(0.0, float(seconds))
        except (TypeError, ValueError):
            return 0.0


#: (service, operation) -> what of its answers may wait.
WAITS: dict[tuple[str, str], Wait] = {("sqs", "ReceiveMessage"): SqsReceive()}


class LongPoll:
    """The waits of one server: a version counter bumped by every call that may have
    changed state, and a condition the waiting calls sleep on."""

    def __init__(self, recheck: float = RECHECK) -> None:
        self.recheck = recheck
        self._condition = threading.Condition()
        self._version = 0
        self._closed = False
        self._waiting = 0

    @property
    def waiting(self) -> int:
        """How many calls are waiting now."""
        return self._waiting

    def changed(self) -> None:
        """Something may have arrived: wake the waiting calls."""
        with self._condition:
            self._version += 1
            self._condition.notify_all()

    def close(self) -> None:
        """The server stops: every waiting call answers now (with what it has)."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()

    def run(self, service: str, operation: str, params: dict[str, Any], ask: Callable[[], Answer], call: Call) -> Answer:
        """The answer of ``ask()``; while it is empty and may wait, asked again after
        each change, until the wait ends. Any other answer wakes the waiting calls."""
        version = self._version  # before asking: a change after it is not missed
        answer = ask()
        wait = WAITS.get((service, operation))
        if wait is None or not wait.empty(answer):
            self.changed()
            return answer
        seconds = wait.seconds(params, call)
        deadline = time.monotonic() + seconds
        while seconds > 0 and not self._closed:
            with self._condition:
                if self._version == version and not self._closed:
                    # woken by a change, or at a recheck: something may have come due
                    self._waiting += 1
                    try:
                        self._condition.wait(max(0.0, min(deadline - time.monotonic(), self.recheck)))
                    finally:
                        self._waiting -= 1
                version = self._version
            answer = ask()
            if not wait.empty(answer):
                self.changed()
                return answer
            if time.monotonic() >= deadline:
                break
        return answer
