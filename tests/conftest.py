"""Suite-wide settings.

Strict shaping: every response any test receives through boto3 is checked against its
operation's output shape (no unknown members, required members present, right types,
enum values from the model), and every error against its error shape.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator

import boto3
import botocore
import botocore.session
import hypothesis
import pytest

import eventmock
from eventmock import DEFAULT_ACCOUNT_ID
from eventmock.core import shapes
from eventmock.core.store import Store

pytest_plugins = ["pytester"]

# Under an older botocore (CI's lowest leg runs 1.40), a backend answers members its
# models lack (``deletionProtectionEnabled`` of a log group): the fast path leaves
# them out, as botocore's parser skips them on the wire; strict mode refuses unknown
# members only under a botocore whose models know every member eventmock answers.
shapes.set_strict(True, refuse_unknown=tuple(int(p) for p in botocore.__version__.split(".")[:2]) >= (1, 44))

# No per-example deadline: CI shares two cores, and a slow example under load is not a
# failure of what the properties assert.
hypothesis.settings.register_profile("eventmock", deadline=None)
hypothesis.settings.load_profile("eventmock")


class _Caught(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "model(service, shape, member): the test needs a botocore whose model of service has that member "
        "(the suite runs on the oldest botocore pyproject allows too; there it is skipped)",
    )


@functools.cache
def _model_has(service: str, shape: str, member: str) -> bool:
    model = botocore.session.get_session().get_service_model(service)
    return shape in model.shape_names and member in model.shape_for(shape).members


@pytest.fixture(autouse=True)
def model_features(request: pytest.FixtureRequest) -> None:
    """Skips a test marked ``model(...)`` on a botocore whose model lacks the member."""
    for mark in request.node.iter_markers("model"):
        if not _model_has(*mark.args):
            pytest.skip(f"botocore {botocore.__version__}'s {mark.args[0]} model has no {mark.args[1]}.{mark.args[2]}")


@pytest.fixture(autouse=True)
def no_internal_failure(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fails a test in which eventmock's net caught an exception from inside a backend
    (answered ``InternalFailure``, logged on the ``eventmock`` logger): every input,
    however bad, must get AWS's own answer. A test of the net itself is marked
    ``internal_failure``."""
    handler = _Caught()
    logger = logging.getLogger("eventmock")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if handler.records and request.node.get_closest_marker("internal_failure") is None:
        first = handler.records[0]
        pytest.fail(f"eventmock's net caught {len(handler.records)} internal failure(s); first: {first.getMessage()}\n"
                    + (logging.Formatter().formatException(first.exc_info) if first.exc_info else ""))


@pytest.fixture
def region() -> str:
    return "us-east-1"


@pytest.fixture(scope="session")
def boto3_session() -> boto3.session.Session:
    """One boto3 session for the whole run: a client made from a warm session costs a
    few milliseconds instead of a hundred (the service models are loaded once)."""
    return boto3.session.Session()


@pytest.fixture
def client_for(eventmock, region, boto3_session, default_service):
    """A client of ``service`` (the folder's ``default_service`` unless named) whose
    calls land in ``account`` (a 12-digit access key id names the account) and
    ``region``."""

    def make(service: str | None = None, account: str = DEFAULT_ACCOUNT_ID, region: str = region):
        return boto3_session.client(
            service or default_service, region_name=region, aws_access_key_id=account, aws_secret_access_key="x"
        )

    return make


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, Store]]:
    """eventmock's HTTP server on a free loopback port, one per test module, with its
    own store: ``(endpoint_url, store)``."""
    store = Store()
    with eventmock.server(store=store) as endpoint_url:
        yield endpoint_url, store


@pytest.fixture
def endpoint(served: tuple[str, Store]) -> str:
    """The served endpoint's URL, its state reset for the test."""
    endpoint_url, store = served
    store.reset()
    return endpoint_url
