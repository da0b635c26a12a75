"""``import eventmock`` in a fresh interpreter, alone and on top of boto3.

Two measures, each the median over fresh interpreters:

``-X importtime``
    the cumulative microseconds CPython reports for the top-level ``eventmock``
    import (with boto3 already imported, what boto3 had loaded is not counted
    again). The instrumentation inflates absolute figures a little.
wall time
    of ``python -c "import boto3; import eventmock"`` minus ``python -c "import
    boto3"``: what a user's process start-up pays.

Bytecode caches are written and used (in a temporary ``PYTHONPYCACHEPREFIX``), as an
installed package has them.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .suite import bytecode_env

_LINE = re.compile(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


@dataclass
class ImportTiming:
    #: ``-X importtime`` cumulative seconds of the top-level module.
    importtime: float
    #: Wall seconds added to the interpreter's start-up (``None``: not measured).
    wall: float | None = None


def _importtime(code: str, module: str, env: dict[str, str]) -> float:
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], env=env, capture_output=True, text=True, check=True)
    for line in done.stderr.splitlines():
        found = _LINE.match(line)
        if found and found.group(4) == module and found.group(3) == " ":
            return int(found.group(2)) / 1e6
    raise RuntimeError(f"{module} not in the -X importtime output of {code!r}")


def _wall(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    return time.perf_counter() - start


#: (label, code, top-level module whose cumulative time is reported, baseline code)
CASES = [
    ("eventmock, nothing imported before", "import eventmock", "eventmock", "pass"),
    ("eventmock, boto3 imported before", "import boto3; import eventmock", "eventmock", "import boto3"),
    ("boto3 alone (reference)", "import boto3", "boto3", "pass"),
]
MOTO_CASES = [
    ("moto (`from moto import mock_aws`), boto3 imported before", "import boto3; from moto import mock_aws", "moto", "import boto3"),
]


def run(repeat: int, with_moto: bool, quick: bool = False) -> dict[str, ImportTiming]:
    """``quick``: the two eventmock cases, ``-X importtime`` only (a smoke run)."""
    cases = CASES[:2] if quick else CASES + (MOTO_CASES if with_moto else [])
    with tempfile.TemporaryDirectory(prefix="eventmock-bench-import-") as tmp:
        env = bytecode_env(Path(tmp))
        for _, code, _, _ in cases:
            _wall(code, env)  # write the bytecode caches
        importtimes: dict[str, list[float]] = {label: [] for label, *_ in cases}
        walls: dict[str, list[float]] = {label: [] for label, *_ in cases}
        for _ in range(repeat):
            for label, code, module, baseline in cases:
                importtimes[label].append(_importtime(code, module, env))
                if not quick:
                    walls[label].append(_wall(code, env) - _wall(baseline, env))
    return {
        label: ImportTiming(statistics.median(importtimes[label]), statistics.median(walls[label]) if walls[label] else None)
        for label, *_ in cases
    }
