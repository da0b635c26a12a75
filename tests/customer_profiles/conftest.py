from __future__ import annotations

import pytest

ACCOUNT = "123456789012"


@pytest.fixture
def default_service():
    """The service of ``client_for()`` (tests/conftest.py)."""
    return "customer-profiles"


@pytest.fixture
def client(client_for):
    return client_for()


@pytest.fixture
def domain(client):
    return client.create_domain(DomainName="shop", DefaultExpirationDays=365)


@pytest.fixture
def kinesis(client_for):
    return client_for("kinesis")


@pytest.fixture
def stream_arn(kinesis, region):
    kinesis.create_stream(StreamName="profile-events", ShardCount=1)
    return f"arn:aws:kinesis:{region}:{ACCOUNT}:stream/profile-events"
