"""Reading CloudWatch Logs without boto3: ``aws.logs.events(log_group_arn)``."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from eventmock.core import arns, clock
from eventmock.core.errors import EventmockError
from eventmock.core.store import Store
from eventmock.services.logs.metrics import MetricDatum
from eventmock.services.logs.subscriptions import SubscriptionFailure


@dataclass(frozen=True)
class LogRecord:
    """A log event as it sits in its stream."""

    log_stream: str
    timestamp: dt.datetime
    message: str
    ingestion_time: dt.datetime
    event_id: str

    def json(self) -> Any:
        """The message, parsed as JSON (what EventBridge rule targets write)."""
        return json.loads(self.message)


def _time(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, clock.UTC)


class LogsView:
    def __init__(self, store: Store) -> None:
        self._store = store

    def _backend(self, log_group_arn: str) -> tuple[Any, str]:
        from eventmock.services.logs.base import LogsBase

        arn = arns.parse(log_group_arn)
        if arn is None or arn.service != "logs" or not arn.resource.startswith("log-group:"):
            raise EventmockError(f"not a CloudWatch Logs log group ARN: {log_group_arn}")
        backend = self._store.backend("logs", arn.account, arn.region)
        assert isinstance(backend, LogsBase)
        return backend, arn.resource[len("log-group:") :].removesuffix(":*")

    def events(self, log_group_arn: str, log_stream: str | None = None) -> list[LogRecord]:
        """Every event of the log group (any account or region; ``:*`` or not), or of
        one of its streams, in timestamp order across streams (retention ignored)."""
        backend, name = self._backend(log_group_arn)
        group = backend.groups.get(name)
        if group is None:
            raise EventmockError(f"no log group {log_group_arn}")
        streams = [group.streams[log_stream]] if log_stream is not None and log_stream in group.streams else []
        if log_stream is None:
            streams = list(group.streams.values())
        found = [(e.timestamp, e.ingestion, s.name, e) for s in streams for e in s.events]
        found.sort(key=lambda item: item[:3])
        return [LogRecord(name, _time(e.timestamp), e.message, _time(e.ingestion), e.event_id) for _, _, name, e in found]

    def subscription_failures(self, log_group_arn: str) -> list[SubscriptionFailure]:
        """The deliveries to subscription filter destinations that did not happen, in
        the log group's account and region."""
        backend, _ = self._backend(log_group_arn)
        return list(backend.subscription_failures)

    def metrics(self, namespace: str | None = None, name: str | None = None, *, log_group_arn: str | None = None) -> list[MetricDatum]:
        """The data points metric filters produced (every account and Region, each
        backend's oldest first), optionally of one metric ``namespace``, ``name``, or
        log group (by ARN, any account or Region, ``:*`` or not)."""
        if log_group_arn is not None:
            backend, group = self._backend(log_group_arn)
            backends, wanted = [backend], group
        else:
            backends, wanted = self._store.existing("logs"), None
        return [
            d
            for b in backends
            for d in b.metric_data
            if (namespace is None or d.namespace == namespace)
            and (name is None or d.name == name)
            and (wanted is None or d.log_group == wanted)
        ]
