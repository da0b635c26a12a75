"""The ground Customer Profiles' operations stand on: AWS's errors, lookups of domains,
profiles and event streams, pagination, and delivery of profile changes to the event
streams' Kinesis data streams (see :mod:`.backend`)."""

from __future__ import annotations

import json
from typing import Any

from eventmock.core import arns, clock, ids, pagination
from eventmock.core.backend import Backend
from eventmock.core.errors import ServiceError
from eventmock.core.records import Record
from eventmock.services.customer_profiles.models import Domain, EventStream, HistoryRecord
from eventmock.services.customer_profiles.objects import ObjectType
from eventmock.services.customer_profiles.profiles import Profile

#: The destination's ``Message`` of an event stream whose Kinesis data stream is gone
#: (AWS's documented text).
UNHEALTHY_MESSAGE = (
    "The Kinesis Data Stream does not exist. Please recreate the event stream with valid Kinesis Data Stream destination"
)

MAX_TAGS = 50
DEFAULT_LIST_DOMAINS = 100
DEFAULT_LIST_EVENT_STREAMS = 100
DEFAULT_SEARCH_RESULTS = 20  # "The default is 20 if this parameter is not included"


class CustomerProfilesBase(Backend):
    service = "customer-profiles"
    arn_service = "profile"
    constraint_error = "BadRequestException"
    constraint_patterns = "search"
    bad_input_error = "BadRequestException"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.domains: dict[str, Domain] = {}
        #: Records not written because the destination did not exist:
        #: (event stream ARN, reason). The event stream was stopped by the first.
        self.undelivered: Record[tuple[str, str]] = Record()

    # -- errors and lookups --------------------------------------------------------

    @staticmethod
    def _bad_request(message: str) -> ServiceError:
        return ServiceError("BadRequestException", message)

    @staticmethod
    def _not_found(message: str) -> ServiceError:
        return ServiceError("ResourceNotFoundException", message)

    def _domain(self, name: str) -> Domain:
        domain = self.domains.get(name)
        if domain is None:
            raise self._not_found(f"Domain {name} does not exist")
        return domain

    def _profile(self, domain: Domain, profile_id: str) -> Profile:
        profile = domain.profiles.get(profile_id)
        if profile is None:
            raise self._not_found(f"Profile {profile_id} does not exist in domain {domain.name}")
        return profile

    def _object_type(self, domain: Domain, name: str) -> ObjectType:
        found = domain.object_types.get(name)
        if found is None:
            raise self._not_found(f"Object type {name} does not exist in domain {domain.name}")
        return found

    def _history(
        self,
        domain: Domain,
        profile: Profile,
        action: str,
        type_name: str = "_profile",
        unique_key: str | None = None,
        content: str | None = None,
    ) -> None:
        """Record a change of the profile (``content``: the profile after it, for the
        profile's own changes; the object, for an ingested one)."""
        if content is None and type_name == "_profile":
            content = json.dumps(profile.view(), separators=(",", ":"))
        performed_by = f"arn:{arns.partition_of(self.region)}:iam::{self.account_id}:root"
        entry = HistoryRecord(ids.hex32(), type_name, action, clock.now(), performed_by, unique_key, content)
        domain.history.setdefault(profile.id, Record()).append(entry)

    def _event_stream(self, domain: Domain, name: str) -> EventStream:
        stream = domain.event_streams.get(name)
        if stream is None:
            raise self._not_found(f"Event stream {name} does not exist in domain {domain.name}")
        return self._checked_health(stream)

    def _check_tags(self, tags: dict[str, str]) -> None:
        if len(tags) > MAX_TAGS:
            raise self._bad_request(f"Too many tags: a resource can have at most {MAX_TAGS} tags, {len(tags)} were given")

    @staticmethod
    def _page_size(max_results: int | None, default: int) -> int:
        return max_results if max_results is not None else default

    def _page(self, items: list[Any], token: str | None, limit: int) -> tuple[list[Any], str | None]:
        try:
            return pagination.page(items, token, limit)
        except pagination.InvalidToken:
            raise self._bad_request(f"Invalid NextToken: {token}") from None

    # -- delivery -------------------------------------------------------------------

    def _kinesis(self) -> Any:
        # Destinations are in the domain's account and Region (checked on creation).
        return self.store.backend("kinesis", self.account_id, self.region)

    def _checked_health(self, stream: EventStream) -> EventStream:
        """Stop a running event stream whose destination no longer exists."""
        if stream.running:
            try:
                self._kinesis()._stream(None, stream.uri)
            except ServiceError as error:
                stream.stop(clock.now(), UNHEALTHY_MESSAGE)
        return stream

    def _stream(self, domain: Domain, partition_key: str, record: bytes) -> None:
        """Write one record to every running event stream of the domain; a missing
        destination stops its event stream instead of failing the call."""
        for stream in domain.event_streams.values():
            if not stream.running:
                continue
            try:
                self._kinesis()._deliver(stream.uri, record, partition_key)
            except ServiceError as error:
                stream.stop(clock.now(), UNHEALTHY_MESSAGE)
                self.undelivered.append((stream.arn, error.message))

