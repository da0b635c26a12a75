"""CloudWatch Logs Insights: queries, saved query definitions, log records by pointer,
and the fields of a log group.

A query runs over the events of its log groups between ``startTime`` and ``endTime``
(epoch seconds; the end second is taken whole, as AWS's ``END=<end>999``) when
StartQuery is answered, so later events are not in it. Its status moves on with each
GetQueryResults call, never with the wall clock: ``Scheduled`` when started, the first
GetQueryResults answers ``Running`` (no results yet), every later one ``Complete``
with the results. StopQuery cancels a query that is not complete.

The mixin reads the backend's state only through :meth:`Queries._query_group` and
:meth:`Queries._query_events`.
"""

from __future__ import annotations

import base64
import binascii
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from eventmock.core import arns, clock, ids, pagination, records
from eventmock.core.backend import current_request_id
from eventmock.core.errors import NotEmulatedError, ServiceError
from eventmock.core.text import utf8_size
from eventmock.services.logs import insights
from eventmock.services.logs.insights.evaluate import record_of
from eventmock.services.logs.insights.functions import text as shown
from eventmock.services.logs.base import LogsBase
from eventmock.services.logs.models import LogEvent, LogGroup
from eventmock.services.logs.scheduled_queries import ScheduledQueries

#: How many queries DescribeQueries remembers (the oldest are forgotten).
MAX_QUERIES = records.DEFAULT_LIMIT
MAX_QUERY_DEFINITIONS = 1000
DEFAULT_DESCRIBE_LIMIT = 1000
#: GetLogGroupFields reads the 15 minutes before now, or 8 minutes either side of ``time``.
FIELDS_WINDOW_MS = 15 * 60_000
FIELDS_HALF_WINDOW_MS = 8 * 60_000
_POINTER_SEPARATOR = "\x1f"


def _invalid(message: str) -> ServiceError:
    return ServiceError("InvalidParameterException", message)


def _aws_suffix(code: str) -> str:
    """What AWS's Java services append to some messages."""
    return f" (Service: AWSLogs; Status Code: 400; Error Code: {code}; Request ID: {current_request_id()}; Proxy: null)"


@dataclass
class Query:
    query_id: str
    text: str
    groups: list[LogGroup]
    start: int  # epoch seconds
    end: int
    created: int  # epoch ms
    rows: list[list[tuple[str, str]]]
    statistics: dict[str, float]
    status: str = "Scheduled"

    def info(self) -> dict[str, Any]:
        sources = " ".join(f'"{group.name}"' for group in self.groups)
        return {
            "queryLanguage": "CWLI",
            "queryId": self.query_id,
            "queryString": f"SOURCE {sources} START={self.start}000 END={self.end}999 | {self.text}",
            "status": self.status,
            "createTime": self.created,
            "logGroupName": self.groups[0].name if self.groups else None,
        }


@dataclass
class QueryDefinition:
    definition_id: str
    name: str
    text: str
    language: str
    group_names: list[str]
    parameters: list[dict[str, Any]]
    modified: int

    def description(self) -> dict[str, Any]:
        return {
            "queryLanguage": self.language,
            "queryDefinitionId": self.definition_id,
            "name": self.name,
            "queryString": self.text,
            "lastModified": self.modified,
            "logGroupNames": list(self.group_names) or None,
            "parameters": [dict(p) for p in self.parameters] or None,
        }


@dataclass
class InsightsState:
    queries: OrderedDict[str, Query] = field(default_factory=OrderedDict)
    definitions: dict[str, QueryDefinition] = field(default_factory=dict)


