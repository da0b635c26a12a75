"""The lineage of a chain of Lambda invocations, for Lambda's recursive loop detection.

AWS tracks, in the X-Ray trace header that travels with an event, how many times each
function has been invoked in one chain of requests: a message a function sends to SQS
or publishes to SNS, or an ``Invoke`` it makes, carries the lineage of the invocation
that sent it, plus one for that function. Lambda, SQS and SNS pass it on; other
services do not (a chain through EventBridge, Kinesis or Pipes starts afresh). When a
function configured ``RecursiveLoop=Terminate`` (the default) would be invoked for the
17th time in one chain, Lambda stops that invocation (:data:`MAX_INVOCATIONS`).

Here a lineage is a mapping of function ARN to invocation count. While a handler runs,
:func:`current` is its invocation's lineage, in that thread (a context variable): the
calls the handler makes from the same thread carry it, those it makes from threads it
starts do not (each starts a chain of its own).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator, Mapping

#: Lambda stops a function's invocation beyond this many in one chain (AWS: "after
#: about 16 invocations").
MAX_INVOCATIONS = 16
#: eventmock runs an asynchronous invocation (an EventBridge, SNS, Scheduler or Logs
#: delivery, an ``Event`` invoke) in the handler's own thread, nested in the call that
#: caused it. One caused inside this many nested handlers is queued instead, as work
#: due now for the next drain (the next call): a cycle AWS does not stop (a handler
#: putting events to the bus whose rule invokes it) does this many rounds per call,
#: never a stack overflow.
MAX_NESTED = 16

Lineage = Mapping[str, int]

_EMPTY: Lineage = {}
_current: contextvars.ContextVar[Lineage] = contextvars.ContextVar("eventmock_lineage", default=_EMPTY)
_depth: contextvars.ContextVar[int] = contextvars.ContextVar("eventmock_handler_depth", default=0)


def current() -> Lineage:
    """The lineage of the invocation whose handler is running in this thread (empty
    outside a handler)."""
    return _current.get()


def merged(lineages: Iterable[Lineage | None]) -> Lineage:
    """The lineage of an invocation caused by several events (a batch): the greatest
    count of each function."""
    out: dict[str, int] = {}
    for lineage in lineages:
        for function, count in (lineage or _EMPTY).items():
            if count > out.get(function, 0):
                out[function] = count
    return out


def invoked(lineage: Lineage | None, function_arn: str) -> Lineage:
    """The lineage of an invocation of ``function_arn`` caused by an event of ``lineage``."""
    out = dict(lineage or _EMPTY)
    out[function_arn] = out.get(function_arn, 0) + 1
    return out


def depth() -> int:
    """How many handlers are running, nested, in this thread."""
    return _depth.get()


@contextlib.contextmanager
def running(lineage: Lineage) -> Iterator[None]:
    """While a handler of this lineage runs (in this thread)."""
    token = _current.set(lineage)
    depth_token = _depth.set(_depth.get() + 1)
    try:
        yield
    finally:
        _depth.reset(depth_token)
        _current.reset(token)
