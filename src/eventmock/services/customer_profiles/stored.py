"""The base of the Customer Profiles families whose resources live inside a domain
(domain object types, calculated attributes, segments, event triggers, layouts,
recommenders, intents): their state, kept in the domain (``Domain.stored``, so it goes
with it), and a small "stored resource" helper for the operations that store, describe,
list and delete.

A resource is a :class:`Stored`: its name, the members the caller gave (as given),
its times, tags and ARN. Each family names its kind of resource (:class:`Kind`), which
gives the not-found and already-exists messages.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventmock.core import clock
from eventmock.core.backend import Backend
from eventmock.core.errors import ServiceError
from eventmock.services.customer_profiles import profiles

if TYPE_CHECKING:
    from eventmock.services.customer_profiles.profiles import Profile

DEFAULT_PAGE = 100


@functools.cache
def model_has(shape: str, member: str) -> bool:
    """Whether the installed botocore's model has ``shape.member``: a member newer than
    the installed model is not answered (older botocores would not read it)."""
    from eventmock.core.wire.routing import models

    model = models.model("customer-profiles")
    return shape in model.shape_names and member in model.shape_for(shape).members


@dataclass(frozen=True)
class Kind:
    #: The key of the family's resources in a domain's state.
    key: str
    #: How messages name one ("Event trigger").
    noun: str
    #: The path of its ARN under the domain (``event-triggers``); ``""``: no ARN.
    arn_path: str = ""


@dataclass
class Stored:
    name: str
    #: The members the caller gave, as given (members not given are absent).
    body: dict[str, Any]
    created: dt.datetime
    updated: dt.datetime
    tags: dict[str, str] = field(default_factory=dict)
    arn: str | None = None

    def members(self, *names: str) -> dict[str, Any]:
        """The given ``names`` of the body (copies; absent ones ``None``)."""
        return {name: copy.deepcopy(self.body.get(name)) for name in names}


class DomainResources(Backend):
    """State and helpers shared by the families; the backend inherits it through them."""

    if TYPE_CHECKING:  # provided by CustomerProfilesBackend
        domains: dict[str, Any]

        def _domain(self, name: str) -> Any: ...
        def _profile(self, domain: Any, profile_id: str) -> Profile: ...
        def _check_tags(self, tags: dict[str, str]) -> None: ...
        def _page(self, items: list[Any], token: str | None, limit: int) -> tuple[list[Any], str | None]: ...
        @staticmethod
        def _bad_request(message: str) -> ServiceError: ...
        @staticmethod
        def _not_found(message: str) -> ServiceError: ...

    def _resources(self, domain: str, key: str) -> dict[str, Any]:
        """The resources of kind ``key`` of the (existing) domain named ``domain``."""
        stored: dict[str, dict[str, Any]] = self.domains[domain].stored
        return stored.setdefault(key, {})

    def _tagged_resource(self, domain: str, arn_path: str, name: str) -> Stored | None:
        """The resource with an ARN ``domains/{domain}/{arn_path}/{name}`` (for tags)."""
        found_domain = self.domains.get(domain)
        for kinds in (found_domain.stored if found_domain is not None else {}).values():
            found = kinds.get(name)
            if isinstance(found, Stored) and found.arn is not None and found.arn.endswith(f"/{arn_path}/{name}"):
                return found
        return None

    def _stored(self, domain: str, kind: Kind, name: str) -> Stored:
        found: Stored | None = self._resources(domain, kind.key).get(name)
        if found is None:
            raise self._not_found(f"{kind.noun} {name} does not exist in domain {domain}")
        return found

    def _store(self, domain: str, kind: Kind, name: str, body: dict[str, Any], tags: dict[str, str] | None) -> Stored:
        """A new resource; a name already used in the domain is ``BadRequestException``."""
        resources = self._resources(domain, kind.key)
        if name in resources:
            raise self._bad_request(f"{kind.noun} {name} already exists in domain {domain}")
        self._check_tags(tags or {})
        now = clock.now()
        arn = self._arn(f"domains/{domain}/{kind.arn_path}/{name}") if kind.arn_path else None
        given = {k: copy.deepcopy(v) for k, v in body.items() if v is not None}
        stored = resources[name] = Stored(name, given, now, now, dict(tags or {}), arn)
        return stored

    def _change(self, stored: Stored, changes: dict[str, Any]) -> Stored:
        """Replace the members given (not ``None``) and move ``updated``."""
        stored.body.update({k: copy.deepcopy(v) for k, v in changes.items() if v is not None})
        stored.updated = clock.now()
        return stored

    def _drop(self, domain: str, kind: Kind, name: str) -> Stored:
        stored = self._stored(domain, kind, name)
        del self._resources(domain, kind.key)[name]
        return stored

    def _listed(
        self, domain: str, kind: Kind, token: str | None, max_results: int | None, default: int = DEFAULT_PAGE
    ) -> tuple[list[Stored], str | None]:
        items = list(self._resources(domain, kind.key).values())
        return self._page(items, token, max_results if max_results is not None else default)

    def _one_profile(self, domain: Any, key_name: str, key_values: list[str]) -> str:
        """The id of the one profile the search key finds (AWS's documented errors)."""
        found = profiles.search(domain.profiles.values(), [(key_name, list(key_values))], "OR")
        if not found:
            raise self._not_found(f"No profile matches the search key {key_name} in domain {domain.name}")
        if len(found) > 1:
            raise self._bad_request(f"More than one profile matches the search key {key_name} in domain {domain.name}")
        profile_id: str = found[0][0].id
        return profile_id
