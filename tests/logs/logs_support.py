"""Plain helpers of the CloudWatch Logs tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

#: The frozen "now" of most tests, and the same in epoch milliseconds.
NOW = dt.datetime(2026, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)
NOW_MS = int(NOW.timestamp() * 1000)
MINUTE = 60_000
HOUR = 60 * MINUTE
DAY = 24 * HOUR


def error_of(info: Any) -> tuple[str, str]:
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


def events(*items: tuple[int, str]) -> list[dict[str, Any]]:
    return [{"timestamp": timestamp, "message": message} for timestamp, message in items]
