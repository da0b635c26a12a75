"""EventBridge Scheduler's resources as the backend holds them: schedule groups and
schedules. Responses are built from these by the backend."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from eventmock.core.due import Job
from eventmock.core.recurrence import Expression

DEFAULT_GROUP = "default"
#: The retry policy a target gets when it names none (the API reference's defaults).
DEFAULT_RETRY_POLICY = {"MaximumEventAgeInSeconds": 86400, "MaximumRetryAttempts": 185}


@dataclass
class ScheduleGroup:
    name: str
    arn: str
    created: dt.datetime
    modified: dt.datetime
    tags: dict[str, str] = field(default_factory=dict)
    schedules: dict[str, Schedule] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        return {
            "Arn": self.arn,
            "Name": self.name,
            "State": "ACTIVE",
            "CreationDate": self.created,
            "LastModificationDate": self.modified,
        }


@dataclass
class Schedule:
    name: str
    group: str
    arn: str
    expression: Expression
    timezone: str
    tz: dt.tzinfo
    target: dict[str, Any]
    flexible_time_window: dict[str, Any]
    state: str
    action_after_completion: str
    created: dt.datetime
    modified: dt.datetime
    start_date: dt.datetime | None = None
    end_date: dt.datetime | None = None
    description: str | None = None
    kms_key_arn: str | None = None
    #: The next run waiting on the clock (``None``: none, disabled or finished).
    job: Job | None = None

    def response(self) -> dict[str, Any]:
        """The schedule as GetSchedule gives it."""
        return {
            "Arn": self.arn,
            "GroupName": self.group,
            "Name": self.name,
            "ScheduleExpression": self.expression.expression,
            "StartDate": self.start_date,
            "EndDate": self.end_date,
            "Description": self.description,
            "ScheduleExpressionTimezone": self.timezone,
            "State": self.state,
            "CreationDate": self.created,
            "LastModificationDate": self.modified,
            "KmsKeyArn": self.kms_key_arn,
            "Target": self.target,
            "FlexibleTimeWindow": self.flexible_time_window,
            "ActionAfterCompletion": self.action_after_completion,
        }

    def summary(self) -> dict[str, Any]:
        """The schedule as ListSchedules gives it."""
        return {
            "Arn": self.arn,
            "Name": self.name,
            "GroupName": self.group,
            "State": self.state,
            "CreationDate": self.created,
            "LastModificationDate": self.modified,
            "Target": {"Arn": self.target["Arn"]},
        }
