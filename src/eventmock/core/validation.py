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

import math
from collections.abc import Callable
from typing import Any

from botocore.model import Shape

from eventmock.core import java_regex

#: The longest value matched against its pattern when it is longer than its max length.
_MATCHED_PAST_MAX = 4096

#: Where a value is in the params, built as the checks descend and spelt out only for a
#: problem (a check passed costs no string): ``""`` (the params), or ``(parent, step)``
#: with ``step`` a member's or a map key's path, or a list item's 1-based index.
Path = Any

#: Checks a value at a path and appends problems ("Value ... failed to satisfy ...").
Validator = Callable[[Any, Path, list[str]], None]


def path_text(path: Path) -> str:
    """A :data:`Path` as AWS's messages write it: ``entries.1.member.source``."""
    steps = []
    while type(path) is tuple:
        path, step = path
        steps.append(f"{step}.member" if type(step) is int else step)
    if path:
        steps.append(path)
    return ".".join(reversed(steps))


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

#: Patterns AWS's message writes otherwise than the installed model does: newer
#: models wrap some of Kinesis's patterns in ``^(...)$`` (botocore 1.40's
#: ``0|([1-9]\d{0,38})`` is 1.44's ``^(0|([1-9]\d{0,38}))$``), which matches the same
#: whole values; AWS writes the unwrapped text (kinesalite's tests, run against AWS:
#: SplitShard's ``newStartingHashKey``). By (shape name, the model's pattern).
_PATTERN_TEXT: dict[tuple[str, str], str] = {
    ("HashKey", r"^(0|([1-9]\d{0,38}))$"): r"0|([1-9]\d{0,38})",
    ("SequenceNumber", r"^(0|([1-9]\d{0,128}))$"): r"0|([1-9]\d{0,128})",
}

#: Members AWS's request classes have beyond the model, which their ``toString``
#: writes (as ``null`` when unset) after the modelled ones: measured on PutEvents.
_UNMODELLED_MEMBERS: dict[str, tuple[str, ...]] = {
    "PutEventsRequestEntry": ("kmsKeyIdentifier", "internalMetadata"),
}


def java_buffer(data: bytes) -> str:
    """A blob as AWS's validation messages show it: the Java buffer that held it."""
    return f"java.nio.HeapByteBuffer[pos=0 lim={len(data)} cap={len(data)}]"


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
    if isinstance(value, (bytes, bytearray)):
        return java_buffer(bytes(value))
    return str(value)


def _problem(shape: Shape, value: Any, path: Path, constraint: str) -> str:
    if shape.metadata.get("sensitive"):
        return f"Value at '{path_text(path)}' failed to satisfy constraint: {constraint}"
    return f"Value '{_render(value, shape)}' at '{path_text(path)}' failed to satisfy constraint: {constraint}"


