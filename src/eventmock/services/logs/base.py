"""The base every CloudWatch Logs family module builds on: the state of one account
and Region (its log groups, with their streams, events and filters), the lookups and
checks the families share, and the reading of a group's events (:meth:`LogsBase._events_of`).

The operations live in one module per resource family, each a mixin of
:class:`LogsBase`; :class:`eventmock.services.logs.backend.LogsBackend` composes them.
"""

from __future__ import annotations

import re
from typing import Any

from eventmock.core import arns, clock, pagination, validation
from eventmock.core.backend import Backend, _current_call
from eventmock.core.errors import ServiceError
from eventmock.core.records import Record
from eventmock.services.logs import masking, metrics, subscriptions
from eventmock.services.logs.models import LogEvent, LogGroup, LogStream, Resource, SubscriptionFilter
from eventmock.services.logs.patterns import Matcher, PatternError, compile_pattern

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

#: The (newer) operations whose model answers bad input with ValidationException, not
#: InvalidParameterException (recorded for PutDeliveryDestination's outputFormat).
VALIDATION_OPERATIONS = frozenset(
    """AssociateSourceToS3TableIntegration CreateDelivery CreateScheduledQuery DeleteDelivery DeleteDeliveryDestination
    DeleteDeliveryDestinationPolicy DeleteDeliverySource DeleteScheduledQuery DescribeConfigurationTemplates DescribeDeliveries
    DescribeDeliveryDestinations DescribeDeliverySources DisassociateSourceFromS3TableIntegration GetDelivery GetDeliveryDestination
    GetDeliveryDestinationPolicy GetDeliverySource GetScheduledQuery GetScheduledQueryHistory ListScheduledQueries
    ListSourcesForS3TableIntegration PutDeliveryDestination PutDeliveryDestinationPolicy PutDeliverySource
    UpdateDeliveryConfiguration UpdateScheduledQuery""".split()
)
_IDENTIFIER_VALUE = re.compile(r"^Value '.*' at '(logGroupIdentifiers?)'", re.DOTALL)
_NAME_TOO_LONG = re.compile(r"at '(logGroupName|logStreamName)' failed to satisfy constraint: Member must have length less than or equal to 512$")
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

