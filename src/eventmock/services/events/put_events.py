"""Events in: PutEvents (to a bus, or through a global endpoint) and PutPartnerEvents."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from eventmock.core import clock, ids, targets
from eventmock.services.events import entries as entries_
from eventmock.services.events.base import EventsBase, _validation
from eventmock.services.events.models import EventBus

if TYPE_CHECKING:
    from eventmock.services.events.backend import EventsBackend


class EventsIn(EventsBase):
    """PutEvents, PutPartnerEvents."""

    # -- events in ----------------------------------------------------------------

    def _ingest(
        self, Entries: list[dict[str, Any]], source_problem: Callable[[dict[str, Any]], tuple[str, str] | None]
    ) -> tuple[dict[str, Any], list[tuple[dict[str, Any], dict[str, Any], str]]]:
        """Validate PutEvents/PutPartnerEvents entries as AWS does: the response (a
        per-entry ``EventId`` or ``ErrorCode``/``ErrorMessage``) and the accepted
        entries as (entry, parsed detail, event id), in order."""
        if entries_.too_large(Entries):
            raise _validation(entries_.TOO_LARGE)
        results: list[dict[str, Any]] = []
        accepted = []
        missing_member, parse_detail, new_id = entries_.missing_member, entries_.parse_detail, ids.uuid4
        for entry in Entries:
            problem = missing_member(entry) or source_problem(entry)
            if problem is None:
                detail = parse_detail(entry["Detail"])
                if detail is not None:
                    event_id = new_id()
                    results.append({"EventId": event_id})
                    accepted.append((entry, detail, event_id))
                    continue
                problem = "MalformedDetail", entries_.MALFORMED_DETAIL
            results.append({"ErrorCode": problem[0], "ErrorMessage": problem[1]})
        return {"FailedEntryCount": len(Entries) - len(accepted), "Entries": results}, accepted

    def put_events(self, Entries: list[dict[str, Any]], EndpointId: str | None = None) -> dict[str, Any]:
        def aws_source(entry: dict[str, Any]) -> tuple[str, str] | None:
            if entry["Source"].startswith("aws."):
                return "NotAuthorizedForSourceException", entries_.NOT_AUTHORIZED_FOR_SOURCE
            return None

        # Through a global endpoint, every event goes where the endpoint routes it.
        through = cast("EventsBackend", self)._endpoint_routes(EndpointId) if EndpointId is not None else None
        response, accepted = self._ingest(Entries, aws_source)
        now = clock.now()
        routes: dict[str | None, tuple[EventsBase, EventBus] | None] = {}  # per bus named
        for entry, detail, event_id in accepted:
            if through is not None:
                for owner, bus in through:
                    with targets.traced(entry.get("TraceHeader")):
                        owner._dispatch(bus, entries_.envelope(event_id, entry, detail, self.account_id, owner.region, now))
                continue
            named = entry.get("EventBusName")
            if named in routes:
                route = routes[named]
            else:
                route = routes[named] = self._routing_bus(named)
            if route is not None and route[1].index:  # a bus with no rule to route it needs no envelope
                owner, bus = route
                with targets.traced(entry.get("TraceHeader")):
                    owner._dispatch(bus, entries_.envelope(event_id, entry, detail, self.account_id, self.region, now))
        return response

    def _routing_bus(self, name_or_arn: str | None) -> tuple[EventsBase, EventBus] | None:
        """The backend and bus an event sent to ``name_or_arn`` goes to, or ``None``:
        AWS accepts an event for a bus that does not exist, and drops it."""
        name, account, region = self._bus_ref(name_or_arn)
        owner = self if (account, region) == (self.account_id, self.region) else None
        if owner is None and region == self.region:
            owner = self._peer(account)  # another account's bus, named by its ARN
        bus = owner.buses.get(name) if owner is not None else None
        if owner is None or bus is None:
            return None
        return owner, bus

    def put_partner_events(self, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        def not_ours(entry: dict[str, Any]) -> tuple[str, str] | None:
            if entry["Source"] not in self.partner_event_sources:
                return "NotAuthorizedForSourceException", entries_.NOT_AUTHORIZED_FOR_SOURCE
            return None

        response, accepted = self._ingest(Entries, not_ours)
        now = clock.now()
        for entry, detail, event_id in accepted:
            source = self.partner_event_sources[entry["Source"]]
            customer = self._peer(source.account)
            bus = customer.buses.get(source.name)
            if bus is None or bus.event_source_name != source.name or source.deactivated:
                continue  # no active partner event bus: the event goes nowhere
            customer._dispatch(bus, entries_.envelope(event_id, entry, detail, source.account, self.region, now))
        return response