class _Compiler:
    def __init__(self, search: bool = False, client_checked: bool = False) -> None:
        self.memo: dict[str, Validator | None] = {}
        self.search = search
        #: Leave out the minimums botocore's client-side validation checks.
        self.client_checked = client_checked

    def compile(self, shape: Shape) -> Validator | None:
        key = shape.name
        if key in self.memo:
            return self.memo[key]
        cell: list[Validator | None] = []

        def forward(value: Any, path: Path, problems: list[str]) -> None:
            target = cell[0]
            if target is not None:
                target(value, path, problems)

        self.memo[key] = forward  # a recursive shape sees itself through this cell
        built = getattr(self, "_" + shape.type_name, self._scalar)(shape)
        cell.append(built)
        self.memo[key] = built
        return built

    def _structure(self, shape: Shape) -> Validator | None:
        members = [(name, _member_path(name), v, *_bounds(m, self.client_checked)) for name, m in shape.members.items() if (v := self.compile(m))]
        if not members:
            return None

        def check_structure(value: Any, path: Path, problems: list[str]) -> None:
            for name, sub, validate, kind, low, high in members:
                item = value.get(name)
                if item is None:
                    continue
                if kind:
                    # A member whose only constraint is a range is measured here, and
                    # its validator (which words the problem) called only out of range:
                    # a call per member is most of a structure's cost.
                    if low <= (len(item) if kind == _LENGTH else item) <= high:
                        continue
                validate(item, (path, sub), problems)

        return check_structure

    def _list(self, shape: Shape) -> Validator | None:
        size = self._range(shape, "length")
        item = self.compile(shape.member)
        if size is None and item is None:
            return None

        def check_list(value: Any, path: Path, problems: list[str]) -> None:
            if size is not None:
                size(value, len(value), path, problems)
            if item is not None:
                for i, element in enumerate(value, 1):
                    item(element, (path, i), problems)

        return check_list

    def _map(self, shape: Shape) -> Validator | None:
        size = self._range(shape, "length", client_min=False)
        key = self.compile(shape.key)
        val = self.compile(shape.value)
        if size is None and key is None and val is None:
            return None

        def check_map(value: Any, path: Path, problems: list[str]) -> None:
            if size is not None:
                size(value, len(value), path, problems)
            for k, v in value.items():
                if key is not None:
                    key(k, (path, str(k)), problems)
                if val is not None and v is not None:
                    val(v, (path, str(k)), problems)

        return check_map

    def _string(self, shape: Shape) -> Validator | None:
        size = self._range(shape, "length")
        pattern = shape.metadata.get("pattern")
        longest = shape.metadata.get("max")
        enum = shape.enum or None
        if size is None and pattern is None and enum is None:
            return None
        written = _ENUM_ORDER.get(shape.name, enum)
        if enum is not None and set(written or ()) != set(enum):
            written = enum  # another service's shape of the same name
        enum_text = f"Member must satisfy enum value set: [{', '.join(written)}]" if written else ""
        enum_set = frozenset(enum or ())
        shown = _PATTERN_TEXT.get((shape.name, pattern), pattern) if pattern is not None else None
        pattern_text = f"Member must satisfy regular expression pattern: {shown}" if pattern is not None else ""
        matches = java_regex.matcher(pattern, self.search) if pattern is not None else None

        def check_string(value: Any, path: Path, problems: list[str]) -> None:
            # AWS reports a value's pattern, then its length (EventBridge's recorded
            # CreateConnection answer). Far past its max length, a value is not matched:
            # a pattern's time grows with the value's length, some faster than linearly.
            if (
                matches is not None
                and (longest is None or len(value) <= longest or len(value) <= _MATCHED_PAST_MAX)
                and not matches(value)
            ):
                problems.append(_problem(shape, value, path, pattern_text))
            if size is not None:
                size(value, len(value), path, problems)
            if enum_set and value not in enum_set:
                problems.append(_problem(shape, value, path, enum_text))

        return check_string

    def _number(self, shape: Shape) -> Validator | None:
        size = self._range(shape, "value")
        if size is None:
            return None

        def check_number(value: Any, path: Path, problems: list[str]) -> None:
            size(value, value, path, problems)

        return check_number

    _integer = _long = _float = _double = _number

    def _blob(self, shape: Shape) -> Validator | None:
        """A blob's length (Kinesis's 10 MiB record, Firehose's 1,000 KiB). AWS shows
        the value as the Java buffer that held it
        (``Value 'java.nio.HeapByteBuffer[pos=0 lim=1024001 cap=1024001]' at ...``)."""
        size = self._range(shape, "length", blob=True, client_min=False)
        if size is None:
            return None

        def check_blob(value: Any, path: Path, problems: list[str]) -> None:
            size(value, len(value), path, problems)

        return check_blob

    def _scalar(self, shape: Shape) -> Validator | None:
        return None

    def _range(
        self, shape: Shape, what: str, blob: bool = False, client_min: bool = True
    ) -> Callable[[Any, float, Path, list[str]], None] | None:
        """``client_min``: botocore checks this shape's minimum (strings, lists, numbers)."""
        low = None if self.client_checked and client_min else shape.metadata.get("min")
        high = shape.metadata.get("max")
        if low is None and high is None:
            return None

        def problem(value: Any, path: Path, constraint: str) -> str:
            if not blob:
                return _problem(shape, value, path, constraint)
            return f"Value '{java_buffer(value)}' at '{path_text(path)}' failed to satisfy constraint: {constraint}"

        def check_range(value: Any, measure: float, path: Path, problems: list[str]) -> None:
            if low is not None and measure < low:
                problems.append(problem(value, path, f"Member must have {what} greater than or equal to {low}"))
            if high is not None and measure > high:
                problems.append(problem(value, path, f"Member must have {what} less than or equal to {high}"))

        return check_range


