"""The ``eventmock`` pytest fixture, registered through the ``pytest11`` entry point.

Installing eventmock is enough to use it:

    def test_app(eventmock):
        client = boto3.client("pinpoint", region_name="us-east-1")
        ...

Loading this plugin imports eventmock at pytest start-up, before any test module, so
every botocore session a test suite creates carries eventmock's hooks.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eventmock import MockedAWS, mock_aws


@pytest.fixture
def eventmock() -> Iterator[MockedAWS]:
    """A fresh emulated AWS for one test; yields the active handle."""
    with mock_aws() as aws:
        yield aws
