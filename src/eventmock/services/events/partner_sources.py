"""Partner event sources, from the partner's side and from the customer's."""

from __future__ import annotations

from typing import Any

from eventmock.core import arns, clock
from eventmock.core.errors import ServiceError
from eventmock.services.events.base import EventsBase, _source_not_found
from eventmock.services.events.models import PartnerEventSource


class PartnerSources(EventsBase):
    """The partner's side (CreatePartnerEventSource ...) and the customer's (ListEventSources, ActivateEventSource ...)."""

    # -- partner event sources: the partner's side --------------------------------

    def create_partner_event_source(self, Name: str, Account: str) -> dict[str, Any]:
        customer = self._peer(Account)
        shared = customer.event_sources.get(Name)
        if Name in self.partner_event_sources or (shared is not None and not shared.deleted):
            raise ServiceError("ResourceAlreadyExistsException", f"Event source {Name} already exists.")
        source = PartnerEventSource(
            name=Name,
            arn=arns.build("events", self.region, "", f"event-source/{Name}"),
            partner_account=self.account_id,
            account=Account,
            created=clock.now(),
        )
        self.partner_event_sources[Name] = source
        customer.event_sources[Name] = source
        return {"EventSourceArn": source.arn}

    def _own_source(self, name: str) -> PartnerEventSource:
        source = self.partner_event_sources.get(name)
        if source is None:
            raise _source_not_found(name)
        return source

    def describe_partner_event_source(self, Name: str) -> dict[str, Any]:
        source = self._own_source(Name)
        return {"Arn": source.arn, "Name": source.name}

    def list_partner_event_sources(
        self, NamePrefix: str, NextToken: str | None = None, Limit: int | None = None
    ) -> dict[str, Any]:
        sources = sorted((s for s in self.partner_event_sources.values() if s.name.startswith(NamePrefix)), key=lambda s: s.name)
        page, token = self._page(sources, NextToken, Limit)
        return {"PartnerEventSources": [{"Arn": s.arn, "Name": s.name} for s in page], "NextToken": token}

    def list_partner_event_source_accounts(
        self, EventSourceName: str, NextToken: str | None = None, Limit: int | None = None
    ) -> dict[str, Any]:
        source = self._own_source(EventSourceName)
        page, token = self._page([source], NextToken, Limit)
        accounts = [
            {"Account": s.account, "CreationTime": s.created, "State": self._peer(s.account)._source_state(s)} for s in page
        ]
        return {"PartnerEventSourceAccounts": accounts, "NextToken": token}

    def delete_partner_event_source(self, Name: str, Account: str) -> None:
        source = self.partner_event_sources.get(Name)
        if source is None or source.account != Account:
            return
        del self.partner_event_sources[Name]
        customer = self._peer(Account)
        bus = customer.buses.get(Name)
        if bus is not None and bus.event_source_name == Name:
            source.deleted = True  # the customer's partner bus stays, its source DELETED
        elif customer.event_sources.get(Name) is source:
            del customer.event_sources[Name]

    # -- partner event sources: the customer's side -------------------------------

    def _source_state(self, source: PartnerEventSource) -> str:
        if source.deleted:
            return "DELETED"
        bus = self.buses.get(source.name)
        if bus is not None and bus.event_source_name == source.name and not source.deactivated:
            return "ACTIVE"
        return "PENDING"

    def _shared_source(self, name: str) -> PartnerEventSource:
        source = self.event_sources.get(name)
        if source is None:
            raise _source_not_found(name)
        return source

    def _event_source(self, source: PartnerEventSource) -> dict[str, Any]:
        return {
            "Arn": source.arn,
            "CreatedBy": source.partner_name,
            "CreationTime": source.created,
            "Name": source.name,
            "State": self._source_state(source),
        }

    def list_event_sources(
        self, NamePrefix: str | None = None, NextToken: str | None = None, Limit: int | None = None
    ) -> dict[str, Any]:
        sources = sorted((s for s in self.event_sources.values() if s.name.startswith(NamePrefix or "")), key=lambda s: s.name)
        page, token = self._page(sources, NextToken, Limit)
        return {"EventSources": [self._event_source(s) for s in page], "NextToken": token}

    def describe_event_source(self, Name: str) -> dict[str, Any]:
        return self._event_source(self._shared_source(Name))

    def _set_deactivated(self, name: str, deactivated: bool) -> None:
        source = self._shared_source(name)
        if source.deleted:
            raise ServiceError("InvalidStateException", f"Event source {name} has been deleted.")
        source.deactivated = deactivated

    def activate_event_source(self, Name: str) -> None:
        if Name not in self.event_sources:
            raise ServiceError("ResourceNotFoundException", f"Event source {Name} or event bus {Name} does not exist.")
        self._set_deactivated(Name, False)

    def deactivate_event_source(self, Name: str) -> None:
        self._set_deactivated(Name, True)
