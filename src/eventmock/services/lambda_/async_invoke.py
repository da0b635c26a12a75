"""Asynchronous invocation (``InvocationType=Event``, ``InvokeAsync``) and its settings:
event invoke configs, retries, destinations and the dead-letter queue.

The first attempt runs within the call that queued it. A failed attempt is retried as
due work on the mock's clock, as AWS retries: 1 minute after the first failure, 2
minutes after the second, up to ``MaximumRetryAttempts`` (default 2) and while the
event is younger than ``MaximumEventAgeInSeconds`` (default 6 hours). A throttled
attempt (reserved concurrency 0) waits a minute and tries again, without counting as
an attempt, until the event is too old. When it succeeds, or fails for good, the
``OnSuccess`` / ``OnFailure`` destination (SQS, SNS, EventBridge, Lambda) gets AWS's
invocation record; with no ``OnFailure`` destination, a failed event goes to the
function's ``DeadLetterConfig`` target (SQS or SNS).
"""

# mypy: disable-error-code="misc"
# (the mixins annotate ``self`` as the backend they are part of, whose other families they call.)

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING, Any

from eventmock.core import arns, clock, lineage, targets
from eventmock.core.errors import ServiceError
from eventmock.services.lambda_ import control
from eventmock.services.lambda_.model import LATEST, Function, Version, invalid, validation

if TYPE_CHECKING:
    from eventmock.services.lambda_.backend import LambdaBackend

DEFAULT_RETRIES = 2
DEFAULT_MAX_AGE = 21_600
#: Delay before the n-th retry (AWS: 1 minute, then 2 minutes).
RETRY_DELAYS = (60, 120)
_DESTINATION_SERVICES = ("sqs", "sns", "events", "lambda")
#: The model's ``DestinationArn`` pattern.
_DESTINATION_PATTERN = (
    r"$|kafka://([^.]([a-zA-Z0-9\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*)"
)


