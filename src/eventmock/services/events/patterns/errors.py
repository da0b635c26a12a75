"""The one table of validation reasons, and the exception that carries them.

EventBridge compiles patterns with event-ruler's ``JsonRuleCompiler``; when a
pattern is rejected the service answers ``InvalidEventPatternException`` with
the message ``"Event pattern is not valid. Reason: " + <ruler's message>``,
followed by Jackson's location suffix (``"\\n at [Source: (String)...; line: 1,
column: N]"``).  ``reason`` is the bare reason; the location is computed by
:mod:`.located` when a pattern is rejected, from the value the raise site names
(``at=``), and makes up the rest of ``str(exc)``.

Every reason lives in :data:`REASONS` so the wording can be audited against
AWS in one place.  Texts marked ``# AWS`` were observed in AWS responses
(recorded snapshots of ``TestEventPattern``); texts marked ``# ruler`` are
event-ruler's source strings for the same code path (AWS has not been observed
for that exact case, but the service runs that code); texts marked
``# eventmock`` are our own wording where AWS's text is unknown.
"""

from __future__ import annotations

from typing import Any, Final

PREFIX: Final = "Event pattern is not valid. Reason: "

REASONS: Final[dict[str, str]] = {
    # --- document level -----------------------------------------------------
    # eventmock: a mapping given to compile() that JSON cannot encode (Python API
    # only; text that is not JSON gets Jackson's message, see .located).
    "invalid_json": "Invalid JSON: {detail}",
    "not_an_object": "Filter is not an object",  # AWS
    # eventmock: the quota ("Event pattern size", 2,048 characters, adjustable)
    # is documented, the error text for exceeding it is not.
    "too_long": "Event pattern is longer than {limit} characters",
    # eventmock: guard against exponential $or expansion; AWS documents no limit.
    "too_many_alternatives": (
        "Event pattern expands to more than {limit} alternatives through $or"
    ),
    # SNS filter policies (dialect limits), as SNS words them.
    "too_many_keys": "Filter policy can not have more than {limit} keys",  # AWS (SNS)
    "too_complex": "Filter policy is too complex",  # AWS (SNS)
    # --- structure ------------------------------------------------------------
    "empty_object": "Empty objects are not allowed",  # ruler
    "not_object_or_array": '"{name}" must be an object or an array',  # AWS
    "empty_array": "Empty arrays are not allowed",  # AWS
    "bad_match_value": "Match value must be String, number, true, false, or null",  # ruler
    # --- $or --------------------------------------------------------------------
    "or_not_array": "It must be an Array followed with $or.",  # ruler
    "or_member_not_object": "Only JSON object is allowed in array of $or relationship.",  # ruler
    "or_too_few": "There must have at least 2 Objects in $or relationship.",  # ruler
    "or_reserved_name": "{name} is Ruler reserved fieldName which cannot be used inside $or.",  # ruler
    # --- match expressions ------------------------------------------------------
    "match_name_missing": "Match expression name not found",  # ruler
    "unknown_match_type": "Unrecognized match type {name}",  # AWS
    "only_one_key": "Only one key allowed in match expression",  # ruler
    "prefix_not_string": "prefix match pattern must be a string",  # AWS
    "suffix_not_string": "suffix match pattern must be a string",  # AWS
    "equals_ignore_case_not_string": "equals-ignore-case match pattern must be a string",  # AWS
    "wildcard_not_string": "wildcard match pattern must be a string",  # AWS
    "prefix_name_missing": "Prefix expression name not found",  # ruler
    "suffix_name_missing": "Suffix expression name not found",  # ruler
    "unsupported_prefix": "Unsupported prefix pattern: {name}",  # ruler
    "unsupported_suffix": "Unsupported suffix pattern: {name}",  # ruler
    "exists_not_boolean": "exists match pattern must be either true or false.",  # ruler
    # --- numeric ----------------------------------------------------------------
    "numeric_not_array": "Value of numeric must be an array.",  # ruler
    "numeric_bad_member": "Invalid member in numeric match: {text}",  # ruler
    "numeric_unknown_operator": "Unrecognized numeric range operator: {op}",  # ruler
    "numeric_not_numeric": "Value of {op} must be numeric",  # AWS ("equals" for "=")
    "numeric_bad_range_value": "Bad value in numeric range: {text}",  # ruler
    "numeric_bad_range_operator": "Bad numeric range operator: {op}",  # AWS
    "numeric_too_many_terms": "Too many terms in numeric range expression",  # ruler
    # ruler reuses this text for any trailing token after numeric and
    # anything-but expressions, hence the odd wording for anything-but.
    "numeric_too_many_elements": "Too many elements in numeric expression",  # ruler
    "numeric_empty_range": "Bottom must be less than top",  # ruler
    "numeric_out_of_range": "Value must be between -5.0E9 and 5.0E9, inclusive",  # ruler
    # --- anything-but -------------------------------------------------------------
    "anything_but_name_missing": "Anything-But expression name not found",  # ruler
    "anything_but_unsupported": "Unsupported anything-but pattern: {name}",  # ruler
    "anything_but_bad_value": (
        "Value of anything-but must be an array or single string/number value."
    ),  # AWS
    "anything_but_bad_member": "Inside anything but list, start|null|boolean is not supported.",  # ruler
    "anything_but_mixed": (
        "Inside anything but list, either all values are number or string, "
        "mixed type is not supported"
    ),  # ruler
    "anything_but_ignore_case_bad": (
        "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."
    ),  # AWS
    "anything_but_affix_bad": "prefix/suffix match pattern must be a string",  # AWS
    "anything_but_empty_affix": "Null prefix/suffix not allowed",  # ruler
    # --- cidr ------------------------------------------------------------------
    # AWS: ruler reuses the prefix text when a cidr value is not a string.
    "cidr_not_string": "prefix match pattern must be a string",
    "cidr_one_slash": "Malformed CIDR, one '/' required",  # AWS
    "cidr_mask_not_integer": "Malformed CIDR, mask bits must be an integer",  # AWS
    "cidr_mask_negative": "Malformed CIDR, mask bits must not be negative",  # ruler
    "cidr_ipv4_mask": "IPv4 mask bits must be < 32",  # ruler
    "cidr_ipv6_mask": "IPv6 mask bits must be < 128",  # ruler
    "ip_nonstandard": "Nonstandard IP address: {ip}",  # AWS
    "ip_invalid": "Invalid IP address: {ip}",  # ruler
    # --- wildcard -----------------------------------------------------------------
    # pos counts UTF-8 bytes of the value wrapped in double quotes (ruler's view).
    "wildcard_consecutive": "Consecutive wildcard characters at pos {pos}",  # AWS
    "wildcard_bad_escape": "Invalid escape character at pos {pos}",  # ruler
    "wildcard_too_complex": (
        "Rule is too complex - try using fewer wildcard characters or fewer "
        "repeating character sequences after a wildcard character"
    ),  # AWS
}


