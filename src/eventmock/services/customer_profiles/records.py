"""The records a Customer Profiles event stream writes to its Kinesis stream.

AWS documents the record ("Export your unified customer profile data", real-time
export Kinesis payload)::

    {"SchemaVersion": 0, "EventId": "...", "EventTimestamp": "2020-01-01T00:00:00Z",
     "EventType": "CREATED", "DomainName": "...", "ObjectTypeName": "...",
     "AssociatedProfileId": "...", "ProfileObjectUniqueKey": "...",
     "Object": {...}, "IsMessageRealTime": true}

For the standard profile, ``ObjectTypeName`` is ``_profile`` and ``Object`` is the
whole profile after the change, in the API's field names (``ProfileId``,
``FirstName``, ``Attributes``, addresses). ``AssociatedProfileId`` and
``ProfileObjectUniqueKey`` describe profile *objects* (the objects that belong to a
profile); for the profile itself they are ``null``, as in AWS's merge record. A merge
writes one ``MERGED`` record for the main profile, which adds ``MergeId`` and
``DuplicateProfiles`` (the merged profiles as they were before the merge), the layout
AWS's own Customer Profiles consumers read (aws-solutions, Unified Profiles for
Travelers and Guests). Customer Profiles writes no record for a deleted profile.

A profile object put with ``put_profile_object`` writes a record of its own:
``ObjectTypeName`` its type, ``AssociatedProfileId`` its profile, its
``ProfileObjectUniqueKey``, and ``Object`` the object as put.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from eventmock.core import clock, ids
from eventmock.services.customer_profiles.profiles import ADDRESS_FIELDS, FIELDS, Profile

SCHEMA_VERSION = 0
OBJECT_TYPE_NAME = "_profile"


def profile_object(profile: Profile) -> dict[str, Any]:
    """The profile as a record's ``Object`` carries it: its fields, with ``Attributes``
    and the four addresses always present (empty objects when unset), as in AWS's
    examples."""
    view = profile.view()
    out: dict[str, Any] = {"ProfileId": view.pop("ProfileId")}
    for name in FIELDS:
        if name in view:
            out[name] = view[name]
        elif name in ADDRESS_FIELDS or name == "Attributes":
            out[name] = {}
    return out


def profile_record(
    event_type: str,
    domain_name: str,
    profile: Profile,
    when: dt.datetime,
    *,
    merge_id: str | None = None,
    duplicates: list[Profile] | None = None,
) -> bytes:
    record: dict[str, Any] = {
        "SchemaVersion": SCHEMA_VERSION,
        "EventId": ids.uuid4(),
        "EventTimestamp": clock.iso8601_millis(when),
        "EventType": event_type,
        "DomainName": domain_name,
        "ObjectTypeName": OBJECT_TYPE_NAME,
        "AssociatedProfileId": None,
        "ProfileObjectUniqueKey": None,
        "Object": profile_object(profile),
    }
    if merge_id is not None:
        record["MergeId"] = merge_id
        record["DuplicateProfiles"] = [profile_object(p) for p in duplicates or []]
    record["IsMessageRealTime"] = True
    return json.dumps(record, separators=(",", ":")).encode()


def object_record(
    event_type: str, domain_name: str, type_name: str, profile_id: str | None, unique_key: str, obj: Any, when: dt.datetime
) -> bytes:
    """The record of a profile object put with ``put_profile_object``: the object as
    given, its type, the profile it is associated with and its unique key."""
    record: dict[str, Any] = {
        "SchemaVersion": SCHEMA_VERSION,
        "EventId": ids.uuid4(),
        "EventTimestamp": clock.iso8601_millis(when),
        "EventType": event_type,
        "DomainName": domain_name,
        "ObjectTypeName": type_name,
        "AssociatedProfileId": profile_id,
        "ProfileObjectUniqueKey": unique_key,
        "Object": obj,
        "IsMessageRealTime": True,
    }
    return json.dumps(record, separators=(",", ":")).encode()
