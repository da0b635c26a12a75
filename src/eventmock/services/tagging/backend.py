"""The Resource Groups Tagging API (``resourcegroupstaggingapi``), every operation.

It holds no state: ``GetResources``, ``GetTagKeys`` and ``GetTagValues`` read the tags
of every emulated service's resources in the caller's account and region
(:mod:`.owners`), and ``TagResources``/``UntagResources`` change them through each
owner's own tagging operation. With a mock underneath (moto), the reads also take
that mock's answer for the services eventmock does not own, and the writes hand it
the ARNs of those services, so the view is the union AWS would show and no service's
tags are split. The tag-policy operations need an organization's management account,
which eventmock has none of.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from eventmock.core import arns, intercept, pagination, registry, underneath
from eventmock.core.backend import Backend
from eventmock.core.errors import ServiceError
from eventmock.services.tagging.owners import OWNERS, Owner, Tags, resource_type

SERVICE = "resourcegroupstaggingapi"
#: ``ResourcesPerPage`` when none is given (AWS documents 1 to 100).
DEFAULT_RESOURCES_PER_PAGE = 100
#: Tag keys or values per page of ``GetTagKeys``/``GetTagValues`` (AWS documents none).
KEYS_PER_PAGE = 500
_NO_ORGANIZATION = (
    "This operation can be called only from the organization's management account, with "
    "tag policies enabled; this account is not in an organization."
)


def _owner(arn: arns.Arn) -> Owner | None:
    return OWNERS.get(arn.service)


def _owned(namespace: str) -> bool:
    """Whether eventmock answers the service an ARN's namespace names in this mock."""
    service = registry.ARN_NAMESPACES.get(namespace, namespace)
    return service in registry.SERVICES and intercept.emulates(service)