class AsyncInvocations:
    """The asynchronous half of :class:`~eventmock.services.lambda_.backend.LambdaBackend`."""

    def _invoke_config(self: LambdaBackend, function: Function, qualifier: str) -> dict[str, Any]:
        return function.invoke_configs.get(qualifier) or {}

    def _accept(
        self: LambdaBackend, function: Function, version: Version, event: Any, cause: lineage.Lineage | None, invoked_arn: str | None
    ) -> None:
        """Queue an asynchronous invocation; its first attempt runs now."""
        try:
            chain = self._chain(function, cause)
        except ServiceError:
            return  # stopped by loop detection: dropped
        if lineage.depth() >= lineage.MAX_NESTED:
            self._queue(function, version, event, chain)
            return
        qualifier = (invoked_arn or function.arn)[len(function.arn) + 1 :] or LATEST
        self._attempt(function, version, qualifier, event, chain, clock.now(), 1)

    def _attempt(
        self: LambdaBackend,
        function: Function,
        version: Version,
        qualifier: str,
        event: Any,
        chain: lineage.Lineage,
        queued: dt.datetime,
        attempt: int,
    ) -> None:
        settings = self._invoke_config(function, qualifier)
        max_age = settings.get("MaximumEventAgeInSeconds", DEFAULT_MAX_AGE)
        retries = settings.get("MaximumRetryAttempts", DEFAULT_RETRIES)
        if self.functions.get(function.name) is not function:
            return  # deleted meanwhile
        if (clock.now() - queued).total_seconds() > max_age:
            self._finish(function, settings, event, None, "EventAgeExceeded", attempt - 1, version)
            return
        if function.reserved_concurrency == 0:
            self.store.due.again(clock.now() + dt.timedelta(seconds=60), lambda when: self._attempt(function, version, qualifier, event, chain, queued, attempt))
            return
        invoked = self._run(function, version, event, chain, invoked_arn=f"{function.arn}:{qualifier}" if qualifier != LATEST else None)
        if invoked.outcome.error is None:
            self._finish(function, settings, event, invoked, "Success", attempt, version)
            return
        if attempt > retries:
            self._finish(function, settings, event, invoked, "RetriesExhausted", attempt, version)
            return
        delay = RETRY_DELAYS[min(attempt - 1, len(RETRY_DELAYS) - 1)]
        self.store.due.again(
            clock.now() + dt.timedelta(seconds=delay), lambda when: self._attempt(function, version, qualifier, event, chain, queued, attempt + 1)
        )

    def _finish(
        self: LambdaBackend, function: Function, settings: dict[str, Any], event: Any, invoked: Any, condition: str, count: int, version: Version
    ) -> None:
        success = condition == "Success"
        destination = ((settings.get("DestinationConfig") or {}).get("OnSuccess" if success else "OnFailure") or {}).get("Destination")
        if destination:
            record: dict[str, Any] = {
                "version": "1.0",
                "timestamp": clock.iso8601_millis(clock.now()),
                "requestContext": {
                    "requestId": invoked.request_id if invoked is not None else "",
                    "functionArn": version.arn,
                    "condition": condition,
                    "approximateInvokeCount": count,
                },
                "requestPayload": event,
                "responseContext": {"statusCode": 200, "executedVersion": version.version},
            }
            if invoked is not None:
                if invoked.outcome.error is not None:
                    record["responseContext"]["functionError"] = invoked.outcome.error
                try:
                    record["responsePayload"] = json.loads(invoked.outcome.payload) if invoked.outcome.payload else None
                except (ValueError, RecursionError):
                    record["responsePayload"] = invoked.outcome.payload.decode(errors="replace")
            self._send_record(function, destination, record, success)
            return
        dead_letter = (version.settings.get("DeadLetterConfig") or {}).get("TargetArn")
        if not success and dead_letter:
            body = json.dumps(event)
            try:
                targets.deliver(self.store, dead_letter, targets.Message(body))
            except targets.DeliveryError:
                pass  # logged by deliver

    def _send_record(self: LambdaBackend, function: Function, destination: str, record: dict[str, Any], success: bool) -> None:
        arn = arns.parse(destination)
        try:
            if arn is not None and arn.service == "events":
                kind = "Success" if success else "Failure"
                entry = {
                    "Source": "lambda",
                    "DetailType": f"Lambda Function Invocation Result - {kind}",
                    "Detail": json.dumps(record),
                    "EventBusName": destination,
                    "Resources": [function.arn],
                }
                with self.store.inside():
                    targets.sdk_call(self.store, "events", "PutEvents", {"Entries": [entry]}, arn.account, arn.region)
            else:
                targets.deliver(self.store, destination, targets.Message(json.dumps(record)))
        except targets.DeliveryError:
            pass  # logged by deliver

    # -- event invoke configs ------------------------------------------------------------

    def _config_target(self: LambdaBackend, name: str, qualifier: str | None) -> tuple[Function, str]:
        function, _ = self._target(name, qualifier)
        return function, self._qualifier_of(name, qualifier) or LATEST

    def _check_destinations(self: LambdaBackend, function: Function, config: dict[str, Any] | None) -> None:
        for key in ("OnSuccess", "OnFailure"):
            destination = ((config or {}).get(key) or {}).get("Destination")
            if not destination:
                continue
            if not re.fullmatch(_DESTINATION_PATTERN, destination):
                raise validation(destination, f"destinationConfig.{key[0].lower()}{key[1:]}.destination", f"Member must satisfy regular expression pattern: {_DESTINATION_PATTERN}")
            arn = arns.parse(destination)
            if arn is None or arn.service not in _DESTINATION_SERVICES:
                raise invalid(f"The destination ARN {destination} is invalid.")
            if arn.service == "lambda" and destination.split(":")[6:7] == [function.name]:
                raise invalid("You can't specify the function as a destination for itself.")

    def _describe_config(self: LambdaBackend, function: Function, qualifier: str) -> dict[str, Any]:
        config = function.invoke_configs[qualifier]
        out = {
            "LastModified": config["_modified"],
            "FunctionArn": f"{function.arn}:{qualifier}",
            "DestinationConfig": {
                "OnSuccess": dict((config.get("DestinationConfig") or {}).get("OnSuccess") or {}),
                "OnFailure": dict((config.get("DestinationConfig") or {}).get("OnFailure") or {}),
            },
        }
        for key in ("MaximumRetryAttempts", "MaximumEventAgeInSeconds"):
            if key in config:
                out[key] = config[key]
        return out

    def _store_config(self: LambdaBackend, FunctionName: str, Qualifier: str | None, members: dict[str, Any], replace: bool) -> dict[str, Any]:
        # The model's ranges (retries 0-2, event age 60-21600 seconds), before anything else.
        limits = {key: members[key] for key in ("MaximumRetryAttempts", "MaximumEventAgeInSeconds")}
        control.check("PutFunctionEventInvokeConfig" if replace else "UpdateFunctionEventInvokeConfig", limits)
        function, qualifier = self._config_target(FunctionName, Qualifier)
        self._check_destinations(function, members.get("DestinationConfig"))
        current = {} if replace else dict(function.invoke_configs.get(qualifier) or {})
        current.update({k: v for k, v in members.items() if v is not None})
        current["_modified"] = clock.now()
        function.invoke_configs[qualifier] = current
        return self._describe_config(function, qualifier)

    def put_function_event_invoke_config(
        self: LambdaBackend,
        FunctionName: str,
        Qualifier: str | None = None,
        MaximumRetryAttempts: int | None = None,
        MaximumEventAgeInSeconds: int | None = None,
        DestinationConfig: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        members = {"MaximumRetryAttempts": MaximumRetryAttempts, "MaximumEventAgeInSeconds": MaximumEventAgeInSeconds, "DestinationConfig": DestinationConfig}
        return self._store_config(FunctionName, Qualifier, members, replace=True)

    def update_function_event_invoke_config(
        self: LambdaBackend,
        FunctionName: str,
        Qualifier: str | None = None,
        MaximumRetryAttempts: int | None = None,
        MaximumEventAgeInSeconds: int | None = None,
        DestinationConfig: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        members = {"MaximumRetryAttempts": MaximumRetryAttempts, "MaximumEventAgeInSeconds": MaximumEventAgeInSeconds, "DestinationConfig": DestinationConfig}
        return self._store_config(FunctionName, Qualifier, members, replace=False)

    def get_function_event_invoke_config(self: LambdaBackend, FunctionName: str, Qualifier: str | None = None) -> dict[str, Any]:
        function, qualifier = self._config_target(FunctionName, Qualifier)
        if qualifier not in function.invoke_configs:
            raise ServiceError(
                "ResourceNotFoundException", f"The function {function.arn}:{qualifier} doesn't have an EventInvokeConfig", Type="User"
            )
        return self._describe_config(function, qualifier)

    def delete_function_event_invoke_config(self: LambdaBackend, FunctionName: str, Qualifier: str | None = None) -> dict[str, Any]:
        function, qualifier = self._config_target(FunctionName, Qualifier)
        if function.invoke_configs.pop(qualifier, None) is None:
            raise ServiceError(
                "ResourceNotFoundException", f"The function {function.arn}:{qualifier} doesn't have an EventInvokeConfig", Type="User"
            )
        return {}

    def list_function_event_invoke_configs(
        self: LambdaBackend, FunctionName: str, Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        from eventmock.core import pagination

        function = self._resolve(FunctionName, None)
        configs = [self._describe_config(function, q) for q in function.invoke_configs]
        try:
            page, marker = pagination.page(configs, Marker, MaxItems or 50)
        except pagination.InvalidToken:
            raise invalid(f"Invalid Marker: {Marker}") from None
        return {"FunctionEventInvokeConfigs": page, "NextMarker": marker}
