"""``mock_aws``: one object that is a decorator and a context manager.

Activations form a stack counted by depth. The outermost one puts fake credentials in
place (hiding the real ``AWS_*`` variables), swaps boto3's default session so that new
clients pick the fake credentials up, and on exit restores all of it and resets the
state. An inner activation shares the outer one's state and resets nothing. Entering
and leaving is a handful of dictionary operations: a test suite does it thousands of
times.

``mock_aws(wire=True)`` answers through the wire (:mod:`eventmock.core.wire`) instead
of the fast path. The mode is scoped like the activation: an activation that names it
(``wire=True`` or ``wire=False``) sets it until it exits, one that does not keeps the
enclosing activation's mode, and the outermost one that does not reads
``EVENTMOCK_WIRE`` when it is entered.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, overload

from eventmock.core import clock, containment, intercept, registry
from eventmock.core.backend import Backend
from eventmock.core.errors import NotActiveError
from eventmock.core.http import HttpLog, HttpRequest
from eventmock.core.store import Store

if TYPE_CHECKING:
    import unittest

    from eventmock.services.firehose.inspect import FirehoseView
    from eventmock.services.kinesis.inspect import KinesisView
    from eventmock.services.logs.inspect import LogsView
    from eventmock.services.s3.inspect import S3View
    from eventmock.services.scheduler.inspect import SchedulerView
    from eventmock.services.sns.inspect import SnsView
    from eventmock.services.sqs.inspect import SqsView

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T", bound=type)

#: Environment variables a mock leaves alone: where to call, not who calls.
KEPT_VARIABLES = frozenset({"AWS_DEFAULT_REGION", "AWS_REGION"})
#: Fake credentials present while a mock is active. The access key is no 12-digit
#: number, so calls land in the default account, 123456789012.
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_SECURITY_TOKEN": "testing",
}


class MockedAWS:
    """The handle of the active mock: its state, for inspection and reset.

    ``with mock_aws() as aws`` and the ``eventmock`` pytest fixture give it; so does
    :func:`eventmock.current` inside a decorated function.
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    def backend(self, service: str, account_id: str = intercept.DEFAULT_ACCOUNT_ID, region: str = "us-east-1") -> Backend:
        """The backend object holding ``service``'s state for that account and region
        (due work runs first, as before a call)."""
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

    # Inspection views: read what a service holds without boto3 (``aws.sqs``,
    # ``aws.kinesis``...). Each service declares its own (``Backend.view``); the
    # handle finds it through the registry, so the core names no service.

    if TYPE_CHECKING:  # the views' types, for type checkers only
        kinesis: KinesisView
        logs: LogsView
        s3: S3View
        firehose: FirehoseView
        sns: SnsView
        sqs: SqsView
        scheduler: SchedulerView

    def __getattr__(self, name: str) -> Any:
        view = registry.view_class(name)
        if view is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        self.store.run_due()  # what became due is there to be read
        return view(self.store)


