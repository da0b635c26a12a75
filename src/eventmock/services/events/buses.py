"""EventBridge event buses and their permissions (the bus's resource policy)."""

from __future__ import annotations

import copy
import json
from typing import Any, Final

from eventmock.core import arns, clock
from eventmock.core.errors import ServiceError
from eventmock.services.events import targets
from eventmock.services.events.base import EventsBase, _source_not_found, _validation
from eventmock.services.events.models import DEFAULT_BUS, EventBus

#: The event bus policy may not exceed 10 KB.
MAX_POLICY_SIZE: Final = 10 * 1024


class EventBuses(EventsBase):
    """CreateEventBus ... DeleteEventBus, PutPermission, RemovePermission."""

    # -- event buses --------------------------------------------------------------

    def create_event_bus(
        self,
        Name: str,
        EventSourceName: str | None = None,
        Description: str | None = None,
        KmsKeyIdentifier: str | None = None,
        DeadLetterConfig: dict[str, Any] | None = None,
        LogConfig: dict[str, Any] | None = None,
        Tags: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        if Name in self.buses:
            raise ServiceError("ResourceAlreadyExistsException", f"Event bus {Name} already exists.")
        if EventSourceName is None:
            if Name.startswith("aws."):
                raise _validation("EventBus name starting with 'aws.' is not valid.")
            if "/" in Name:
                raise _validation("Event bus name must not contain '/'.")
        else:
            if Name != EventSourceName:
                raise _validation("Event bus name must match event source name.")
            source = self.event_sources.get(EventSourceName)
            if source is None or source.deleted:
                raise _source_not_found(EventSourceName)
        problem = targets.check_dead_letter(DeadLetterConfig)
        if problem is not None:
            raise _validation(problem)
        tags = self._tags(Tags)
        now = clock.now()
        bus = EventBus(
            Name,
            self._arn(f"event-bus/{Name}"),
            now,
            now,
            description=Description,
            kms_key_identifier=KmsKeyIdentifier,
            dead_letter_config=copy.deepcopy(DeadLetterConfig),
            log_config=copy.deepcopy(LogConfig),
            event_source_name=EventSourceName,
            tags=tags,
        )
        self.buses[Name] = bus
        return {
            "EventBusArn": bus.arn,
            "Description": bus.description,
            "KmsKeyIdentifier": bus.kms_key_identifier,
            "DeadLetterConfig": bus.dead_letter_config,
            "LogConfig": bus.log_config,
        }

    def describe_event_bus(self, Name: str | None = None) -> dict[str, Any]:
        return self._bus(Name).description_response()

    def update_event_bus(
        self,
        Name: str | None = None,
        KmsKeyIdentifier: str | None = None,
        Description: str | None = None,
        DeadLetterConfig: dict[str, Any] | None = None,
        LogConfig: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        bus = self._bus(Name)
        problem = targets.check_dead_letter(DeadLetterConfig)
        if problem is not None:
            raise _validation(problem)
        # As with PutRule, what the call leaves out is not kept.
        bus.kms_key_identifier = KmsKeyIdentifier
        bus.description = Description
        bus.dead_letter_config = copy.deepcopy(DeadLetterConfig)
        bus.log_config = copy.deepcopy(LogConfig)
        bus.modified = clock.now()
        return {
            "Arn": bus.arn,
            "Name": bus.name,
            "KmsKeyIdentifier": bus.kms_key_identifier,
            "Description": bus.description,
            "DeadLetterConfig": bus.dead_letter_config,
            "LogConfig": bus.log_config,
        }

    def list_event_buses(
        self, NamePrefix: str | None = None, NextToken: str | None = None, Limit: int | None = None
    ) -> dict[str, Any]:
        buses = sorted((b for b in self.buses.values() if b.name.startswith(NamePrefix or "")), key=lambda b: b.name)
        page, token = self._page(buses, NextToken, Limit)
        return {"EventBuses": [bus.summary() for bus in page], "NextToken": token}

    def delete_event_bus(self, Name: str) -> None:
        if Name == DEFAULT_BUS:
            raise _validation("Cannot delete event bus default.")
        bus = self.buses.get(Name)
        if bus is None:
            return
        if bus.rules:
            raise _validation("EventBus can't be deleted since it has rules.")
        del self.buses[Name]
        source = self.event_sources.get(bus.event_source_name or "")
        if source is not None and source.deleted:
            # The partner deleted the source; with its bus gone it leaves the account.
            del self.event_sources[source.name]

    # -- permissions --------------------------------------------------------------

    def put_permission(
        self,
        EventBusName: str | None = None,
        Action: str | None = None,
        Principal: str | None = None,
        StatementId: str | None = None,
        Condition: dict[str, str] | None = None,
        Policy: str | None = None,
    ) -> None:
        bus = self._bus(EventBusName)
        if Policy is not None:
            if any(p is not None for p in (Action, Principal, StatementId, Condition)):
                raise _validation("Combination of policy with other arguments is not allowed.")
            try:
                document = json.loads(Policy)
            except (ValueError, RecursionError):
                document = None
            if not isinstance(document, dict):
                raise _validation("This policy contains invalid Json")
            policy: dict[str, Any] = document
        else:
            for name, value in (("Action", Action), ("Principal", Principal), ("StatementId", StatementId)):
                if value is None:
                    raise _validation(f"Parameter {name} must be specified.")
            assert Action is not None and Principal is not None and StatementId is not None
            if Action != "events:PutEvents":
                raise _validation("Provided value in parameter 'action' is not supported.")
            if Condition is not None and Principal != "*":
                raise ServiceError(
                    "InvalidParameterValue",
                    "Value of the parameter 'principal' must be '*' when the parameter 'condition' is set.",
                    status=400,
                )
            statement: dict[str, Any] = {
                "Sid": StatementId,
                "Effect": "Allow",
                "Principal": "*" if Principal == "*" else {"AWS": f"arn:{arns.partition_of(self.region)}:iam::{Principal}:root"},
                "Action": Action,
                "Resource": bus.arn,
            }
            if Condition is not None:
                statement["Condition"] = {Condition["Type"]: {Condition["Key"]: Condition["Value"]}}
            policy = copy.deepcopy(bus.policy) if bus.policy is not None else {"Version": "2012-10-17", "Statement": []}
            statements = policy.get("Statement")
            if not isinstance(statements, list):
                statements = policy["Statement"] = [] if statements is None else [statements]
            for i, existing in enumerate(statements):
                if isinstance(existing, dict) and existing.get("Sid") == StatementId:
                    statements[i] = statement  # a statement id names one statement
                    break
            else:
                statements.append(statement)
        if len(json.dumps(policy, separators=(",", ":")).encode("utf-8")) > MAX_POLICY_SIZE:
            raise ServiceError(
                "PolicyLengthExceededException", f"The policy of event bus {bus.name} would exceed {MAX_POLICY_SIZE} bytes."
            )
        bus.policy = policy
        bus.modified = clock.now()

    def remove_permission(
        self, StatementId: str | None = None, RemoveAllPermissions: bool | None = None, EventBusName: str | None = None
    ) -> None:
        bus = self._bus(EventBusName)
        if RemoveAllPermissions:
            bus.policy = None
            bus.modified = clock.now()
            return
        if StatementId is None:
            raise _validation("Parameter StatementId is required.")
        statements = (bus.policy or {}).get("Statement")
        if isinstance(statements, dict):
            statements = [statements]
        kept = [s for s in statements or () if not (isinstance(s, dict) and s.get("Sid") == StatementId)]
        if statements is None or len(kept) == len(statements):
            raise ServiceError("ResourceNotFoundException", "Statement with the provided id does not exist.")
        assert bus.policy is not None
        if kept:
            bus.policy = {**bus.policy, "Statement": kept}
        else:
            bus.policy = None
        bus.modified = clock.now()
