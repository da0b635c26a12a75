"""eventmock next to moto: the fixture the coexistence tests run under."""

from __future__ import annotations

import pytest

from eventmock import mock_aws


@pytest.fixture(params=["moto outside", "moto inside"])
def both(request):
    """eventmock and moto both active, entered in either order."""
    moto = pytest.importorskip("moto")
    if request.param == "moto outside":
        with moto.mock_aws(), mock_aws() as aws:
            yield aws
    else:
        with mock_aws() as aws, moto.mock_aws():
            yield aws
