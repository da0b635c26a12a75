"""The shared in-memory state: one backend per (service, account, region).

Backends are created on first use and dropped on reset, so a reset costs nothing per
service that was never touched. One re-entrant lock serialises every operation: an
operation may deliver into other backends (a rule's target, a stream's destination)
while it runs, and a single lock cannot deadlock where per-backend locks taken in
different orders could. botocore's own work (validation, serialisation) happens
outside the lock, so concurrent clients still overlap there.

No lock is held while user code runs: the two places eventmock calls it (a Lambda
function's callable, :meth:`eventmock.services.lambda_.backend.LambdaBackend._call`,
and an HTTP hook, :func:`eventmock.core.http.send`) run it inside :meth:`Store.unlocked`,
so a handler may call boto3 from any thread. Each call's own checks and state changes
still happen under the lock, together; what a call does after user code returned is
checked again against the state as it is then.

The store also holds the queue of work due on the clock (``store.due``,
:mod:`eventmock.core.due`) and the sources that cannot tell of arrivals and are asked
before each call instead (``store.pollers``: DynamoDB streams in the mock underneath);
a reset empties them with the rest.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any, NamedTuple, TypeVar

from eventmock.core import registry
from eventmock.core.backend import Backend
from eventmock.core.due import Due
from eventmock.core.http import HttpLog
from eventmock.core.leniency import Violation
from eventmock.core.records import Record

B = TypeVar("B", bound=Backend)


class Identity(NamedTuple):
    """Who a set of temporary credentials (issued by STS) acts as."""

    account_id: str
    #: ``arn:aws:sts::<account>:assumed-role/<role>/<session>`` (or the caller's own ARN
    #: for ``GetSessionToken``'s credentials).
    arn: str
    user_id: str
    #: ``"session"`` (GetSessionToken's credentials), ``"role"`` (a role session),
    #: ``"federated"`` (GetFederationToken's), ``"root-task"`` (AssumeRoot's), or
    #: ``"root"`` (STS's view of a caller whose key it did not issue).
    kind: str
    #: How many scope-down policies (GetScopedCredentials) the credentials carry.
    scopes: int = 0


class Store:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._backends: dict[tuple[str, str, str], Backend] = {}
        #: Work due on the mock's clock (scheduled rules, schedules).
        self.due = Due()
        #: The HTTP hook's handlers and the requests sent (:mod:`eventmock.core.http`).
        self.http = HttpLog()
        self._session: Any = None
        self._clients: dict[tuple[str, str, str, bool], Any] = {}
        #: Access key ids issued by STS -> who they act as (``core.intercept`` reads it
        #: to put a call in the credentials' account).
        self.identities: dict[str, Identity] = {}
        #: Sources with no arrival notification, read before each call is answered
        #: (:meth:`poll`), by key: anything with a ``poll()`` method. Empty while
        #: nobody reads such a source, so a call pays one truthiness test.
        self.pollers: dict[str, Any] = {}
        self._polling = False
        #: Lenient mode (:mod:`eventmock.core.leniency`): the checks it lists record a
        #: violation instead of refusing. Set by the activation (``mock_aws(lenient=)``).
        self.lenient = False
        #: The limits the activation set (``mock_aws(limits=)``), by name; a limit not
        #: here has AWS's value (:meth:`limit`).
        self.limits: dict[str, float] = {}
        #: The calls AWS would have refused, answered leniently (``aws.violations``).
        self.violations: Record[Violation] = Record()

    def backend(self, service: str, account_id: str, region: str) -> Backend:
        """The backend of ``service`` for that account and region, created on first use."""
        key = (service, account_id, region)
        backend = self._backends.get(key)
        if backend is None:
            with self.lock:
                backend = self._backends.get(key)
                if backend is None:
                    backend = registry.backend_class(service)(self, account_id, region)
                    self._backends[key] = backend
        return backend

    def existing(self, service: str) -> list[Backend]:
        """Every backend of ``service`` created so far, in creation order."""
        return [b for (s, _, _), b in list(self._backends.items()) if s == service]

    def client(self, service: str, account_id: str, region: str, *, underneath: bool = False) -> Any:
        """A botocore client whose calls land in ``account_id`` and ``region`` (made on
        first use), for the calls a service makes "through the mock"
        (:func:`eventmock.core.targets.sdk_call`): eventmock answers what it emulates,
        a mock underneath the rest, and nothing is ever sent. The client is bound to
        this store (``intercept.BOUND_STORE``): its calls are answered from this state
        whether or not a mock is active (the HTTP server serves a store with none).
        ``underneath``: every call goes to the active mock underneath, even one to a
        service eventmock emulates (``intercept.HAND_OVER``; the Resource Groups Tagging
        API reads the mock underneath's resources so), and is ``NotEmulatedError``
        when none answers it."""
        key = (service, account_id, region, underneath)
        found = self._clients.get(key)
        if found is None:
            import botocore.config
            import botocore.session

            from eventmock.core.intercept import BOUND_STORE, HAND_OVER

            with self.lock:
                if self._session is None:
                    self._session = botocore.session.get_session()
                found = self._clients[key] = self._session.create_client(
                    service,
                    region_name=region,
                    aws_access_key_id=account_id,
                    aws_secret_access_key="eventmock",
                    # The service's regional endpoint, not an account-based one
                    # (``{account}.streams-ddb...``, taken from a StreamArn): the mock
                    # underneath routes by the regional endpoints (moto does). botocore
                    # before 1.37 knows only those, and refuses the option.
                    config=botocore.config.Config(account_id_endpoint_mode="disabled")
                    if "account_id_endpoint_mode" in botocore.config.Config.OPTION_DEFAULTS
                    else None,
                )
                setattr(found.meta.config, BOUND_STORE, self)
                if underneath:
                    setattr(found.meta.config, HAND_OVER, True)
        return found

    @contextlib.contextmanager
    def unlocked(self) -> Iterator[None]:
        """Release the lock this thread holds (however deeply it re-entered it) for the
        block, and take it back, as deeply, afterwards: user code runs inside, so that
        a handler's own boto3 calls, from this thread or another, do not wait for the
        call that runs the handler. Nothing if this thread does not hold the lock."""
        lock = self.lock
        depth = 0
        while True:
            try:
                lock.release()
            except RuntimeError:  # not (or no longer) held by this thread
                break
            depth += 1
        try:
            yield
        finally:
            for _ in range(depth):
                lock.acquire()

    def limit(self, name: str) -> float:
        """The limit ``name`` (a key of :data:`eventmock.core.leniency.LIMITS`) in this
        mock: the one the activation set, else AWS's."""
        found = self.limits.get(name)
        if found is None:
            from eventmock.core.leniency import LIMITS

            return LIMITS[name].default
        return found

    def reset(self) -> None:
        with self.lock:
            self._backends.clear()
            self.violations = Record()
            self.http = HttpLog()
            self.identities.clear()
            self.due.clear()
            self.pollers.clear()

    def poll(self) -> None:
        """Ask every source in :attr:`pollers` for what arrived (which wakes its
        consumers through the due work). Re-entrant calls (a poll's own calls through
        the mock) do nothing."""
        if self._polling or not self.pollers:
            return
        with self.lock:
            self._polling = True
            try:
                for poller in list(self.pollers.values()):
                    poller.poll()
            finally:
                self._polling = False

    @contextlib.contextmanager
    def inside(self) -> Iterator[None]:
        """For calls eventmock makes through the mock while it answers one: they
        neither poll nor drain due work (the outer call does, in its own order)."""
        polling = self._polling
        self._polling = True
        try:
            with self.due.held():
                yield
        finally:
            self._polling = polling

    def run_due(self) -> int:
        """Run the work that has become due by now (what a call would run first)."""
        if self.pollers:
            self.poll()
        if not self.due.heap:
            return 0
        with self.lock:
            return self.due.run_due()
