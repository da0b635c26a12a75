"""The CloudWatch Logs Insights query language: tokens, and the parser that turns a
query string into commands (:mod:`.nodes`).

A query is commands separated by ``|``; ``#`` starts a comment that runs to the end
of the line. Errors are :class:`QueryError`, carrying the offending token's offsets
and a message in the style of AWS's (an ANTLR parser: ``mismatched input 'x'
expecting ...``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eventmock.services.logs.insights import nodes
from eventmock.services.logs.insights.functions import AGGREGATES, SCALARS

#: What AWS's parser expects where a command starts (as it answers it).
COMMANDS_EXPECTED = "{K_PARSE, K_SEARCH, K_FIELDS, K_DISPLAY, K_FILTER, K_SORT, K_ORDER, K_HEAD, K_LIMIT, K_TAIL}"
#: How deeply expressions may nest (deeper ones are refused, not evaluated).
MAX_DEPTH = 100
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


class Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.index = 0

    # -- token helpers --------------------------------------------------------------

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "eof":
            self.index += 1
        return token

    def word(self, *words: str) -> bool:
        token = self.token
        return token.kind == "name" and not token.text.startswith("`") and token.text.lower() in words

    def op(self, *ops: str) -> bool:
        return self.token.kind == "op" and self.token.text in ops

    def fail(self, expecting: str) -> QueryError:
        token = self.token
        return QueryError(f"mismatched input '{token.text}' expecting {expecting}", token.start, max(token.start, token.end - 1))

    def expect_op(self, op: str) -> Token:
        if not self.op(op):
            raise self.fail(f"'{op}'")
        return self.advance()

    # -- commands -------------------------------------------------------------------

    def query(self) -> list[nodes.Command]:
        commands = [self.command()]
        while self.op("|"):
            self.advance()
            commands.append(self.command())
        if self.token.kind != "eof":
            raise self.fail("{<EOF>, '|'}")
        return commands

    def command(self) -> nodes.Command:
        if not self.word(*COMMANDS):
            raise self.fail(COMMANDS_EXPECTED)
        name = self.advance().text.lower()
        if name == "fields":
            return nodes.Fields(self.items(aggregates=False))
        if name == "display":
            return nodes.Display(self.names())
        if name == "filter":
            return nodes.Filter(self.expression())
        if name == "stats":
            found = self.items(aggregates=True)
            by: list[nodes.Item] = []
            if self.word("by"):
                self.advance()
                by = self.items(aggregates=False)
            return nodes.Stats(found, by)
        if name == "sort":
            return nodes.Sort(self.sort_keys())
        if name == "limit":
            if self.token.kind != "number" or not isinstance(self.token.value, int) or self.token.value < 1:
                raise self.fail("INTEGER")
            return nodes.Limit(int(self.advance().value))  # type: ignore[call-overload]
        if name == "dedup":
            return nodes.Dedup(self.names())
        return self.parse_command()

    def items(self, *, aggregates: bool) -> list[nodes.Item]:
        found = [self.item(aggregates)]
        while self.op(","):
            self.advance()
            found.append(self.item(aggregates))
        return found

    def item(self, aggregates: bool) -> nodes.Item:
        start = self.token.start
        expression = self.expression()
        end = self.tokens[self.index - 1].end
        if aggregates and not nodes.has_aggregate(expression):
            raise QueryError(f"stats expression must contain an aggregate function: {self.text[start:end]}", start, end - 1)
        if not aggregates and nodes.has_aggregate(expression):
            raise QueryError(f"aggregate function not allowed here: {self.text[start:end]}", start, end - 1)
        name = self.text[start:end]
        if self.word("as"):
            self.advance()
            name = self.field_name()
        elif isinstance(expression, nodes.Field):
            name = expression.name
        return nodes.Item(expression, name)

    def names(self) -> list[str]:
        found = [self.field_name()]
        while self.op(","):
            self.advance()
            found.append(self.field_name())
        return found

    def field_name(self) -> str:
        if self.token.kind != "name":
            raise self.fail("IDENTIFIER")
        return str(self.advance().value)

    def sort_keys(self) -> list[nodes.SortKey]:
        keys = []
        while True:
            start = self.token.start
            expression = self.expression()
            written = self.text[start : self.tokens[self.index - 1].end]
            descending = True
            if self.word("asc", "desc"):
                descending = self.advance().text.lower() == "desc"
            keys.append(nodes.SortKey(expression, descending, written))
            if not self.op(","):
                return keys
            self.advance()

    def parse_command(self) -> nodes.Parse:
        source: nodes.Expr = nodes.Field("@message")
        if self.token.kind == "name":
            source = nodes.Field(self.field_name())
        token = self.token
        if token.kind == "regex":
            self.advance()
            pattern = token.value
            assert isinstance(pattern, re.Pattern)
            names = list(pattern.groupindex)
            if not names:
                raise QueryError("parse regular expression must have at least one named capture group", token.start, token.end - 1)
            return nodes.Parse(source, pattern, names)
        if token.kind != "string":
            raise self.fail("{STRING, REGEX}")
        self.advance()
        glob = str(token.value)
        pieces = [re.escape(piece) for piece in glob.split("*")]
        if not self.word("as"):
            raise self.fail("'as'")
        self.advance()
        names = self.names()
        if len(names) != len(pieces) - 1:
            raise QueryError(
                f"parse pattern has {len(pieces) - 1} wildcard(s) but {len(names)} field name(s)", token.start, self.tokens[self.index - 1].end - 1
            )
        groups = [f"(?P<g{i}>.*?)" for i in range(len(names))]
        if groups:
            groups[-1] = groups[-1].replace(".*?", ".*") if pieces[-1] == "" else groups[-1]
        regex = pieces[0] + "".join(group + piece for group, piece in zip(groups, pieces[1:]))
        return nodes.Parse(source, re.compile(regex, re.S), names)

    # -- expressions ------------------------------------------------------------------

    def expression(self) -> nodes.Expr:
        return self.disjunction()

    def disjunction(self) -> nodes.Expr:
        left = self.conjunction()
        while self.word("or") or self.op("||"):
            self.advance()
            left = nodes.Binary("or", left, self.conjunction())
        return left

    def conjunction(self) -> nodes.Expr:
        left = self.negation()
        while self.word("and") or self.op("&&"):
            self.advance()
            left = nodes.Binary("and", left, self.negation())
        return left

    def negation(self) -> nodes.Expr:
        if self.word("not") or self.op("!"):
            self.advance()
            return nodes.Unary("not", self.negation())
        return self.comparison()

    def comparison(self) -> nodes.Expr:
        left = self.additive()
        negated = False
        if self.word("not") and self.tokens[self.index + 1].text.lower() in ("like", "in"):
            self.advance()
            negated = True
        if self.op("=", "==", "!=", "<", "<=", ">", ">=", "=~"):
            op = self.advance().text
            result: nodes.Expr = nodes.Binary("=" if op == "==" else op, left, self.additive())
        elif self.word("like"):
            self.advance()
            result = nodes.Binary("like", left, self.additive())
        elif self.word("in"):
            self.advance()
            self.expect_op("[")
            members = [self.additive()]
            while self.op(","):
                self.advance()
                members.append(self.additive())
            self.expect_op("]")
            result = nodes.In(left, members)
        elif negated:
            raise self.fail("{'like', 'in'}")
        else:
            return left
        return nodes.Unary("not", result) if negated else result

    def additive(self) -> nodes.Expr:
        left = self.multiplicative()
        while self.op("+", "-"):
            left = nodes.Binary(self.advance().text, left, self.multiplicative())
        return left

    def multiplicative(self) -> nodes.Expr:
        left = self.power()
        while self.op("*", "/", "%"):
            left = nodes.Binary(self.advance().text, left, self.power())
        return left

    def power(self) -> nodes.Expr:
        left = self.unary()
        if self.op("^"):
            self.advance()
            return nodes.Binary("^", left, self.power())
        return left

    def unary(self) -> nodes.Expr:
        if self.op("-"):
            self.advance()
            return nodes.Unary("-", self.unary())
        return self.primary()

    def primary(self) -> nodes.Expr:
        token = self.token
        if token.kind in ("number", "string", "duration"):
            self.advance()
            return nodes.Literal(token.value)
        if token.kind == "regex":
            self.advance()
            return nodes.Literal(token.value)
        if self.op("("):
            self.advance()
            inner = self.expression()
            self.expect_op(")")
            return inner
        if token.kind == "name":
            self.advance()
            if self.op("(") and not token.text.startswith("`"):
                return self.call(token)
            if token.text.lower() in ("true", "false"):
                return nodes.Literal(token.text.lower() == "true")
            return nodes.Field(str(token.value))
        if self.op("*") and self.tokens[self.index + 1].text == ")":
            self.advance()
            return nodes.Star()
        raise self.fail("{IDENTIFIER, NUMBER, STRING, '('}")

    def call(self, name_token: Token) -> nodes.Expr:
        name = name_token.text.lower()
        if name not in SCALARS and name not in AGGREGATES:
            raise QueryError(f"Unrecognized function name: {name_token.text}", name_token.start, name_token.end - 1)
        self.expect_op("(")
        args: list[nodes.Expr] = []
        if not self.op(")"):
            args.append(self.expression())
            while self.op(","):
                self.advance()
                args.append(self.expression())
        self.expect_op(")")
        return nodes.Call(name, args, name in AGGREGATES)


def parse(text: str) -> list[nodes.Command]:
    """The commands of the query ``text`` (:class:`QueryError` if it is malformed)."""
    if not text.strip():
        raise QueryError("mismatched input '<EOF>' expecting " + COMMANDS_EXPECTED, len(text), len(text))
    try:
        commands = Parser(text).query()
    except RecursionError:
        commands = None
    if commands is None or any(nodes.depth(e) > MAX_DEPTH for c in commands for e in nodes.expressions(c)):
        raise QueryError("The query is nested too deeply.", 0, max(0, len(text) - 1))
    return commands
