"""A 1,000-test pytest suite, run in a subprocess: its trivial tests without a mock,
with the ``eventmock`` fixture, and with the moto equivalent (a fixture around
``moto.mock_aws()``, since moto ships no fixture).

Every variant's ``conftest.py`` imports the same modules (boto3, and moto when it is
compared), so import time cancels out of the differences; eventmock's plugin is
loaded in every variant, as it is wherever eventmock is installed. What is left
between a variant and the plain suite is the fixture: one activation and one exit
per test, plus pytest's own fixture machinery, which the "no-op fixture" variant (a
fixture that only yields) measures apart.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CONFTEST = """\
import boto3  # noqa: F401
{moto_import}
import pytest


@pytest.fixture
def noop():
    yield


@pytest.fixture
def moto_aws():
    from moto import mock_aws

    with mock_aws():
        yield
"""

TEST = """\
def test_{i}({fixture}):
    assert True
"""


@dataclass
class SuiteTiming:
    #: Wall seconds of the whole pytest run (median over repeats).
    wall: float
    #: CPU seconds of the pytest process (user + system; median over repeats).
    cpu: float


def _write(directory: Path, tests: int, fixture: str, with_moto: bool) -> None:
    directory.mkdir(parents=True)
    (directory / "conftest.py").write_text(CONFTEST.format(moto_import="import moto  # noqa: F401" if with_moto else ""))
    body = "\n\n".join(TEST.format(i=i, fixture=fixture) for i in range(tests))
    (directory / "test_suite.py").write_text(body)


def bytecode_env(cache: Path) -> dict[str, str]:
    """The environment of a child interpreter that writes and reads bytecode caches
    (under ``cache``, outside the source tree): a user's installed eventmock has
    them, and a run without them would time the compiler."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def _run_pytest(directory: Path, env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-header", "-p", "no:randomly", str(directory)],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        raise RuntimeError(f"the generated suite failed:\n{completed.stdout[-2000:]}\n{completed.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def run(tests: int, repeat: int, with_moto: bool, quick: bool = False) -> dict[str, SuiteTiming]:
    """``quick``: no warm-up run and no no-op variant (a smoke run, seconds)."""
    variants = {"no fixture": "", "eventmock fixture": "eventmock"}
    if not quick:
        variants = {"no fixture": "", "no-op fixture": "noop", "eventmock fixture": "eventmock"}
    if with_moto:
        variants["moto fixture"] = "moto_aws"
    with tempfile.TemporaryDirectory(prefix="eventmock-bench-suite-") as tmp:
        root = Path(tmp)
        # A quick run has no warm-up, so it keeps the caller's bytecode settings (a fresh
        # cache prefix would time the compilation of every module).
        env = dict(os.environ) if quick else bytecode_env(root / "pycache")
        for name, fixture in variants.items():
            _write(root / name.replace(" ", "_"), tests, fixture, with_moto)
        for name in () if quick else variants:  # warm-up: bytecode caches, the OS's file cache
            _run_pytest(root / name.replace(" ", "_"), env)
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
        for _ in range(repeat):
            for name in variants:
                samples[name].append(_run_pytest(root / name.replace(" ", "_"), env))
    return {
        name: SuiteTiming(statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
        for name, runs in samples.items()
    }
