"""Delivery of a matched event to a rule's target.

Synchronous and in order: when ``put_events`` returns, every target has its copy. The
target's input (``Input``, ``InputPath``, ``InputTransformer``) is rendered here, with
the per-target-type extras; then the one delivery seam,
:func:`eventmock.core.targets.deliver`, takes it to the ARN, in any account or region:

=========================  ==================================================
SQS queue                  one message; FIFO: ``SqsParameters.MessageGroupId``,
                           the event id as deduplication id
Kinesis stream             one record; partition key from
                           ``KinesisParameters.PartitionKeyPath``, else the event id
Firehose delivery stream   one record
Lambda function            the bound callable, with the payload parsed as JSON
Event bus                  the event enters that bus's rules (the whole event;
                           AWS does not transform input for bus targets)
anything else              the call AWS makes (Step Functions ``StartExecution``,
                           ECS ``RunTask``...), answered by a mock underneath
=========================  ==================================================

A delivery that fails (the destination does not exist, the handler raises, the target
is of a kind nothing answers) goes to the target's ``DeadLetterConfig`` queue with
AWS's message attributes, or else is recorded in the backend's ``failed_deliveries``.
It never raises out of ``put_events``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from eventmock.core import arns, clock, ids, targets
from eventmock.core.errors import EventmockError
from eventmock.core.targets import DeliveryError
from eventmock.services.events.entries import envelope
from eventmock.services.events.target_input import InvalidOutput, read_path, render

if TYPE_CHECKING:
    from eventmock.core.store import Store

__all__ = ["DeliveryError", "Failure", "RetryableError", "Route", "dead_letter", "deliver"]

#: A target's ``RetryPolicy.MaximumRetryAttempts`` when it gives none.
DEFAULT_RETRY_ATTEMPTS = 185


class RetryableError(DeliveryError):
    """A failure EventBridge retries under the target's ``RetryPolicy`` (an API
    destination that is unreachable or answers 401, 407, 409, 429 or 5xx)."""


def retry_attempts(target: dict[str, Any]) -> int:
    """How many times a retryable failure is retried for ``target``."""
    attempts = (target.get("RetryPolicy") or {}).get("MaximumRetryAttempts")
    return DEFAULT_RETRY_ATTEMPTS if attempts is None else int(attempts)

log = logging.getLogger("eventmock")


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
    #: How many times it was retried before it was given up.
    retry_attempts: int = 0


@dataclass(frozen=True)
class Route:
    """The buses an event has passed through, for AWS's hop rules: an event may cross
    into one other account and one other region, and never re-enters a bus."""

    buses: tuple[str, ...]

    def through(self, bus_arn: str) -> Route:
        return Route((*self.buses, bus_arn))


def deliver(store: Store, rule_arn: str, target: dict[str, Any], event: dict[str, Any], route: Route) -> None:
    """Deliver ``event`` to ``target``; raises :class:`DeliveryError` if it cannot, and
    nothing else: whatever a target holds, a delivery that fails inside eventmock is a
    failed delivery (``INTERNAL_ERROR``, logged on the ``eventmock`` logger as the bug
    it is), never an exception out of ``put_events``."""
    try:
        _deliver(store, rule_arn, target, event, route)
    except (DeliveryError, EventmockError):
        raise
    except Exception as exc:  # noqa: BLE001 - the delivery's own net
        log.error("eventmock failed delivering an event of %s to %s", rule_arn, target.get("Arn"), exc_info=exc)
        raise DeliveryError("INTERNAL_ERROR", "EventBridge encountered an internal error delivering the event.") from exc


def _deliver(store: Store, rule_arn: str, target: dict[str, Any], event: dict[str, Any], route: Route) -> None:
    target_arn = target["Arn"]
    arn = arns.parse(target_arn)
    if arn is None:
        raise DeliveryError("INVALID_PARAMETER", f"Target ARN {target_arn} is not valid.")
    if arn.service == "events" and arn.resource.startswith("event-bus/"):
        try:
            _to_bus(store, arn, event, route, role=bool(target.get("RoleArn")))
        except DeliveryError as error:
            targets.failed(target_arn, error)  # targets.deliver logs the others
            raise
        return
    try:
        payload = render(target, event, rule_arn)
    except InvalidOutput as exc:
        # AWS delivers nothing, and says nothing (the event is not sent to this target)
        raise DeliveryError("INVALID_JSON", f"InputTemplate for target {target.get('Id')} does not render JSON: {exc}.") from None
    group_id = deduplication_id = partition_key = None
    if arn.service in ("sqs", "sns") and arn.resource.endswith(".fifo"):
        group_id = (target.get("SqsParameters") or {}).get("MessageGroupId")
        deduplication_id = event["id"]
    elif arn.service == "kinesis":
        key_path = (target.get("KinesisParameters") or {}).get("PartitionKeyPath")
        key = read_path(event, key_path) if key_path else None
        partition_key = key if isinstance(key, str) and key else event["id"]
    parameters = {name: value for name, value in target.items() if name.endswith("Parameters")}
    message = targets.Message(
        payload, group_id, deduplication_id, partition_key, parameters=parameters or None, trace_header=targets.trace_header()
    )
    targets.deliver(store, target_arn, message)


def _to_bus(store: Store, arn: arns.Arn, event: dict[str, Any], route: Route, role: bool = True) -> None:
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
    sender = arns.parse(route.buses[-1]) if route.buses else None
    if not role and sender is not None and sender.account != arn.account and not _grants(bus.policy, sender.account):
        raise DeliveryError(
            "NO_PERMISSIONS", f"Event bus {bus_arn} does not grant events:PutEvents to account {sender.account}, and the target has no RoleArn."
        )
    if sender is not None and sender.region != arn.region:
        # An event that crosses into another Region arrives with an id of its own (its
        # "region" still names where it was put); within a Region, other accounts'
        # buses get it with the same id. (AWS's recorded cross-account and
        # cross-Region deliveries, LocalStack's test_events_cross_account_region.)
        event = {**event, "id": ids.uuid4()}
    backend._dispatch(bus, event, route.through(bus_arn))  # type: ignore[attr-defined]


def _grants(policy: dict[str, Any] | None, account: str) -> bool:
    """Whether a bus policy lets ``account`` put events without a role: an ``Allow``
    of ``events:PutEvents`` to that account (by id or root ARN), or to everyone with
    no condition. A grant to an organization (a condition) needs the target's role."""
    statements = (policy or {}).get("Statement") or []
    for statement in statements if isinstance(statements, list) else [statements]:
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        actions = statement.get("Action")
        actions = actions if isinstance(actions, list) else [actions]
        if not any(a in ("events:PutEvents", "events:*", "*") for a in actions):
            continue
        principal = statement.get("Principal")
        if principal == "*" or (isinstance(principal, dict) and principal.get("AWS") == "*"):
            if not statement.get("Condition"):
                return True
            continue
        named = principal.get("AWS") if isinstance(principal, dict) else None
        for entry in named if isinstance(named, list) else [named]:
            parsed = arns.parse(entry) if isinstance(entry, str) else None
            if entry == account or (parsed is not None and parsed[1:] == ("iam", "", account, "root")):
                return True
    return False


