"""Domain object types (stored and described, :mod:`.stored`), object type detection
from sample objects, and the values and statistics of an object type's attributes."""

from __future__ import annotations

import math
import statistics
from typing import Any

from eventmock.core import clock
from eventmock.services.customer_profiles import objects
from eventmock.services.customer_profiles.base import CustomerProfilesBase
from eventmock.services.customer_profiles.stored import DomainResources, Kind, Stored
from eventmock.services.customer_profiles.models import Domain
from eventmock.services.customer_profiles.objects import ObjectType, ProfileObject

DEFAULT_LIST = 100
DOMAIN_OBJECT_TYPES = Kind("domain-object-types", "Domain object type", "domain-object-types")


def _described(resource: Stored, *members: str) -> dict[str, Any]:
    """A domain object type as Get/Put answer it (``members``: a list item's)."""
    body = resource.members(*members) if members else dict(resource.members(*resource.body))
    return {"ObjectTypeName": resource.name, **body, "CreatedAt": resource.created, "LastUpdatedAt": resource.updated, "Tags": dict(resource.tags) or None}

#: Detection: a top-level member whose lowercased name contains the word maps to the
#: standard profile field, with that content type and profile key.
_DETECTED = (
    ("email", "EmailAddress", "EMAIL_ADDRESS", "_email"),
    ("phone", "PhoneNumber", "PHONE_NUMBER", "_phone"),
    ("firstname", "FirstName", "NAME", None),
    ("first_name", "FirstName", "NAME", None),
    ("lastname", "LastName", "NAME", None),
    ("last_name", "LastName", "NAME", None),
)


class AttributeOperations(DomainResources, CustomerProfilesBase):
    # -- domain object types --------------------------------------------------------------

    def put_domain_object_type(
        self,
        DomainName: str,
        ObjectTypeName: str,
        Fields: dict[str, Any],
        Description: str | None = None,
        EncryptionKey: str | None = None,
        Tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        self._domain(DomainName)
        self._check_tags(Tags or {})
        members = {"Description": Description, "EncryptionKey": EncryptionKey or None, "Fields": Fields}
        existing = self._resources(DomainName, DOMAIN_OBJECT_TYPES.key).get(ObjectTypeName)
        if existing is None:
            return _described(self._store(DomainName, DOMAIN_OBJECT_TYPES, ObjectTypeName, members, Tags))
        # a put replaces the members (CreatedAt kept) and adds the tags
        existing.body = {k: v for k, v in members.items() if v is not None}
        self._change(existing, {})
        existing.tags = {**existing.tags, **(Tags or {})}
        return _described(existing)

    def get_domain_object_type(self, DomainName: str, ObjectTypeName: str) -> dict[str, Any]:
        self._domain(DomainName)
        return _described(self._stored(DomainName, DOMAIN_OBJECT_TYPES, ObjectTypeName))

    def delete_domain_object_type(self, DomainName: str, ObjectTypeName: str) -> dict[str, Any]:
        self._domain(DomainName)
        self._drop(DomainName, DOMAIN_OBJECT_TYPES, ObjectTypeName)
        return {}

    def list_domain_object_types(
        self, DomainName: str, MaxResults: int | None = None, NextToken: str | None = None
    ) -> dict[str, Any]:
        self._domain(DomainName)
        page, token = self._listed(DomainName, DOMAIN_OBJECT_TYPES, NextToken, self._page_size(MaxResults, DEFAULT_LIST))
        return {"Items": [_described(r, "Description") for r in page], "NextToken": token}

    # -- detection ------------------------------------------------------------------------

    def detect_profile_object_type(self, Objects: list[str], DomainName: str) -> dict[str, Any]:
        self._domain(DomainName)
        fields: dict[str, dict[str, str]] = {}
        keys: dict[str, list[dict[str, list[str]]]] = {}
        for text in Objects:
            obj = objects.parse(text)
            if obj is None:
                raise self._bad_request("Objects must be JSON objects")
            for name, value in obj.items():
                if name in fields or isinstance(value, (dict, list)) or not name.replace("_", "").replace("-", "").isalnum():
                    continue
                fields[name], key = _detected_field(name, value)
                if key is not None and key not in keys:
                    keys[key] = [{"StandardIdentifiers": ["PROFILE"], "FieldNames": [name]}]
        if not fields:
            return {"DetectedProfileObjectTypes": []}
        return {"DetectedProfileObjectTypes": [{"Fields": fields, "Keys": keys or None}]}

    # -- attribute values and statistics ------------------------------------------------

    def _attribute_values(self, domain: Domain, object_type: ObjectType, attribute: str) -> list[tuple[Any, ProfileObject]]:
        spec = object_type.fields.get(attribute)
        if spec is None:
            raise self._not_found(f"Attribute {attribute} does not exist in object type {object_type.name}")
        found = []
        for obj in domain.objects.values():
            if obj.type_name == object_type.name:
                value = objects.source_value(objects.parse(obj.text) or {}, spec.get("Source", ""))
                if value is not None and not isinstance(value, (dict, list)):
                    found.append((value, obj))
        return found

    def list_object_type_attribute_values(
        self,
        DomainName: str,
        ObjectTypeName: str,
        AttributeName: str,
        NextToken: str | None = None,
        MaxResults: int | None = None,
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        object_type = self._object_type(domain, ObjectTypeName)
        latest: dict[str, Any] = {}
        for value, obj in self._attribute_values(domain, object_type, AttributeName):
            text = _text(value)
            latest.pop(text, None)  # the value moves to when it was last seen
            latest[text] = obj.updated or object_type.updated
        items = [{"Value": v, "LastUpdatedAt": when} for v, when in latest.items()]
        page, token = self._page(items, NextToken, self._page_size(MaxResults, DEFAULT_LIST))
        return {"Items": page, "NextToken": token}

    def get_object_type_attribute_statistics(self, DomainName: str, ObjectTypeName: str, AttributeName: str) -> dict[str, Any]:
        domain = self._domain(DomainName)
        object_type = self._object_type(domain, ObjectTypeName)
        values = self._attribute_values(domain, object_type, AttributeName)
        numbers = sorted(n for n in (_number(v) for v, _ in values) if n is not None)
        if not numbers:
            numbers = [0.0]
        stats = {
            "Maximum": numbers[-1],
            "Minimum": numbers[0],
            "Average": statistics.fmean(numbers),
            "StandardDeviation": statistics.pstdev(numbers),
            "Percentiles": {f"P{p}": _percentile(numbers, p) for p in (5, 25, 50, 75, 95)},
        }
        return {"Statistics": stats, "CalculatedAt": clock.now()}


def _detected_field(name: str, value: Any) -> tuple[dict[str, str], str | None]:
    lowered = name.lower()
    for word, target, content, key in _DETECTED:
        if word in lowered:
            return {"Source": f"_source.{name}", "Target": f"_profile.{target}", "ContentType": content}, key
    content = "NUMBER" if isinstance(value, (int, float)) and not isinstance(value, bool) else "STRING"
    return {"Source": f"_source.{name}", "Target": f"_profile.Attributes.{name}", "ContentType": content}, None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _percentile(ordered: list[float], p: int) -> float:
    """Linear interpolation between closest ranks."""
    position = (len(ordered) - 1) * p / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
