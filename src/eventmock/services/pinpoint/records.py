"""Pinpoint's event-stream record for an app event, as AWS documents it ("App event
data stream from Amazon Pinpoint"): snake_case keys, Unix-millisecond timestamps,
``event_version`` 3.1, and empty objects rather than missing ones for ``attributes``
and ``metrics``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from eventmock.core import timestamps

EVENT_VERSION = "3.1"


def _millis(text: str) -> int:
    """Raises :class:`ValueError` for a text that is no timestamp."""
    return int(timestamps.parse(text).timestamp() * 1000)


def problem(event: dict[str, Any]) -> str | None:
    """Why an event is refused (its item gets status 400), or ``None``."""
    if not event["EventType"]:
        return "EventType must not be empty"
    checks = [("Timestamp", event["Timestamp"])]
    session = event.get("Session")
    if session:
        checks += [("Session.StartTimestamp", session["StartTimestamp"]), ("Session.StopTimestamp", session.get("StopTimestamp"))]
    for name, value in checks:
        if value is None:
            continue
        try:
            _millis(value)
        except ValueError:
            return f"Invalid {name}: {value}. It must be an ISO 8601 timestamp"
    return None


def _drop_empty(value: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in value.items() if v is not None and v != {}}


def app_event(
    app_id: str, account_id: str, endpoint_id: str, endpoint: dict[str, Any], event: dict[str, Any], arrival: dt.datetime
) -> bytes:
    """The JSON record Pinpoint streams for one app event."""
    demographic = endpoint.get("Demographic") or {}
    locale = demographic.get("Locale")
    language, _, country = (locale or "").partition("_")
    session = event.get("Session") or {}
    record = {
        "event_type": event["EventType"],
        "event_timestamp": _millis(event["Timestamp"]),
        "arrival_timestamp": int(arrival.timestamp() * 1000),
        "event_version": EVENT_VERSION,
        "application": _drop_empty(
            {
                "app_id": app_id,
                "package_name": event.get("AppPackageName"),
                "sdk": _drop_empty({"name": event.get("SdkName"), "version": event.get("ClientSdkVersion")}),
                "title": event.get("AppTitle"),
                "version_code": event.get("AppVersionCode"),
            }
        ),
        "client": {"client_id": endpoint_id},
        "device": _drop_empty(
            {
                "locale": _drop_empty({"code": locale, "country": country or None, "language": language or None}) if locale else None,
                "make": demographic.get("Make"),
                "model": demographic.get("Model"),
                "model_version": demographic.get("ModelVersion"),
                "platform": _drop_empty({"name": demographic.get("Platform"), "version": demographic.get("PlatformVersion")}),
            }
        ),
        "session": _drop_empty(
            {
                "session_id": session.get("Id"),
                "start_timestamp": _millis(session["StartTimestamp"]) if session.get("StartTimestamp") else None,
                "stop_timestamp": _millis(session["StopTimestamp"]) if session.get("StopTimestamp") else None,
            }
        ),
        "attributes": event.get("Attributes") or {},
        "metrics": event.get("Metrics") or {},
        "awsAccountId": account_id,
        "endpoint": endpoint,
    }
    return json.dumps(record, separators=(",", ":")).encode()
