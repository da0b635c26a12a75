"""Amazon CloudWatch Logs: log groups, log streams, log events, filter patterns,
subscription filters, and log groups as EventBridge rule targets.

The operations live in one module per resource family, each a mixin of
:class:`~eventmock.services.logs.base.LogsBase` (the shared state, lookups and the
reading of a group's events, ``_events_of``): ``groups`` (log groups, retention, log
streams), ``tags``, ``log_events`` (PutLogEvents, GetLogEvents, FilterLogEvents,
EventBridge deliveries), ``subscription_filters``, ``destinations`` (cross-account
subscriptions), ``exports`` (export tasks to S3), ``metric_filters``, ``policies`` (resource, account and data
protection policies; :mod:`.masking`), ``deliveries`` (vended log deliveries),
``transformers``, ``analysis`` (anomaly detectors, index policies and field indexes,
lookup tables), ``integrations`` (OpenSearch integrations, import tasks, syslog,
S3 Tables sources, storage tier, bearer tokens), ``live_tail`` (StartLiveTail's
event stream) (and ``metrics``, the data points they yield).

The model's constraints are checked by the core before an operation runs
(``constraint_error``); the checks here are the ones AWS makes beyond the model.
"""

from __future__ import annotations

from eventmock.services.logs.analysis import Analysis
from eventmock.services.logs.base import LogsBase
from eventmock.services.logs.exports import ExportTasks
from eventmock.services.logs.groups import LogGroups
from eventmock.services.logs.integrations import Integrations
from eventmock.services.logs.live_tail import LiveTail
from eventmock.services.logs.deliveries import Deliveries
from eventmock.services.logs.destinations import Destinations
from eventmock.services.logs.log_events import LogEvents
from eventmock.services.logs.metric_filters import MetricFilters
from eventmock.services.logs.policies import Policies
from eventmock.services.logs.queries import Queries
from eventmock.services.logs.subscription_filters import SubscriptionFilters
from eventmock.services.logs.tags import Tags
from eventmock.services.logs.transformers import Transformers


class LogsBackend(Queries, LogGroups, LogEvents, SubscriptionFilters, Destinations, MetricFilters, ExportTasks, Policies, Deliveries, Transformers, Analysis, Integrations, LiveTail, Tags, LogsBase):
    """What dispatch sees: every family's operations on one account's and Region's
    state (:class:`~eventmock.services.logs.base.LogsBase`)."""
