from __future__ import annotations

import boto3
import pytest

ACCOUNT = "123456789012"


@pytest.fixture(scope="session")
def _profiles_session():
    """One boto3 session for the whole run: a client made from a warm session costs a
    few milliseconds instead of a few hundred (the service models are loaded once)."""
    return boto3.session.Session()


@pytest.fixture
def client_for(eventmock, region, _profiles_session):
    """A client of ``service`` whose calls land in ``account`` (a 12-digit access key
    id names the account) and ``region``."""

    def make(service: str = "customer-profiles", account: str = ACCOUNT, region: str = region):
        return _profiles_session.client(service, region_name=region, aws_access_key_id=account, aws_secret_access_key="x")

    return make


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
