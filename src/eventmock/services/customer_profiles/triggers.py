"""Event triggers: stored, described, listed, updated and deleted. They are not run:
profile objects do not reach eventmock's Customer Profiles, so no trigger fires."""

from __future__ import annotations

from typing import Any

from eventmock.services.customer_profiles.stored import DomainResources, Kind, Stored

EVENT_TRIGGER = Kind("event-triggers", "Event trigger")
_MEMBERS = (
    "ObjectTypeName",
    "Description",
    "EventTriggerConditions",
    "SegmentFilter",
    "IntentFilterDefinition",
    "EventTriggerLimits",
)


def _described(stored: Stored, *members: str) -> dict[str, Any]:
    return {
        "EventTriggerName": stored.name,
        **stored.members(*(members or _MEMBERS)),
        "CreatedAt": stored.created,
        "LastUpdatedAt": stored.updated,
        "Tags": dict(stored.tags) or None,
    }


class EventTriggers(DomainResources):
    def create_event_trigger(
        self,
        DomainName: str,
        EventTriggerName: str,
        ObjectTypeName: str,
        EventTriggerConditions: list[dict[str, Any]],
        Description: str | None = None,
        SegmentFilter: str | None = None,
        IntentFilterDefinition: dict[str, Any] | None = None,
        EventTriggerLimits: dict[str, Any] | None = None,
        Tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        self._domain(DomainName)
        body = {
            "ObjectTypeName": ObjectTypeName,
            "Description": Description,
            "EventTriggerConditions": EventTriggerConditions,
            "SegmentFilter": SegmentFilter,
            "IntentFilterDefinition": IntentFilterDefinition,
            "EventTriggerLimits": EventTriggerLimits,
        }
        return _described(self._store(DomainName, EVENT_TRIGGER, EventTriggerName, body, Tags))

    def get_event_trigger(self, DomainName: str, EventTriggerName: str) -> dict[str, Any]:
        self._domain(DomainName)
        return _described(self._stored(DomainName, EVENT_TRIGGER, EventTriggerName))

    def update_event_trigger(
        self,
        DomainName: str,
        EventTriggerName: str,
        ObjectTypeName: str | None = None,
        Description: str | None = None,
        EventTriggerConditions: list[dict[str, Any]] | None = None,
        SegmentFilter: str | None = None,
        IntentFilterDefinition: dict[str, Any] | None = None,
        EventTriggerLimits: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        self._domain(DomainName)
        stored = self._stored(DomainName, EVENT_TRIGGER, EventTriggerName)
        changes = {
            "ObjectTypeName": ObjectTypeName,
            "Description": Description,
            "EventTriggerConditions": EventTriggerConditions,
            "SegmentFilter": SegmentFilter,
            "IntentFilterDefinition": IntentFilterDefinition,
            "EventTriggerLimits": EventTriggerLimits,
        }
        return _described(self._change(stored, changes))

    def delete_event_trigger(self, DomainName: str, EventTriggerName: str) -> dict[str, Any]:
        self._domain(DomainName)
        self._drop(DomainName, EVENT_TRIGGER, EventTriggerName)
        return {"Message": f"Event trigger {EventTriggerName} was deleted"}

    def list_event_triggers(
        self, DomainName: str, NextToken: str | None = None, MaxResults: int | None = None
    ) -> dict[str, Any]:
        self._domain(DomainName)
        page, token = self._listed(DomainName, EVENT_TRIGGER, NextToken, MaxResults)
        return {"Items": [_described(s, "ObjectTypeName", "Description") for s in page], "NextToken": token}