class Queries(ScheduledQueries, LogsBase):
    """The Logs Insights operations of the logs backend (a mixin of ``LogsBackend``)."""

    groups: dict[str, LogGroup]

    @property
    def _insights(self) -> InsightsState:
        state = self.__dict__.get("_insights_state")
        if state is None:
            state = self.__dict__["_insights_state"] = InsightsState()
        return state

    # -- reading the backend's state (the two seams) --------------------------------

    def _query_group(self, identifier: str) -> LogGroup:
        """The log group a query names: a name, or an ARN (with or without ``:*``; of
        any account or region)."""
        arn = arns.parse(identifier)
        if arn is None:
            owner, name = self, identifier
        else:
            if arn.service != "logs" or not arn.resource.startswith("log-group:"):
                raise _invalid(f"Invalid log group ARN: {identifier}")
            owner = self.store.backend("logs", arn.account, arn.region)  # type: ignore[assignment]
            name = arn.resource[len("log-group:") :].removesuffix(":*")
        group = owner.groups.get(name)
        if group is None:
            raise ServiceError(
                "ResourceNotFoundException",
                f"Log group '{name}' does not exist for account ID '{owner.account_id}'" + _aws_suffix("ResourceNotFoundException"),
            )
        return group

    def _query_events(self, groups: list[LogGroup], start: int | None, end: int | None) -> Iterator[tuple[LogGroup, str, LogEvent]]:
        """The events of ``groups`` with ``start <= timestamp < end`` (milliseconds),
        as ``(group, stream name, event)``, skipping what retention has expired."""
        for group in groups:
            owner = self._owner_of(group)
            for stream, event in owner._events_of(group, start, end):
                yield group, stream.name, event

    def _owner_of(self, group: LogGroup) -> LogsBase:
        """The backend that holds ``group`` (a query may name another account's)."""
        arn = arns.parse(group.arn)
        if arn is None or (arn.account, arn.region) == (self.account_id, self.region):
            return self
        owner = self.store.backend("logs", arn.account, arn.region)
        assert isinstance(owner, LogsBase)
        return owner

    # -- helpers ------------------------------------------------------------------

    def _query_source(self, group: LogGroup, stream: str, event: LogEvent) -> insights.Source:
        owner = arns.parse(group.arn)
        account = owner.account if owner is not None else self.account_id
        region = owner.region if owner is not None else self.region
        pointer = _POINTER_SEPARATOR.join(("em1", account, region, group.name, stream, str(event.timestamp), event.event_id))
        return insights.Source(
            event.timestamp, event.ingestion, event.message, stream, f"{account}:{group.name}", base64.b64encode(pointer.encode()).decode()
        )

    def _settle(self, query_id: str) -> None:
        """Mark a query complete at once (a scheduled query's run)."""
        query = self._insights.queries.get(query_id)
        if query is not None:
            query.status = "Complete"

    def _query(self, queryId: str) -> Query:
        query = self._insights.queries.get(queryId)
        if query is None:
            raise ServiceError("ResourceNotFoundException", "The specified query does not exist.")
        return query

    # -- queries --------------------------------------------------------------------

    def start_query(
        self,
        startTime: int,
        endTime: int,
        queryString: str,
        queryLanguage: str | None = None,
        logGroupName: str | None = None,
        logGroupNames: list[str] | None = None,
        logGroupIdentifiers: list[str] | None = None,
        limit: int | None = None,
    ) -> dict[str, Any]:
        if queryLanguage not in (None, "CWLI"):
            raise NotEmulatedError("logs", "StartQuery", f"eventmock runs Logs Insights queries (CWLI), not {queryLanguage}")
        given = [p for p in (logGroupName, logGroupNames, logGroupIdentifiers) if p is not None]
        if len(given) != 1:
            raise _invalid("Exactly one of logGroupName, logGroupNames or logGroupIdentifiers must be specified.")
        if endTime < startTime:
            raise _invalid("End time should not be before start time.")
        names = [logGroupName] if logGroupName is not None else list(logGroupNames or logGroupIdentifiers or [])
        if not names:
            raise _invalid("At least one log group must be specified.")
        if len(names) > 50:
            raise _invalid("A query can name at most 50 log groups.")
        groups = list({id(g): g for g in (self._query_group(name) for name in names)}.values())
        try:
            commands = insights.parse(queryString)
        except insights.QueryError as error:
            raise ServiceError(
                "MalformedQueryException",
                error.message + _aws_suffix("MalformedQueryException"),
                queryCompileError={
                    "location": {"startCharOffset": error.start, "endCharOffset": error.end},
                    "message": error.message,
                },
            ) from None
        sources = [self._query_source(*found) for found in self._query_events(groups, startTime * 1000, endTime * 1000 + 1000)]
        outcome = insights.run(commands, sources, limit)
        statistics = {
            "recordsMatched": float(outcome.matched),
            "recordsScanned": float(len(sources)),
            "bytesScanned": float(sum(utf8_size(s.message) for s in sources)),
        }
        query = Query(ids.uuid4(), queryString, groups, startTime, endTime, clock.epoch_ms(), outcome.rows, statistics)
        queries = self._insights.queries
        queries[query.query_id] = query
        while len(queries) > MAX_QUERIES:
            queries.popitem(last=False)
        return {"queryId": query.query_id}

    def get_query_results(self, queryId: str, nextToken: str | None = None, maxItems: int | None = None) -> dict[str, Any]:
        query = self._query(queryId)
        if query.status == "Scheduled":
            query.status = "Running"
        elif query.status == "Running":
            query.status = "Complete"
        out: dict[str, Any] = {"queryLanguage": "CWLI", "status": query.status}
        if query.status != "Complete":
            out["results"] = []
            out["statistics"] = {"recordsMatched": 0.0, "recordsScanned": 0.0, "bytesScanned": 0.0}
            return out
        rows = query.rows
        if nextToken is not None or maxItems is not None:
            try:
                rows, token = pagination.page(rows, nextToken, maxItems if maxItems is not None else insights.DEFAULT_LIMIT)
            except pagination.InvalidToken:
                raise _invalid("The specified nextToken is invalid.") from None
            out["nextToken"] = token
        out["results"] = [[{"field": name, "value": value} for name, value in row] for row in rows]
        out["statistics"] = dict(query.statistics)
        return out

    def stop_query(self, queryId: str) -> dict[str, Any]:
        query = self._query(queryId)
        if query.status in ("Scheduled", "Running"):
            query.status = "Cancelled"
            return {"success": True}
        return {"success": False}

    def describe_queries(
        self,
        logGroupName: str | None = None,
        status: str | None = None,
        maxResults: int | None = None,
        nextToken: str | None = None,
        queryLanguage: str | None = None,
    ) -> dict[str, Any]:
        found = [
            q
            for q in reversed(self._insights.queries.values())
            if (logGroupName is None or any(g.name == logGroupName for g in q.groups))
            and (status is None or q.status == status)
            and queryLanguage in (None, "CWLI")
        ]
        try:
            page, token = pagination.page(found, nextToken, maxResults or DEFAULT_DESCRIBE_LIMIT)
        except pagination.InvalidToken:
            raise _invalid("The specified nextToken is invalid.") from None
        return {"queries": [q.info() for q in page], "nextToken": token}

    def list_log_groups_for_query(self, queryId: str, nextToken: str | None = None, maxResults: int | None = None) -> dict[str, Any]:
        query = self._query(queryId)
        try:
            page, token = pagination.page([g.arn for g in query.groups], nextToken, maxResults or 50)
        except pagination.InvalidToken:
            raise _invalid("The specified nextToken is invalid.") from None
        return {"logGroupIdentifiers": page, "nextToken": token}

    # -- query definitions ------------------------------------------------------------

    def put_query_definition(
        self,
        name: str,
        queryString: str,
        queryLanguage: str | None = None,
        queryDefinitionId: str | None = None,
        logGroupNames: list[str] | None = None,
        clientToken: str | None = None,
        parameters: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        definitions = self._insights.definitions
        if queryDefinitionId is None and len(definitions) >= MAX_QUERY_DEFINITIONS:
            raise ServiceError("LimitExceededException", "Resource limit exceeded.")
        definition_id = queryDefinitionId or ids.uuid4()
        definitions[definition_id] = QueryDefinition(
            definition_id, name, queryString, queryLanguage or "CWLI", list(logGroupNames or []), list(parameters or []), clock.epoch_ms()
        )
        return {"queryDefinitionId": definition_id}

    def describe_query_definitions(
        self,
        queryLanguage: str | None = None,
        queryDefinitionNamePrefix: str | None = None,
        maxResults: int | None = None,
        nextToken: str | None = None,
    ) -> dict[str, Any]:
        found = sorted(
            (
                d
                for d in self._insights.definitions.values()
                if d.name.startswith(queryDefinitionNamePrefix or "") and queryLanguage in (None, d.language)
            ),
            key=lambda d: (d.name, d.definition_id),
        )
        try:
            page, token = pagination.page(found, nextToken, maxResults or DEFAULT_DESCRIBE_LIMIT)
        except pagination.InvalidToken:
            raise _invalid("The specified nextToken is invalid.") from None
        return {"queryDefinitions": [d.description() for d in page], "nextToken": token}

    def delete_query_definition(self, queryDefinitionId: str) -> dict[str, Any]:
        if self._insights.definitions.pop(queryDefinitionId, None) is None:
            raise ServiceError("ResourceNotFoundException", "The specified query definition does not exist.")
        return {"success": True}

    # -- records and fields -------------------------------------------------------------

    def get_log_record(self, logRecordPointer: str, unmask: bool | None = None) -> dict[str, Any]:
        try:
            decoded = base64.b64decode(logRecordPointer.encode(), validate=True).decode()
        except (binascii.Error, UnicodeError, ValueError):
            decoded = ""
        parts = decoded.split(_POINTER_SEPARATOR)
        if len(parts) != 7 or parts[0] != "em1" or not parts[5].isdigit():
            raise _invalid("The specified log record pointer is not valid.")
        _, account, region, group_name, stream_name, stamp, event_id = parts
        owner = self.store.backend("logs", account, region)
        group = getattr(owner, "groups", {}).get(group_name)
        if group is None:
            raise ServiceError("ResourceNotFoundException", "The specified log group does not exist.")
        timestamp = int(stamp)
        for found_group, stream, event in owner._query_events([group], timestamp, timestamp + 1):  # type: ignore[attr-defined]
            if stream == stream_name and event.event_id == event_id:
                source = self._query_source(found_group, stream, event)
                record = record_of(source)
                record.pop("@ptr")
                record["@timestamp"] = str(event.timestamp)
                record["@ingestionTime"] = str(event.ingestion)
                return {"logRecord": {name: shown(value) for name, value in record.items()}}
        raise ServiceError("ResourceNotFoundException", "The specified log record does not exist.")

    def get_log_group_fields(
        self, logGroupName: str | None = None, time: int | None = None, logGroupIdentifier: str | None = None
    ) -> dict[str, Any]:
        if logGroupName is not None and logGroupIdentifier is not None:
            raise _invalid("LogGroup name and LogGroup ARN are mutually exclusive parameters.")
        if logGroupName is None and logGroupIdentifier is None:
            raise _invalid("Either logGroupName or logGroupIdentifier must be specified.")
        group = self._query_group(logGroupName or logGroupIdentifier or "")
        if time is None:
            end = clock.epoch_ms() + 1
            start = end - FIELDS_WINDOW_MS
        else:
            start, end = time * 1000 - FIELDS_HALF_WINDOW_MS, time * 1000 + FIELDS_HALF_WINDOW_MS
        counts: dict[str, int] = {}
        total = 0
        for found in self._query_events([group], start, end):
            total += 1
            for name in insights.discovered_fields(self._query_source(*found)):
                counts[name] = counts.get(name, 0) + 1
        return {
            "logGroupFields": [{"name": name, "percent": round(count * 100 / total)} for name, count in sorted(counts.items())]
        }