# Where a raise site's fault is (``at=``): an offset, or (container, key or index,
# "start" | "text" | "end"), or (container, None, "end") for the container's own
# end; see :mod:`.located`. Plain (not located) containers have no positions.
_KIND: Final = {"start": 0, "text": 1, "end": 2}
#: Jackson shows at most this many characters of the source in a location.
MAX_SOURCE_SNIPPET: Final = 500


class InvalidEventPattern(ValueError):
    """A pattern EventBridge would reject.

    ``reason`` is AWS's reason text; ``str(exc)`` is the full message the
    service puts in ``InvalidEventPatternException``: the reason, then, when
    the pattern text is known, Jackson's location (``line``/``column``, twice
    for errors ruler re-raises from inside an anything-but list).
    ``syntax`` is true when the text is not JSON (``reason`` is then
    Jackson's parser message).
    """

    def __init__(self, reason: str, at: Any = None, *, twice: bool = False, syntax: bool = False) -> None:
        super().__init__(PREFIX + reason)
        self.reason = reason
        self.at = at
        self.twice = twice
        self.syntax = syntax
        self.line: int | None = None
        self.column: int | None = None
        self.location = ""
        self.source = ""

    def offset(self) -> int | None:
        """The 0-based offset of the fault, if the raise site named a located value."""
        at = self.at
        if at is None or isinstance(at, int):
            return at
        container, key, kind = at
        pos = getattr(container, "pos", None)
        if pos is None:
            return None
        if key is None:
            return int(container.end)
        return int(pos[key][_KIND[kind]])

    def locate(self, text: str, line_column: Any) -> InvalidEventPattern:
        """Add Jackson's location in ``text`` (when the fault is known); returns self."""
        offset = self.offset()
        self.source = text
        if offset is not None:
            self.line, self.column = line_column(text, offset)
            self.location = format_location(source_description(text), self.line, self.column) * (2 if self.twice else 1)
            self.args = (str(self),)
        return self

    def __str__(self) -> str:
        return PREFIX + self.reason + self.location


def source_description(text: str) -> str:
    """Jackson's description of a String source (its first 500 characters)."""
    if len(text) <= MAX_SOURCE_SNIPPET:
        return f'(String)"{text}"'
    return f'(String)"{text[:MAX_SOURCE_SNIPPET]}"[truncated {len(text) - MAX_SOURCE_SNIPPET} chars]'


def format_location(source: str, line: int, column: int) -> str:
    return f"\n at [Source: {source}; line: {line}, column: {column}]"


def invalid(code: str, at: Any = None, *, twice: bool = False, **fields: object) -> InvalidEventPattern:
    """Build the exception for table entry ``code``, filling its placeholders;
    ``at`` names the faulted value (see above)."""
    return InvalidEventPattern(REASONS[code].format(**fields), at, twice=twice)


def syntax_error(message: str, offset: int) -> InvalidEventPattern:
    """Jackson's parser error ``message`` at ``offset``."""
    return InvalidEventPattern(message, offset, syntax=True)
