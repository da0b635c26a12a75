from __future__ import annotations

import pytest


@pytest.fixture
def default_service():
    """The service of ``client_for()`` (tests/conftest.py)."""
    return "dataexchange"


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
