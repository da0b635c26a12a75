"""Suite-wide settings.

Strict shaping: every response any test receives through boto3 is checked against its
operation's output shape (no unknown members, required members present, right types,
enum values from the model), and every error against its error shape.
"""

from __future__ import annotations

import boto3
import pytest

from eventmock.core import shapes

pytest_plugins = ["pytester"]

shapes.set_strict(True)


@pytest.fixture
def region() -> str:
    return "us-east-1"


@pytest.fixture(scope="session")
def boto3_session() -> boto3.session.Session:
    """One boto3 session for the whole run: a client made from a warm session costs a
    few milliseconds instead of a hundred (the service models are loaded once)."""
    return boto3.session.Session()
