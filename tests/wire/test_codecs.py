"""The codecs against botocore itself, for every operation eventmock emulates, with
generated values (hypothesis):

- request: params -> botocore's serializer -> eventmock's parser -> the same operation
  and params (as the fast path normalises them: timestamps aware UTC, blobs bytes);
- response: an output -> the fast path's shaping, and -> eventmock's serializer ->
  botocore's parser: both the same, modelled headers and status included;
- errors: each modelled error of the operation, and one not modelled, through the
  fast path's error answer and through the serializer and botocore's parser.

Only operations a backend implements are walked: an operation a new botocore release
adds is not emulated until a backend implements it, and must not turn the suite red
(it shows as not emulated in docs/coverage.md instead). These tests do not go through a
mock, so the wire-mode run of the suite skips them.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from botocore.model import OperationModel, StringShape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wire_strategies import Strategies
from wire_support import MODELS, botocore_parse, botocore_request, readable, without_empty_query_values

from eventmock.core import answers, intercept, registry
from eventmock.core.errors import ServiceError
from eventmock.core.shapes import ShaperCache, header_renderer
from eventmock.core.wire import endpoint, routing

pytestmark = pytest.mark.skipif(
    os.environ.get("EVENTMOCK_WIRE", "") not in ("", "0"), reason="codec round trips do not depend on the mode"
)

#: Examples per operation.
EXAMPLES = 12


def _operations(services: Any = MODELS) -> list[Any]:
    """Every operation a backend implements, of ``services``' models."""
    found = []
    for service in services:
        model = routing.models.model(service)
        if service not in registry.SERVICES:
            continue
        for name in registry.table(model).operations:
            op = model.operation_model(name)
            input_stream = op.input_shape is not None and any(m.serialization.get("eventstream") for m in op.input_shape.members.values())
            marks = [pytest.mark.skip(reason="input event streams are not emulated")] if input_stream else []
            found.append(pytest.param(service, name, id=f"{service}.{name}", marks=marks))
    return found


def _op(service: str, name: str) -> OperationModel:
    return routing.models.model(service).operation_model(name)


@cache
def _shaper(service: str) -> ShaperCache:
    return ShaperCache(routing.models.model(service).protocol)


@cache
def _strategy(service: str, operation: str, side: str) -> st.SearchStrategy[dict[str, Any]]:
    op = _op(service, operation)
    shape = op.input_shape if side == "request" else op.output_shape
    if shape is None:
        return st.just({})
    strategies = Strategies(op.service_model.protocol, side)
    top = strategies.top(shape)
    stream = shape.event_stream_name if side == "response" else None
    if not stream:
        return top
    # an output event stream: a backend answers it as a list of one-key events
    union = shape.members[stream]
    names = [n for n, m in union.members.items() if not m.metadata.get("exception")]
    event = st.sampled_from(names).flatmap(lambda name: strategies.for_shape(union.members[name]).map(lambda body: {name: body}))
    return st.tuples(top, st.lists(event, max_size=3)).map(lambda pair: {**pair[0], stream: pair[1]})


