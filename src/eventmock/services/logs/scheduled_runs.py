"""Running scheduled queries on the mock's clock (:mod:`eventmock.core.due`).

An ``ENABLED`` scheduled query runs at each occurrence of its ``scheduleExpression``
after it was created, updated or enabled (``cron`` in its ``timezone``, UTC by default;
``rate`` one period after, then every period). A run at time *T* is a Logs Insights
query over ``[T - startTimeOffset, T - endTimeOffset]`` (seconds; 900 and 0 by
default) of its log groups; it is recorded in the query's history (``Complete`` with
its ``queryId``, ``InvalidQuery`` or ``Failed`` with an ``errorMessage``), and sets
``lastTriggeredTime`` and ``lastExecutionStatus``. Results are not delivered to the
destination. If the mock's clock goes back before a run was armed, the query is
re-armed from the new time.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from eventmock.core import recurrence
from eventmock.core.due import Job, to_ms
from eventmock.core.errors import ServiceError

if TYPE_CHECKING:
    from eventmock.services.logs.scheduled_queries import ScheduledQueries, ScheduledQuery

#: The query's time range when ``startTimeOffset`` is not given, in seconds.
DEFAULT_START_OFFSET = 900


def disarm(query: ScheduledQuery) -> None:
    if query.job is not None:
        query.job.cancel()
        query.job = None


def arm(backend: ScheduledQueries, query: ScheduledQuery, after: dt.datetime) -> None:
    """(Re)arm ``query``'s next run after ``after``, if it is enabled."""
    disarm(query)
    if query.settings["state"] != "ENABLED":
        return
    expression = recurrence.parse(query.settings["scheduleExpression"])
    zone = query.settings.get("timezone")
    when = _next(expression, after, ZoneInfo(zone) if zone else recurrence.UTC)
    if when is None:
        return
    arn = query.arn

    def run(due: dt.datetime) -> None:
        current = backend._scheduled.get(arn)
        if current is None or current.job is not job:
            return
        current.job = None
        _run(backend, current, due)
        if backend._scheduled.get(arn) is current and current.job is None:
            arm(backend, current, due)

    def rearm(now: dt.datetime) -> None:
        current = backend._scheduled.get(arn)
        if current is not None and current.job is job:
            current.job = None
            arm(backend, current, now)

    job: Job = backend.store.due.at(when, run, rearm)
    query.job = job


def _next(expression: recurrence.Expression | None, after: dt.datetime, zone: dt.tzinfo) -> dt.datetime | None:
    if isinstance(expression, recurrence.Rate):
        return expression.after(after)
    if isinstance(expression, recurrence.Cron):
        return recurrence.next_cron(expression, after, zone)
    return None


def _run(backend: ScheduledQueries, query: ScheduledQuery, due: dt.datetime) -> None:
    settings = query.settings
    end = int(due.timestamp()) - int(settings.get("endTimeOffset", 0))
    start = int(due.timestamp()) - int(settings.get("startTimeOffset", DEFAULT_START_OFFSET))
    record: dict[str, Any] = {"triggeredTimestamp": to_ms(due)}
    start_query = getattr(backend, "start_query")
    try:
        started = start_query(
            startTime=max(0, min(start, end)),
            endTime=max(0, end),
            queryString=settings["queryString"],
            logGroupIdentifiers=list(settings.get("logGroupIdentifiers", [])),
        )
    except ServiceError as error:
        record["executionStatus"] = "InvalidQuery" if error.code == "MalformedQueryException" else "Failed"
        record["errorMessage"] = error.message
    else:
        record["queryId"] = started["queryId"]
        record["executionStatus"] = "Complete"
        getattr(backend, "_settle")(started["queryId"])
    query.history.append(record)
    query.last_triggered = record["triggeredTimestamp"]
    query.last_status = record["executionStatus"]
