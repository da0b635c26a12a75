"""Amazon EventBridge: event buses, permissions, rules and targets, tags, events in
(PutEvents, PutPartnerEvents), partner event sources, TestEventPattern, archives and
replays, global endpoints, connections and API destinations.

Every account and region has the ``default`` bus. An accepted event is matched against
the routing index of its bus (the enabled rules that have an event pattern, compiled by
:mod:`eventmock.services.events.patterns`); each (rule, target) pair it matches goes
through :meth:`EventsBackend._dispatch`, which records a :class:`Delivery` in
``deliveries`` and hands it to :mod:`.delivery`.

The operations live in one module per resource family, each a mixin of
:class:`~eventmock.services.events.base.EventsBase` (the shared state and lookups):
``buses`` (event buses, permissions), ``rules`` (rules, targets, TestEventPattern),
``put_events`` (PutEvents, PutPartnerEvents), ``partner_sources``, ``tags``,
``archives`` (archives and replays), ``endpoints`` (global endpoints), ``connections``
(connections, API destinations and the requests they send).

The model's ``max``/``pattern``/``enum``/range constraints are checked by the core
before an operation runs (``constraint_error``); the checks here are the ones AWS makes
beyond the model. Partner event sources span accounts: the partner's backend and the
customer's share one :class:`PartnerEventSource`, reached through the store.
"""

from __future__ import annotations

from eventmock.services.events.archives import Archives
from eventmock.services.events.base import EventsBase
from eventmock.services.events.buses import EventBuses
from eventmock.services.events.connections import Connections
from eventmock.services.events.endpoints import Endpoints
from eventmock.services.events.partner_sources import PartnerSources
from eventmock.services.events.put_events import EventsIn
from eventmock.services.events.rules import Rules
from eventmock.services.events.tags import Tags


class EventsBackend(EventBuses, Rules, EventsIn, PartnerSources, Tags, Archives, Endpoints, Connections, EventsBase):
    """What dispatch sees: every family's operations on one account's and Region's state
    (:class:`~eventmock.services.events.base.EventsBase`)."""
