from __future__ import annotations

import pytest


@pytest.fixture
def default_service():
    return "logs"


@pytest.fixture
def logs(client_for):
    return client_for()


@pytest.fixture
def group(logs):
    logs.create_log_group(logGroupName="/shop/orders")
    logs.create_log_stream(logGroupName="/shop/orders", logStreamName="web-1")
    return "/shop/orders"
