"""Request parsers: an HTTP request to the operation and boto3's params.

One class per protocol, each walking the operation's input shape and dispatching on
the shape's type (``_parse_structure``, ``_parse_list``, ...), so no operation has code
of its own. What they produce is what a boto3 caller passes: member names as the
model names them, timestamps as aware ``datetime``, blobs as ``bytes``, numbers and
booleans as Python's.

``json``
    the operation from ``X-Amz-Target``, every member in the JSON body.
``query``
    the operation from the ``Action`` form parameter, every member a form
    parameter named by its path (``Attributes.entry.1.key``).
``rest-json`` / ``rest-xml``
    the operation from the method and path (:mod:`.routing`); members from the URI
    labels, the query string, headers (one, or a prefix-bound map), and the body: the
    payload member alone (raw for a blob or string, else a JSON or XML document), or
    the members bound to no location.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any
from xml.etree import ElementTree

from botocore.model import OperationModel, ServiceModel, Shape

from eventmock.core import timestamps
from eventmock.core.validation import InputProblem
from eventmock.core.wire import cbor
from eventmock.core.wire.http import HttpRequest
from eventmock.core.wire.routing import OperationRouter, form_params


class RequestParseError(ValueError):
    """A request that does not fit its operation's model (AWS answers such with a
    400 of the protocol's serialization error). ``operation``: the operation it was
    routed to, when it was."""

    def __init__(self, message: str, operation: OperationModel | None = None, member: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.operation = operation
        #: The input member that could not be read, where one could be named.
        self.member = member


#: What reading a request's members can raise on a request that does not fit the model
#: (a label that is no number, bad base64, a body nested too deep).
_UNREADABLE = (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError, OverflowError)


class RequestParser:
    """Parses the requests of one service model."""

    TIMESTAMP_FORMAT = "iso8601"

    def __init__(self, model: ServiceModel, router: OperationRouter | None = None) -> None:
        self.model = model
        self.router = router or OperationRouter(model)

    def parse(self, request: HttpRequest) -> tuple[OperationModel, dict[str, Any]]:
        """The operation ``request`` calls and its params; :class:`LookupError` when
        the request matches no operation of the service."""
        found = self.router.match(request)
        if found is None:
            raise LookupError(f"no operation of {self.model.service_name} matches {request.method} {request.path}")
        op, labels = found
        shape = op.input_shape
        if shape is None:
            return op, {}
        try:
            return op, self._parse_input(op, shape, request, labels)
        except RequestParseError as exc:
            raise RequestParseError(exc.message, op, exc.member) from None
        except _UNREADABLE as exc:
            raise RequestParseError(_reason(exc), op) from None

    def _parse_input(self, op: OperationModel, shape: Shape, request: HttpRequest, labels: dict[str, str]) -> dict[str, Any]:
        raise NotImplementedError

    # -- shape dispatch (values already decoded from the body's document) -------------

    def _parse(self, shape: Shape, value: Any) -> Any:
        return getattr(self, "_parse_" + shape.type_name, _identity)(shape, value)

    def _parse_list(self, shape: Shape, value: Any) -> list[Any]:
        return [self._parse(shape.member, item) for item in value]

    def _parse_integer(self, shape: Shape, value: Any) -> int:
        return int(value)

    _parse_long = _parse_integer

    def _parse_float(self, shape: Shape, value: Any) -> float:
        return float(value)  # also "NaN", "Infinity", "-Infinity"

    _parse_double = _parse_float

    def _parse_boolean(self, shape: Shape, value: Any) -> bool:
        if isinstance(value, str):
            return value.lower() == "true"
        return bool(value)

    def _parse_timestamp(self, shape: Shape, value: Any) -> Any:
        return timestamps.parse(value)

    def _parse_blob(self, shape: Shape, value: Any) -> bytes:
        return base64.b64decode(value)

    def _parse_string(self, shape: Shape, value: Any) -> str:
        return str(value)

    def _parse_text(self, shape: Shape, text: str) -> Any:
        """A scalar from text: a URI label, a query or form value, a header value. A
        number that is no number stays text, for the dispatcher's type check to answer
        as AWS does ("STRING_VALUE can not be converted to an Integer"), as on the fast
        path."""
        kind = shape.type_name
        if kind == "timestamp":
            return timestamps.parse(text)
        if kind == "blob":
            return base64.b64decode(text)
        if kind == "boolean":
            return text.lower() == "true"
        try:
            if kind in ("integer", "long"):
                return int(text)
            if kind in ("float", "double"):
                return float(text)
        except ValueError:
            return text
        return text


def _identity(shape: Shape, value: Any) -> Any:
    return value


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "The request body is nested too deeply."
    return f"The request could not be read: {exc}" if str(exc) else "The request could not be read."


# -- json --------------------------------------------------------------------------------


class JSONRequestParser(RequestParser):
    """Values of the JSON type the shape wants are converted (timestamps, blobs);
    values of another type are passed on as they are, for the dispatcher's type check
    to answer as AWS does (the same check as for a fast-path call that skipped
    botocore's validation)."""

    def _parse_input(self, op: OperationModel, shape: Shape, request: HttpRequest, labels: dict[str, str]) -> dict[str, Any]:
        body = _json_body(request.body)
        if not isinstance(body, dict):
            raise RequestParseError("Start of list found where not expected" if isinstance(body, list) else "Unexpected JSON value")
        parsed: dict[str, Any] = self._parse_structure(shape, body)
        return parsed

    def _parse_structure(self, shape: Shape, value: Any) -> Any:
        if shape.is_document_type or not isinstance(value, dict):
            return value
        out = {}
        for name, member in shape.members.items():
            item = value.get(member.serialization.get("name", name))
            if item is not None:
                out[name] = self._parse(member, item)
        return out

    def _parse_map(self, shape: Shape, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {self._parse(shape.key, k): self._parse(shape.value, v) for k, v in value.items()}

    def _parse_list(self, shape: Shape, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        return [self._parse(shape.member, item) for item in value]

    def _parse_integer(self, shape: Shape, value: Any) -> Any:
        return value

    _parse_long = _parse_integer

    def _parse_float(self, shape: Shape, value: Any) -> Any:
        return float(value) if isinstance(value, str) and value in ("NaN", "Infinity", "-Infinity") else value

    _parse_double = _parse_float

    def _parse_boolean(self, shape: Shape, value: Any) -> Any:
        return value

    def _parse_string(self, shape: Shape, value: Any) -> Any:
        return value

    def _parse_timestamp(self, shape: Shape, value: Any) -> Any:
        if type(value) not in (int, float, str):
            return value
        try:
            return timestamps.parse(value)
        except _UNREADABLE:
            return value

    def _parse_blob(self, shape: Shape, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return base64.b64decode(value, validate=True)
        except ValueError:
            raise RequestParseError(f"Base64 encoded value is invalid: {value[:64]!r}") from None


class CBORRequestParser(JSONRequestParser):
    """The JSON protocol encoded in CBOR (``application/x-amz-cbor-1.1``): the same
    shapes; blobs arrive as byte strings, timestamps as tag 1 (:mod:`.cbor`)."""

    def _parse_input(self, op: OperationModel, shape: Shape, request: HttpRequest, labels: dict[str, str]) -> dict[str, Any]:
        if not request.body:
            return {}
        try:
            body = cbor.loads(request.body)
        except cbor.CBORError as exc:
            raise RequestParseError(f"the body is not CBOR: {exc}") from None
        if not isinstance(body, dict):
            raise RequestParseError("Start of list found where not expected" if isinstance(body, list) else "Unexpected CBOR value")
        parsed: dict[str, Any] = self._parse_structure(shape, body)
        return parsed

    def _parse_timestamp(self, shape: Shape, value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return timestamps.parse(value / 1000)  # epoch milliseconds, as AWS counts them
        return super()._parse_timestamp(shape, value)


def _json_body(body: bytes) -> Any:
    if not body.strip():
        return {}
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise RequestParseError(f"the body is not JSON: {exc}") from None
    except RecursionError:
        raise RequestParseError("The request body is nested too deeply.") from None


# -- rest --------------------------------------------------------------------------------


class BaseRestRequestParser(RequestParser):
    """URI labels, query string and headers; the body's document is the subclass's."""

    #: botocore sends rest-json's ``{}`` for an optional payload the caller left out
    #: (rest-xml's empty body): an empty document is then no payload.
    EMPTY_PAYLOAD_IS_ABSENT = False

    def _parse_input(self, op: OperationModel, shape: Shape, request: HttpRequest, labels: dict[str, str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        query = request.query_params
        named_query: set[str] = set(self.router.static_query_keys(op))
        query_map: tuple[str, Shape] | None = None
        for name, member in shape.members.items():
            try:
                query_map = self._parse_located(name, member, request, labels, query, named_query, out) or query_map
            except _UNREADABLE:
                scalar = member.member if member.type_name == "list" else member
                raise RequestParseError(InputProblem(False, "", name, scalar, "").message, member=name) from None
        self._parse_rest(shape, query, named_query, query_map, request, out)
        return out

    def _parse_located(
        self,
        name: str,
        member: Shape,
        request: HttpRequest,
        labels: dict[str, str],
        query: list[tuple[str, str]],
        named_query: set[str],
        out: dict[str, Any],
    ) -> tuple[str, Shape] | None:
        """One member bound to the URI, the query string or headers, into ``out``;
        returns the query-bound map, which takes the query's other keys."""
        location = member.serialization.get("location")
        wire_name = member.serialization.get("name", name)
        if location == "uri":
            if wire_name in labels:
                out[name] = self._parse_text(member, labels[wire_name])
        elif location == "querystring":
            if member.type_name == "map":
                return (name, member)
            named_query.add(wire_name)
            values = [v for k, v in query if k == wire_name]
            if not values:
                return None
            if member.type_name == "list":
                out[name] = [self._parse_text(member.member, v) for v in values]
            else:
                out[name] = self._parse_text(member, values[0])
        elif location == "header":
            value = request.headers.get(wire_name)
            if value is not None:
                out[name] = self._parse_header(member, value)
        elif location == "headers":
            prefix = wire_name.lower()
            found = {k[len(prefix) :]: v for k, v in request.headers.items if k.lower().startswith(prefix)}
            if found:
                out[name] = {k: self._parse_text(member.value, v) for k, v in found.items()}
        return None

    def _parse_rest(
        self,
        shape: Shape,
        query: list[tuple[str, str]],
        named_query: set[str],
        query_map: tuple[str, Shape] | None,
        request: HttpRequest,
        out: dict[str, Any],
    ) -> None:
        """The query-bound map and the body."""
        if query_map is not None:
            name, member = query_map
            rest = [(k, v) for k, v in query if k not in named_query]
            if rest:
                if member.value.type_name == "list":
                    grouped: dict[str, list[Any]] = {}
                    for k, v in rest:
                        grouped.setdefault(k, []).append(self._parse_text(member.value.member, v))
                    out[name] = grouped
                else:
                    out[name] = {k: self._parse_text(member.value, v) for k, v in rest}
        payload = shape.serialization.get("payload")
        if payload is not None:
            member = shape.members[payload]
            if member.type_name == "blob":
                if request.body:
                    out[payload] = request.body
            elif member.type_name == "string":
                if request.body:
                    out[payload] = request.body.decode("utf-8")
            elif request.body.strip():
                document = self._parse_document(member, request.body)
                if document or payload in shape.required_members or not self.EMPTY_PAYLOAD_IS_ABSENT:
                    out[payload] = document
        elif request.body.strip() and any("location" not in m.serialization for m in shape.members.values()):
            body = self._parse_document(shape, request.body)
            if not isinstance(body, dict):
                raise RequestParseError("Start of list found where not expected" if isinstance(body, list) else "Unexpected JSON value")
            out.update((k, v) for k, v in body.items() if "location" not in shape.members[k].serialization)

    def _parse_header(self, shape: Shape, value: str) -> Any:
        if shape.type_name == "list":
            return [self._parse_text(shape.member, item) for item in split_header_list(value)]
        if shape.type_name == "string" and shape.serialization.get("jsonvalue"):
            return json.loads(base64.b64decode(value))
        return self._parse_text(shape, value)

    def _parse_document(self, shape: Shape, body: bytes) -> Any:
        raise NotImplementedError


_HEADER_ITEM = re.compile(r'\s*(?:"((?:[^"\\]|\\.)*)"|([^,]*?))\s*(?:,|$)')


def split_header_list(value: str) -> list[str]:
    """The items of a comma-separated header; an item with a comma or a quote comes
    double-quoted, with ``\\"`` inside (RFC 7230, as botocore sends them)."""
    items: list[str] = []
    position = 0
    while position < len(value):
        match = _HEADER_ITEM.match(value, position)
        if match is None or match.end() == position:
            break
        quoted, plain = match.groups()
        items.append(re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else plain)
        position = match.end()
    return items


class RestJSONRequestParser(BaseRestRequestParser, JSONRequestParser):
    EMPTY_PAYLOAD_IS_ABSENT = True

    def _parse_document(self, shape: Shape, body: bytes) -> Any:
        return self._parse(shape, _json_body(body))


# -- rest-xml -----------------------------------------------------------------------------


def _tag(node: ElementTree.Element) -> str:
    tag = node.tag
    return tag.rsplit("}", 1)[1] if tag.startswith("{") else tag


class RestXMLRequestParser(BaseRestRequestParser):
    def _parse_document(self, shape: Shape, body: bytes) -> Any:
        try:
            node = ElementTree.fromstring(body)
        except ElementTree.ParseError as exc:
            raise RequestParseError(f"the body is not XML: {exc}") from None
        return self._parse(shape, node)

    def _parse_structure(self, shape: Shape, node: ElementTree.Element) -> dict[str, Any]:
        children: dict[str, list[ElementTree.Element]] = {}
        for child in node:
            children.setdefault(_tag(child), []).append(child)
        out: dict[str, Any] = {}
        for name, member in shape.members.items():
            if "location" in member.serialization:
                continue
            if member.serialization.get("xmlAttribute"):
                attribute = member.serialization["name"]
                value = _attribute(node, attribute)
                if value is not None:
                    out[name] = value
                continue
            flattened = member.type_name in ("list", "map") and member.serialization.get("flattened")
            key = self._element_name(member, name)
            nodes = children.get(key)
            if not nodes:
                continue
            out[name] = self._parse(member, nodes if flattened else nodes[0])
        return out

    @staticmethod
    def _element_name(member: Shape, name: str) -> str:
        if member.type_name == "list" and member.serialization.get("flattened"):
            inner = member.member.serialization.get("name")
            if inner is not None:
                return str(inner)
        return str(member.serialization.get("name", name))

    def _parse_list(self, shape: Shape, node: Any) -> list[Any]:
        items = node if isinstance(node, list) else list(node)
        return [self._parse(shape.member, item) for item in items]

    def _parse_map(self, shape: Shape, node: Any) -> dict[Any, Any]:
        entries = node if isinstance(node, list) else list(node)
        key_name = shape.key.serialization.get("name", "key")
        value_name = shape.value.serialization.get("name", "value")
        out = {}
        for entry in entries:
            key = value = None
            for part in entry:
                if _tag(part) == key_name:
                    key = self._parse(shape.key, part)
                elif _tag(part) == value_name:
                    value = self._parse(shape.value, part)
            out[key] = value
        return out

    def _parse(self, shape: Shape, value: Any) -> Any:
        if isinstance(value, ElementTree.Element) and shape.type_name not in ("structure", "list", "map"):
            value = value.text or ""
        return super()._parse(shape, value)


def _attribute(node: ElementTree.Element, name: str) -> str | None:
    prefix, _, local = name.rpartition(":")
    for key, value in node.attrib.items():
        key_local = key.rsplit("}", 1)[-1]
        if key == name or (key_local == local and (not prefix or key.startswith("{"))):
            return value
    return None


# -- query --------------------------------------------------------------------------------


class QueryRequestParser(RequestParser):
    """The ``query`` protocol: every member a form parameter named by its path
    (``Attributes.entry.1.key``, ``Tags.member.2.Value``): a list's items under
    ``member.N`` (flattened: ``N``), a map's under ``entry.N`` with ``key`` and
    ``value`` (or the names the model gives them)."""

    def _parse_input(self, op: OperationModel, shape: Shape, request: HttpRequest, labels: dict[str, str]) -> dict[str, Any]:
        params = {k: v for k, v in form_params(request) if k not in ("Action", "Version")}
        prefixes = {key[:i] for key in params for i in range(len(key) + 1) if i == len(key) or key[i] == "."}
        parsed: dict[str, Any] = self._query_structure(shape, "", params, prefixes)
        return parsed

    def _query(self, shape: Shape, key: str, params: dict[str, str], prefixes: set[str]) -> Any:
        kind = shape.type_name
        if kind == "structure":
            return self._query_structure(shape, key + ".", params, prefixes)
        if kind == "list":
            return self._query_list(shape, key, params, prefixes)
        if kind == "map":
            return self._query_map(shape, key, params, prefixes)
        return self._parse_text(shape, params[key])

    def _query_structure(self, shape: Shape, prefix: str, params: dict[str, str], prefixes: set[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        required = shape.required_members
        for name, member in shape.members.items():
            key = prefix + _query_name(member, name)
            if key in prefixes:
                out[name] = self._query(member, key, params, prefixes)
            elif name in required and member.type_name in ("map", "structure"):
                # botocore writes nothing for an empty map or structure; required, it
                # was sent, so empty
                out[name] = {}
        return out

    def _query_list(self, shape: Shape, key: str, params: dict[str, str], prefixes: set[str]) -> list[Any]:
        if params.get(key) == "":
            return []  # botocore's form of an empty list
        flattened = shape.serialization.get("flattened")
        item = key if flattened else f"{key}.{shape.member.serialization.get('name', 'member')}"
        return [self._query(shape.member, f"{item}.{index}", params, prefixes) for index in _indexes(item, prefixes)]

    def _query_map(self, shape: Shape, key: str, params: dict[str, str], prefixes: set[str]) -> dict[Any, Any]:
        entry = key if shape.serialization.get("flattened") else f"{key}.entry"
        key_name = shape.key.serialization.get("name", "key")
        value_name = shape.value.serialization.get("name", "value")
        out = {}
        for index in _indexes(entry, prefixes):
            base = f"{entry}.{index}"
            map_key = self._query(shape.key, f"{base}.{key_name}", params, prefixes)
            value_key = f"{base}.{value_name}"
            out[map_key] = self._query(shape.value, value_key, params, prefixes) if value_key in prefixes else None
        return out


def _query_name(member: Shape, name: str) -> str:
    """A member's form key: a flattened list whose items are named is named by them
    (SQS's ``AttributeNames`` is sent as ``AttributeName.1``), as botocore writes it."""
    if member.type_name == "list" and member.serialization.get("flattened"):
        item: str | None = member.member.serialization.get("name")
        if item:
            return item
    return str(member.serialization.get("name", name))


def _indexes(item: str, prefixes: set[str]) -> list[int]:
    """The indexes of ``item.N`` present, in order. They need not run from 1 without
    gaps: botocore writes nothing for an empty structure item, so ``[{}, {...}]``
    arrives as ``item.2`` alone."""
    start = len(item) + 1
    return sorted(
        int(prefix[start:]) for prefix in prefixes if prefix.startswith(item) and prefix[start - 1 : start] == "." and prefix[start:].isdigit()
    )


PARSERS: dict[str, type[RequestParser]] = {
    "json": JSONRequestParser,
    "rest-json": RestJSONRequestParser,
    "rest-xml": RestXMLRequestParser,
    "query": QueryRequestParser,
}