def dead_letter(store: Store, failure: Failure, dlq_arn: str) -> bool:
    """Send a failed event to the target's dead-letter queue with AWS's attributes;
    False if that fails too."""
    attributes = {
        "RULE_ARN": failure.rule_arn,
        "TARGET_ARN": failure.target_arn,
        "ERROR_CODE": failure.code,
        "ERROR_MESSAGE": failure.message,
        "EXHAUSTED_RETRY_CONDITION": "MaximumRetryAttempts",
        "RETRY_ATTEMPTS": str(failure.retry_attempts),
    }
    message = targets.Message(
        json.dumps(failure.event, separators=(",", ":")),
        attributes={k: {"DataType": "String", "StringValue": v} for k, v in attributes.items()},
        trace_header=targets.trace_header(),  # AWS: the trace header goes with the event to its DLQ
    )
    try:
        targets.deliver(store, dlq_arn, message)
    except DeliveryError:
        return False
    return True


def put_on_bus(store: Store, bus_arn: str, events: Sequence[tuple[dict[str, Any], dict[str, Any]]], account_id: str) -> None:
    """Put events on the bus ``bus_arn`` names, as a service inside AWS does with
    ``PutEvents`` (EventBridge Scheduler, Pipes): each ``(entry, detail)`` (a PutEvents
    entry's ``Source``, ``DetailType``, ``Resources``, ``Time``, and its parsed detail)
    gets AWS's envelope from ``account_id`` and enters the bus's rules, in order.
    Raises :class:`DeliveryError` ``NO_RESOURCE`` if there is no such bus."""
    arn = arns.parse(bus_arn)
    if arn is None or arn.service != "events" or not arn.resource.startswith("event-bus/"):
        raise DeliveryError("INVALID_PARAMETER", f"Target ARN {bus_arn} is not valid.")
    backend: Any = store.backend("events", arn.account, arn.region)
    bus = backend.buses.get(arn.resource[len("event-bus/") :])
    if bus is None:
        raise DeliveryError("NO_RESOURCE", f"Event bus {bus_arn} does not exist.")
    now = clock.now()
    envelopes = [envelope(ids.uuid4(), entry, detail, account_id, arn.region, now) for entry, detail in events]
    for event in envelopes:
        backend._dispatch(bus, event)
