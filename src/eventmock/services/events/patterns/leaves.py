"""Leaf conditions: the array of alternatives written under one field.

A leaf such as ``["a", {"prefix": "b"}, {"numeric": [">", 3]}]`` is parsed
once, validated with ruler's rules and wording, and compiled into a single
``test(value) -> bool`` closure over a *scalar* event value (str, int, float,
bool or None).  Arrays, objects and missing fields never reach the closure: the
tree walker in :mod:`.matcher` resolves them first, which keeps these closures
small enough to run a few hundred nanoseconds per call.

Type rules (all from event-ruler's ByteMachine): exact strings never equal
numbers, ``true`` never equals ``1``; ``prefix``/``suffix``/``equals-ignore-case``/
``wildcard``/``cidr`` only look at strings; ``numeric`` only at numbers (within
±5e9, the range ruler can represent); every ``anything-but`` form matches any
present value that is not excluded, including null, booleans and values of the
other type.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from .dialect import EVENTBRIDGE, Dialect
from .errors import invalid
from .wildcard import Tokens, parse_wildcard, wildcard_predicate

Test = Callable[[Any], bool]
# (low, low_is_open, high, high_is_open)
Range = tuple[float, bool, float, bool]

_FIVE_BILLION: Final = 5e9

# Index keys for booleans: True == 1 and hash(True) == hash(1) in Python, so
# booleans get their own keys to stay apart from numbers.
_TRUE_KEY: Final = ("true",)
_FALSE_KEY: Final = ("false",)

_IPV4: Final = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+")
_IPV6: Final = re.compile(r"[0-9a-fA-F:]*:[0-9a-fA-F:]*")
_MASK: Final = re.compile(r"[+-]?[0-9]+")
_END: Final = object()  # "no more tokens" when reading a numeric array


def value_key(value: Any) -> Any:
    """Hashable key under which an exact scalar is indexed (numbers by value)."""
    if value is True:
        return _TRUE_KEY
    if value is False:
        return _FALSE_KEY
    return value


def _is_number(value: Any) -> bool:
    """JSON number test that excludes booleans (a Python ``int`` subclass)."""
    return value.__class__ is int or value.__class__ is float


def _token_text(value: Any) -> str:
    """Render a JSON token the way Jackson's ``getText()`` shows it in messages."""
    if value is _END:
        return "]"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, dict):
        return "{"
    if isinstance(value, list):
        return "["
    if isinstance(value, float):
        return repr(value)
    return str(value)


@dataclass(frozen=True)
class Leaf:
    """A compiled leaf.

    ``test`` covers the positive alternatives (None when there are none);
    ``absent`` is True when ``{"exists": false}`` is among the alternatives.
    ``exact_keys`` is set when every positive alternative is an exact value,
    which makes the field usable by :class:`~.index.PatternIndex` once the
    ``exists: false`` part, if any, is split off (see ``matcher``).
    ``wildcards`` feeds the complexity guard.
    """

    test: Test | None
    absent: bool
    exact_keys: frozenset[Any] | None
    wildcards: tuple[Tokens, ...]


def parse_leaf(values: list[Any], dialect: Dialect = EVENTBRIDGE) -> Leaf:
    """Validate and compile the alternatives of one field."""
    builder = _LeafBuilder(dialect)
    for i, item in enumerate(values):
        if item is None or isinstance(item, (bool, str)) or _is_number(item):
            builder.add_exact(item)
        elif isinstance(item, dict):
            builder.add_expression(item)
        else:
            raise invalid("bad_match_value", at=(values, i, "start"))
    if not values:
        raise invalid("empty_array", at=(values, None, "end"))
    return builder.build()


def _in_range(low: float, low_open: bool, high: float, high_open: bool) -> Test:
    """Numeric comparison; booleans and non-numbers never match."""
    if low_open and high_open:
        return lambda v: (v.__class__ is int or v.__class__ is float) and low < v < high
    if low_open:
        return lambda v: (v.__class__ is int or v.__class__ is float) and low < v <= high
    if high_open:
        return lambda v: (v.__class__ is int or v.__class__ is float) and low <= v < high
    return lambda v: (v.__class__ is int or v.__class__ is float) and low <= v <= high


