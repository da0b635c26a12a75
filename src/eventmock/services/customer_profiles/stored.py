"""Resources whose only observable behaviour is to be stored and described: put (or
create), get, list and delete, with AWS's not-found error, by a table of families.

A family names its resource in messages (``label``), keeps its resources per domain
(``Domain.stored[family.key]``, by name, in the order they were first stored) and says
which members its list items carry (``summary``). The request's members are stored as
given (boto3 names) and answered back with ``CreatedAt``/``LastUpdatedAt`` and ``Tags``.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from eventmock.core import clock


@dataclass(frozen=True)
class Family:
    key: str
    #: How messages name one: "Domain object type".
    label: str
    #: The member that names a resource: "ObjectTypeName".
    name_member: str
    #: The members of a list item besides the name, times and tags.
    summary: tuple[str, ...] = ()


@dataclass
class StoredResource:
    name: str
    arn: str
    created: dt.datetime
    updated: dt.datetime
    members: dict[str, Any] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)

    def view(self, family: Family) -> dict[str, Any]:
        return {
            family.name_member: self.name,
            **copy.deepcopy(self.members),
            "CreatedAt": self.created,
            "LastUpdatedAt": self.updated,
            "Tags": dict(self.tags) or None,
        }

    def summary(self, family: Family) -> dict[str, Any]:
        return {
            family.name_member: self.name,
            **{m: copy.deepcopy(self.members.get(m)) for m in family.summary},
            "CreatedAt": self.created,
            "LastUpdatedAt": self.updated,
            "Tags": dict(self.tags) or None,
        }


def put(
    store: dict[str, StoredResource], name: str, arn: str, members: dict[str, Any], tags: dict[str, str] | None
) -> StoredResource:
    """Store a resource, or replace the members of the one of that name (its
    ``CreatedAt`` kept, tags added to)."""
    now = clock.now()
    members = {k: copy.deepcopy(v) for k, v in members.items() if v is not None}
    resource = store.get(name)
    if resource is None:
        resource = StoredResource(name, arn, now, now, members, dict(tags or {}))
        store[name] = resource
    else:
        resource.members = members
        resource.updated = now
        resource.tags = {**resource.tags, **(tags or {})}
    return resource
