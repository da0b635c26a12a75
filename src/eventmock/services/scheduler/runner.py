"""When a schedule runs, and what a run does.

A schedule that is ``ENABLED`` has its next run waiting in the store's queue of due
work (``store.due``). When the mock's clock reaches it (see docs/time.md) the run
invokes the target, then arms the next one. Times:

- ``at(...)``: once, at that wall-clock time in ``ScheduleExpressionTimezone`` (a time
  already past runs at once); ``StartDate``/``EndDate`` do not apply.
- ``rate(...)``: at ``StartDate`` (or when the schedule was created or last updated,
  if none), then every period; a day is 24 hours whatever daylight saving does.
- ``cron(...)``: in ``ScheduleExpressionTimezone``: a wall-clock time skipped by
  daylight saving does not run, one that happens twice runs once; on or after
  ``StartDate``.
- recurring runs stop before ``EndDate``; ``ActionAfterCompletion: DELETE`` then
  deletes the schedule (a one-time schedule: after its run).
- ``FlexibleTimeWindow`` ``FLEXIBLE``: each run happens at its scheduled time plus an
  offset within the window, the same every time for the same schedule ARN and scheduled
  time (the first bytes of a SHA-256 of both, in whole seconds, below the window).

A run delivers ``Input`` (context attributes substituted; ``{}`` if the target has
none) to the target; a failure is
retried under the target's ``RetryPolicy``, each retry a piece of due work of its own
(1 s, 2 s, 4 s ... after the failure, at most 5 minutes apart), as long as retries are
left and the event is not older than ``MaximumEventAgeInSeconds``. Then the payload
goes to the ``DeadLetterConfig`` queue, if any, and the failure is recorded in the
backend's ``failed_invocations``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from eventmock.core import arns, clock, ids, recurrence, targets
from eventmock.services.scheduler.models import Schedule

if TYPE_CHECKING:
    from eventmock.services.scheduler.backend import SchedulerBackend

UNIVERSAL_PREFIX: Final = "arn:aws:scheduler:::aws-sdk:"
#: The longest wait between two attempts, in seconds (the backoff doubles up to it).
MAX_BACKOFF_S: Final = 300


@dataclass(frozen=True)
class Invocation:
    """One attempt to invoke a schedule's target."""

    schedule_arn: str
    target_arn: str
    scheduled_time: dt.datetime
    #: When the attempt was made (the scheduled time plus any flexible offset or retry delay).
    time: dt.datetime
    execution_id: str
    attempt: int
    payload: str
    #: ``None``: delivered; otherwise (error code, message).
    error: tuple[str, str] | None = None


@dataclass(frozen=True)
class Failure:
    """An invocation given up on, and where its payload went (the DLQ's ARN), if anywhere."""

    invocation: Invocation
    code: str
    message: str
    dead_letter_arn: str | None = None


def check_target(target: dict[str, Any]) -> str | None:
    """The problem with a schedule's ``Target`` that AWS refuses beyond the model, if any."""
    arn_text = target["Arn"]
    if arn_text.startswith(UNIVERSAL_PREFIX):
        service, _, action = arn_text[len(UNIVERSAL_PREFIX) :].partition(":")
        if not service or not action:
            return f"Invalid target ARN {arn_text}."
    elif arns.parse(arn_text) is None:
        return f"Invalid target ARN {arn_text}."
    if "Input" in target and target.get("EventBridgeParameters") is not None and not _is_json(target["Input"]):
        return "Input must be valid JSON for an EventBridge target."
    dead_letter = arns.parse((target.get("DeadLetterConfig") or {}).get("Arn") or "")
    if dead_letter is not None and dead_letter.resource.endswith(".fifo"):
        return "A FIFO queue cannot be a schedule's dead-letter queue."
    return None


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


# -- arming -----------------------------------------------------------------------------


def disarm(schedule: Schedule) -> None:
    if schedule.job is not None:
        schedule.job.cancel()
        schedule.job = None


def arm(backend: SchedulerBackend, schedule: Schedule) -> None:
    """Register the first run of a schedule just created or updated (if enabled)."""
    disarm(schedule)
    if schedule.state != "ENABLED":
        return
    _arm_next(backend, schedule, _first(schedule, clock.now()))


