"""The dialects of the one pattern language: where EventBridge's event patterns and
the languages built on them (SNS filter policies) differ, as options of one engine.

A :class:`Dialect` says which match operators a pattern may use, which
``anything-but`` object forms, how long the text may be, and the limits a dialect
puts on a pattern's shape (SNS: five keys, 150 combinations). Everything else —
parsing, validation wording, matching — is shared. docs/sns.md lists the
differences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

#: Every match operator EventBridge knows.
ALL_MATCH_TYPES: Final = frozenset(
    {"prefix", "suffix", "equals-ignore-case", "wildcard", "numeric", "exists", "cidr", "anything-but"}
)


@dataclass(frozen=True)
class Dialect:
    name: str
    #: The ``{"operator": ...}`` forms a pattern may use; another is
    #: "Unrecognized match type".
    match_types: frozenset[str] = ALL_MATCH_TYPES
    #: The object forms of ``anything-but`` (``{"anything-but": {"prefix": ...}}``).
    anything_but_kinds: frozenset[str] = frozenset({"equals-ignore-case", "prefix", "suffix", "wildcard"})
    #: The object forms of ``anything-but`` take one string only, else this reason
    #: (code in ``REASONS``); ``None``: a string or a list of them, as EventBridge.
    anything_but_single_string: str | None = None
    #: The most keys a pattern may have: its top-level field names (an ``$or``
    #: contributes its alternatives' names). ``None``: no limit.
    max_keys: int | None = None
    #: The most value combinations (:func:`combinations`). ``None``: no limit.
    max_combinations: int | None = None
    #: The digits after the decimal point to which numbers are compared (SNS: five);
    #: ``None``: as they are. The pattern's numbers are rounded when it is compiled;
    #: the caller rounds the event's with :meth:`number` (the engine never does, so
    #: EventBridge's hot path stays as it is).
    number_decimals: int | None = None

    def number(self, value: float) -> float:
        """A number as this dialect compares it."""
        if self.number_decimals is None or value.__class__ is not float:
            return value
        return round(value, self.number_decimals)


EVENTBRIDGE: Final = Dialect("eventbridge")

#: SNS filter policies: no ``wildcard``; ``anything-but`` takes only the ``prefix``
#: object form, with one string; at most five keys and 150 combinations; numbers
#: compared to five digits after the decimal point.
SNS: Final = Dialect(
    "sns",
    match_types=ALL_MATCH_TYPES - {"wildcard"},
    anything_but_kinds=frozenset({"prefix"}),
    anything_but_single_string="prefix_not_string",
    max_keys=5,
    max_combinations=150,
    number_decimals=5,
)


def key_names(document: dict[str, Any]) -> set[str]:
    """The top-level field names of a pattern, those inside its ``$or``s included."""
    names: set[str] = set()
    for key, value in document.items():
        if key == "$or" and isinstance(value, list):
            for alternative in value:
                if isinstance(alternative, dict):
                    names |= key_names(alternative)
        else:
            names.add(key)
    return names


def combinations(document: dict[str, Any], depth: int = 1) -> int:
    """SNS's measure of a policy's complexity: the product over its fields of the
    number of values times the field's nesting depth, where an ``$or`` counts as the
    sum of its alternatives (AWS's worked examples: a four-value array three levels
    deep and a three-value array two levels deep give 4 x 3 x 3 x 2 = 72)."""
    total = 1
    for key, value in document.items():
        if key == "$or" and isinstance(value, list):
            total *= sum(combinations(alt, depth) for alt in value if isinstance(alt, dict))
        elif isinstance(value, dict):
            total *= combinations(value, depth + 1)
        elif isinstance(value, list):
            total *= len(value) * depth
    return total
