"""Plain helpers of the Secrets Manager tests."""

from __future__ import annotations

from typing import Any


def error_of(info: Any) -> tuple[str, str]:
    """The code and message of a ``pytest.raises`` ClientError."""
    error = info.value.response["Error"]
    return error["Code"], error["Message"]
