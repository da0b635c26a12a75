"""Profile object types and profile objects: how an object's fields map onto the
standard profile, and which keys find, create or identify what.

An object type's ``Fields`` name each field of an object: ``Source`` is where its
value is in the object (``_source.Id``, ``_source.address.city``), ``Target`` where it
goes (``_profile.FirstName``, ``_profile.Address.City``, ``_profile.Attributes.tier``,
or ``{ObjectTypeName}.x``, kept with the object only). Its ``Keys`` name the fields whose
values are keys, with AWS's standard identifiers (ObjectTypeKey):

``PROFILE``      the key ties an object to a profile and is added to the profile
``UNIQUE``       the key identifies the object (at most one per object type): an object
                 put again with the same value replaces the stored one
``SECONDARY``    searched for a profile after all other ``PROFILE`` keys
``LOOKUP_ONLY``  only matches a profile; not added to it
``NEW_ONLY``     added to the profile only when the object creates it; otherwise it
                 only matches
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from eventmock.services.customer_profiles.profiles import ADDRESS_FIELDS, FIELDS, Profile

#: Profile-matching identifiers (the rest only identify the object or tie it to
#: other standard objects: ASSET, CASE, ORDER, ...).
PROFILE = "PROFILE"
UNIQUE = "UNIQUE"
SECONDARY = "SECONDARY"
LOOKUP_ONLY = "LOOKUP_ONLY"
NEW_ONLY = "NEW_ONLY"


@dataclass
class ObjectType:
    name: str
    arn: str
    description: str
    created: dt.datetime
    updated: dt.datetime
    #: The settings as given (or taken from the template), boto3 names.
    settings: dict[str, Any] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def fields(self) -> dict[str, dict[str, str]]:
        fields: dict[str, dict[str, str]] = self.settings.get("Fields") or {}
        return fields

    @property
    def keys(self) -> dict[str, list[dict[str, list[str]]]]:
        keys: dict[str, list[dict[str, list[str]]]] = self.settings.get("Keys") or {}
        return keys

    def description_view(self) -> dict[str, Any]:
        return {
            "ObjectTypeName": self.name,
            "Description": self.description,
            **copy.deepcopy(self.settings),
            "CreatedAt": self.created,
            "LastUpdatedAt": self.updated,
            "Tags": dict(self.tags) or None,
        }

    def summary(self) -> dict[str, Any]:
        return {
            "ObjectTypeName": self.name,
            "Description": self.description,
            "CreatedAt": self.created,
            "LastUpdatedAt": self.updated,
            "MaxProfileObjectCount": self.settings.get("MaxProfileObjectCount"),
            "MaxAvailableProfileObjectCount": self.settings.get("MaxAvailableProfileObjectCount"),
            "SourcePriority": self.settings.get("SourcePriority"),
            "Tags": dict(self.tags) or None,
        }


@dataclass
class ProfileObject:
    unique_key: str
    type_name: str
    text: str
    profile_id: str | None
    #: Key name -> values, read from the object with its type's keys.
    keys: dict[str, list[str]] = field(default_factory=dict)
    #: When it was last put.
    updated: dt.datetime | None = None


def source_value(obj: Any, source: str) -> Any:
    """The value at ``_source.a.b`` in the object (``None`` where absent)."""
    parts = source.split(".")
    if parts[0] == "_source":
        parts = parts[1:]
    value = obj
    for part in parts:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def key_values(object_type: ObjectType, obj: Mapping[str, Any]) -> dict[str, tuple[list[str], str]]:
    """Each key of the type with the object's value for it: name -> ([value], the
    key's standard identifiers joined) -- a key whose fields are all absent has none.
    Several field names make one value, their values joined by ``_``."""
    out: dict[str, tuple[list[str], str]] = {}
    for name, definitions in object_type.keys.items():
        for definition in definitions:
            parts = []
            for field_name in definition.get("FieldNames") or []:
                spec = object_type.fields.get(field_name)
                value = _text(source_value(obj, spec.get("Source", ""))) if spec else None
                if value is not None and value != "":
                    parts.append(value)
            if parts:
                out[name] = (["_".join(parts)], ",".join(definition.get("StandardIdentifiers") or []))
    return out


def profile_fields(object_type: ObjectType, obj: Mapping[str, Any]) -> dict[str, Any]:
    """What the object sets on the standard profile, in ``update_profile``'s form
    (addresses and ``Attributes`` as dicts of members)."""
    given: dict[str, Any] = {}
    for spec in object_type.fields.values():
        target = spec.get("Target", "")
        if not target.startswith("_profile."):
            continue
        value = _text(source_value(obj, spec.get("Source", "")))
        if value is None:
            continue
        path = target.split(".")[1:]
        if len(path) == 1 and path[0] in FIELDS and path[0] not in (*ADDRESS_FIELDS, "Attributes", "EngagementPreferences"):
            given[path[0]] = value
        elif len(path) == 2 and path[0] in (*ADDRESS_FIELDS, "Attributes"):
            given.setdefault(path[0], {})[path[1]] = value
    return given


def matching_profile(profiles: Mapping[str, Profile], keys: Mapping[str, tuple[list[str], str]]) -> Profile | None:
    """The profile the object's profile keys find: ``PROFILE`` keys first (in the type's
    order), ``SECONDARY`` ones after."""
    ordered = sorted(
        (item for item in keys.items() if _ties_to_profile(item[1][1])), key=lambda item: SECONDARY in item[1][1].split(",")
    )
    for name, (values, _) in ordered:
        for profile in profiles.values():
            if set(values) & set(profile.all_keys().get(name, [])):
                return profile
    return None


def _ties_to_profile(identifiers: str) -> bool:
    ids = identifiers.split(",")
    return PROFILE in ids or LOOKUP_ONLY in ids or NEW_ONLY in ids or SECONDARY in ids


def kept_on_profile(identifiers: str, created: bool) -> bool:
    """Whether a matching key's values are added to the profile."""
    ids = identifiers.split(",")
    if LOOKUP_ONLY in ids:
        return False
    if NEW_ONLY in ids:
        return created
    return PROFILE in ids or SECONDARY in ids


def unique_key_name(object_type: ObjectType) -> str | None:
    for name, definitions in object_type.keys.items():
        if any(UNIQUE in (d.get("StandardIdentifiers") or []) for d in definitions):
            return name
    return None


def parse(text: str) -> dict[str, Any] | None:
    """The object a ``put_profile_object`` carries, or ``None`` if it is not a JSON object."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None
