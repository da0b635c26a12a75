"""AddPermission / RemovePermission: the statements they write into a queue's
``Policy`` attribute, as AWS writes them (recorded in LocalStack's snapshot of
``test_sqs_permission_lifecycle``): one statement per label, its ``Sid`` the label,
``Principal.AWS`` the accounts' root ARNs (a string for one, a list for several),
``Action`` ``SQS:{action}`` (likewise), in a policy of ``Version`` 2008-10-17 whose
``Id`` is ``{queue ARN}/SQSDefaultPolicy``."""

from __future__ import annotations

import json
from typing import Any


class LabelProblem(Exception):
    """The reason a label cannot be added or removed (AWS's ``Reason: ...``)."""


def _one_or_many(values: list[str]) -> str | list[str]:
    return values[0] if len(values) == 1 else values


def _statements(policy: dict[str, Any]) -> list[Any]:
    statements = policy.get("Statement", [])
    return list(statements) if isinstance(statements, list) else [statements]


def with_permission(policy: str | None, queue_arn: str, label: str, accounts: list[str], actions: list[str]) -> str:
    """``policy`` (the queue's, or ``None``) with the label's statement added."""
    document: dict[str, Any] = json.loads(policy) if policy else {"Version": "2008-10-17", "Id": f"{queue_arn}/SQSDefaultPolicy"}
    statements = _statements(document)
    if any(isinstance(s, dict) and s.get("Sid") == label for s in statements):
        raise LabelProblem("Already exists.")
    partition = queue_arn.split(":", 2)[1]
    statements.append(
        {
            "Sid": label,
            "Effect": "Allow",
            "Principal": {"AWS": _one_or_many([f"arn:{partition}:iam::{account}:root" for account in dict.fromkeys(accounts)])},
            "Action": _one_or_many([f"SQS:{action}" for action in dict.fromkeys(actions)]),
            "Resource": queue_arn,
        }
    )
    document["Statement"] = statements
    return json.dumps(document, separators=(",", ":"))


def without_permission(policy: str | None, label: str) -> str | None:
    """``policy`` without the label's statement; ``None`` when no statement is left
    (AWS then shows no ``Policy``)."""
    document: dict[str, Any] = json.loads(policy) if policy else {}
    statements = _statements(document)
    kept = [s for s in statements if not (isinstance(s, dict) and s.get("Sid") == label)]
    if len(kept) == len(statements):
        raise LabelProblem("can't find label.")
    if not kept:
        return None
    document["Statement"] = kept
    return json.dumps(document, separators=(",", ":"))
