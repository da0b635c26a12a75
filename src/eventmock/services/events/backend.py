"""Amazon EventBridge: event buses, permissions, rules and targets, tags, events in
(PutEvents, PutPartnerEvents), partner event sources, TestEventPattern.

Every account and region has the ``default`` bus. An accepted event is matched against
the routing index of its bus (the enabled rules that have an event pattern, compiled by
:mod:`eventmock.services.events.patterns`); each (rule, target) pair it matches goes
through :meth:`EventsBackend._dispatch`, which records a :class:`Delivery` in
``deliveries`` until the delivery layer replaces it.

The model's ``max``/``pattern``/``enum``/range constraints are checked by the core
before an operation runs (``constraint_error``); the checks here are the ones AWS makes
beyond the model. Partner event sources span accounts: the partner's backend and the
customer's share one :class:`PartnerEventSource`, reached through the store.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import json
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar

from eventmock.core import arns, clock, ids, pagination
from eventmock.core import tags as tags_
from eventmock.core.backend import Backend
from eventmock.core.errors import ServiceError
from eventmock.services.events import delivery
from eventmock.services.events import entries as entries_
from eventmock.services.events import schedule, targets
from eventmock.services.events.models import DEFAULT_BUS, Delivery, EventBus, PartnerEventSource, Rule
from eventmock.services.events.patterns import InvalidEventPattern, Matcher
from eventmock.services.events.patterns import compile as compile_pattern

T = TypeVar("T")

DEFAULT_PAGE_SIZE: Final = 100
MAX_TARGETS_PER_RULE: Final = 5
MAX_TAGS: Final = 50
#: The "Event pattern size" quota of a rule (characters of the pattern as given).
MAX_RULE_PATTERN_LENGTH: Final = 2048
#: The event bus policy may not exceed 10 KB.
MAX_POLICY_SIZE: Final = 10 * 1024
#: Fields TestEventPattern requires of its event (``resources`` is documented as
#: required but AWS does not insist on it).
TEST_EVENT_FIELDS: Final = ("id", "account", "source", "time", "region", "detail-type")


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


def _tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in tags.items()]


class EventsBackend(Backend):
    service = "events"
    constraint_error = "ValidationException"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        now = clock.now()
        self.buses: dict[str, EventBus] = {DEFAULT_BUS: EventBus(DEFAULT_BUS, self._arn("event-bus/default"), now, now)}
        #: Partner side: the event sources this (partner) account created, by name.
        self.partner_event_sources: dict[str, PartnerEventSource] = {}
        #: Customer side: the partner event sources shared with this account, by name.
        self.event_sources: dict[str, PartnerEventSource] = {}
        #: Every (event, rule, target) match, in the order events were accepted.
        self.deliveries: list[Delivery] = []
        self.failed_deliveries: list[delivery.Failure] = []

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
        assert isinstance(backend, EventsBackend)
        return backend

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

    # -- event buses --------------------------------------------------------------

    def create_event_bus(
        self,
        Name: str,
        EventSourceName: str | None = None,
        Description: str | None = None,
        KmsKeyIdentifier: str | None = None,
        DeadLetterConfig: dict[str, Any] | None = None,
        LogConfig: dict[str, Any] | None = None,
        Tags: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        if Name in self.buses:
            raise ServiceError("ResourceAlreadyExistsException", f"Event bus {Name} already exists.")
        if EventSourceName is None:
            if "/" in Name:
                raise _validation("Event bus name must not contain '/'.")
        else:
            if Name != EventSourceName:
                raise _validation("Event bus name must match event source name.")
            source = self.event_sources.get(EventSourceName)
            if source is None or source.deleted:
                raise _source_not_found(EventSourceName)
        problem = targets.check_dead_letter(DeadLetterConfig)
        if problem is not None:
            raise _validation(problem)
        tags = self._tags(Tags)
        now = clock.now()
        bus = EventBus(
            Name,
            self._arn(f"event-bus/{Name}"),
            now,
            now,
            description=Description,
            kms_key_identifier=KmsKeyIdentifier,
            dead_letter_config=copy.deepcopy(DeadLetterConfig),
            log_config=copy.deepcopy(LogConfig),
            event_source_name=EventSourceName,
            tags=tags,
        )
        self.buses[Name] = bus
        return {
            "EventBusArn": bus.arn,
            "Description": bus.description,
            "KmsKeyIdentifier": bus.kms_key_identifier,
            "DeadLetterConfig": bus.dead_letter_config,
            "LogConfig": bus.log_config,
        }

    def describe_event_bus(self, Name: str | None = None) -> dict[str, Any]:
        return self._bus(Name).description_response()

    def update_event_bus(
        self,
        Name: str | None = None,
        KmsKeyIdentifier: str | None = None,
        Description: str | None = None,
        DeadLetterConfig: dict[str, Any] | None = None,
        LogConfig: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        bus = self._bus(Name)
        problem = targets.check_dead_letter(DeadLetterConfig)
        if problem is not None:
            raise _validation(problem)
        # As with PutRule, what the call leaves out is not kept.
        bus.kms_key_identifier = KmsKeyIdentifier
        bus.description = Description
        bus.dead_letter_config = copy.deepcopy(DeadLetterConfig)
        bus.log_config = copy.deepcopy(LogConfig)
        bus.modified = clock.now()
        return {
            "Arn": bus.arn,
            "Name": bus.name,
            "KmsKeyIdentifier": bus.kms_key_identifier,
            "Description": bus.description,
            "DeadLetterConfig": bus.dead_letter_config,
            "LogConfig": bus.log_config,
        }

    def list_event_buses(
        self, NamePrefix: str | None = None, NextToken: str | None = None, Limit: int | None = None
    ) -> dict[str, Any]:
        buses = sorted((b for b in self.buses.values() if b.name.startswith(NamePrefix or "")), key=lambda b: b.name)
        page, token = self._page(buses, NextToken, Limit)
        return {"EventBuses": [bus.summary() for bus in page], "NextToken": token}

    def delete_event_bus(self, Name: str) -> None:
        if Name == DEFAULT_BUS:
            raise _validation("Cannot delete event bus default.")
        bus = self.buses.get(Name)
        if bus is None:
            return
        if bus.rules:
            raise _validation("EventBus can't be deleted since it has rules.")
        del self.buses[Name]
        source = self.event_sources.get(bus.event_source_name or "")
        if source is not None and source.deleted:
            # The partner deleted the source; with its bus gone it leaves the account.
            del self.event_sources[source.name]

    # -- permissions --------------------------------------------------------------

    def put_permission(
        self,
        EventBusName: str | None = None,
        Action: str | None = None,
        Principal: str | None = None,
        StatementId: str | None = None,
        Condition: dict[str, str] | None = None,
        Policy: str | None = None,
    ) -> None:
        bus = self._bus(EventBusName)
        if Policy is not None:
            if any(p is not None for p in (Action, Principal, StatementId, Condition)):
                raise _validation("Combination of policy with other arguments is not allowed.")
            try:
                document = json.loads(Policy)
            except (ValueError, RecursionError):
                document = None
            if not isinstance(document, dict):
                raise _validation("This policy contains invalid Json")
            policy: dict[str, Any] = document
        else:
            for name, value in (("Action", Action), ("Principal", Principal), ("StatementId", StatementId)):
                if value is None:
                    raise _validation(f"Parameter {name} must be specified.")
            assert Action is not None and Principal is not None and StatementId is not None
            if Action != "events:PutEvents":
                raise _validation("Provided value in parameter 'action' is not supported.")
            if Condition is not None and Principal != "*":
                raise ServiceError(
                    "InvalidParameterValue",
                    "Value of the parameter 'principal' must be '*' when the parameter 'condition' is set.",
                    status=400,
                )
            statement: dict[str, Any] = {
                "Sid": StatementId,
                "Effect": "Allow",
                "Principal": "*" if Principal == "*" else {"AWS": f"arn:aws:iam::{Principal}:root"},
                "Action": Action,
                "Resource": bus.arn,
            }
            if Condition is not None:
                statement["Condition"] = {Condition["Type"]: {Condition["Key"]: Condition["Value"]}}
            policy = copy.deepcopy(bus.policy) if bus.policy is not None else {"Version": "2012-10-17", "Statement": []}
            statements = policy.get("Statement")
            if not isinstance(statements, list):
                statements = policy["Statement"] = [] if statements is None else [statements]
            for i, existing in enumerate(statements):
                if isinstance(existing, dict) and existing.get("Sid") == StatementId:
                    statements[i] = statement  # a statement id names one statement
                    break
            else:
                statements.append(statement)
        if len(json.dumps(policy, separators=(",", ":")).encode("utf-8")) > MAX_POLICY_SIZE:
            raise ServiceError(
                "PolicyLengthExceededException", f"The policy of event bus {bus.name} would exceed {MAX_POLICY_SIZE} bytes."
            )
        bus.policy = policy
        bus.modified = clock.now()

    def remove_permission(
        self, StatementId: str | None = None, RemoveAllPermissions: bool | None = None, EventBusName: str | None = None
    ) -> None:
        bus = self._bus(EventBusName)
        if RemoveAllPermissions:
            bus.policy = None
            bus.modified = clock.now()
            return
        if StatementId is None:
            raise _validation("Parameter StatementId is required.")
        statements = (bus.policy or {}).get("Statement")
        if isinstance(statements, dict):
            statements = [statements]
        kept = [s for s in statements or () if not (isinstance(s, dict) and s.get("Sid") == StatementId)]
        if statements is None or len(kept) == len(statements):
            raise ServiceError("ResourceNotFoundException", "Statement with the provided id does not exist.")
        assert bus.policy is not None
        if kept:
            bus.policy = {**bus.policy, "Statement": kept}
        else:
            bus.policy = None
        bus.modified = clock.now()

    # -- rules --------------------------------------------------------------------

    def put_rule(
        self,
        Name: str,
        ScheduleExpression: str | None = None,
        EventPattern: str | None = None,
        State: str | None = None,
        Description: str | None = None,
        RoleArn: str | None = None,
        Tags: list[dict[str, str]] | None = None,
        EventBusName: str | None = None,
    ) -> dict[str, Any]:
        if not EventPattern and not ScheduleExpression:
            raise _validation("Parameter(s) EventPattern or ScheduleExpression must be specified.")
        bus_name = self._bus_ref(EventBusName)[0]
        if ScheduleExpression:
            if bus_name != DEFAULT_BUS:
                raise _validation("ScheduleExpression is supported only on the default event bus.")
            if not schedule.is_valid(ScheduleExpression):
                raise _validation("Parameter ScheduleExpression is not valid.")
        matcher: Matcher | None = None
        if EventPattern:
            if len(EventPattern) > MAX_RULE_PATTERN_LENGTH:
                raise _validation(f"Parameter EventPattern for rule {Name} exceeds limit of {MAX_RULE_PATTERN_LENGTH}.")
            try:
                matcher = _compiled(EventPattern)
            except InvalidEventPattern as exc:
                raise ServiceError("InvalidEventPatternException", str(exc)) from None
        bus = self._bus(EventBusName)
        existing = bus.rules.get(Name)
        if existing is not None and existing.managed_by is not None:
            raise _managed(existing)
        # PutRule replaces the rule: what the call leaves out is not kept. An existing
        # rule keeps its targets and its tags (Tags are only applied on creation).
        tags = existing.tags if existing is not None else self._tags(Tags)
        rule = Rule(
            name=Name,
            arn=self._rule_arn(bus, Name),
            bus_name=bus.name,
            created_by=self.account_id,
            state=State or "ENABLED",
            event_pattern=EventPattern or None,
            matcher=matcher,
            schedule_expression=ScheduleExpression or None,
            description=Description,
            role_arn=RoleArn,
            targets=existing.targets if existing is not None else {},
            tags=tags,
        )
        bus.rules[Name] = rule
        bus.reindex(rule)
        return {"RuleArn": rule.arn}

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
        bus.rules[name] = rule
        bus.reindex(rule)
        return rule

    def describe_rule(self, Name: str, EventBusName: str | None = None) -> dict[str, Any]:
        return self._rule(self._bus(EventBusName), Name).description_response()

    def list_rules(
        self,
        NamePrefix: str | None = None,
        EventBusName: str | None = None,
        NextToken: str | None = None,
        Limit: int | None = None,
    ) -> dict[str, Any]:
        bus = self._bus(EventBusName)
        rules = sorted((r for r in bus.rules.values() if r.name.startswith(NamePrefix or "")), key=lambda r: r.name)
        page, token = self._page(rules, NextToken, Limit)
        return {"Rules": [rule.summary() for rule in page], "NextToken": token}

    def _set_state(self, name: str, bus_name: str | None, state: str) -> None:
        bus = self._bus(bus_name)
        rule = self._rule(bus, name)
        if rule.managed_by is not None:
            raise _managed(rule)
        rule.state = state
        bus.reindex(rule)

    def enable_rule(self, Name: str, EventBusName: str | None = None) -> None:
        self._set_state(Name, EventBusName, "ENABLED")

    def disable_rule(self, Name: str, EventBusName: str | None = None) -> None:
        self._set_state(Name, EventBusName, "DISABLED")

    def delete_rule(self, Name: str, EventBusName: str | None = None, Force: bool | None = None) -> None:
        bus = self._bus(EventBusName)
        rule = bus.rules.get(Name)
        if rule is None:
            return  # deleting a rule that does not exist succeeds, as AWS documents
        if rule.managed_by is not None:
            if not Force:
                raise _managed(rule)
        elif rule.targets:
            raise _validation("Rule can't be deleted since it has targets.")
        del bus.rules[Name]
        bus.unindex(Name)

    def list_rule_names_by_target(
        self,
        TargetArn: str,
        EventBusName: str | None = None,
        NextToken: str | None = None,
        Limit: int | None = None,
    ) -> dict[str, Any]:
        bus = self._bus(EventBusName)
        names = sorted(r.name for r in bus.rules.values() if any(t["Arn"] == TargetArn for t in r.targets.values()))
        page, token = self._page(names, NextToken, Limit)
        return {"RuleNames": page, "NextToken": token}

    # -- targets ------------------------------------------------------------------

    def put_targets(self, Rule: str, Targets: list[dict[str, Any]], EventBusName: str | None = None) -> dict[str, Any]:
        rule = self._rule(self._bus(EventBusName), Rule)
        if rule.managed_by is not None:
            raise _managed(rule)
        problem = targets.check(rule.name, Targets)
        if problem is not None:
            raise _validation(problem)
        added = {t["Id"] for t in Targets} - rule.targets.keys()
        if len(rule.targets) + len(added) > MAX_TARGETS_PER_RULE:
            raise ServiceError("LimitExceededException", "The requested resource exceeds the maximum number allowed.")
        for target in Targets:
            rule.targets[target["Id"]] = copy.deepcopy(target)
        return {"FailedEntryCount": 0, "FailedEntries": []}

    def remove_targets(
        self, Rule: str, Ids: list[str], EventBusName: str | None = None, Force: bool | None = None
    ) -> dict[str, Any]:
        rule = self._rule(self._bus(EventBusName), Rule)
        if rule.managed_by is not None and not Force:
            raise _managed(rule)
        for target_id in Ids:
            rule.targets.pop(target_id, None)
        return {"FailedEntryCount": 0, "FailedEntries": []}

    def list_targets_by_rule(
        self, Rule: str, EventBusName: str | None = None, NextToken: str | None = None, Limit: int | None = None
    ) -> dict[str, Any]:
        rule = self._rule(self._bus(EventBusName), Rule)
        page, token = self._page(list(rule.targets.values()), NextToken, Limit)
        return {"Targets": page, "NextToken": token}

    # -- tags ---------------------------------------------------------------------

    def _taggable(self, arn_text: str) -> EventBus | Rule:
        """The bus or rule an ARN names (``rule/name`` on the default bus,
        ``rule/bus/name`` on others; a partner bus name holds slashes)."""
        arn = arns.parse(arn_text)
        kind, _, rest = arn.resource.partition("/") if arn is not None else ("", "", "")
        if arn is None or arn.service != "events" or kind not in ("event-bus", "rule") or not rest:
            raise _validation(f"Parameter ResourceARN is not valid. Reason: {arn_text} is not the ARN of an event bus or a rule.")
        here = (arn.account, arn.region) == (self.account_id, self.region)
        if kind == "event-bus":
            bus = self.buses.get(rest) if here else None
            if bus is None:
                raise _bus_not_found(rest)
            return bus
        bus_name, _, rule_name = rest.rpartition("/")
        bus_name = bus_name or DEFAULT_BUS
        found = self.buses.get(bus_name) if here else None
        if found is None:
            raise _bus_not_found(bus_name)
        return self._rule(found, rule_name)

    def _taggable_to_change(self, arn_text: str) -> EventBus | Rule:
        resource = self._taggable(arn_text)
        if isinstance(resource, Rule) and resource.managed_by is not None:
            raise _managed(resource)
        return resource

    def tag_resource(self, ResourceARN: str, Tags: list[dict[str, str]]) -> None:
        resource = self._taggable_to_change(ResourceARN)
        resource.tags = self._tags(Tags, resource.tags)

    def untag_resource(self, ResourceARN: str, TagKeys: list[str]) -> None:
        resource = self._taggable_to_change(ResourceARN)
        for key in TagKeys:
            resource.tags.pop(key, None)

    def list_tags_for_resource(self, ResourceARN: str) -> dict[str, Any]:
        return {"Tags": _tag_list(self._taggable(ResourceARN).tags)}

    # -- events in ----------------------------------------------------------------

    def _ingest(
        self, Entries: list[dict[str, Any]], source_problem: Callable[[dict[str, Any]], tuple[str, str] | None]
    ) -> tuple[dict[str, Any], list[tuple[dict[str, Any], dict[str, Any], str]]]:
        """Validate PutEvents/PutPartnerEvents entries as AWS does: the response (a
        per-entry ``EventId`` or ``ErrorCode``/``ErrorMessage``) and the accepted
        entries as (entry, parsed detail, event id), in order."""
        if entries_.too_large(Entries):
            raise _validation(entries_.TOO_LARGE)
        results: list[dict[str, Any]] = []
        accepted = []
        missing_member, parse_detail, new_id = entries_.missing_member, entries_.parse_detail, ids.uuid4
        for entry in Entries:
            problem = missing_member(entry) or source_problem(entry)
            if problem is None:
                detail = parse_detail(entry["Detail"])
                if detail is not None:
                    event_id = new_id()
                    results.append({"EventId": event_id})
                    accepted.append((entry, detail, event_id))
                    continue
                problem = "MalformedDetail", entries_.MALFORMED_DETAIL
            results.append({"ErrorCode": problem[0], "ErrorMessage": problem[1]})
        return {"FailedEntryCount": len(Entries) - len(accepted), "Entries": results}, accepted

    def put_events(self, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        # EndpointId (global endpoints) is not taken: the core refuses it, naming it.
        def aws_source(entry: dict[str, Any]) -> tuple[str, str] | None:
            if entry["Source"].startswith("aws."):
                return "NotAuthorizedForSourceException", entries_.NOT_AUTHORIZED_FOR_SOURCE
            return None

        response, accepted = self._ingest(Entries, aws_source)
        now = clock.now()
        routes: dict[str | None, tuple[EventsBackend, EventBus] | None] = {}  # per bus named
        for entry, detail, event_id in accepted:
            named = entry.get("EventBusName")
            if named in routes:
                route = routes[named]
            else:
                route = routes[named] = self._routing_bus(named)
            if route is not None and route[1].index:  # a bus with no rule to route it needs no envelope
                owner, bus = route
                owner._dispatch(bus, entries_.envelope(event_id, entry, detail, self.account_id, self.region, now))
        return response

    def _routing_bus(self, name_or_arn: str | None) -> tuple[EventsBackend, EventBus] | None:
        """The backend and bus an event sent to ``name_or_arn`` goes to, or ``None``:
        AWS accepts an event for a bus that does not exist, and drops it."""
        name, account, region = self._bus_ref(name_or_arn)
        owner = self if (account, region) == (self.account_id, self.region) else None
        if owner is None and region == self.region:
            owner = self._peer(account)  # another account's bus, named by its ARN
        bus = owner.buses.get(name) if owner is not None else None
        if owner is None or bus is None:
            return None
        return owner, bus

    def put_partner_events(self, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        def not_ours(entry: dict[str, Any]) -> tuple[str, str] | None:
            if entry["Source"] not in self.partner_event_sources:
                return "NotAuthorizedForSourceException", entries_.NOT_AUTHORIZED_FOR_SOURCE
            return None

        response, accepted = self._ingest(Entries, not_ours)
        now = clock.now()
        for entry, detail, event_id in accepted:
            source = self.partner_event_sources[entry["Source"]]
            customer = self._peer(source.account)
            bus = customer.buses.get(source.name)
            if bus is None or bus.event_source_name != source.name or source.deactivated:
                continue  # no active partner event bus: the event goes nowhere
            customer._dispatch(bus, entries_.envelope(event_id, entry, detail, source.account, self.region, now))
        return response

    def _dispatch(self, bus: EventBus, event: dict[str, Any], route: delivery.Route | None = None) -> None:
        """Deliver an accepted event to the targets of the rules of ``bus`` it matches,
        in rule and target order (see :mod:`.delivery`). Each match is also recorded in
        ``deliveries``; each failure in ``failed_deliveries``."""
        route = (route or delivery.Route(())).through(bus.arn)
        for name in bus.index.match(event):
            rule = bus.rules[name]
            for target in rule.targets.values():
                # Neither is copied: nothing changes an envelope once made, and PutTargets
                # replaces a stored target rather than changing it.
                self.deliveries.append(Delivery(event, rule.arn, target))
                try:
                    delivery.deliver(self.store, rule.arn, target, event, route)
                except delivery.DeliveryError as error:
                    failure = delivery.Failure(rule.arn, target["Arn"], error.code, error.message, event)
                    dlq = (target.get("DeadLetterConfig") or {}).get("Arn")
                    if dlq and delivery.dead_letter(self.store, failure, dlq):
                        failure = dataclasses.replace(failure, dead_letter_arn=dlq)
                    self.failed_deliveries.append(failure)

    def test_event_pattern(self, EventPattern: str, Event: str) -> dict[str, Any]:
        try:
            matcher = _compiled(EventPattern)
        except InvalidEventPattern as exc:
            raise ServiceError("InvalidEventPatternException", str(exc)) from None
        try:
            event = json.loads(Event)
        except (ValueError, RecursionError):
            event = None
        if not isinstance(event, dict) or any(name not in event for name in TEST_EVENT_FIELDS):
            raise _validation("Parameter Event is not valid.")
        return {"Result": matcher.matches(event)}

    # -- partner event sources: the partner's side --------------------------------

    def create_partner_event_source(self, Name: str, Account: str) -> dict[str, Any]:
        customer = self._peer(Account)
        shared = customer.event_sources.get(Name)
        if Name in self.partner_event_sources or (shared is not None and not shared.deleted):
            raise ServiceError("ResourceAlreadyExistsException", f"Event source {Name} already exists.")
        source = PartnerEventSource(
            name=Name,
            arn=arns.build("events", self.region, "", f"event-source/{Name}"),
            partner_account=self.account_id,
            account=Account,
            created=clock.now(),
        )
        self.partner_event_sources[Name] = source
        customer.event_sources[Name] = source
        return {"EventSourceArn": source.arn}

    def _own_source(self, name: str) -> PartnerEventSource:
        source = self.partner_event_sources.get(name)
        if source is None:
            raise _source_not_found(name)
        return source

    def describe_partner_event_source(self, Name: str) -> dict[str, Any]:
        source = self._own_source(Name)
        return {"Arn": source.arn, "Name": source.name}

    def list_partner_event_sources(
        self, NamePrefix: str, NextToken: str | None = None, Limit: int | None = None
    ) -> dict[str, Any]:
        sources = sorted((s for s in self.partner_event_sources.values() if s.name.startswith(NamePrefix)), key=lambda s: s.name)
        page, token = self._page(sources, NextToken, Limit)
        return {"PartnerEventSources": [{"Arn": s.arn, "Name": s.name} for s in page], "NextToken": token}

    def list_partner_event_source_accounts(
        self, EventSourceName: str, NextToken: str | None = None, Limit: int | None = None
    ) -> dict[str, Any]:
        source = self._own_source(EventSourceName)
        page, token = self._page([source], NextToken, Limit)
        accounts = [
            {"Account": s.account, "CreationTime": s.created, "State": self._peer(s.account)._source_state(s)} for s in page
        ]
        return {"PartnerEventSourceAccounts": accounts, "NextToken": token}

    def delete_partner_event_source(self, Name: str, Account: str) -> None:
        source = self.partner_event_sources.get(Name)
        if source is None or source.account != Account:
            return
        del self.partner_event_sources[Name]
        customer = self._peer(Account)
        bus = customer.buses.get(Name)
        if bus is not None and bus.event_source_name == Name:
            source.deleted = True  # the customer's partner bus stays, its source DELETED
        elif customer.event_sources.get(Name) is source:
            del customer.event_sources[Name]

    # -- partner event sources: the customer's side -------------------------------

    def _source_state(self, source: PartnerEventSource) -> str:
        if source.deleted:
            return "DELETED"
        bus = self.buses.get(source.name)
        if bus is not None and bus.event_source_name == source.name and not source.deactivated:
            return "ACTIVE"
        return "PENDING"

    def _shared_source(self, name: str) -> PartnerEventSource:
        source = self.event_sources.get(name)
        if source is None:
            raise _source_not_found(name)
        return source

    def _event_source(self, source: PartnerEventSource) -> dict[str, Any]:
        return {
            "Arn": source.arn,
            "CreatedBy": source.partner_name,
            "CreationTime": source.created,
            "Name": source.name,
            "State": self._source_state(source),
        }

    def list_event_sources(
        self, NamePrefix: str | None = None, NextToken: str | None = None, Limit: int | None = None
    ) -> dict[str, Any]:
        sources = sorted((s for s in self.event_sources.values() if s.name.startswith(NamePrefix or "")), key=lambda s: s.name)
        page, token = self._page(sources, NextToken, Limit)
        return {"EventSources": [self._event_source(s) for s in page], "NextToken": token}

    def describe_event_source(self, Name: str) -> dict[str, Any]:
        return self._event_source(self._shared_source(Name))

    def _set_deactivated(self, name: str, deactivated: bool) -> None:
        source = self._shared_source(name)
        if source.deleted:
            raise ServiceError("InvalidStateException", f"Event source {name} has been deleted.")
        source.deactivated = deactivated

    def activate_event_source(self, Name: str) -> None:
        self._set_deactivated(Name, False)

    def deactivate_event_source(self, Name: str) -> None:
        self._set_deactivated(Name, True)