def _check(service: str, operation: str, check: Callable[[st.DataObject], None]) -> None:
    """Run ``check`` on generated data, as many times as the operation deserves."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        check(data)

    run()


# -- requests ---------------------------------------------------------------------------


@pytest.mark.parametrize(("service", "operation"), _operations())
def test_request_parses_to_the_params_botocore_serialized(service: str, operation: str) -> None:
    op = _op(service, operation)
    parser, _ = endpoint.codecs(service)
    twin = _wire_twin(op)

    def check(data: st.DataObject) -> None:
        params = data.draw(_strategy(service, operation, "request"))
        request = botocore_request(op, params)
        found, parsed = parser.parse(endpoint._path_style(service, request))
        assert found.name == twin
        if twin != operation:
            return  # a twin's members are its own
        expected = _without_empty_payload(op, params)
        if op.service_model.protocol == "query" and op.input_shape is not None:
            expected = without_empty_query_values(op.input_shape, expected)
        length = _content_length_member(op)
        if length is not None and length not in expected:
            # an HTTP client always sends Content-Length, and S3 binds it to a member
            expected[length] = len(request.body)
        normalise = _shaper(service).input(op.input_shape)
        assert normalise(parsed) == normalise(expected)

    _check(service, operation, check)


def _without_empty_payload(op: OperationModel, params: dict[str, Any]) -> dict[str, Any]:
    """In rest-json, an optional structure payload sent empty arrives as not sent
    (botocore sends the same ``{}`` when it is left out)."""
    shape = op.input_shape
    payload = shape.serialization.get("payload") if shape is not None else None
    if op.service_model.protocol == "rest-json" and payload and params.get(payload) == {} and payload not in shape.required_members:
        params = {k: v for k, v in params.items() if k != payload}
    return params


def _content_length_member(op: OperationModel) -> str | None:
    shape = op.input_shape
    members = shape.members.items() if shape is not None else ()
    return next((n for n, m in members if m.serialization.get("location") == "header" and m.serialization.get("name", "").lower() == "content-length"), None)


def _wire_twin(op: OperationModel) -> str:
    """The operation a request for ``op`` is taken for: itself, unless another one is
    the same on the wire (method, path, required members in the query and headers)
    and goes first: the current one before a deprecated one (S3's
    ``GetBucketLifecycleConfiguration`` before ``GetBucketLifecycle``), else the first
    in the model (S3's ``ListBuckets`` before ``ListDirectoryBuckets``, which botocore
    sends to another endpoint)."""
    model = op.service_model
    if not model.protocol.startswith("rest-"):
        return str(op.name)
    twins = [n for n in model.operation_names if _wire_key(model.operation_model(n)) == _wire_key(op)]
    return str(min(twins, key=lambda n: (bool(model.operation_model(n).deprecated), twins.index(n))))


def _wire_key(op: OperationModel) -> Any:
    shape = op.input_shape
    members = shape.members.items() if shape is not None else ()
    required = sorted(
        (m.serialization.get("location"), m.serialization.get("name", n))
        for n, m in members
        if n in shape.required_members and m.serialization.get("location") in ("querystring", "header")
    )
    return (op.http.get("method"), op.http.get("requestUri"), tuple(required))


# -- responses --------------------------------------------------------------------------


@pytest.mark.parametrize(("service", "operation"), _operations())
def test_response_parses_to_what_the_fast_path_returns(service: str, operation: str) -> None:
    op = _op(service, operation)
    shape = op.output_shape
    _, serializer = endpoint.codecs(service)
    shaper = _shaper(service).output(shape, strict=False)
    render = header_renderer(shape) if op.service_model.protocol.startswith("rest-") else None
    status = int(op.http.get("responseCode", 200))
    status_member = _status_member(op)
    payload = shape.serialization.get("payload") if shape is not None else None
    stream_payload = bool(payload and shape.members[payload].serialization.get("eventstream"))

    def check(data: st.DataObject) -> None:
        output = data.draw(_strategy(service, operation, "response"))
        _length_of_payload(op, output)
        fast = shaper(copy.deepcopy(output))
        headers = {"x-amzn-requestid": "r"}
        if render is not None:
            headers.update(render(fast))
        if status_member is not None:  # as dispatch does
            fast[status_member] = status
        answer = answers.Answer(status, shaper(copy.deepcopy(output)), headers, "r")
        wire = botocore_parse(op, serializer.serialize(op, answer))
        metadata = wire.pop("ResponseMetadata")
        for name in _all_headers_members(op):  # every header of the response: not modelled
            wire.pop(name, None)
            fast.pop(name, None)
        assert metadata["HTTPStatusCode"] == status
        for name, value in headers.items():
            if not (stream_payload and name.lower() == "content-type"):  # the event stream's type (above)
                assert metadata["HTTPHeaders"][name] == value
        assert readable(wire) == readable(fast)

    _check(service, operation, check)


def _length_of_payload(op: OperationModel, output: dict[str, Any]) -> None:
    """A streamed payload's length is the Content-Length (S3's ``GetObject``), as a
    backend answers it and botocore checks."""
    shape = op.output_shape
    if shape is None:
        return
    payload = shape.serialization.get("payload")
    length = next((n for n, m in shape.members.items() if m.serialization.get("name", "").lower() == "content-length"), None)
    if payload and length and shape.members[payload].type_name == "blob" and op.http.get("method") != "HEAD":
        output[length] = len(output.get(payload, b""))


def _status_member(op: OperationModel) -> str | None:
    shape = op.output_shape
    members = shape.members.items() if shape is not None else ()
    return next((n for n, m in members if m.serialization.get("location") == "statusCode"), None)


def _all_headers_members(op: OperationModel) -> list[str]:
    """Members bound to every header of the response (a ``headers`` map with no prefix:
    Data Exchange's ``SendApiAsset``), which botocore fills with transport headers."""
    shape = op.output_shape
    members = shape.members.items() if shape is not None else ()
    found = [n for n, m in members if m.serialization.get("location") == "headers" and not m.serialization.get("name")]
    if shape is not None and shape.serialization.get("payload") and shape.members[shape.serialization["payload"]].serialization.get("eventstream"):
        # a REST event stream's Content-Type is the event stream's type, whatever the
        # member bound to it says (Lambda's ResponseStreamContentType, which AWS fills so)
        found += [n for n, m in members if m.serialization.get("location") == "header" and m.serialization.get("name", "").lower() == "content-type"]
    return found


# -- errors -----------------------------------------------------------------------------

#: Error members given as the message rather than as fields.
_MESSAGE_MEMBERS = frozenset({"Message", "message"})
_MESSAGE = StringShape("Message", {"type": "string"})


@pytest.mark.parametrize(("service", "operation"), _operations())
def test_error_parses_to_what_the_fast_path_returns(service: str, operation: str) -> None:
    op = _op(service, operation)
    model = op.service_model
    strategies = Strategies(model.protocol, "response")
    _, serializer = endpoint.codecs(service)
    table = registry.table(model)
    query_compatible = model.metadata.get("awsQueryCompatible") is not None

    def check(data: st.DataObject) -> None:
        shape = data.draw(st.sampled_from([*op.error_shapes, None]))
        message = data.draw(strategies.for_shape(_MESSAGE))
        if shape is None:
            error = ServiceError("UnmodelledException", message, status=data.draw(st.sampled_from([400, 403, 409, 500, 503])))
        else:
            # every member, those named like ServiceError's own arguments (Firehose's
            # ``code``) and those bound to headers (Lambda's ``Retry-After``) too
            fields = {
                name: data.draw(strategies.for_shape(member, member.serialization.get("location"), 1))
                for name, member in shape.members.items()
                if name not in _MESSAGE_MEMBERS and (name in shape.required_members or data.draw(st.booleans()))
            }
            code = shape.metadata.get("error", {}).get("code", shape.name)
            query_code = data.draw(st.sampled_from([None, f"AWS.Legacy.{code}"])) if query_compatible else None
            error = ServiceError(code, message, query_code=query_code, fields=fields)
        answer = answers.error_answer(table, op.http.get("method", "POST"), error, "r")
        response = serializer.serialize(op, answer)
        wire = botocore_parse(op, response)
        metadata = wire.pop("ResponseMetadata")
        assert metadata["HTTPStatusCode"] == answer.status
        if answer.status < 500 or response.body:
            # (botocore reads nothing but the status from a body-less 5xx: no request id)
            assert metadata["RequestId"] == "r"
        assert readable(wire) == readable(answer.parsed)

    _check(service, operation, check)


def test_an_error_member_written_as_message_is_the_message_itself() -> None:
    """A query error shape whose ``message`` member is written ``<Message>`` (STS's
    ``IssueWorkloadIdentityContext`` errors, botocore 1.44.18): botocore's ``Error``
    has the one ``Message``, no ``message`` beside it, on both paths."""
    from botocore.model import ServiceModel

    from eventmock.core.wire.serializers import SERIALIZERS

    sts = routing.models.model("sts")
    model = ServiceModel(
        {
            "metadata": {**sts.metadata},
            "operations": {
                "Issue": {"name": "Issue", "http": {"method": "POST", "requestUri": "/"}, "errors": [{"shape": "Refused"}]},
            },
            "shapes": {
                "Refused": {
                    "type": "structure",
                    "members": {"message": {"shape": "Text", "locationName": "Message"}, "reason": {"shape": "Text"}},
                    "required": ["message", "reason"],
                    "error": {"code": "Refused", "httpStatusCode": 400, "senderFault": True},
                    "exception": True,
                },
                "Text": {"type": "string"},
            },
        },
        service_name="sts",
    )
    op = model.operation_model("Issue")
    table = registry.ServiceTable(model)
    for message in ("", "no attestation"):
        answer = answers.error_answer(table, "POST", ServiceError("Refused", message, reason="expired"), "r")
        wire = botocore_parse(op, SERIALIZERS["query"](model).serialize(op, answer))
        wire.pop("ResponseMetadata")
        assert wire == answer.parsed
        assert "message" not in answer.parsed["Error"]
        assert answer.parsed["Error"]["Message"] == (message or None)
