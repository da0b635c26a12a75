"""The base every EventBridge family module builds on: the state of one account and
Region (its buses, the partner event sources shared with it, the deliveries made),
the lookups and checks the families share, and :meth:`EventsBase._dispatch`, which
routes an accepted event to the rules of its bus.

The operations live in one module per resource family (``buses``, ``rules``,
``put_events``, ``partner_sources``, ``tags``), each a mixin of :class:`EventsBase`;
:class:`eventmock.services.events.backend.EventsBackend` composes them.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast

from eventmock.core import arns, clock, pagination, targets
from eventmock.core import tags as tags_
from eventmock.core.backend import Backend
from eventmock.core.errors import ServiceError
from eventmock.core.records import Record
from eventmock.services.events import delivery, scheduled
from eventmock.services.events.models import ARCHIVE_RULE_MANAGER, DEFAULT_BUS, Delivery, EventBus, PartnerEventSource, Rule
from eventmock.services.events.patterns import InvalidEventPattern, Matcher
from eventmock.services.events.patterns import compile as compile_pattern

if TYPE_CHECKING:
    from eventmock.services.events.backend import EventsBackend

T = TypeVar("T")

DEFAULT_PAGE_SIZE: Final = 100
MAX_TAGS: Final = 50


def _validation(message: str) -> ServiceError:
    return ServiceError("ValidationException", message, status=400)


def _bus_not_found(name: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"Event bus {name} does not exist.")


def _rule_not_found(name: str, bus: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"Rule {name} does not exist on EventBus {bus}.")


def _source_not_found(name: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"Event source {name} does not exist.")


def _managed(rule: Rule) -> ServiceError:
    return ServiceError("ManagedRuleException", f"{rule.name} is a managed rule. Set 'force' parameter to true to override.")


@functools.lru_cache(maxsize=1024)
def _compiled(pattern: str) -> Matcher:
    """The matcher of a pattern's text. A :class:`Matcher` is immutable, so rules with the
    same pattern share one (a test suite puts the same rules in every test) and the text
    is compiled once. An invalid pattern raises every time (nothing is kept for it)."""
    return compile_pattern(pattern)


#: What a lenient mock takes the pattern ``{}`` for: every event (each has a source).
_EVERY_EVENT = '{"source": [{"prefix": ""}]}'


_tag_list = tags_.as_list


class EventsBase(Backend):
    service = "events"
    constraint_error = "ValidationException"

    def _matcher(self, pattern: str) -> Matcher:
        """The compiled event pattern, or AWS's ``InvalidEventPatternException``. A
        lenient mock takes ``{}`` (which AWS refuses, moto accepts) as matching every
        event, and records the call (:mod:`eventmock.core.leniency`)."""
        try:
            return _compiled(pattern)
        except InvalidEventPattern as exc:
            error = ServiceError("InvalidEventPatternException", str(exc))
            if pattern.strip().replace(" ", "") == "{}":
                self.refuse("events.empty-pattern", error)
                return _compiled(_EVERY_EVENT)
            raise error from None

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        now = clock.now()
        self.buses: dict[str, EventBus] = {DEFAULT_BUS: EventBus(DEFAULT_BUS, self._arn("event-bus/default"), now, now)}
        #: Partner side: the event sources this (partner) account created, by name.
        self.partner_event_sources: dict[str, PartnerEventSource] = {}
        #: Customer side: the partner event sources shared with this account, by name.
        self.event_sources: dict[str, PartnerEventSource] = {}
        #: The latest (event, rule, target) matches, in the order events were accepted,
        #: and the latest failed deliveries (bounded: :mod:`eventmock.core.records`).
        self.deliveries: Record[Delivery] = Record()
        self.failed_deliveries: Record[delivery.Failure] = Record()

    # -- lookups ------------------------------------------------------------------

    def _bus_ref(self, name_or_arn: str | None) -> tuple[str, str, str]:
        """The (name, account, region) of the bus a call names; the default bus of this
        account and region when it names none."""
        if name_or_arn is None:
            return DEFAULT_BUS, self.account_id, self.region
        if name_or_arn.startswith("arn:"):
            arn = arns.parse(name_or_arn)
            if arn is not None and arn.resource.startswith("event-bus/"):
                return arn.resource[len("event-bus/") :], arn.account, arn.region
        return name_or_arn, self.account_id, self.region

    def _bus(self, name_or_arn: str | None) -> EventBus:
        name, account, region = self._bus_ref(name_or_arn)
        bus = self.buses.get(name) if (account, region) == (self.account_id, self.region) else None
        if bus is None:
            raise _bus_not_found(name)
        return bus

    def _rule(self, bus: EventBus, name: str) -> Rule:
        rule = bus.rules.get(name)
        if rule is None:
            raise _rule_not_found(name, bus.name)
        return rule

    def _rule_arn(self, bus: EventBus, name: str) -> str:
        return self._arn(f"rule/{name}" if bus.name == DEFAULT_BUS else f"rule/{bus.name}/{name}")

    def _peer(self, account: str, region: str | None = None) -> EventsBackend:
        """This service's backend in another account (and region)."""
        backend = self.store.backend("events", account, region or self.region)
        assert isinstance(backend, EventsBase)
        return cast("EventsBackend", backend)

    @staticmethod
    def _page(items: Sequence[T], token: str | None, limit: int | None) -> tuple[list[T], str | None]:
        try:
            return pagination.page(items, token, limit or DEFAULT_PAGE_SIZE)
        except pagination.InvalidToken:
            raise ServiceError("InvalidToken", "The nextToken provided is invalid.", status=400) from None

    @staticmethod
    def _tags(tags: list[dict[str, str]] | None, existing: dict[str, str] | None = None) -> dict[str, str]:
        """``existing`` with ``tags`` applied, checked as AWS checks it."""
        given: dict[str, str] = {}
        for tag in tags or ():
            if tag["Key"] in given:
                raise _validation("Invalid parameter: Duplicated keys are not allowed.")
            given[tag["Key"]] = tag["Value"]
        reserved = tags_.reserved_key(given)
        if reserved is not None:
            raise _validation(f"Invalid parameter: Tag keys starting with 'aws:' are reserved for AWS use: {reserved}")
        merged = {**(existing or {}), **given}
        if len(merged) > MAX_TAGS:
            raise _validation(f"Invalid parameter: A resource can have at most {MAX_TAGS} tags.")
        return merged

    # -- managed rules ------------------------------------------------------------

    def _put_managed_rule(
        self,
        name: str,
        managed_by: str,
        event_pattern: str | None = None,
        schedule_expression: str | None = None,
        bus_name: str = DEFAULT_BUS,
        rule_targets: list[dict[str, Any]] | None = None,
    ) -> Rule:
        """Create a rule as an AWS service does on the customer's behalf (``ManagedBy``).
        Customers cannot change such a rule (ManagedRuleException); they can delete it,
        or remove its targets, with ``Force``. For services that create managed rules;
        PutRule cannot."""
        bus = self._bus(bus_name)
        matcher = _compiled(event_pattern) if event_pattern else None
        rule = Rule(
            name=name,
            arn=self._rule_arn(bus, name),
            bus_name=bus.name,
            created_by=self.account_id,
            event_pattern=event_pattern,
            matcher=matcher,
            schedule_expression=schedule_expression,
            managed_by=managed_by,
            targets={t["Id"]: copy.deepcopy(t) for t in rule_targets or ()},
        )
        scheduled.rearm(self, rule, bus.rules.get(name))
        bus.rules[name] = rule
        bus.reindex(rule)
        return rule

    # -- routing ------------------------------------------------------------------

    def _archive(self, rule: Rule, target: dict[str, Any], event: dict[str, Any]) -> bool:
        """Archive ``event`` if ``target`` is the archive target of an archive's managed
        ``rule``; whether it did (see :mod:`.archives`)."""
        return False

    def _dispatch(
        self,
        bus: EventBus,
        event: dict[str, Any],
        route: delivery.Route | None = None,
        rule_arns: Collection[str] | None = None,
    ) -> None:
        """Deliver an accepted event to the targets of the rules of ``bus`` it matches
        (only those of ``rule_arns`` if given: a replay's ``FilterArns``), in rule and
        target order (see :mod:`.delivery`). Each match is also recorded in
        ``deliveries``; each failure in ``failed_deliveries``. An archive's managed
        rule archives the event instead."""
        route = (route or delivery.Route(())).through(bus.arn)
        for name in bus.index.match(event):
            # Targets run user code, without the store's lock: another thread may have
            # deleted the rule since (it is then not delivered to).
            rule = bus.rules.get(name)
            if rule is not None and (rule_arns is None or rule.arn in rule_arns):
                self._to_targets(rule, event, route)

    def _to_targets(self, rule: Rule, event: dict[str, Any], route: delivery.Route) -> None:
        """Deliver ``event`` to each of ``rule``'s targets, in order (a matched event,
        or a scheduled rule's ``Scheduled Event``); an archive's target archives it."""
        archiving = rule.managed_by == ARCHIVE_RULE_MANAGER
        for target in list(rule.targets.values()):  # a copy: targets may run user code
            if archiving and self._archive(rule, target, event):
                continue
            # Neither is copied: nothing changes an envelope once made, and PutTargets
            # replaces a stored target rather than changing it.
            self.deliveries.append(Delivery(event, rule.arn, target))
            failed, retried = self._deliver(rule, target, event, route)
            if failed is not None:
                failure = delivery.Failure(rule.arn, target["Arn"], failed.code, failed.message, event, retry_attempts=retried)
                dlq = (target.get("DeadLetterConfig") or {}).get("Arn")
                if dlq and delivery.dead_letter(self.store, failure, dlq):
                    failure = dataclasses.replace(failure, dead_letter_arn=dlq)
                targets.dead_lettered(target["Arn"], failure.dead_letter_arn, failure.code)
                self.failed_deliveries.append(failure)

    def _deliver(
        self, rule: Rule, target: dict[str, Any], event: dict[str, Any], route: delivery.Route
    ) -> tuple[delivery.DeliveryError | None, int]:
        """Deliver ``event`` to ``target``, retrying a retryable failure at once under
        the target's ``RetryPolicy``: the failure it ended with (``None`` once
        delivered) and how many times it was retried."""
        retried = 0
        while True:
            try:
                delivery.deliver(self.store, rule.arn, target, event, route)
            except delivery.RetryableError as error:
                if retried < delivery.retry_attempts(target):
                    retried += 1
                    targets.retrying(target["Arn"], retried, error.code)
                    continue
                return error, retried
            except delivery.DeliveryError as error:
                return error, retried
            return None, retried
