from __future__ import annotations

import pytest
from events_support import ACCOUNT


@pytest.fixture
def client_for(eventmock, region, boto3_session):
    """An events client whose calls land in ``account`` (a 12-digit access key id names
    the account, as with any eventmock client)."""

    def make(account: str = ACCOUNT, region: str = region):
        return boto3_session.client("events", region_name=region, aws_access_key_id=account, aws_secret_access_key="x")

    return make


@pytest.fixture
def events(client_for):
    return client_for()


@pytest.fixture
def deliveries(eventmock, region):
    """The (event, rule, target) matches recorded by an account's events backend."""

    def get(account: str = ACCOUNT, region: str = region):
        return eventmock.backend("events", account, region).deliveries

    return get
