"""Amazon CloudWatch Logs: log groups, log streams, log events, filter patterns,
subscription filters, and log groups as EventBridge rule targets.

``PutLogEvents`` applies AWS's rules to each batch: chronological order (else the
whole batch fails), at most 1,048,576 bytes (each message's UTF-8 length plus 26),
accepted events spanning at most 24 hours, and it rejects, without failing, events
more than 14 days old, older than the group's retention, or more than 2 hours ahead
(``rejectedLogEventsInfo``). Reads skip events the group's retention has expired.
Events a subscription filter matches are delivered synchronously, one payload per
filter per batch (:mod:`.subscriptions`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from eventmock.core import arns, clock, ids, pagination, targets, timestamps
from eventmock.core.arns import Arn
from eventmock.core.backend import Backend
from eventmock.core.errors import NotEmulatedError, ServiceError
from eventmock.core.records import Record
from eventmock.core.text import utf8_size
from eventmock.services.logs import subscriptions
from eventmock.services.logs.models import LogEvent, LogGroup, LogStream, SubscriptionFilter, sequence_token
from eventmock.services.logs.patterns import Matcher, PatternError, compile_pattern
from eventmock.services.logs.queries import Queries

DAY_MS = 86_400_000
TOO_OLD_MS = 14 * DAY_MS
TOO_NEW_MS = 2 * 3_600_000
MAX_SPAN_MS = DAY_MS
MAX_BATCH_BYTES = 1_048_576
EVENT_OVERHEAD = 26
DEFAULT_DESCRIBE_LIMIT = 50
DEFAULT_EVENTS_LIMIT = 10_000
MAX_SUBSCRIPTION_FILTERS = 2
RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)
#: Subscription destinations eventmock delivers to, by ARN service.
DESTINATIONS = frozenset({"kinesis", "firehose", "lambda"})

_TOKEN = re.compile(r"([fb])/(\d{56})/s")
#: The prefix of a FilterLogEvents token that pages from the latest events back.
_LATEST_FIRST = "desc."


def _invalid(message: str) -> ServiceError:
    return ServiceError("InvalidParameterException", message)


def _group_missing() -> ServiceError:
    return ServiceError("ResourceNotFoundException", "The specified log group does not exist.")


def _stream_missing() -> ServiceError:
    return ServiceError("ResourceNotFoundException", "The specified log stream does not exist.")


def _invalid_token() -> ServiceError:
    return _invalid("The specified nextToken is invalid.")


def _events_token(direction: str, position: int) -> str:
    return f"{direction}/{position:056d}/s"


class LogsBackend(Queries, Backend):
    service = "logs"
    #: CloudWatch Logs answers the model's constraints with InvalidParameterException.
    constraint_error = "InvalidParameterException"
    view = "eventmock.services.logs.inspect:LogsView"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.groups: dict[str, LogGroup] = {}
        #: Deliveries to subscription filter destinations that did not happen.
        self.subscription_failures: Record[subscriptions.SubscriptionFailure] = Record()

    # -- helpers ------------------------------------------------------------------

    def _group(self, name: str) -> LogGroup:
        group = self.groups.get(name)
        if group is None:
            raise _group_missing()
        return group

    def _identified(self, name: str | None, identifier: str | None) -> LogGroup:
        """The group a call names by ``logGroupName`` or ``logGroupIdentifier`` (a name
        or an ARN, with or without ``:*``; an ARN may name another account or region)."""
        if name is not None and identifier is not None:
            raise ServiceError("ValidationException", "LogGroup name and LogGroup ARN are mutually exclusive parameters.")
        if name is not None:
            return self._group(name)
        if identifier is None:
            raise _invalid("Either logGroupName or logGroupIdentifier must be specified.")
        arn = arns.parse(identifier)
        if arn is None:
            return self._group(identifier)
        if arn.service != "logs" or not arn.resource.startswith("log-group:"):
            raise _invalid(f"Invalid log group ARN: {identifier}")
        owner = self.store.backend("logs", arn.account, arn.region)
        assert isinstance(owner, LogsBackend)
        return owner._group(arn.resource[len("log-group:") :].removesuffix(":*"))

    def _group_by_arn(self, resource_arn: str) -> LogGroup:
        arn = arns.parse(resource_arn)
        if arn is None or arn.service != "logs" or not arn.resource.startswith("log-group:"):
            raise _invalid(f"Invalid resource ARN: {resource_arn}" if arn is None else f"Resource type not supported: {resource_arn}")
        owner = self.store.backend("logs", arn.account, arn.region)
        assert isinstance(owner, LogsBackend)
        group = owner.groups.get(arn.resource[len("log-group:") :].removesuffix(":*"))
        if group is None:
            raise ServiceError("ResourceNotFoundException", f"The specified resource does not exist: {resource_arn}")
        return group

    @staticmethod
    def _pattern(pattern: str | None, message: str) -> Matcher:
        try:
            return compile_pattern(pattern or "")
        except PatternError:
            text = (pattern or "").strip()
            if text.startswith("{") and not text.endswith("}"):
                raise _invalid("If a filter pattern starts with '{' it must end with '}'") from None
            raise _invalid(message) from None

    @staticmethod
    def _retained_from(group: LogGroup, now: int) -> int | None:
        return None if group.retention is None else now - group.retention * DAY_MS

    def _store_events(self, group: LogGroup, stream: LogStream, events: list[LogEvent]) -> None:
        """Keep ``events`` (in timestamp order) and send them to the group's
        subscription filters."""
        if not events:
            return
        stream.add(events)
        if not group.subscriptions:
            return
        for subscription in list(group.subscriptions.values()):
            matcher = compile_pattern(subscription.pattern)
            matched = [event for event in events if matcher(event.message)]
            if matched:
                failure = subscriptions.deliver(self.store, self.account_id, group.name, stream.name, subscription, matched)
                if failure is not None:
                    self.subscription_failures.append(failure)

    # -- log groups ---------------------------------------------------------------

    def create_log_group(
        self,
        logGroupName: str,
        kmsKeyId: str | None = None,
        tags: dict[str, str] | None = None,
        logGroupClass: str | None = None,
    ) -> None:
        if logGroupName in self.groups:
            raise ServiceError("ResourceAlreadyExistsException", "The specified log group already exists")
        self.groups[logGroupName] = LogGroup(
            logGroupName,
            self._arn(f"log-group:{logGroupName}"),
            clock.epoch_ms(),
            logGroupClass or "STANDARD",
            kms_key_id=kmsKeyId,
            tags=dict(tags or {}),
        )

    def delete_log_group(self, logGroupName: str) -> None:
        self._group(logGroupName)
        del self.groups[logGroupName]

    def describe_log_groups(
        self,
        logGroupNamePrefix: str | None = None,
        logGroupNamePattern: str | None = None,
        nextToken: str | None = None,
        limit: int | None = None,
        logGroupClass: str | None = None,
        logGroupIdentifiers: list[str] | None = None,
    ) -> dict[str, Any]:
        if logGroupNamePrefix is not None and logGroupNamePattern is not None:
            raise _invalid("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.")
        groups = sorted(self.groups.values(), key=lambda g: g.name)
        if logGroupNamePrefix is not None:
            groups = [g for g in groups if g.name.startswith(logGroupNamePrefix)]
        if logGroupNamePattern:
            groups = [g for g in groups if logGroupNamePattern in g.name]
        if logGroupClass is not None:
            groups = [g for g in groups if g.log_group_class == logGroupClass]
        if logGroupIdentifiers is not None:
            wanted = {i.removesuffix(":*") for i in logGroupIdentifiers}
            groups = [g for g in groups if g.name in wanted or g.arn in wanted]
        try:
            page, token = pagination.page(groups, nextToken, limit or DEFAULT_DESCRIBE_LIMIT)
        except pagination.InvalidToken:
            raise _invalid_token() from None
        return {"logGroups": [g.description() for g in page], "nextToken": token}

    def list_log_groups(
        self,
        logGroupNamePattern: str | None = None,
        logGroupClass: str | None = None,
        nextToken: str | None = None,
        limit: int | None = None,
    ) -> dict[str, Any]:
        groups = sorted(self.groups.values(), key=lambda g: g.name)
        if logGroupNamePattern:
            try:
                pattern = re.compile(logGroupNamePattern)
            except re.error:
                raise _invalid(f"Invalid logGroupNamePattern: {logGroupNamePattern}") from None
            groups = [g for g in groups if pattern.search(g.name)]
        if logGroupClass is not None:
            groups = [g for g in groups if g.log_group_class == logGroupClass]
        try:
            page, token = pagination.page(groups, nextToken, limit or DEFAULT_DESCRIBE_LIMIT)
        except pagination.InvalidToken:
            raise _invalid_token() from None
        return {
            "logGroups": [{"logGroupName": g.name, "logGroupArn": g.arn, "logGroupClass": g.log_group_class} for g in page],
            "nextToken": token,
        }

    def put_retention_policy(self, logGroupName: str, retentionInDays: int) -> None:
        if retentionInDays not in RETENTION_DAYS:
            allowed = ", ".join(map(str, RETENTION_DAYS))
            raise _invalid(
                f"1 validation error detected: Value '{retentionInDays}' at 'retentionInDays' failed to satisfy "
                f"constraint: Member must satisfy enum value set: [{allowed}]"
            )
        self._group(logGroupName).retention = retentionInDays

    def delete_retention_policy(self, logGroupName: str) -> None:
        self._group(logGroupName).retention = None

    # -- tags ---------------------------------------------------------------------

    def tag_log_group(self, logGroupName: str, tags: dict[str, str]) -> None:
        self._tag(self._group(logGroupName), tags)

    def untag_log_group(self, logGroupName: str, tags: list[str]) -> None:
        group = self._group(logGroupName)
        for key in tags:
            group.tags.pop(key, None)

    def list_tags_log_group(self, logGroupName: str) -> dict[str, Any]:
        return {"tags": dict(self._group(logGroupName).tags)}

    def tag_resource(self, resourceArn: str, tags: dict[str, str]) -> None:
        self._tag(self._group_by_arn(resourceArn), tags)

    def untag_resource(self, resourceArn: str, tagKeys: list[str]) -> None:
        group = self._group_by_arn(resourceArn)
        for key in tagKeys:
            group.tags.pop(key, None)

    def list_tags_for_resource(self, resourceArn: str) -> dict[str, Any]:
        return {"tags": dict(self._group_by_arn(resourceArn).tags)}

    @staticmethod
    def _tag(group: LogGroup, tags: dict[str, str]) -> None:
        if len({**group.tags, **tags}) > 50:
            raise ServiceError(
                "TooManyTagsException", f"A resource can have no more than 50 tags.", resourceName=group.arn
            )
        group.tags.update(tags)

    # -- log streams --------------------------------------------------------------

    def create_log_stream(self, logGroupName: str, logStreamName: str) -> None:
        group = self._group(logGroupName)
        if logStreamName in group.streams:
            raise ServiceError("ResourceAlreadyExistsException", "The specified log stream already exists")
        group.streams[logStreamName] = LogStream(logStreamName, f"{group.arn}:log-stream:{logStreamName}", clock.epoch_ms())

    def delete_log_stream(self, logGroupName: str, logStreamName: str) -> None:
        group = self._group(logGroupName)
        if group.streams.pop(logStreamName, None) is None:
            raise _stream_missing()

    def describe_log_streams(
        self,
        logGroupName: str | None = None,
        logGroupIdentifier: str | None = None,
        logStreamNamePrefix: str | None = None,
        orderBy: str | None = None,
        descending: bool | None = None,
        nextToken: str | None = None,
        limit: int | None = None,
    ) -> dict[str, Any]:
        group = self._identified(logGroupName, logGroupIdentifier)
        if orderBy == "LastEventTime" and logStreamNamePrefix is not None:
            raise _invalid("Cannot order by LastEventTime with a logStreamNamePrefix.")
        streams = list(group.streams.values())
        if logStreamNamePrefix is not None:
            streams = [s for s in streams if s.name.startswith(logStreamNamePrefix)]
        if orderBy == "LastEventTime":
            streams.sort(key=lambda s: (s.events[-1].timestamp if s.events else s.created, s.name), reverse=bool(descending))
        else:
            streams.sort(key=lambda s: s.name, reverse=bool(descending))
        try:
            page, token = pagination.page(streams, nextToken, limit or DEFAULT_DESCRIBE_LIMIT)
        except pagination.InvalidToken:
            raise _invalid_token() from None
        return {"logStreams": [s.description() for s in page], "nextToken": token}

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
        size = 0
        previous = -1
        # One pass: the order and size rules fail the batch, the age rules reject
        # events (all of it before anything is kept).
        for index, event in enumerate(logEvents):
            timestamp = event["timestamp"]
            if timestamp < previous:
                raise _invalid("Log events in a single PutLogEvents request must be in chronological order.")
            previous = timestamp
            message = event["message"]
            size += utf8_size(message) + EVENT_OVERHEAD
            if timestamp < rejected_before:
                if timestamp < too_old_before:
                    too_old_end = index + 1
                else:
                    expired_end = index + 1
            elif timestamp > too_new_after and too_new_start > index:
                too_new_start = index
        if size > MAX_BATCH_BYTES:
            raise _invalid(f"Upload too large: {size} bytes exceeds limit of {MAX_BATCH_BYTES}")
        accepted = logEvents[max(too_old_end, expired_end) : too_new_start]
        if accepted and accepted[-1]["timestamp"] - accepted[0]["timestamp"] > MAX_SPAN_MS:
            raise _invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.")
        self._store_events(group, stream, [LogEvent(e["timestamp"], e["message"], now) for e in accepted])
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
        retained = self._retained_from(group, clock.epoch_ms())
        if retained is not None:
            startTime = retained if startTime is None else max(startTime, retained)
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
            "events": [event.output() for event in stream.events[start:end]],
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
        retained = self._retained_from(group, clock.epoch_ms())
        if retained is not None:
            startTime = retained if startTime is None else max(startTime, retained)
        found: list[tuple[int, int, str, LogEvent]] = []
        for stream in streams:
            lo, hi = stream.bounds(startTime, endTime)
            found.extend((e.timestamp, e.ingestion, stream.name, e) for e in stream.events[lo:hi] if matcher(e.message))
        # The first call's startFromHead (default true) sets the direction; a token
        # keeps the direction it was made in.
        latest_first = startFromHead is False
        if nextToken is not None:
            latest_first = nextToken.startswith(_LATEST_FIRST)
            nextToken = nextToken.removeprefix(_LATEST_FIRST)
        found.sort(key=lambda item: item[:3], reverse=latest_first)
        try:
            page, token = pagination.page(found, nextToken, limit or DEFAULT_EVENTS_LIMIT)
        except pagination.InvalidToken:
            raise _invalid_token() from None
        if token is not None and latest_first:
            token = _LATEST_FIRST + token
        return {
            "events": [
                {"logStreamName": name, "eventId": event.event_id, **event.output()} for _, _, name, event in page
            ],
            "searchedLogStreams": [],
            "nextToken": token,
        }

    # -- subscription filters -------------------------------------------------------

    def put_subscription_filter(
        self,
        logGroupName: str,
        filterName: str,
        filterPattern: str,
        destinationArn: str,
        roleArn: str | None = None,
        distribution: str | None = None,
    ) -> None:
        group = self._group(logGroupName)
        self._pattern(filterPattern, "Invalid subscription filter pattern")
        arn = arns.parse(destinationArn)
        if arn is None:
            raise _invalid(f"Invalid destinationArn: {destinationArn}")
        if arn.service == "logs" and arn.resource.startswith("destination:"):
            raise NotEmulatedError("logs", "PutSubscriptionFilter", "eventmock does not emulate CloudWatch Logs destinations (cross-account subscriptions)")
        if arn.service not in DESTINATIONS:
            raise _invalid(f"Invalid destinationArn for vendor {arn.service}: {destinationArn}")
        if arn.service in ("kinesis", "firehose") and roleArn is None:
            raise _invalid(f"destinationArn for vendor {arn.service} cannot be used without roleArn")
        if arn.service == "lambda" and arn.account != self.account_id:
            raise ServiceError(
                "AccessDeniedException",
                "Cross-account lambda invocation passing is not allowed. You must use DestinationPolicies to create cross account lambda triggers.",
            )
        if filterName not in group.subscriptions and len(group.subscriptions) >= MAX_SUBSCRIPTION_FILTERS:
            raise ServiceError("LimitExceededException", "Resource limit exceeded.")
        self._check_destination(arn)
        group.subscriptions[filterName] = SubscriptionFilter(
            filterName, group.name, filterPattern, destinationArn, roleArn, distribution or "ByLogStream", clock.epoch_ms()
        )

    def _check_destination(self, arn: Arn) -> None:
        """AWS tests a destination when a filter is put: Kinesis and Firehose receive a
        control message, a Lambda function must exist."""
        if arn.service == "lambda":
            backend = self.store.backend("lambda", arn.account, arn.region)
            try:
                backend._resolve(str(arn), None)  # type: ignore[attr-defined]
            except ServiceError:
                raise _invalid(
                    "Could not execute the lambda function. Make sure you have given CloudWatch Logs permission to execute your function."
                ) from None
            return
        try:
            subscriptions.control_message(self.store, str(arn), clock.epoch_ms())
        except targets.DeliveryError:
            if arn.service == "kinesis":
                raise _invalid(
                    "Could not deliver test message to specified Kinesis stream. Check if the given kinesis stream is in ACTIVE state."
                ) from None
            raise _invalid(
                "Could not deliver test message to specified Firehose stream. Check if the given Firehose stream is in ACTIVE state."
            ) from None

    def describe_subscription_filters(
        self, logGroupName: str, filterNamePrefix: str | None = None, nextToken: str | None = None, limit: int | None = None
    ) -> dict[str, Any]:
        group = self._group(logGroupName)
        found = sorted((f for f in group.subscriptions.values() if f.name.startswith(filterNamePrefix or "")), key=lambda f: f.name)
        try:
            page, token = pagination.page(found, nextToken, limit or DEFAULT_DESCRIBE_LIMIT)
        except pagination.InvalidToken:
            raise _invalid_token() from None
        return {"subscriptionFilters": [f.description() for f in page], "nextToken": token}

    def delete_subscription_filter(self, logGroupName: str, filterName: str) -> None:
        group = self._group(logGroupName)
        if group.subscriptions.pop(filterName, None) is None:
            raise ServiceError("ResourceNotFoundException", "The specified subscription filter does not exist.")

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
        except ValueError:
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
