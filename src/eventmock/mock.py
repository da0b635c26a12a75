"""``mock_aws``: one object that is a decorator, a context manager, and a pair of
``start()``/``stop()`` calls, all entering the activation stack of
:mod:`eventmock.core.activation` and giving the handle (:mod:`eventmock.handle`).

``mock_aws(wire=True)`` answers through the wire (:mod:`eventmock.core.wire`) instead
of the fast path. The mode is scoped like the activation: an activation that names it
(``wire=True`` or ``wire=False``) sets it until it exits, one that does not keeps the
enclosing activation's mode, and the outermost one that does not reads
``EVENTMOCK_WIRE`` when it is entered.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import Any, TypeVar, overload

from eventmock.core import activation, leniency
from eventmock.handle import MockedAWS, handle_for

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T", bound=type)


class MockAWS:
    """Activate eventmock: ``@mock_aws``, ``@mock_aws()``, ``with mock_aws() as aws``,
    ``async with mock_aws() as aws``, ``mock_aws.start()``/``mock_aws.stop()``; on
    functions, coroutine functions, generator and async generator functions, and
    classes.

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

    ``mock_aws(lenient=True)`` answers the checks AWS makes and moto does not as moto
    does, and records each such call (``aws.violations``); ``limits={"sqs.purge_interval":
    0}`` relaxes one of AWS's limits for the activation (:mod:`eventmock.core.leniency`,
    docs/moto.md). Both hold like ``wire``.
    """

    def __init__(
        self,
        *,
        wire: bool | None = None,
        exclude: Iterable[str] | None = None,
        lenient: bool | None = None,
        limits: Mapping[str, float] | None = None,
    ) -> None:
        self.wire = wire
        self.exclude: frozenset[str] | None = None if exclude is None else _service_names(exclude)
        self.lenient = lenient
        self.limits: dict[str, float] | None = None if limits is None else leniency.checked_limits(limits)

    def __repr__(self) -> str:
        options = []
        if self.wire is not None:
            options.append(f"wire={self.wire!r}")
        if self.exclude is not None:
            options.append(f"exclude={sorted(self.exclude)!r}")
        if self.lenient is not None:
            options.append(f"lenient={self.lenient!r}")
        if self.limits is not None:
            options.append(f"limits={self.limits!r}")
        return f"mock_aws({', '.join(options)})" if options else "mock_aws"

    @overload
    def __call__(self, *, wire: bool | None = ..., exclude: Iterable[str] | None = ..., lenient: bool | None = ..., limits: Mapping[str, float] | None = ...) -> MockAWS: ...
    @overload
    def __call__(self, target: T, *, wire: bool | None = ..., exclude: Iterable[str] | None = ..., lenient: bool | None = ..., limits: Mapping[str, float] | None = ...) -> T: ...
    @overload
    def __call__(self, target: F, *, wire: bool | None = ..., exclude: Iterable[str] | None = ..., lenient: bool | None = ..., limits: Mapping[str, float] | None = ...) -> F: ...

    def __call__(
        self,
        target: Any = None,
        *,
        wire: bool | None = None,
        exclude: Iterable[str] | None = None,
        lenient: bool | None = None,
        limits: Mapping[str, float] | None = None,
    ) -> Any:
        if (wire is not None and wire != self.wire) or exclude is not None or lenient is not None or limits is not None:
            configured = MockAWS(
                wire=self.wire if wire is None else wire,
                exclude=self.exclude if exclude is None else exclude,
                lenient=self.lenient if lenient is None else lenient,
                limits=self.limits if limits is None else limits,
            )
            return configured if target is None else configured(target)
        if target is None:
            return self
        if isinstance(target, type):
            return self._decorate_class(target)
        if callable(target):
            return self._decorate_function(target)
        raise TypeError(f"mock_aws decorates functions and classes, not {type(target).__name__}")

    # -- context manager, start and stop -------------------------------------------

    def _enter(self) -> None:
        activation.enter(self.wire, self.exclude, self.lenient, self.limits)

    def __enter__(self) -> MockedAWS:
        return handle_for(activation.enter(self.wire, self.exclude, self.lenient, self.limits))

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        activation.leave()

    async def __aenter__(self) -> MockedAWS:
        return self.__enter__()

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        activation.leave()

    def start(self, reset: bool = True) -> MockedAWS:
        """Enter the mock until :meth:`stop` (moto's ``start``, for ``setUp``/``setUpClass``
        and module fixtures); gives the handle. Starts nest like ``with`` blocks: the
        outermost starts with fresh state, an inner one shares it. ``reset`` is moto's
        argument and changes nothing here: as in moto, only the outermost start resets,
        and eventmock keeps no state from a stopped mock to start again with."""
        return self.__enter__()

    def stop(self) -> None:
        """Leave the mock entered by :meth:`start` (the outermost stop drops the state);
        :class:`~eventmock.NotActiveError` if no mock is active."""
        activation.leave()

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
        """Every ``test*`` method, its own or inherited, static or class method, runs in
        a mock. The mock also spans the set-up and tear-down around each test
        (unittest's ``setUp``/``tearDown``, pytest's ``setup_method``/``teardown_method``),
        so what set-up creates, the test sees; and, when the class has class-level
        set-up or tear-down (``setUpClass``/``tearDownClass``,
        ``setup_class``/``teardown_class``), one mock spans the whole class, from its
        set-up to its tear-down, and the tests share its state."""
        for name, raw in _test_methods(cls):
            if isinstance(raw, staticmethod):
                setattr(cls, name, staticmethod(self._decorate_function(raw.__func__)))
            elif isinstance(raw, classmethod):
                setattr(cls, name, classmethod(self._decorate_function(raw.__func__)))
            else:
                setattr(cls, name, self._decorate_function(raw))
        # A unittest.TestCase subclass can exist only once unittest is imported: not
        # importing it here keeps it out of ``import eventmock``.
        unittest = sys.modules.get("unittest")
        if unittest is not None and issubclass(cls, unittest.TestCase):
            self._span_unittest_class(cls, unittest.TestCase)
            self._span_unittest(cls)
        else:
            self._span_pytest_class(cls)
            self._span_pytest(cls)
        return cls

    def _span_unittest(self, cls: Any) -> None:
        set_up = cls.setUp

        @functools.wraps(set_up)
        def setUp(test: Any, *args: Any, **kwargs: Any) -> None:
            self._enter()
            test.addCleanup(activation.leave)
            set_up(test, *args, **kwargs)

        cls.setUp = setUp

    def _span_unittest_class(self, cls: Any, test_case: type) -> None:
        """One mock from ``setUpClass`` to ``tearDownClass``, when the class (or a base
        below ``TestCase``) defines either. It is left by a class cleanup, which unittest
        (and pytest) run after ``tearDownClass``, and also when ``setUpClass`` fails."""
        default = vars(test_case)
        if all(inspect.getattr_static(cls, n) is default[n] for n in ("setUpClass", "tearDownClass")):
            return
        set_up = inspect.getattr_static(cls, "setUpClass")

        def setUpClass(klass: Any) -> None:
            self._enter()
            klass.addClassCleanup(activation.leave)
            set_up.__get__(None, klass)()

        cls.setUpClass = classmethod(functools.wraps(getattr(set_up, "__func__", set_up))(setUpClass))

    def _span_pytest(self, cls: Any) -> None:
        set_up = getattr(cls, "setup_method", None)
        tear_down = getattr(cls, "teardown_method", None)
        if set_up is None and tear_down is None:
            return

        def setup_method(test: Any, method: Any = None) -> None:
            self._enter()
            try:
                if set_up is not None:
                    _call_xunit(set_up, test, method)
            except BaseException:
                activation.leave()
                raise

        def teardown_method(test: Any, method: Any = None) -> None:
            try:
                if tear_down is not None:
                    _call_xunit(tear_down, test, method)
            finally:
                activation.leave()

        cls.setup_method = setup_method
        cls.teardown_method = teardown_method

    def _span_pytest_class(self, cls: Any) -> None:
        """One mock from ``setup_class`` to ``teardown_class``, when the class defines
        either (pytest calls ``teardown_class`` only after ``setup_class`` succeeded)."""
        set_up = inspect.getattr_static(cls, "setup_class", None)
        tear_down = inspect.getattr_static(cls, "teardown_class", None)
        if set_up is None and tear_down is None:
            return

        def setup_class(klass: Any) -> None:
            self._enter()
            try:
                if set_up is not None:
                    _call_class_hook(set_up, klass)
            except BaseException:
                activation.leave()
                raise

        def teardown_class(klass: Any) -> None:
            try:
                if tear_down is not None:
                    _call_class_hook(tear_down, klass)
            finally:
                activation.leave()

        cls.setup_class = classmethod(setup_class)
        cls.teardown_class = classmethod(teardown_class)


def _test_methods(cls: type) -> list[tuple[str, Any]]:
    """The ``test*`` methods a test runner finds on ``cls``, its own and inherited (the
    one its MRO resolves), as stored (functions, static and class methods); nested
    classes and other attributes are left out, as are unittest's own."""
    found: dict[str, Any] = {}
    for klass in cls.__mro__:
        if klass is object or klass.__module__.startswith("unittest"):
            continue
        for name, raw in vars(klass).items():
            if not name.startswith("test") or name in found:
                continue
            found[name] = raw
    return [
        (name, raw)
        for name, raw in found.items()
        if isinstance(raw, (staticmethod, classmethod)) or (callable(raw) and not isinstance(raw, type))
    ]


def _call_xunit(func: Callable[..., Any], test: Any, method: Any) -> None:
    """Call an xunit-style hook that may or may not take the ``method`` argument, as
    pytest allows both."""
    if len(inspect.signature(func).parameters) >= 2:
        func(test, method)
    else:
        func(test)


def _call_class_hook(raw: Any, cls: type) -> None:
    """Call a pytest class hook as stored on the class: a class method, or a static
    method or plain function taking the class or nothing, as pytest allows."""
    if isinstance(raw, classmethod):
        raw.__func__(cls)
        return
    func = raw.__func__ if isinstance(raw, staticmethod) else raw
    if inspect.signature(func).parameters:
        func(cls)
    else:
        func()


def _service_names(names: Iterable[str]) -> frozenset[str]:
    if isinstance(names, str):
        names = [names]
    found = frozenset(names)
    for name in found:
        if not isinstance(name, str):
            raise TypeError(f"exclude names services by their botocore names (strings), not {type(name).__name__}")
    return found


mock_aws = MockAWS()
