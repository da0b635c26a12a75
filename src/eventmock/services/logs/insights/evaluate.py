"""Running a parsed Logs Insights query over log events.

Each event becomes a record: ``@timestamp``, ``@message``, ``@logStream``, ``@log``
(``account:group``), ``@ingestionTime``, ``@ptr``, and, when the message is a JSON
object, its fields flattened with dots (``detail.status``, ``items.0.sku``). The
commands then run in order, as a pipeline. Before any ``sort``, records are in
``@timestamp`` order, latest first.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from eventmock.services.logs.insights import nodes
from eventmock.services.logs.insights.functions import AGGREGATES, SCALARS, Time, number, text, truthy

#: Rows a query answers without a ``limit`` command or ``limit`` parameter.
DEFAULT_LIMIT = 10_000

Record = dict[str, Any]


class Source(NamedTuple):
    """One log event as a query reads it."""

    timestamp: int
    ingestion: int
    message: str
    stream: str
    log: str  # account:group
    ptr: str


@dataclass
class Outcome:
    #: Rows of (field, value) pairs, values as AWS writes them.
    rows: list[list[tuple[str, str]]]
    #: The records that passed the query's filters (before ``stats``).
    matched: int


def record_of(source: Source) -> Record:
    record: Record = {
        "@timestamp": Time(source.timestamp),
        "@message": source.message,
        "@logStream": source.stream,
        "@log": source.log,
        "@ingestionTime": Time(source.ingestion),
    }
    if source.log.partition(":")[2].startswith("/aws/lambda/") and source.message[:4] in ("STAR", "END ", "REPO"):
        _lambda_fields(source.message, record)
    if source.message.startswith("{"):
        try:
            document = json.loads(source.message)
            if isinstance(document, dict):
                found: Record = {}
                _flatten(document, "", found)
                for name, value in found.items():
                    record.setdefault(name, value)
        except (ValueError, RecursionError):  # not JSON, or nested too deep to read
            pass
    record["@ptr"] = source.ptr
    return record


_LAMBDA_LINE = re.compile(r"(START|END|REPORT) RequestId: (\S+)")
#: The fields of a Lambda ``REPORT`` line: (label, field, factor: MB are counted in bytes).
_LAMBDA_REPORT = (
    ("Duration", "@duration", 1),
    ("Billed Duration", "@billedDuration", 1),
    ("Memory Size", "@memorySize", 1_000_000),
    ("Max Memory Used", "@maxMemoryUsed", 1_000_000),
    ("Init Duration", "@initDuration", 1),
)


def _lambda_fields(message: str, record: Record) -> None:
    """The fields Logs Insights discovers in a Lambda function's START, END and REPORT
    lines (in a ``/aws/lambda/`` log group)."""
    found = _LAMBDA_LINE.match(message)
    if found is None:
        return
    record["@type"] = found.group(1)
    record["@requestId"] = found.group(2)
    for label, name, factor in _LAMBDA_REPORT:
        value = re.search(rf"(?:^|\t){label}: ([\d.]+) (?:ms|MB)", message)
        if value is not None:
            number = float(value.group(1)) * factor
            record[name] = int(number) if number.is_integer() else number


def _flatten(value: Any, prefix: str, into: Record) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, f"{prefix}{key}.", into)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _flatten(inner, f"{prefix}{index}.", into)
    elif value is not None:
        into.setdefault(prefix[:-1], value)


def discovered_fields(source: Source) -> list[str]:
    """The fields a query finds in one event (``@ptr`` aside)."""
    return [name for name in record_of(source) if name != "@ptr"]


def run(commands: list[nodes.Command], sources: Iterable[Source], limit: int | None) -> Outcome:
    records = [record_of(source) for source in sorted(sources, key=lambda s: s.timestamp, reverse=True)]
    matched = len(records)
    shown: list[str] = []
    display: list[str] | None = None
    aggregated = False
    limited = False
    for command in commands:
        if isinstance(command, nodes.Filter):
            records = [r for r in records if truthy(evaluate(command.expression, r))]
            if not aggregated:
                matched = len(records)
        elif isinstance(command, nodes.Fields):
            for record in records:
                for item in command.items:
                    record[item.name] = evaluate(item.expression, record)
            shown.extend(item.name for item in command.items if item.name not in shown)
        elif isinstance(command, nodes.Display):
            display = list(dict.fromkeys(command.names))
        elif isinstance(command, nodes.Parse):
            _parse(command, records)
        elif isinstance(command, nodes.Stats):
            records = _stats(command, records)
            shown = list(dict.fromkeys([item.name for item in command.by] + [item.name for item in command.aggregates]))
            aggregated = True
        elif isinstance(command, nodes.Sort):
            records = _sorted(command, records)
        elif isinstance(command, nodes.Limit):
            records = records[: command.count]
            limited = True
        elif isinstance(command, nodes.Dedup):
            records = _dedup(command, records)
    if not limited:
        records = records[: limit or DEFAULT_LIMIT]
    names = display if display is not None else shown
    rows = []
    for record in records:
        columns = names or [name for name in record if name != "@ptr"]
        row = [(name, shown_value) for name in columns if (shown_value := text(record.get(name))) is not None]
        if not aggregated and "@ptr" in record:
            row.append(("@ptr", record["@ptr"]))
        rows.append(row)
    return Outcome(rows, matched)


def _parse(command: nodes.Parse, records: list[Record]) -> None:
    glob = all(name == f"g{i}" for i, name in enumerate(command.pattern.groupindex))
    for record in records:
        value = text(evaluate(command.source, record))
        found = None if value is None else command.pattern.search(value)
        if found is None:
            continue
        if glob:
            for index, name in enumerate(command.names):
                record[name] = found.group(f"g{index}")
        else:
            for name in command.names:
                if found.group(name) is not None:
                    record[name] = found.group(name)


def _stats(command: nodes.Stats, records: list[Record]) -> list[Record]:
    groups: dict[tuple[str | None, ...], list[Record]] = {}
    keys: dict[tuple[str | None, ...], list[Any]] = {}
    for record in records:
        values = [evaluate(item.expression, record) for item in command.by]
        key = tuple(text(v) for v in values)
        if key not in groups:
            groups[key] = []
            keys[key] = values
        groups[key].append(record)
    if not command.by and not groups:
        groups[()] = []
        keys[()] = []
    out = []
    for key, members in groups.items():
        oldest_first = sorted(members, key=lambda r: int(r.get("@timestamp") or 0))
        row: Record = {item.name: value for item, value in zip(command.by, keys[key])}
        for item in command.aggregates:
            row[item.name] = evaluate(item.expression, oldest_first[0] if oldest_first else {}, oldest_first)
        out.append(row)
    return out


_CHUNK = re.compile(r"\d+|\D+")
_ZERO = ord("0")


def _sort_key(value: Any) -> tuple[Any, ...]:
    """AWS's ascending order: words before numbers; numbers by value; words in natural
    order (runs of digits by length, then value; other runs by code point; a run of
    digits against other characters by code point, as ``2345`` before ``@``)."""
    numeric = number(value)
    shown = str(text(value))
    if numeric is not None and not isinstance(value, bool) and math.isfinite(numeric):
        return (1, numeric, shown)
    chunks = [
        (_ZERO, 0, len(chunk), chunk) if chunk[0].isdigit() else (ord(chunk[0]), 1, 0, chunk)
        for chunk in _CHUNK.findall(shown)
    ]
    return (0, chunks, shown)


def _sorted(command: nodes.Sort, records: list[Record]) -> list[Record]:
    for key in reversed(command.keys):
        valued = [(r[key.written] if key.written in r else evaluate(key.expression, r), r) for r in records]
        present = [(v, r) for v, r in valued if v is not None]
        present.sort(key=lambda pair: _sort_key(pair[0]), reverse=key.descending)
        records = [r for _, r in present] + [r for v, r in valued if v is None]
    return records


def _dedup(command: nodes.Dedup, records: list[Record]) -> list[Record]:
    seen: set[tuple[str | None, ...]] = set()
    kept = []
    for record in records:
        key = tuple(text(record.get(name)) for name in command.names)
        if None in key:
            kept.append(record)
        elif key not in seen:
            seen.add(key)
            kept.append(record)
    return kept


# -- expressions -------------------------------------------------------------------


def evaluate(expression: nodes.Expr, record: Record, group: list[Record] | None = None) -> Any:
    """The value of ``expression`` for ``record``; inside ``stats``, aggregates run over
    ``group`` (oldest first)."""
    if isinstance(expression, nodes.Field):
        return record.get(expression.name)
    if isinstance(expression, nodes.Literal):
        return expression.value
    if isinstance(expression, nodes.Star):
        return True
    if isinstance(expression, nodes.Unary):
        value = evaluate(expression.operand, record, group)
        if expression.op == "not":
            return not truthy(value)
        negated = number(value)
        return None if negated is None else -negated
    if isinstance(expression, nodes.Binary):
        return _binary(expression, record, group)
    if isinstance(expression, nodes.In):
        value = evaluate(expression.operand, record, group)
        return any(_compare("=", value, evaluate(m, record, group)) for m in expression.members)
    if expression.aggregate:
        function = AGGREGATES[expression.name]
        members = group or []
        first = expression.args[0] if expression.args else nodes.Star()
        values = [evaluate(first, r) for r in members]
        rest = [evaluate(arg, record) for arg in expression.args[1:]]
        return function(values, rest)
    args = [evaluate(arg, record, group) for arg in expression.args]
    if expression.name == "bin" and len(args) == 1:
        args = [record.get("@timestamp"), args[0]]
    return SCALARS[expression.name](args)


def _binary(expression: nodes.Binary, record: Record, group: list[Record] | None) -> Any:
    op = expression.op
    left = evaluate(expression.left, record, group)
    if op == "and":
        return truthy(left) and truthy(evaluate(expression.right, record, group))
    if op == "or":
        return truthy(left) or truthy(evaluate(expression.right, record, group))
    right = evaluate(expression.right, record, group)
    if op in ("like", "=~"):
        value = text(left)
        if value is None:
            return False
        if isinstance(right, re.Pattern):
            return right.search(value) is not None
        pattern = text(right)
        return pattern is not None and pattern in value
    if op in ("=", "!=", "<", "<=", ">", ">="):
        return _compare(op, left, right)
    a, b = number(left), number(right)
    if a is None or b is None:
        return None
    try:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            return a / b
        if op == "%":
            return a % b
        power = float(a) ** float(b)
    except (ZeroDivisionError, OverflowError):
        return None
    return power if isinstance(power, float) else None  # not a complex root


def _compare(op: str, left: Any, right: Any) -> bool:
    if left is None or right is None:
        return False
    a: Any
    b: Any
    a, b = number(left), number(right)
    real = isinstance(left, (int, float)) or isinstance(right, (int, float))
    if a is None or b is None or not real:
        a, b = text(left), text(right)
    if op == "=":
        return bool(a == b)
    if op == "!=":
        return bool(a != b)
    if op == "<":
        return bool(a < b)
    if op == "<=":
        return bool(a <= b)
    if op == ">":
        return bool(a > b)
    return bool(a >= b)
