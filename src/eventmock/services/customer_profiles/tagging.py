"""Tags of domains, event streams, object types and domain object types."""

from __future__ import annotations

from typing import Any

from eventmock.core import arns
from eventmock.services.customer_profiles.base import CustomerProfilesBase
from eventmock.services.customer_profiles.models import Domain, EventStream
from eventmock.services.customer_profiles.objects import ObjectType
from eventmock.services.customer_profiles.stored import DomainResources, Stored

Tagged = Domain | EventStream | ObjectType | Stored
#: The kinds of resource a domain ARN's third part names: domain -> name -> resource.
_KINDS = {
    "event-streams": lambda d: d.event_streams,
    "object-types": lambda d: d.object_types,
}


class TagOperations(DomainResources, CustomerProfilesBase):
    def _tagged(self, resource_arn: str) -> Tagged:
        arn = arns.parse(resource_arn)
        if arn is None or arn.service != self.arn_service:
            raise self._bad_request(f"Invalid resourceArn: {resource_arn}")
        parts = arn.resource.split("/")
        resource: Tagged | None = None
        if arn.region == self.region and arn.account == self.account_id and parts[0] == "domains":
            domain = self.domains.get(parts[1]) if len(parts) in (2, 4) else None
            if domain is not None and len(parts) == 2:
                resource = domain
            elif domain is not None and parts[2] in _KINDS:
                resource = _KINDS[parts[2]](domain).get(parts[3])
            elif domain is not None:  # a stored resource of a family (stored.py)
                resource = self._tagged_resource(domain.name, parts[2], parts[3])
        if resource is None or resource.arn != resource_arn:
            raise self._not_found(f"Resource {resource_arn} does not exist")
        return resource

    def tag_resource(self, resourceArn: str, tags: dict[str, str]) -> None:
        resource = self._tagged(resourceArn)
        merged = {**resource.tags, **tags}
        self._check_tags(merged)
        resource.tags = merged

    def untag_resource(self, resourceArn: str, tagKeys: list[str]) -> None:
        resource = self._tagged(resourceArn)
        resource.tags = {k: v for k, v in resource.tags.items() if k not in tagKeys}

    def list_tags_for_resource(self, resourceArn: str) -> dict[str, Any]:
        return {"tags": dict(self._tagged(resourceArn).tags)}
