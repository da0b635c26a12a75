"""EventBridge's resources as the backend holds them: event buses, rules, partner event
sources, and the record of each (event, rule, target) match handed to delivery.

Every response is built from these by the backend; nothing here is returned as is.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from eventmock.core.due import Job
from eventmock.services.events.patterns import Matcher, PatternIndex

DEFAULT_BUS = "default"
#: The ``ManagedBy`` of the rule AWS creates on a bus for each archive.
ARCHIVE_RULE_MANAGER = "prod.vhs.events.aws.internal"

#: Rule states that route events (``ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`` also
#: matches read-only management events, which eventmock never produces).
ROUTING_STATES = frozenset({"ENABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"})


@dataclass
class Rule:
    name: str
    arn: str
    bus_name: str
    created_by: str
    state: str = "ENABLED"
    event_pattern: str | None = None
    matcher: Matcher | None = None
    schedule_expression: str | None = None
    description: str | None = None
    role_arn: str | None = None
    managed_by: str | None = None
    #: Target id -> the target as PutTargets received it (every member the model has).
    targets: dict[str, dict[str, Any]] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    #: A scheduled rule's next run, waiting on the clock (:mod:`.scheduled`).
    job: Job | None = field(default=None, compare=False, repr=False)

    @property
    def routes(self) -> bool:
        """Whether events on the bus are matched against this rule."""
        return self.matcher is not None and self.state in ROUTING_STATES

    def summary(self) -> dict[str, Any]:
        """The rule as ListRules gives it."""
        return {
            "Name": self.name,
            "Arn": self.arn,
            "EventPattern": self.event_pattern,
            "State": self.state,
            "Description": self.description,
            "ScheduleExpression": self.schedule_expression,
            "RoleArn": self.role_arn,
            "ManagedBy": self.managed_by,
            "EventBusName": self.bus_name,
        }

    def description_response(self) -> dict[str, Any]:
        """The rule as DescribeRule gives it."""
        return {**self.summary(), "CreatedBy": self.created_by}


@dataclass
class EventBus:
    name: str
    arn: str
    created: dt.datetime
    modified: dt.datetime
    description: str | None = None
    kms_key_identifier: str | None = None
    dead_letter_config: dict[str, Any] | None = None
    log_config: dict[str, Any] | None = None
    #: The partner event source a partner event bus is matched with.
    event_source_name: str | None = None
    #: The resource-based policy document (``None``: no policy).
    policy: dict[str, Any] | None = None
    tags: dict[str, str] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    #: The matchers of the rules that route events (enabled, with an event pattern).
    index: PatternIndex[str] = field(default_factory=PatternIndex)

    def policy_text(self) -> str | None:
        """The policy as DescribeEventBus's ``Policy`` string: compact JSON."""
        if self.policy is None:
            return None
        return json.dumps(self.policy, separators=(",", ":"))

    def summary(self) -> dict[str, Any]:
        """The bus as ListEventBuses gives it."""
        return {
            "Name": self.name,
            "Arn": self.arn,
            "Description": self.description,
            "Policy": self.policy_text(),
            "CreationTime": self.created,
            "LastModifiedTime": self.modified,
        }

    def description_response(self) -> dict[str, Any]:
        """The bus as DescribeEventBus gives it."""
        return {
            **self.summary(),
            "KmsKeyIdentifier": self.kms_key_identifier,
            "DeadLetterConfig": self.dead_letter_config,
            "LogConfig": self.log_config,
        }

    def reindex(self, rule: Rule) -> None:
        """Bring the routing index in line with ``rule``'s pattern and state."""
        if rule.routes:
            assert rule.matcher is not None
            self.index.add(rule.name, rule.matcher)
        else:
            self.unindex(rule.name)

    def unindex(self, name: str) -> None:
        try:
            self.index.remove(name)
        except KeyError:
            pass


@dataclass
class PartnerEventSource:
    """A partner event source. The one object is shared by the partner's backend (which
    created it) and the customer's (the account it was created for)."""

    name: str
    arn: str
    partner_account: str
    account: str
    created: dt.datetime
    #: The partner deleted it while the customer had a partner event bus for it.
    deleted: bool = False
    #: The customer deactivated it (DeactivateEventSource).
    deactivated: bool = False

    @property
    def partner_name(self) -> str:
        """``example.com`` in ``aws.partner/example.com/namespace/name``."""
        return self.name.split("/")[1]