def _parse_numeric(value: Any, where: tuple[Any, Any]) -> Range:
    """Validate a ``numeric`` array; return its interval with ruler's ±5e9 caps.
    Ruler reads the array token by token: an error about a missing or wrong
    element is located at the element it read (its first token), or at the
    array's end when there is none."""
    if not isinstance(value, list):
        raise invalid("numeric_not_array", at=(*where, "start"))
    items = value

    def at(i: int) -> Any:
        return items[i] if i < len(items) else _END

    def token(i: int) -> tuple[Any, Any, str]:
        return (items, i, "start") if i < len(items) else (items, None, "end")

    end = (items, None, "end")
    op = at(0)
    if not isinstance(op, str):
        raise invalid("numeric_bad_member", at=token(0), text=_token_text(op))
    bound = at(1)
    if op == "=":
        if not _is_number(bound):
            raise invalid("numeric_not_numeric", at=token(1), op="equals")
        if len(items) > 2:
            raise invalid("numeric_too_many_elements", at=token(2))
        _check_number(bound, end)
        return (bound, False, bound, False)
    if op in (">", ">="):
        if not _is_number(bound):
            raise invalid("numeric_not_numeric", at=token(1), op=op)
        if len(items) == 2:
            return _interval(bound, op == ">", _FIVE_BILLION, False, end)
        upper_op = at(2)
        if not isinstance(upper_op, str):
            raise invalid("numeric_bad_range_value", at=token(2), text=_token_text(upper_op))
        if upper_op not in ("<", "<="):
            raise invalid("numeric_bad_range_operator", at=(items, 2, "text"), op=upper_op)
        upper = at(3)
        if not _is_number(upper):
            raise invalid("numeric_not_numeric", at=token(3), op=upper_op)
        if len(items) > 4:
            raise invalid("numeric_too_many_terms", at=token(4))
        return _interval(bound, op == ">", upper, upper_op == "<", end)
    if op in ("<", "<="):
        if not _is_number(bound):
            raise invalid("numeric_not_numeric", at=token(1), op=op)
        if len(items) > 2:
            raise invalid("numeric_too_many_elements", at=token(2))
        return _interval(-_FIVE_BILLION, False, bound, op == "<", end)
    raise invalid("numeric_unknown_operator", at=token(1), op=op)


def _interval(low: float, low_open: bool, high: float, high_open: bool, at: Any = None) -> Range:
    """Ruler's Range: the bottom must be strictly below the top (checked first)."""
    if low >= high:
        raise invalid("numeric_empty_range", at=at)
    _check_number(low, at)
    _check_number(high, at)
    return (low, low_open, high, high_open)


def _check_number(value: float, at: Any = None) -> None:
    """Ruler's ComparableNumber only represents -5e9..5e9."""
    if not -_FIVE_BILLION <= value <= _FIVE_BILLION:
        raise invalid("numeric_out_of_range", at=at)


def _parse_cidr(text: str) -> tuple[int, int, int]:
    """Validate a CIDR string; return (IP version, lowest, highest address).

    Like ruler, the range starts at the address as written (host bits are not
    cleared), and /32 (IPv4) or /128 (IPv6) are rejected.
    """
    parts = text.split("/")
    while parts and parts[-1] == "":  # Java's String.split drops trailing empties
        parts.pop()
    if len(parts) != 2:
        raise invalid("cidr_one_slash")
    if not _MASK.fullmatch(parts[1]) or not -(2**31) <= int(parts[1]) < 2**31:
        raise invalid("cidr_mask_not_integer")
    mask = int(parts[1])
    if mask < 0:
        raise invalid("cidr_mask_negative")
    version, address = _pattern_ip(parts[0])
    if version == 4 and mask > 31:
        raise invalid("cidr_ipv4_mask")
    if version == 6 and mask > 127:
        raise invalid("cidr_ipv6_mask")
    host_bits = (32 if version == 4 else 128) - mask
    return (version, address, address | ((1 << host_bits) - 1))


def _pattern_ip(text: str) -> tuple[int, int]:
    parsed = _event_ip(text)
    if parsed is not None:
        return parsed
    if _IPV4.fullmatch(text) or _IPV6.fullmatch(text):
        raise invalid("ip_invalid", ip=text)
    raise invalid("ip_nonstandard", ip=text)


