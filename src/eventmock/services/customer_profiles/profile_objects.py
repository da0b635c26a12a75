"""Profile objects: ingestion into profiles (see :mod:`.objects` for the mapping rules),
listing and deletion; batch reads of profiles and the values of a profile attribute."""

from __future__ import annotations

import copy
from typing import Any

from eventmock.core import clock, ids
from eventmock.services.customer_profiles import objects, profiles, records, templates
from eventmock.services.customer_profiles.base import CustomerProfilesBase
from eventmock.core.errors import ServiceError
from eventmock.services.customer_profiles.models import Domain, HistoryRecord
from eventmock.services.customer_profiles.objects import ObjectType, ProfileObject
from eventmock.services.customer_profiles.profiles import Profile

DEFAULT_LIST_OBJECTS = 100


class ProfileObjectOperations(CustomerProfilesBase):
    def put_profile_object(self, ObjectTypeName: str, Object: str, DomainName: str) -> dict[str, Any]:
        domain = self._domain(DomainName)
        object_type = self._ingesting_type(domain, ObjectTypeName)
        obj = objects.parse(Object)
        if obj is None:
            raise self._bad_request("Object must be a JSON object")
        keys = objects.key_values(object_type, obj)
        existing = self._same_object(domain, object_type, keys)
        profile = objects.matching_profile(domain.profiles, keys)
        if profile is None and existing is not None and existing.profile_id is not None:
            profile = domain.profiles.get(existing.profile_id)
        given = objects.profile_fields(object_type, obj)
        now = clock.now()
        created = profile is None and bool(object_type.settings.get("AllowProfileCreation"))
        changed = False
        if created:
            profile = Profile(ids.hex32(), now, profiles.new_fields(given))
            domain.profiles[profile.id] = profile
        elif profile is not None and given:
            fields = profiles.updated_fields(profile.fields, given)
            changed = fields != profile.fields
            profile.fields = fields
        if profile is not None:
            for name, (values, identifiers) in keys.items():
                if objects.kept_on_profile(identifiers, created):
                    profile.add_keys(name, values)
            if created or changed:
                self._history(domain, profile, "CREATED" if created else "UPDATED")
                event = "CREATED" if created else "UPDATED"
                self._stream(domain, profile.id, records.profile_record(event, domain.name, profile, now))
        unique_key = existing.unique_key if existing is not None else ids.uuid4()
        stored = ProfileObject(
            unique_key=unique_key,
            type_name=object_type.name,
            text=Object,
            profile_id=profile.id if profile is not None else None,
            keys={name: values for name, (values, _) in keys.items()},
            updated=now,
        )
        domain.objects.pop(unique_key, None)  # a replaced object moves to the end
        domain.objects[unique_key] = stored
        self._enforce_max_count(domain, object_type, stored.profile_id)
        if profile is not None:
            self._history(domain, profile, "INGESTED", object_type.name, unique_key, Object)
        event = "UPDATED" if existing is not None else "CREATED"
        record = records.object_record(event, domain.name, object_type.name, stored.profile_id, unique_key, obj, now)
        self._stream(domain, stored.profile_id or unique_key, record)
        return {"ProfileObjectUniqueKey": unique_key}

    def _ingesting_type(self, domain: Domain, name: str) -> ObjectType:
        """The object type, or the template of that id: AWS documents that an object
        whose ``ObjectTypeName`` matches a template's id uses the template's mappings."""
        template = templates.TEMPLATES.get(name)
        if name in domain.object_types or template is None:
            return self._object_type(domain, name)
        now = clock.now()
        settings = {k: copy.deepcopy(template[k]) for k in ("AllowProfileCreation", "Fields", "Keys")}
        return ObjectType(name, self._arn(f"domains/{domain.name}/object-types/{name}"), name, now, now, settings)

    @staticmethod
    def _same_object(domain: Domain, object_type: ObjectType, keys: dict[str, tuple[list[str], str]]) -> ProfileObject | None:
        """The stored object of this type with the same ``UNIQUE`` key value, if any."""
        name = objects.unique_key_name(object_type)
        if name is None or name not in keys:
            return None
        for stored in domain.objects.values():
            if stored.type_name == object_type.name and stored.keys.get(name) == keys[name][0]:
                return stored
        return None

    @staticmethod
    def _enforce_max_count(domain: Domain, object_type: ObjectType, profile_id: str | None) -> None:
        """Drop a profile's oldest objects of the type past ``MaxProfileObjectCount``."""
        limit = object_type.settings.get("MaxProfileObjectCount")
        if limit is None or profile_id is None:
            return
        mine = [k for k, o in domain.objects.items() if o.type_name == object_type.name and o.profile_id == profile_id]
        for key in mine[: max(0, len(mine) - limit)]:
            del domain.objects[key]

    def list_profile_objects(
        self,
        DomainName: str,
        ObjectTypeName: str,
        ProfileId: str,
        NextToken: str | None = None,
        MaxResults: int | None = None,
        ObjectFilter: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        self._ingesting_type(domain, ObjectTypeName)
        self._profile(domain, ProfileId)
        found = [o for o in domain.objects.values() if o.type_name == ObjectTypeName and o.profile_id == ProfileId]
        if ObjectFilter is not None:
            wanted = set(ObjectFilter["Values"])
            found = [o for o in found if wanted & set(o.keys.get(ObjectFilter["KeyName"], []))]
        page, token = self._page(found, NextToken, self._page_size(MaxResults, DEFAULT_LIST_OBJECTS))
        items = [{"ObjectTypeName": o.type_name, "ProfileObjectUniqueKey": o.unique_key, "Object": o.text} for o in page]
        return {"Items": items, "NextToken": token}

    def delete_profile_object(
        self, ProfileId: str, ProfileObjectUniqueKey: str, ObjectTypeName: str, DomainName: str
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        self._ingesting_type(domain, ObjectTypeName)
        self._profile(domain, ProfileId)
        stored = domain.objects.get(ProfileObjectUniqueKey)
        if stored is None or stored.type_name != ObjectTypeName or stored.profile_id != ProfileId:
            raise self._not_found(f"Profile object {ProfileObjectUniqueKey} does not exist")
        del domain.objects[ProfileObjectUniqueKey]
        return {"Message": f"Profile object {ProfileObjectUniqueKey} was deleted"}

    def batch_get_profile(self, DomainName: str, ProfileIds: list[str]) -> dict[str, Any]:
        domain = self._domain(DomainName)
        found, errors = [], []
        for profile_id in ProfileIds:
            profile = domain.profiles.get(profile_id)
            if profile is None:
                errors.append(
                    {
                        "Code": "ResourceNotFoundException",
                        "Message": f"Profile {profile_id} does not exist in domain {domain.name}",
                        "ProfileId": profile_id,
                    }
                )
            else:
                found.append(profile.view())
        return {"Errors": errors, "Profiles": found}

    def list_profile_attribute_values(self, DomainName: str, AttributeName: str) -> dict[str, Any]:
        """The distinct values of one attribute across the domain's profiles: a field
        (``FirstName``), an address member (``Address.City``) or an attribute
        (``Attributes.tier``)."""
        domain = self._domain(DomainName)
        path = AttributeName.split(".")
        values: dict[str, None] = {}
        for profile in domain.profiles.values():
            value: Any = profile.fields
            for part in path:
                value = value.get(part) if isinstance(value, dict) else None
            if isinstance(value, str):
                values[value] = None
        return {
            "DomainName": domain.name,
            "AttributeName": AttributeName,
            "Items": [{"Value": v} for v in values],
            "StatusCode": 200,
        }

    def batch_put_profile_object(self, DomainName: str, ObjectTypeName: str, Items: list[dict[str, str]]) -> dict[str, Any]:
        domain = self._domain(DomainName)
        self._ingesting_type(domain, ObjectTypeName)
        successful, failed = [], []
        for item in Items:
            try:
                answer = self.put_profile_object(ObjectTypeName, item["Object"], DomainName)
            except ServiceError as error:
                status = error.status or (404 if error.code == "ResourceNotFoundException" else 400)
                failed.append({"Id": item["Id"], "Code": status, "Message": error.message})
            else:
                successful.append({"Id": item["Id"], "ProfileObjectUniqueKey": answer["ProfileObjectUniqueKey"]})
        return {"Successful": successful, "Failed": failed}

    # -- profile history ------------------------------------------------------------------

    def _history_of(self, domain: Domain, profile_id: str) -> list[HistoryRecord]:
        if profile_id not in domain.history and profile_id not in domain.profiles:
            raise self._not_found(f"Profile {profile_id} does not exist in domain {domain.name}")
        return list(domain.history.get(profile_id, []))

    def get_profile_history_record(self, DomainName: str, ProfileId: str, Id: str) -> dict[str, Any]:
        domain = self._domain(DomainName)
        for entry in self._history_of(domain, ProfileId):
            if entry.id == Id:
                return {**entry.item(), "Content": entry.content}
        raise self._not_found(f"Profile history record {Id} does not exist for profile {ProfileId}")

    def list_profile_history_records(
        self,
        DomainName: str,
        ProfileId: str,
        ObjectTypeName: str | None = None,
        NextToken: str | None = None,
        MaxResults: int | None = None,
        ActionType: str | None = None,
        PerformedBy: str | None = None,
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        found = [
            e
            for e in reversed(self._history_of(domain, ProfileId))
            if (ObjectTypeName is None or e.object_type_name == ObjectTypeName)
            and (ActionType is None or e.action == ActionType)
            and (PerformedBy is None or e.performed_by == PerformedBy)
        ]
        page, token = self._page(found, NextToken, self._page_size(MaxResults, DEFAULT_LIST_OBJECTS))
        return {"ProfileHistoryRecords": [e.item() for e in page], "NextToken": token}
