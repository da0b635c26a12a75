"""Every ``pattern`` of every emulated service's model is checked, with Java's meaning,
and none can make a call slow: patterns are not matched past a failed max length, and
none backtracks catastrophically within it."""

from __future__ import annotations

import re
import signal
import warnings
from collections.abc import Callable

import botocore.session
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventmock.core import java_regex
from eventmock.core.registry import SERVICES, backend_class

_session = botocore.session.get_session()


def _model_patterns() -> dict[tuple[str, bool], int | None]:
    """(pattern, searched rather than matched whole) -> the largest max length of the
    shapes that use it (``None``: one has none), over every shape of every model."""
    found: dict[tuple[str, bool], int | None] = {}
    for service in SERVICES:
        search = backend_class(service).constraint_patterns == "search"
        model = _session.get_service_model(service)
        for name in model.shape_names:
            shape = model.shape_for(name)
            pattern = shape.metadata.get("pattern")
            if pattern is None:
                continue
            key = (pattern, search)
            longest = shape.metadata.get("max")
            if key in found:
                before = found[key]
                longest = None if before is None or longest is None else max(before, longest)
            found[key] = longest
    return found


PATTERNS = _model_patterns()


def test_every_pattern_of_every_emulated_model_compiles():
    assert len(PATTERNS) > 200  # the walk found the models' patterns
    for pattern, _ in PATTERNS:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "possible nested set" and the like
            java_regex.compile(pattern)


@pytest.mark.parametrize(
    ("pattern", "accepted", "refused"),
    [
        # Unicode letters, separators and numbers (Logs' TagKey)
        ("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$", ["team", "été 2026", "キー", "a\u3000b", "٣_x"], ["bad#key", "a\tb", "", "a!"]),
        ("^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@%]*$", ["x", "AWS:x", "a%b"], ["aws:x", "aws:"]),
        ("\\pL+", ["abcé"], ["a1"]),
        ("\\P{N}+", ["abc"], ["a1"]),
        ("[\\p{Alpha}\\p{Digit}]+", ["a1"], ["é"]),  # Java's POSIX classes are ASCII
        # Java's \w, \d and \s are ASCII
        ("[\\w+=,.@-]*", ["role_1@x.com"], ["rôle"]),
        ("\\d+", ["123"], ["١٢٣"]),
        # a "-" after a class escape is a literal
        ("[\\w-_]*", ["a-b_c"], ["a b"]),
    ],
)
def test_java_meaning(pattern, accepted, refused):
    compiled = java_regex.compile(pattern)
    assert [v for v in accepted if not compiled.fullmatch(v)] == []
    assert [v for v in refused if compiled.fullmatch(v)] == []


@pytest.mark.parametrize("pattern", ["[a-z&&[^x]]", "[a[b]]", "\\p{Greek}", "[\\P{L}]"])
def test_what_is_not_translated_is_an_error_not_a_pattern_left_unchecked(pattern):
    with pytest.raises(re.error):
        java_regex.compile(pattern)


@pytest.mark.parametrize("pattern", sorted(java_regex._LINEAR))
@settings(max_examples=400)
@given(st.data())
def test_a_linear_rewrite_has_the_language_of_the_models_pattern(pattern, data):
    """On short strings (where backtracking is cheap), the rewrite and the model's
    pattern agree, matched whole and searched."""
    value = data.draw(st.text(alphabet=" \t\n\x00\x1fa:~\x7fé", max_size=10))
    original = re.compile(java_regex.translate(pattern), re.DOTALL | re.ASCII)
    linear = java_regex.compile(pattern)
    assert linear.pattern != original.pattern
    assert bool(linear.fullmatch(value)) == bool(original.fullmatch(value))
    assert bool(linear.search(value)) == bool(original.search(value))


#: Values that make a backtracking engine try many ways: a unit repeated, then a
#: character the pattern refuses (the classic way to make ``(a+)+$`` exponential).
_UNITS = ["a", "0", " ", "-", ".", ":", "/", "$", "a-", "a.", "0 ", "a:", "a-."]
_ENDS = ["", "!", "\n"]


def _adversarial(length: int) -> list[str]:
    return [(unit * length)[: length - len(end)] + end for unit in _UNITS for end in _ENDS]


ALARM = 60


class _Hang(Exception):
    pass


def _guarded(check: Callable[[], object]) -> None:
    """Runs ``check``; a catastrophic pattern never returns, so a generous alarm turns
    that hang into a failure (this is not a timing assertion: a linear check of these
    few kilobytes takes milliseconds)."""

    def hang(signum: int, frame: object) -> None:
        raise _Hang

    if not hasattr(signal, "SIGALRM"):
        check()
        return
    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(ALARM)
    try:
        check()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_no_pattern_backtracks_catastrophically_within_its_max_length():
    """Every pattern, at its max length (or 1,024 characters where it has none or a
    larger one: exponential backtracking shows at a few dozen), with adversarial values,
    matched as validation matches it."""
    slow: list[str] = []

    def check_all() -> None:
        for (pattern, search), longest in PATTERNS.items():
            matches = java_regex.matcher(pattern, search)
            for value in _adversarial(min(longest or 1024, 1024)):
                try:
                    matches(value)
                except _Hang:
                    slow.append(pattern)
                    return

    _guarded(check_all)
    assert slow == []
