from __future__ import annotations

import pytest

ACCOUNT = "123456789012"


@pytest.fixture
def client_for(eventmock, region, boto3_session):
    """A client of ``service`` whose calls land in ``account`` (a 12-digit access key
    id names the account) and ``region``."""

    def make(service: str = "customer-profiles", account: str = ACCOUNT, region: str = region):
        return boto3_session.client(service, region_name=region, aws_access_key_id=account, aws_secret_access_key="x")

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
