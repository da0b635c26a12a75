"""The handle of the active mock, ``MockedAWS``: what ``with mock_aws() as aws``, the
``eventmock`` pytest fixture and :func:`current` give.

The handle composes the core and the services: its typed inspection views
(``aws.sqs``), its per-service ``backend()`` and the package's helpers as methods
(``aws.register_lambda``) name services, so it lives on the top floor, above them. The
core names no service: the views are found through the registry, and the active state
through :func:`eventmock.core.activation.active_store`.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, overload

from eventmock.core import activation, clock, containment, errors, intercept, registry
from eventmock.core.backend import Backend
from eventmock.core.http import HttpLog, HttpRequest
from eventmock.core.leniency import Violation
from eventmock.core.records import Record
from eventmock.core.store import Store

if TYPE_CHECKING:
    from eventmock.services.customer_profiles.backend import CustomerProfilesBackend
    from eventmock.services.dataexchange.backend import DataExchangeBackend
    from eventmock.services.events.backend import EventsBackend
    from eventmock.services.firehose.backend import FirehoseBackend
    from eventmock.services.firehose.inspect import FirehoseView
    from eventmock.services.kinesis.backend import KinesisBackend
    from eventmock.services.kinesis.inspect import KinesisView
    from eventmock.services.lambda_.backend import LambdaBackend
    from eventmock.services.logs.backend import LogsBackend
    from eventmock.services.logs.inspect import LogsView
    from eventmock.services.pinpoint.backend import PinpointBackend
    from eventmock.services.pipes.backend import PipesBackend
    from eventmock.services.pipes.inspect import PipesView
    from eventmock.services.tagging.backend import TaggingBackend
    from eventmock.services.s3.backend import S3Backend
    from eventmock.services.s3.inspect import S3View
    from eventmock.services.scheduler.backend import SchedulerBackend
    from eventmock.services.scheduler.inspect import SchedulerView
    from eventmock.services.secretsmanager.backend import SecretsManagerBackend
    from eventmock.services.sns.backend import SnsBackend
    from eventmock.services.sns.inspect import SnsView
    from eventmock.services.sqs.backend import SqsBackend
    from eventmock.services.sqs.inspect import SqsView
    from eventmock.services.sts.backend import StsBackend

_DEFAULT_ACCOUNT = intercept.DEFAULT_ACCOUNT_ID


class MockedAWS:
    """The handle of the active mock: its state, for inspection and reset.

    ``with mock_aws() as aws`` and the ``eventmock`` pytest fixture give it; so does
    :func:`eventmock.current` inside a decorated function.
    """

    # The package's public exceptions and default account, for a test that has the
    # handle under the package's name (the ``eventmock`` fixture):
    # ``pytest.raises(eventmock.NotEmulatedError)``.
    EventmockError = errors.EventmockError
    NotActiveError = errors.NotActiveError
    NotEmulatedError = errors.NotEmulatedError
    UnknownServiceError = errors.UnknownServiceError
    ServiceError = errors.ServiceError
    BlockedRequestError = containment.BlockedRequestError
    DEFAULT_ACCOUNT_ID = intercept.DEFAULT_ACCOUNT_ID

    def __init__(self, store: Store) -> None:
        self.store = store

    # fmt: off
    @overload
    def backend(self, service: Literal["customer-profiles"], account_id: str = ..., region: str = ...) -> CustomerProfilesBackend: ...
    @overload
    def backend(self, service: Literal["dataexchange"], account_id: str = ..., region: str = ...) -> DataExchangeBackend: ...
    @overload
    def backend(self, service: Literal["events"], account_id: str = ..., region: str = ...) -> EventsBackend: ...
    @overload
    def backend(self, service: Literal["firehose"], account_id: str = ..., region: str = ...) -> FirehoseBackend: ...
    @overload
    def backend(self, service: Literal["kinesis"], account_id: str = ..., region: str = ...) -> KinesisBackend: ...
    @overload
    def backend(self, service: Literal["lambda"], account_id: str = ..., region: str = ...) -> LambdaBackend: ...
    @overload
    def backend(self, service: Literal["logs"], account_id: str = ..., region: str = ...) -> LogsBackend: ...
    @overload
    def backend(self, service: Literal["pinpoint"], account_id: str = ..., region: str = ...) -> PinpointBackend: ...
    @overload
    def backend(self, service: Literal["pipes"], account_id: str = ..., region: str = ...) -> PipesBackend: ...
    @overload
    def backend(self, service: Literal["resourcegroupstaggingapi"], account_id: str = ..., region: str = ...) -> TaggingBackend: ...
    @overload
    def backend(self, service: Literal["s3"], account_id: str = ..., region: str = ...) -> S3Backend: ...
    @overload
    def backend(self, service: Literal["scheduler"], account_id: str = ..., region: str = ...) -> SchedulerBackend: ...
    @overload
    def backend(self, service: Literal["secretsmanager"], account_id: str = ..., region: str = ...) -> SecretsManagerBackend: ...
    @overload
    def backend(self, service: Literal["sns"], account_id: str = ..., region: str = ...) -> SnsBackend: ...
    @overload
    def backend(self, service: Literal["sqs"], account_id: str = ..., region: str = ...) -> SqsBackend: ...
    @overload
    def backend(self, service: Literal["sts"], account_id: str = ..., region: str = ...) -> StsBackend: ...
    @overload
    def backend(self, service: str, account_id: str = ..., region: str = ...) -> Backend: ...
    # fmt: on

    def backend(self, service: str, account_id: str = _DEFAULT_ACCOUNT, region: str = "us-east-1") -> Backend:
        """The backend object holding ``service``'s state for that account and region
        (due work runs first, as before a call). :class:`UnknownServiceError` (a
        ``KeyError``) for a service eventmock does not emulate."""
        if not registry.is_emulated(service):
            raise errors.UnknownServiceError(service, sorted(registry.SERVICES))
        self.store.run_due()
        return self.store.backend(service, account_id, region)

    def reset(self) -> None:
        """Forget every resource of every service, as if the mock were entered anew.
        Pending due work goes with them; the clock stays where it is."""
        self.store.reset()

    # The mock's clock (docs/time.md): freezegun's time when it is active, the real
    # time otherwise, plus what ``advance`` added. Work due on it runs before the next
    # call is answered, before an inspection view is read, and on ``advance``.

    def now(self) -> datetime:
        """The mock's current time (aware, UTC)."""
        return clock.now()

    def advance(self, delta: timedelta | float) -> None:
        """Move the mock's clock forward by ``delta`` (a ``timedelta``, or seconds) and
        run, in order and each at its own time, the work that became due. The offset
        lasts until the outermost ``mock_aws`` exits."""
        clock.advance(delta if isinstance(delta, timedelta) else timedelta(seconds=delta))
        self.store.run_due()

    def run_due(self) -> int:
        """Run the work due by now (as the next call would); how many pieces ran. For
        a clock moved by other means (``freezer.tick``) before reading state directly."""
        return self.store.run_due()

    # The module-level helpers, as methods: a test that takes the ``eventmock``
    # fixture has the handle under the package's name.

    def register_lambda(self, function_arn: str, handler: Callable[[Any, Any], Any]) -> None:
        """:func:`eventmock.register_lambda`: bind a function ARN to a Python callable."""
        from eventmock.services.lambda_.backend import register_lambda

        register_lambda(function_arn, handler)

    def register_http(self, url_prefix: str, handler: Callable[[HttpRequest], Any]) -> None:
        """:func:`eventmock.register_http`: answer HTTP requests sent to URLs starting
        with ``url_prefix`` (API destinations, SNS http(s) subscriptions)."""
        self.store.http.register(url_prefix, handler)

    def publish_revision(self, data_set_id: str, revision_id: str, **options: Any) -> list[str]:
        """:func:`eventmock.publish_revision`: publish a finalized Data Exchange revision."""
        from eventmock.services.dataexchange.backend import publish_revision

        return publish_revision(data_set_id, revision_id, **options)

    @property
    def http(self) -> HttpLog:
        """``aws.http.requests``: every HTTP request sent through the HTTP hook."""
        return self.store.http

    @property
    def violations(self) -> Record[Violation]:
        """The calls AWS would have refused that this mock, being lenient
        (``mock_aws(lenient=True)``), answered as moto does; oldest first."""
        return self.store.violations

    # Inspection views: read what a service holds without boto3 (``aws.sqs``,
    # ``aws.kinesis``...). Each service declares its own (``Backend.view``); the
    # handle finds it through the registry.

    if TYPE_CHECKING:  # the views' types, for type checkers only
        firehose: FirehoseView
        kinesis: KinesisView
        logs: LogsView
        pipes: PipesView
        s3: S3View
        scheduler: SchedulerView
        sns: SnsView
        sqs: SqsView

    def __getattr__(self, name: str) -> Any:
        view = registry.view_class(name)
        if view is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        self.store.run_due()  # what became due is there to be read
        return view(self.store)

    def __dir__(self) -> list[str]:
        views = [service.replace("-", "_") for service in registry.SERVICES]
        return sorted({*super().__dir__(), *(name for name in views if registry.view_class(name) is not None)})


_lock = threading.Lock()
#: The last handle given, held weakly: it must not keep a finished mock's state alive.
_handle: weakref.ref[MockedAWS] | None = None


def handle_for(store: Store) -> MockedAWS:
    """The handle of ``store``: the same object for every activation nested in the
    active mock, and for :func:`current`, while anyone holds it."""
    global _handle
    found = _handle() if _handle is not None else None
    if found is None or found.store is not store:
        with _lock:
            found = _handle() if _handle is not None else None
            if found is None or found.store is not store:
                found = MockedAWS(store)
                _handle = weakref.ref(found)
    return found


def current() -> MockedAWS:
    """The handle of the active mock; :class:`NotActiveError` outside one."""
    return handle_for(activation.active_store())