class LogsBase(Backend):
    service = "logs"
    #: CloudWatch Logs answers the model's constraints with InvalidParameterException.
    constraint_error = "InvalidParameterException"
    view = "eventmock.services.logs.inspect:LogsView"

    @classmethod
    def _constraint_failure(cls, problems: list[str]) -> ServiceError:
        call = _current_call.get()
        if call is not None and call.operation in VALIDATION_OPERATIONS:
            return ServiceError("ValidationException", validation.message(problems), status=400)
        # A log group or stream name too long has a message of its own (recorded).
        for problem in problems:
            if _NAME_TOO_LONG.search(problem):
                return _invalid("Invalid LogGroup or LogStream, both must have length less than or equal to 512.")
        # AWS leaves the value of a log group identifier out of the message (recorded).
        problems = [_IDENTIFIER_VALUE.sub(r"Value at '\1'", p) for p in problems]
        return super()._constraint_failure(problems)

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.groups: dict[str, LogGroup] = {}
        #: Deliveries to subscription filter destinations that did not happen.
        self.subscription_failures: Record[subscriptions.SubscriptionFailure] = Record()
        #: Resources other than log groups, by kind (``"destination"``...) and key.
        self.resources: dict[str, dict[str, Resource]] = {}
        #: The KMS key of the account's Logs Insights query results (AssociateKmsKey).
        self.query_results_kms_key: str | None = None
        #: The account's storage tier policy and when it was put (``None``: none put).
        self.storage_tier: tuple[str, int] | None = None
        #: The account's data protection policy document (``None``: none).
        self.account_data_protection: str | None = None
        #: The data points metric filters produced (``aws.logs.metrics(...)``).
        self.metric_data: Record[metrics.MetricDatum] = Record()

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
        assert isinstance(owner, LogsBase)
        return owner._group(arn.resource[len("log-group:") :].removesuffix(":*"))

    def _group_by_arn(self, resource_arn: str) -> LogGroup:
        arn = arns.parse(resource_arn)
        if arn is None or arn.service != "logs" or not arn.resource.startswith("log-group:"):
            raise _invalid(f"Invalid resource ARN: {resource_arn}" if arn is None else f"Resource type not supported: {resource_arn}")
        owner = self.store.backend("logs", arn.account, arn.region)
        assert isinstance(owner, LogsBase)
        group = owner.groups.get(arn.resource[len("log-group:") :].removesuffix(":*"))
        if group is None:
            raise ServiceError("ResourceNotFoundException", f"The specified resource does not exist: {resource_arn}")
        return group

    def _kind(self, kind: str) -> dict[str, Resource]:
        """The resources of one kind in this account and Region, by key."""
        found = self.resources.get(kind)
        if found is None:
            found = self.resources[kind] = {}
        return found

    def _taggable(self, resource_arn: str) -> LogGroup | Resource:
        """The log group or resource an ARN names (TagResource and its twins)."""
        arn = arns.parse(resource_arn)
        if arn is not None and arn.service == "logs" and arn.resource.startswith("log-group:"):
            return self._group_by_arn(resource_arn)
        if arn is None or arn.service != "logs":
            raise _invalid(f"Invalid resource ARN: {resource_arn}")
        owner = self.store.backend("logs", arn.account, arn.region)
        assert isinstance(owner, LogsBase)
        for kind in owner.resources.values():
            for resource in kind.values():
                if resource.arn == resource_arn:
                    return resource
        raise ServiceError("ResourceNotFoundException", f"The specified resource does not exist: {resource_arn}")

    @staticmethod
    def _pattern(pattern: str | None, message: str) -> Matcher:
        try:
            return compile_pattern(pattern or "")
        except PatternError:
            text = (pattern or "").strip()
            if text.startswith("{") and not text.endswith("}"):
                raise _invalid("If a filter pattern starts with '{' it must end with '}'") from None
            raise _invalid(message) from None

    def _expire(self, group: LogGroup) -> None:
        """Delete the events the group's retention has expired by the mock's clock."""
        if group.retention is None:
            return
        retained = clock.epoch_ms() - group.retention * DAY_MS
        for stream in group.streams.values():
            if stream.events and stream.events[0].timestamp < retained:
                del stream.events[: stream.bounds(retained, None)[0]]

    @staticmethod
    def _retained_from(group: LogGroup, now: int) -> int | None:
        return None if group.retention is None else now - group.retention * DAY_MS

    def _masked(self, group: LogGroup, events: list[LogEvent]) -> list[LogEvent]:
        """``events`` as the data protection policies of the group and the account
        mask them."""
        for document in (group.data_protection[0] if group.data_protection else None, self.account_data_protection):
            mask = masking.masker(document) if document is not None else None
            if mask is not None:
                events = masking.mask_events(events, mask)
        return events

    def _target_of(self, subscription: SubscriptionFilter) -> str | None:
        """Where a filter's matches go: its destination ARN, or the target of the
        CloudWatch Logs destination it names (``None``: that destination is gone)."""
        if ":destination:" not in subscription.destination:
            return subscription.destination
        from eventmock.services.logs.destinations import destination_target

        try:
            return destination_target(self.store, subscription.destination, self.account_id)
        except ServiceError:
            return None

    def _store_events(self, group: LogGroup, stream: LogStream, events: list[LogEvent]) -> None:
        """Keep ``events`` (in timestamp order) and send them to the group's
        subscription filters."""
        if not events:
            return
        if group.data_protection is not None or self.account_data_protection is not None:
            events = self._masked(group, events)
        stream.add(events)
        if group.metric_filters:
            points = metrics.data_points(group, events, clock.epoch_ms())
            self.metric_data.extend(points)
            metrics.publish(self.store, self.account_id, self.region, points)
        if not group.subscriptions:
            return
        for subscription in list(group.subscriptions.values()):
            matcher = compile_pattern(subscription.pattern)
            matched = [event for event in events if matcher(event.message)]
            if matched:
                failure = subscriptions.deliver(self.store, self.account_id, group.name, stream.name, subscription, matched, self._target_of(subscription))
                if failure is not None:
                    self.subscription_failures.append(failure)

    def _events_of(
        self,
        group: LogGroup,
        start: int | None = None,
        end: int | None = None,
        streams: list[LogStream] | None = None,
    ) -> list[tuple[LogStream, LogEvent]]:
        """The events of ``group`` (or of ``streams``, some of its streams) with
        ``start <= timestamp < end`` that its retention keeps, in timestamp order across
        streams (then ingestion, then stream name): what every reader of a group's
        events (FilterLogEvents, exports, queries) starts from."""
        self._expire(group)
        found: list[tuple[int, int, str, LogStream, LogEvent]] = []
        for stream in group.streams.values() if streams is None else streams:
            lo, hi = stream.bounds(start, end)
            found.extend((e.timestamp, e.ingestion, stream.name, stream, e) for e in stream.events[lo:hi])
        found.sort(key=lambda item: item[:3])
        return [(stream, event) for _, _, _, stream, event in found]

    @staticmethod
    def _page(items: list[Any], token: str | None, limit: int | None, default: int = DEFAULT_DESCRIBE_LIMIT) -> tuple[list[Any], str | None]:
        try:
            return pagination.page(items, token, limit or default)
        except pagination.InvalidToken:
            raise _invalid_token() from None
