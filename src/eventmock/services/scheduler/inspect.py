"""Reading EventBridge Scheduler's runs without boto3: ``aws.scheduler``."""

from __future__ import annotations

import datetime as dt

from eventmock.core import arns
from eventmock.core.errors import EventmockError
from eventmock.core.store import Store
from eventmock.services.scheduler.backend import SchedulerBackend
from eventmock.services.scheduler.runner import Failure, Invocation


class SchedulerView:
    """What schedules did, in every account and region (a view taken after due work ran:
    see docs/time.md)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _backends(self) -> list[SchedulerBackend]:
        return [b for b in self._store.existing("scheduler") if isinstance(b, SchedulerBackend)]

    def invocations(self, schedule_arn: str | None = None) -> list[Invocation]:
        """Every attempt to invoke a target (of one schedule, if named), in order."""
        found = [i for b in self._backends() for i in b.invocations]
        found.sort(key=lambda i: i.time)
        return [i for i in found if schedule_arn is None or i.schedule_arn == schedule_arn]

    def failures(self, schedule_arn: str | None = None) -> list[Failure]:
        """The invocations given up on (retries exhausted or too old), in order."""
        found = [f for b in self._backends() for f in b.failed_invocations]
        found.sort(key=lambda f: f.invocation.time)
        return [f for f in found if schedule_arn is None or f.invocation.schedule_arn == schedule_arn]

    def next_run(self, schedule_arn: str) -> dt.datetime | None:
        """When the schedule runs next on the mock's clock (its flexible offset
        included); ``None`` if it will not (disabled, or finished)."""
        arn = arns.parse(schedule_arn)
        parts = arn.resource.split("/") if arn is not None else []
        if arn is None or arn.service != "scheduler" or len(parts) != 3 or parts[0] != "schedule":
            raise EventmockError(f"not a schedule ARN: {schedule_arn}")
        backend = self._store.backend("scheduler", arn.account, arn.region)
        assert isinstance(backend, SchedulerBackend)
        group = backend.groups.get(parts[1])
        schedule = group.schedules.get(parts[2]) if group is not None else None
        if schedule is None:
            raise EventmockError(f"no schedule {schedule_arn}")
        job = schedule.job
        return job.when if job is not None and not job.cancelled else None
