"""Tags of log groups, through both tag APIs (the log group one and the resource one)."""

from __future__ import annotations

from typing import Any

from eventmock.core.errors import ServiceError
from eventmock.services.logs.base import LogsBase
from eventmock.services.logs.models import LogGroup, Resource


class Tags(LogsBase):
    """TagLogGroup, UntagLogGroup, ListTagsLogGroup, TagResource, UntagResource, ListTagsForResource."""

    # -- tags ---------------------------------------------------------------------

    def tag_log_group(self, logGroupName: str, tags: dict[str, str]) -> None:
        self._tag(self._group(logGroupName), tags)

    def untag_log_group(self, logGroupName: str, tags: list[str]) -> None:
        group = self._group(logGroupName)
        for key in tags:
            group.tags.pop(key, None)

    def list_tags_log_group(self, logGroupName: str) -> dict[str, Any]:
        return {"tags": dict(self._group(logGroupName).tags)}

    def tag_resource(self, resourceArn: str, tags: dict[str, str]) -> None:
        self._tag(self._taggable(resourceArn), tags)

    def untag_resource(self, resourceArn: str, tagKeys: list[str]) -> None:
        group = self._taggable(resourceArn)
        for key in tagKeys:
            group.tags.pop(key, None)

    def list_tags_for_resource(self, resourceArn: str) -> dict[str, Any]:
        return {"tags": dict(self._taggable(resourceArn).tags)}

    @staticmethod
    def _tag(group: LogGroup | Resource, tags: dict[str, str]) -> None:
        if len({**group.tags, **tags}) > 50:
            raise ServiceError(
                "TooManyTagsException", f"A resource can have no more than 50 tags.", resourceName=group.arn
            )
        group.tags.update(tags)
