"""The filter-pattern language of CloudWatch Logs (``FilterLogEvents``, subscription
filters, metric filters), compiled once into a predicate over a log event's message.

Three forms, as AWS documents them:

terms
    ``ERROR``, ``"quoted phrase"``, ``ERROR Exception`` (all must appear),
    ``?ERROR ?WARN`` (any), ``ERROR -Exiting`` (``-`` excludes), ``%regex%``; matching
    is case-sensitive. The empty pattern matches every event; so does ``" "``.
JSON
    ``{ $.detail.status = "paid" && $.detail.amount > 10 }``: selectors
    (``$.a.b``, ``$.list[0]``), ``=``/``!=`` against strings (``*`` is a wildcard,
    ``%regex%`` a regular expression) or numbers, ``<``/``<=``/``>``/``>=`` against
    numbers, ``IS TRUE``/``IS FALSE``/``IS NULL``/``NOT EXISTS``, ``&&``, ``||`` and
    parentheses. A message that is no JSON object matches no JSON pattern.
space-delimited
    ``[ip, user, ..., status = 4*, bytes > 1000]``: fields separated by spaces (text in
    ``"..."`` or ``[...]`` is one field), ``...`` for any number of fields, conditions
    on a field as in JSON patterns, joined with ``&&``/``||``.

A pattern that does not parse raises :class:`PatternError`; each service turns that
into the error it answers with.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

Matcher = Callable[[str], bool]


class PatternError(ValueError):
    pass


def _everything(message: str) -> bool:
    return True


@lru_cache(maxsize=512)
def compile_pattern(pattern: str) -> Matcher:
    """A predicate telling whether a message matches ``pattern``."""
    text = pattern.strip()
    if not text:
        return _everything
    if text.startswith("{"):
        return _json_matcher(text)
    if text.startswith("["):
        return _delimited_matcher(text)
    return _terms_matcher(text)


# -- terms --------------------------------------------------------------------------

_TERM = re.compile(r'\s*([?-]?)(?:"((?:[^"\\]|\\.)*)"|(%[^%]+%)|([^\s"]+))')


def _regex(body: str) -> re.Pattern[str]:
    try:
        return re.compile(body)
    except re.error as exc:
        raise PatternError(f"invalid regular expression %{body}%") from exc


def _term_test(phrase: str | None, regex: str | None, word: str | None) -> Matcher:
    if regex is not None:
        compiled = _regex(regex[1:-1])
        return lambda message: compiled.search(message) is not None
    text = phrase.replace('\\"', '"') if phrase is not None else word or ""
    if phrase is not None and not text.strip():
        return _everything  # '" "' matches every event
    return lambda message: text in message


def _terms_matcher(text: str) -> Matcher:
    required: list[Matcher] = []
    excluded: list[Matcher] = []
    optional: list[Matcher] = []
    position = 0
    while position < len(text):
        found = _TERM.match(text, position)
        if found is None:
            if text[position:].strip():
                raise PatternError(f"cannot read the filter pattern at {text[position:]!r}")
            break
        position = found.end()
        prefix, phrase, regex, word = found.groups()
        test = _term_test(phrase, regex, word)
        {"": required, "-": excluded, "?": optional}[prefix].append(test)

    def match(message: str) -> bool:
        if not all(test(message) for test in required):
            return False
        if any(test(message) for test in excluded):
            return False
        return not optional or any(test(message) for test in optional)

    return match


# -- values and comparisons (JSON and space-delimited) -------------------------------

_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_MISSING = object()


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        return float(value)
    return None


def _wildcard(text: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in text.split("*")), re.S)


def _comparison(op: str, literal: str, kind: str) -> Callable[[Any], bool]:
    """A test of a value against ``literal`` (``kind``: ``"string"`` quoted, ``"word"``
    bare, ``"regex"``)."""
    if kind == "regex":
        if op not in ("=", "!="):
            raise PatternError(f"{op} cannot compare with a regular expression")
        compiled = _regex(literal)

        def regex_test(value: Any) -> bool:
            if value is _MISSING or value is None or isinstance(value, (dict, list)):
                return False
            text = value if isinstance(value, str) else json.dumps(value)
            return (compiled.search(text) is not None) == (op == "=")

        return regex_test
    number = _as_number(literal) if kind == "word" else None
    if op in ("<", "<=", ">", ">="):
        if number is None:
            raise PatternError(f"{op} needs a number, not {literal!r}")
        compare = {"<": float.__lt__, "<=": float.__le__, ">": float.__gt__, ">=": float.__ge__}[op]

        def numeric_test(value: Any) -> bool:
            found = _as_number(value)
            return found is not None and compare(found, number)

        return numeric_test
    equal = op == "="
    if number is not None:

        def number_test(value: Any) -> bool:
            found = _as_number(value)
            return found is not None and (found == number) == equal

        return number_test
    pattern = _wildcard(literal) if "*" in literal else None

    def string_test(value: Any) -> bool:
        if value is _MISSING or value is None or isinstance(value, (dict, list, bool)):
            return False
        text = value if isinstance(value, str) else json.dumps(value)
        same = pattern.fullmatch(text) is not None if pattern is not None else text == literal
        return same == equal

    return string_test


# -- JSON patterns ------------------------------------------------------------------

_JSON_TOKEN = re.compile(
    r"""\s*(?:
        (?P<and>&&)|(?P<or>\|\|)|(?P<open>\()|(?P<close>\))
        |(?P<op>!=|<=|>=|=|<|>)
        |(?P<selector>\$(?:\.[^\s.\[=!<>()&|]+|\[\d+\]|\.\*|\[\*\])*)
        |"(?P<string>(?:[^"\\]|\\.)*)"
        |%(?P<regex>[^%]+)%
        |(?P<keyword>IS\s+NULL|IS\s+TRUE|IS\s+FALSE|NOT\s+EXISTS|EXISTS)\b
        |(?P<word>[^\s()&|=!<>"]+)
    )""",
    re.X,
)

_Condition = Callable[[Any], bool]


def _tokens(text: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        if not text[position:].strip():
            break
        match = _JSON_TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise PatternError(f"cannot read the filter pattern at {text[position:]!r}")
        kind = match.lastgroup or ""
        found.append((kind, match.group(kind)))
        position = match.end()
    return found


def _steps(selector: str) -> list[str | int]:
    steps: list[str | int] = []
    for name, index in re.findall(r"\.([^.\[]+)|\[(\d+|\*)\]", selector[1:]):
        if name:
            steps.append(name)
        else:
            steps.append(-1 if index == "*" else int(index))
    return steps


def _select(document: Any, steps: list[str | int]) -> list[Any]:
    """The values ``steps`` reach in ``document`` (``[*]`` and ``.*`` fan out)."""
    current = [document]
    for step in steps:
        found: list[Any] = []
        for value in current:
            if step == "*" or step == -1:
                if isinstance(value, dict):
                    found.extend(value.values())
                elif isinstance(value, list):
                    found.extend(value)
            elif isinstance(step, int):
                if isinstance(value, list) and step < len(value):
                    found.append(value[step])
            elif isinstance(value, dict) and step in value:
                found.append(value[step])
        current = found
    return current


class _JsonParser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.position = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, kind: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (kind is not None and token[0] != kind):
            raise PatternError("the filter pattern ends too early" if token is None else f"unexpected {token[1]!r}")
        self.position += 1
        return token

    def expression(self) -> _Condition:
        terms = [self.conjunction()]
        while (token := self.peek()) is not None and token[0] == "or":
            self.take()
            terms.append(self.conjunction())
        if len(terms) == 1:
            return terms[0]
        return lambda document: any(term(document) for term in terms)

    def conjunction(self) -> _Condition:
        terms = [self.unit()]
        while (token := self.peek()) is not None and token[0] == "and":
            self.take()
            terms.append(self.unit())
        if len(terms) == 1:
            return terms[0]
        return lambda document: all(term(document) for term in terms)

    def unit(self) -> _Condition:
        token = self.peek()
        if token is not None and token[0] == "open":
            self.take()
            inner = self.expression()
            self.take("close")
            return inner
        steps = _steps(self.take("selector")[1])
        token = self.take()
        if token[0] == "keyword":
            keyword = " ".join(token[1].split())
            if keyword == "NOT EXISTS":
                return lambda document: not _select(document, steps)
            if keyword == "EXISTS":
                return lambda document: bool(_select(document, steps))
            expected = {"IS NULL": None, "IS TRUE": True, "IS FALSE": False}[keyword]
            return lambda document: any(v is expected for v in _select(document, steps))
        if token[0] != "op":
            raise PatternError(f"unexpected {token[1]!r}")
        value_kind, value = self.take()
        if value_kind not in ("string", "word", "regex"):
            raise PatternError(f"unexpected {value!r}")
        test = _comparison(token[1], value.replace('\\"', '"') if value_kind == "string" else value, value_kind)
        return lambda document: any(test(v) for v in _select(document, steps))


def _json_matcher(text: str) -> Matcher:
    if not text.endswith("}"):
        raise PatternError("a JSON filter pattern ends with }")
    parser = _JsonParser(_tokens(text[1:-1]))
    condition = parser.expression()
    if parser.peek() is not None:
        raise PatternError(f"unexpected {parser.peek()!r}")

    def match(message: str) -> bool:
        if not message.lstrip().startswith("{"):
            return False
        try:
            document = json.loads(message)
        except (ValueError, RecursionError):
            return False
        return isinstance(document, dict) and condition(document)

    return match


# -- space-delimited patterns -----------------------------------------------------------

_FIELD = re.compile(r'"[^"]*"|\[[^\]]*\]|\S+')
_FIELD_CONDITION = re.compile(r'\s*(!=|<=|>=|=|<|>)\s*(?:"((?:[^"\\]|\\.)*)"|%([^%]+)%|([^\s&|]+))\s*')


def _field_test(spec: str) -> Callable[[str], bool] | None:
    """The test of one field of a space-delimited pattern (``None``: any value)."""
    spec = spec.strip()
    if spec.startswith('"') and spec.endswith('"') and len(spec) >= 2:
        literal = spec[1:-1]
        return lambda value: value == literal
    name = re.match(r"[\w.-]*", spec)
    rest = spec[name.end() if name else 0 :]
    if not rest.strip():
        return None
    alternatives: list[list[Callable[[Any], bool]]] = [[]]
    position = 0
    while position < len(rest):
        if rest[position:].lstrip().startswith("&&"):
            position = rest.index("&&", position) + 2
            name_again = re.match(r"\s*[\w.-]*", rest[position:])
            position += name_again.end() if name_again else 0
            continue
        if rest[position:].lstrip().startswith("||"):
            position = rest.index("||", position) + 2
            name_again = re.match(r"\s*[\w.-]*", rest[position:])
            position += name_again.end() if name_again else 0
            alternatives.append([])
            continue
        found = _FIELD_CONDITION.match(rest, position)
        if found is None or found.end() == position:
            raise PatternError(f"cannot read the field {spec!r}")
        op, string, regex, word = found.groups()
        if regex is not None:
            alternatives[-1].append(_comparison(op, regex, "regex"))
        elif string is not None:
            alternatives[-1].append(_comparison(op, string, "string"))
        else:
            alternatives[-1].append(_comparison(op, word, "word"))
        position = found.end()
    return lambda value: any(all(test(value) for test in tests) for tests in alternatives)


@lru_cache(maxsize=512)
def _delimited_binder(text: str) -> Callable[[str], dict[str, str] | None]:
    """For a space-delimited pattern, a function from a message to its named fields'
    values (``{"status": "404"}``) when it matches, ``None`` when it does not."""
    if not text.endswith("]"):
        raise PatternError("a space-delimited filter pattern ends with ]")
    fields: list[tuple[str, Callable[[str], bool] | None] | str] = []
    for spec in text[1:-1].split(","):
        if spec.strip() == "...":
            fields.append("...")
        else:
            name = re.match(r"\s*([\w.-]*)", spec)
            fields.append((name.group(1) if name else "", _field_test(spec)))

    def bind_from(values: list[str], i: int, j: int, bound: dict[str, str]) -> bool:
        if j == len(fields):
            return i == len(values)
        field = fields[j]
        if isinstance(field, str):
            return any(bind_from(values, k, j + 1, bound) for k in range(i, len(values) + 1))
        if i >= len(values):
            return False
        name, test = field
        if test is not None and not test(values[i]):
            return False
        if name:
            bound[name] = values[i]
        return bind_from(values, i + 1, j + 1, bound)

    def bind(message: str) -> dict[str, str] | None:
        values = [v[1:-1] if v[:1] in '"[' and len(v) >= 2 else v for v in _FIELD.findall(message)]
        bound: dict[str, str] = {}
        return bound if bind_from(values, 0, 0, bound) else None

    return bind


def _delimited_matcher(text: str) -> Matcher:
    bind = _delimited_binder(text)
    return lambda message: bind(message) is not None


def field_value(pattern: str, selector: str, message: str) -> Any:
    """The value a metric filter's ``metricValue`` selector takes from a message the
    pattern matched: ``$.a.b`` from a JSON message, ``$name`` from the field a
    space-delimited pattern names; ``None`` if it has none."""
    if selector.startswith("$."):
        try:
            document = json.loads(message)
        except (ValueError, RecursionError):
            return None
        found = _select(document, _steps(selector))
        return found[0] if found else None
    text = pattern.strip()
    if not text.startswith("["):
        return None
    bound = _delimited_binder(text)(message)
    return None if bound is None else bound.get(selector[1:])
