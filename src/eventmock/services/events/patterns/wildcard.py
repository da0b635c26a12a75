"""Wildcard values: parsing, matching and the complexity guard.

A wildcard value is a string where ``*`` stands for zero or more characters
(``/`` included), ``\\*`` for a literal star and ``\\\\`` for a literal
backslash.  Parsing follows event-ruler's ``WildcardParser``: consecutive stars
and any other escape are rejected, and error positions count UTF-8 bytes of the
value wrapped in double quotes, because that is the string ruler scans.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Final

from .errors import invalid

# A parsed wildcard: literal runs (str) separated by stars (None).
Tokens = tuple[str | None, ...]

# Calibrated, not published: AWS rejects "*:*:*:*:*:event-bus/*" (estimate 11)
# and four "*:stack/<name>/*" alternatives on one field (12) but accepts three
# of them (9) and "/Users/*/dir/dir/dir/dir/dir/doc.txt" (7).  See
# docs/eventbridge-patterns.md, "Limits".
MAX_COMPLEXITY: Final = 10

# Bound on the subset construction below; patterns that need more states are
# far beyond MAX_COMPLEXITY long before this is reached.
_MAX_EXPLORED_STATES: Final = 20_000


def parse_wildcard(text: str, at: Any = None, twice: bool = False) -> Tokens:
    """Split ``text`` into literal runs and stars, rejecting what ruler rejects
    (``at``/``twice``: where the error is located, see :mod:`.errors`)."""
    tokens: list[str | None] = []
    literal: list[str] = []
    pos = 1  # byte offset in '"' + text + '"'
    i = 0
    while i < len(text):
        char = text[i]
        nxt = text[i + 1] if i + 1 < len(text) else '"'
        if char == "*":
            if nxt == "*":
                raise invalid("wildcard_consecutive", at, twice=twice, pos=pos)
            if literal:
                tokens.append("".join(literal))
                literal = []
            tokens.append(None)
        elif char == "\\":
            if nxt not in ("*", "\\"):
                raise invalid("wildcard_bad_escape", at, twice=twice, pos=pos)
            literal.append(nxt)
            pos += 1
            i += 1
        else:
            literal.append(char)
        pos += len(char.encode("utf-8"))
        i += 1
    if literal:
        tokens.append("".join(literal))
    return tuple(tokens)


def wildcard_predicate(tokens: Tokens) -> Callable[[Any], bool]:
    """Compile parsed tokens into a test on an event value (strings only match).

    The common shapes (``abc``, ``abc*``, ``*abc``, ``*abc*``) become plain
    ``str`` methods, which are several times faster than a regular expression.
    """
    stars = tokens.count(None)
    literals = [t for t in tokens if t is not None]
    if stars == 0:
        whole = literals[0] if literals else ""
        return lambda value: value == whole  # nothing but a str equals a str
    if len(literals) <= 1:
        lit = literals[0] if literals else ""
        if tokens == (None,):
            return lambda value: value.__class__ is str
        if tokens == (lit, None):
            return lambda value: value.__class__ is str and value.startswith(lit)
        if tokens == (None, lit):
            return lambda value: value.__class__ is str and value.endswith(lit)
        if tokens == (None, lit, None):
            return lambda value: value.__class__ is str and lit in value
    regex = "".join(".*" if t is None else re.escape(t) for t in tokens)
    fullmatch = re.compile(regex, re.DOTALL).fullmatch
    return lambda value: value.__class__ is str and fullmatch(value) is not None


def complexity(patterns: Sequence[Tokens]) -> int:
    """Estimate ruler's wildcard complexity for the wildcards of one field.

    Ruler's ``MachineComplexityEvaluator`` reports the largest number of
    wildcard-pattern states a single input value can keep alive at once.  We
    compute the same quantity on a position automaton (one state per literal
    character and per star) by exploring the reachable state sets, and stop as
    soon as the estimate exceeds :data:`MAX_COMPLEXITY`.
    """
    chars = [_expand(tokens) for tokens in patterns]
    alphabet = {c for pattern in chars for c in pattern if c is not None}
    alphabet.add("\0")  # stands for "any character no pattern mentions"
    start = frozenset((k, 0) for k in range(len(chars)))
    seen = {start}
    frontier = [start]
    best = 0
    while frontier:
        next_frontier: list[frozenset[tuple[int, int]]] = []
        for states in frontier:
            for char in alphabet:
                moved = frozenset(
                    (k, j)
                    for k, i in states
                    for j in _successors(chars[k], i)
                    if chars[k][j - 1] is None or chars[k][j - 1] == char
                )
                if not moved:
                    continue
                best = max(best, len(moved))
                if best > MAX_COMPLEXITY or len(seen) > _MAX_EXPLORED_STATES:
                    return best
                if moved not in seen:
                    seen.add(moved)
                    next_frontier.append(moved)
        frontier = next_frontier
    return best


def _expand(tokens: Tokens) -> tuple[str | None, ...]:
    """One entry per character or star, so automaton positions are characters."""
    out: list[str | None] = []
    for token in tokens:
        if token is None:
            out.append(None)
        else:
            out.extend(token)
    return tuple(out)


def _successors(chars: tuple[str | None, ...], i: int) -> list[int]:
    """Positions that can consume the next character after position ``i``.

    Position ``i`` means "the first ``i`` entries are consumed"; a star may
    consume again (stay) or be skipped as the empty string.  Stars are never
    adjacent, so at most one star is skipped.
    """
    out: list[int] = []
    if i > 0 and chars[i - 1] is None:
        out.append(i)
    if i < len(chars):
        out.append(i + 1)
        if chars[i] is None and i + 1 < len(chars):
            out.append(i + 2)
    return out
