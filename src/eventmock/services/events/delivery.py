"""Delivery of a matched event to a rule's target.

Synchronous and in order: when ``put_events`` returns, every target has its copy. The
target's ARN says where it goes, in any account or region; each destination is reached
through its backend's delivery seam (``_deliver``/``_invoke``), never through boto3:

=========================  ==================================================
SQS queue                  one message; FIFO: ``SqsParameters.MessageGroupId``,
                           the event id as deduplication id
Kinesis stream             one record; partition key from
                           ``KinesisParameters.PartitionKeyPath``, else the event id
Firehose delivery stream   one record
Lambda function            the bound callable, with the payload parsed as JSON
Event bus                  the event enters that bus's rules (the whole event;
                           AWS does not transform input for bus targets)
=========================  ==================================================

A delivery that fails (the destination does not exist, the handler raises, the target
is of a kind eventmock does not emulate) goes to the target's ``DeadLetterConfig``
queue with AWS's message attributes, or else is recorded in the backend's
``failed_deliveries``. It never raises out of ``put_events``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventmock.core import arns, registry
from eventmock.core.errors import ServiceError
from eventmock.services.events.target_input import read_path, render

if TYPE_CHECKING:
    from eventmock.core.store import Store


@dataclass(frozen=True)
class Failure:
    """A delivery that did not happen, with the error code a DLQ message would carry."""

    rule_arn: str
    target_arn: str
    code: str
    message: str
    event: dict[str, Any]
    #: Where the event went instead (the DLQ's ARN), if anywhere.
    dead_letter_arn: str | None = None


class DeliveryError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Route:
    """The buses an event has passed through, for AWS's hop rules: an event may cross
    into one other account and one other region, and never re-enters a bus."""

    buses: tuple[str, ...]

    def through(self, bus_arn: str) -> Route:
        return Route((*self.buses, bus_arn))


def deliver(store: Store, rule_arn: str, target: dict[str, Any], event: dict[str, Any], route: Route) -> None:
    """Deliver ``event`` to ``target``; raises :class:`DeliveryError` if it cannot."""
    target_arn = target["Arn"]
    arn = arns.parse(target_arn)
    if arn is None:
        raise DeliveryError("INVALID_PARAMETER", f"Target ARN {target_arn} is not valid.")
    try:
        if arn.service == "events" and arn.resource.startswith("event-bus/"):
            _to_bus(store, arn, event, route)
            return
        payload = render(target, event, rule_arn)
        emulated = arn.service in _SERVICES and registry.is_emulated(arn.service)
        destination = store.backend(arn.service, arn.account, arn.region) if emulated else None
        if destination is None:
            raise DeliveryError("NO_RESOURCE", f"eventmock does not deliver to {arn.service} targets ({target_arn}).")
        if arn.service == "sqs":
            fifo = arn.resource.endswith(".fifo")
            group = (target.get("SqsParameters") or {}).get("MessageGroupId")
            destination._deliver(  # type: ignore[attr-defined]
                target_arn, payload, message_group_id=group, deduplication_id=event["id"] if fifo else None
            )
        elif arn.service == "kinesis":
            key_path = (target.get("KinesisParameters") or {}).get("PartitionKeyPath")
            key = read_path(event, key_path) if key_path else None
            destination._deliver(target_arn, payload.encode(), key if isinstance(key, str) and key else event["id"])  # type: ignore[attr-defined]
        elif arn.service == "firehose":
            destination._deliver(target_arn, payload.encode())  # type: ignore[attr-defined]
        else:
            try:
                lambda_event: Any = json.loads(payload)
            except ValueError:
                lambda_event = payload
            try:
                destination._invoke(target_arn, lambda_event)  # type: ignore[attr-defined]
            except ServiceError:
                raise
            except Exception as exc:  # noqa: BLE001 - the handler's failure is the delivery's
                raise DeliveryError("ERROR_FROM_TARGET", f"{type(exc).__name__}: {exc}") from exc
    except ServiceError as error:
        raise DeliveryError("NO_RESOURCE" if error.code in _MISSING else "SDK_CLIENT_ERROR", error.message) from error


#: Target services eventmock delivers to (event buses are handled apart).
_SERVICES = frozenset({"sqs", "kinesis", "firehose", "lambda"})
#: What the destinations answer when the resource does not exist.
_MISSING = frozenset({"ResourceNotFoundException", "QueueDoesNotExist"})


def _to_bus(store: Store, arn: arns.Arn, event: dict[str, Any], route: Route) -> None:
    bus_arn = str(arn)
    if bus_arn in route.buses:
        raise DeliveryError("INVALID_PARAMETER", f"Event already passed through {bus_arn}: not delivered again (loop).")
    accounts = {a.account for a in map(arns.parse, route.buses) if a is not None}
    regions = {a.region for a in map(arns.parse, route.buses) if a is not None}
    if arn.account not in accounts and len(accounts) >= 2:
        raise DeliveryError("THIRD_ACCOUNT_HOP_DETECTED", f"Event cannot be delivered to a third account: {bus_arn}.")
    if arn.region not in regions and len(regions) >= 2:
        raise DeliveryError("THIRD_REGION_HOP_DETECTED", f"Event cannot be delivered to a third region: {bus_arn}.")
    backend = store.backend("events", arn.account, arn.region)
    bus = backend.buses.get(arn.resource[len("event-bus/") :])  # type: ignore[attr-defined]
    if bus is None:
        raise DeliveryError("NO_RESOURCE", f"Event bus {bus_arn} does not exist.")
    backend._dispatch(bus, event, route.through(bus_arn))  # type: ignore[attr-defined]


def dead_letter(store: Store, failure: Failure, dlq_arn: str) -> bool:
    """Send a failed event to the target's dead-letter queue with AWS's attributes;
    False if that fails too."""
    arn = arns.parse(dlq_arn)
    if arn is None or arn.service != "sqs" or not registry.is_emulated("sqs"):
        return False
    attributes = {
        "RULE_ARN": failure.rule_arn,
        "TARGET_ARN": failure.target_arn,
        "ERROR_CODE": failure.code,
        "ERROR_MESSAGE": failure.message,
        "EXHAUSTED_RETRY_CONDITION": "MaximumRetryAttempts",
        "RETRY_ATTEMPTS": "0",
    }
    try:
        store.backend("sqs", arn.account, arn.region)._deliver(  # type: ignore[attr-defined]
            dlq_arn,
            json.dumps(failure.event, separators=(",", ":")),
            attributes={k: {"DataType": "String", "StringValue": v} for k, v in attributes.items()},
        )
    except ServiceError:
        return False
    return True
