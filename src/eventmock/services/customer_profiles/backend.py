"""Amazon Connect Customer Profiles: domains, standard profiles, profile keys, merges,
event streams, tags.

Shapes follow the botocore model (``customer-profiles``, rest-json): timestamps are
timestamps, every error carries ``Message``. Model constraints (lengths, patterns,
enums) are checked by the core before an operation runs, patterns searched for as
Smithy defines them, and answered with ``BadRequestException``; an unknown domain, profile or event stream is
``ResourceNotFoundException`` (404).

Profile changes that Customer Profiles streams (a created profile, an updated one, a
merge) are written at once to the Kinesis data stream of every running event stream
of the domain (:mod:`.records`). A destination stream that does not exist (never
created, or deleted) stops the event stream: ``State`` STOPPED and destination
``Status`` UNHEALTHY, with the time eventmock noticed it (on a write, or when the event
stream is read); the profile call itself succeeds.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from eventmock.core import arns, clock, ids, pagination
from eventmock.core.backend import Backend
from eventmock.core.errors import ServiceError
from eventmock.core.records import Record
from eventmock.services.customer_profiles import profiles, records
from eventmock.services.customer_profiles.calculated import CalculatedAttributes
from eventmock.services.customer_profiles.intents import Intents
from eventmock.services.customer_profiles.layouts import DomainLayouts
from eventmock.services.customer_profiles.profiles import Profile
from eventmock.services.customer_profiles.recommenders import Recommenders
from eventmock.services.customer_profiles.segment_subscriptions import Segments
from eventmock.services.customer_profiles.stored import Stored
from eventmock.services.customer_profiles.triggers import EventTriggers

#: The destination's ``Message`` of an event stream whose Kinesis data stream is gone
#: (AWS's documented text).
UNHEALTHY_MESSAGE = (
    "The Kinesis Data Stream does not exist. Please recreate the event stream with valid Kinesis Data Stream destination"
)

MAX_TAGS = 50
DEFAULT_LIST_DOMAINS = 100
DEFAULT_LIST_EVENT_STREAMS = 100
DEFAULT_SEARCH_RESULTS = 20  # "The default is 20 if this parameter is not included"

_KINESIS_STREAM_RE = re.compile(r"arn:aws[a-z-]*:kinesis:([a-z0-9-]+):(\d{12}):stream/([a-zA-Z0-9_.-]{1,128})")


@dataclass
class EventStream:
    name: str
    arn: str
    domain_name: str
    uri: str
    created: dt.datetime
    tags: dict[str, str] = field(default_factory=dict)
    #: When eventmock found the destination missing; ``None`` while RUNNING.
    stopped_since: dt.datetime | None = None
    #: Why the destination is unhealthy.
    message: str | None = None

    @property
    def running(self) -> bool:
        return self.stopped_since is None

    def stop(self, when: dt.datetime, message: str) -> None:
        if self.stopped_since is None:
            self.stopped_since = when
            self.message = message

    def details(self) -> dict[str, Any]:
        return {
            "DomainName": self.domain_name,
            "EventStreamArn": self.arn,
            "CreatedAt": self.created,
            "State": "RUNNING" if self.running else "STOPPED",
            "StoppedSince": self.stopped_since,
            "DestinationDetails": {
                "Uri": self.uri,
                "Status": "HEALTHY" if self.running else "UNHEALTHY",
                "UnhealthySince": self.stopped_since,
                "Message": self.message,
            },
            "Tags": dict(self.tags) or None,
        }

    def summary(self) -> dict[str, Any]:
        return {
            "DomainName": self.domain_name,
            "EventStreamName": self.name,
            "EventStreamArn": self.arn,
            "State": "RUNNING" if self.running else "STOPPED",
            "StoppedSince": self.stopped_since,
            "DestinationSummary": {
                "Uri": self.uri,
                "Status": "HEALTHY" if self.running else "UNHEALTHY",
                "UnhealthySince": self.stopped_since,
            },
            "Tags": dict(self.tags) or None,
        }


@dataclass
class Domain:
    name: str
    arn: str
    expiration_days: int
    created: dt.datetime
    updated: dt.datetime
    encryption_key: str | None = None
    dead_letter_queue_url: str | None = None
    matching: dict[str, Any] | None = None
    tags: dict[str, str] = field(default_factory=dict)
    profiles: dict[str, Profile] = field(default_factory=dict)
    event_streams: dict[str, EventStream] = field(default_factory=dict)

    def description(self) -> dict[str, Any]:
        return {
            "DomainName": self.name,
            "DefaultExpirationDays": self.expiration_days,
            "DefaultEncryptionKey": self.encryption_key,
            "DeadLetterQueueUrl": self.dead_letter_queue_url,
            "Matching": self.matching,
            "CreatedAt": self.created,
            "LastUpdatedAt": self.updated,
            "Tags": dict(self.tags) or None,
        }


class CustomerProfilesBackend(CalculatedAttributes, Segments, EventTriggers, DomainLayouts, Recommenders, Intents, Backend):
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

    # -- domains --------------------------------------------------------------------

    def create_domain(
        self,
        DomainName: str,
        DefaultExpirationDays: int,
        DefaultEncryptionKey: str | None = None,
        DeadLetterQueueUrl: str | None = None,
        Matching: dict[str, Any] | None = None,
        Tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        if DomainName in self.domains:
            raise self._bad_request(f"Domain {DomainName} already exists")
        self._check_tags(Tags or {})
        now = clock.now()
        domain = Domain(
            name=DomainName,
            arn=self._arn(f"domains/{DomainName}"),
            expiration_days=DefaultExpirationDays,
            created=now,
            updated=now,
            encryption_key=DefaultEncryptionKey or None,
            dead_letter_queue_url=DeadLetterQueueUrl or None,
            matching=Matching,
            tags=dict(Tags or {}),
        )
        self.domains[DomainName] = domain
        return domain.description()

    def get_domain(self, DomainName: str) -> dict[str, Any]:
        domain = self._domain(DomainName)
        count = len(domain.profiles)
        # Profile objects are not emulated: no objects, no object bytes, and every
        # profile counts once for metering.
        stats = {"ProfileCount": count, "MeteringProfileCount": count, "ObjectCount": 0, "TotalSize": 0}
        return {**domain.description(), "Stats": stats}

    def update_domain(
        self,
        DomainName: str,
        DefaultExpirationDays: int | None = None,
        DefaultEncryptionKey: str | None = None,
        DeadLetterQueueUrl: str | None = None,
        Matching: dict[str, Any] | None = None,
        Tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        tags = {**domain.tags, **(Tags or {})}
        self._check_tags(tags)
        if DefaultExpirationDays is not None:
            domain.expiration_days = DefaultExpirationDays
        if DefaultEncryptionKey is not None:  # "" clears it, as AWS documents
            domain.encryption_key = DefaultEncryptionKey or None
        if DeadLetterQueueUrl is not None:
            domain.dead_letter_queue_url = DeadLetterQueueUrl or None
        if Matching is not None:
            domain.matching = Matching
        domain.tags = tags
        domain.updated = clock.now()
        return domain.description()

    def list_domains(self, NextToken: str | None = None, MaxResults: int | None = None) -> dict[str, Any]:
        page, token = self._page(list(self.domains.values()), NextToken, self._page_size(MaxResults, DEFAULT_LIST_DOMAINS))
        items = [
            {"DomainName": d.name, "CreatedAt": d.created, "LastUpdatedAt": d.updated, "Tags": dict(d.tags) or None}
            for d in page
        ]
        return {"Items": items, "NextToken": token}

    def delete_domain(self, DomainName: str) -> dict[str, Any]:
        self._domain(DomainName)
        del self.domains[DomainName]  # its profiles and event streams with it
        self._forget_domain(DomainName)  # and what the families keep for it (stored.py)
        return {"Message": f"Domain {DomainName} was deleted"}

    # -- profiles -------------------------------------------------------------------

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
        self._stream(domain, profile, records.profile_record("CREATED", domain.name, profile, now))
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
        self._stream(domain, profile, records.profile_record("UPDATED", domain.name, profile, clock.now()))
        return {"ProfileId": profile.id}

    def delete_profile(self, ProfileId: str, DomainName: str) -> dict[str, Any]:
        domain = self._domain(DomainName)
        self._profile(domain, ProfileId)
        del domain.profiles[ProfileId]  # Customer Profiles streams no record for it
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
        return {"KeyName": KeyName, "Values": list(Values)}

    def delete_profile_key(self, ProfileId: str, KeyName: str, Values: list[str], DomainName: str) -> dict[str, Any]:
        domain = self._domain(DomainName)
        profile = self._profile(domain, ProfileId)
        remaining = [v for v in profile.keys.get(KeyName, []) if v not in Values]
        if remaining:
            profile.keys[KeyName] = remaining
        else:
            profile.keys.pop(KeyName, None)
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
        record = records.profile_record(
            "MERGED", domain.name, main, clock.now(), merge_id=ids.uuid4(), duplicates=others
        )
        self._stream(domain, main, record)
        return {"Message": "Profiles were merged"}

    # -- event streams --------------------------------------------------------------

    def create_event_stream(
        self, DomainName: str, Uri: str, EventStreamName: str, Tags: dict[str, str] | None = None
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        match = _KINESIS_STREAM_RE.fullmatch(Uri)
        if match is None:
            raise self._bad_request(
                f"Invalid Uri: {Uri}. It must be the ARN of an Amazon Kinesis data stream "
                "(arn:aws:kinesis:region:account-id:stream/stream-name)"
            )
        if (match.group(1), match.group(2)) != (self.region, self.account_id):
            raise self._bad_request(
                f"Invalid Uri: {Uri}. The Kinesis data stream must be in the same Region ({self.region}) "
                f"and AWS account ({self.account_id}) as the domain"
            )
        if EventStreamName in domain.event_streams:
            raise self._bad_request(f"The Customer Profiles Domain: {DomainName} is already associated with an active EventStream")
        self._check_tags(Tags or {})
        stream = EventStream(
            name=EventStreamName,
            arn=self._arn(f"domains/{DomainName}/event-streams/{EventStreamName}"),
            domain_name=DomainName,
            uri=Uri,
            created=clock.now(),
            tags=dict(Tags or {}),
        )
        domain.event_streams[EventStreamName] = stream
        self._checked_health(stream)
        return {"EventStreamArn": stream.arn, "Tags": dict(stream.tags) or None}

    def get_event_stream(self, DomainName: str, EventStreamName: str) -> dict[str, Any]:
        return self._event_stream(self._domain(DomainName), EventStreamName).details()

    def list_event_streams(self, DomainName: str, NextToken: str | None = None, MaxResults: int | None = None) -> dict[str, Any]:
        domain = self._domain(DomainName)
        streams = [self._checked_health(s) for s in domain.event_streams.values()]
        page, token = self._page(streams, NextToken, self._page_size(MaxResults, DEFAULT_LIST_EVENT_STREAMS))
        return {"Items": [s.summary() for s in page], "NextToken": token}

    def delete_event_stream(self, DomainName: str, EventStreamName: str) -> None:
        domain = self._domain(DomainName)
        self._event_stream(domain, EventStreamName)
        del domain.event_streams[EventStreamName]

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

    def _stream(self, domain: Domain, profile: Profile, record: bytes) -> None:
        """Write one record to every running event stream of the domain; a missing
        destination stops its event stream instead of failing the call."""
        for stream in domain.event_streams.values():
            if not stream.running:
                continue
            try:
                self._kinesis()._deliver(stream.uri, record, profile.id)
            except ServiceError as error:
                stream.stop(clock.now(), UNHEALTHY_MESSAGE)
                self.undelivered.append((stream.arn, error.message))

    # -- tags -----------------------------------------------------------------------

    def _tagged(self, resource_arn: str) -> Domain | EventStream | Stored:
        arn = arns.parse(resource_arn)
        if arn is None or arn.service != self.arn_service:
            raise self._bad_request(f"Invalid resourceArn: {resource_arn}")
        parts = arn.resource.split("/")
        resource: Domain | EventStream | Stored | None = None
        if arn.region == self.region and arn.account == self.account_id and parts[0] == "domains":
            domain = self.domains.get(parts[1]) if len(parts) in (2, 4) else None
            if domain is not None and len(parts) == 2:
                resource = domain
            elif domain is not None and parts[2] == "event-streams":
                resource = domain.event_streams.get(parts[3])
            elif domain is not None:  # a resource of the families (stored.py)
                resource = self._tagged_resource(domain.name, parts[2], parts[3])
        if resource is None or resource.arn != resource_arn:
            raise self._not_found(f"Resource {resource_arn} does not exist")
        return resource

    def tag_resource(self, resourceArn: str, tags: dict[str, str]) -> None:
        resource = self._tagged(resourceArn)
        merged = {**resource.tags, **tags}
        self._check_tags(merged)
        resource.tags = merged

    def untag_resource(self, resourceArn: str, tagKeys: list[str]) -> None:
        resource = self._tagged(resourceArn)
        resource.tags = {k: v for k, v in resource.tags.items() if k not in tagKeys}

    def list_tags_for_resource(self, resourceArn: str) -> dict[str, Any]:
        return {"tags": dict(self._tagged(resourceArn).tags)}

