"""Standard profiles: their fields, partial updates, merges, and the keys that find them.

A profile holds the standard fields the caller set (boto3's names; addresses and
``Attributes`` as dicts), and the keys added to it with ``add_profile_key`` or moved
to it by a merge. The standard keys are read from its fields, as Customer Profiles
indexes the standard profile:

``_profileId``  ProfileId
``_account``    AccountNumber
``_phone``      PhoneNumber, MobilePhoneNumber, HomePhoneNumber, BusinessPhoneNumber
``_email``      EmailAddress, PersonalEmailAddress, BusinessEmailAddress
``_fullName``   FirstName, MiddleName and LastName, the ones set, joined by a space
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: String fields, in the order of the model's ``Profile`` shape.
STRING_FIELDS = (
    "AccountNumber",
    "AdditionalInformation",
    "PartyType",
    "BusinessName",
    "FirstName",
    "MiddleName",
    "LastName",
    "BirthDate",
    "Gender",
    "PhoneNumber",
    "MobilePhoneNumber",
    "HomePhoneNumber",
    "BusinessPhoneNumber",
    "EmailAddress",
    "PersonalEmailAddress",
    "BusinessEmailAddress",
)
ADDRESS_FIELDS = ("Address", "ShippingAddress", "MailingAddress", "BillingAddress")
#: Every field of a standard profile, in the order of the model's ``Profile`` shape.
FIELDS = (
    *STRING_FIELDS,
    *ADDRESS_FIELDS,
    "Attributes",
    "PartyTypeString",
    "GenderString",
    "ProfileType",
    "EngagementPreferences",
)

PHONE_FIELDS = ("PhoneNumber", "MobilePhoneNumber", "HomePhoneNumber", "BusinessPhoneNumber")
EMAIL_FIELDS = ("EmailAddress", "PersonalEmailAddress", "BusinessEmailAddress")
NAME_FIELDS = ("FirstName", "MiddleName", "LastName")


@dataclass
class Profile:
    id: str
    created: dt.datetime
    #: The fields set, by boto3 name (no empty strings, addresses or attributes).
    fields: dict[str, Any] = field(default_factory=dict)
    #: Keys added with ``add_profile_key`` or moved here by a merge: name -> values.
    keys: dict[str, list[str]] = field(default_factory=dict)

    def view(self) -> dict[str, Any]:
        """The profile as ``search_profiles`` returns it (fields in the model's order)."""
        out: dict[str, Any] = {"ProfileId": self.id}
        for name in FIELDS:
            if name in self.fields:
                out[name] = copy.deepcopy(self.fields[name])
        return out

    def standard_keys(self) -> dict[str, list[str]]:
        fields = self.fields
        keys: dict[str, list[str]] = {"_profileId": [self.id]}
        if "AccountNumber" in fields:
            keys["_account"] = [fields["AccountNumber"]]
        phones = [fields[f] for f in PHONE_FIELDS if f in fields]
        if phones:
            keys["_phone"] = phones
        emails = [fields[f] for f in EMAIL_FIELDS if f in fields]
        if emails:
            keys["_email"] = emails
        names = [fields[f] for f in NAME_FIELDS if f in fields]
        if names:
            keys["_fullName"] = [" ".join(names)]
        return keys

    def all_keys(self) -> dict[str, list[str]]:
        keys = self.standard_keys()
        for name, values in self.keys.items():
            keys[name] = _union(keys.get(name, []), values)
        return keys

    def add_keys(self, name: str, values: Iterable[str]) -> None:
        self.keys[name] = _union(self.keys.get(name, []), values)


def _union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def new_fields(given: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a new profile from ``create_profile``'s params (unset ones left out)."""
    fields: dict[str, Any] = {}
    for name in FIELDS:
        value = given.get(name)
        if value is None:
            continue
        if isinstance(value, dict):
            value = {k: v for k, v in value.items() if v is not None}
            if not value:
                continue
        fields[name] = copy.deepcopy(value)
    return fields


def updated_fields(current: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    """``current`` after ``update_profile``'s params, as AWS documents it: a field not
    given keeps its value, an empty string removes the value. Addresses and
    ``Attributes`` are updated member by member (an empty string removes that member;
    one left empty is removed); ``EngagementPreferences`` is replaced."""
    fields = copy.deepcopy(dict(current))
    for name in FIELDS:
        value = given.get(name)
        if value is None:
            continue
        if name in ADDRESS_FIELDS or name == "Attributes":
            merged = dict(fields.get(name) or {})
            for key, item in value.items():
                if item == "":
                    merged.pop(key, None)
                elif item is not None:
                    merged[key] = item
            value = merged
        if value == "" or value == {}:
            fields.pop(name, None)
        else:
            fields[name] = copy.deepcopy(value)
    return fields


def merged_fields(main: Profile, others: list[Profile], sources: Mapping[str, Any], by_id: Mapping[str, Profile]) -> dict[str, Any]:
    """The main profile's fields after a merge, as AWS documents ``merge_profiles``:
    fields are united; where profiles conflict the main profile's value is kept, unless
    ``FieldSourceProfileIds`` names the profile to take the field from, whose value is
    then taken even when it has none. A field the main profile lacks comes from the
    first profile in ``ProfileIdsToBeMerged`` that has it. ``Attributes`` are united key
    by key, and ``FieldSourceProfileIds.Attributes`` picks the source of single keys."""
    fields = copy.deepcopy(main.fields)
    for name in FIELDS:
        if name == "Attributes":
            continue
        source = sources.get(name)
        if source is not None:
            chosen = by_id[source].fields.get(name)
            if chosen is None:
                fields.pop(name, None)
            else:
                fields[name] = copy.deepcopy(chosen)
        elif name not in fields:
            for other in others:
                if name in other.fields:
                    fields[name] = copy.deepcopy(other.fields[name])
                    break
    attributes = dict(main.fields.get("Attributes") or {})
    for other in others:
        for key, value in (other.fields.get("Attributes") or {}).items():
            attributes.setdefault(key, value)
    for key, source in (sources.get("Attributes") or {}).items():
        chosen = (by_id[source].fields.get("Attributes") or {}).get(key)
        if chosen is None:
            attributes.pop(key, None)
        else:
            attributes[key] = chosen
    if attributes:
        fields["Attributes"] = attributes
    else:
        fields.pop("Attributes", None)
    return fields


def source_ids(sources: Mapping[str, Any]) -> list[str]:
    """Every profile id ``FieldSourceProfileIds`` names."""
    found = [v for k, v in sources.items() if k != "Attributes" and isinstance(v, str)]
    found += list((sources.get("Attributes") or {}).values())
    return found


def search(
    profiles: Iterable[Profile], criteria: list[tuple[str, list[str]]], operator: str
) -> list[tuple[Profile, list[dict[str, Any]]]]:
    """The profiles that ``criteria`` (key name, values) find, with the key-value pairs
    that found each: with ``OR`` a profile is found by any key (and the pairs are the
    ones that matched), with ``AND`` by every key (and the pairs are all of the
    request's)."""
    found = []
    for profile in profiles:
        keys = profile.all_keys()
        matched = []
        for name, values in criteria:
            have = keys.get(name, [])
            hits = [v for v in values if v in have]
            if hits:
                matched.append({"KeyName": name, "Values": hits})
        if operator == "AND":
            if len(matched) == len(criteria):
                found.append((profile, [{"KeyName": name, "Values": list(values)} for name, values in criteria]))
        elif matched:
            found.append((profile, matched))
    return found
