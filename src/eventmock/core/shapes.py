"""Model-driven shaping of the data that crosses the boto3 boundary.

A shaper is compiled once per (shape, mode) from the botocore service model and then
walks a value, rebuilding it. Rebuilding is the point: what a backend stores is never
handed to the user (nor what the user passed kept by a backend), so neither can mutate
the other's data. Three modes:

``output``
    What the fast path returns: the types botocore's parser gives for that shape
    (timestamps as ``datetime`` at AWS's precision, milliseconds or the whole seconds
    of an HTTP date, in the zone botocore gives them: ``tzlocal()`` for the epoch
    numbers of JSON bodies, ``tzutc()`` for date strings; blobs as ``bytes``,
    streaming payloads as ``StreamingBody``; a rest payload member always, empty if
    the backend gave none, as botocore reads it from an empty body). Members the
    shape does not have, and members whose value is ``None``, are left out.
``strict``
    ``output`` plus a conformance check: unknown members, missing required members,
    values of the wrong type and strings outside a modelled enum raise
    :class:`~eventmock.core.errors.ShapeError`. eventmock's own test suite runs in
    this mode (``EVENTMOCK_STRICT=1`` or :func:`set_strict`).
``input``
    The params boto3 validated, normalised for backends: timestamps as aware UTC
    ``datetime`` whatever form the caller used (whole seconds where the wire carries
    an HTTP date), blobs as ``bytes``.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
from collections.abc import Callable
from typing import Any

from botocore.model import Shape
from botocore.response import StreamingBody
from botocore.utils import parse_to_aware_datetime

from eventmock.core import timestamps
from eventmock.core.clock import LOCAL, UTC, to_millis
from eventmock.core.errors import ShapeError

Shaper = Callable[[Any], Any]

_strict = os.environ.get("EVENTMOCK_STRICT", "") not in ("", "0")


#: In strict mode, refuse a member the installed model does not have (else leave it
#: out, as the ``output`` mode does and as botocore's parser skips one on the wire).
_refuse_unknown = True


def set_strict(value: bool, *, refuse_unknown: bool | None = None) -> None:
    """Check every emulated response against its output shape (for test suites).
    ``refuse_unknown=False``: a member the installed model lacks is left out rather than
    refused (under an older botocore, whose models lack members AWS answers today);
    ``None`` keeps the current choice."""
    global _strict, _refuse_unknown
    _strict = value
    if refuse_unknown is not None:
        _refuse_unknown = refuse_unknown


def is_strict() -> bool:
    return _strict


def _epoch_fractions() -> bool:
    """Whether the installed botocore sends the fraction of a second in an epoch
    timestamp (newer releases do; older ones send whole seconds)."""
    from botocore.serialize import JSONSerializer

    try:
        sent = JSONSerializer()._timestamp_unixtimestamp(_dt.datetime(2000, 1, 1, 0, 0, 0, 500_000))
    except Exception:  # noqa: BLE001 - a botocore whose serializer differs: assume fractions
        return True
    return bool(sent != 946_684_800)


EPOCH_FRACTIONS = _epoch_fractions()


def _fail(shape: Shape, message: str) -> ShapeError:
    return ShapeError(f"{shape.name}: {message}")


class _Compiler:
    """Compiles shapers for one mode, memoised by shape name (names are unique within
    a service model); a recursive shape refers to itself through a forward cell."""

    def __init__(self, mode: str, protocol: str = "json", omitted_required: frozenset[str] = frozenset()) -> None:
        self.mode = mode
        self.strict = mode == "strict"
        #: Required members (``"Shape.member"``) AWS leaves out all the same.
        self.omitted_required = omitted_required
        self.memo: dict[str, Shaper] = {}
        #: How the protocol puts timestamps in a body (a member may say otherwise).
        self.body_timestamps = "unixtimestamp" if protocol in ("json", "rest-json") else "iso8601"

    def timestamp_format(self, shape: Shape) -> str:
        """The wire format of a timestamp member: its own, or its location's default."""
        explicit = shape.serialization.get("timestampFormat")
        if explicit:
            return str(explicit).lower()
        location = shape.serialization.get("location")
        if location == "header":
            return "rfc822"
        if location in ("querystring", "uri"):
            return "iso8601"
        return self.body_timestamps

    def compile(self, shape: Shape) -> Shaper:
        key = shape.name
        if shape.type_name == "timestamp":
            # one shape, several wire forms
            key = f"{key}@{self.timestamp_format(shape)}@{shape.serialization.get('location')}"
        if key in self.memo:
            return self.memo[key]
        cell: list[Shaper] = []
        self.memo[key] = lambda value: cell[0](value)
        built = getattr(self, "_" + shape.type_name, self._scalar)(shape)
        cell.append(built)
        self.memo[key] = built
        return built

    # -- containers -------------------------------------------------------------

    def _structure(self, shape: Shape) -> Shaper:
        members = {name: self.compile(member) for name, member in shape.members.items()}
        if self.mode != "input" and shape.serialization.get("eventstream"):
            return _event_stream(shape, members)
        payload = shape.serialization.get("payload")
        if self.mode != "input" and payload and shape.members[payload].type_name == "blob":
            # botocore streams every blob payload (``OperationModel.has_streaming_output``)
            members[payload] = _streaming(members[payload])
        # botocore always gives the payload member (what the body holds, empty too) and
        # the maps of prefixed headers (S3's ``Metadata``).
        defaults: list[tuple[str, Callable[[], Any]]] = []
        if self.mode != "input":
            if payload and shape.members[payload].type_name in _ABSENT_PAYLOAD:
                defaults.append((payload, _ABSENT_PAYLOAD[shape.members[payload].type_name]))
            defaults += [(n, dict) for n, m in shape.members.items() if m.serialization.get("location") == "headers"]
        if not self.strict:
            return _loose_structure(shape, members, defaults)
        required = frozenset(m for m in shape.required_members if f"{shape.name}.{m}" not in self.omitted_required)

        def shape_strict_structure(value: Any) -> dict[str, Any]:
            # every member through its shaper, which checks it; unknown ones refused
            if not isinstance(value, dict):
                raise _fail(shape, f"expected a dict, got {type(value).__name__}")
            out = {}
            for name, item in value.items():
                if item is None:
                    continue
                member = members.get(name)
                if member is None:
                    if _refuse_unknown:
                        raise _fail(shape, f"unknown member {name!r}")
                    continue
                try:
                    out[name] = member(item)
                except ShapeError as exc:
                    raise ShapeError(f"{shape.name}.{name} > {exc}") from None
            for name, default in defaults:
                if name not in out:
                    out[name] = default()
            if not required <= out.keys():
                missing = sorted(required - out.keys())
                raise _fail(shape, f"required member(s) missing: {', '.join(missing)}")
            return out

        return shape_strict_structure

    def _list(self, shape: Shape) -> Shaper:
        item = self.compile(shape.member)

        def shape_list(value: Any) -> list[Any]:
            if not isinstance(value, (list, tuple)):
                raise _fail(shape, f"expected a list, got {type(value).__name__}")
            return [item(x) for x in value]

        return shape_list

    def _map(self, shape: Shape) -> Shaper:
        key = self.compile(shape.key)
        val = self.compile(shape.value)

        def shape_map(value: Any) -> dict[Any, Any]:
            if not isinstance(value, dict):
                raise _fail(shape, f"expected a dict, got {type(value).__name__}")
            return {key(k): val(v) for k, v in value.items() if v is not None}

        return shape_map

    # -- scalars ----------------------------------------------------------------

    def _string(self, shape: Shape) -> Shaper:
        if not self.strict:
            return _identity
        enum = frozenset(shape.enum) if shape.enum else None

        def shape_string(value: Any) -> str:
            if type(value) is not str:
                raise _fail(shape, f"expected a string, got {type(value).__name__}: {value!r}")
            if enum is not None and value not in enum:
                raise _fail(shape, f"{value!r} is not one of the enum values {sorted(enum)}")
            return value

        return shape_string

    def _integer(self, shape: Shape) -> Shaper:
        if not self.strict:
            return _identity

        def shape_integer(value: Any) -> int:
            if type(value) is not int:
                raise _fail(shape, f"expected an int, got {type(value).__name__}: {value!r}")
            return value

        return shape_integer

    _long = _integer

    def _boolean(self, shape: Shape) -> Shaper:
        if not self.strict:
            return _identity

        def shape_boolean(value: Any) -> bool:
            if type(value) is not bool:
                raise _fail(shape, f"expected a bool, got {type(value).__name__}: {value!r}")
            return value

        return shape_boolean

    def _float(self, shape: Shape) -> Shaper:
        if not self.strict:
            return _identity

        def shape_float(value: Any) -> Any:
            if type(value) not in (int, float):
                raise _fail(shape, f"expected a number, got {type(value).__name__}: {value!r}")
            return value

        return shape_float

    _double = _float

    def _timestamp(self, shape: Shape) -> Shaper:
        form = self.timestamp_format(shape)
        if self.mode == "input":
            # botocore sends whole seconds in an HTTP date, and in a header whatever its
            # format, and in an epoch number in older releases: that is all AWS receives.
            seconds = (
                form == "rfc822"
                or shape.serialization.get("location") == "header"
                or (form == "unixtimestamp" and not EPOCH_FRACTIONS)
            )
            return _aware_utc_seconds if seconds else _aware_utc
        strict = self.strict
        # botocore reads an epoch number in the local time zone, a date string in UTC;
        # AWS sends milliseconds, and whole seconds in an HTTP date.
        zone = LOCAL if form == "unixtimestamp" else UTC
        whole_seconds = form == "rfc822"

        def shape_timestamp(value: Any) -> _dt.datetime:
            if not isinstance(value, _dt.datetime) or (strict and value.tzinfo is None):
                raise _fail(shape, f"expected an aware datetime, got {value!r}")
            value = to_millis(value)
            if whole_seconds:
                value = value.replace(microsecond=0)
            shaped: _dt.datetime = value if zone is UTC else value.astimezone(zone)
            return shaped

        return shape_timestamp

    def _blob(self, shape: Shape) -> Shaper:
        streaming = bool(shape.serialization.get("streaming") or shape.metadata.get("streaming"))
        if self.mode == "input":
            return _to_bytes
        strict = self.strict

        def shape_blob(value: Any) -> Any:
            if strict and not isinstance(value, bytes):
                raise _fail(shape, f"expected bytes, got {type(value).__name__}")
            data = _to_bytes(value)
            return StreamingBody(io.BytesIO(data), len(data)) if streaming else data

        return shape_blob

    def _scalar(self, shape: Shape) -> Shaper:
        return _identity  # document and any type a newer model adds: passed through


