"""From pattern text to flat alternatives ("branches").

The walk mirrors event-ruler's ``JsonRuleCompiler`` so that errors come out in
the same order and with the same wording:

* objects nest, arrays are leaves, anything else is an error;
* a key is split on ``.`` — ruler joins nested keys with dots, so
  ``{"a.b": [...]}`` and ``{"a": {"b": [...]}}`` name the same field;
* ``$or`` forks the branches built so far, once per alternative (a
  disjunctive normal form); a later write to the same field overrides an
  earlier one within a branch, which is ruler's (and AWS's documented)
  "last reference wins" rule.

The result is a list of branches, each mapping a field path (tuple of key
segments) to its compiled :class:`~.leaves.Leaf`.  The pattern matches when
any branch does.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from .dialect import EVENTBRIDGE, Dialect, combinations, key_names
from .errors import invalid
from .leaves import Leaf, parse_leaf

Path = tuple[str, ...]
Branch = dict[Path, Leaf]

MAX_PATTERN_LENGTH: Final = 2048
MAX_BRANCHES: Final = 4096

# Keys ruler refuses inside an $or alternative (Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP).
RESERVED_IN_OR: Final = frozenset(
    {
        "exactly",
        "equals-ignore-case",
        "prefix",
        "suffix",
        "anything-but",
        "exists",
        "wildcard",
        "numeric",
        "cidr",
        "html",
        "=",
        "<",
        "<=",
        ">",
        ">=",
        "regex",
        "not-wildcard",
        "not-equals-ignore-case",
        "date-after",
        "date-on-or-after",
        "date-before",
        "date-on-or-before",
        "in-date-range",
        "ip-address-in-range",
        "ip-address-not-in-range",
    }
)


def pattern_text(pattern: str | Mapping[str, Any]) -> str:
    """The pattern's text: as given, or a mapping's compact JSON serialisation.

    A mapping is round-tripped through JSON so both inputs are held to the
    same rules: JSON types only, no NaN/Infinity, and the same size limit.
    """
    if isinstance(pattern, str):
        return pattern
    try:
        return json.dumps(pattern, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise invalid("invalid_json", detail=str(exc)) from None


def decode(text: str) -> Any:
    """The fast decoder (raises ``ValueError`` on anything that is not JSON;
    :mod:`.located` then says what Jackson would)."""
    return _DECODER.decode(text)


def validate(document: Any, dialect: Dialect = EVENTBRIDGE, root: int = 0) -> list[Branch]:
    """:func:`expand` a decoded pattern; ``root``: where Jackson read its first token."""
    if not isinstance(document, dict):
        raise invalid("not_an_object", at=root)
    return expand(document, dialect)


def expand(document: dict[str, Any], dialect: Dialect = EVENTBRIDGE) -> list[Branch]:
    """Validate ``document`` and return its branches (see module docstring)."""
    branches: list[Branch] = []
    _walk_object(document, (), branches, inside_or=False, dialect=dialect)
    if dialect.max_keys is not None and len(key_names(document)) > dialect.max_keys:
        raise invalid("too_many_keys", limit=dialect.max_keys)
    if dialect.max_combinations is not None and combinations(document) > dialect.max_combinations:
        raise invalid("too_complex")
    return branches


def _reject_constant(name: str) -> Any:
    raise ValueError(f"non-standard JSON token {name!r}")


#: One decoder for every pattern (``json.loads`` with ``parse_constant`` makes one per call).
_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def _walk_object(
    obj: dict[str, Any], prefix: Path, branches: list[Branch], *, inside_or: bool, dialect: Dialect
) -> None:
    if not obj:
        raise invalid("empty_object", at=(obj, None, "end"))
    for key, value in obj.items():
        if key == "$or":
            _walk_or(obj, prefix, branches, dialect)
            continue
        if inside_or and key in RESERVED_IN_OR:
            raise invalid("or_reserved_name", at=(obj, key, "start"), name=key)
        path = prefix + tuple(key.split("."))
        if isinstance(value, dict):
            _walk_object(value, path, branches, inside_or=inside_or, dialect=dialect)
        elif isinstance(value, list):
            leaf = parse_leaf(value, dialect)
            if not branches:
                branches.append({})
            for branch in branches:
                branch[path] = leaf
        else:
            raise invalid("not_object_or_array", at=(obj, key, "start"), name=key)


def _walk_or(obj: dict[str, Any], prefix: Path, branches: list[Branch], dialect: Dialect) -> None:
    """Replace ``branches`` by (each branch) x (each alternative of ``obj["$or"]``)."""
    value = obj["$or"]
    if not isinstance(value, list):
        raise invalid("or_not_array", at=(obj, "$or", "start"))
    before = [dict(branch) for branch in branches]
    branches.clear()
    for i, alternative in enumerate(value):
        if not isinstance(alternative, dict):
            raise invalid("or_member_not_object", at=(value, i, "start"))
        forked = [dict(branch) for branch in before] or [{}]
        _walk_object(alternative, prefix, forked, inside_or=True, dialect=dialect)
        branches.extend(forked)
        if len(branches) > MAX_BRANCHES:
            raise invalid("too_many_alternatives", limit=MAX_BRANCHES)
    if len(value) < 2:
        raise invalid("or_too_few", at=(value, None, "end"))
