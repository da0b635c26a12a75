"""The package's surface: what ``import eventmock`` loads, and its public names."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

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


def _installed_here() -> metadata.Distribution | None:
    """The installed distribution of eventmock, if it is the one imported here (a
    source tree on ``PYTHONPATH`` next to another install is not)."""
    try:
        dist = metadata.distribution("eventmock")
    except metadata.PackageNotFoundError:
        return None
    imported = Path(eventmock.__file__).resolve()
    for file in dist.files or []:
        if file.as_posix() == "eventmock/__init__.py":
            return dist if Path(str(dist.locate_file(file))).resolve() == imported else None
    direct = json.loads(dist.read_text("direct_url.json") or "{}")  # an editable install
    if direct.get("dir_info", {}).get("editable"):
        source = Path(unquote(urlsplit(direct["url"]).path)).resolve()
        return dist if source / "src" / "eventmock" / "__init__.py" == imported else None
    return None


def test_the_version_is_the_installed_metadata():
    """pyproject.toml reads the version from ``eventmock.__version__``: an install
    states the same version (``eventmock --version`` prints it, tests/wire/test_server_process.py)."""
    dist = _installed_here()
    if dist is None:
        pytest.skip("the eventmock imported here is not an installed one")
    assert dist.version == eventmock.__version__
