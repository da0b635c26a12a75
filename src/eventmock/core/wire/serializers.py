"""Response serializers: a backend's answer to the bytes AWS would send.

One class per protocol, walking the output (or error) shape and dispatching on the
shape's type. The input is an :class:`~eventmock.core.answers.Answer`: the output
members in the types botocore's parser produces (the fast path's result), the status,
and the headers (content type, date, request id, error headers, and the members the
model binds to headers, written by :func:`~eventmock.core.shapes.header_renderer` for
both paths). Timestamps are written by :mod:`eventmock.core.timestamps`.

``json``
    the members in a JSON body; errors as ``{"__type": code, "message": ...}`` with
    the error shape's members, and ``x-amzn-query-error`` for query-compatible errors.
``query``
    ``<{Operation}Response>`` with the ``<{Operation}Result>`` and the request id in
    ``ResponseMetadata``; errors as ``<ErrorResponse><Error>``.
``rest-json`` / ``rest-xml``
    the status (modelled ``responseCode`` or a status-code member), header members, and
    the body: the payload member alone (raw for a blob or string), or the members bound
    to no location as a JSON object or an XML document. Errors: ``x-amzn-ErrorType``
    and a JSON body (rest-json); ``<Error>`` (S3) or ``<ErrorResponse><Error>`` with
    ``Type``, ``Code``, ``Message`` and the members (rest-xml).
"""

from __future__ import annotations

import base64
import json
import math
from datetime import datetime
from typing import Any
from xml.etree import ElementTree

from botocore.model import OperationModel, ServiceModel, Shape

from eventmock.core import answers, timestamps
from eventmock.core.eventstream import AnsweredEventStream
from eventmock.core.answers import Answer, has_no_body
from eventmock.core.wire import cbor, eventstream
from eventmock.core.text import xml_safe
from eventmock.core.wire.http import HttpResponse


