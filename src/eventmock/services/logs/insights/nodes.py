"""The parsed form of a Logs Insights query: expressions and commands."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Field:
    name: str


@dataclass(frozen=True)
class Literal:
    value: object


@dataclass(frozen=True)
class Star:
    """The ``*`` of ``count(*)``."""


@dataclass(frozen=True)
class Unary:
    op: str  # "not", "-"
    operand: Expr


@dataclass(frozen=True)
class Binary:
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class In:
    operand: Expr
    members: list[Expr]


@dataclass(frozen=True)
class Call:
    name: str
    args: list[Expr]
    aggregate: bool


Expr = Union[Field, Literal, Star, Unary, Binary, In, Call]


def has_aggregate(expression: Expr) -> bool:
    if isinstance(expression, Call):
        return expression.aggregate or any(has_aggregate(arg) for arg in expression.args)
    if isinstance(expression, Unary):
        return has_aggregate(expression.operand)
    if isinstance(expression, Binary):
        return has_aggregate(expression.left) or has_aggregate(expression.right)
    if isinstance(expression, In):
        return has_aggregate(expression.operand) or any(has_aggregate(m) for m in expression.members)
    return False


def depth(expression: Expr) -> int:
    """How deeply ``expression`` nests (counted without recursion)."""
    deepest = 0
    pending: list[tuple[Expr, int]] = [(expression, 1)]
    while pending:
        node, level = pending.pop()
        deepest = max(deepest, level)
        if isinstance(node, Unary):
            pending.append((node.operand, level + 1))
        elif isinstance(node, Binary):
            pending.extend(((node.left, level + 1), (node.right, level + 1)))
        elif isinstance(node, In):
            pending.extend((e, level + 1) for e in (node.operand, *node.members))
        elif isinstance(node, Call):
            pending.extend((e, level + 1) for e in node.args)
    return deepest


@dataclass(frozen=True)
class Item:
    """``expression [as name]`` of ``fields`` and ``stats``; ``name`` is the alias, or
    the field's name, or the expression as written."""

    expression: Expr
    name: str


@dataclass(frozen=True)
class Fields:
    items: list[Item]


@dataclass(frozen=True)
class Display:
    names: list[str]


@dataclass(frozen=True)
class Filter:
    expression: Expr


@dataclass(frozen=True)
class Stats:
    aggregates: list[Item]
    by: list[Item]


@dataclass(frozen=True)
class SortKey:
    expression: Expr
    descending: bool
    #: The expression as written: after ``stats``, the name of a column.
    written: str


@dataclass(frozen=True)
class Sort:
    keys: list[SortKey]


@dataclass(frozen=True)
class Limit:
    count: int


@dataclass(frozen=True)
class Dedup:
    names: list[str]


@dataclass(frozen=True)
class Parse:
    source: Expr
    #: Groups named ``g0``, ``g1``... (a glob) or by the user (a regular expression).
    pattern: re.Pattern[str]
    names: list[str]


Command = Union[Fields, Display, Filter, Stats, Sort, Limit, Dedup, Parse]


def expressions(command: Command) -> list[Expr]:
    """The expressions of ``command``."""
    if isinstance(command, Fields):
        return [item.expression for item in command.items]
    if isinstance(command, Filter):
        return [command.expression]
    if isinstance(command, Stats):
        return [item.expression for item in (*command.aggregates, *command.by)]
    if isinstance(command, Sort):
        return [key.expression for key in command.keys]
    if isinstance(command, Parse):
        return [command.source]
    return []
