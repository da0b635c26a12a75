"""Profile object types (with AWS's templates) and the attributes of their objects."""

from __future__ import annotations

import copy
from typing import Any

from eventmock.core import clock
from eventmock.services.customer_profiles import objects, templates
from eventmock.services.customer_profiles.base import CustomerProfilesBase
from eventmock.services.customer_profiles.objects import ObjectType

DEFAULT_LIST = 100
#: The settings a template provides when the request leaves them out.
_FROM_TEMPLATE = ("AllowProfileCreation", "SourceLastUpdatedTimestampFormat", "Fields", "Keys")


class ObjectTypeOperations(CustomerProfilesBase):
    def put_profile_object_type(
        self,
        DomainName: str,
        ObjectTypeName: str,
        Description: str,
        TemplateId: str | None = None,
        ExpirationDays: int | None = None,
        EncryptionKey: str | None = None,
        AllowProfileCreation: bool | None = None,
        SourceLastUpdatedTimestampFormat: str | None = None,
        MaxProfileObjectCount: int | None = None,
        SourcePriority: int | None = None,
        Fields: dict[str, dict[str, str]] | None = None,
        Keys: dict[str, list[dict[str, list[str]]]] | None = None,
        Tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        given: dict[str, Any] = {
            "TemplateId": TemplateId,
            "ExpirationDays": ExpirationDays,
            "EncryptionKey": EncryptionKey or None,
            "AllowProfileCreation": AllowProfileCreation,
            "SourceLastUpdatedTimestampFormat": SourceLastUpdatedTimestampFormat,
            "MaxProfileObjectCount": MaxProfileObjectCount,
            "MaxAvailableProfileObjectCount": MaxProfileObjectCount,
            "SourcePriority": SourcePriority,
            "Fields": copy.deepcopy(Fields) if Fields else None,
            "Keys": copy.deepcopy(Keys) if Keys else None,
        }
        if TemplateId is not None:
            template = templates.TEMPLATES.get(TemplateId)
            if template is None:
                raise self._not_found(f"Template {TemplateId} does not exist")
            for name in _FROM_TEMPLATE:
                if given[name] is None:
                    given[name] = copy.deepcopy(template[name])
        if given["AllowProfileCreation"] is None:
            given["AllowProfileCreation"] = False
        self._check_keys(given["Keys"] or {}, given["Fields"] or {})
        self._check_tags(Tags or {})
        now = clock.now()
        settings = {name: value for name, value in given.items() if value is not None}
        existing = domain.object_types.get(ObjectTypeName)
        if existing is None:
            object_type = ObjectType(
                name=ObjectTypeName,
                arn=self._arn(f"domains/{DomainName}/object-types/{ObjectTypeName}"),
                description=Description,
                created=now,
                updated=now,
                settings=settings,
                tags=dict(Tags or {}),
            )
            domain.object_types[ObjectTypeName] = object_type
        else:
            object_type = existing
            object_type.description = Description
            object_type.settings = settings
            object_type.updated = now
            object_type.tags = {**object_type.tags, **(Tags or {})}
        return object_type.description_view()

    def _check_keys(self, keys: dict[str, list[dict[str, list[str]]]], fields: dict[str, dict[str, str]]) -> None:
        unique = [name for name, defs in keys.items() for d in defs if objects.UNIQUE in (d.get("StandardIdentifiers") or [])]
        if len(unique) > 1:
            raise self._bad_request(f"An object type can have only 1 UNIQUE key, found {len(unique)}: {', '.join(unique)}")
        for name, defs in keys.items():
            for d in defs:
                for field_name in d.get("FieldNames") or []:
                    if field_name not in fields:
                        raise self._bad_request(f"Key {name} refers to field {field_name}, which is not in Fields")
        for field_name, spec in fields.items():
            source = spec.get("Source")
            if source is not None and not source.startswith("_source."):
                raise self._bad_request(f"Field {field_name}: Source must start with _source., got {source}")

    def get_profile_object_type(self, DomainName: str, ObjectTypeName: str) -> dict[str, Any]:
        return self._object_type(self._domain(DomainName), ObjectTypeName).description_view()

    def delete_profile_object_type(self, DomainName: str, ObjectTypeName: str) -> dict[str, Any]:
        domain = self._domain(DomainName)
        self._object_type(domain, ObjectTypeName)
        del domain.object_types[ObjectTypeName]
        domain.objects = {key: obj for key, obj in domain.objects.items() if obj.type_name != ObjectTypeName}
        return {"Message": f"Object type {ObjectTypeName} was deleted"}

    def list_profile_object_types(
        self, DomainName: str, NextToken: str | None = None, MaxResults: int | None = None
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        page, token = self._page(list(domain.object_types.values()), NextToken, self._page_size(MaxResults, DEFAULT_LIST))
        return {"Items": [t.summary() for t in page], "NextToken": token}

    def get_profile_object_type_template(self, TemplateId: str) -> dict[str, Any]:
        template = templates.TEMPLATES.get(TemplateId)
        if template is None:
            raise self._not_found(f"Template {TemplateId} does not exist")
        return {"TemplateId": TemplateId, **copy.deepcopy(template)}

    def list_profile_object_type_templates(self, NextToken: str | None = None, MaxResults: int | None = None) -> dict[str, Any]:
        items = [
            {"TemplateId": tid, "SourceName": t["SourceName"], "SourceObject": t["SourceObject"]}
            for tid, t in templates.TEMPLATES.items()
        ]
        page, token = self._page(items, NextToken, self._page_size(MaxResults, DEFAULT_LIST))
        return {"Items": page, "NextToken": token}

    def list_object_type_attributes(
        self, DomainName: str, ObjectTypeName: str, NextToken: str | None = None, MaxResults: int | None = None
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        object_type = self._object_type(domain, ObjectTypeName)
        items = [{"AttributeName": name, "LastUpdatedAt": object_type.updated} for name in object_type.fields]
        page, token = self._page(items, NextToken, self._page_size(MaxResults, DEFAULT_LIST))
        return {"Items": page, "NextToken": token}
