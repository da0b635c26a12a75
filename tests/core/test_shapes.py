"""The model-driven shaper: types as botocore's parser gives them, strict conformance."""

from __future__ import annotations

import datetime as dt

import botocore.session
import pytest
from botocore.response import StreamingBody
from dateutil.tz import tzutc

from eventmock.core import shapes
from eventmock.core.errors import ShapeError
from eventmock.core.shapes import ShaperCache

_session = botocore.session.get_session()
PINPOINT = _session.get_service_model("pinpoint")
EVENTS = _session.get_service_model("events")


def output(model, operation, strict=True):
    return ShaperCache().output(model.operation_model(operation).output_shape, strict)


def test_timestamps_are_what_botocore_parses_from_the_wire():
    """A JSON body carries a timestamp as epoch seconds (AWS's precision: milliseconds),
    which botocore's parser turns into a datetime in ``tzlocal()``; the fast path gives
    the same value, zone included."""
    from botocore.utils import parse_timestamp

    shape = output(EVENTS, "DescribeEventBus")
    local = dt.timezone(dt.timedelta(hours=2))
    value = dt.datetime(2026, 1, 2, 5, 4, 5, 123456, tzinfo=local)
    out = shape({"Name": "b", "CreationTime": value})["CreationTime"]
    expected = parse_timestamp(round(value.timestamp(), 3))
    assert out == expected
    assert type(out.tzinfo) is type(expected.tzinfo)
    assert out.microsecond == 123000


def test_output_is_a_copy_that_cannot_alias_backend_state():
    stored = {"ApplicationResponse": {"Arn": "a", "Id": "i", "Name": "n", "tags": {"k": "v"}}}
    out = output(PINPOINT, "GetApp")(stored)
    out["ApplicationResponse"]["tags"]["k"] = "changed"
    assert stored["ApplicationResponse"]["tags"] == {"k": "v"}


def test_none_members_are_left_out():
    out = output(PINPOINT, "GetApps")({"ApplicationsResponse": {"Item": [], "NextToken": None}})
    assert out == {"ApplicationsResponse": {"Item": []}}


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ({"ApplicationResponse": {"Arn": "a", "Id": "i", "Name": "n", "Bogus": 1}}, "unknown member 'Bogus'"),
        ({"ApplicationResponse": {"Arn": "a", "Id": "i"}}, "required member(s) missing: Name"),
        ({"ApplicationResponse": {"Arn": "a", "Id": 7, "Name": "n"}}, "expected a string"),
        ({"ApplicationResponse": {"Arn": "a", "Id": "i", "Name": "n", "tags": {"k": 1}}}, "expected a string"),
        ({"ApplicationResponse": ["not", "a", "dict"]}, "expected a dict"),
    ],
)
def test_strict_mode_rejects_nonconforming_output(value, problem, monkeypatch):
    monkeypatch.setattr(shapes, "_refuse_unknown", True)  # as under the newest botocore
    with pytest.raises(ShapeError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        output(PINPOINT, "GetApp")(value)


def test_lenient_mode_drops_unknown_members_instead():
    out = output(PINPOINT, "GetApp", strict=False)({"ApplicationResponse": {"Arn": "a", "Id": "i", "Name": "n", "Bogus": 1}})
    assert out == {"ApplicationResponse": {"Arn": "a", "Id": "i", "Name": "n"}}


def test_strict_mode_checks_enums_ints_and_bools():
    shape = output(EVENTS, "DescribeRule")
    with pytest.raises(ShapeError, match="not one of the enum values"):
        shape({"Name": "r", "State": "SLEEPING"})
    assert shape({"Name": "r", "State": "ENABLED"}) == {"Name": "r", "State": "ENABLED"}
    targets = output(EVENTS, "PutTargets")
    with pytest.raises(ShapeError, match="expected an int"):
        targets({"FailedEntryCount": True})
    with pytest.raises(ShapeError, match="expected an int"):
        targets({"FailedEntryCount": "0"})


def test_strict_mode_rejects_naive_timestamps():
    with pytest.raises(ShapeError, match="aware datetime"):
        output(EVENTS, "DescribeEventBus")({"Name": "b", "CreationTime": dt.datetime(2026, 1, 1)})


def test_operations_without_output_must_return_nothing_in_strict_mode():
    cache = ShaperCache()
    assert cache.output(None, strict=True)({}) == {}
    with pytest.raises(ShapeError):
        cache.output(None, strict=True)({"Unexpected": 1})


def test_input_normalises_timestamps_and_blobs():
    kinesis = _session.get_service_model("kinesis")
    shape = ShaperCache().input(kinesis.operation_model("PutRecord").input_shape)
    out = shape({"StreamName": "s", "Data": "text", "PartitionKey": "k"})
    assert out["Data"] == b"text"
    it = ShaperCache().input(kinesis.operation_model("GetShardIterator").input_shape)
    out = it({"ShardId": "s", "ShardIteratorType": "AT_TIMESTAMP", "Timestamp": "2026-01-02T03:04:05Z"})
    assert out["Timestamp"] == dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=tzutc())
    out = it({"ShardId": "s", "ShardIteratorType": "AT_TIMESTAMP", "Timestamp": 0})
    assert out["Timestamp"] == dt.datetime(1970, 1, 1, tzinfo=tzutc())


def test_streaming_blob_output_is_a_streaming_body():
    s3 = _session.get_service_model("s3")
    out = ShaperCache().output(s3.operation_model("GetObject").output_shape, strict=True)({"Body": b"data"})
    assert isinstance(out["Body"], StreamingBody)
    assert out["Body"].read() == b"data"


def test_recursive_shapes_compile():
    # A shape that contains itself (through a list) must compile and shape.
    glue = _session.get_service_model("dynamodb")
    shape = ShaperCache().output(glue.operation_model("GetItem").output_shape, strict=True)
    item = {"Item": {"a": {"L": [{"M": {"b": {"S": "x"}}}]}}}
    assert shape(item) == item


def test_strict_mode_under_an_older_botocore_leaves_unknown_members_out(monkeypatch):
    monkeypatch.setattr(shapes, "_refuse_unknown", False)
    out = output(PINPOINT, "GetApp")({"ApplicationResponse": {"Arn": "a", "Id": "i", "Name": "n", "Bogus": 1}})
    assert out == {"ApplicationResponse": {"Arn": "a", "Id": "i", "Name": "n"}}
    with pytest.raises(ShapeError, match="required member"):  # the other checks still hold
        output(PINPOINT, "GetApp")({"ApplicationResponse": {"Arn": "a", "Id": "i"}})
