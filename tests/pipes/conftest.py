from __future__ import annotations

import pytest


@pytest.fixture
def default_service() -> str:
    return "pipes"


@pytest.fixture
def pipes(client_for):
    return client_for()


@pytest.fixture
def sqs(client_for):
    return client_for("sqs")


@pytest.fixture
def kinesis(client_for):
    return client_for("kinesis")


@pytest.fixture
def events(client_for):
    return client_for("events")


@pytest.fixture
def aws_handle(eventmock):
    """The mock's handle (``aws.advance``)."""
    return eventmock
