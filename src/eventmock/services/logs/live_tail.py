"""StartLiveTail as the event stream AWS sends: a ``sessionStart`` event, then a
``sessionUpdate`` with the log events that match the session's filters.

AWS keeps a session open for up to three hours and sends a ``sessionUpdate`` every
second with the events ingested in that second. eventmock never blocks on the wall
clock: the stream carries, when the call is answered, one ``sessionUpdate`` with the
matching events the log groups hold (the latest :data:`MAX_RESULTS`, in ingestion
order; ``sampled`` when there were more, as AWS samples a busy second down to 500), and
then ends. Events put after the call reach a new session, not this one. The fast path
answers botocore's ``EventStream``; wire mode and the server send the same events as
AWS's binary event stream (:mod:`eventmock.core.eventstream`).
"""

from __future__ import annotations

from typing import Any

from eventmock.core import arns, ids
from eventmock.services.logs.base import LogsBase, _invalid

#: The most log events one ``sessionUpdate`` carries (AWS: "as many as 500").
MAX_RESULTS = 500


class LiveTail(LogsBase):
    """StartLiveTail."""

    def start_live_tail(
        self,
        logGroupIdentifiers: list[str],
        logStreamNames: list[str] | None = None,
        logStreamNamePrefixes: list[str] | None = None,
        logEventFilterPattern: str | None = None,
    ) -> dict[str, Any]:
        if logStreamNames is not None and logStreamNamePrefixes is not None:
            raise _invalid("Only one of logStreamNames or logStreamNamePrefixes can be provided.")
        if (logStreamNames is not None or logStreamNamePrefixes is not None) and len(logGroupIdentifiers) > 1:
            raise _invalid("logStreamNames and logStreamNamePrefixes can only be used with a single log group.")
        groups = []
        for identifier in logGroupIdentifiers:
            if arns.parse(identifier) is None:
                raise _invalid("logGroupIdentifiers must be log group ARNs.")
            groups.append((identifier, self._group_by_arn(identifier)))
        matcher = self._pattern(logEventFilterPattern, "Invalid filter pattern")
        found: list[tuple[int, int, dict[str, Any]]] = []
        for identifier, group in groups:
            for stream, event in self._events_of(group):
                if logStreamNames is not None and stream.name not in logStreamNames:
                    continue
                if logStreamNamePrefixes is not None and not any(stream.name.startswith(p) for p in logStreamNamePrefixes):
                    continue
                if matcher(event.message):
                    result = {"logStreamName": stream.name, "logGroupIdentifier": identifier, **event.output()}
                    found.append((event.ingestion, event.timestamp, result))
        found.sort(key=lambda item: item[:2])
        start: dict[str, Any] = {
            "requestId": ids.request_id(),
            "sessionId": ids.uuid4(),
            "logGroupIdentifiers": logGroupIdentifiers,
            "logStreamNames": logStreamNames or [],
            "logStreamNamePrefixes": logStreamNamePrefixes or [],
        }
        if logEventFilterPattern is not None:
            start["logEventFilterPattern"] = logEventFilterPattern
        update = {
            "sessionMetadata": {"sampled": len(found) > MAX_RESULTS},
            "sessionResults": [result for _, _, result in found[-MAX_RESULTS:]],
        }
        return {"responseStream": [{"sessionStart": start}, {"sessionUpdate": update}]}
