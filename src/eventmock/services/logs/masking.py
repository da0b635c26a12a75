"""Data protection: what a data protection policy masks in log events.

A policy (a log group's, or the account's ``DATA_PROTECTION_POLICY``) names data
identifiers in statements; those whose ``Operation`` is ``Deidentify`` mask. AWS masks
at ingestion (events put before the policy stay as they were) and shows masked text to
readers unless they ask ``unmask=True``. eventmock keeps both forms of a masked event
(:class:`MaskedLogEvent`) and replaces each matched character with ``*``.

Managed data identifiers recognised (``arn:aws:dataprotection::aws:data-identifier/<Name>``
or the bare name): ``EmailAddress``, ``IpAddress`` (IPv4), ``CreditCardNumber`` (13 to
19 digits passing the Luhn check), ``Ssn-US``, ``PhoneNumber-US``, ``AwsSecretKey``
(40 characters after ``aws_secret_access_key``-like keys) and the policy's own
``CustomDataIdentifier`` regular expressions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from eventmock.services.logs.models import LogEvent

_LUHN_CANDIDATE = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")


def _luhn(text: str) -> bool:
    digits = [int(c) for c in text if c.isdigit()]
    total = 0
    for i, digit in enumerate(reversed(digits)):
        if i % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def _spans(pattern: re.Pattern[str], check: Callable[[str], bool] | None = None) -> Callable[[str], list[tuple[int, int]]]:
    def find(text: str) -> list[tuple[int, int]]:
        return [m.span() for m in pattern.finditer(text) if check is None or check(m.group())]

    return find


MANAGED: dict[str, Callable[[str], list[tuple[int, int]]]] = {
    "EmailAddress": _spans(re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")),
    "IpAddress": _spans(re.compile(r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])")),
    "CreditCardNumber": _spans(_LUHN_CANDIDATE, _luhn),
    "Ssn-US": _spans(re.compile(r"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)")),
    "PhoneNumber-US": _spans(re.compile(r"(?<!\d)(?:\+1[ -]?)?\(?\d{3}\)?[ -]\d{3}-\d{4}(?!\d)")),
    "AwsSecretKey": _spans(re.compile(r"(?<=[\"'=: ])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])")),
}

_PREFIX = "arn:aws:dataprotection::aws:data-identifier/"


class PolicyError(ValueError):
    pass


class MaskedLogEvent(LogEvent):
    """A log event a data protection policy masked: ``message`` is what readers see,
    ``original`` what was put (``unmask=True``)."""

    __slots__ = ("original",)

    def __init__(self, timestamp: int, message: str, ingestion: int, original: str) -> None:
        super().__init__(timestamp, message, ingestion)
        self.original = original

    def output(self, unmask: bool | None = None) -> dict[str, Any]:
        return {"timestamp": self.timestamp, "message": self.original if unmask else self.message, "ingestionTime": self.ingestion}


@lru_cache(maxsize=64)
def masker(document: str) -> Callable[[str], str] | None:
    """The function masking a message as ``document`` (a policy) says; ``None`` if it
    masks nothing. Raises :class:`PolicyError` if the document is no policy."""
    try:
        policy = json.loads(document)
    except (ValueError, RecursionError):
        raise PolicyError("The policy document is not valid JSON.") from None
    if not isinstance(policy, dict) or not isinstance(policy.get("Statement"), list):
        raise PolicyError("The policy document must have a Statement list.")
    custom: dict[str, Callable[[str], list[tuple[int, int]]]] = {}
    for item in (policy.get("Configuration") or {}).get("CustomDataIdentifier") or []:
        try:
            custom[item["Name"]] = _spans(re.compile(item["Regex"]))
        except (KeyError, TypeError, re.error):
            raise PolicyError("Invalid CustomDataIdentifier.") from None
    finders: list[Callable[[str], list[tuple[int, int]]]] = []
    for statement in policy["Statement"]:
        if not isinstance(statement, dict) or "Deidentify" not in (statement.get("Operation") or {}):
            continue
        for identifier in statement.get("DataIdentifier") or []:
            name = str(identifier).removeprefix(_PREFIX)
            finder = custom.get(name) or MANAGED.get(name)
            if finder is not None:
                finders.append(finder)
    if not finders:
        return None

    def mask(message: str) -> str:
        spans = sorted(span for finder in finders for span in finder(message))
        if not spans:
            return message
        chars = list(message)
        for start, end in spans:
            chars[start:end] = "*" * (end - start)
        return "".join(chars)

    return mask


def mask_events(events: list[LogEvent], mask: Callable[[str], str]) -> list[LogEvent]:
    """``events`` with those ``mask`` changes replaced by :class:`MaskedLogEvent`s."""
    out: list[LogEvent] = []
    for event in events:
        masked = mask(event.message)
        if masked == event.message:
            out.append(event)
        else:
            original = event.original if isinstance(event, MaskedLogEvent) else event.message
            out.append(MaskedLogEvent(event.timestamp, masked, event.ingestion, original))
    return out
