from __future__ import annotations

import pytest


@pytest.fixture
def default_service():
    return "secretsmanager"


@pytest.fixture
def sm(client_for):
    return client_for()
