"""The tokens of the CloudWatch Logs Insights query language.

``/`` starts a regular expression where an operand is expected (after ``like``, ``=~``,
``(``, a command...) and divides elsewhere; ``#`` starts a comment that runs to the end
of the line. A regular expression is compiled here, its Java-style named groups
(``(?<name>...)``, as AWS writes them) read as Python's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eventmock.services.logs.insights.functions import Months

COMMANDS = frozenset({"fields", "display", "filter", "stats", "sort", "limit", "parse", "dedup"})
#: Time units of ``bin``, ``datefloor`` and ``dateceil`` (AWS's list; a unit of more
#: than one letter may take an ``s``): milliseconds, or :class:`Months`.
_MS: dict[tuple[str, ...], int] = {
    ("ms", "msec", "millisecond"): 1,
    ("s", "sec", "second"): 1000,
    ("m", "min", "minute"): 60_000,
    ("h", "hr", "hour"): 3_600_000,
    ("d", "day"): 86_400_000,
    ("w", "week"): 604_800_000,
}
_MONTHS: dict[tuple[str, ...], int] = {("mo", "mon", "month"): 1, ("q", "qtr", "quarter"): 3, ("y", "yr", "year"): 12}


def _plurals(table: dict[tuple[str, ...], int]) -> dict[str, int]:
    return {form: size for names, size in table.items() for name in names for form in ((name, name + "s") if len(name) > 1 else (name,))}


UNITS: dict[str, int] = {**_plurals(_MS), **{unit: Months(n) for unit, n in _plurals(_MONTHS).items()}}
_UNIT_PATTERN = "|".join(sorted(UNITS, key=len, reverse=True))


class QueryError(Exception):
    """A query AWS would answer with MalformedQueryException."""

    def __init__(self, message: str, start: int, end: int) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = end


@dataclass(frozen=True)
class Token:
    kind: str  # name, number, duration, string, regex, op, eof
    text: str
    start: int
    end: int
    value: object = None


_TOKEN = re.compile(
    r"""
    (?P<space>\s+|\#[^\n]*)
  | (?P<duration>\d+(?:\.\d+)?(?:""" + _UNIT_PATTERN + r""")(?![\w@.]))
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w@]))
  | (?P<name>[A-Za-z_@$][\w@$]*(?:\.[\w@$]+)*|`[^`]*`)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<op>=~|!=|<=|>=|==|&&|\|\||[=<>+\-*/%^(),\[\]|!])
    """,
    re.X,
)
_ESCAPE = re.compile(r"\\(.)", re.S)
#: Tokens after which ``/`` divides; elsewhere it starts a regular expression.
_OPERAND_END = frozenset({"name", "number", "duration", "string", "regex"})
#: Words after which ``/`` starts a regular expression.
_BEFORE_OPERAND = COMMANDS | {"like", "and", "or", "not", "in", "by", "as"}


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        previous = tokens[-1] if tokens else None
        if text[position] == "/" and not (
            previous is not None
            and (previous.kind in _OPERAND_END or previous.text in (")", "]"))
            and not (previous.kind == "name" and previous.text.lower() in _BEFORE_OPERAND)
            and not (len(tokens) > 1 and tokens[-2].kind == "name" and tokens[-2].text.lower() == "parse")
        ):
            end = position + 1
            while end < len(text) and text[end] != "/":
                end += 2 if text[end] == "\\" else 1
            if end >= len(text):
                raise QueryError(f"token recognition error at: '{text[position:]}'", position, len(text) - 1)
            tokens.append(_regex_token(text, position, end + 1))
            position = end + 1
            continue
        match = _TOKEN.match(text, position)
        if match is None:
            raise QueryError(f"token recognition error at: '{text[position]}'", position, position)
        kind = match.lastgroup or ""
        raw = match.group()
        if kind != "space":
            tokens.append(Token(kind, raw, position, match.end(), _value(kind, raw)))
        position = match.end()
    tokens.append(Token("eof", "<EOF>", len(text), len(text)))
    return tokens


def _regex_token(text: str, start: int, end: int) -> Token:
    source = text[start + 1 : end - 1].replace("\\/", "/")
    # Java's named groups, as AWS writes them, are Python's (?P<name>...).
    source = re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", source)
    try:
        compiled = re.compile(source)
    except re.error as error:
        raise QueryError(f"Invalid regular expression: {error}", start, end - 1) from None
    return Token("regex", text[start:end], start, end, compiled)


def _value(kind: str, raw: str) -> object:
    if kind == "number":
        number = float(raw)
        return int(number) if number.is_integer() and "." not in raw and "e" not in raw.lower() else number
    if kind == "string":
        return _ESCAPE.sub(r"\1", raw[1:-1])
    if kind == "duration":
        amount, unit = re.fullmatch(r"([\d.]+)([a-z]+)", raw).groups()  # type: ignore[union-attr]
        size = UNITS[unit]
        if isinstance(size, Months):
            return Months(int(float(amount)) * size)
        return int(float(amount) * size)
    if kind == "name" and raw.startswith("`"):
        return raw[1:-1]
    return raw
