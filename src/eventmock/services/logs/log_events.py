"""Log events: PutLogEvents (AWS's batch rules), GetLogEvents, FilterLogEvents, and
log groups as EventBridge rule targets.

``PutLogEvents`` applies AWS's rules to each batch: chronological order (else the
whole batch fails), at most 1,048,576 bytes (each message's UTF-8 length plus 26),
accepted events spanning at most 24 hours, and it rejects, without failing, events
more than 14 days old, older than the group's retention, or more than 2 hours ahead
(``rejectedLogEventsInfo``). Reads skip events the group's retention has expired.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from eventmock.core import clock, ids, targets, timestamps
from eventmock.core.arns import Arn
from eventmock.core.text import utf8_size
from eventmock.services.logs.base import (
    _LATEST_FIRST,
    _TOKEN,
    DEFAULT_EVENTS_LIMIT,
    EVENT_OVERHEAD,
    MAX_BATCH_BYTES,
    MAX_SPAN_MS,
    TOO_NEW_MS,
    TOO_OLD_MS,
    LogsBase,
    _events_token,
    _invalid,
    _invalid_token,
    _stream_missing,
)
from eventmock.services.logs.models import LogEvent, LogStream, sequence_token


class LogEvents(LogsBase):
    """PutLogEvents, GetLogEvents, FilterLogEvents, and EventBridge deliveries to a log group."""

    # -- log events ---------------------------------------------------------------

    def put_log_events(
        self,
        logGroupName: str,
        logStreamName: str,
        logEvents: list[dict[str, Any]],
        sequenceToken: str | None = None,
    ) -> dict[str, Any]:
        group = self._group(logGroupName)
        stream = group.streams.get(logStreamName)
        if stream is None:
            raise _stream_missing()
        now = clock.epoch_ms()
        too_old_before = now - TOO_OLD_MS
        retained = self._retained_from(group, now)
        rejected_before = too_old_before if retained is None else max(retained, too_old_before)
        too_new_after = now + TOO_NEW_MS
        too_old_end = expired_end = 0
        too_new_start = len(logEvents)
        size = EVENT_OVERHEAD * len(logEvents)
        previous = -1
        made = []
        # One pass: the order and size rules fail the batch, the age rules reject
        # events (all of it before anything is kept).
        for index, event in enumerate(logEvents):
            timestamp = event["timestamp"]
            if timestamp < previous:
                raise _invalid("Log events in a single PutLogEvents request must be in chronological order.")
            previous = timestamp
            message = event["message"]
            size += len(message) if message.isascii() else utf8_size(message)
            made.append(LogEvent(timestamp, message, now))
            if timestamp < rejected_before:
                if timestamp < too_old_before:
                    too_old_end = index + 1
                else:
                    expired_end = index + 1
            elif timestamp > too_new_after and too_new_start > index:
                too_new_start = index
        if size > MAX_BATCH_BYTES:
            raise _invalid(f"Upload too large: {size} bytes exceeds limit of {MAX_BATCH_BYTES}")
        accepted = made[max(too_old_end, expired_end) : too_new_start]
        if accepted and accepted[-1].timestamp - accepted[0].timestamp > MAX_SPAN_MS:
            raise _invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.")
        self._store_events(group, stream, accepted)
        stream.sequence += 1
        rejected: dict[str, int] = {}
        if too_new_start < len(logEvents):
            rejected["tooNewLogEventStartIndex"] = too_new_start
        if too_old_end:
            rejected["tooOldLogEventEndIndex"] = too_old_end
        if expired_end:
            rejected["expiredLogEventEndIndex"] = expired_end
        return {"nextSequenceToken": sequence_token(stream.sequence), "rejectedLogEventsInfo": rejected or None}

    def get_log_events(
        self,
        logStreamName: str,
        logGroupName: str | None = None,
        logGroupIdentifier: str | None = None,
        startTime: int | None = None,
        endTime: int | None = None,
        nextToken: str | None = None,
        limit: int | None = None,
        startFromHead: bool | None = None,
        unmask: bool | None = None,
    ) -> dict[str, Any]:
        group = self._identified(logGroupName, logGroupIdentifier)
        stream = group.streams.get(logStreamName)
        if stream is None:
            raise _stream_missing()
        self._expire(group)
        lo, hi = stream.bounds(startTime, endTime)
        limit = limit or DEFAULT_EVENTS_LIMIT
        if nextToken is not None:
            found = _TOKEN.fullmatch(nextToken)
            if found is None:
                raise _invalid_token()
            direction, position = found.group(1), int(found.group(2))
            if direction == "f":
                start = min(max(position, lo), hi)
                end = min(start + limit, hi)
            else:
                end = max(min(position, hi), lo)
                start = max(end - limit, lo)
        elif startFromHead:
            start, end = lo, min(lo + limit, hi)
        else:
            start, end = max(hi - limit, lo), hi
        return {
            "events": [event.output(unmask) for event in stream.events[start:end]],
            "nextForwardToken": _events_token("f", end),
            "nextBackwardToken": _events_token("b", start),
        }

    def filter_log_events(
        self,
        logGroupName: str | None = None,
        logGroupIdentifier: str | None = None,
        logStreamNames: list[str] | None = None,
        logStreamNamePrefix: str | None = None,
        startTime: int | None = None,
        endTime: int | None = None,
        filterPattern: str | None = None,
        nextToken: str | None = None,
        limit: int | None = None,
        startFromHead: bool | None = None,
        interleaved: bool | None = None,
        unmask: bool | None = None,
    ) -> dict[str, Any]:
        group = self._identified(logGroupName, logGroupIdentifier)
        if logStreamNames is not None and logStreamNamePrefix is not None:
            raise _invalid("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.")
        matcher = self._pattern(filterPattern, "Invalid filter pattern")
        if logStreamNames is not None:
            streams = [group.streams[name] for name in dict.fromkeys(logStreamNames) if name in group.streams]
        else:
            streams = [s for s in group.streams.values() if logStreamNamePrefix is None or s.name.startswith(logStreamNamePrefix)]
        found = [(stream, event) for stream, event in self._events_of(group, startTime, endTime, streams) if matcher(event.message)]
        # The first call's startFromHead (default true) sets the direction; a token
        # keeps the direction it was made in.
        latest_first = startFromHead is False
        if nextToken is not None:
            latest_first = nextToken.startswith(_LATEST_FIRST)
            nextToken = nextToken.removeprefix(_LATEST_FIRST)
        if latest_first:
            found.reverse()
        page, token = self._page(found, nextToken, limit, DEFAULT_EVENTS_LIMIT)
        if token is not None and latest_first:
            token = _LATEST_FIRST + token
        return {
            "events": [
                {"logStreamName": stream.name, "eventId": event.event_id, **event.output(unmask)} for stream, event in page
            ],
            "searchedLogStreams": [],
            "nextToken": token,
        }

    # -- EventBridge rule targets ---------------------------------------------------

    def _receive(self, arn: Arn, message: targets.Message) -> None:
        """A delivery to the log group ``arn`` names (an EventBridge rule's target):
        one log event, in a log stream named after the event's id. The event's
        ``time`` is the log event's timestamp; an input that is
        ``{"timestamp": ..., "message": ...}`` gives both itself. Events AWS would
        reject as too old or too new are dropped."""
        name = arn.resource[len("log-group:") :].removesuffix(":*")
        group = self._group(name)
        now = clock.epoch_ms()
        text = message.text
        timestamp, stream_name = now, None
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):
            document = None
        if isinstance(document, dict):
            if set(document) == {"timestamp", "message"}:
                timestamp = _millis(document["timestamp"], now)
                inner = document["message"]
                text = inner if isinstance(inner, str) else json.dumps(inner)
            elif isinstance(document.get("id"), str) and "detail-type" in document:
                stream_name = document["id"]
                timestamp = _millis(document.get("time"), now)
        retained = self._retained_from(group, now)
        if timestamp < now - TOO_OLD_MS or timestamp > now + TOO_NEW_MS or (retained is not None and timestamp < retained) or not text:
            return
        stream_name = stream_name or ids.uuid4()
        stream = group.streams.get(stream_name)
        if stream is None:
            stream = group.streams[stream_name] = LogStream(stream_name, f"{group.arn}:log-stream:{stream_name}", now)
        self._store_events(group, stream, [LogEvent(timestamp, text, now)])



def _millis(value: Any, default: int) -> int:
    """A timestamp given as epoch milliseconds or an ISO 8601 string, in milliseconds."""
    if isinstance(value, bool):
        return default
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, str):
        if value.isdigit():
            return int(value)
        try:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return default
        return int(timestamps.utc(parsed).timestamp() * 1000)
    return default
