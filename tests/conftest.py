"""Suite-wide settings.

Strict shaping: every response any test receives through boto3 is checked against its
operation's output shape (no unknown members, required members present, right types,
enum values from the model), and every error against its error shape.
"""

from __future__ import annotations

import pytest

from eventmock.core import shapes

pytest_plugins = ["pytester"]

shapes.set_strict(True)


@pytest.fixture
def region() -> str:
    return "us-east-1"
