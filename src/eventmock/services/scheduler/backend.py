"""Amazon EventBridge Scheduler: schedule groups, schedules, tags; schedules fire on
the mock's clock (:mod:`.runner`).

Every account and region has the ``default`` group. The model's ``max``/``pattern``/
``enum``/range constraints are checked by the core before an operation runs
(``constraint_error``; Scheduler is a Smithy-built service, so patterns are searched
for); the checks here are the ones AWS makes beyond the model. See docs/scheduler.md.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from typing import Any, Final, TypeVar

from eventmock.core import clock, pagination, recurrence
from eventmock.core.backend import Backend
from eventmock.core.errors import ServiceError
from eventmock.core.records import Record
from eventmock.services.scheduler import runner
from eventmock.services.scheduler.models import DEFAULT_GROUP, DEFAULT_RETRY_POLICY, Schedule, ScheduleGroup

T = TypeVar("T")

DEFAULT_PAGE_SIZE: Final = 100
MAX_TAGS: Final = 50
#: How far in the past a recurring schedule's StartDate may be.
START_DATE_GRACE: Final = dt.timedelta(minutes=5)


def _validation(message: str) -> ServiceError:
    return ServiceError("ValidationException", message)


def _group_not_found(name: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"Schedule group {name} does not exist.")


def _schedule_not_found(name: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"Schedule {name} does not exist.")


class SchedulerBackend(Backend):
    service = "scheduler"
    view = "eventmock.services.scheduler.inspect:SchedulerView"
    constraint_error = "ValidationException"
    constraint_patterns = "search"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        now = clock.now()
        self.groups: dict[str, ScheduleGroup] = {
            DEFAULT_GROUP: ScheduleGroup(DEFAULT_GROUP, self._arn(f"schedule-group/{DEFAULT_GROUP}"), now, now)
        }
        #: Every invocation that failed for good (retries exhausted or event too old).
        self.failed_invocations: Record[runner.Failure] = Record()
        #: Every invocation attempted, in order (successful or not).
        self.invocations: Record[runner.Invocation] = Record()

    # -- lookups ------------------------------------------------------------------

    def _group(self, name: str | None) -> ScheduleGroup:
        group = self.groups.get(name or DEFAULT_GROUP)
        if group is None:
            raise _group_not_found(name or DEFAULT_GROUP)
        return group

    def _schedule(self, name: str, group_name: str | None) -> Schedule:
        schedule = self._group(group_name).schedules.get(name)
        if schedule is None:
            raise _schedule_not_found(name)
        return schedule

    @staticmethod
    def _page(items: Sequence[T], token: str | None, limit: int | None) -> tuple[list[T], str | None]:
        try:
            return pagination.page(items, token, limit or DEFAULT_PAGE_SIZE)
        except pagination.InvalidToken:
            raise _validation("The provided NextToken is invalid.") from None

    # -- schedule groups ----------------------------------------------------------

    def create_schedule_group(self, Name: str, Tags: list[dict[str, str]] | None = None, ClientToken: str | None = None) -> dict[str, Any]:
        if Name in self.groups:
            raise ServiceError("ConflictException", f"Schedule group {Name} already exists.")
        tags = self._tags(Tags)
        now = clock.now()
        group = ScheduleGroup(Name, self._arn(f"schedule-group/{Name}"), now, now, tags)
        self.groups[Name] = group
        return {"ScheduleGroupArn": group.arn}

    def get_schedule_group(self, Name: str) -> dict[str, Any]:
        return self._group(Name).summary()

    def list_schedule_groups(
        self, NamePrefix: str | None = None, NextToken: str | None = None, MaxResults: int | None = None
    ) -> dict[str, Any]:
        groups = sorted((g for g in self.groups.values() if g.name.startswith(NamePrefix or "")), key=lambda g: g.name)
        page, token = self._page(groups, NextToken, MaxResults)
        return {"ScheduleGroups": [g.summary() for g in page], "NextToken": token}

    def delete_schedule_group(self, Name: str, ClientToken: str | None = None) -> None:
        if Name == DEFAULT_GROUP:
            raise _validation("The default schedule group cannot be deleted.")
        group = self._group(Name)
        for schedule in group.schedules.values():
            runner.disarm(schedule)
        del self.groups[Name]

    # -- tags (schedule groups only) ----------------------------------------------

    def _tagged(self, arn: str) -> ScheduleGroup:
        prefix = self._arn("schedule-group/")
        if not arn.startswith(prefix):
            raise ServiceError("ResourceNotFoundException", f"Schedule group {arn.rpartition('/')[2]} does not exist.")
        return self._group(arn[len(prefix) :])

    @staticmethod
    def _tags(tags: list[dict[str, str]] | None, existing: dict[str, str] | None = None) -> dict[str, str]:
        merged = dict(existing or {})
        for tag in tags or ():
            merged[tag["Key"]] = tag["Value"]
        if len(merged) > MAX_TAGS:
            raise _validation(f"A resource can have at most {MAX_TAGS} tags.")
        return merged

    def tag_resource(self, ResourceArn: str, Tags: list[dict[str, str]]) -> None:
        group = self._tagged(ResourceArn)
        group.tags = self._tags(Tags, group.tags)

    def untag_resource(self, ResourceArn: str, TagKeys: list[str]) -> None:
        group = self._tagged(ResourceArn)
        for key in TagKeys:
            group.tags.pop(key, None)

    def list_tags_for_resource(self, ResourceArn: str) -> dict[str, Any]:
        group = self._tagged(ResourceArn)
        return {"Tags": [{"Key": k, "Value": v} for k, v in group.tags.items()]}

    # -- schedules ----------------------------------------------------------------

    def _build(
        self,
        *,
        name: str,
        group: ScheduleGroup,
        expression_text: str,
        target: dict[str, Any],
        window: dict[str, Any],
        start_date: dt.datetime | None,
        end_date: dt.datetime | None,
        description: str | None,
        timezone: str | None,
        state: str | None,
        kms_key_arn: str | None,
        action: str | None,
        created: dt.datetime | None,
    ) -> Schedule:
        """A schedule from CreateSchedule's or UpdateSchedule's members, checked as AWS
        checks them (nothing is changed here)."""
        expression = recurrence.parse(expression_text, at=True)
        if expression is None:
            raise _validation(f"Invalid Schedule Expression {expression_text}.")
        tz = clock.zone(timezone or "UTC")
        if tz is None:
            raise _validation(f"Invalid ScheduleExpressionTimezone {timezone}.")
        now = clock.now()
        if start_date is not None and not isinstance(expression, recurrence.At) and start_date < now - START_DATE_GRACE:
            raise _validation("The StartDate you specify cannot be earlier than 5 minutes ago.")
        if start_date is not None and end_date is not None and end_date <= start_date:
            raise _validation("The EndDate you specify must be after the StartDate.")
        if window["Mode"] == "FLEXIBLE" and window.get("MaximumWindowInMinutes") is None:
            raise _validation("MaximumWindowInMinutes must be provided when the FlexibleTimeWindow Mode is FLEXIBLE.")
        problem = runner.check_target(target)
        if problem is not None:
            raise _validation(problem)
        stored_target = copy.deepcopy(target)
        stored_target["RetryPolicy"] = {**DEFAULT_RETRY_POLICY, **(target.get("RetryPolicy") or {})}
        return Schedule(
            name=name,
            group=group.name,
            arn=self._arn(f"schedule/{group.name}/{name}"),
            expression=expression,
            timezone=timezone or "UTC",
            tz=tz,
            target=stored_target,
            flexible_time_window=dict(window),
            state=state or "ENABLED",
            action_after_completion=action or "NONE",
            created=created or now,
            modified=now,
            start_date=clock.to_millis(start_date) if start_date is not None else None,
            end_date=clock.to_millis(end_date) if end_date is not None else None,
            description=description,
            kms_key_arn=kms_key_arn,
        )

    def create_schedule(
        self,
        Name: str,
        ScheduleExpression: str,
        Target: dict[str, Any],
        FlexibleTimeWindow: dict[str, Any],
        GroupName: str | None = None,
        StartDate: dt.datetime | None = None,
        EndDate: dt.datetime | None = None,
        Description: str | None = None,
        ScheduleExpressionTimezone: str | None = None,
        State: str | None = None,
        KmsKeyArn: str | None = None,
        ClientToken: str | None = None,
        ActionAfterCompletion: str | None = None,
    ) -> dict[str, Any]:
        group = self._group(GroupName)
        if Name in group.schedules:
            raise ServiceError("ConflictException", f"Schedule {Name} already exists.")
        schedule = self._build(
            name=Name,
            group=group,
            expression_text=ScheduleExpression,
            target=Target,
            window=FlexibleTimeWindow,
            start_date=StartDate,
            end_date=EndDate,
            description=Description,
            timezone=ScheduleExpressionTimezone,
            state=State,
            kms_key_arn=KmsKeyArn,
            action=ActionAfterCompletion,
            created=None,
        )
        group.schedules[Name] = schedule
        runner.arm(self, schedule)
        return {"ScheduleArn": schedule.arn}

    def update_schedule(
        self,
        Name: str,
        ScheduleExpression: str,
        Target: dict[str, Any],
        FlexibleTimeWindow: dict[str, Any],
        GroupName: str | None = None,
        StartDate: dt.datetime | None = None,
        EndDate: dt.datetime | None = None,
        Description: str | None = None,
        ScheduleExpressionTimezone: str | None = None,
        State: str | None = None,
        KmsKeyArn: str | None = None,
        ClientToken: str | None = None,
        ActionAfterCompletion: str | None = None,
    ) -> dict[str, Any]:
        group = self._group(GroupName)
        existing = self._schedule(Name, GroupName)
        # UpdateSchedule replaces the schedule: what the call leaves out takes its default.
        schedule = self._build(
            name=Name,
            group=group,
            expression_text=ScheduleExpression,
            target=Target,
            window=FlexibleTimeWindow,
            start_date=StartDate,
            end_date=EndDate,
            description=Description,
            timezone=ScheduleExpressionTimezone,
            state=State,
            kms_key_arn=KmsKeyArn,
            action=ActionAfterCompletion,
            created=existing.created,
        )
        runner.disarm(existing)
        group.schedules[Name] = schedule
        runner.arm(self, schedule)
        return {"ScheduleArn": schedule.arn}

    def get_schedule(self, Name: str, GroupName: str | None = None) -> dict[str, Any]:
        return self._schedule(Name, GroupName).response()

    def list_schedules(
        self,
        GroupName: str | None = None,
        NamePrefix: str | None = None,
        State: str | None = None,
        NextToken: str | None = None,
        MaxResults: int | None = None,
    ) -> dict[str, Any]:
        groups = [self._group(GroupName)] if GroupName is not None else sorted(self.groups.values(), key=lambda g: g.name)
        schedules = [
            s
            for g in groups
            for s in sorted(g.schedules.values(), key=lambda s: s.name)
            if s.name.startswith(NamePrefix or "") and (State is None or s.state == State)
        ]
        page, token = self._page(schedules, NextToken, MaxResults)
        return {"Schedules": [s.summary() for s in page], "NextToken": token}

    def delete_schedule(self, Name: str, GroupName: str | None = None, ClientToken: str | None = None) -> None:
        schedule = self._schedule(Name, GroupName)
        runner.disarm(schedule)
        del self.groups[schedule.group].schedules[Name]

    # -- for the runner -----------------------------------------------------------

    def _forget(self, schedule: Schedule) -> None:
        """Delete a schedule that has completed (ActionAfterCompletion DELETE)."""
        group = self.groups.get(schedule.group)
        if group is not None and group.schedules.get(schedule.name) is schedule:
            del group.schedules[schedule.name]

    def _current(self, schedule: Schedule) -> bool:
        """Whether ``schedule`` still exists as is (not deleted, updated or disabled)."""
        group = self.groups.get(schedule.group)
        return group is not None and group.schedules.get(schedule.name) is schedule and schedule.state == "ENABLED"
