"""Tags, through both of AWS's tag APIs (the stream ones, ``AddTagsToStream`` and its
twins, and the resource ones, ``TagResource`` and its twins, for streams, consumers,
queues and channels), and resource policies (streams and consumers)."""

from __future__ import annotations

import json
from typing import Any

from eventmock.core.errors import ServiceError
from eventmock.services.kinesis.base import KinesisBase

DEFAULT_LIST_TAGS = 50


def _tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in sorted(tags.items())]


class Tags(KinesisBase):
    # -- the stream tag API ---------------------------------------------------------------

    def add_tags_to_stream(
        self, Tags: dict[str, str], StreamName: str | None = None, StreamARN: str | None = None, StreamId: str | None = None
    ) -> None:
        stream = self._stream(StreamName, StreamARN)
        self._check_tags(Tags, stream.tags)
        stream.tags.update(Tags)

    def remove_tags_from_stream(
        self, TagKeys: list[str], StreamName: str | None = None, StreamARN: str | None = None, StreamId: str | None = None
    ) -> None:
        stream = self._stream(StreamName, StreamARN)
        for key in TagKeys:
            stream.tags.pop(key, None)

    def list_tags_for_stream(
        self,
        StreamName: str | None = None,
        ExclusiveStartTagKey: str | None = None,
        Limit: int | None = None,
        StreamARN: str | None = None,
        StreamId: str | None = None,
    ) -> dict[str, Any]:
        stream = self._stream(StreamName, StreamARN)
        tags = _tag_list(stream.tags)
        if ExclusiveStartTagKey is not None:
            tags = [t for t in tags if t["Key"] > ExclusiveStartTagKey]
        limit = Limit or DEFAULT_LIST_TAGS
        return {"Tags": tags[:limit], "HasMoreTags": len(tags) > limit}

    # -- the resource tag API -------------------------------------------------------------

    def _resource(self, arn_text: str) -> Any:
        """The stream, consumer, queue or channel an ARN names (with ``tags`` and, for
        streams and consumers, ``policy``)."""
        owner, arn = self._owner(arn_text)
        kind, _, rest = arn.resource.partition("/")
        if kind == "stream":
            name, _, consumer = rest.partition("/consumer/")
            stream = owner.streams.get(name)
            if stream is None:
                raise ServiceError("ResourceNotFoundException", f"Stream {arn_text} under account {owner.account_id} not found.")
            if not consumer:
                return stream
            found = stream.stream_consumers.get(consumer.rsplit(":", 1)[0])
            if found is None or found.arn != arn_text:
                raise ServiceError("ResourceNotFoundException", f"Consumer {arn_text}, account {owner.account_id} not found.")
            return found
        table = owner.queues if kind == "queue" else owner.channels
        resource = table.get(arn_text)
        if resource is None:
            label = "Queue" if kind == "queue" else "Channel"
            raise ServiceError("ResourceNotFoundException", f"{label} {arn_text} under account {owner.account_id} not found.")
        return resource

    def tag_resource(self, Tags: dict[str, str], ResourceARN: str, StreamId: str | None = None) -> None:
        resource = self._resource(ResourceARN)
        self._check_tags(Tags, resource.tags)
        resource.tags.update(Tags)

    def untag_resource(self, TagKeys: list[str], ResourceARN: str, StreamId: str | None = None) -> None:
        resource = self._resource(ResourceARN)
        for key in TagKeys:
            resource.tags.pop(key, None)

    def list_tags_for_resource(self, ResourceARN: str, StreamId: str | None = None) -> dict[str, Any]:
        return {"Tags": _tag_list(self._resource(ResourceARN).tags)}

    # -- resource policies ----------------------------------------------------------------

    def _policy_holder(self, arn_text: str) -> Any:
        resource = self._resource(arn_text)
        if not hasattr(resource, "policy"):
            raise ServiceError("InvalidArgumentException", f"Resource policies are not supported for {arn_text}.")
        return resource

    def put_resource_policy(self, ResourceARN: str, Policy: str, StreamId: str | None = None) -> None:
        resource = self._policy_holder(ResourceARN)
        try:
            document = json.loads(Policy)
        except (ValueError, RecursionError):
            document = None
        if not isinstance(document, dict):
            raise ServiceError("InvalidArgumentException", "Policy is not a valid JSON document.")
        resource.policy = Policy

    def get_resource_policy(self, ResourceARN: str, StreamId: str | None = None) -> dict[str, Any]:
        resource = self._policy_holder(ResourceARN)
        return {"Policy": resource.policy if resource.policy is not None else "{}"}

    def delete_resource_policy(self, ResourceARN: str, StreamId: str | None = None) -> None:
        resource = self._policy_holder(ResourceARN)
        if resource.policy is None:
            raise ServiceError("ResourceNotFoundException", f"No resource policy found for resource ARN {ResourceARN}.")
        resource.policy = None
