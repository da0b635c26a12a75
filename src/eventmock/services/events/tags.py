"""Tags of EventBridge's buses and rules."""

from __future__ import annotations

from typing import Any

from eventmock.core import arns
from eventmock.services.events.base import EventsBase, _bus_not_found, _managed, _tag_list, _validation
from eventmock.services.events.models import DEFAULT_BUS, EventBus, Rule


class Tags(EventsBase):
    """TagResource, UntagResource, ListTagsForResource."""

    # -- tags ---------------------------------------------------------------------

    def _taggable(self, arn_text: str) -> EventBus | Rule:
        """The bus or rule an ARN names (``rule/name`` on the default bus,
        ``rule/bus/name`` on others; a partner bus name holds slashes)."""
        arn = arns.parse(arn_text)
        kind, _, rest = arn.resource.partition("/") if arn is not None else ("", "", "")
        if arn is None or arn.service != "events" or kind not in ("event-bus", "rule") or not rest:
            raise _validation(f"Parameter ResourceARN is not valid. Reason: {arn_text} is not the ARN of an event bus or a rule.")
        here = (arn.account, arn.region) == (self.account_id, self.region)
        if kind == "event-bus":
            bus = self.buses.get(rest) if here else None
            if bus is None:
                raise _bus_not_found(rest)
            return bus
        bus_name, _, rule_name = rest.rpartition("/")
        bus_name = bus_name or DEFAULT_BUS
        found = self.buses.get(bus_name) if here else None
        if found is None:
            raise _bus_not_found(bus_name)
        return self._rule(found, rule_name)

    def _taggable_to_change(self, arn_text: str) -> EventBus | Rule:
        resource = self._taggable(arn_text)
        if isinstance(resource, Rule) and resource.managed_by is not None:
            raise _managed(resource)
        return resource

    def tag_resource(self, ResourceARN: str, Tags: list[dict[str, str]]) -> None:
        resource = self._taggable_to_change(ResourceARN)
        resource.tags = self._tags(Tags, resource.tags)

    def untag_resource(self, ResourceARN: str, TagKeys: list[str]) -> None:
        resource = self._taggable_to_change(ResourceARN)
        for key in TagKeys:
            resource.tags.pop(key, None)

    def list_tags_for_resource(self, ResourceARN: str) -> dict[str, Any]:
        return {"Tags": _tag_list(self._taggable(ResourceARN).tags)}