class _Activations:
    """Process-wide activation stack (threads share it, as they share botocore)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.handle: MockedAWS | None = None
        self.saved_env: dict[str, str] = {}
        self.saved_session: Any = None
        #: The wire mode and handed-on services of each enclosing activation, to
        #: restore on its exit.
        self.saved_wire: list[tuple[bool, frozenset[str]]] = []

    def enter(self, wire: bool | None = None, exclude: frozenset[str] | None = None) -> MockedAWS:
        with self.lock:
            if self.depth == 0:
                if wire is None:
                    wire = os.environ.get("EVENTMOCK_WIRE", "") not in ("", "0")
                self._patch()
                self.handle = MockedAWS(Store())
                intercept.active.store = self.handle.store
            self.saved_wire.append((intercept.active.wire, intercept.active.excluded))
            if wire is not None:
                intercept.active.wire = wire
            if exclude is not None:
                intercept.active.excluded = exclude
            self.depth += 1
            assert self.handle is not None
            return self.handle

    def exit(self) -> None:
        with self.lock:
            if self.depth == 0:
                raise NotActiveError("mock_aws was exited more often than it was entered")
            self.depth -= 1
            intercept.active.wire, intercept.active.excluded = self.saved_wire.pop()
            if self.depth == 0:
                intercept.active.store = None
                self.handle = None
                clock.reset_offset()
                self._unpatch()

    def _patch(self) -> None:
        environ = os.environ
        hidden = [k for k in environ if k.startswith("AWS_") and k not in KEPT_VARIABLES]
        self.saved_env = {k: environ.pop(k) for k in hidden}
        environ.update(FAKE_CREDENTIALS)
        environ["AWS_CONFIG_FILE"], environ["AWS_SHARED_CREDENTIALS_FILE"] = containment.harmless_files(self.saved_env)
        containment.share_loaders(True)
        boto3: Any = sys.modules.get("boto3")
        if boto3 is not None:
            self.saved_session = boto3.DEFAULT_SESSION
            boto3.DEFAULT_SESSION = None

    def _unpatch(self) -> None:
        environ = os.environ
        for key in [k for k in environ if k.startswith("AWS_") and k not in KEPT_VARIABLES]:
            del environ[key]
        environ.update(self.saved_env)
        self.saved_env = {}
        containment.share_loaders(False)
        boto3: Any = sys.modules.get("boto3")
        if boto3 is not None:
            boto3.DEFAULT_SESSION = self.saved_session
        self.saved_session = None


_activations = _Activations()


def current() -> MockedAWS:
    """The handle of the active mock; :class:`NotActiveError` outside one."""
    handle = _activations.handle
    if handle is None:
        raise NotActiveError("no mock_aws is active")
    return handle


class MockAWS:
    """Activate eventmock: ``@mock_aws``, ``@mock_aws()``, ``with mock_aws() as aws``,
    ``async with mock_aws() as aws``; on functions, coroutine functions, generator and
    async generator functions, and classes.

    ``mock_aws(wire=True)`` gives an activation that answers through the wire: botocore
    serialises and signs each call, eventmock parses the bytes and answers with the
    bytes AWS would send, which botocore's own parser reads. ``wire=False`` forces the
    fast path; ``None`` (the default) keeps the enclosing activation's mode, or for the
    outermost one reads ``EVENTMOCK_WIRE``.

    ``mock_aws(exclude=["s3", "sqs"])`` hands those services (botocore's names) to the
    mock underneath, such as moto's ``mock_aws``: eventmock neither answers them nor
    keeps their state, and deliveries to their resources (an EventBridge rule's SQS
    target) are made as calls the mock underneath answers. Like ``wire``, it holds for
    the activation that names it; one that does not keeps the enclosing one's.
    """

    def __init__(self, *, wire: bool | None = None, exclude: Iterable[str] | None = None) -> None:
        self.wire = wire
        self.exclude: frozenset[str] | None = None if exclude is None else _service_names(exclude)

    def __repr__(self) -> str:
        options = []
        if self.wire is not None:
            options.append(f"wire={self.wire!r}")
        if self.exclude is not None:
            options.append(f"exclude={sorted(self.exclude)!r}")
        return f"mock_aws({', '.join(options)})" if options else "mock_aws"

    @overload
    def __call__(self, *, wire: bool | None = ..., exclude: Iterable[str] | None = ...) -> MockAWS: ...
    @overload
    def __call__(self, target: T, *, wire: bool | None = ..., exclude: Iterable[str] | None = ...) -> T: ...
    @overload
    def __call__(self, target: F, *, wire: bool | None = ..., exclude: Iterable[str] | None = ...) -> F: ...

    def __call__(self, target: Any = None, *, wire: bool | None = None, exclude: Iterable[str] | None = None) -> Any:
        if (wire is not None and wire != self.wire) or exclude is not None:
            configured = MockAWS(wire=self.wire if wire is None else wire, exclude=self.exclude if exclude is None else exclude)
            return configured if target is None else configured(target)
        if target is None:
            return self
        if isinstance(target, type):
            return self._decorate_class(target)
        if callable(target):
            return self._decorate_function(target)
        raise TypeError(f"mock_aws decorates functions and classes, not {type(target).__name__}")

    # -- context manager ----------------------------------------------------------

    def _enter(self) -> MockedAWS:
        return _activations.enter(self.wire, self.exclude)

    def __enter__(self) -> MockedAWS:
        return self._enter()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        _activations.exit()

    async def __aenter__(self) -> MockedAWS:
        return self._enter()

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        _activations.exit()

    # -- decorators ---------------------------------------------------------------

    def _decorate_function(self, func: F) -> F:
        """The mock spans the whole run of ``func``: for a generator (a yield-style
        fixture), every step of its iteration, up to its close."""
        if inspect.isasyncgenfunction(func):

            @functools.wraps(func)
            async def async_gen_wrapper(*args: Any, **kwargs: Any) -> Any:
                with self:
                    async_gen = func(*args, **kwargs)
                    try:
                        value = await async_gen.__anext__()
                        while True:
                            try:
                                sent = yield value
                            except GeneratorExit:
                                raise
                            except BaseException as exc:  # thrown into the wrapper: pass it on
                                value = await async_gen.athrow(exc)
                            else:
                                value = await async_gen.asend(sent)
                    except StopAsyncIteration:
                        return
                    finally:
                        await async_gen.aclose()

            return async_gen_wrapper  # type: ignore[return-value]

        if inspect.isgeneratorfunction(func):

            @functools.wraps(func)
            def gen_wrapper(*args: Any, **kwargs: Any) -> Any:
                with self:
                    return (yield from func(*args, **kwargs))

            return gen_wrapper  # type: ignore[return-value]

        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                with self:
                    return await func(*args, **kwargs)

            return async_wrapper  # type: ignore[return-value]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self:
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    def _decorate_class(self, cls: T) -> T:
        """Every ``test*`` method runs in a fresh mock. The mock also spans the set-up
        and tear-down around each test (unittest's ``setUp``/``tearDown``, pytest's
        ``setup_method``/``teardown_method``), so what set-up creates, the test sees."""
        for name, attr in list(vars(cls).items()):
            if name.startswith("test") and callable(attr) and not isinstance(attr, type):
                setattr(cls, name, self._decorate_function(attr))
        # A unittest.TestCase subclass can exist only once unittest is imported: not
        # importing it here keeps it out of ``import eventmock``.
        unittest = sys.modules.get("unittest")
        if unittest is not None and issubclass(cls, unittest.TestCase):
            self._span_unittest(cls)
        elif hasattr(cls, "setup_method") or hasattr(cls, "teardown_method"):
            self._span_pytest(cls)
        return cls

    def _span_unittest(self, cls: type[unittest.TestCase]) -> None:
        set_up = cls.setUp

        @functools.wraps(set_up)
        def setUp(test: unittest.TestCase, *args: Any, **kwargs: Any) -> None:
            _activations.enter(self.wire, self.exclude)
            test.addCleanup(_activations.exit)
            set_up(test, *args, **kwargs)

        cls.setUp = setUp  # type: ignore[method-assign,assignment]

    def _span_pytest(self, cls: type) -> None:
        set_up = getattr(cls, "setup_method", None)
        tear_down = getattr(cls, "teardown_method", None)

        def setup_method(test: Any, method: Any = None) -> None:
            _activations.enter(self.wire, self.exclude)
            try:
                if set_up is not None:
                    _call_xunit(set_up, test, method)
            except BaseException:
                _activations.exit()
                raise

        def teardown_method(test: Any, method: Any = None) -> None:
            try:
                if tear_down is not None:
                    _call_xunit(tear_down, test, method)
            finally:
                _activations.exit()

        cls.setup_method = setup_method  # type: ignore[attr-defined]
        cls.teardown_method = teardown_method  # type: ignore[attr-defined]


def _call_xunit(func: Callable[..., Any], test: Any, method: Any) -> None:
    """Call an xunit-style hook that may or may not take the ``method`` argument, as
    pytest allows both."""
    if len(inspect.signature(func).parameters) >= 2:
        func(test, method)
    else:
        func(test)


def _service_names(names: Iterable[str]) -> frozenset[str]:
    if isinstance(names, str):
        names = [names]
    found = frozenset(names)
    for name in found:
        if not isinstance(name, str):
            raise TypeError(f"exclude names services by their botocore names (strings), not {type(name).__name__}")
    return found


mock_aws = MockAWS()
