"""Lenient mode and the limits a mock may relax: what a moto suite needs to move over.

eventmock refuses what AWS refuses. A suite written against moto often relies on moto
accepting some of those calls (a ``FifoQueue`` attribute of ``"false"`` on a standard
queue, a second ``PurgeQueue`` within a minute). ``mock_aws(lenient=True)`` answers
each check listed in :data:`CHECKS` as moto does, and records the call as a
:class:`Violation` instead: the operation, its parameters, AWS's error code and message,
and the test that made it (from pytest's ``PYTEST_CURRENT_TEST``). Every other check
stays strict. The default is strict.

A service refuses through :meth:`eventmock.core.backend.Backend.refuse`, naming its
check: the one place that decides between raising AWS's error and recording it.

:data:`LIMITS` are the few numbers a mock may set (``mock_aws(limits={...})``): AWS's
value by default; a test that relies on moto ignoring them sets them lower. A relaxed
limit is a choice of the test, not a violation, and is not recorded.

The table here is the code's; docs/moto.md shows it with AWS's evidence for each check,
and a test keeps the two the same.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from eventmock.core.errors import ServiceError

if TYPE_CHECKING:
    from eventmock.core.store import Store


class Check(NamedTuple):
    """A check AWS makes and moto does not."""

    service: str
    #: What AWS refuses.
    refused: str
    #: What a lenient mock does instead (as moto does).
    instead: str


#: Every check lenient mode relaxes, by name.
CHECKS: dict[str, Check] = {
    "sqs.purge-interval": Check(
        "sqs",
        "a second PurgeQueue of a queue within 60 seconds (PurgeQueueInProgress)",
        "purges again",
    ),
    "sqs.fifo-attribute-on-standard-queue": Check(
        "sqs",
        'CreateQueue of a standard queue with the attribute FifoQueue set to "false"',
        "creates the standard queue",
    ),
    "sqs.fifo-attributes-on-standard-queue": Check(
        "sqs",
        "CreateQueue or SetQueueAttributes of a standard queue with ContentBasedDeduplication, "
        "DeduplicationScope or FifoThroughputLimit",
        "ignores the attribute",
    ),
    "sqs.deduplication-id-on-standard-queue": Check(
        "sqs",
        "a MessageDeduplicationId on a message sent to a standard queue",
        "ignores the deduplication id",
    ),
    "events.empty-pattern": Check(
        "events",
        'PutRule (and TestEventPattern) with the event pattern "{}"',
        "accepts it: the rule matches every event",
    ),
    "kinesis.shard-count-on-demand": Check(
        "kinesis",
        "CreateStream with a ShardCount and the stream mode ON_DEMAND",
        "creates an on-demand stream of that many shards",
    ),
    "s3.bucket-name": Check(
        "s3",
        "CreateBucket with a name AWS does not allow (upper case, underscores, too short or long)",
        "creates the bucket",
    ),
}


class Limit(NamedTuple):
    """A limit a mock may set, and AWS's value."""

    default: float
    meaning: str


#: The limits ``mock_aws(limits=...)`` may set, by name.
LIMITS: dict[str, Limit] = {
    "sqs.purge_interval": Limit(60.0, "seconds before a queue may be purged again"),
    "sqs.deduplication_window": Limit(300.0, "seconds a FIFO queue remembers a deduplication id"),
}


@dataclass(frozen=True)
class Violation:
    """A call AWS would have refused, answered leniently."""

    #: The check relaxed (a key of :data:`CHECKS`).
    check: str
    service: str
    operation: str
    parameters: dict[str, Any]
    #: AWS's error code and message for the call.
    code: str
    message: str
    #: The pytest test that made the call (``path::name``), or ``None``.
    test: str | None

    def __str__(self) -> str:
        return f"{self.service}.{self.operation}: {self.code}: {self.message}"


#: Called with every violation recorded anywhere (the pytest plugin gathers them).
listeners: list[Callable[[Violation], None]] = []


def record(store: Store, check: str, service: str, operation: str, params: Mapping[str, Any], error: ServiceError) -> None:
    """Record a call of a lenient mock that AWS refuses with ``error``, for the reason
    ``check`` (a key of :data:`CHECKS`), and tell the listeners."""
    if check not in CHECKS:
        raise KeyError(f"no lenient check named {check!r}")
    violation = Violation(check, service, operation, dict(params), error.query_code or error.code, error.message, current_test())
    store.violations.append(violation)
    for listener in list(listeners):
        listener(violation)


#: Checks of calls eventmock hands over whole to the mock underneath (S3, which
#: eventmock only writes into): no backend of eventmock's sees them, so a lenient mock
#: audits their params before they go. By (service, operation): ``"module:function"``
#: (imported when first used, as the registry's backends), a function of the params
#: answering ``(check, AWS's error)`` or ``None``.
AUDITS: dict[tuple[str, str], str] = {
    ("s3", "CreateBucket"): "eventmock.services.s3.buckets:audit_create_bucket",
}


def audit(store: Store, service: str, operation: str, params: Mapping[str, Any]) -> None:
    """Record what AWS would refuse of a call handed to the mock underneath."""
    where = AUDITS.get((service, operation))
    if where is None:
        return
    module, name = where.split(":")
    check: Callable[[Mapping[str, Any]], tuple[str, ServiceError] | None] = getattr(importlib.import_module(module), name)
    found = check(params)
    if found is not None:
        record(store, found[0], service, operation, params, found[1])


def current_test() -> str | None:
    """The pytest test running now (``path::name``), or ``None``."""
    running = os.environ.get("PYTEST_CURRENT_TEST")
    return running.rsplit(" ", 1)[0] if running else None


def checked_limits(limits: Mapping[str, float] | None) -> dict[str, float]:
    """``limits`` with every name known and every value a non-negative number
    (``ValueError`` otherwise)."""
    if not limits:
        return {}
    checked: dict[str, float] = {}
    for name, value in limits.items():
        if name not in LIMITS:
            raise ValueError(f"unknown limit {name!r}; the limits are {', '.join(sorted(LIMITS))}")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ValueError(f"limit {name!r} must be a non-negative number of seconds, not {value!r}")
        checked[name] = float(value)
    return checked
