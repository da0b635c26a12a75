from __future__ import annotations

import boto3
import pytest


@pytest.fixture
def client(eventmock, region):
    return boto3.client("pinpoint", region_name=region)


@pytest.fixture
def app(client):
    return client.create_app(CreateApplicationRequest={"Name": "my-app"})["ApplicationResponse"]