#: How :func:`_bounds` measures a member: not at all (its validator does), by length, by value.
_OTHER, _LENGTH, _VALUE = 0, 1, 2


def _bounds(shape: Shape, client_checked: bool) -> tuple[int, float, float]:
    """How a structure measures a member whose only constraint is a range (a string's
    length, a number's value), and the range; ``_OTHER`` for any other member.
    ``client_checked``: botocore has checked the minimum."""
    low, high = None if client_checked else shape.metadata.get("min"), shape.metadata.get("max")
    if low is None and high is None:
        return _OTHER, 0, 0
    if shape.type_name == "string":
        if shape.metadata.get("pattern") is not None or shape.enum:
            return _OTHER, 0, 0
        kind = _LENGTH
    elif shape.type_name in ("integer", "long", "float", "double"):
        kind = _VALUE
    else:
        return _OTHER, 0, 0
    return kind, -math.inf if low is None else low, math.inf if high is None else high


class Validators:
    """Input validators of one service model (shapes shared between operations are
    compiled once)."""

    def __init__(self, search: bool = False, client_checked: bool = False) -> None:
        """``search``: patterns are searched for in values (Smithy) rather than matched
        against the whole value. ``client_checked``: for params botocore has validated,
        whose strings', lists' and numbers' minimums it has checked (a value under one
        never reaches a mock), so these are left out."""
        self._compiler = _Compiler(search, client_checked)

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


# -- types: what botocore checks on the client, for calls that skipped it ------------------

#: JSON's name for a value's kind, as AWS's JSON deserializer names the token it read.
_TOKENS: dict[type, str] = {str: "STRING_VALUE", bool: "BOOLEAN_VALUE", int: "NUMBER_VALUE", float: "NUMBER_VALUE"}

#: How AWS's JSON deserializer names the type it wanted ("can not be converted to an Integer").
_WANTED = {
    "string": "a String",
    "integer": "an Integer",
    "long": "a Long",
    "boolean": "a Boolean",
    "float": "a Float",
    "double": "a Double",
    "timestamp": "a Date",
    "blob": "a ByteBuffer",
    "structure": "a Structure",
    "list": "a List",
    "map": "a Map",
}


class InputProblem:
    """The first thing wrong with the types of a request's params: a required member
    missing (``missing``), or a value of the wrong type. ``path`` names the member in
    lower camel case, as AWS's validation messages do (``entries.1.member.source``);
    ``name`` is the member's own name as the model spells it."""

    __slots__ = ("missing", "path", "name", "shape", "value", "text")

    def __init__(self, missing: bool, path: str, name: str, shape: Shape | None, value: Any, text: str = "") -> None:
        self.missing = missing
        self.path = path
        self.name = name
        self.shape = shape
        self.value = value
        #: The message, where it is known already (a body that is not a document).
        self.text = text

    @classmethod
    def malformed(cls, text: str, name: str = "") -> InputProblem:
        """A request that cannot be read (a body that is not JSON or nested too deep,
        a number label that is no number: ``name`` then names the member)."""
        return cls(False, _member_path(name), name, None, None, text)

    @property
    def message(self) -> str:
        """The message of AWS's validation error (a missing member) or of its JSON
        deserializer (a value of the wrong type)."""
        if self.text:
            return self.text
        if self.missing:
            return message([f"Value null at '{self.path}' failed to satisfy constraint: Member must not be null"])
        if isinstance(self.value, dict):
            return "Start of structure or map found where not expected."
        if isinstance(self.value, (list, tuple)):
            return "Start of list found where not expected"
        token = _TOKENS.get(type(self.value)) or f"class {type(self.value).__name__}"
        kind = self.shape.type_name if self.shape is not None else "value"
        return f"{token} can not be converted to {_WANTED.get(kind, 'a ' + kind)}"


#: Checks a value's type at a path; returns the first problem, or ``None``.
TypeCheck = Callable[[Any, Path, str], "InputProblem | None"]


