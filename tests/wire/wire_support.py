"""Helpers of the wire tests: botocore's own request serialization and response
parsing, around eventmock's codecs."""

from __future__ import annotations

import copy
from typing import Any

from botocore.awsrequest import AWSResponse, create_request_object, prepare_request_dict
from botocore.endpoint import convert_to_response_dict
from botocore.eventstream import EventStream
from botocore.model import OperationModel
from botocore.parsers import create_parser
from botocore.response import StreamingBody
from botocore.serialize import create_serializer

from eventmock.core.wire.hook import RawBody
from eventmock.core.wire.http import HttpRequest, HttpResponse

#: The services whose models the codecs are checked against: the emulated ones and
#: those being added.
MODELS = ("customer-profiles", "dataexchange", "events", "firehose", "kinesis", "lambda", "pinpoint", "s3", "scheduler", "sns", "sqs", "sts")


def botocore_request(op: OperationModel, params: dict[str, Any], host: str = "https://service.us-east-1.amazonaws.com") -> HttpRequest:
    """``params`` as botocore puts them on the wire (serialized, URL and body prepared;
    not signed)."""
    serializer = create_serializer(op.service_model.protocol, include_validation=False)
    request_dict = serializer.serialize_to_request(copy.deepcopy(params), op)
    prepare_request_dict(request_dict, endpoint_url=host)
    prepared = create_request_object(request_dict).prepare()
    body = prepared.body
    if hasattr(body, "read"):
        body = body.read()
    return HttpRequest.from_url(prepared.method, prepared.url, prepared.headers.items(), body)


def botocore_parse(op: OperationModel, response: HttpResponse) -> dict[str, Any]:
    """What botocore makes of ``response``, modelled error fields included, as its
    endpoint does."""
    http = AWSResponse("https://service.us-east-1.amazonaws.com/", response.status, response.headers, RawBody(response.body))
    response_dict = convert_to_response_dict(http, op)
    parser = create_parser(op.service_model.protocol)
    parsed: dict[str, Any] = parser.parse(response_dict, op.output_shape)
    if response.status >= 300:
        code = parsed.get("Error", {}).get("Code")
        shape = op.service_model.shape_for_error_code(code) if code else None
        if shape is not None:
            parsed.update(parser.parse(response_dict, shape))
    return parsed


def readable(value: Any) -> Any:
    """``value`` with streams read, for comparison."""
    if isinstance(value, StreamingBody):
        return ("stream", value.read())
    if isinstance(value, EventStream):
        return ("events", [readable(event) for event in value])
    if isinstance(value, dict):
        return {k: readable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [readable(v) for v in value]
    return value


_VANISHED = object()


def without_empty_query_values(shape: Any, value: Any) -> Any:
    """The query protocol sends nothing for an empty map or structure (botocore writes
    no parameter), so such a value arrives as not sent, unless the member is required
    (then it was sent, empty). Likewise a list item that is an empty map or structure;
    a non-empty list all of whose items vanish is not sent at all (an empty list is
    sent, as an empty value)."""
    kind = shape.type_name
    if kind == "structure":
        out = {}
        for name, item in value.items():
            member = shape.members[name]
            item = without_empty_query_values(member, item)
            if item is _VANISHED:
                continue
            if not (member.type_name in ("map", "structure") and item == {} and name not in shape.required_members):
                out[name] = item
        return out
    if kind == "list":
        items = [without_empty_query_values(shape.member, item) for item in value]
        if shape.member.type_name in ("map", "structure"):
            items = [item for item in items if item != {}]  # sent as nothing: a gap in the indexes
            if value and not items:
                return _VANISHED
        return items
    if kind == "map":
        return {k: without_empty_query_values(shape.value, v) for k, v in value.items()}
    return value