def _first(schedule: Schedule, now: dt.datetime) -> dt.datetime | None:
    expression = schedule.expression
    if isinstance(expression, recurrence.At):
        local = expression.when
        return local.replace(tzinfo=schedule.tz).astimezone(dt.timezone.utc)
    if isinstance(expression, recurrence.Rate):
        start = schedule.start_date or now
        if start < now:  # a StartDate up to 5 minutes ago: the first run not yet past
            periods = -((start - now) // expression.period)
            return _within_end(schedule, expression.after(start + (periods - 1) * expression.period))
        return _within_end(schedule, start)
    after = now
    if schedule.start_date is not None and schedule.start_date > now:
        after = schedule.start_date - dt.timedelta(microseconds=1)
    return _within_end(schedule, recurrence.next_cron(expression, after, schedule.tz))


def _next(schedule: Schedule, previous: dt.datetime) -> dt.datetime | None:
    expression = schedule.expression
    if isinstance(expression, recurrence.At):
        return None
    if isinstance(expression, recurrence.Rate):
        return _within_end(schedule, expression.after(previous))
    return _within_end(schedule, recurrence.next_cron(expression, previous, schedule.tz))


def _within_end(schedule: Schedule, when: dt.datetime | None) -> dt.datetime | None:
    if when is None or (schedule.end_date is not None and when >= schedule.end_date):
        return None
    return when


def flexible_offset(schedule: Schedule, scheduled: dt.datetime) -> dt.timedelta:
    window = schedule.flexible_time_window
    if window.get("Mode") != "FLEXIBLE" or not window.get("MaximumWindowInMinutes"):
        return dt.timedelta(0)
    seed = hashlib.sha256(f"{schedule.arn}|{scheduled.isoformat()}".encode()).digest()
    return dt.timedelta(seconds=int.from_bytes(seed[:8], "big") % (window["MaximumWindowInMinutes"] * 60))


def _arm_next(backend: SchedulerBackend, schedule: Schedule, scheduled: dt.datetime | None) -> None:
    if scheduled is None:
        schedule.job = None
        if schedule.action_after_completion == "DELETE":
            backend._forget(schedule)
        return

    def run(when: dt.datetime) -> None:
        schedule.job = None
        _invoke(backend, schedule, scheduled, ids.uuid4(), 1)
        if backend._current(schedule):
            _arm_next(backend, schedule, _next(schedule, scheduled))

    def rearm(now: dt.datetime) -> None:
        if schedule.job is job and backend._current(schedule):
            _arm_next(backend, schedule, _rewound(schedule, scheduled, now))

    recurring = not isinstance(schedule.expression, recurrence.At)
    job = backend.store.due.at(scheduled + flexible_offset(schedule, scheduled), run, rearm if recurring else None)
    schedule.job = job


def _rewound(schedule: Schedule, scheduled: dt.datetime, now: dt.datetime) -> dt.datetime | None:
    """The next run of a recurring schedule once the clock went back to ``now``, before
    the run ``scheduled`` was armed: the first occurrence at or after ``now`` (a
    ``rate`` keeps its pace)."""
    expression = schedule.expression
    if isinstance(expression, recurrence.Rate):
        if schedule.start_date is not None and schedule.start_date >= now:
            return _within_end(schedule, schedule.start_date)
        return _within_end(schedule, scheduled - ((scheduled - now) // expression.period) * expression.period)
    return _first(schedule, now)


# -- invoking ---------------------------------------------------------------------------


def context_payload(text: str, schedule: Schedule, scheduled: dt.datetime, execution_id: str, attempt: int) -> str:
    """``Input`` with the ``<aws.scheduler.*>`` context attributes substituted."""
    if "<aws.scheduler." not in text:
        return text
    values = {
        "<aws.scheduler.schedule-arn>": schedule.arn,
        "<aws.scheduler.scheduled-time>": scheduled.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "<aws.scheduler.execution-id>": execution_id,
        "<aws.scheduler.attempt-number>": str(attempt),
    }
    for name, value in values.items():
        text = text.replace(name, value)
    return text


def _invoke(backend: SchedulerBackend, schedule: Schedule, scheduled: dt.datetime, execution_id: str, attempt: int) -> None:
    from eventmock.services.scheduler import delivery

    target = schedule.target
    payload = context_payload(target.get("Input", "{}"), schedule, scheduled, execution_id, attempt)
    now = clock.now()
    try:
        delivery.send(backend, schedule, payload, execution_id, scheduled)
    except delivery.DeliveryError as error:
        targets.failed(target["Arn"], error)  # unless targets.deliver logged it
        invocation = Invocation(schedule.arn, target["Arn"], scheduled, now, execution_id, attempt, payload, (error.code, error.message))
        backend.invocations.append(invocation)
        _failed(backend, schedule, invocation, error.code, error.message)
        return
    backend.invocations.append(Invocation(schedule.arn, target["Arn"], scheduled, now, execution_id, attempt, payload))


def backoff_s(attempt: int) -> int:
    """Seconds from failed attempt ``attempt`` (1, 2, ...) to the next: 1, 2, 4, ... at
    most :data:`MAX_BACKOFF_S` (capped before it is computed: attempt 186 of AWS's
    maximum of 185 retries must not overflow)."""
    return MAX_BACKOFF_S if attempt > MAX_BACKOFF_S.bit_length() else min(2 ** (attempt - 1), MAX_BACKOFF_S)


def _failed(backend: SchedulerBackend, schedule: Schedule, invocation: Invocation, code: str, message: str) -> None:
    from eventmock.services.scheduler import delivery

    policy = schedule.target["RetryPolicy"]
    retry_at = invocation.time + dt.timedelta(seconds=backoff_s(invocation.attempt))
    retries_left = invocation.attempt - 1 < policy["MaximumRetryAttempts"]
    young_enough = (retry_at - invocation.scheduled_time).total_seconds() <= policy["MaximumEventAgeInSeconds"]
    if retries_left and young_enough:

        def retry(when: dt.datetime) -> None:
            if backend._current(schedule):
                _invoke(backend, schedule, invocation.scheduled_time, invocation.execution_id, invocation.attempt + 1)

        backend.store.due.at(retry_at, retry)
        targets.retrying(invocation.target_arn, invocation.attempt, code)
        return
    condition = "MaximumRetryAttempts" if not retries_left else "MaximumEventAgeInSeconds"
    dlq = (schedule.target.get("DeadLetterConfig") or {}).get("Arn")
    sent = dlq is not None and delivery.dead_letter(backend, schedule, invocation, code, message, condition, dlq)
    targets.dead_lettered(invocation.target_arn, dlq if sent else None, code)
    backend.failed_invocations.append(Failure(invocation, code, message, dlq if sent else None))
