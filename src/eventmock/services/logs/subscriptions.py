"""Subscription filters: what CloudWatch Logs sends to a filter's destination.

The payload is AWS's: a JSON document, gzip-compressed::

    {"messageType": "DATA_MESSAGE", "owner": "<account>", "logGroup": "<group>",
     "logStream": "<stream>", "subscriptionFilters": ["<filter>"],
     "logEvents": [{"id": "<56 digits>", "timestamp": <ms>, "message": "<text>"}]}

Kinesis and Firehose receive the compressed bytes as the record's data; a Lambda
function receives ``{"awslogs": {"data": "<base64 of the compressed bytes>"}}``. When
a filter is put, Kinesis and Firehose destinations first receive a
``CONTROL_MESSAGE`` (AWS's test delivery). Everything goes through
:func:`eventmock.core.targets.deliver`.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventmock.core import arns, ids, targets

if TYPE_CHECKING:
    from eventmock.core.store import Store
    from eventmock.services.logs.models import LogEvent, SubscriptionFilter

log = logging.getLogger("eventmock")

CONTROL_TEXT = "CWL CONTROL MESSAGE: Checking health of destination {kind}."
_KINDS = {"kinesis": "Kinesis stream", "firehose": "Firehose stream"}


@dataclass(frozen=True)
class SubscriptionFailure:
    """A delivery to a subscription filter's destination that did not happen (AWS
    retries and then drops it; ``PutLogEvents`` still succeeds)."""

    filter_name: str
    destination: str
    code: str
    message: str


def compress(document: dict[str, Any]) -> bytes:
    return gzip.compress(json.dumps(document, separators=(",", ":")).encode(), mtime=0)


def _message(destination: str, data: bytes, partition_key: str) -> targets.Message:
    arn = arns.parse(destination)
    if arn is not None and arn.service == "lambda":
        body = json.dumps({"awslogs": {"data": base64.b64encode(data).decode()}})
        return targets.Message(body)
    return targets.Message(data, partition_key=partition_key)


def control_message(store: Store, destination: str, timestamp: int) -> None:
    """AWS's test delivery when a filter to Kinesis or Firehose is put; raises
    :class:`targets.DeliveryError` if the destination cannot take it."""
    kind = _KINDS[destination.split(":")[2]]
    data = compress(
        {
            "messageType": "CONTROL_MESSAGE",
            "owner": "CloudwatchLogs",
            "logGroup": "",
            "logStream": "",
            "subscriptionFilters": [],
            "logEvents": [{"id": "", "timestamp": timestamp, "message": CONTROL_TEXT.format(kind=kind)}],
        }
    )
    targets.deliver(store, destination, _message(destination, data, ids.uuid4()))


def deliver(
    store: Store, account: str, group: str, stream: str, subscription: SubscriptionFilter, events: list[LogEvent], target: str | None
) -> SubscriptionFailure | None:
    """Send the events a filter matched, as one payload, to ``target`` (the filter's
    destination, or a CloudWatch Logs destination's target; ``None``: that destination
    is gone); the failure, if any."""
    if target is None:
        return SubscriptionFailure(subscription.name, subscription.destination, "ResourceNotFoundException", "The specified destination does not exist.")
    data = compress(
        {
            "messageType": "DATA_MESSAGE",
            "owner": account,
            "logGroup": group,
            "logStream": stream,
            "subscriptionFilters": [subscription.name],
            "logEvents": [{"id": e.event_id, "timestamp": e.timestamp, "message": e.message} for e in events],
        }
    )
    if subscription.distribution == "Random":
        key = ids.uuid4()
    else:  # ByLogStream: one stream's events keep to one shard
        key = hashlib.md5(f"{group}/{stream}".encode()).hexdigest()
    try:
        targets.deliver(store, target, _message(target, data, key))
    except targets.DeliveryError as error:
        log.warning("logs subscription filter %s could not deliver to %s: %s", subscription.name, subscription.destination, error.message)
        return SubscriptionFailure(subscription.name, subscription.destination, error.code, error.message)
    return None
