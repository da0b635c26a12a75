from __future__ import annotations

import pytest
from dataexchange_support import ACCOUNT


@pytest.fixture
def client_for(eventmock, region, boto3_session):
    """A client of ``service`` whose calls land in ``account`` (a 12-digit access key
    id names the account) and ``region``."""

    def make(service: str = "dataexchange", account: str = ACCOUNT, region: str = region):
        return boto3_session.client(service, region_name=region, aws_access_key_id=account, aws_secret_access_key="x")

    return make


@pytest.fixture
def dx(client_for):
    return client_for()


@pytest.fixture
def s3(client_for):
    return client_for("s3")


@pytest.fixture
def data_set(dx):
    return dx.create_data_set(AssetType="S3_SNAPSHOT", Name="prices", Description="Daily prices")


@pytest.fixture
def revision(dx, data_set):
    return dx.create_revision(DataSetId=data_set["Id"], Comment="day 1")


@pytest.fixture
def source(s3):
    """A provider bucket holding two objects."""
    s3.create_bucket(Bucket="provider-data")
    s3.put_object(Bucket="provider-data", Key="prices/2026-01-01.csv", Body=b"sku,price\na,1\n")
    s3.put_object(Bucket="provider-data", Key="prices/2026-01-02.csv", Body=b"sku,price\na,2\n")
    return "provider-data"


@pytest.fixture
def destination(s3):
    s3.create_bucket(Bucket="subscriber-data")
    return "subscriber-data"