def _event_ip(text: str) -> tuple[int, int] | None:
    """(version, integer) for an IP literal ruler would recognise, else None."""
    if not (_IPV4.fullmatch(text) or _IPV6.fullmatch(text)):
        return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return (address.version, int(address))


class _LeafBuilder:
    """Accumulates the alternatives of one leaf, grouped by the type they test."""

    def __init__(self, dialect: Dialect = EVENTBRIDGE) -> None:
        self.dialect = dialect
        self.strings: set[str] = set()
        self.numbers: set[float] = set()
        self.true = self.false = self.null = False
        self.exists_true = self.exists_false = False
        self.prefixes: list[str] = []
        self.suffixes: list[str] = []
        self.prefixes_ic: list[str] = []
        self.suffixes_ic: list[str] = []
        self.equals_ic: set[str] = set()
        self.wildcard_tests: list[Test] = []
        self.wildcards: list[Tokens] = []
        self.cidrs: list[tuple[int, int, int]] = []
        self.ranges: list[Range] = []
        self.anything_buts: list[Test] = []

    # -- exact values ---------------------------------------------------------
    def add_exact(self, value: Any) -> None:
        if value is None:
            self.null = True
        elif value is True:
            self.true = True
        elif value is False:
            self.false = True
        elif isinstance(value, str):
            self.strings.add(value)
        else:
            self.numbers.add(self.dialect.number(value))

    # -- {"operator": ...} objects ----------------------------------------------
    def add_expression(self, expression: dict[str, Any]) -> None:
        if not expression:
            raise invalid("match_name_missing", at=(expression, None, "end"))
        keys = iter(expression)
        name = next(keys)
        handler = self._HANDLERS.get(name) if name in self.dialect.match_types else None
        if handler is None:
            raise invalid("unknown_match_type", at=(expression, name, "start"), name=name)
        handler(self, expression[name], (expression, name))
        extra = next(keys, None)
        if extra is not None:  # ruler reads the next field name (and its value's first token)
            trailing = name in ("numeric", "anything-but")
            code = "numeric_too_many_elements" if trailing else "only_one_key"
            raise invalid(code, at=(expression, extra, "start"))

    # Each handler gets the operand and where it is: (container, key).
    def _prefix(self, value: Any, where: tuple[Any, Any]) -> None:
        if isinstance(value, dict):
            self.prefixes_ic.append(_ignore_case_operand(value, "prefix"))
        elif isinstance(value, str):
            self.prefixes.append(value)
        else:
            raise invalid("prefix_not_string", at=(*where, "start"))

    def _suffix(self, value: Any, where: tuple[Any, Any]) -> None:
        if isinstance(value, dict):
            self.suffixes_ic.append(_ignore_case_operand(value, "suffix"))
        elif isinstance(value, str):
            self.suffixes.append(value)
        else:
            raise invalid("suffix_not_string", at=(*where, "start"))

    def _equals_ignore_case(self, value: Any, where: tuple[Any, Any]) -> None:
        if not isinstance(value, str):
            raise invalid("equals_ignore_case_not_string", at=(*where, "start"))
        self.equals_ic.add(value.lower())

    def _wildcard(self, value: Any, where: tuple[Any, Any]) -> None:
        if not isinstance(value, str):
            raise invalid("wildcard_not_string", at=(*where, "start"))
        tokens = parse_wildcard(value, (*where, "text"))
        self.wildcards.append(tokens)
        self.wildcard_tests.append(wildcard_predicate(tokens))

    def _numeric(self, value: Any, where: tuple[Any, Any]) -> None:
        low, low_open, high, high_open = _parse_numeric(value, where)
        number = self.dialect.number
        self.ranges.append((number(low), low_open, number(high), high_open))

    def _exists(self, value: Any, where: tuple[Any, Any]) -> None:
        if value is True:
            self.exists_true = True
        elif value is False:
            self.exists_false = True
        else:
            raise invalid("exists_not_boolean", at=(*where, "start"))

    def _cidr(self, value: Any, where: tuple[Any, Any]) -> None:
        if not isinstance(value, str):
            raise invalid("cidr_not_string", at=(*where, "start"))
        self.cidrs.append(_parse_cidr(value))

    def _anything_but(self, value: Any, where: tuple[Any, Any]) -> None:
        kind = None
        operand = value
        if isinstance(value, dict):
            if not value:
                raise invalid("anything_but_name_missing", at=(value, None, "end"))
            kind = next(iter(value))
            operand = value[kind]
            where = (value, kind)
            if kind not in _ANYTHING_BUT_KINDS or kind not in self.dialect.anything_but_kinds:
                raise invalid("anything_but_unsupported", at=(*where, "start"), name=kind)
            single = self.dialect.anything_but_single_string
            if single is not None and not isinstance(operand, str):
                raise invalid(single, at=(*where, "start"))
        if not (isinstance(operand, (list, str)) or _is_number(operand)):
            raise invalid("anything_but_bad_value", at=(*where, "start"))
        # One operand is read where it is; a list's members are read in a loop whose
        # errors ruler re-raises, which repeats the location.
        if isinstance(operand, list):
            members, spots, twice = operand, [(operand, i) for i in range(len(operand))], True
        else:
            members, spots, twice = [operand], [where], False
        if kind is None:
            self.anything_buts.append(_anything_but_values(members, spots, twice, self.dialect))
        else:
            self.anything_buts.append(self._anything_but_set(kind, members, spots, twice))
        if isinstance(value, dict) and len(value) > 1:
            extra = list(value)[1]
            raise invalid("numeric_too_many_elements", at=(value, extra, "start"))

    def _anything_but_set(self, kind: str, members: list[Any], spots: list[tuple[Any, Any]], twice: bool) -> Test:
        for member, (container, key) in zip(members, spots):
            if not isinstance(member, str):
                raise invalid(_ANYTHING_BUT_KINDS[kind], at=(container, key, "start"), twice=twice)
            if member == "" and kind in ("prefix", "suffix"):
                raise invalid("anything_but_empty_affix", at=(container, key, "text"), twice=twice)
        if kind == "equals-ignore-case":
            lowered = frozenset(m.lower() for m in members)
            return lambda v: v.__class__ is not str or v.lower() not in lowered
        if kind == "prefix":
            prefixes = tuple(members)
            return lambda v: v.__class__ is not str or not v.startswith(prefixes)
        if kind == "suffix":
            suffixes = tuple(members)
            return lambda v: v.__class__ is not str or not v.endswith(suffixes)
        tokens = [parse_wildcard(m, (c, k, "text"), twice) for m, (c, k) in zip(members, spots)]
        self.wildcards.extend(tokens)
        tests = tuple(wildcard_predicate(t) for t in tokens)
        return lambda v: not any(t(v) for t in tests)

    _HANDLERS: Final[dict[str, Callable[[_LeafBuilder, Any, tuple[Any, Any]], None]]] = {
        "prefix": _prefix,
        "suffix": _suffix,
        "equals-ignore-case": _equals_ignore_case,
        "wildcard": _wildcard,
        "numeric": _numeric,
        "exists": _exists,
        "cidr": _cidr,
        "anything-but": _anything_but,
    }

    # -- compilation --------------------------------------------------------------
    def build(self) -> Leaf:
        exact = self._exact_keys()
        tests = self._tests()
        if self.exists_true:
            test: Test | None = _any_value
        elif exact or tests:
            test = _combine(exact, tests)
        else:
            test = None
        only_exact = exact and not tests and not self.exists_true
        return Leaf(
            test=test,
            absent=self.exists_false,
            exact_keys=exact if only_exact else None,
            wildcards=tuple(self.wildcards),
        )

    def _exact_keys(self) -> frozenset[Any]:
        keys: set[Any] = self.strings | self.numbers
        if self.true:
            keys.add(_TRUE_KEY)
        if self.false:
            keys.add(_FALSE_KEY)
        if self.null:
            keys.add(None)
        return frozenset(keys)

    def _tests(self) -> list[Test]:
        """Type-checked predicates for every alternative that is not an exact value."""
        tests: list[Test] = []
        if self.prefixes:
            prefixes = tuple(self.prefixes)
            tests.append(lambda v: v.__class__ is str and v.startswith(prefixes))
        if self.suffixes:
            suffixes = tuple(self.suffixes)
            tests.append(lambda v: v.__class__ is str and v.endswith(suffixes))
        if self.prefixes_ic:
            lowered_prefixes = tuple(p.lower() for p in self.prefixes_ic)
            tests.append(lambda v: v.__class__ is str and v.lower().startswith(lowered_prefixes))
        if self.suffixes_ic:
            lowered_suffixes = tuple(s.lower() for s in self.suffixes_ic)
            tests.append(lambda v: v.__class__ is str and v.lower().endswith(lowered_suffixes))
        if self.equals_ic:
            lowered = frozenset(self.equals_ic)
            tests.append(lambda v: v.__class__ is str and v.lower() in lowered)
        tests.extend(self.wildcard_tests)
        if self.cidrs:
            networks = tuple(self.cidrs)
            tests.append(lambda v: v.__class__ is str and _in_networks(v, networks))
        tests.extend(_in_range(*r) for r in self.ranges)
        tests.extend(self.anything_buts)
        return tests


