"""EventBridge rules and their targets, and TestEventPattern."""

from __future__ import annotations

import copy
import json
from typing import Any, Final

from eventmock.core.errors import ServiceError
from eventmock.services.events import schedule, scheduled, targets
from eventmock.services.events.base import EventsBase, _managed, _validation
from eventmock.services.events.models import DEFAULT_BUS, Rule
from eventmock.services.events.patterns import Matcher

MAX_TARGETS_PER_RULE: Final = 5
#: The "Event pattern size" quota of a rule (characters of the pattern as given).
MAX_RULE_PATTERN_LENGTH: Final = 2048
#: Fields TestEventPattern requires of its event (``resources`` is documented as
#: required but AWS does not insist on it).
TEST_EVENT_FIELDS: Final = ("id", "account", "source", "time", "region", "detail-type")


class Rules(EventsBase):
    """PutRule ... DeleteRule, the managed rules AWS services create, PutTargets ... ListTargetsByRule, TestEventPattern."""

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
            matcher = self._matcher(EventPattern)
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
        scheduled.rearm(self, rule, existing)
        return {"RuleArn": rule.arn}

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
        scheduled.rearm(self, rule, None)

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
        scheduled.disarm(rule)

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
        problem = targets.check(rule.name, Targets, self.account_id)
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

    # -- patterns -----------------------------------------------------------------

    def test_event_pattern(self, EventPattern: str, Event: str) -> dict[str, Any]:
        matcher = self._matcher(EventPattern)
        try:
            event = json.loads(Event)
        except (ValueError, RecursionError):
            event = None
        if not isinstance(event, dict) or any(name not in event for name in TEST_EVENT_FIELDS):
            raise _validation("Parameter Event is not valid.")
        return {"Result": matcher.matches(event)}
