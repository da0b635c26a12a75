"""Where a rejected pattern went wrong, as Jackson's parser reports it.

EventBridge (and SNS) compile patterns with event-ruler, which reads them with
Jackson's streaming parser and appends the parser's location to every error
(``\\n at [Source: (String)"..."; line: 1, column: N]``).  Compiling valid
patterns costs nothing extra: :func:`~.matcher.compile` decodes with
:mod:`json` and only when compilation fails re-decodes the text here, with a
scanner that records, for every value, the three positions Jackson's parser
can be at when ruler rejects it (each the 0-based index of the next unread
character):

* ``start``: after the value's first token.  Jackson reads a field name
  together with its value's first token, and strings lazily, so this is past
  ``[``/``{``, past a whole number or literal, and past only the *opening*
  quote of a string;
* ``text``: past a string's closing quote (ruler read its text);
* ``end``: past a container's closing bracket.

The same walk then runs again over :class:`LocatedDict`/:class:`LocatedList`
documents, and the raise sites name the value they fault (``at=``).  Invalid
JSON gets Jackson's own messages (``ReaderBasedJsonParser``); as Jackson reads
a stream, a ruler error before the syntax error wins, which the scanner allows
by keeping what it read before failing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from .errors import InvalidEventPattern, source_description, syntax_error

Positions = tuple[int, int, int]  # start, text, end

_WS: Final = " \t\r\n"
_NUMBER: Final = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_IDENT: Final = re.compile(r"[\w$]*")
_VALUES: Final = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
_DIGITS: Final = "0123456789"
_LITERALS: Final[dict[str, Any]] = {"true": True, "false": False, "null": None}
_ESCAPES: Final = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class LocatedDict(dict[str, Any]):
    """A JSON object with its members' positions (``pos``) and its own ``end``."""

    __slots__ = ("pos", "end")

    def __init__(self) -> None:
        super().__init__()
        self.pos: dict[str, Positions] = {}
        self.end = -1


class LocatedList(list[Any]):
    """A JSON array with its elements' positions (``pos``) and its own ``end``."""

    __slots__ = ("pos", "end")

    def __init__(self) -> None:
        super().__init__()
        self.pos: list[Positions] = []
        self.end = -1


