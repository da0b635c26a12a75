"""Syntax of a rule's ``ScheduleExpression``: ``rate(...)`` and ``cron(...)`` (the
grammar, shared with EventBridge Scheduler, is :mod:`eventmock.core.recurrence`)."""

from __future__ import annotations

from eventmock.core import recurrence


def is_valid(expression: str) -> bool:
    """Whether EventBridge accepts ``expression`` as a rule's schedule."""
    return recurrence.parse(expression) is not None
