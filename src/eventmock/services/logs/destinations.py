"""CloudWatch Logs destinations: the receiving end of cross-account subscriptions.

A destination (``arn:aws:logs:<region>:<account>:destination:<name>``) names a target
(a Kinesis stream, a Firehose stream or a Lambda function) in its own account. A
subscription filter in another account may name the destination when the
destination's access policy allows that account ``logs:PutSubscriptionFilter``; what
the filter matches then goes to the destination's target, with the sending account as
the payload's ``owner``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from eventmock.core import arns, clock
from eventmock.core.errors import ServiceError
from eventmock.services.logs.base import DESTINATIONS, LogsBase, _invalid
from eventmock.services.logs.models import Resource

if TYPE_CHECKING:
    from eventmock.core.store import Store

KIND = "destination"


def _missing() -> ServiceError:
    return ServiceError("ResourceNotFoundException", "The specified destination does not exist.")


def allows(policy: str | None, account: str, action: str = "logs:PutSubscriptionFilter") -> bool:
    """Whether an access policy allows ``account`` the action (an ``Allow`` statement
    naming the account, its root, or ``*``, for that action, ``logs:*`` or ``*``)."""
    if not policy:
        return False
    try:
        document = json.loads(policy)
    except (ValueError, RecursionError):
        return False
    statements = document.get("Statement", []) if isinstance(document, dict) else []
    for statement in statements if isinstance(statements, list) else [statements]:
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        actions = statement.get("Action", [])
        actions = [actions] if isinstance(actions, str) else actions
        if not any(a in (action, "logs:*", "*") for a in actions):
            continue
        principal = statement.get("Principal", {})
        names = principal if isinstance(principal, str) else principal.get("AWS", []) if isinstance(principal, dict) else []
        names = [names] if isinstance(names, str) else names
        if any(n in ("*", account, f"arn:aws:iam::{account}:root") for n in names):
            return True
    return False


def destination_target(store: Store, destination_arn: str, subscriber: str) -> str:
    """The target of the destination a subscription filter names, checking that the
    destination exists and lets ``subscriber`` (an account) subscribe."""
    arn = arns.parse(destination_arn)
    assert arn is not None
    owner = store.backend("logs", arn.account, arn.region)
    assert isinstance(owner, LogsBase)
    destination = owner._kind(KIND).get(arn.resource[len("destination:") :])
    if destination is None:
        raise _missing()
    if subscriber != arn.account and not allows(destination.body.get("accessPolicy"), subscriber):
        raise ServiceError(
            "AccessDeniedException",
            f"User with accountId: {subscriber} is not authorized to perform: logs:PutSubscriptionFilter on resource: {destination_arn}",
        )
    return str(destination.body["targetArn"])


class Destinations(LogsBase):
    """PutDestination, PutDestinationPolicy, DescribeDestinations, DeleteDestination."""

    def put_destination(self, destinationName: str, targetArn: str, roleArn: str, tags: dict[str, str] | None = None) -> dict[str, Any]:
        target = arns.parse(targetArn)
        if target is None or target.service not in DESTINATIONS:
            raise _invalid(f"Invalid targetArn: {targetArn}")
        found = self._kind(KIND).get(destinationName)
        if found is None:
            arn = self._arn(f"destination:{destinationName}")
            found = Resource(destinationName, arn, {"destinationName": destinationName, "arn": arn, "creationTime": clock.epoch_ms()}, dict(tags or {}))
            self._kind(KIND)[destinationName] = found
        found.body.update(targetArn=targetArn, roleArn=roleArn)
        return {"destination": self._destination_out(found)}

    @staticmethod
    def _destination_out(destination: Resource) -> dict[str, Any]:
        keys = ("destinationName", "targetArn", "roleArn", "accessPolicy", "arn", "creationTime")
        return {k: destination.body.get(k) for k in keys}

    def put_destination_policy(self, destinationName: str, accessPolicy: str, forceUpdate: bool | None = None) -> None:
        destination = self._kind(KIND).get(destinationName)
        if destination is None:
            raise _missing()
        try:
            json.loads(accessPolicy)
        except (ValueError, RecursionError):
            raise _invalid("Invalid access policy: it is not valid JSON.") from None
        destination.body["accessPolicy"] = accessPolicy

    def describe_destinations(
        self, DestinationNamePrefix: str | None = None, nextToken: str | None = None, limit: int | None = None
    ) -> dict[str, Any]:
        found = sorted((d for d in self._kind(KIND).values() if d.key.startswith(DestinationNamePrefix or "")), key=lambda d: d.key)
        page, token = self._page(found, nextToken, limit)
        return {"destinations": [self._destination_out(d) for d in page], "nextToken": token}

    def delete_destination(self, destinationName: str) -> None:
        if self._kind(KIND).pop(destinationName, None) is None:
            raise _missing()
