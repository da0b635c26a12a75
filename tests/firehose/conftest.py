from __future__ import annotations

import boto3
import pytest

ROLE = "arn:aws:iam::123456789012:role/firehose-delivery"
BUCKET = "lake"
BUCKET_ARN = f"arn:aws:s3:::{BUCKET}"

#: Clients made once (a client made before a mock is entered is answered by it).
_CLIENTS: dict[tuple[str, str, str], object] = {}
_SESSION = boto3.session.Session()


def _client(service: str, region: str = "us-east-1", access_key: str = "testing"):
    key = (service, region, access_key)
    if key not in _CLIENTS:
        _CLIENTS[key] = _SESSION.client(service, region_name=region, aws_access_key_id=access_key, aws_secret_access_key="x")
    return _CLIENTS[key]


@pytest.fixture
def firehose(eventmock):
    return _client("firehose")


@pytest.fixture
def s3(eventmock):
    return _client("s3")


@pytest.fixture
def client(eventmock):
    return _client


@pytest.fixture
def lake(s3):
    s3.create_bucket(Bucket=BUCKET)
    return BUCKET


@pytest.fixture
def stream(firehose, lake):
    """An extended S3 delivery stream into ``lake``, prefix ``events/``, with zero
    buffering (each put is delivered during its call; buffering has its own tests)."""
    return firehose.create_delivery_stream(
        DeliveryStreamName="events",
        ExtendedS3DestinationConfiguration={
            "RoleARN": ROLE,
            "BucketARN": BUCKET_ARN,
            "Prefix": "events/",
            "BufferingHints": {"IntervalInSeconds": 0},
        },
    )["DeliveryStreamARN"]