class _TypeCompiler:
    def __init__(self) -> None:
        self.memo: dict[str, TypeCheck] = {}

    def compile(self, shape: Shape) -> TypeCheck:
        key = shape.name
        if key in self.memo:
            return self.memo[key]
        cell: list[TypeCheck] = []
        self.memo[key] = lambda value, path, name: cell[0](value, path, name)
        built = getattr(self, "_" + shape.type_name, self._any)(shape)
        cell.append(built)
        self.memo[key] = built
        return built

    def _structure(self, shape: Shape) -> TypeCheck:
        if shape.is_document_type:
            return self._any(shape)
        members = [(name, _member_path(name), self.compile(m)) for name, m in shape.members.items()]
        required = [(name, _member_path(name)) for name in shape.required_members]

        def check_structure(value: Any, path: Path, name: str) -> InputProblem | None:
            if not isinstance(value, dict):
                return InputProblem(False, path_text(path), name, shape, value)
            for member, sub in required:
                if value.get(member) is None:
                    return InputProblem(True, path_text((path, sub)), member, shape.members[member], None)
            for member, sub, check in members:
                item = value.get(member)
                if item is not None:
                    found = check(item, (path, sub), member)
                    if found is not None:
                        return found
            return None

        return check_structure

    def _list(self, shape: Shape) -> TypeCheck:
        item = self.compile(shape.member)

        def check_list(value: Any, path: Path, name: str) -> InputProblem | None:
            if not isinstance(value, (list, tuple)):
                return InputProblem(False, path_text(path), name, shape, value)
            for i, element in enumerate(value, 1):
                found = item(element, (path, i), name)
                if found is not None:
                    return found
            return None

        return check_list

    def _map(self, shape: Shape) -> TypeCheck:
        key = self.compile(shape.key)
        val = self.compile(shape.value)

        def check_map(value: Any, path: Path, name: str) -> InputProblem | None:
            if not isinstance(value, dict):
                return InputProblem(False, path_text(path), name, shape, value)
            for k, v in value.items():
                found = key(k, (path, str(k)), name) or (val(v, (path, str(k)), name) if v is not None else None)
                if found is not None:
                    return found
            return None

        return check_map

    @staticmethod
    def _of(shape: Shape, accepts: Callable[[Any], bool]) -> TypeCheck:
        def check_scalar(value: Any, path: Path, name: str) -> InputProblem | None:
            return None if accepts(value) else InputProblem(False, path_text(path), name, shape, value)

        return check_scalar

    def _string(self, shape: Shape) -> TypeCheck:
        return self._of(shape, lambda v: type(v) is str)

    def _integer(self, shape: Shape) -> TypeCheck:
        return self._of(shape, lambda v: type(v) is int)

    _long = _integer

    def _boolean(self, shape: Shape) -> TypeCheck:
        return self._of(shape, lambda v: type(v) is bool)

    def _float(self, shape: Shape) -> TypeCheck:
        return self._of(shape, lambda v: type(v) in (int, float))

    _double = _float

    def _timestamp(self, shape: Shape) -> TypeCheck:
        return self._of(shape, _is_timestamp)

    def _blob(self, shape: Shape) -> TypeCheck:
        return self._of(shape, lambda v: isinstance(v, (bytes, bytearray, memoryview, str)) or hasattr(v, "read"))

    def _any(self, shape: Shape) -> TypeCheck:
        return lambda value, path, name: None


def _is_timestamp(value: Any) -> bool:
    """What botocore takes for a timestamp: a ``datetime``, epoch seconds, or a date string."""
    import datetime

    if isinstance(value, datetime.datetime) or type(value) in (int, float):
        return True
    if type(value) is not str:
        return False
    from botocore.utils import parse_timestamp

    try:
        parse_timestamp(value)
    except (ValueError, TypeError, OverflowError):
        return False
    return True


class TypeChecks:
    """Type checkers of one service model's input shapes (for calls whose params
    botocore did not validate: ``Config(parameter_validation=False)``, the wire, the
    server), compiled once per shape."""

    def __init__(self) -> None:
        self._compiler = _TypeCompiler()

    def input(self, shape: Shape | None) -> Callable[[dict[str, Any]], InputProblem | None]:
        if shape is None:
            return lambda params: None
        check = self._compiler.compile(shape)
        return lambda params: check(params, "", "")
