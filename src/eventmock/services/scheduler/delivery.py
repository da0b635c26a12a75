"""What a schedule's run sends, and where.

=========================  ==================================================
SQS queue                  ``Input`` as the body; FIFO: ``SqsParameters.MessageGroupId``,
                           the execution id as deduplication id
Kinesis stream             ``Input`` as the data, ``KinesisParameters.PartitionKey``
Firehose delivery stream   ``Input`` as the record
Lambda function            the bound callable, with ``Input`` parsed as JSON
Event bus                  an event: ``EventBridgeParameters`` give ``detail-type`` and
                           ``source``, ``Input`` the ``detail``, the schedule's ARN
                           ``resources``
Universal target           ``arn:aws:scheduler:::aws-sdk:<service>:<apiAction>``: that
                           SDK call, with ``Input`` (JSON) as its parameters, through
                           the mock (eventmock, or the mock underneath)
=========================  ==================================================
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from eventmock.core import arns, ids, registry
from eventmock.core.errors import ServiceError
from eventmock.services.scheduler.models import Schedule
from eventmock.services.scheduler.runner import UNIVERSAL_PREFIX, Invocation

if TYPE_CHECKING:
    from eventmock.services.scheduler.backend import SchedulerBackend


class DeliveryError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


_MISSING = frozenset({"ResourceNotFoundException", "QueueDoesNotExist"})


def send(backend: SchedulerBackend, schedule: Schedule, payload: str, execution_id: str, scheduled: dt.datetime) -> None:
    """Invoke the schedule's target with ``payload``; :class:`DeliveryError` if it fails."""
    target = schedule.target
    target_arn = target["Arn"]
    store = backend.store
    if target_arn.startswith(UNIVERSAL_PREFIX):
        _universal(backend, target_arn, payload)
        return
    arn = arns.parse(target_arn)
    if arn is None:
        raise DeliveryError("ValidationException", f"Invalid target ARN {target_arn}.")
    try:
        if arn.service == "events" and arn.resource.startswith("event-bus/"):
            _to_bus(backend, schedule, arn, payload)
            return
        if arn.service not in _SERVICES or not registry.is_emulated(arn.service):
            raise DeliveryError("ResourceNotFoundException", f"eventmock does not deliver to {arn.service} targets ({target_arn}).")
        destination: Any = store.backend(arn.service, arn.account, arn.region)
        if arn.service == "sqs":
            fifo = arn.resource.endswith(".fifo")
            group = (target.get("SqsParameters") or {}).get("MessageGroupId")
            destination._deliver(target_arn, payload, message_group_id=group, deduplication_id=execution_id if fifo else None)
        elif arn.service == "kinesis":
            key = (target.get("KinesisParameters") or {}).get("PartitionKey") or execution_id
            destination._deliver(target_arn, payload.encode(), key)
        elif arn.service == "firehose":
            destination._deliver(target_arn, payload.encode())
        else:
            try:
                event: Any = json.loads(payload) if payload else {}
            except ValueError:
                event = payload
            try:
                destination._invoke(target_arn, event)
            except ServiceError:
                raise
            except Exception as exc:  # noqa: BLE001 - the handler's failure is the invocation's
                raise DeliveryError("Lambda.Unhandled", f"{type(exc).__name__}: {exc}") from exc
    except ServiceError as error:
        raise DeliveryError(error.code, error.message) from error


_SERVICES = frozenset({"sqs", "kinesis", "firehose", "lambda"})


def _to_bus(backend: SchedulerBackend, schedule: Schedule, arn: arns.Arn, payload: str) -> None:
    parameters = schedule.target.get("EventBridgeParameters") or {}
    try:
        detail = json.loads(payload) if payload else {}
    except ValueError:
        raise DeliveryError("ValidationException", "Detail is malformed.") from None
    events: Any = backend.store.backend("events", arn.account, arn.region)
    bus = events.buses.get(arn.resource[len("event-bus/") :])
    if bus is None:
        raise DeliveryError("ResourceNotFoundException", f"Event bus {arn} does not exist.")
    from eventmock.services.events import entries

    entry = {"Source": parameters.get("Source", "aws.scheduler"), "DetailType": parameters.get("DetailType", "Scheduled Event"), "Resources": [schedule.arn]}
    events._dispatch(bus, entries.envelope(ids.uuid4(), entry, detail, backend.account_id, arn.region, _now()))


def _now() -> dt.datetime:
    from eventmock.core import clock

    return clock.now()


def _universal(backend: SchedulerBackend, target_arn: str, payload: str) -> None:
    raise DeliveryError("ResourceNotFoundException", f"eventmock cannot make the SDK call of {target_arn} yet.")


def dead_letter(
    backend: SchedulerBackend, schedule: Schedule, invocation: Invocation, code: str, message: str, condition: str, dlq_arn: str
) -> bool:
    """Send a failed invocation's payload to the schedule's dead-letter queue; False if
    that fails too."""
    arn = arns.parse(dlq_arn)
    if arn is None or arn.service != "sqs" or not registry.is_emulated("sqs"):
        return False
    attributes = {
        "ERROR_CODE": code,
        "ERROR_MESSAGE": message,
        "EXHAUSTED_RETRY_CONDITION": condition,
        "INVOCATION_ID": invocation.execution_id,
        "RETRY_ATTEMPTS": str(invocation.attempt - 1),
        "SCHEDULE_ARN": schedule.arn,
        "TARGET_ARN": invocation.target_arn,
    }
    try:
        backend.store.backend("sqs", arn.account, arn.region)._deliver(  # type: ignore[attr-defined]
            dlq_arn,
            invocation.payload or "{}",
            attributes={k: {"DataType": "String", "StringValue": v} for k, v in attributes.items()},
        )
    except ServiceError:
        return False
    return True
