"""Helpers of the Logs Insights tests: put events, run a query to completion."""

from __future__ import annotations

from typing import Any

from logs_support import NOW

NOW_S = int(NOW.timestamp())


def put(logs: Any, group: str, *items: tuple[int, str], stream: str = "web-1") -> None:
    logs.put_log_events(
        logGroupName=group, logStreamName=stream, logEvents=[{"timestamp": t, "message": m} for t, m in items]
    )


def complete(logs: Any, query_id: str) -> dict[str, Any]:
    """GetQueryResults until the query is complete (twice: Running, then Complete)."""
    first = logs.get_query_results(queryId=query_id)
    assert first["status"] == "Running" and first["results"] == []
    done = logs.get_query_results(queryId=query_id)
    assert done["status"] == "Complete"
    return done


def query(logs: Any, text: str, group: str = "/shop/orders", **params: Any) -> dict[str, Any]:
    params.setdefault("startTime", NOW_S - 3600)
    params.setdefault("endTime", NOW_S)
    if not any(k in params for k in ("logGroupNames", "logGroupIdentifiers")):
        params["logGroupName"] = group
    query_id = logs.start_query(queryString=text, **params)["queryId"]
    return complete(logs, query_id)


def rows(response: dict[str, Any], ptr: bool = False) -> list[dict[str, str]]:
    """The results as dicts (without ``@ptr`` unless asked)."""
    return [{c["field"]: c["value"] for c in row if ptr or c["field"] != "@ptr"} for row in response["results"]]


def column(response: dict[str, Any], name: str) -> list[str | None]:
    return [row.get(name) for row in rows(response)]
