"""Tags (TagResource, UntagResource, ListTags) and reserved concurrency
(Put/Get/DeleteFunctionConcurrency) of functions."""

# mypy: disable-error-code="misc"
# (the mixins annotate ``self`` as the backend they are part of, whose other families they call.)

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventmock.core.errors import ServiceError
from eventmock.services.lambda_.concurrency import MIN_UNRESERVED
from eventmock.services.lambda_.model import invalid
from eventmock.services.lambda_.settings import reserved_concurrency

if TYPE_CHECKING:
    from eventmock.services.lambda_.backend import LambdaBackend


class TagsAndConcurrency:
    """Tags and reserved concurrency, part of :class:`~eventmock.services.lambda_.backend.LambdaBackend`."""

    def _tagged(self: LambdaBackend, resource: str) -> dict[str, str]:
        match = self._function_arn_match(resource)
        if match is not None:
            if match[3] is not None:
                raise invalid("Tags on function aliases and versions are not supported. Please specify a function ARN.")
            return self._resolve(resource, None).tags
        tags = self._tags_of(resource)
        if tags is None:
            raise ServiceError("ResourceNotFoundException", f"The resource you requested does not exist. {resource}", Type="User")
        return tags

    def tag_resource(self: LambdaBackend, Resource: str, Tags: dict[str, str]) -> dict[str, Any]:
        tags = self._tagged(Resource)
        if len({**tags, **Tags}) > 50:
            raise invalid("Number of tags exceeds resource tag limit.")
        tags.update(Tags)
        return {}

    def untag_resource(self: LambdaBackend, Resource: str, TagKeys: list[str]) -> dict[str, Any]:
        tags = self._tagged(Resource)
        for key in TagKeys:
            tags.pop(key, None)
        return {}

    def list_tags(self: LambdaBackend, Resource: str) -> dict[str, Any]:
        return {"Tags": dict(self._tagged(Resource))}

    def put_function_concurrency(self: LambdaBackend, FunctionName: str, ReservedConcurrentExecutions: int) -> dict[str, Any]:
        function = self._resolve(FunctionName, None)
        # What the other functions reserve counts too; this function's own reservation is replaced.
        unreserved = self._unreserved_concurrency() + reserved_concurrency(function)
        if unreserved - ReservedConcurrentExecutions < MIN_UNRESERVED:
            raise invalid(
                "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution "
                f"below its minimum value of [{MIN_UNRESERVED}]."
            )
        function.reserved_concurrency = ReservedConcurrentExecutions
        return {"ReservedConcurrentExecutions": ReservedConcurrentExecutions}

    def get_function_concurrency(self: LambdaBackend, FunctionName: str) -> dict[str, Any]:
        function = self._resolve(FunctionName, None)
        if function.reserved_concurrency is None:
            return {}
        return {"ReservedConcurrentExecutions": function.reserved_concurrency}

    def delete_function_concurrency(self: LambdaBackend, FunctionName: str) -> dict[str, Any]:
        self._resolve(FunctionName, None).reserved_concurrency = None
        return {}