class _Syntax(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def _char(c: str) -> str:
    """Jackson's ``_getCharDesc``."""
    code = ord(c)
    if code < 32 or 127 <= code < 160:
        return f"(CTRL-CHAR, code {code})"
    if code > 255:
        return f"'{c}' (code {code} / 0x{code:x})"
    return f"'{c}' (code {code})"


def _joined(chars: list[str]) -> str:
    """The string's text, ``\\u`` surrogate pairs combined (as :mod:`json` does)."""
    text = "".join(chars)
    if any("\ud800" <= c <= "\udfff" for c in text):
        try:
            return text.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:  # a lone surrogate stays as it is
            pass
    return text


class _Scanner:
    def __init__(self, text: str, source: str) -> None:
        self.s = text
        self.i = 0
        self.source = source  # Jackson's source description, for nested locations
        self.root: Any = None
        self.root_start = 0
        self.open: list[tuple[LocatedDict | LocatedList, int]] = []

    def fail(self, message: str, offset: int | None = None) -> _Syntax:
        return _Syntax(message, self.i if offset is None else offset)

    def unexpected(self, c: str, comment: str) -> _Syntax:
        """Jackson's ``_reportUnexpectedChar``: located *at* the character just read
        (the recorded ``{'bad': ...}`` is column 2)."""
        return self.fail(f"Unexpected character ({_char(c)}): {comment}", self.i - 1)

    def skip(self) -> str:
        """Skip whitespace; the next character ('' at the end)."""
        s, i = self.s, self.i
        while i < len(s) and s[i] in _WS:
            i += 1
        self.i = i
        return s[i] if i < len(s) else ""

    def eof(self) -> _Syntax:
        container, at = self.open[-1]
        kind = "Object" if isinstance(container, dict) else "Array"
        line, column = line_column(self.s, at)
        where = f"[Source: {self.source}; line: {line}, column: {column}]"
        return self.fail(f"Unexpected end-of-input: expected close marker for {kind} (start marker at {where})")

    def document(self) -> None:
        c = self.skip()
        if not c:  # ruler finds no object: "Filter is not an object", at the end
            self.root_start = self.i
            return
        self.root, positions = self.first(c, self.attach_root)
        self.root_start = positions[0]

    def attach_root(self, value: Any, start: int) -> None:
        self.root = value
        self.root_start = start

    def first(self, c: str, attach: Callable[[Any, int], None]) -> tuple[Any, Positions]:
        """Read the value starting with ``c`` at ``self.i`` (containers with a stack of
        their own, not recursion: any depth). ``attach(value, start)`` puts it in its
        parent before it is read (strings as ``""``, containers empty): a failure
        inside it keeps what was read, as Jackson's reader would have handed it to
        ruler."""
        depth = len(self.open)
        keys: list[Any] = []  # the pending member's name or index, per open container
        value, positions = self.token(c, attach)
        while True:
            if positions is None:  # a container was opened: read up to its first value
                container = value
                found = self.next_member(container, first=True)
            else:
                if len(self.open) == depth:
                    return value, positions
                container = self.open[-1][0]
                self.store(container, keys.pop(), value, positions)
                found = self.next_member(container, first=False)
            if found is None:  # the container closed
                start = self.open.pop()[1] + 1
                value, positions = container, (start, start, self.i)
                continue
            c, key = found
            keys.append(key)
            value, positions = self.token(c, self.attacher(container, key))

    def attacher(self, container: LocatedDict | LocatedList, key: Any) -> Callable[[Any, int], None]:
        end = len(self.s)
        if isinstance(container, LocatedDict):

            def attach(value: Any, start: int) -> None:
                container[key] = value
                container.pos[key] = (start, end, end)

        else:

            def attach(value: Any, start: int) -> None:
                container.append(value)
                container.pos.append((start, end, end))

        return attach

    @staticmethod
    def store(container: LocatedDict | LocatedList, key: Any, value: Any, positions: Positions) -> None:
        if isinstance(container, LocatedDict):
            container[key] = value
            container.pos[key] = positions
        else:  # replace what attach() put there
            del container[key:]
            del container.pos[key:]
            container.append(value)
            container.pos.append(positions)

    def token(self, c: str, attach: Callable[[Any, int], None]) -> tuple[Any, Positions | None]:
        """A scalar (and its positions), or a container just opened (positions ``None``)."""
        s = self.s
        if c in "{[":
            self.i += 1
            start = self.i
            container: LocatedDict | LocatedList = LocatedDict() if c == "{" else LocatedList()
            attach(container, start)
            self.open.append((container, start - 1))
            container.end = len(s)  # until its closing bracket is read
            return container, None
        if c == '"':
            start = self.i + 1
            attach("", start)
            text = self.string()
            return text, (start, self.i, self.i)
        if c in "-0123456789":
            number = self.number(_NUMBER.match(s, self.i))
            return number, (self.i, self.i, self.i)
        word = _IDENT.match(s, self.i)
        assert word is not None
        token = word.group()
        if token in _LITERALS:
            self.i = word.end()
            return _LITERALS[token], (self.i, self.i, self.i)
        if token in ("NaN", "Infinity"):
            self.i = word.end()
            raise self.fail(f"Non-standard token '{token}': enable JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS to allow")
        self.i += 1
        if token:
            self.i = word.end()
            raise self.fail(f"Unrecognized token '{token}': was expecting {_VALUES}")
        raise self.unexpected(c, f"expected a valid value {_VALUES}")

    def number(self, match: re.Match[str] | None) -> int | float:
        s, i = self.s, self.i
        if match is None or match.end() == i:
            self.i = i + 1
            nxt = s[i + 1] if i + 1 < len(s) else ""
            if nxt == "I" and s.startswith("Infinity", i + 1):
                self.i = i + 9
                raise self.fail("Non-standard token '-Infinity': enable JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS to allow")
            if not nxt:
                raise self.fail("Unexpected end-of-input in a Number value")
            self.i = i + 2
            raise self.unexpected(nxt, "expected digit (0-9) to follow minus sign, for valid numeric value")
        end = match.end()
        after = s[end] if end < len(s) else ""
        if after and after in _DIGITS and match.group(1) == "0" and not match.group(2) and not match.group(3):
            self.i = end + 1
            raise self.fail("Invalid numeric value: Leading zeroes not allowed")
        if after in ".eE" and after:
            self.i = end + 2
            bad = s[end + 1] if end + 1 < len(s) else ""
            what = "Decimal point" if after == "." else "Exponent indicator"
            if not bad:
                self.i = len(s)
                raise self.fail("Unexpected end-of-input in a Number value")
            raise self.fail(f"Unexpected character ({_char(bad)}) in numeric value: {what} not followed by a digit")
        self.i = end
        text = match.group()
        return float(text) if match.group(2) or match.group(3) else int(text)

    def string(self) -> str:
        """Read a string whose opening quote is at ``self.i``."""
        s = self.s
        i = self.i + 1
        out: list[str] = []
        while True:
            if i >= len(s):
                self.i = i
                raise self.fail("Unexpected end-of-input: was expecting closing quote for a string value")
            c = s[i]
            i += 1
            if c == '"':
                self.i = i
                return _joined(out)
            if c == "\\":
                self.i = i
                e = s[i] if i < len(s) else ""
                if not e:
                    raise self.fail("Unexpected end-of-input in character escape sequence")
                i += 1
                if e in _ESCAPES:
                    out.append(_ESCAPES[e])
                elif e == "u":
                    for k in range(4):
                        h = s[i + k] if i + k < len(s) else ""
                        if not h:
                            self.i = len(s)
                            raise self.fail("Unexpected end-of-input in character escape sequence")
                        if h not in "0123456789abcdefABCDEF":
                            self.i = i + k + 1
                            raise self.unexpected(h, "expected a hex-digit for character escape sequence")
                    out.append(chr(int(s[i : i + 4], 16)))
                    i += 4
                else:
                    self.i = i
                    raise self.fail(f"Unrecognized character escape {_char(e)}")
            elif ord(c) < 32:
                self.i = i
                raise self.fail(f"Illegal unquoted character ({_char(c)}): has to be escaped using backslash to be included in string value")
            else:
                out.append(c)

    def next_member(self, container: LocatedDict | LocatedList, *, first: bool) -> tuple[str, Any] | None:
        """Read past the separator (or opening bracket) to the container's next value:
        its first character and its name or index; ``None`` when the container closed."""
        is_object = isinstance(container, LocatedDict)
        close, wrong = ("}", "]") if is_object else ("]", "}")
        c = self.skip()
        if first:
            if c in "}]":
                self.i += 1
                if c == wrong:
                    raise self.close_marker(c)
                container.end = self.i
                return None
        else:
            if not c:
                raise self.eof()
            self.i += 1
            if c == close:
                container.end = self.i
                return None
            if c == wrong:
                raise self.close_marker(c)
            if c != ",":
                raise self.unexpected(c, f"was expecting comma to separate {'Object' if is_object else 'Array'} entries")
            c = self.skip()
        if not c:
            raise self.eof()
        if not is_object:
            if c in "]},":
                self.i += 1
                raise self.unexpected(c, f"expected a valid value {_VALUES}")
            return c, len(container)
        self.i += 1
        if c != '"':
            raise self.unexpected(c, "was expecting double-quote to start field name")
        self.i -= 1
        try:
            name = self.string()
        except _Syntax as exc:
            exc.message = exc.message.replace("string value", "name")
            if exc.message.startswith("Unexpected end-of-input: was"):
                exc.message = "Unexpected end-of-input in field name"
            raise
        c = self.skip()
        if c != ":":
            if not c:
                raise self.fail("Unexpected end-of-input within/between Object entries")
            self.i += 1
            raise self.unexpected(c, "was expecting a colon to separate field name and value")
        self.i += 1
        c = self.skip()
        if not c:
            raise self.fail("Unexpected end-of-input within/between Object entries")
        return c, name

    def close_marker(self, c: str) -> _Syntax:
        container, at = self.open[-1]
        line, column = line_column(self.s, at)
        kind, expected = ("Object", "}") if isinstance(container, dict) else ("Array", "]")
        where = f"[Source: {self.source}; line: {line}, column: {column}]"
        return self.fail(f"Unexpected close marker '{c}': expected '{expected}' (for {kind} starting at {where})")


def line_column(text: str, offset: int) -> tuple[int, int]:
    """Jackson's line (``\\n``, ``\\r\\n`` and ``\\r`` end one) and column (1-based)."""
    head = text[:offset]
    line = 1 + head.count("\n") + head.count("\r") - head.count("\r\n")
    start = max(head.rfind("\n"), head.rfind("\r")) + 1
    return line, offset - start + 1


def diagnose(text: str, run: Callable[[Any, int], object]) -> InvalidEventPattern | Any:
    """The error AWS reports for ``text``, located (``run(document, root)`` is the
    compiler's walk over a decoded document, ``root`` where its first token
    ends), or the decoded document if there is none (Jackson stops reading
    after the root value, where :mod:`json` refuses trailing text)."""
    scanner = _Scanner(text, source_description(text))
    syntax: _Syntax | None = None
    try:
        scanner.document()
    except _Syntax as exc:
        syntax = exc
    if syntax is not None:
        for container, _ in scanner.open:
            container.end = syntax.offset
    try:
        if scanner.root is not None or syntax is None:
            run(scanner.root, scanner.root_start)
    except InvalidEventPattern as exc:
        offset = exc.offset()
        if syntax is None or (offset is not None and offset < syntax.offset):
            return exc.locate(text, line_column)
    except RecursionError:  # deeper than the compiler's walk goes (eventmock's wording)
        syntax = syntax or scanner.fail("Maximum nesting depth exceeded", len(text))
    if syntax is not None:
        return syntax_error(syntax.message, syntax.offset).locate(text, line_column)
    return scanner.root


def read_json(text: str) -> Any:
    """``text`` as Jackson reads its first value; raises Jackson's located syntax
    error (an :class:`InvalidEventPattern` with ``syntax`` set) if it is not JSON."""
    scanner = _Scanner(text, source_description(text))
    try:
        scanner.document()
    except _Syntax as exc:
        raise syntax_error(exc.message, exc.offset).locate(text, line_column) from None
    return scanner.root