def _identity(value: Any) -> Any:
    return value


def _loose_structure(shape: Shape, members: dict[str, Shaper], defaults: list[tuple[str, Callable[[], Any]]]) -> Shaper:
    """A structure's shaper outside strict mode, where most members (strings, numbers)
    are passed as they are: those are copied without a call each."""
    plain = frozenset(name for name, member in members.items() if member is _identity)
    shaped = {name: member for name, member in members.items() if member is not _identity}
    if not shaped and not defaults:

        def shape_plain_structure(value: Any) -> dict[str, Any]:
            if not isinstance(value, dict):
                raise _fail(shape, f"expected a dict, got {type(value).__name__}")
            out = {}
            for name, item in value.items():  # a loop: cheaper than a comprehension's call
                if item is not None and name in plain:
                    out[name] = item
            return out

        return shape_plain_structure

    def shape_structure(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _fail(shape, f"expected a dict, got {type(value).__name__}")
        out = {}
        for name, item in value.items():
            if item is None:
                continue
            if name in plain:
                out[name] = item
                continue
            member = shaped.get(name)
            if member is not None:
                try:
                    out[name] = member(item)
                except ShapeError as exc:
                    raise ShapeError(f"{shape.name}.{name} > {exc}") from None
        for name, default in defaults:
            if name not in out:
                out[name] = default()
        return out

    return shape_structure


_ABSENT_PAYLOAD: dict[str, Callable[[], Any]] = {
    "structure": dict,
    "string": str,
    "blob": lambda: StreamingBody(io.BytesIO(b""), 0),
}


def _streaming(shaper: Shaper) -> Shaper:
    def shape_stream(value: Any) -> Any:
        data = shaper(value)
        if isinstance(data, StreamingBody):
            return data
        return StreamingBody(io.BytesIO(data), len(data))

    return shape_stream


def _event_stream(shape: Shape, members: dict[str, Shaper]) -> Shaper:
    """An event stream member: the backend's list of one-key event dicts, each shaped
    by its event's shape, as botocore's ``EventStream`` (:mod:`eventmock.core.eventstream`)."""
    from eventmock.core.eventstream import AnsweredEventStream

    # botocore always sets an event's payload member (an empty payload: b"" or "")
    payloads: dict[str, tuple[str, Any]] = {}
    for event_name, event_shape in shape.members.items():
        for member_name, member_shape in getattr(event_shape, "members", {}).items():
            if member_shape.serialization.get("eventpayload") and member_shape.type_name in ("blob", "string"):
                payloads[event_name] = (member_name, b"" if member_shape.type_name == "blob" else "")

    def shape_event_stream(value: Any) -> Any:
        if isinstance(value, AnsweredEventStream):
            return value
        if not isinstance(value, list):
            raise _fail(shape, f"expected a list of events, got {type(value).__name__}")
        events = []
        for event in value:
            if not isinstance(event, dict) or len(event) != 1:
                raise _fail(shape, f"an event is a dict of one member, got {event!r}")
            (name, body), = event.items()
            member = members.get(name)
            if member is None:
                raise _fail(shape, f"unknown event {name!r}")
            shaped = member(body)
            if name in payloads and isinstance(shaped, dict):
                shaped.setdefault(*payloads[name])
            events.append({name: shaped})
        return AnsweredEventStream(events)

    return shape_event_stream


def _aware_utc(value: Any) -> _dt.datetime:
    aware: _dt.datetime = parse_to_aware_datetime(value)
    return aware.astimezone(UTC)


def _aware_utc_seconds(value: Any) -> _dt.datetime:
    return _aware_utc(value).replace(microsecond=0)


def _to_bytes(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    if hasattr(value, "read"):
        data = value.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    raise TypeError(f"cannot use {type(value).__name__} as a blob")


class ShaperCache:
    """Shapers for one service model, one compiler per mode."""

    def __init__(self, protocol: str = "json", omitted_required: frozenset[str] = frozenset()) -> None:
        self._compilers = {mode: _Compiler(mode, protocol, omitted_required) for mode in ("input", "output", "strict")}

    def input(self, shape: Shape | None) -> Shaper:
        return self._compilers["input"].compile(shape) if shape is not None else _empty

    def output(self, shape: Shape | None, strict: bool) -> Shaper:
        if shape is None:
            return _strict_empty if strict else _empty
        return self._compilers["strict" if strict else "output"].compile(shape)


def _empty(value: Any) -> dict[str, Any]:
    return {}


def _strict_empty(value: Any) -> dict[str, Any]:
    if value:
        raise ShapeError(f"the operation has no output, but the backend returned {value!r}")
    return {}


# -- header-bound output members ------------------------------------------------------

HeaderRenderer = Callable[[dict[str, Any]], dict[str, str]]


def header_renderer(shape: Shape | None) -> HeaderRenderer | None:
    """For the rest protocols: the HTTP headers that carry an output shape's
    header-bound members (``location: header``, and ``headers`` maps such as S3's
    ``x-amz-meta-*``), rendered from the shaped output as AWS sends them, names in
    lower case as botocore reports them. ``None`` when the shape binds no header."""
    if shape is None:
        return None
    fields: list[tuple[str, str, Callable[[Any], str], bool]] = []
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        if location == "header":
            fields.append((name, member.serialization.get("name", name).lower(), _header_text(member), False))
        elif location == "headers":
            fields.append((name, member.serialization.get("name", "").lower(), _header_text(member.value), True))
    if not fields:
        return None

    def render_headers(parsed: dict[str, Any]) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, header, text, is_map in fields:
            value = parsed.get(name)
            if value is None:
                continue
            if is_map:
                for key, item in value.items():
                    out[header + key.lower()] = text(item)
            else:
                out[header] = text(value)
        return out

    return render_headers


def _header_text(shape: Shape) -> Callable[[Any], str]:
    kind = shape.type_name
    if kind == "timestamp":
        write = timestamps.formatter(shape.serialization.get("timestampFormat", "rfc822"))
        return lambda value: str(write(value))
    if kind == "boolean":
        return lambda v: "true" if v else "false"
    if kind == "list":
        return lambda v: ",".join(str(x) for x in v)
    return str
