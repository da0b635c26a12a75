"""The parser of the CloudWatch Logs Insights query language: a query string (its
tokens from :mod:`.lexer`) to commands (:mod:`.nodes`).

A query is commands separated by ``|``. Errors are :class:`QueryError`, carrying the
offending token's offsets and a message in the style of AWS's (an ANTLR parser:
``mismatched input 'x' expecting ...``).
"""

from __future__ import annotations

import re

from eventmock.services.logs.insights import nodes
from eventmock.services.logs.insights.functions import AGGREGATES, SCALARS
from eventmock.services.logs.insights.lexer import COMMANDS, QueryError, Token, tokenize

#: What AWS's parser expects where a command starts (as it answers it).
COMMANDS_EXPECTED = "{K_PARSE, K_SEARCH, K_FIELDS, K_DISPLAY, K_FILTER, K_SORT, K_ORDER, K_HEAD, K_LIMIT, K_TAIL}"
#: How deeply expressions may nest (deeper ones are refused, not evaluated).
MAX_DEPTH = 100


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
            if isinstance(commands[-1], (nodes.Dedup, nodes.Limit)) and any(isinstance(c, nodes.Dedup) for c in commands):
                if not self.word("limit"):  # AWS: "The only query command ... after the dedup command is limit."
                    raise self.fail("K_LIMIT")
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
