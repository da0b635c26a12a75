from __future__ import annotations

import boto3
import pytest
from events_support import ACCOUNT


@pytest.fixture(scope="session")
def _boto3_session():
    """One boto3 session for the whole run: a client made from a warm session costs a
    few milliseconds instead of a hundred (the service model is loaded once)."""
    return boto3.session.Session()


@pytest.fixture
def client_for(eventmock, region, _boto3_session):
    """An events client whose calls land in ``account`` (a 12-digit access key id names
    the account, as with any eventmock client)."""

    def make(account: str = ACCOUNT, region: str = region):
        return _boto3_session.client("events", region_name=region, aws_access_key_id=account, aws_secret_access_key="x")

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