class TaggingBackend(Backend):
    service = SERVICE
    constraint_error = "InvalidParameterException"
    bad_input_error = "InvalidParameterException"

    # -- reads -------------------------------------------------------------------

    def get_resources(
        self,
        PaginationToken: str | None = None,
        TagFilters: list[dict[str, Any]] | None = None,
        ResourcesPerPage: int | None = None,
        TagsPerPage: int | None = None,
        ResourceTypeFilters: list[str] | None = None,
        IncludeComplianceDetails: bool | None = None,
        ExcludeCompliantResources: bool | None = None,
        ResourceARNList: list[str] | None = None,
    ) -> dict[str, Any]:
        limit = DEFAULT_RESOURCES_PER_PAGE if ResourcesPerPage is None else ResourcesPerPage
        if not 1 <= limit <= 100:
            raise ServiceError("InvalidParameterException", "ResourcesPerPage must be between 1 and 100.")
        if TagsPerPage is not None and not 100 <= TagsPerPage <= 500:
            raise ServiceError("InvalidParameterException", "TagsPerPage must be between 100 and 500.")
        matching = self._resources(TagFilters, ResourceTypeFilters, ResourceARNList)
        if ExcludeCompliantResources:  # no tag policies: every resource is compliant
            matching = []
        page, token = self._page(matching, PaginationToken, limit)
        mappings = []
        for arn, tags in page:
            mapping: dict[str, Any] = {"ResourceARN": arn, "Tags": [{"Key": k, "Value": v} for k, v in sorted(tags.items())]}
            if IncludeComplianceDetails:
                mapping["ComplianceDetails"] = {"ComplianceStatus": True}
            mappings.append(mapping)
        return {"PaginationToken": token or "", "ResourceTagMappingList": mappings}

    def get_tag_keys(self, PaginationToken: str | None = None) -> dict[str, Any]:
        keys = sorted({key for _, tags in self._resources(None, None, None) for key in tags})
        page, token = self._page(keys, PaginationToken, KEYS_PER_PAGE)
        return {"PaginationToken": token or "", "TagKeys": page}

    def get_tag_values(self, Key: str, PaginationToken: str | None = None) -> dict[str, Any]:
        values = sorted({tags[Key] for _, tags in self._resources([{"Key": Key}], None, None)})
        page, token = self._page(values, PaginationToken, KEYS_PER_PAGE)
        return {"PaginationToken": token or "", "TagValues": page}

    # -- writes ------------------------------------------------------------------

    def tag_resources(self, ResourceARNList: list[str], Tags: dict[str, str]) -> dict[str, Any]:
        return {"FailedResourcesMap": self._change(ResourceARNList, lambda owner, client, arn: owner.tag(client, arn, Tags), "tag_resources", Tags=Tags)}

    def untag_resources(self, ResourceARNList: list[str], TagKeys: list[str]) -> dict[str, Any]:
        return {"FailedResourcesMap": self._change(ResourceARNList, lambda owner, client, arn: owner.untag(client, arn, TagKeys), "untag_resources", TagKeys=TagKeys)}

    # -- tag policies: an organization's ---------------------------------------------

    def get_compliance_summary(self, **_: Any) -> dict[str, Any]:
        raise ServiceError("ConstraintViolationException", _NO_ORGANIZATION)

    def start_report_creation(self, S3Bucket: str) -> dict[str, Any]:
        raise ServiceError("ConstraintViolationException", _NO_ORGANIZATION)

    def describe_report_creation(self) -> dict[str, Any]:
        raise ServiceError("ConstraintViolationException", _NO_ORGANIZATION)

    def list_required_tags(self, NextToken: str | None = None, MaxResults: int | None = None) -> dict[str, Any]:
        self._page([], NextToken, 1)  # a token eventmock did not issue is refused
        return {"RequiredTags": []}

    # -- helpers ---------------------------------------------------------------------

    def _page(self, items: list[Any], token: str | None, limit: int) -> tuple[list[Any], str | None]:
        try:
            return pagination.page(items, token or None, limit)
        except pagination.InvalidToken:
            raise ServiceError("InvalidParameterException", "The specified pagination token is not valid.") from None

    def _resources(
        self, tag_filters: list[dict[str, Any]] | None, type_filters: list[str] | None, arn_list: list[str] | None
    ) -> list[tuple[str, Tags]]:
        """Every tagged resource in the account and region that the filters let through:
        eventmock's services' in each service's listing order, then the mock
        underneath's (which filters its own, in its order) for the services eventmock
        does not own."""
        wanted = set(arn_list) if arn_list else None
        found: dict[str, Tags] = {}
        for owner in OWNERS.values():
            if intercept.emulates(owner.service):
                client = self.store.client(owner.service, self.account_id, self.region)
                found.update(
                    (arn, tags)
                    for arn, tags in owner.listing(client, self.account_id)
                    if tags and (wanted is None or arn in wanted) and _has_tags(tags, tag_filters) and _has_type(arn, type_filters)
                )
        below = self._below()
        if below is not None:
            params: dict[str, Any] = {}
            if tag_filters:
                params["TagFilters"] = tag_filters
            if type_filters:
                params["ResourceTypeFilters"] = type_filters
            if arn_list:
                params["ResourceARNList"] = arn_list
            for page in below.get_paginator("get_resources").paginate(**params):
                for mapping in page.get("ResourceTagMappingList") or ():
                    parsed = arns.parse(mapping["ResourceARN"])
                    if parsed is not None and not _owned(parsed.service):
                        found[mapping["ResourceARN"]] = {t["Key"]: t.get("Value", "") for t in mapping.get("Tags") or ()}
        return list(found.items())

    def _below(self) -> Any:
        """A client of the mock underneath that answers the Tagging API, if one is active."""
        if underneath.answering(SERVICE, "GetResources") is None:
            return None
        return self.store.client(SERVICE, self.account_id, self.region, underneath=True)

    def _change(self, resources: list[str], change: Any, operation: str, **params: Any) -> dict[str, Any]:
        failed: dict[str, Any] = {}
        handed: list[str] = []
        for arn in resources:
            parsed = arns.parse(arn)
            if parsed is None:
                failed[arn] = _failure(400, f"{arn} is not a valid ARN.")
                continue
            if not _owned(parsed.service):
                handed.append(arn)
                continue
            owner = _owner(parsed)
            if owner is None:  # a service eventmock emulates whose resources carry no tags here
                failed[arn] = _failure(400, f"eventmock cannot tag {arn}: {parsed.service} resources are not taggable through this API.")
            else:
                client = self.store.client(owner.service, parsed.account or self.account_id, parsed.region or self.region)
                try:
                    change(owner, client, arn)
                except ClientError as error:
                    failed[arn] = _failure(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400), error.response["Error"].get("Message", ""))
                except (BotoCoreError, ValueError) as error:
                    # what the owner's own operation cannot even carry (a tag key with a
                    # lone surrogate in a query string, a key botocore's model refuses)
                    failed[arn] = _failure(400, f"The tags cannot be applied to {arn}: {error}")
        below = self._below() if handed else None
        if below is not None:
            for start in range(0, len(handed), 20):
                answer = getattr(below, operation)(ResourceARNList=handed[start : start + 20], **params)
                failed.update(answer.get("FailedResourcesMap") or {})
        else:
            for arn in handed:
                failed[arn] = _failure(404, f"The resource {arn} does not exist: eventmock does not emulate its service, and no mock underneath answers it.")
        return failed


def _failure(status: int, message: str) -> dict[str, Any]:
    return {"StatusCode": status, "ErrorCode": "InvalidParameterException" if status < 500 else "InternalServiceException", "ErrorMessage": message}


def _has_tags(tags: Tags, filters: Iterable[dict[str, Any]] | None) -> bool:
    """Every filter holds: the key is there, with one of the values if it names any."""
    for tag_filter in filters or ():
        key = tag_filter.get("Key")
        if key is not None and key not in tags:
            return False
        values = tag_filter.get("Values")
        if key is not None and values and tags[key] not in values:
            return False
    return True


def _has_type(arn: str, filters: list[str] | None) -> bool:
    if not filters:
        return True
    parsed = arns.parse(arn)
    if parsed is None:
        return False
    kind = resource_type(parsed, _owner(parsed))
    kind = kind.replace("-", "")
    return any(f == parsed.service or f.replace("-", "") == kind for f in filters)
