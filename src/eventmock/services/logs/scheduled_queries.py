"""CloudWatch Logs scheduled queries: stored, validated, described, and run on the
mock's clock (:mod:`.scheduled_runs`), each run kept in the query's history
(GetScheduledQueryHistory; the latest 10,000 runs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from eventmock.core import arns, clock, ids, pagination, recurrence
from eventmock.core.backend import Backend
from eventmock.core.due import Job
from eventmock.core.errors import ServiceError
from eventmock.core.records import Record
from eventmock.services.logs import insights, scheduled_runs

MAX_SCHEDULED_QUERIES = 1000
DEFAULT_LIST_LIMIT = 1000


def _validation(message: str) -> ServiceError:
    return ServiceError("ValidationException", message)


@dataclass
class ScheduledQuery:
    arn: str
    name: str
    settings: dict[str, Any]
    created: int
    updated: int
    tags: dict[str, str] = field(default_factory=dict)
    #: The next run (``None``: disabled, or no occurrence left).
    job: Job | None = None
    #: The runs, as TriggerHistoryRecords, oldest first.
    history: Record[dict[str, Any]] = field(default_factory=Record)
    last_triggered: int | None = None
    last_status: str | None = None

    def description(self) -> dict[str, Any]:
        return {
            "scheduledQueryArn": self.arn,
            "name": self.name,
            **self.settings,
            "scheduleType": "CUSTOMER_MANAGED",
            "lastTriggeredTime": self.last_triggered,
            "lastExecutionStatus": self.last_status,
            "creationTime": self.created,
            "lastUpdatedTime": self.updated,
        }

    def summary(self) -> dict[str, Any]:
        settings = self.settings
        return {
            "scheduledQueryArn": self.arn,
            "name": self.name,
            "state": settings["state"],
            "scheduleType": "CUSTOMER_MANAGED",
            "lastTriggeredTime": self.last_triggered,
            "lastExecutionStatus": self.last_status,
            "scheduleExpression": settings["scheduleExpression"],
            "timezone": settings.get("timezone"),
            "destinationConfiguration": settings.get("destinationConfiguration"),
            "creationTime": self.created,
            "lastUpdatedTime": self.updated,
        }


def _settings(
    queryLanguage: str,
    queryString: str,
    scheduleExpression: str,
    executionRoleArn: str,
    description: str | None,
    logGroupIdentifiers: list[str] | None,
    timezone: str | None,
    startTimeOffset: int | None,
    endTimeOffset: int | None,
    destinationConfiguration: dict[str, Any] | None,
    scheduleStartTime: int | None,
    scheduleEndTime: int | None,
    state: str | None,
) -> dict[str, Any]:
    """The stored form of a scheduled query's settings, after AWS's checks."""
    if recurrence.parse(scheduleExpression) is None:
        raise _validation(f"Invalid schedule expression: {scheduleExpression}")
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise _validation(f"Invalid timezone: {timezone}") from None
    if queryLanguage == "CWLI":
        try:
            insights.parse(queryString)
        except insights.QueryError as error:
            raise _validation(f"Invalid query string: {error.message}") from None
    if scheduleStartTime is not None and scheduleEndTime is not None and scheduleEndTime < scheduleStartTime:
        raise _validation("scheduleEndTime must be after scheduleStartTime.")
    stored = {
        "description": description,
        "queryLanguage": queryLanguage,
        "queryString": queryString,
        "logGroupIdentifiers": list(logGroupIdentifiers) if logGroupIdentifiers else None,
        "scheduleExpression": scheduleExpression,
        "timezone": timezone,
        "startTimeOffset": startTimeOffset,
        "endTimeOffset": endTimeOffset,
        "destinationConfiguration": destinationConfiguration,
        "state": state or "ENABLED",
        "scheduleStartTime": scheduleStartTime,
        "scheduleEndTime": scheduleEndTime,
        "executionRoleArn": executionRoleArn,
    }
    return {key: value for key, value in stored.items() if value is not None}


class ScheduledQueries(Backend):
    """The scheduled query operations of the logs backend (a mixin)."""

    @property
    def _scheduled(self) -> dict[str, ScheduledQuery]:
        """Scheduled queries by ARN."""
        found: dict[str, ScheduledQuery] | None = self.__dict__.get("_scheduled_queries")
        if found is None:
            found = self.__dict__["_scheduled_queries"] = {}
        return found

    def _scheduled_query(self, identifier: str) -> ScheduledQuery:
        found = self._scheduled.get(identifier)
        if found is None and arns.parse(identifier) is None:
            found = next((q for q in self._scheduled.values() if q.name == identifier), None)
        if found is None:
            raise ServiceError("ResourceNotFoundException", f"Scheduled query {identifier} does not exist.")
        return found

    def create_scheduled_query(
        self,
        name: str,
        queryLanguage: str,
        queryString: str,
        scheduleExpression: str,
        executionRoleArn: str,
        description: str | None = None,
        logGroupIdentifiers: list[str] | None = None,
        timezone: str | None = None,
        startTimeOffset: int | None = None,
        endTimeOffset: int | None = None,
        destinationConfiguration: dict[str, Any] | None = None,
        scheduleStartTime: int | None = None,
        scheduleEndTime: int | None = None,
        state: str | None = None,
        tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        if any(q.name == name for q in self._scheduled.values()):
            raise ServiceError("ConflictException", f"A scheduled query named {name} already exists.")
        if len(self._scheduled) >= MAX_SCHEDULED_QUERIES:
            raise ServiceError("ServiceQuotaExceededException", "The scheduled query quota has been reached.")
        settings = _settings(
            queryLanguage, queryString, scheduleExpression, executionRoleArn, description, logGroupIdentifiers, timezone,
            startTimeOffset, endTimeOffset, destinationConfiguration, scheduleStartTime, scheduleEndTime, state,
        )  # fmt: skip
        now = clock.epoch_ms()
        arn = self._arn(f"scheduled-query:{ids.uuid4()}")
        query = self._scheduled[arn] = ScheduledQuery(arn, name, settings, now, now, dict(tags or {}))
        scheduled_runs.arm(self, query, clock.now())
        return {"scheduledQueryArn": arn, "state": settings["state"]}

    def get_scheduled_query(self, identifier: str) -> dict[str, Any]:
        return self._scheduled_query(identifier).description()

    def update_scheduled_query(
        self,
        identifier: str,
        queryLanguage: str,
        queryString: str,
        scheduleExpression: str,
        executionRoleArn: str,
        description: str | None = None,
        logGroupIdentifiers: list[str] | None = None,
        timezone: str | None = None,
        startTimeOffset: int | None = None,
        endTimeOffset: int | None = None,
        destinationConfiguration: dict[str, Any] | None = None,
        scheduleStartTime: int | None = None,
        scheduleEndTime: int | None = None,
        state: str | None = None,
    ) -> dict[str, Any]:
        query = self._scheduled_query(identifier)
        query.settings = _settings(
            queryLanguage, queryString, scheduleExpression, executionRoleArn, description, logGroupIdentifiers, timezone,
            startTimeOffset, endTimeOffset, destinationConfiguration, scheduleStartTime, scheduleEndTime, state,
        )  # fmt: skip
        query.updated = clock.epoch_ms()
        scheduled_runs.arm(self, query, clock.now())
        return query.description()

    def delete_scheduled_query(self, identifier: str) -> None:
        query = self._scheduled.pop(self._scheduled_query(identifier).arn)
        scheduled_runs.disarm(query)

    def list_scheduled_queries(
        self,
        maxResults: int | None = None,
        nextToken: str | None = None,
        state: str | None = None,
        scheduleType: str | None = None,
    ) -> dict[str, Any]:
        found = sorted(
            (
                q
                for q in self._scheduled.values()
                if (state is None or q.settings["state"] == state) and scheduleType in (None, "CUSTOMER_MANAGED")
            ),
            key=lambda q: q.name,
        )
        try:
            page, token = pagination.page(found, nextToken, maxResults or DEFAULT_LIST_LIMIT)
        except pagination.InvalidToken:
            raise _validation("The specified nextToken is invalid.") from None
        return {"scheduledQueries": [q.summary() for q in page], "nextToken": token}

    def get_scheduled_query_history(
        self,
        identifier: str,
        startTime: int,
        endTime: int,
        executionStatuses: list[str] | None = None,
        maxResults: int | None = None,
        nextToken: str | None = None,
    ) -> dict[str, Any]:
        query = self._scheduled_query(identifier)
        if endTime < startTime:
            raise _validation("endTime must be after startTime.")
        found = [
            record
            for record in reversed(query.history)
            if startTime <= record["triggeredTimestamp"] <= endTime
            and (not executionStatuses or record["executionStatus"] in executionStatuses)
        ]
        try:
            page, token = pagination.page(found, nextToken, maxResults or DEFAULT_LIST_LIMIT)
        except pagination.InvalidToken:
            raise _validation("The specified nextToken is invalid.") from None
        return {"name": query.name, "scheduledQueryArn": query.arn, "triggerHistory": [dict(r) for r in page], "nextToken": token}
