"""The service models' ``pattern`` constraints, which are Java regular expressions, as
Python's ``re`` patterns with the same meaning.

Most of Java's syntax is Python's too. What differs, and is translated or set here:

- ``\\w``, ``\\d``, ``\\s`` and ``\\b`` are ASCII in Java (``[a-zA-Z_0-9]``), Unicode in
  Python: patterns compile with ``re.ASCII``, so ``[\\w+=,.@-]*`` refuses ``é`` as AWS
  does.
- ``\\p{L}``, ``\\p{Z}``, ``\\p{N}`` (Unicode categories: letters, separators, numbers;
  also ``\\pL`` and ``\\p{IsL}``) and Java's POSIX classes (``\\p{Alpha}``, ASCII) are
  written out as the ranges they stand for (:mod:`eventmock.core.unicode_categories`);
  ``\\P{...}`` is their complement.
- In a character class, a ``-`` after a class escape is a literal (``[\\w-_]`` is word
  characters, ``-`` and ``_``); Python refuses it as a range.

A few model patterns backtrack exponentially in a backtracking engine (Python's and
Java's): ``^[ \\t]*[\\x20-\\x7E]+([ \\t]+[\\x20-\\x7E]+)*[ \\t]*$`` takes 0.8 s on 22
spaces and a newline, four times as long for each two spaces more (its max length is
512), as the space is both a separator and a character. Those are
replaced by a pattern with the same language that matches in linear time
(:data:`_LINEAR`; each is checked against the model's own on many strings by the tests).

Anything else Python cannot compile raises ``re.error``: the test suite compiles every
pattern of every emulated service's model (tests/core/test_model_patterns.py), so a new
model cannot bring one that goes unchecked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

#: Java's POSIX character classes (US-ASCII only, as Java has them by default).
_POSIX: dict[str, str] = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": "\\x00-\\x7f",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Punct": "!-/:-@\\[-`{-~",
    "Graph": "!-~",
    "Print": " -~",
    "Blank": " \\t",
    "Cntrl": "\\x00-\\x1f\\x7f",
    "XDigit": "0-9a-fA-F",
    "Space": " \\t\\n\\x0b\\f\\r",
}

_CLASS_ESCAPES = frozenset("wWdDsS")

#: Model patterns that backtrack exponentially -> a pattern of the same language (for
#: ``fullmatch`` and ``search`` alike) without nested repetition. In both, the space is
#: a character as well as a separator, so ``T* X+ (T+ X+)* T*`` is any string of tabs
#: and ``X`` with at least one ``X``: tabs, an ``X``, then tabs and ``X`` in any order.
_LINEAR: dict[str, str] = {
    # EventBridge HeaderValue (connections' header parameters)
    "^[ \\t]*[\\x20-\\x7E]+([ \\t]+[\\x20-\\x7E]+)*[ \\t]*$": "^\\t*[\\x20-\\x7E][\\t\\x20-\\x7E]*$",
    # EventBridge AuthHeaderParameters (an API key's header name)
    "^[ \\t]*[^\\x00-\\x1F:\\x7F]+([ \\t]+[^\\x00-\\x1F:\\x7F]+)*[ \\t]*$": "^\\t*[^\\x00-\\x1F:\\x7F][^\\x00-\\x08\\x0A-\\x1F:\\x7F]*$",
}


def compile(pattern: str) -> re.Pattern[str]:  # noqa: A001 - the module's one verb
    """``pattern`` (a model's Java regular expression) compiled with Java's meaning;
    ``re.error`` if it uses what is not translated."""
    return re.compile(translate(_LINEAR.get(pattern, pattern)), re.DOTALL | re.ASCII)


def matcher(pattern: str, search: bool = False) -> Callable[[str], object]:
    """A function telling whether a value satisfies ``pattern``: matched against the
    whole value, or (``search``) found anywhere in it (Smithy's services). A pattern
    with ``\\p{...}`` classes (thousands of ranges, about 10 ms to compile) is compiled
    on its first use, so a service's first call does not pay for members it never sees."""
    if "\\p" not in pattern and "\\P" not in pattern:
        compiled = compile(pattern)
        return compiled.search if search else compiled.fullmatch
    found: list[Callable[[str], object]] = []

    def matches(value: str) -> object:
        if not found:
            compiled = compile(pattern)
            found.append(compiled.search if search else compiled.fullmatch)
        return found[0](value)

    return matches


def translate(pattern: str) -> str:
    """The Python spelling of the Java regular expression ``pattern``."""
    out: list[str] = []
    in_class = False
    after_class_escape = False  # in a class, just after \w, \p{L}, ...
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            kind = pattern[i + 1]
            if kind in "pP":
                name, i = _property_name(pattern, i + 2)
                ranges = _ranges(name)
                negated = kind == "P"
                if in_class:
                    if negated:
                        raise re.error(f"\\P{{{name}}} inside a character class is not translated", pattern, i)
                    out.append(ranges)
                else:
                    out.append(f"[{'^' if negated else ''}{ranges}]")
                after_class_escape = in_class
                continue
            out.append(pattern[i : i + 2])
            after_class_escape = in_class and kind in _CLASS_ESCAPES
            i += 2
            continue
        if in_class:
            if char == "-" and after_class_escape and pattern[i + 1 : i + 2] not in ("", "]"):
                out.append("\\-")
            elif char == "[" or pattern[i : i + 2] == "&&":
                raise re.error("a nested character class (Java's union, intersection) is not translated", pattern, i)
            else:
                out.append(char)
                in_class = char != "]"
            after_class_escape = False
            i += 1
            continue
        out.append(char)
        if char == "[":
            in_class = True
            # "]" first in a class (after an optional "^") is a literal, in both
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                out.append("\\]")
                i += 1
        i += 1
    return "".join(out)


def _property_name(pattern: str, i: int) -> tuple[str, int]:
    """The name of the ``\\p`` class starting at ``i`` (``{L}`` or ``L``), and the index
    after it."""
    if pattern[i : i + 1] == "{":
        end = pattern.find("}", i)
        if end < 0:
            raise re.error("unterminated \\p{", pattern, i)
        return pattern[i + 1 : end], end + 1
    return pattern[i : i + 1], i + 1


@cache
def _ranges(name: str) -> str:
    """The members of the class ``\\p{name}``, written for inside ``[...]``."""
    if name in _POSIX:
        return _POSIX[name]
    from eventmock.core.unicode_categories import RANGES

    category = name[2:] if name.startswith("Is") else name
    if category not in RANGES:
        raise re.error(f"\\p{{{name}}} is not translated (known: {', '.join(RANGES)} and Java's POSIX classes)")
    members = []
    for item in RANGES[category].split():
        first, _, last = item.partition("-")
        members.append(f"\\U{int(first, 16):08x}" + (f"-\\U{int(last, 16):08x}" if last else ""))
    return "".join(members)
