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


@pytest.fixture
def no_system_zones():
    """No time-zone database on the system (Windows, slim images): zoneinfo has only
    the ``tzdata`` package."""
    import zoneinfo

    zoneinfo.reset_tzpath(to=[])
    zoneinfo.ZoneInfo.clear_cache()
    yield
    zoneinfo.reset_tzpath()
    zoneinfo.ZoneInfo.clear_cache()


@pytest.fixture
def no_zone_database(no_system_zones, monkeypatch):
    """No time-zone database at all: neither the system's nor the ``tzdata`` package."""
    import sys

    for name in [m for m in sys.modules if m.startswith("tzdata.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "tzdata", None)
