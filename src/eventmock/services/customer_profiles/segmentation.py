"""Whether a standard profile is in a segment (``SegmentGroups``).

A segment's ``Include`` (ALL, the default, ANY or NONE) combines its groups. In a group,
``Type`` combines its dimensions and ``SourceType`` its source segments (each ALL by
default); a group with both must satisfy both. In one dimension every attribute named
must match. Attribute values are read from the profile's fields (addresses member by
member, ``Attributes`` key by key); calculated attributes through
:func:`.calculation.value`.

Comparisons: ``INCLUSIVE`` (one of the values), ``EXCLUSIVE`` (none of them; a missing
field is none of them), ``CONTAINS``, ``BEGINS_WITH``, ``ENDS_WITH``, ``EQUAL``,
``LIST_CONTAINS`` (as CONTAINS), ``LIST_CONTAINS_ALL`` (every value contained), the
numeric ``GREATER_THAN``/``LESS_THAN``/``..._OR_EQUAL`` (against the first value), and
the dates ``BEFORE``/``AFTER``/``ON``/``BETWEEN``/``NOT_BETWEEN`` (ISO dates, or
MM/DD/YYYY). A value that does not parse as the comparison needs does not match.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

#: The value of a calculated attribute for the profile being tested, by name.
Calculated = Callable[[str], "str | None"]
#: Whether the profile being tested is in the segment of that name.
InSource = Callable[[str], bool]

_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%Y/%m/%d")


def _date(text: str) -> dt.date | None:
    text = text.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for layout in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, layout).date()
        except ValueError:
            continue
    return None


def _numbers(value: str, first: str) -> tuple[float, float] | None:
    try:
        return float(value), float(first)
    except ValueError:
        return None


def compare(kind: str, value: str | None, values: list[str]) -> bool:
    """Whether ``value`` (``None``: the field is missing) satisfies the dimension."""
    if kind == "EXCLUSIVE":
        return value is None or value not in values
    if value is None or not values:
        return False
    if kind in ("INCLUSIVE", "EQUAL"):
        return value in values
    if kind in ("CONTAINS", "LIST_CONTAINS"):
        return any(v in value for v in values)
    if kind == "LIST_CONTAINS_ALL":
        return all(v in value for v in values)
    if kind == "BEGINS_WITH":
        return any(value.startswith(v) for v in values)
    if kind == "ENDS_WITH":
        return any(value.endswith(v) for v in values)
    if kind in ("GREATER_THAN", "LESS_THAN", "GREATER_THAN_OR_EQUAL", "LESS_THAN_OR_EQUAL"):
        pair = _numbers(value, values[0])
        if pair is None:
            return False
        a, b = pair
        return {"GREATER_THAN": a > b, "LESS_THAN": a < b, "GREATER_THAN_OR_EQUAL": a >= b, "LESS_THAN_OR_EQUAL": a <= b}[kind]
    date = _date(value)
    bounds = [_date(v) for v in values]
    if date is None or bounds[0] is None:
        return False
    first = bounds[0]
    if kind == "BEFORE":
        return date < first
    if kind == "AFTER":
        return date > first
    if kind == "ON":
        return date == first
    last = bounds[1] if len(bounds) > 1 else None
    if last is None:
        return False
    inside = first <= date <= last
    return inside if kind == "BETWEEN" else not inside


def _combine(how: str | None, results: list[bool]) -> bool:
    if how == "ANY":
        return any(results)
    if how == "NONE":
        return not any(results)
    return all(results)


def _profile_attributes(attributes: Mapping[str, Any], fields: Mapping[str, Any]) -> bool:
    for name, dimension in attributes.items():
        if name == "Attributes":
            custom = fields.get("Attributes") or {}
            checks = [compare(d["DimensionType"], custom.get(key), d["Values"]) for key, d in dimension.items()]
        elif "DimensionType" in dimension:
            value = fields.get(name)
            checks = [compare(dimension["DimensionType"], value if isinstance(value, str) else None, dimension["Values"])]
        else:  # an address, member by member
            address = fields.get(name) or {}
            checks = [compare(d["DimensionType"], address.get(member), d["Values"]) for member, d in dimension.items()]
        if not all(checks):
            return False
    return True


def _dimension(dimension: Mapping[str, Any], fields: Mapping[str, Any], calculated: Calculated) -> bool:
    if not _profile_attributes(dimension.get("ProfileAttributes") or {}, fields):
        return False
    for name, d in (dimension.get("CalculatedAttributes") or {}).items():
        if not compare(d["DimensionType"], calculated(name), d["Values"]):
            return False
    return True


def _group(group: Mapping[str, Any], fields: Mapping[str, Any], calculated: Calculated, in_source: InSource) -> bool:
    dimensions = group.get("Dimensions") or []
    sources = group.get("SourceSegments") or []
    if dimensions and not _combine(group.get("Type"), [_dimension(d, fields, calculated) for d in dimensions]):
        return False
    names = [s["SegmentDefinitionName"] for s in sources if s.get("SegmentDefinitionName")]
    return not names or _combine(group.get("SourceType"), [in_source(name) for name in names])


def includes(segment: Mapping[str, Any], fields: Mapping[str, Any], calculated: Calculated, in_source: InSource) -> bool:
    """Whether the profile with ``fields`` is in the segment ``segment`` (a ``SegmentGroup``)."""
    groups = segment.get("Groups") or []
    return _combine(segment.get("Include"), [_group(g, fields, calculated, in_source) for g in groups])
