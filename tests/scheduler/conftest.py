from __future__ import annotations

import pytest


@pytest.fixture
def default_service() -> str:
    return "scheduler"


@pytest.fixture
def scheduler(client_for):
    return client_for()


@pytest.fixture
def sqs(client_for):
    return client_for("sqs")