def _combine(exact: frozenset[Any], tests: list[Test]) -> Test:
    """One closure for all positive alternatives, specialised for the common shapes."""
    if not tests:
        if all(key.__class__ is str or key is None for key in exact):
            # The hot case: a bound frozenset.__contains__ runs entirely in C,
            # and no non-string scalar is equal to a string.
            return exact.__contains__
        return lambda v: (v if v.__class__ is not bool else _TRUE_KEY if v else _FALSE_KEY) in exact
    if not exact and len(tests) == 1:
        return tests[0]
    all_tests = tuple(tests)

    def test(v: Any) -> bool:
        if (v if v.__class__ is not bool else _TRUE_KEY if v else _FALSE_KEY) in exact:
            return True
        for each in all_tests:
            if each(v):
                return True
        return False

    return test


# anything-but object forms, mapped to the reason used for a non-string operand.
_ANYTHING_BUT_KINDS: Final = {
    "equals-ignore-case": "anything_but_ignore_case_bad",
    "prefix": "anything_but_affix_bad",
    "suffix": "anything_but_affix_bad",
    "wildcard": "wildcard_not_string",
}


def _ignore_case_operand(value: dict[str, Any], operator: str) -> str:
    """Validate ``{"equals-ignore-case": "x"}`` nested in prefix/suffix."""
    if not value:
        raise invalid(f"{operator}_name_missing", at=(value, None, "end"))
    names = list(value)
    name = names[0]
    operand = value[name]
    if name != "equals-ignore-case":
        raise invalid(f"unsupported_{operator}", at=(value, name, "start"), name=name)
    if not isinstance(operand, str):
        raise invalid("equals_ignore_case_not_string", at=(value, name, "start"))
    if len(names) > 1:
        raise invalid("only_one_key", at=(value, names[1], "start"))
    return operand