def format_float(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(float(value))


def _read(value: Any) -> bytes:
    """A blob payload's bytes (the fast path's shaping makes it a stream)."""
    if hasattr(value, "read"):
        data = value.read()
        return data if isinstance(data, bytes) else str(data).encode()
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(value)


class ResponseSerializer:
    """Serializes the answers of one service model."""

    TIMESTAMP_FORMAT = "iso8601"

    def __init__(self, model: ServiceModel) -> None:
        self.model = model

    def serialize(self, op: OperationModel, answer: Answer) -> HttpResponse:
        if has_no_body(op.http.get("method", "POST"), answer.status):
            body = b""
        elif answer.error is not None:
            body = self._error_body(op, answer)
        else:
            body = self._body(op, op.output_shape, answer.parsed, answer)
        headers = dict(answer.headers)
        headers.setdefault("content-length", str(len(body)))  # S3 models it: a HEAD's is the object's
        return HttpResponse(answer.status, headers, body)

    def serialize_error(self, http_method: str, answer: Answer) -> HttpResponse:
        """An error answered before any operation was found (no signature)."""
        body = b"" if has_no_body(http_method, answer.status) else self._error_body(None, answer)
        return HttpResponse(answer.status, {**answer.headers, "content-length": str(len(body))}, body)

    def _body(self, op: OperationModel, shape: Shape | None, parsed: dict[str, Any], answer: Answer) -> bytes:
        raise NotImplementedError

    def _error_body(self, op: OperationModel | None, answer: Answer) -> bytes:
        raise NotImplementedError

    def _timestamp(self, shape: Shape, value: Any) -> Any:
        return timestamps.format(value, shape.serialization.get("timestampFormat", self.TIMESTAMP_FORMAT))


# -- json ----------------------------------------------------------------------------------


class JSONResponseSerializer(ResponseSerializer):
    TIMESTAMP_FORMAT = "unixtimestamp"
    #: The ``:content-type`` of an event stream's messages.
    EVENT_CONTENT_TYPE = "application/json"

    def serialize(self, op: OperationModel, answer: Answer) -> HttpResponse:
        if answer.error is None and op.has_event_stream_output and not op.output_shape.serialization.get("payload"):
            # (a REST protocol sends its stream as the output's payload: _RestBody)
            return self._event_stream(op, answer)
        return super().serialize(op, answer)

    def _event_stream(self, op: OperationModel, answer: Answer) -> HttpResponse:
        """An output with an event stream member: AWS's binary event stream."""
        shape = op.output_shape
        name = shape.event_stream_name
        union = shape.members[name]
        value = answer.parsed.get(name)
        events = value.events if isinstance(value, AnsweredEventStream) else list(value or [])
        initial = self._dumps(self._json(shape, {k: v for k, v in answer.parsed.items() if k != name}))
        body = eventstream.encode(
            events, lambda event, members: self._dumps(self._json(union.members[event], members)), self.EVENT_CONTENT_TYPE, initial
        )
        headers = {**answer.headers, "content-type": eventstream.CONTENT_TYPE, "content-length": str(len(body))}
        return HttpResponse(answer.status, headers, body)

    def _dumps(self, document: Any) -> bytes:
        return _dumps(document)

    def _body(self, op: OperationModel, shape: Shape | None, parsed: dict[str, Any], answer: Answer) -> bytes:
        document = self._json(shape, parsed) if shape is not None else {}
        return self._dumps(document)

    def _error_body(self, op: OperationModel | None, answer: Answer) -> bytes:
        error = answer.error
        assert error is not None
        document: dict[str, Any] = {"__type": error.code}
        document.update(self._error_members(answer))
        return self._dumps(document)

    def _error_members(self, answer: Answer) -> dict[str, Any]:
        """The error shape's members (bound to no location), and ``message`` when the
        shape has no message member of its own (botocore reads either)."""
        assert answer.error is not None
        document = self._json(answer.error_shape, answer.parsed) if answer.error_shape is not None else {}
        if "message" not in document and "Message" not in document:
            document["message"] = answer.error.message
        return document

    def _json(self, shape: Shape, value: Any) -> Any:
        return getattr(self, "_json_" + shape.type_name, _same)(shape, value)

    def _json_structure(self, shape: Shape, value: Any) -> Any:
        if shape.is_document_type:
            return value
        out = {}
        for name, member in shape.members.items():
            if "location" in member.serialization:
                continue
            item = value.get(name)
            if item is not None:
                out[member.serialization.get("name", name)] = self._json(member, item)
        return out

    def _json_list(self, shape: Shape, value: Any) -> Any:
        return [self._json(shape.member, item) for item in value]

    def _json_map(self, shape: Shape, value: Any) -> Any:
        return {key: self._json(shape.value, item) for key, item in value.items()}

    def _json_timestamp(self, shape: Shape, value: Any) -> Any:
        return self._timestamp(shape, value)

    def _json_blob(self, shape: Shape, value: Any) -> Any:
        return base64.b64encode(_read(value)).decode("ascii")

    def _json_float(self, shape: Shape, value: Any) -> Any:
        text = format_float(value)
        return text if text in ("NaN", "Infinity", "-Infinity") else value

    _json_double = _json_float


class CBORResponseSerializer(JSONResponseSerializer):
    """The JSON protocol's answers encoded in CBOR, for a request sent so
    (``application/x-amz-cbor-1.1``): blobs as byte strings, timestamps as tag 1
    wrapping epoch milliseconds (:mod:`.cbor`), numbers as numbers."""

    EVENT_CONTENT_TYPE = cbor.CONTENT_TYPE

    def serialize(self, op: OperationModel, answer: Answer) -> HttpResponse:
        response = super().serialize(op, answer)
        if response.headers.get("content-type", "").startswith("application/x-amz-json"):
            response.headers["content-type"] = cbor.CONTENT_TYPE
        return response

    def serialize_error(self, http_method: str, answer: Answer) -> HttpResponse:
        response = super().serialize_error(http_method, answer)
        response.headers["content-type"] = cbor.CONTENT_TYPE
        return response

    def _dumps(self, document: Any) -> bytes:
        return cbor.dumps(document)

    def _json_timestamp(self, shape: Shape, value: Any) -> Any:
        return timestamps.parse(value) if not isinstance(value, datetime) else value

    def _json_blob(self, shape: Shape, value: Any) -> Any:
        return _read(value)

    def _json_float(self, shape: Shape, value: Any) -> Any:
        return float(value)

    _json_double = _json_float


def _same(shape: Shape, value: Any) -> Any:
    return value


def _dumps(document: Any) -> bytes:
    return json.dumps(document, separators=(",", ":")).encode("utf-8")


# -- rest ------------------------------------------------------------------------------------


class _RestBody:
    """The body of the rest protocols: the payload member alone (raw for a blob or a
    string), or the members bound to no location; nothing where there is neither."""

    def _body(self, op: OperationModel, shape: Shape | None, parsed: dict[str, Any], answer: Answer) -> bytes:
        if shape is None:
            return b""
        payload = shape.serialization.get("payload")
        if payload is not None:
            member = shape.members[payload]
            value = parsed.get(payload)
            if value is None:
                return b""
            if member.type_name in ("blob", "string"):
                return _read(value)
            if member.serialization.get("eventstream"):
                events = value.events if isinstance(value, AnsweredEventStream) else list(value)
                return eventstream.encode_payload(member, events)
            return self._document(member, value, member.serialization.get("name", member.name))
        if not any("location" not in m.serialization for m in shape.members.values()):
            return b""
        return self._document(shape, parsed, shape.serialization.get("name", _result_name(shape)))

    def _document(self, shape: Shape, value: Any, name: str) -> bytes:
        raise NotImplementedError


class RestJSONResponseSerializer(_RestBody, JSONResponseSerializer):
    def _document(self, shape: Shape, value: Any, name: str) -> bytes:
        return _dumps(self._json(shape, value))

    def _error_body(self, op: OperationModel | None, answer: Answer) -> bytes:
        return _dumps(self._error_members(answer))


class RestXMLResponseSerializer(_RestBody, ResponseSerializer):
    def _document(self, shape: Shape, value: Any, name: str) -> bytes:
        root = self._element(shape, value, name)
        namespace = shape.serialization.get("xmlNamespace") or self.model.metadata.get("xmlNamespace")
        if isinstance(namespace, str):
            root.set("xmlns", namespace)
        elif namespace is not None and not namespace.get("prefix"):
            root.set("xmlns", namespace["uri"])
        return _xml(root)

    def _error_body(self, op: OperationModel | None, answer: Answer) -> bytes:
        """S3's ``<Error>``, or ``<ErrorResponse><Error>`` (other services), with what
        the fast path's ``Error`` holds: code, message, and every field as text."""
        s3_style = self.model.service_name == "s3"
        root = ElementTree.Element("Error" if s3_style else "ErrorResponse")
        node = root if s3_style else ElementTree.SubElement(root, "Error")
        for name, text in answer.parsed["Error"].items():
            ElementTree.SubElement(node, name).text = text  # None: an empty element
        ElementTree.SubElement(root, "RequestId").text = answer.request_id
        if s3_style:
            ElementTree.SubElement(root, "HostId").text = answer.headers.get("x-amz-id-2", "")
        return _xml(root)

    # -- elements by shape type --------------------------------------------------------

    def _element(self, shape: Shape, value: Any, name: str) -> ElementTree.Element:
        node = ElementTree.Element(name)
        namespace = shape.serialization.get("xmlNamespace")
        if isinstance(namespace, dict) and namespace.get("prefix"):
            node.set(f"xmlns:{namespace['prefix']}", namespace["uri"])  # for S3's xsi:type
        self._fill(node, shape, value)
        return node

    def _fill(self, node: ElementTree.Element, shape: Shape, value: Any) -> None:
        kind = shape.type_name
        if kind == "structure":
            self._members(node, shape, value)
        elif kind == "list":
            item_name = shape.member.serialization.get("name", "member")
            for item in value:
                node.append(self._element(shape.member, item, item_name))
        elif kind == "map":
            for key, item in value.items():
                self._entry(node, shape, key, item, "entry")
        else:
            node.text = self._text(shape, value)

    def _members(self, node: ElementTree.Element, shape: Shape, value: dict[str, Any], skip: tuple[str, ...] = ()) -> None:
        for name, member in shape.members.items():
            item = value.get(name)
            if item is None or name in skip or "location" in member.serialization:
                continue
            wire_name = member.serialization.get("name", name)
            if member.serialization.get("xmlAttribute"):
                node.set(wire_name, self._text(member, item))
            elif member.type_name == "list" and member.serialization.get("flattened"):
                item_name = member.member.serialization.get("name", wire_name)
                for element in item:
                    node.append(self._element(member.member, element, item_name))
            elif member.type_name == "map" and member.serialization.get("flattened"):
                for key, element in item.items():
                    self._entry(node, member, key, element, wire_name)
            else:
                node.append(self._element(member, item, wire_name))

    def _entry(self, node: ElementTree.Element, shape: Shape, key: Any, value: Any, entry_name: str) -> None:
        entry = ElementTree.SubElement(node, entry_name)
        entry.append(self._element(shape.key, key, shape.key.serialization.get("name", "key")))
        entry.append(self._element(shape.value, value, shape.value.serialization.get("name", "value")))

    def _text(self, shape: Shape, value: Any) -> str:
        kind = shape.type_name
        if kind == "boolean":
            return "true" if value else "false"
        if kind == "timestamp":
            return str(self._timestamp(shape, value))
        if kind == "blob":
            return base64.b64encode(_read(value)).decode("ascii")
        if kind in ("float", "double"):
            return format_float(value)
        return str(value)


class QueryResponseSerializer(RestXMLResponseSerializer):
    """The ``query`` protocol: ``<{Operation}Response>`` holding the output in
    ``<{Operation}Result>`` (the shape's ``resultWrapper``) and ``ResponseMetadata``
    with the request id; errors as ``<ErrorResponse>`` with ``Type``, ``Code`` and
    ``Message``, and the request id."""

    def serialize(self, op: OperationModel, answer: Answer) -> HttpResponse:
        if answer.error is not None:
            body = self._error_body(op, answer)
        else:
            root = ElementTree.Element(f"{op.name}Response")
            root.set("xmlns", self.model.metadata.get("xmlNamespace", ""))
            shape = op.output_shape
            if shape is not None:
                wrapper = shape.serialization.get("resultWrapper") or f"{op.name}Result"
                result = ElementTree.SubElement(root, wrapper)
                self._members(result, shape, answer.parsed)
            metadata = ElementTree.SubElement(root, "ResponseMetadata")
            ElementTree.SubElement(metadata, "RequestId").text = answer.request_id
            body = _xml(root)
        headers = dict(answer.headers)
        headers["content-length"] = str(len(body))
        return HttpResponse(answer.status, headers, body)

    def _error_body(self, op: OperationModel | None, answer: Answer) -> bytes:
        assert answer.error is not None
        root = ElementTree.Element("ErrorResponse")
        root.set("xmlns", self.model.metadata.get("xmlNamespace", ""))
        node = ElementTree.SubElement(root, "Error")
        info = answer.parsed["Error"]
        ElementTree.SubElement(node, "Type").text = info.get("Type") or ("Sender" if answer.status < 500 else "Receiver")
        ElementTree.SubElement(node, "Code").text = info["Code"]
        ElementTree.SubElement(node, "Message").text = info["Message"]
        shape = answer.error_shape
        for name, member in (shape.members.items() if shape is not None else ()):
            wire_name = member.serialization.get("name", name)
            value = answer.parsed.get(name)
            if value is not None and wire_name not in ("Type", "Code", "Message"):
                node.append(self._element(member, value, wire_name))
        ElementTree.SubElement(root, "RequestId").text = answer.request_id
        return _xml(root)


def _result_name(shape: Shape) -> str:
    name: str = shape.name
    return name[: -len("Output")] + "Result" if name.endswith("Output") else name


def _xml(root: ElementTree.Element) -> bytes:
    """The document, every character XML 1.0 cannot hold (a control character an
    input held, echoed in a message) replaced by U+FFFD (:func:`~eventmock.core.text.xml_safe`):
    botocore's parser refuses a document that holds one, even as a reference."""
    body = xml_safe(ElementTree.tostring(root, encoding="unicode"))
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body.encode("utf-8")


SERIALIZERS: dict[str, type[ResponseSerializer]] = {
    "json": JSONResponseSerializer,
    "rest-json": RestJSONResponseSerializer,
    "rest-xml": RestXMLResponseSerializer,
    "query": QueryResponseSerializer,
}
