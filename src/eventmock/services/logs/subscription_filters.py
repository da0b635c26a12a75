"""Subscription filters: put, describe, delete, and the test AWS makes of a destination."""

from __future__ import annotations

from typing import Any

from eventmock.core import arns, clock, targets, underneath
from eventmock.core.arns import Arn
from eventmock.core.errors import ServiceError
from eventmock.services.logs import subscriptions
from eventmock.services.logs.destinations import destination_target
from eventmock.services.logs.base import DESTINATIONS, MAX_SUBSCRIPTION_FILTERS, LogsBase, _invalid
from eventmock.services.logs.models import SubscriptionFilter


class SubscriptionFilters(LogsBase):
    """PutSubscriptionFilter, DescribeSubscriptionFilters, DeleteSubscriptionFilter."""

    # -- subscription filters -------------------------------------------------------

    def put_subscription_filter(
        self,
        logGroupName: str,
        filterName: str,
        filterPattern: str,
        destinationArn: str,
        roleArn: str | None = None,
        distribution: str | None = None,
        applyOnTransformedLogs: bool | None = None,
        fieldSelectionCriteria: str | None = None,
        emitSystemFields: list[str] | None = None,
    ) -> None:
        group = self._group(logGroupName)
        self._pattern(filterPattern, "Invalid subscription filter pattern")
        arn = arns.parse(destinationArn)
        if arn is None:
            raise _invalid(f"Invalid destinationArn: {destinationArn}")
        target = arn
        if arn.service == "logs" and arn.resource.startswith("destination:"):
            # A CloudWatch Logs destination (cross-account): its target receives.
            resolved = arns.parse(destination_target(self.store, destinationArn, self.account_id))
            assert resolved is not None
            target = resolved
        elif arn.service not in DESTINATIONS:
            raise _invalid(f"Invalid destinationArn for vendor {arn.service}: {destinationArn}")
        elif arn.service in ("kinesis", "firehose") and roleArn is None:
            raise _invalid(f"destinationArn for vendor {arn.service} cannot be used without roleArn")
        if arn.service == "lambda" and arn.account != self.account_id:
            raise ServiceError(
                "AccessDeniedException",
                "Cross-account lambda invocation passing is not allowed. You must use DestinationPolicies to create cross account lambda triggers.",
            )
        if filterName not in group.subscriptions and len(group.subscriptions) >= MAX_SUBSCRIPTION_FILTERS:
            raise ServiceError("LimitExceededException", "Resource limit exceeded.")
        self._check_destination(target)
        current = group.subscriptions.get(filterName)
        # An update keeps the filter's creation time.
        created = current.created if current is not None else clock.epoch_ms()
        group.subscriptions[filterName] = SubscriptionFilter(
            filterName, group.name, filterPattern, destinationArn, roleArn, distribution or "ByLogStream", created
        )

    def _check_destination(self, arn: Arn) -> None:
        """AWS tests a destination when a filter is put: Kinesis and Firehose receive a
        control message, a Lambda function must exist."""
        if arn.service == "lambda":
            backend = self.store.backend("lambda", arn.account, arn.region)
            try:
                backend._resolve(str(arn), None)  # type: ignore[attr-defined]
            except ServiceError:
                if self._function_underneath(arn):
                    return
                raise _invalid(
                    "Could not execute the lambda function. Make sure you have given CloudWatch Logs permission to execute your function."
                ) from None
            return
        try:
            subscriptions.control_message(self.store, str(arn), clock.epoch_ms())
        except targets.DeliveryError:
            if arn.service == "kinesis":
                raise _invalid(
                    "Could not deliver test message to specified Kinesis stream. Check if the given kinesis stream is in ACTIVE state."
                ) from None
            raise _invalid(
                "Could not deliver test message to specified Firehose stream. Check if the given Firehose stream is in ACTIVE state."
            ) from None

    def _function_underneath(self, arn: Arn) -> bool:
        """Whether the function exists in the mock underneath (moto's Lambda, when
        eventmock has no function of that name)."""
        if underneath.answering("lambda", "GetFunction") is None:
            return False
        try:
            targets.sdk_call(self.store, "lambda", "GetFunction", {"FunctionName": str(arn)}, arn.account, arn.region)
        except targets.DeliveryError:
            return False
        return True

    def describe_subscription_filters(
        self, logGroupName: str, filterNamePrefix: str | None = None, nextToken: str | None = None, limit: int | None = None
    ) -> dict[str, Any]:
        group = self._group(logGroupName)
        found = sorted((f for f in group.subscriptions.values() if f.name.startswith(filterNamePrefix or "")), key=lambda f: f.name)
        page, token = self._page(found, nextToken, limit)
        return {"subscriptionFilters": [f.description() for f in page], "nextToken": token}

    def delete_subscription_filter(self, logGroupName: str, filterName: str) -> None:
        group = self._group(logGroupName)
        if group.subscriptions.pop(filterName, None) is None:
            raise ServiceError("ResourceNotFoundException", "The specified subscription filter does not exist.")