def _anything_but_values(members: list[Any], spots: list[tuple[Any, Any]], twice: bool, dialect: Dialect) -> Test:
    """``anything-but`` with a string/number or a list of them (one type only).
    A number out of ruler's range is reported once (ruler re-raises it without a
    location of its own); the mixed-type check comes after the list's end."""
    has_string = has_number = False
    for member, (container, key) in zip(members, spots):
        if isinstance(member, str):
            has_string = True
        elif _is_number(member):
            _check_number(member, (container, key, "start"))
            has_number = True
        else:
            raise invalid("anything_but_bad_member", at=(container, key, "start"), twice=twice)
    if has_string == has_number:
        end = (members, None, "end") if twice else (*spots[0], "start")
        raise invalid("anything_but_mixed", at=end)
    excluded = frozenset(dialect.number(m) if has_number else m for m in members)
    if has_string:  # no non-string scalar equals a string: no type check needed
        return lambda v: v not in excluded
    return lambda v: not ((v.__class__ is int or v.__class__ is float) and v in excluded)


def _any_value(value: Any) -> bool:
    """``exists: true`` — any scalar counts, null included."""
    return True


def _in_networks(value: str, networks: tuple[tuple[int, int, int], ...]) -> bool:
    parsed = _event_ip(value)
    if parsed is None:
        return False
    version, address = parsed
    return any(v == version and low <= address <= high for v, low, high in networks)
