"""Standard profiles: create, update, delete, search; profile keys; merges."""

from __future__ import annotations

from typing import Any

from eventmock.core import clock, ids
from eventmock.services.customer_profiles import profiles, records
from eventmock.services.customer_profiles.base import DEFAULT_SEARCH_RESULTS, CustomerProfilesBase
from eventmock.services.customer_profiles.profiles import Profile


class ProfileOperations(CustomerProfilesBase):
    def create_profile(
        self,
        DomainName: str,
        AccountNumber: str | None = None,
        AdditionalInformation: str | None = None,
        PartyType: str | None = None,
        BusinessName: str | None = None,
        FirstName: str | None = None,
        MiddleName: str | None = None,
        LastName: str | None = None,
        BirthDate: str | None = None,
        Gender: str | None = None,
        PhoneNumber: str | None = None,
        MobilePhoneNumber: str | None = None,
        HomePhoneNumber: str | None = None,
        BusinessPhoneNumber: str | None = None,
        EmailAddress: str | None = None,
        PersonalEmailAddress: str | None = None,
        BusinessEmailAddress: str | None = None,
        Address: dict[str, str] | None = None,
        ShippingAddress: dict[str, str] | None = None,
        MailingAddress: dict[str, str] | None = None,
        BillingAddress: dict[str, str] | None = None,
        Attributes: dict[str, str] | None = None,
        PartyTypeString: str | None = None,
        GenderString: str | None = None,
        ProfileType: str | None = None,
        EngagementPreferences: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        given = {name: value for name, value in locals().items() if name in profiles.FIELDS}
        domain = self._domain(DomainName)
        now = clock.now()
        profile = Profile(ids.hex32(), now, profiles.new_fields(given))
        domain.profiles[profile.id] = profile
        self._history(domain, profile, "CREATED")
        self._stream(domain, profile.id, records.profile_record("CREATED", domain.name, profile, now))
        return {"ProfileId": profile.id}

    def update_profile(
        self,
        DomainName: str,
        ProfileId: str,
        AdditionalInformation: str | None = None,
        AccountNumber: str | None = None,
        PartyType: str | None = None,
        BusinessName: str | None = None,
        FirstName: str | None = None,
        MiddleName: str | None = None,
        LastName: str | None = None,
        BirthDate: str | None = None,
        Gender: str | None = None,
        PhoneNumber: str | None = None,
        MobilePhoneNumber: str | None = None,
        HomePhoneNumber: str | None = None,
        BusinessPhoneNumber: str | None = None,
        EmailAddress: str | None = None,
        PersonalEmailAddress: str | None = None,
        BusinessEmailAddress: str | None = None,
        Address: dict[str, str] | None = None,
        ShippingAddress: dict[str, str] | None = None,
        MailingAddress: dict[str, str] | None = None,
        BillingAddress: dict[str, str] | None = None,
        Attributes: dict[str, str] | None = None,
        PartyTypeString: str | None = None,
        GenderString: str | None = None,
        ProfileType: str | None = None,
        EngagementPreferences: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        given = {name: value for name, value in locals().items() if name in profiles.FIELDS}
        domain = self._domain(DomainName)
        profile = self._profile(domain, ProfileId)
        profile.fields = profiles.updated_fields(profile.fields, given)
        self._history(domain, profile, "UPDATED")
        self._stream(domain, profile.id, records.profile_record("UPDATED", domain.name, profile, clock.now()))
        return {"ProfileId": profile.id}

    def delete_profile(self, ProfileId: str, DomainName: str) -> dict[str, Any]:
        domain = self._domain(DomainName)
        self._history(domain, self._profile(domain, ProfileId), "DELETED_BY_CUSTOMER")
        del domain.profiles[ProfileId]  # Customer Profiles streams no record for it
        domain.objects = {k: o for k, o in domain.objects.items() if o.profile_id != ProfileId}  # its objects with it
        return {"Message": f"Profile {ProfileId} was deleted"}

    def search_profiles(
        self,
        DomainName: str,
        KeyName: str,
        Values: list[str],
        NextToken: str | None = None,
        MaxResults: int | None = None,
        AdditionalSearchKeys: list[dict[str, Any]] | None = None,
        LogicalOperator: str | None = None,
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        criteria = [(KeyName, list(Values))] + [(k["KeyName"], list(k["Values"])) for k in AdditionalSearchKeys or []]
        found = profiles.search(domain.profiles.values(), criteria, LogicalOperator or "OR")
        page, token = self._page(found, NextToken, self._page_size(MaxResults, DEFAULT_SEARCH_RESULTS))
        items = []
        for profile, found_by in page:
            item = profile.view()
            if AdditionalSearchKeys:
                item["FoundByItems"] = found_by
            items.append(item)
        return {"Items": items, "NextToken": token}

    # -- profile keys ---------------------------------------------------------------

    def add_profile_key(self, ProfileId: str, KeyName: str, Values: list[str], DomainName: str) -> dict[str, Any]:
        domain = self._domain(DomainName)
        profile = self._profile(domain, ProfileId)
        profile.add_keys(KeyName, Values)
        self._history(domain, profile, "ADDED_PROFILE_KEY")
        return {"KeyName": KeyName, "Values": list(Values)}

    def delete_profile_key(self, ProfileId: str, KeyName: str, Values: list[str], DomainName: str) -> dict[str, Any]:
        domain = self._domain(DomainName)
        profile = self._profile(domain, ProfileId)
        remaining = [v for v in profile.keys.get(KeyName, []) if v not in Values]
        if remaining:
            profile.keys[KeyName] = remaining
        else:
            profile.keys.pop(KeyName, None)
        self._history(domain, profile, "DELETED_PROFILE_KEY")
        return {"Message": f"Key {KeyName} was deleted from profile {ProfileId}"}

    # -- merges ---------------------------------------------------------------------

    def merge_profiles(
        self,
        DomainName: str,
        MainProfileId: str,
        ProfileIdsToBeMerged: list[str],
        FieldSourceProfileIds: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        main = self._profile(domain, MainProfileId)
        merged_ids = list(dict.fromkeys(ProfileIdsToBeMerged))
        if MainProfileId in merged_ids:
            raise self._bad_request(f"The main profile {MainProfileId} cannot also be a profile to be merged")
        others = [self._profile(domain, profile_id) for profile_id in merged_ids]
        sources = FieldSourceProfileIds or {}
        involved = {MainProfileId, *merged_ids}
        for source in profiles.source_ids(sources):
            if source not in involved:
                raise self._bad_request(
                    f"FieldSourceProfileIds names profile {source}, which is neither the main profile nor a profile to be merged"
                )
        by_id = {p.id: p for p in [main, *others]}
        main.fields = profiles.merged_fields(main, others, sources, by_id)
        for other in others:
            for name, values in other.all_keys().items():
                if name != "_profileId":
                    main.add_keys(name, values)
            del domain.profiles[other.id]
            self._history(domain, other, "DELETED_BY_MERGE")
            for obj in domain.objects.values():
                if obj.profile_id == other.id:
                    obj.profile_id = main.id
        self._history(domain, main, "MERGED")
        record = records.profile_record(
            "MERGED", domain.name, main, clock.now(), merge_id=ids.uuid4(), duplicates=others
        )
        self._stream(domain, main.id, record)
        return {"Message": "Profiles were merged"}
