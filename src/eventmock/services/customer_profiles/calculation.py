"""The value of a calculated attribute for one standard profile.

Customer Profiles computes a calculated attribute over a profile's objects. eventmock
has no profile objects here, so it computes over the profile itself: each attribute
name of ``AttributeDetails`` is read from the profile (``_profile.`` or any
``ObjectType.`` prefix dropped; ``Attributes.key`` or a bare ``key`` is the custom
attribute; ``Address.City`` a member of an address; otherwise a standard field), the
``Expression`` (``{name}`` references, numbers, ``+ - * /`` and parentheses) is
evaluated once, and the ``Statistic`` is taken over that one occurrence: ``COUNT`` is
1 (0 when an attribute is missing), every other statistic is the value itself (none
when an attribute is missing or the expression does not evaluate).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from eventmock.services.customer_profiles.profiles import FIELDS

_REFERENCE = re.compile(r"\{([^{}]+)\}")
_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d*)?|\.\d+)|(.))")


def references(expression: str) -> list[str]:
    """The attribute names ``expression`` refers to, in order."""
    return _REFERENCE.findall(expression)


def attribute(fields: Mapping[str, Any], name: str) -> str | None:
    """The value of the attribute ``name`` in a profile's ``fields``."""
    parts = name.split(".")
    if len(parts) > 1 and parts[0] not in FIELDS:
        parts = parts[1:]  # the object type: _profile, or any other
    attributes = fields.get("Attributes") or {}
    if parts[0] == "Attributes" and len(parts) == 2:
        return attributes.get(parts[1])
    if len(parts) == 1:
        value = fields.get(parts[0])
        if isinstance(value, str):
            return value
        return attributes.get(parts[0])
    if len(parts) == 2 and isinstance(fields.get(parts[0]), dict):
        found = fields[parts[0]].get(parts[1])
        return found if isinstance(found, str) else None
    return None


def _number(text: str) -> float:
    return float(text)


def _evaluate(expression: str, values: Mapping[str, str]) -> float | str | None:
    """``expression`` with its references replaced by ``values``; a lone reference to a
    non-numeric value is that text; ``None`` when it does not evaluate."""
    names = references(expression)
    if _REFERENCE.fullmatch(expression.strip()) and names:
        text = values[names[0]]
        try:
            return _number(text)
        except ValueError:
            return text
    try:
        substituted = _REFERENCE.sub(lambda m: repr(_number(values[m.group(1)])), expression)
        tokens = [(n, o) for n, o in _TOKEN.findall(substituted) if n or o.strip()]
        result, rest = _sum(tokens)
    except (ValueError, ZeroDivisionError, IndexError):
        return None
    return result if not rest else None


def _sum(tokens: list[tuple[str, str]]) -> tuple[float, list[tuple[str, str]]]:
    value, tokens = _product(tokens)
    while tokens and tokens[0][1] in "+-":
        operator = tokens[0][1]
        right, tokens = _product(tokens[1:])
        value = value + right if operator == "+" else value - right
    return value, tokens


def _product(tokens: list[tuple[str, str]]) -> tuple[float, list[tuple[str, str]]]:
    value, tokens = _unary(tokens)
    while tokens and tokens[0][1] in "*/":
        operator = tokens[0][1]
        right, tokens = _unary(tokens[1:])
        value = value * right if operator == "*" else value / right
    return value, tokens


def _unary(tokens: list[tuple[str, str]]) -> tuple[float, list[tuple[str, str]]]:
    number, operator = tokens[0]
    if number:
        return float(number), tokens[1:]
    if operator == "-":
        value, rest = _unary(tokens[1:])
        return -value, rest
    if operator == "(":
        value, rest = _sum(tokens[1:])
        if not rest or rest[0][1] != ")":
            raise ValueError("unbalanced")
        return value, rest[1:]
    raise ValueError(operator)


def _text(value: float | str) -> str:
    if isinstance(value, str):
        return value
    return str(int(value)) if value.is_integer() else repr(value)


def value(definition: Mapping[str, Any], fields: Mapping[str, Any]) -> str | None:
    """The value of the calculated attribute ``definition`` (its stored members) for a
    profile's ``fields``, as the API answers it (a string), or ``None``."""
    details = definition["AttributeDetails"]
    values = {item["Name"]: attribute(fields, item["Name"]) for item in details["Attributes"]}
    present = {name: found for name, found in values.items() if found is not None}
    statistic = definition["Statistic"]
    if len(present) < len(values):
        return "0" if statistic == "COUNT" else None
    if statistic == "COUNT":
        return "1"
    result = _evaluate(details["Expression"], present)
    return None if result is None else _text(result)[:255]
