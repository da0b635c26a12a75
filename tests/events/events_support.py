"""Plain helpers for the EventBridge tests (fixtures live in conftest.py)."""

from __future__ import annotations

import json
from typing import Any

ACCOUNT = "123456789012"
OTHER_ACCOUNT = "210987654321"
PATTERN = json.dumps({"source": ["shop"]})
QUEUE = f"arn:aws:sqs:us-east-1:{ACCOUNT}:queue"


def entry(detail: Any = None, **fields: Any) -> dict[str, Any]:
    """A PutEvents entry from the ``shop`` source (override anything with ``fields``)."""
    return {"Source": "shop", "DetailType": "OrderPlaced", "Detail": json.dumps(detail or {"id": 1}), **fields}


def error_of(info: Any) -> tuple[str, str]:
    """(code, message) of a ``pytest.raises`` ClientError."""
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


def status_of(info: Any) -> int:
    return info.value.response["ResponseMetadata"]["HTTPStatusCode"]
