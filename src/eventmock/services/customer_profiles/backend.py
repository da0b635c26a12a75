"""Amazon Connect Customer Profiles, by resource family, one mixin each on the ground of
:mod:`.base`: domains, standard profiles (keys, merges, history), event streams, tags,
profile object types and templates, profile objects ingested into profiles, integrations
and workflows, upload jobs, identity resolution (no matching runs), domain object types
and attribute statistics.

Shapes follow the botocore model (``customer-profiles``, rest-json): timestamps are
timestamps, every error carries ``Message``. Model constraints (lengths, patterns,
enums) are checked by the core before an operation runs, patterns searched for as
Smithy defines them, and answered with ``BadRequestException``; an unknown domain, profile, object type or other resource is
``ResourceNotFoundException`` (404).

Profile changes that Customer Profiles streams (a created profile, an updated one, a
merge, a profile object put) are written at once to the Kinesis data stream of every running event stream
of the domain (:mod:`.records`). A destination stream that does not exist (never
created, or deleted) stops the event stream: ``State`` STOPPED and destination
``Status`` UNHEALTHY, with the time eventmock noticed it (on a write, or when the event
stream is read); the profile call itself succeeds.
"""

from __future__ import annotations

from eventmock.services.customer_profiles.attributes import AttributeOperations
from eventmock.services.customer_profiles.calculated import CalculatedAttributes
from eventmock.services.customer_profiles.domains import DomainOperations
from eventmock.services.customer_profiles.event_streams import EventStreamOperations
from eventmock.services.customer_profiles.integrations import IntegrationOperations
from eventmock.services.customer_profiles.intents import Intents
from eventmock.services.customer_profiles.jobs import JobOperations
from eventmock.services.customer_profiles.layouts import DomainLayouts
from eventmock.services.customer_profiles.models import Domain, EventStream
from eventmock.services.customer_profiles.object_types import ObjectTypeOperations
from eventmock.services.customer_profiles.profile_objects import ProfileObjectOperations
from eventmock.services.customer_profiles.recommenders import Recommenders
from eventmock.services.customer_profiles.segment_subscriptions import Segments
from eventmock.services.customer_profiles.standard import ProfileOperations
from eventmock.services.customer_profiles.tagging import TagOperations
from eventmock.services.customer_profiles.triggers import EventTriggers

__all__ = ["CustomerProfilesBackend", "Domain", "EventStream"]


class CustomerProfilesBackend(
    DomainOperations,
    ProfileOperations,
    EventStreamOperations,
    TagOperations,
    ObjectTypeOperations,
    ProfileObjectOperations,
    IntegrationOperations,
    JobOperations,
    AttributeOperations,
    CalculatedAttributes,
    Segments,
    EventTriggers,
    DomainLayouts,
    Recommenders,
    Intents,
):
    """The Customer Profiles backend dispatch sees."""
