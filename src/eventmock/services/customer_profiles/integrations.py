"""Integrations (a source ``Uri`` feeding object types of a domain) and identity
resolution, where eventmock runs no matching: no matches, no jobs, empty previews."""

from __future__ import annotations

from typing import Any

from eventmock.core import arns, clock
from eventmock.services.customer_profiles.base import CustomerProfilesBase
from eventmock.services.customer_profiles.models import Domain, Integration

DEFAULT_LIST = 100


class IntegrationOperations(CustomerProfilesBase):
    def _integration(self, domain: Domain, uri: str) -> Integration:
        found = domain.integrations.get(uri)
        if found is None:
            raise self._not_found(f"Integration {uri} does not exist in domain {domain.name}")
        return found

    def put_integration(
        self,
        DomainName: str,
        Uri: str | None = None,
        ObjectTypeName: str | None = None,
        ObjectTypeNames: dict[str, str] | None = None,
        Tags: dict[str, str] | None = None,
        FlowDefinition: dict[str, Any] | None = None,
        RoleArn: str | None = None,
        EventTriggerNames: list[str] | None = None,
        Scope: str | None = None,
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        if Uri is None and FlowDefinition is None:
            raise self._bad_request("Either Uri or FlowDefinition must be provided")
        if ObjectTypeName is None and not ObjectTypeNames:
            raise self._bad_request("Either ObjectTypeName or ObjectTypeNames must be provided")
        for name in [ObjectTypeName, *(ObjectTypeNames or {}).values()]:
            if name is not None:
                self._object_type(domain, name)
        self._check_tags(Tags or {})
        uri = Uri if Uri is not None else self._flow_arn(FlowDefinition or {})
        settings: dict[str, Any] = {
            "ObjectTypeName": ObjectTypeName,
            "ObjectTypeNames": dict(ObjectTypeNames) if ObjectTypeNames else None,
            "IsUnstructured": False,
            "RoleArn": RoleArn,
            "EventTriggerNames": list(EventTriggerNames) if EventTriggerNames else None,
            "Scope": Scope,
        }
        settings = {k: v for k, v in settings.items() if v is not None}
        now = clock.now()
        existing = domain.integrations.get(uri)
        if existing is None:
            integration = Integration(uri, domain.name, now, now, settings, dict(Tags or {}))
            domain.integrations[uri] = integration
        else:
            integration = existing
            integration.settings = settings
            integration.updated = now
            integration.tags = {**integration.tags, **(Tags or {})}
        return integration.view()

    def _flow_arn(self, flow: dict[str, Any]) -> str:
        return f"arn:{arns.partition_of(self.region)}:appflow:{self.region}:{self.account_id}:flow/{flow['FlowName']}"

    def get_integration(self, DomainName: str, Uri: str) -> dict[str, Any]:
        return self._integration(self._domain(DomainName), Uri).view()

    def delete_integration(self, DomainName: str, Uri: str) -> dict[str, Any]:
        domain = self._domain(DomainName)
        self._integration(domain, Uri)
        del domain.integrations[Uri]
        return {"Message": f"Integration {Uri} was deleted"}

    def list_integrations(
        self, DomainName: str, NextToken: str | None = None, MaxResults: int | None = None, IncludeHidden: bool | None = None
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        items = [i.view() for i in domain.integrations.values()]
        page, token = self._page(items, NextToken, self._page_size(MaxResults, DEFAULT_LIST))
        return {"Items": page, "NextToken": token}

    def list_account_integrations(
        self, Uri: str, NextToken: str | None = None, MaxResults: int | None = None, IncludeHidden: bool | None = None
    ) -> dict[str, Any]:
        items = [d.integrations[Uri].view() for d in self.domains.values() if Uri in d.integrations]
        page, token = self._page(items, NextToken, self._page_size(MaxResults, DEFAULT_LIST))
        return {"Items": page, "NextToken": token}

    # -- identity resolution: eventmock runs no matching ------------------------------

    def get_matches(self, DomainName: str, NextToken: str | None = None, MaxResults: int | None = None) -> dict[str, Any]:
        self._domain(DomainName)
        self._page([], NextToken, self._page_size(MaxResults, DEFAULT_LIST))
        return {"Matches": [], "PotentialMatches": 0}

    def list_rule_based_matches(
        self, DomainName: str, NextToken: str | None = None, MaxResults: int | None = None
    ) -> dict[str, Any]:
        self._domain(DomainName)
        self._page([], NextToken, self._page_size(MaxResults, DEFAULT_LIST))
        return {"MatchIds": []}

    def get_identity_resolution_job(self, DomainName: str, JobId: str) -> dict[str, Any]:
        self._domain(DomainName)
        raise self._not_found(f"Identity resolution job {JobId} does not exist in domain {DomainName}")

    def list_identity_resolution_jobs(
        self, DomainName: str, NextToken: str | None = None, MaxResults: int | None = None
    ) -> dict[str, Any]:
        self._domain(DomainName)
        self._page([], NextToken, self._page_size(MaxResults, DEFAULT_LIST))
        return {"IdentityResolutionJobsList": []}

    def get_auto_merging_preview(
        self,
        DomainName: str,
        Consolidation: dict[str, Any],
        ConflictResolution: dict[str, Any],
        MinAllowedConfidenceScoreForMerging: float | None = None,
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        return {
            "DomainName": domain.name,
            "NumberOfMatchesInSample": 0,
            "NumberOfProfilesInSample": len(domain.profiles),
            "NumberOfProfilesWillBeMerged": 0,
        }

    def get_similar_profiles(
        self,
        DomainName: str,
        MatchType: str,
        SearchKey: str,
        SearchValue: str,
        NextToken: str | None = None,
        MaxResults: int | None = None,
    ) -> dict[str, Any]:
        self._domain(DomainName)
        self._page([], NextToken, self._page_size(MaxResults, DEFAULT_LIST))
        return {"ProfileIds": [], "MatchType": MatchType}
