"""What a schedule's run sends, and where; every target but an event bus is reached
through the one delivery seam, :func:`eventmock.core.targets.deliver`.

=========================  ==================================================
SQS queue                  ``Input`` as the body; FIFO: ``SqsParameters.MessageGroupId``,
                           the execution id as deduplication id
Kinesis stream             ``Input`` as the data, ``KinesisParameters.PartitionKey``
Firehose delivery stream   ``Input`` as the record
Lambda function            the bound callable, with ``Input`` parsed as JSON
Event bus                  an event: ``EventBridgeParameters`` give ``detail-type`` and
                           ``source``, ``Input`` the ``detail``, the schedule's ARN
                           ``resources``; it enters the bus's rules
anything else              the call AWS makes (Step Functions ``StartExecution``...),
                           answered by a mock underneath
Universal target           ``arn:aws:scheduler:::aws-sdk:<service>:<apiAction>``: that
                           SDK call, with ``Input`` (JSON) as its parameters, through
                           the mock (:func:`eventmock.core.targets.sdk_call`)
=========================  ==================================================
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, Final

from eventmock.core import arns, targets
from eventmock.core.targets import DeliveryError
from eventmock.services.scheduler.models import Schedule
from eventmock.services.scheduler.runner import UNIVERSAL_PREFIX, Invocation

if TYPE_CHECKING:
    from eventmock.services.scheduler.backend import SchedulerBackend

__all__ = ["DeliveryError", "dead_letter", "send"]

#: SDK service names (as universal target ARNs spell them) that botocore names otherwise.
_SDK_SERVICES: Final = {"sfn": "stepfunctions", "eventbridge": "events", "cloudwatchlogs": "logs"}


def send(backend: SchedulerBackend, schedule: Schedule, payload: str, execution_id: str, scheduled: dt.datetime) -> Any:
    """Invoke the schedule's target with ``payload``; what it answered. Raises
    :class:`DeliveryError` if it fails."""
    target = schedule.target
    target_arn = target["Arn"]
    store = backend.store
    if target_arn.startswith(UNIVERSAL_PREFIX):
        service, _, action = target_arn[len(UNIVERSAL_PREFIX) :].partition(":")
        try:
            params = json.loads(payload) if payload else {}
        except (ValueError, RecursionError):
            raise DeliveryError("SDK_CLIENT_ERROR", f"The input of {target_arn} is not JSON.") from None
        if not isinstance(params, dict):
            raise DeliveryError("SDK_CLIENT_ERROR", f"The input of {target_arn} is not a JSON object.")
        operation = action[:1].upper() + action[1:]
        return targets.sdk_call(store, _SDK_SERVICES.get(service, service), operation, params, backend.account_id, backend.region)
    arn = arns.parse(target_arn)
    if arn is not None and arn.service == "events" and arn.resource.startswith("event-bus/"):
        _to_bus(backend, schedule, arn, payload)
        return None
    fifo = arn is not None and arn.service == "sqs" and arn.resource.endswith(".fifo")
    message = targets.Message(
        payload,
        group_id=(target.get("SqsParameters") or {}).get("MessageGroupId"),
        deduplication_id=execution_id if fifo else None,
        partition_key=(target.get("KinesisParameters") or {}).get("PartitionKey"),
        parameters={name: value for name, value in target.items() if name.endswith("Parameters")} or None,
    )
    return targets.deliver(store, target_arn, message)


def _to_bus(backend: SchedulerBackend, schedule: Schedule, arn: arns.Arn, payload: str) -> None:
    from eventmock.services.events import delivery, entries

    parameters = schedule.target.get("EventBridgeParameters") or {}
    detail = entries.parse_detail(payload or "{}")
    if detail is None:
        raise DeliveryError("SDK_CLIENT_ERROR", "Detail is malformed.")
    entry = {
        "Source": parameters.get("Source", "aws.scheduler"),
        "DetailType": parameters.get("DetailType", "Scheduled Event"),
        "Resources": [schedule.arn],
    }
    delivery.put_on_bus(backend.store, str(arn), [(entry, detail)], backend.account_id)


def dead_letter(
    backend: SchedulerBackend, schedule: Schedule, invocation: Invocation, code: str, message: str, condition: str, dlq_arn: str
) -> bool:
    """Send a failed invocation's payload to the schedule's dead-letter queue, with the
    failure in its message attributes; False if that fails too."""
    attributes = {
        "ERROR_CODE": code,
        "ERROR_MESSAGE": message,
        "EXHAUSTED_RETRY_CONDITION": condition,
        "INVOCATION_ID": invocation.execution_id,
        "RETRY_ATTEMPTS": str(invocation.attempt - 1),
        "SCHEDULE_ARN": schedule.arn,
        "TARGET_ARN": invocation.target_arn,
    }
    dead = targets.Message(
        invocation.payload or "{}",
        attributes={k: {"DataType": "String", "StringValue": v} for k, v in attributes.items()},
    )
    try:
        targets.deliver(backend.store, dlq_arn, dead)
    except DeliveryError:
        return False
    return True
