"""Scheduled rules: a rule with a ``ScheduleExpression`` (on the default bus) sends a
``Scheduled Event`` to its targets each time its schedule comes due on the mock's
clock (:mod:`eventmock.core.due`), while it is ``ENABLED``.

The event: ``{"version": "0", "id": ..., "detail-type": "Scheduled Event", "source":
"aws.events", "account": ..., "time": <the run's due time>, "region": ...,
"resources": [<rule ARN>], "detail": {}}``, through each target's ``Input``,
``InputPath`` or ``InputTransformer`` as any matched event.

When runs happen (UTC, as every scheduled rule):

- ``cron(...)``: at each matching minute after the rule was created or enabled;
- ``rate(...)``: one period after the rule was created or enabled, then every period.

If the mock's clock goes back before the time a run was armed at (``freeze_time`` in the
past), the rule is re-armed from the new time: its next occurrence after it.

Disabling or deleting a rule cancels its next run. Enabling it again starts afresh
from that moment: the runs missed while it was disabled do not happen (AWS sends
nothing for them). PutRule with the same expression and state keeps the rule's pace;
a new expression, or a rule turned on, starts afresh.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from eventmock.core import clock, ids, recurrence
from eventmock.core.due import Job
from eventmock.services.events import delivery, entries
from eventmock.services.events.models import DEFAULT_BUS, Rule

if TYPE_CHECKING:
    from eventmock.services.events.base import EventsBase


def _runs(rule: Rule) -> bool:
    return rule.schedule_expression is not None and rule.state in ("ENABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")


def disarm(rule: Rule) -> None:
    if rule.job is not None:
        rule.job.cancel()
        rule.job = None


def rearm(backend: EventsBase, rule: Rule, previous: Rule | None) -> None:
    """Bring ``rule``'s next run in line with its schedule and state (after PutRule,
    EnableRule, DisableRule); ``previous``: the rule it replaces, if any."""
    if previous is not None and previous is not rule:
        same = previous.schedule_expression == rule.schedule_expression and _runs(previous) == _runs(rule)
        if same and previous.job is not None:
            rule.job, previous.job = previous.job, None  # same schedule: same pace
            return
        disarm(previous)
    if not _runs(rule):
        disarm(rule)
        return
    if rule.job is None:
        _arm(backend, rule, clock.now())


def _next(expression: recurrence.Expression, after: dt.datetime) -> dt.datetime | None:
    if isinstance(expression, recurrence.Rate):
        return expression.after(after)
    if isinstance(expression, recurrence.Cron):
        return recurrence.next_cron(expression, after, recurrence.UTC)
    return None


def _arm(backend: EventsBase, rule: Rule, after: dt.datetime) -> None:
    assert rule.schedule_expression is not None
    expression = recurrence.parse(rule.schedule_expression)
    when = _next(expression, after) if expression is not None else None
    if when is None:
        rule.job = None
        return
    name = rule.name

    def run(due: dt.datetime) -> None:
        bus = backend.buses.get(DEFAULT_BUS)
        current = bus.rules.get(name) if bus is not None else None
        if bus is None or current is None or current.job is not job:
            return
        current.job = None
        event = _scheduled_event(backend, current, due)
        backend._to_targets(current, event, delivery.Route((bus.arn,)))
        if bus.rules.get(name) is current and current.job is None and _runs(current):
            _arm(backend, current, when)

    def rearm(now: dt.datetime) -> None:
        bus = backend.buses.get(DEFAULT_BUS)
        current = bus.rules.get(name) if bus is not None else None
        if current is not None and current.job is job:
            current.job = None
            _arm(backend, current, _rewound(expression, when, now))

    job: Job = backend.store.due.at(when, run, rearm)
    rule.job = job


def _rewound(expression: recurrence.Expression | None, when: dt.datetime, now: dt.datetime) -> dt.datetime:
    """What to arm after once the clock went back to ``now`` before the run due at
    ``when`` was armed: the next occurrence after ``now`` (a ``rate`` keeps its pace)."""
    if isinstance(expression, recurrence.Rate):
        return when - ((when - now) // expression.period + 1) * expression.period
    return now


def _scheduled_event(backend: EventsBase, rule: Rule, due: dt.datetime) -> dict[str, Any]:
    return {
        "version": "0",
        "id": ids.uuid4(),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": backend.account_id,
        "time": entries.event_time(due),
        "region": backend.region,
        "resources": [rule.arn],
        "detail": {},
    }
