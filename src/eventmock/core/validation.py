"""Server-side input constraints from the service model.

botocore validates required members, types and ``min`` on the client; AWS's services
also enforce ``max`` lengths and values, ``pattern`` and ``enum``, and answer with the
standard message of AWS's request validation:

    1 validation error detected: Value 'my bus' at 'name' failed to satisfy
    constraint: Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+

Paths name members in lower camel case (``eventBusName``); list items are
``entries.1.member`` (1-based). A validator is compiled once per input shape; a subtree
with no constraints compiles to nothing and costs nothing per call. A backend opts in
by naming the error code its service uses (``Backend.constraint_error``).

Services differ in what a ``pattern`` means. The older ones (EventBridge, Kinesis)
match it against the whole value, as Java's ``Matcher.matches`` does; the ones built on
Smithy (Customer Profiles) search for it in the value and anchor with ``^``/``$`` where
they mean to (their tag ARN pattern ``^arn:[a-z0-9]{1,10}:profile`` is a prefix). No
rule on the pattern's text tells the two apart (``^$|[a-zA-Z/_]+`` means different
things under each), so a backend says which its service uses
(``Backend.constraint_patterns``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from botocore.model import Shape

#: Checks a value at a path and appends problems ("Value ... failed to satisfy ...").
Validator = Callable[[Any, str, list[str]], None]


def message(problems: list[str]) -> str:
    count = len(problems)
    noun = "error" if count == 1 else "errors"
    return f"{count} validation {noun} detected: " + "; ".join(problems)


def _member_path(name: str) -> str:
    return name[:1].lower() + name[1:]


#: Enums whose values AWS's message lists in another order than the model's (the order
#: of the service's own set), by shape name (used only where the values are the
#: model's): measured responses.
_ENUM_ORDER: dict[str, list[str]] = {
    # EventBridge CreateApiDestination: LocalStack's AWS-validated snapshot.
    "ApiDestinationHttpMethod": ["HEAD", "POST", "PATCH", "DELETE", "PUT", "GET", "OPTIONS"],
}

#: Members AWS's request classes have beyond the model, which their ``toString``
#: writes (as ``null`` when unset) after the modelled ones: measured on PutEvents.
_UNMODELLED_MEMBERS: dict[str, tuple[str, ...]] = {
    "PutEventsRequestEntry": ("kmsKeyIdentifier", "internalMetadata"),
}


def _render(value: Any, shape: Shape | None = None) -> str:
    """``value`` as the Java ``toString`` of AWS's request objects writes it: lists in
    brackets, a structure as ``Name(member=value, ...)`` with every member of the model
    in order (``null`` when absent), strings as they are."""
    if value is None:
        return "null"
    if isinstance(value, list):
        item = getattr(shape, "member", None)
        return "[" + ", ".join(_render(v, item) for v in value) + "]"
    if isinstance(value, dict):
        members = getattr(shape, "members", None)
        if shape is None or members is None or shape.type_name != "structure":
            return "{" + ", ".join(f"{k}={_render(v)}" for k, v in value.items()) + "}"
        fields = [f"{_member_path(name)}={_render(value.get(name), member)}" for name, member in members.items()]
        fields += [f"{name}=null" for name in _UNMODELLED_MEMBERS.get(shape.name, ())]
        return f"{shape.name}({', '.join(fields)})"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _problem(shape: Shape, value: Any, path: str, constraint: str) -> str:
    if shape.metadata.get("sensitive"):
        return f"Value at '{path}' failed to satisfy constraint: {constraint}"
    return f"Value '{_render(value, shape)}' at '{path}' failed to satisfy constraint: {constraint}"


def _java_pattern(pattern: str) -> re.Pattern[str] | None:
    """The model's patterns are Java regular expressions, matched against the whole
    value. The few Python cannot compile (``\\p{...}`` classes) are not checked."""
    try:
        return re.compile(pattern, re.DOTALL)
    except re.error:
        return None


class _Compiler:
    def __init__(self, search: bool = False) -> None:
        self.memo: dict[str, Validator | None] = {}
        self.search = search

    def compile(self, shape: Shape) -> Validator | None:
        key = shape.name
        if key in self.memo:
            return self.memo[key]
        cell: list[Validator | None] = []

        def forward(value: Any, path: str, problems: list[str]) -> None:
            target = cell[0]
            if target is not None:
                target(value, path, problems)

        self.memo[key] = forward  # a recursive shape sees itself through this cell
        built = getattr(self, "_" + shape.type_name, self._scalar)(shape)
        cell.append(built)
        self.memo[key] = built
        return built

    def _structure(self, shape: Shape) -> Validator | None:
        members = [(name, _member_path(name), v) for name, m in shape.members.items() if (v := self.compile(m))]
        if not members:
            return None

        def check_structure(value: Any, path: str, problems: list[str]) -> None:
            for name, sub, validate in members:
                item = value.get(name)
                if item is not None:
                    validate(item, f"{path}.{sub}" if path else sub, problems)

        return check_structure

    def _list(self, shape: Shape) -> Validator | None:
        size = self._range(shape, "length")
        item = self.compile(shape.member)
        if size is None and item is None:
            return None

        def check_list(value: Any, path: str, problems: list[str]) -> None:
            if size is not None:
                size(value, len(value), path, problems)
            if item is not None:
                for i, element in enumerate(value, 1):
                    item(element, f"{path}.{i}.member", problems)

        return check_list

    def _map(self, shape: Shape) -> Validator | None:
        size = self._range(shape, "length")
        key = self.compile(shape.key)
        val = self.compile(shape.value)
        if size is None and key is None and val is None:
            return None

        def check_map(value: Any, path: str, problems: list[str]) -> None:
            if size is not None:
                size(value, len(value), path, problems)
            for k, v in value.items():
                if key is not None:
                    key(k, f"{path}.{k}", problems)
                if val is not None and v is not None:
                    val(v, f"{path}.{k}", problems)

        return check_map

    def _string(self, shape: Shape) -> Validator | None:
        size = self._range(shape, "length")
        pattern = _java_pattern(shape.metadata["pattern"]) if "pattern" in shape.metadata else None
        enum = shape.enum or None
        if size is None and pattern is None and enum is None:
            return None
        written = _ENUM_ORDER.get(shape.name, enum)
        if enum is not None and set(written or ()) != set(enum):
            written = enum  # another service's shape of the same name
        enum_text = f"Member must satisfy enum value set: [{', '.join(written)}]" if written else ""
        enum_set = frozenset(enum or ())
        pattern_text = f"Member must satisfy regular expression pattern: {pattern.pattern}" if pattern else ""
        matches = (pattern.search if self.search else pattern.fullmatch) if pattern is not None else None

        def check_string(value: Any, path: str, problems: list[str]) -> None:
            if size is not None:
                size(value, len(value), path, problems)
            if matches is not None and not matches(value):
                problems.append(_problem(shape, value, path, pattern_text))
            if enum_set and value not in enum_set:
                problems.append(_problem(shape, value, path, enum_text))

        return check_string

    def _number(self, shape: Shape) -> Validator | None:
        size = self._range(shape, "value")
        if size is None:
            return None

        def check_number(value: Any, path: str, problems: list[str]) -> None:
            size(value, value, path, problems)

        return check_number

    _integer = _long = _float = _double = _number

    def _scalar(self, shape: Shape) -> Validator | None:
        return None

    @staticmethod
    def _range(shape: Shape, what: str) -> Callable[[Any, float, str, list[str]], None] | None:
        low = shape.metadata.get("min")
        high = shape.metadata.get("max")
        if low is None and high is None:
            return None

        def check_range(value: Any, measure: float, path: str, problems: list[str]) -> None:
            if low is not None and measure < low:
                problems.append(_problem(shape, value, path, f"Member must have {what} greater than or equal to {low}"))
            if high is not None and measure > high:
                problems.append(_problem(shape, value, path, f"Member must have {what} less than or equal to {high}"))

        return check_range


class Validators:
    """Input validators of one service model (shapes shared between operations are
    compiled once)."""

    def __init__(self, search: bool = False) -> None:
        """``search``: patterns are searched for in values (Smithy) rather than matched
        against the whole value."""
        self._compiler = _Compiler(search)

    def input(self, shape: Shape | None) -> Callable[[dict[str, Any]], list[str]] | None:
        """A function returning the constraint problems of an operation's params (an
        empty list when there are none), or ``None`` when the shape has no constraints."""
        if shape is None:
            return None
        validate = self._compiler.compile(shape)
        if validate is None:
            return None
        return _problems_of(validate)


def _problems_of(validate: Validator) -> Callable[[dict[str, Any]], list[str]]:

    def problems_of(params: dict[str, Any]) -> list[str]:
        problems: list[str] = []
        validate(params, "", problems)
        return problems

    return problems_of
