from __future__ import annotations

import pytest


@pytest.fixture
def default_service() -> str:
    return "kinesis"
