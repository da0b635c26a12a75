"""The machine and the versions a run measured, and what is installed."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import sys
from typing import Any


def version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def moto_available() -> bool:
    """moto 5.x is installed (the ``bench`` extra); CI installs only ``.[test]``."""
    found = version("moto")
    return found is not None and found.split(".")[0] == "5"


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_average() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def describe() -> dict[str, Any]:
    return {
        "cpu": f"{os.cpu_count()} cores ({cpu_model()}, {platform.machine()})",
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "boto3": version("boto3"),
        "botocore": version("botocore"),
        "eventmock": version("eventmock"),
        "moto": version("moto"),
        "pytest": version("pytest"),
        "load": load_average(),
        "executable": sys.executable,
    }
