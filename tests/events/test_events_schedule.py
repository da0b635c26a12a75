"""ScheduleExpression syntax, through PutRule: rate(...) and cron(...)."""

from __future__ import annotations

import pytest
from events_support import error_of

VALID = [
    "rate(1 minute)",
    "rate(5 minutes)",
    "rate(1 hour)",
    "rate(12 hours)",
    "rate(1 day)",
    "rate(30 days)",
    "cron(0 10 * * ? *)",
    "cron(15 12 * * ? *)",
    "cron(0 18 ? * MON-FRI *)",
    "cron(0 8 1 * ? *)",
    "cron(0/15 * * * ? *)",
    "cron(0/10 * ? * MON-FRI *)",
    "cron(0/5 8-17 ? * MON-FRI *)",
    "cron(0/30 20-23 ? * MON-FRI *)",
    "cron(0 9 ? * 2#1 *)",
    "cron(0 0 L * ? *)",
    "cron(0 0 15W * ? *)",
    "cron(0 0 LW * ? *)",
    "cron(0 0 ? * 6L *)",
    "cron(0,30 1,13 ? JAN,JUL SUN 2027)",
    "cron(0 12 ? jan-mar mon *)",
    "cron(0 20 * * ? 2500)",
    "cron(5 4 * * ? 2026-2030)",
]

INVALID = [
    # rate: AWS refuses all of these (units, singular/plural, spacing, case, sign)
    "rate(10 seconds)",
    "rate(10 years)",
    "rate(1 minutes)",
    "rate(1 hours)",
    "rate(1 days)",
    "rate(10 minute)",
    "rate(10 hour)",
    "rate(10 day)",
    "rate()",
    "rate(10)",
    "rate(10 minutess)",
    "rate(foo minutes)",
    "rate(0 minutes)",
    "rate(-10 minutes)",
    "rate(10 MINUTES)",
    "rate( 10 minutes )",
    " rate(10 minutes)",
    "rate(10 minutes) ",
    # cron
    "cron(0 10 * * *)",  # five fields
    "cron(0 10 * * ? * *)",  # seven
    "cron(0 10 * * * *)",  # neither day field is ?
    "cron(0 10 ? * ? *)",  # both are
    "cron(60 10 * * ? *)",
    "cron(0 24 * * ? *)",
    "cron(0 10 32 * ? *)",
    "cron(0 10 0 * ? *)",
    "cron(0 10 * 13 ? *)",
    "cron(0 10 ? * 8 *)",
    "cron(0 10 ? * FUN *)",
    "cron(0 10 1#2 * ? *)",  # '#' outside day-of-week
    "cron(0 10 ? * 2#6 *)",
    "cron(0 10 ? * 2#1,3#2 *)",
    "cron(0/0 10 * * ? *)",
    "cron(a 10 * * ? *)",
    "cron()",
    "cron 0 10 * * ? *",
    "every 5 minutes",
]


@pytest.mark.parametrize("expression", VALID)
def test_valid_schedule_expressions_are_stored(events, expression):
    events.put_rule(Name="scheduled", ScheduleExpression=expression)
    assert events.describe_rule(Name="scheduled")["ScheduleExpression"] == expression


@pytest.mark.parametrize("expression", INVALID)
def test_invalid_schedule_expressions_are_refused(events, expression):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.put_rule(Name="scheduled", ScheduleExpression=expression)
    assert error_of(info) == ("ValidationException", "Parameter ScheduleExpression is not valid.")
    assert events.list_rules()["Rules"] == []


def test_schedule_expression_longer_than_256_is_a_model_constraint(events):
    expression = "rate(" + "1" * 260 + " minutes)"
    with pytest.raises(events.exceptions.ClientError) as info:
        events.put_rule(Name="scheduled", ScheduleExpression=expression)
    code, message = error_of(info)
    assert code == "ValidationException"
    assert message.endswith("at 'scheduleExpression' failed to satisfy constraint: Member must have length less than or equal to 256")
