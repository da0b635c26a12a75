"""The package's surface: what ``import eventmock`` loads, and its public names."""

from __future__ import annotations

import subprocess
import sys

import pytest

import eventmock


def test_import_loads_no_backend_and_not_unittest():
    code = (
        "import sys, eventmock; "
        "print(sorted(m for m in sys.modules if m.startswith('eventmock.services') or m == 'unittest'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_public_name_resolves():
    for name in eventmock.__all__:
        assert getattr(eventmock, name) is not None
    assert eventmock.publish_revision.__module__ == "eventmock.services.dataexchange.backend"
    assert eventmock.register_lambda.__module__ == "eventmock.services.lambda_.backend"


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        eventmock.no_such_name  # noqa: B018
