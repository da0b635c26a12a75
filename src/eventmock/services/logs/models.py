"""The state of CloudWatch Logs: log groups, their streams and events, subscription
filters."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from random import getrandbits
from typing import Any

from eventmock.core.clock import epoch_ms


class LogEvent:
    """One stored log event. Slots keep a stored event small."""

    __slots__ = ("_event_id", "ingestion", "message", "timestamp")

    def __init__(self, timestamp: int, message: str, ingestion: int) -> None:
        self.timestamp = timestamp
        self.message = message
        self.ingestion = ingestion
        self._event_id: str | None = None

    @property
    def event_id(self) -> str:
        """56 decimal digits, as AWS's event ids: made when first read (most events are
        never), then the same in FilterLogEvents and in a subscription's payload."""
        if self._event_id is None:
            prefix = str(self.timestamp)
            width = 56 - len(prefix)
            self._event_id = f"{prefix}{getrandbits(4 * width) % 10**width:0{width}d}"
        return self._event_id

    def output(self, unmask: bool | None = None) -> dict[str, Any]:
        """What readers see (``unmask``: what was put, for a masked event)."""
        return {"timestamp": self.timestamp, "message": self.message, "ingestionTime": self.ingestion}


def _timestamp(event: LogEvent) -> int:
    return event.timestamp


@dataclass
class LogStream:
    name: str
    arn: str
    created: int
    #: In timestamp order (events of one timestamp in arrival order).
    events: list[LogEvent] = field(default_factory=list)
    last_ingestion: int | None = None
    sequence: int = 0

    def add(self, events: list[LogEvent]) -> None:
        """Keep ``events`` (a batch in timestamp order) in their places: after the
        stored events of the same timestamp."""
        stored = self.events
        if not stored or events[0].timestamp >= stored[-1].timestamp:
            stored.extend(events)
        else:
            start = bisect.bisect_right(stored, events[0].timestamp, key=_timestamp)
            if len(stored) - start <= 4 * len(events):
                # A short tail: one stable sort of it with the batch (stored first on ties).
                stored[start:] = sorted(stored[start:] + events, key=_timestamp)
            else:
                at = start
                for event in events:
                    at = bisect.bisect_right(stored, event.timestamp, lo=at, key=_timestamp)
                    stored.insert(at, event)
                    at += 1
        self.last_ingestion = events[-1].ingestion

    def bounds(self, start: int | None, end: int | None) -> tuple[int, int]:
        """The index range of the events with ``start <= timestamp < end``."""
        lo = 0 if start is None else bisect.bisect_left(self.events, start, key=_timestamp)
        hi = len(self.events) if end is None else bisect.bisect_left(self.events, end, key=_timestamp)
        return lo, max(lo, hi)

    def description(self) -> dict[str, Any]:
        out: dict[str, Any] = {"logStreamName": self.name, "creationTime": self.created, "arn": self.arn, "storedBytes": 0}
        if self.events:
            out["firstEventTimestamp"] = self.events[0].timestamp
            out["lastEventTimestamp"] = self.events[-1].timestamp
            out["lastIngestionTime"] = self.last_ingestion
            out["uploadSequenceToken"] = sequence_token(self.sequence)
        return out


def sequence_token(sequence: int) -> str:
    """A sequence token as AWS writes them: 56 decimal digits."""
    return f"{49_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000 + sequence}"


@dataclass
class SubscriptionFilter:
    name: str
    log_group: str
    pattern: str
    destination: str
    role_arn: str | None
    distribution: str
    created: int

    def description(self) -> dict[str, Any]:
        return {
            "filterName": self.name,
            "logGroupName": self.log_group,
            "filterPattern": self.pattern,
            "destinationArn": self.destination,
            "roleArn": self.role_arn,
            "distribution": self.distribution,
            "applyOnTransformedLogs": False,
            "creationTime": self.created,
        }


@dataclass
class Resource:
    """A resource other than a log group (a destination, a delivery source, an anomaly
    detector...): its key, ARN (``None``: it has none), the members describing it
    (``body``, what its Get/Describe answers) and tags."""

    key: str
    arn: str | None
    body: dict[str, Any]
    tags: dict[str, str] = field(default_factory=dict)

    def description(self) -> dict[str, Any]:
        return {k: v for k, v in self.body.items() if v is not None}


@dataclass
class MetricFilter:
    name: str
    log_group: str
    pattern: str
    #: The one metric transformation, as given (``defaultValue`` a float).
    transformation: dict[str, Any]
    created: int
    apply_on_transformed: bool = False

    def description(self) -> dict[str, Any]:
        return {
            "filterName": self.name,
            "filterPattern": self.pattern,
            "metricTransformations": [self.transformation],
            "creationTime": self.created,
            "logGroupName": self.log_group,
            "applyOnTransformedLogs": self.apply_on_transformed,
        }


@dataclass
class LogGroup:
    name: str
    #: ``arn:aws:logs:<region>:<account>:log-group:<name>`` (the ``logGroupArn``; the
    #: ``arn`` member adds ``:*``).
    arn: str
    created: int
    log_group_class: str
    kms_key_id: str | None = None
    retention: int | None = None
    deletion_protection: bool = False
    tags: dict[str, str] = field(default_factory=dict)
    streams: dict[str, LogStream] = field(default_factory=dict)
    subscriptions: dict[str, SubscriptionFilter] = field(default_factory=dict)
    metric_filters: dict[str, MetricFilter] = field(default_factory=dict)
    #: The data protection policy's document and when it was put (``None``: none).
    data_protection: tuple[str, int] | None = None
    bearer_token: bool = False
    #: What is attached to the group (its transformer, index policy, syslog
    #: configurations...), by kind: deleted with it.
    attached: dict[str, Resource] = field(default_factory=dict)

    def description(self, searched: bool = False) -> dict[str, Any]:
        """What DescribeLogGroups answers; ``searched``: found by a
        ``logGroupNamePattern``, for which AWS leaves out ``storedBytes`` and
        ``deletionProtectionEnabled`` (recorded)."""
        out = {
            "logGroupName": self.name,
            "creationTime": self.created,
            "retentionInDays": self.retention,
            "metricFilterCount": len(self.metric_filters),
            "arn": f"{self.arn}:*",
            "storedBytes": 0,
            "kmsKeyId": self.kms_key_id,
            "logGroupClass": self.log_group_class,
            "logGroupArn": self.arn,
            "deletionProtectionEnabled": self.deletion_protection,
            "dataProtectionStatus": "ACTIVATED" if self.data_protection is not None else None,
            "bearerTokenAuthenticationEnabled": self.bearer_token or None,
        }
        if searched:
            del out["storedBytes"], out["deletionProtectionEnabled"]
        return out


def now_ms() -> int:
    return epoch_ms()
