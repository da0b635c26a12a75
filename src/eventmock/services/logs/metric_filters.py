"""Metric filters: PutMetricFilter, DescribeMetricFilters, DeleteMetricFilter and
TestMetricFilter. The data points matching log events yield are :mod:`.metrics`'."""

from __future__ import annotations

from typing import Any

from eventmock.core import clock
from eventmock.core.errors import ServiceError
from eventmock.services.logs.base import LogsBase, _invalid
from eventmock.services.logs.metrics import _is_selector, _number
from eventmock.services.logs.models import MetricFilter
from eventmock.services.logs.patterns import _delimited_binder

MAX_METRIC_FILTERS = 100


class MetricFilters(LogsBase):
    """PutMetricFilter, DescribeMetricFilters, DeleteMetricFilter, TestMetricFilter."""

    def put_metric_filter(
        self,
        logGroupName: str,
        filterName: str,
        filterPattern: str,
        metricTransformations: list[dict[str, Any]],
        applyOnTransformedLogs: bool | None = None,
        fieldSelectionCriteria: str | None = None,
        emitSystemFieldDimensions: list[str] | None = None,
    ) -> None:
        group = self._group(logGroupName)
        self._pattern(filterPattern, "Invalid metric filter pattern")
        [spec] = metricTransformations
        value = spec["metricValue"]
        if not _is_selector(value) and _number(value) is None:
            raise _invalid("Invalid metric value. Metric value must be a number or a field selector ($.field or $field).")
        dimensions = spec.get("dimensions") or {}
        if len(dimensions) > 3:
            raise _invalid("Metric filter can have at most 3 dimensions.")
        if dimensions and spec.get("defaultValue") is not None:
            raise _invalid("Metric filter with dimensions cannot have a default value.")
        if filterName not in group.metric_filters and len(group.metric_filters) >= MAX_METRIC_FILTERS:
            raise ServiceError("LimitExceededException", "Resource limit exceeded.")
        transformation = {k: v for k, v in spec.items() if v is not None}
        if "defaultValue" in transformation:
            transformation["defaultValue"] = float(transformation["defaultValue"])
        group.metric_filters[filterName] = MetricFilter(
            filterName, group.name, filterPattern, transformation, clock.epoch_ms(), bool(applyOnTransformedLogs)
        )

    def describe_metric_filters(
        self,
        logGroupName: str | None = None,
        filterNamePrefix: str | None = None,
        nextToken: str | None = None,
        limit: int | None = None,
        metricName: str | None = None,
        metricNamespace: str | None = None,
    ) -> dict[str, Any]:
        if (metricName is None) != (metricNamespace is None):
            raise _invalid("metricName and metricNamespace must be specified together.")
        groups = [self._group(logGroupName)] if logGroupName is not None else sorted(self.groups.values(), key=lambda g: g.name)
        found = [
            f
            for g in groups
            for f in sorted(g.metric_filters.values(), key=lambda f: f.name)
            if f.name.startswith(filterNamePrefix or "")
            and (metricName is None or (f.transformation["metricName"], f.transformation["metricNamespace"]) == (metricName, metricNamespace))
        ]
        page, token = self._page(found, nextToken, limit)
        return {"metricFilters": [f.description() for f in page], "nextToken": token}

    def delete_metric_filter(self, logGroupName: str, filterName: str) -> None:
        group = self._group(logGroupName)
        if group.metric_filters.pop(filterName, None) is None:
            raise ServiceError("ResourceNotFoundException", "The specified metric filter does not exist.")

    def test_metric_filter(self, filterPattern: str, logEventMessages: list[str]) -> dict[str, Any]:
        matcher = self._pattern(filterPattern, "Invalid metric filter pattern")
        delimited = filterPattern.strip().startswith("[")
        matches = []
        for number, message in enumerate(logEventMessages, start=1):
            if not matcher(message):
                continue
            extracted: dict[str, str] = {}
            if delimited:
                extracted = {f"${name}": value for name, value in (_delimited_binder(filterPattern.strip())(message) or {}).items()}
            matches.append({"eventNumber": number, "eventMessage": message, "extractedValues": extracted})
        return {"matches": matches}
