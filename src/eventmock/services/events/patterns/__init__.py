"""EventBridge event patterns: validation, compiled matching and routing.

Pure standard library.  The EventBridge backend uses it for PutRule
validation, TestEventPattern, rule routing in PutEvents and archive filters::

    matcher = compile('{"source": ["aws.ec2"]}')   # raises InvalidEventPattern
    matcher.matches(event_dict)                      # -> bool

    index: PatternIndex[str] = PatternIndex()
    index.add("rule-a", matcher)
    index.match(event_dict)                          # -> ["rule-a"]

Semantics, validation reasons, limits and measured speed are documented in
docs/eventbridge-patterns.md.
"""

from __future__ import annotations

from .dialect import EVENTBRIDGE, SNS, Dialect
from .errors import REASONS, InvalidEventPattern, format_location, source_description
from .index import PatternIndex
from .located import read_json
from .matcher import Matcher, compile
from .parse import MAX_PATTERN_LENGTH

__all__ = [
    "EVENTBRIDGE",
    "SNS",
    "Dialect",
    "MAX_PATTERN_LENGTH",
    "REASONS",
    "InvalidEventPattern",
    "Matcher",
    "PatternIndex",
    "compile",
    "format_location",
    "read_json",
    "source_description",
]
