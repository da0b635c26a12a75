"""The ``query`` protocol of a JSON service that still answers it (SQS).

SQS moved from the ``query`` protocol (form-encoded ``Action=SendMessage&...``,
answered in XML) to JSON in 2023; its endpoint still answers both, and older clients
(the Java SDK v1, the JavaScript SDK v2 before 2.1492, PHP, Go v1, raw HTTP) speak
query. botocore's model says so (``awsQueryCompatible``) but has lost the query-only
traits; :func:`model` puts them back, from a table of AWS's ``xmlName`` traits
(:data:`XML_NAMES`), onto a copy of the JSON model with the protocol set to ``query``:

- every operation's output is wrapped in ``<{Operation}Result>``;
- a flattened list's items are named (``<Message>``, ``SendMessageBatchRequestEntry.N``);
- a flattened map's entries are named, with their key and value elements
  (``Attribute.N.Name``/``Attribute.N.Value``, ``Tag.N.Key``/``Tag.N.Value``).

The same model drives eventmock's query parser and serializer (:mod:`.parsers`,
:mod:`.serializers`) and, in the tests, botocore's own query serializer and parser
(docs/wire.md, "SQS's query protocol"). A request is answered in query when it is a
form post (or a GET) naming an ``Action`` and no ``X-Amz-Target``
(:func:`speaks_query`); the backend and the dispatch are the JSON model's.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field
from typing import Any

from botocore.model import OperationModel, ServiceModel

from eventmock.core import answers
from eventmock.core.errors import ServiceError
from eventmock.core.answers import Answer
from eventmock.core.wire.http import HttpRequest, HttpResponse
from eventmock.core.wire.parsers import QueryRequestParser
from eventmock.core.wire import routing
from eventmock.core.wire.routing import form_params
from eventmock.core.wire.serializers import QueryResponseSerializer, _xml


@dataclass(frozen=True)
class XmlNames:
    """A service's query-only traits, as AWS's model gives them."""

    namespace: str
    #: list shape -> the element (and form key) of each item
    lists: dict[str, str]
    #: map shape -> (entry element, key element, value element)
    maps: dict[str, tuple[str, str, str]] = field(default_factory=dict)


#: From SQS's model before its move to JSON (``locationName`` in the query-era model,
#: ``xmlName`` in AWS's Smithy model). ``MessageSystemAttributeList`` (ReceiveMessage's
#: ``MessageSystemAttributeNames``, added after the move) follows the naming of the
#: others (docs/sqs.md, "Not confirmed").
XML_NAMES: dict[str, XmlNames] = {
    "sqs": XmlNames(
        namespace="http://queue.amazonaws.com/doc/2012-11-05/",
        lists={
            "AWSAccountIdList": "AWSAccountId",
            "ActionNameList": "ActionName",
            "AttributeNameList": "AttributeName",
            "BatchResultErrorEntryList": "BatchResultErrorEntry",
            "BinaryList": "BinaryListValue",
            "ChangeMessageVisibilityBatchRequestEntryList": "ChangeMessageVisibilityBatchRequestEntry",
            "ChangeMessageVisibilityBatchResultEntryList": "ChangeMessageVisibilityBatchResultEntry",
            "DeleteMessageBatchRequestEntryList": "DeleteMessageBatchRequestEntry",
            "DeleteMessageBatchResultEntryList": "DeleteMessageBatchResultEntry",
            "ListMessageMoveTasksResultEntryList": "ListMessageMoveTasksResultEntry",
            "MessageAttributeNameList": "MessageAttributeName",
            "MessageList": "Message",
            "MessageSystemAttributeList": "MessageSystemAttributeName",
            "QueueUrlList": "QueueUrl",
            "SendMessageBatchRequestEntryList": "SendMessageBatchRequestEntry",
            "SendMessageBatchResultEntryList": "SendMessageBatchResultEntry",
            "StringList": "StringListValue",
            "TagKeyList": "TagKey",
        },
        maps={
            "MessageBodyAttributeMap": ("MessageAttribute", "Name", "Value"),
            "MessageBodySystemAttributeMap": ("MessageSystemAttribute", "Name", "Value"),
            "MessageSystemAttributeMap": ("Attribute", "Name", "Value"),
            "QueueAttributeMap": ("Attribute", "Name", "Value"),
            "TagMap": ("Tag", "Key", "Value"),
        },
    ),
}


def query_model_data(data: dict[str, Any], names: XmlNames) -> dict[str, Any]:
    """A copy of a JSON service model (botocore's ``service-2.json`` data) as its
    query protocol's model."""
    data = copy.deepcopy(data)
    metadata = data["metadata"]
    metadata["protocol"] = "query"
    metadata["protocols"] = ["query"]
    metadata["xmlNamespace"] = names.namespace
    for key in ("awsQueryCompatible", "jsonVersion", "targetPrefix"):
        metadata.pop(key, None)
    shapes = data["shapes"]
    for name, operation in data["operations"].items():
        output = operation.get("output")
        if output is not None:
            shapes[output["shape"]]["resultWrapper"] = f"{name}Result"
    for name, item in names.lists.items():
        if name in shapes:
            shapes[name]["member"]["locationName"] = item
    for name, (entry, key, value) in names.maps.items():
        if name in shapes:
            shape = shapes[name]
            shape["locationName"] = entry
            shape["key"]["locationName"] = key
            shape["value"]["locationName"] = value
    return data


_models: dict[str, ServiceModel] = {}
_codecs: dict[str, tuple[QueryRequestParser, QueryCompatSerializer]] = {}
_lock = threading.Lock()


def has_query(service: str) -> bool:
    """Whether eventmock answers ``service`` in the query protocol besides its own."""
    return service in XML_NAMES


def model(service: str) -> ServiceModel:
    """The query protocol's model of ``service`` (one of :data:`XML_NAMES`)."""
    found = _models.get(service)
    if found is None:
        with _lock:
            data = routing.models.loader().load_service_model(service, "service-2")
            found = _models[service] = ServiceModel(query_model_data(data, XML_NAMES[service]), service_name=service)
    return found


def codecs(service: str) -> tuple[QueryRequestParser, QueryCompatSerializer]:
    found = _codecs.get(service)
    if found is None:
        query = model(service)
        found = _codecs[service] = (QueryCompatParser(query), QueryCompatSerializer(query))
    return found


def speaks_query(request: HttpRequest) -> bool:
    """Whether a request is in the query protocol: no ``X-Amz-Target``, and an
    ``Action`` in its form body (a POST, form-encoded or of no stated type) or query
    string."""
    if "x-amz-target" in request.headers:
        return False
    if request.method == "POST":
        kind = (request.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
        if kind not in ("application/x-www-form-urlencoded", ""):  # a raw client may send none
            return False
    return any(k == "Action" for k, _ in form_params(request))


class QueryCompatParser(QueryRequestParser):
    """The query parser, and the queue URL from the path: a query request is posted to
    the queue's URL (``POST /123456789012/orders``), and may leave ``QueueUrl`` out."""

    def parse(self, request: HttpRequest) -> tuple[OperationModel, dict[str, Any]]:
        op, params = super().parse(request)
        shape = op.input_shape
        if shape is not None and "QueueUrl" in shape.members and "QueueUrl" not in params and request.path.strip("/"):
            host = request.headers.get("host") or request.host
            params["QueueUrl"] = f"http://{host}{request.path}"
        return op, params


class QueryCompatSerializer(QueryResponseSerializer):
    """The query serializer, on an answer of the JSON model's dispatch: XML's content
    type instead of JSON's, no ``x-amzn-query-error`` (the code is in the body), and
    an error as ``Type``, the legacy ``Code`` and ``Message``."""

    def serialize(self, op: OperationModel, answer: Answer) -> HttpResponse:
        return _as_xml(super().serialize(op, answer))

    def serialize_error(self, http_method: str, answer: Answer) -> HttpResponse:
        return _as_xml(super().serialize_error(http_method, answer))

    def _error_body(self, op: OperationModel | None, answer: Answer) -> bytes:
        from xml.etree import ElementTree

        info = answer.parsed["Error"]
        root = ElementTree.Element("ErrorResponse")
        root.set("xmlns", self.model.metadata.get("xmlNamespace", ""))
        node = ElementTree.SubElement(root, "Error")
        ElementTree.SubElement(node, "Type").text = info.get("Type") or ("Sender" if answer.status < 500 else "Receiver")
        ElementTree.SubElement(node, "Code").text = info["Code"]
        ElementTree.SubElement(node, "Message").text = info.get("Message")
        ElementTree.SubElement(node, "Detail")
        ElementTree.SubElement(root, "RequestId").text = answer.request_id
        return _xml(root)


def invalid_action(request: HttpRequest, serializer: QueryCompatSerializer) -> HttpResponse:
    """AWS's answer to an ``Action`` the service does not have (``InvalidAction``, 400)."""
    from eventmock.core import registry

    action = next((v for k, v in form_params(request) if k == "Action"), "")
    table = registry.table(routing.models.model(serializer.model.service_name))
    error = ServiceError("InvalidAction", f"The action {action} is not valid for this endpoint.", status=400, query_code="InvalidAction")
    return serializer.serialize_error(request.method, answers.error_answer(table, request.method, error, table.new_request_id()))


def _as_xml(response: HttpResponse) -> HttpResponse:
    headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-type", "x-amzn-query-error")}
    headers["content-type"] = "text/xml"
    return HttpResponse(response.status, headers, response.body)
