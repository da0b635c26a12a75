from __future__ import annotations

import boto3
import pytest


@pytest.fixture
def kinesis(eventmock, region):
    return boto3.client("kinesis", region_name=region)


@pytest.fixture
def stream(kinesis):
    kinesis.create_stream(StreamName="events", ShardCount=2)
    return kinesis.describe_stream(StreamName="events")["StreamDescription"]
