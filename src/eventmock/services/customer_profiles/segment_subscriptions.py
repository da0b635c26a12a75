"""Segment subscriptions, their events, and the domain's stream for segments.

A subscription remembers the segment's members when it is put. Each time its events
are listed, the members are evaluated again and every profile that joined or left
since the last evaluation adds one ``LIVE`` event (``JOINED`` or ``LEFT``) at that
moment: the events are what a user can observe between calls, in order. They are
kept in a bounded :class:`~eventmock.core.records.Record` per subscription.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from eventmock.core import clock
from eventmock.core.records import Record
from eventmock.services.customer_profiles.segments import SEGMENT, SegmentDefinitions
from eventmock.services.customer_profiles.stored import Kind

SUBSCRIPTION = Kind("segment-subscriptions", "Segment subscription")
STREAM_KEY = "segment-stream"
DEFAULT_EVENTS_PAGE = 100


@dataclass
class Subscription:
    schedule: dict[str, Any] | None
    started: dt.datetime
    updated: dt.datetime
    members: set[str]
    events: Record[dict[str, Any]] = field(default_factory=Record)


@dataclass
class SegmentStream:
    destination_arn: str
    role_arn: str
    associated: dt.datetime


class Segments(SegmentDefinitions):
    """Segment definitions (:mod:`.segments`), subscriptions and the stream for segments."""

    def _subscription(self, domain: str, segment: str) -> Subscription:
        self._stored(domain, SEGMENT, segment)
        found: Subscription | None = self._resources(domain, SUBSCRIPTION.key).get(segment)
        if found is None:
            raise self._not_found(f"Segment subscription for {segment} does not exist in domain {domain}")
        return found

    def _member_ids(self, domain_name: str, segment: str) -> set[str]:
        domain = self._domain(domain_name)
        return {p.id for p in self._members(domain, self._stored(domain_name, SEGMENT, segment))}

    def put_segment_subscription(
        self, DomainName: str, SegmentDefinitionName: str, ScheduleConfiguration: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        self._domain(DomainName)
        members = self._member_ids(DomainName, SegmentDefinitionName)
        subscriptions = self._resources(DomainName, SUBSCRIPTION.key)
        now = clock.now()
        existing: Subscription | None = subscriptions.get(SegmentDefinitionName)
        if existing is None:
            existing = subscriptions[SegmentDefinitionName] = Subscription(ScheduleConfiguration, now, now, members)
        else:
            existing.schedule = ScheduleConfiguration
            existing.updated = now
        return {"Status": "RUNNING", "ScheduleConfiguration": existing.schedule, "StartedAt": existing.started}

    def get_segment_subscription(self, DomainName: str, SegmentDefinitionName: str) -> dict[str, Any]:
        self._domain(DomainName)
        subscription = self._subscription(DomainName, SegmentDefinitionName)
        executions = None
        if subscription.schedule is not None:
            hours = dt.timedelta(hours=subscription.schedule["Interval"])
            elapsed = (clock.now() - subscription.started) // hours
            executions = {"NextExecutedAt": subscription.started + (elapsed + 1) * hours}
            if elapsed:
                executions["LastExecutedAt"] = subscription.started + elapsed * hours
        return {
            "Status": "RUNNING",
            "ScheduleConfiguration": subscription.schedule,
            "ScheduledExecutions": executions,
            "StartedAt": subscription.started,
            "LastUpdatedAt": subscription.updated,
        }

    def delete_segment_subscription(self, DomainName: str, SegmentDefinitionName: str) -> dict[str, Any]:
        self._domain(DomainName)
        self._subscription(DomainName, SegmentDefinitionName)
        del self._resources(DomainName, SUBSCRIPTION.key)[SegmentDefinitionName]
        return {"Message": f"Segment subscription for {SegmentDefinitionName} was deleted"}

    def list_segment_subscription_events(
        self,
        DomainName: str,
        SegmentDefinitionName: str,
        MaxResults: int | None = None,
        NextToken: str | None = None,
    ) -> dict[str, Any]:
        self._domain(DomainName)
        subscription = self._subscription(DomainName, SegmentDefinitionName)
        members = self._member_ids(DomainName, SegmentDefinitionName)
        now = clock.now()
        for event, changed in (("JOINED", members - subscription.members), ("LEFT", subscription.members - members)):
            for profile_id in sorted(changed):
                subscription.events.append({"ProfileId": profile_id, "UpdatedAt": now, "EventType": "LIVE", "Event": event})
        subscription.members = members
        events = [dict(e) for e in subscription.events]
        page, token = self._page(events, NextToken, MaxResults if MaxResults is not None else DEFAULT_EVENTS_PAGE)
        return {"Events": page, "NextToken": token}

    # -- the stream for segments ----------------------------------------------------

    def _segment_stream(self, domain: str) -> SegmentStream:
        stream: SegmentStream | None = self._resources(domain, STREAM_KEY).get(STREAM_KEY)
        if stream is None:
            raise self._not_found(f"No stream is associated for segments in domain {domain}")
        return stream

    def associate_stream_for_segments(self, DomainName: str, DestinationArn: str, DestinationRoleArn: str) -> dict[str, Any]:
        self._domain(DomainName)
        streams = self._resources(DomainName, STREAM_KEY)
        if STREAM_KEY in streams:
            raise self._bad_request(f"A stream is already associated for segments in domain {DomainName}")
        streams[STREAM_KEY] = SegmentStream(DestinationArn, DestinationRoleArn, clock.now())
        return {}

    def disassociate_stream_for_segments(self, DomainName: str) -> dict[str, Any]:
        self._domain(DomainName)
        self._segment_stream(DomainName)
        del self._resources(DomainName, STREAM_KEY)[STREAM_KEY]
        return {"Message": f"The stream for segments was disassociated from domain {DomainName}"}

    def get_stream_for_segments(self, DomainName: str) -> dict[str, Any]:
        self._domain(DomainName)
        stream = self._segment_stream(DomainName)
        subscribed = self._resources(DomainName, SUBSCRIPTION.key)
        return {
            "AssociatedAt": stream.associated,
            "AssociatedSegments": [{"SegmentName": name, "Status": "RUNNING"} for name in subscribed] or None,
            "DomainName": DomainName,
            "DestinationArn": stream.destination_arn,
            "DestinationRoleArn": stream.role_arn,
            "State": "RUNNING",
        }
