"""Tags: TagResource, UntagResource, ListTagsForResource."""

from __future__ import annotations

from typing import Any

from eventmock.core import arns
from eventmock.core.errors import ServiceError
from eventmock.services.dataexchange.models import Asset, DataGrant, DataSet, EventAction, Revision
from eventmock.services.dataexchange.base import DataExchangeBase, _validation


class Tags(DataExchangeBase):
    def _taggable(self, resource_arn: str) -> DataSet | Revision | Asset | EventAction | DataGrant:
        arn = arns.parse(resource_arn)
        if arn is None or arn.service != "dataexchange":
            raise _validation(f"Invalid ResourceArn: {resource_arn}")
        parts = arn.resource.split("/")
        mine = (arn.account, arn.region) == (self.account_id, self.region)
        found: DataSet | Revision | Asset | EventAction | DataGrant | None = None
        resource_type: str | None = {"data-sets": "DATA_SET", "event-actions": "EVENT_ACTION", "jobs": "JOB", "data-grants": "DATA_GRANT"}.get(parts[0])
        if mine and parts[0] == "data-sets" and len(parts) in (2, 4, 6):
            data_set = self.data_sets.get(parts[1])
            found = data_set
            if len(parts) >= 4:
                resource_type = "REVISION"
                revision = data_set.revisions.get(parts[3]) if data_set is not None and parts[2] == "revisions" else None
                found = revision
                if len(parts) == 6:
                    resource_type = "ASSET"
                    found = revision.assets.get(parts[5]) if revision is not None and parts[4] == "assets" else None
        elif mine and parts[0] == "event-actions" and len(parts) == 2:
            found = self.event_actions.get(parts[1])
        elif mine and parts[0] == "data-grants" and len(parts) == 2:
            found = self.data_grants.get(parts[1])
        if found is None or found.arn != resource_arn:
            raise ServiceError(
                "ResourceNotFoundException", f"Resource {resource_arn} not found.", ResourceId=resource_arn, ResourceType=resource_type
            )
        return found

    def tag_resource(self, ResourceArn: str, Tags: dict[str, str]) -> None:
        resource = self._taggable(ResourceArn)
        resource.tags = self._check_tags({**resource.tags, **Tags})

    def untag_resource(self, ResourceArn: str, TagKeys: list[str]) -> None:
        resource = self._taggable(ResourceArn)
        resource.tags = {k: v for k, v in resource.tags.items() if k not in TagKeys}

    def list_tags_for_resource(self, ResourceArn: str) -> dict[str, Any]:
        return {"Tags": dict(self._taggable(ResourceArn).tags)}