@dataclass(frozen=True)
class Delivery:
    """One match of an accepted event: the event as the rule saw it, the rule's ARN and
    the target (as PutTargets stored it at the time) it is to be delivered to. The
    records of one event share its envelope: treat both dicts as read-only."""

    event: dict[str, Any]
    rule_arn: str
    target: dict[str, Any]


@dataclass
class ArchivedEvent:
    event: dict[str, Any]
    #: The event's ``time`` (whole seconds, as the envelope has it).
    time: dt.datetime
    #: When it was archived, from which its retention runs.
    archived: dt.datetime
    size: int
    #: The instant by which replays select it: when it was sent, if the envelope's
    #: ``time`` is that second (no ``Time`` given), else ``time``.
    at: dt.datetime


@dataclass
class Archive:
    name: str
    arn: str
    event_source_arn: str
    created: dt.datetime
    #: The managed rule that feeds the archive: its bus and name.
    bus_name: str
    rule_name: str
    description: str | None = None
    event_pattern: str | None = None
    retention_days: int = 0
    kms_key_identifier: str | None = None
    state: str = "ENABLED"
    events: list[ArchivedEvent] = field(default_factory=list)


@dataclass
class Replay:
    name: str
    arn: str
    event_source_arn: str
    destination: dict[str, Any]
    event_start_time: dt.datetime
    event_end_time: dt.datetime
    started: dt.datetime
    description: str | None = None
    state: str = "STARTING"
    ended: dt.datetime | None = None
    last_replayed: dt.datetime | None = None

    def summary(self) -> dict[str, Any]:
        """The replay as ListReplays gives it."""
        return {
            "ReplayName": self.name,
            "EventSourceArn": self.event_source_arn,
            "State": self.state,
            "EventStartTime": self.event_start_time,
            "EventEndTime": self.event_end_time,
            "EventLastReplayedTime": self.last_replayed,
            "ReplayStartTime": self.started,
            "ReplayEndTime": self.ended,
        }

    def description_response(self) -> dict[str, Any]:
        """The replay as DescribeReplay gives it."""
        return {
            **self.summary(),
            "ReplayArn": self.arn,
            "Description": self.description,
            "Destination": self.destination,
        }


@dataclass
class Endpoint:
    """A global endpoint, held by the backend of its home Region."""

    name: str
    arn: str
    endpoint_id: str
    routing_config: dict[str, Any]
    event_buses: list[dict[str, str]]
    created: dt.datetime
    modified: dt.datetime
    description: str | None = None
    replication_config: dict[str, Any] | None = None
    role_arn: str | None = None
    #: The route is failed over to the secondary Region (``fail_over``).
    failed_over: bool = False

    @property
    def url(self) -> str:
        return f"https://{self.endpoint_id}.endpoint.events.amazonaws.com"

    def summary(self) -> dict[str, Any]:
        """The endpoint as ListEndpoints and DescribeEndpoint give it."""
        return {
            "Name": self.name,
            "Description": self.description,
            "Arn": self.arn,
            "RoutingConfig": self.routing_config,
            "ReplicationConfig": self.replication_config,
            "EventBuses": self.event_buses,
            "RoleArn": self.role_arn,
            "EndpointId": self.endpoint_id,
            "EndpointUrl": self.url,
            "State": "ACTIVE",
            "CreationTime": self.created,
            "LastModifiedTime": self.modified,
        }


@dataclass
class Connection:
    name: str
    arn: str
    secret_arn: str
    authorization_type: str
    #: The auth parameters as given, secrets included (never returned).
    auth_parameters: dict[str, Any]
    created: dt.datetime
    modified: dt.datetime
    description: str | None = None
    invocation_connectivity_parameters: dict[str, Any] | None = None
    kms_key_identifier: str | None = None
    state: str = "AUTHORIZING"
    last_authorized: dt.datetime | None = None
    #: The secret is kept in Secrets Manager too (a mock underneath answers it).
    secret_saved: bool = False
    #: The OAuth access token held, and when it expires (``None``: it does not).
    token: str | None = None
    token_expires: dt.datetime | None = None


@dataclass
class ApiDestination:
    name: str
    arn: str
    connection_arn: str
    invocation_endpoint: str
    http_method: str
    invocation_rate_limit_per_second: int
    created: dt.datetime
    modified: dt.datetime
    description: str | None = None
