"""Domains: create, get (with statistics), update, list, delete."""

from __future__ import annotations

from typing import Any

from eventmock.core import clock
from eventmock.services.customer_profiles.base import DEFAULT_LIST_DOMAINS, CustomerProfilesBase
from eventmock.services.customer_profiles.models import Domain


class DomainOperations(CustomerProfilesBase):
    def create_domain(
        self,
        DomainName: str,
        DefaultExpirationDays: int,
        DefaultEncryptionKey: str | None = None,
        DeadLetterQueueUrl: str | None = None,
        Matching: dict[str, Any] | None = None,
        Tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        if DomainName in self.domains:
            raise self._bad_request(f"Domain {DomainName} already exists")
        self._check_tags(Tags or {})
        now = clock.now()
        domain = Domain(
            name=DomainName,
            arn=self._arn(f"domains/{DomainName}"),
            expiration_days=DefaultExpirationDays,
            created=now,
            updated=now,
            encryption_key=DefaultEncryptionKey or None,
            dead_letter_queue_url=DeadLetterQueueUrl or None,
            matching=Matching,
            tags=dict(Tags or {}),
        )
        self.domains[DomainName] = domain
        return domain.description()

    def get_domain(self, DomainName: str) -> dict[str, Any]:
        domain = self._domain(DomainName)
        count = len(domain.profiles)
        # Every profile counts once for metering; TotalSize is the objects' bytes.
        size = sum(len(o.text.encode()) for o in domain.objects.values())
        stats = {"ProfileCount": count, "MeteringProfileCount": count, "ObjectCount": len(domain.objects), "TotalSize": size}
        return {**domain.description(), "Stats": stats}

    def update_domain(
        self,
        DomainName: str,
        DefaultExpirationDays: int | None = None,
        DefaultEncryptionKey: str | None = None,
        DeadLetterQueueUrl: str | None = None,
        Matching: dict[str, Any] | None = None,
        Tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        tags = {**domain.tags, **(Tags or {})}
        self._check_tags(tags)
        if DefaultExpirationDays is not None:
            domain.expiration_days = DefaultExpirationDays
        if DefaultEncryptionKey is not None:  # "" clears it, as AWS documents
            domain.encryption_key = DefaultEncryptionKey or None
        if DeadLetterQueueUrl is not None:
            domain.dead_letter_queue_url = DeadLetterQueueUrl or None
        if Matching is not None:
            domain.matching = Matching
        domain.tags = tags
        domain.updated = clock.now()
        return domain.description()

    def list_domains(self, NextToken: str | None = None, MaxResults: int | None = None) -> dict[str, Any]:
        page, token = self._page(list(self.domains.values()), NextToken, self._page_size(MaxResults, DEFAULT_LIST_DOMAINS))
        items = [
            {"DomainName": d.name, "CreatedAt": d.created, "LastUpdatedAt": d.updated, "Tags": dict(d.tags) or None}
            for d in page
        ]
        return {"Items": items, "NextToken": token}

    def delete_domain(self, DomainName: str) -> dict[str, Any]:
        self._domain(DomainName)
        del self.domains[DomainName]  # its profiles and event streams with it
        return {"Message": f"Domain {DomainName} was deleted"}
