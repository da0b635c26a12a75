"""The tokens of the CloudWatch Logs Insights query language.

``/`` starts a regular expression where an operand is expected (after ``like``, ``=~``,
``(``, a command...) and divides elsewhere; ``#`` starts a comment that runs to the end
of the line. A regular expression is compiled here, its Java-style named groups
(``(?<name>...)``, as AWS writes them) read as Python's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COMMANDS = frozenset({"fields", "display", "filter", "stats", "sort", "limit", "parse", "dedup"})
#: Time units of ``bin``, ``datefloor`` and ``dateceil``, in milliseconds.
UNITS = {
    "ms": 1,
    "s": 1000, "sec": 1000, "second": 1000, "seconds": 1000,
    "m": 60_000, "min": 60_000, "minute": 60_000, "minutes": 60_000,
    "h": 3_600_000, "hr": 3_600_000, "hour": 3_600_000, "hours": 3_600_000,
    "d": 86_400_000, "day": 86_400_000, "days": 86_400_000,
    "w": 604_800_000, "week": 604_800_000, "weeks": 604_800_000,
}  # fmt: skip


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
  | (?P<duration>\d+(?:\.\d+)?(?:ms|seconds|second|sec|s|minutes|minute|min|m|hours|hour|hr|h|days|day|d|weeks|week|w)(?![\w@.]))
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
        return int(float(amount) * UNITS[unit])
    if kind == "name" and raw.startswith("`"):
        return raw[1:-1]
    return raw
