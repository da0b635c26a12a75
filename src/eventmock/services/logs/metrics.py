"""The metric data points log events produce through a group's metric filters.

Each log event a group keeps is tested against the group's metric filters (the filter
pattern language of :mod:`.patterns`). A match yields one data point of the filter's
metric: ``metricValue`` is a number, or ``$.field`` (a JSON message's field) or
``$name`` (a field a space-delimited pattern names); ``dimensions`` take their values
the same way; ``unit`` goes along. A batch with no match yields ``defaultValue``, when
the filter has one. Points are kept in the backend's bounded ``metric_data``
(``aws.logs.metrics(...)``) and, when a mock underneath answers CloudWatch's
``PutMetricData`` (moto), published there too.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventmock.core import targets, underneath
from eventmock.services.logs.models import LogEvent, LogGroup, MetricFilter
from eventmock.services.logs.patterns import compile_pattern, field_value

if TYPE_CHECKING:
    from eventmock.core.store import Store

log = logging.getLogger("eventmock")


@dataclass(frozen=True)
class MetricDatum:
    """One data point a metric filter produced (what CloudWatch receives)."""

    namespace: str
    name: str
    value: float
    #: Epoch milliseconds: the log event's timestamp (the batch's time for a default value).
    timestamp: int
    log_group: str
    filter_name: str
    unit: str | None = None
    dimensions: dict[str, str] = field(default_factory=dict)

    def cloudwatch(self) -> dict[str, Any]:
        """The ``MetricData`` entry of CloudWatch's ``PutMetricData``."""
        out: dict[str, Any] = {"MetricName": self.name, "Value": self.value, "Timestamp": self.timestamp / 1000}
        if self.unit is not None:
            out["Unit"] = self.unit
        if self.dimensions:
            out["Dimensions"] = [{"Name": k, "Value": v} for k, v in self.dimensions.items()]
        return out


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _is_selector(text: str) -> bool:
    return text.startswith("$")


def _datum(metric: MetricFilter, event: LogEvent) -> MetricDatum | None:
    """The data point ``event`` (which matched) yields; ``None`` if a selector finds no
    value (AWS publishes nothing then)."""
    spec = metric.transformation
    raw = spec["metricValue"]
    value = _number(field_value(metric.pattern, raw, event.message) if _is_selector(raw) else raw)
    if value is None:
        return None
    dimensions: dict[str, str] = {}
    for name, selector in (spec.get("dimensions") or {}).items():
        found = field_value(metric.pattern, selector, event.message) if _is_selector(selector) else selector
        if found is None or isinstance(found, (dict, list)):
            return None
        dimensions[name] = found if isinstance(found, str) else str(found).lower() if isinstance(found, bool) else str(found)
    return MetricDatum(
        spec["metricNamespace"], spec["metricName"], value, event.timestamp, metric.log_group, metric.name, spec.get("unit"), dimensions
    )


def data_points(group: LogGroup, events: list[LogEvent], now: int) -> list[MetricDatum]:
    """The data points ``events`` (one batch) yield through the group's metric filters."""
    points: list[MetricDatum] = []
    for metric in list(group.metric_filters.values()):
        matcher = compile_pattern(metric.pattern)
        found = [d for d in (_datum(metric, e) for e in events if matcher(e.message)) if d is not None]
        default = metric.transformation.get("defaultValue")
        if not found and default is not None:
            spec = metric.transformation
            found = [MetricDatum(spec["metricNamespace"], spec["metricName"], float(default), now, group.name, metric.name, spec.get("unit"))]
        points.extend(found)
    return points


def publish(store: Store, account: str, region: str, points: list[MetricDatum]) -> None:
    """Send ``points`` to CloudWatch when a mock underneath answers it (by namespace,
    at most 1,000 per call, as CloudWatch takes them)."""
    if not points or underneath.answering("cloudwatch", "PutMetricData") is None:
        return
    by_namespace: dict[str, list[dict[str, Any]]] = {}
    for point in points:
        by_namespace.setdefault(point.namespace, []).append(point.cloudwatch())
    for namespace, data in by_namespace.items():
        for start in range(0, len(data), 1000):
            try:
                targets.sdk_call(store, "cloudwatch", "PutMetricData", {"Namespace": namespace, "MetricData": data[start : start + 1000]}, account, region)
            except targets.DeliveryError as error:
                log.warning("logs metric filter data to CloudWatch namespace %s failed: %s", namespace, error.message)
