from __future__ import annotations

import boto3
import pytest

#: Clients by (region, access key), made once: loading S3's model and endpoint rules
#: takes a third of a second per session. A client made before a mock is entered is
#: answered by it all the same; a 12-digit access key names the account.
_CLIENTS: dict[tuple[str, str], object] = {}
_SESSION = boto3.session.Session()


def _client(region: str, access_key: str):
    key = (region, access_key)
    if key not in _CLIENTS:
        _CLIENTS[key] = _SESSION.client("s3", region_name=region, aws_access_key_id=access_key, aws_secret_access_key="x")
    return _CLIENTS[key]


@pytest.fixture
def s3(eventmock, region):
    return _client(region, "testing")


@pytest.fixture
def bucket(s3):
    s3.create_bucket(Bucket="exports")
    return "exports"


@pytest.fixture
def client(eventmock):
    """Makes an S3 client of another region, or account (a 12-digit access key id)."""

    def make(region="us-east-1", account=None):
        return _client(region, account or "testing")

    return make
