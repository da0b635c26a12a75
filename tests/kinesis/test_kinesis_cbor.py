"""The JSON protocol encoded in CBOR (what the AWS SDK for Java sends Kinesis by
default), over eventmock's server: requests and answers in CBOR, blobs as byte
strings, timestamps as tag 1 wrapping epoch milliseconds."""

from __future__ import annotations

import datetime as dt
import struct
import urllib.error
import urllib.request
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.eventstream import EventStreamBuffer

from eventmock.core.wire import cbor

CBOR = "application/x-amz-cbor-1.1"


def call(endpoint: str, operation: str, params: dict) -> tuple[int, Any, bytes]:
    """One CBOR request to the server, signed as the Java SDK signs it."""
    body = cbor.dumps(params)
    request = AWSRequest(
        "POST", endpoint + "/", data=body, headers={"Content-Type": CBOR, "X-Amz-Target": f"Kinesis_20131202.{operation}"}
    )
    SigV4Auth(Credentials("123456789012", "x"), "kinesis", "us-east-1").add_auth(request)
    prepared = urllib.request.Request(endpoint + "/", data=body, headers=dict(request.headers.items()), method="POST")
    try:
        with urllib.request.urlopen(prepared) as response:
            raw = response.read()
            return response.status, response.headers, raw
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_codec_round_trip_and_what_other_encoders_write():
    value = {"a": [1, -1, 2**40, -(2**70), 1.5, True, None, b"\x00\xff", "é"], "when": dt.datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=dt.timezone.utc)}
    decoded = cbor.loads(cbor.dumps(value))
    assert decoded["a"] == value["a"]
    assert decoded["when"] == value["when"]
    # tag 1 counts milliseconds, as AWS's SDKs write it
    assert cbor.dumps(dt.datetime(1970, 1, 1, 0, 0, 1, tzinfo=dt.timezone.utc)) == b"\xc1\x19\x03\xe8"
    # indefinite-length map, array, byte and text strings (Jackson writes maps so), a half float
    indefinite = b"\xbf" + b"\x61k" + b"\x9f\x01\x02\xff" + b"\x61b" + b"\x5f\x41\x01\x41\x02\xff" + b"\x61t" + b"\x7f\x61x\x61y\xff" + b"\x61h\xf9\x3c\x00" + b"\xff"
    assert cbor.loads(indefinite) == {"k": [1, 2], "b": b"\x01\x02", "t": "xy", "h": 1.0}
    assert cbor.loads(b"\xfa" + struct.pack("!f", 2.5)) == 2.5
    for broken in (b"\x62a", b"\xbf\x61k", b"\x01\x02", b"\xff"):
        with pytest.raises(cbor.CBORError):
            cbor.loads(broken)


def test_cbor_requests_get_cbor_answers(endpoint):
    status, headers, raw = call(endpoint, "CreateStream", {"StreamName": "java", "ShardCount": 1})
    assert status == 200
    status, headers, raw = call(endpoint, "PutRecord", {"StreamName": "java", "Data": b"\x00binary\xff", "PartitionKey": "k"})
    assert status == 200
    assert headers["Content-Type"] == CBOR
    put = cbor.loads(raw)
    assert put["ShardId"] == "shardId-000000000000"
    _, _, raw = call(endpoint, "GetShardIterator", {"StreamName": "java", "ShardId": "shardId-000000000000", "ShardIteratorType": "TRIM_HORIZON"})
    iterator = cbor.loads(raw)["ShardIterator"]
    _, _, raw = call(endpoint, "GetRecords", {"ShardIterator": iterator})
    assert raw[:1] != b"{"  # not JSON
    (record,) = cbor.loads(raw)["Records"]
    assert record["Data"] == b"\x00binary\xff"  # a byte string, not base64 text
    assert record["SequenceNumber"] == put["SequenceNumber"]
    arrival = record["ApproximateArrivalTimestamp"]  # tag 1, epoch milliseconds
    assert isinstance(arrival, dt.datetime)
    assert abs(arrival - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=5)


def test_cbor_timestamps_in_requests_are_milliseconds(endpoint):
    call(endpoint, "CreateStream", {"StreamName": "java", "ShardCount": 1})
    call(endpoint, "PutRecord", {"StreamName": "java", "Data": b"x", "PartitionKey": "k"})
    future = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)
    _, _, raw = call(
        endpoint, "GetShardIterator", {"StreamName": "java", "ShardId": "shardId-000000000000", "ShardIteratorType": "AT_TIMESTAMP", "Timestamp": future}
    )
    _, _, raw = call(endpoint, "GetRecords", {"ShardIterator": cbor.loads(raw)["ShardIterator"]})
    assert cbor.loads(raw)["Records"] == []  # read as an hour ahead, not 1000 times as far


def test_cbor_errors_are_cbor(endpoint):
    status, headers, raw = call(endpoint, "DescribeStream", {"StreamName": "wrong-stream-name"})
    assert status == 400
    assert headers["Content-Type"] == CBOR
    assert cbor.loads(raw) == {"__type": "ResourceNotFoundException", "message": "Stream wrong-stream-name under account 123456789012 not found."}
    status, _, raw = call(endpoint, "DescribeStream", {"StreamName": 5})
    assert status == 400
    assert cbor.loads(raw)["__type"] == "SerializationException"


def test_subscribe_to_shard_events_in_cbor(endpoint):
    call(endpoint, "CreateStream", {"StreamName": "java", "ShardCount": 1})
    _, _, raw = call(endpoint, "DescribeStreamSummary", {"StreamName": "java"})
    arn = cbor.loads(raw)["StreamDescriptionSummary"]["StreamARN"]
    call(endpoint, "PutRecord", {"StreamName": "java", "Data": b"x", "PartitionKey": "k"})
    _, _, raw = call(endpoint, "RegisterStreamConsumer", {"StreamARN": arn, "ConsumerName": "c"})
    consumer = cbor.loads(raw)["Consumer"]["ConsumerARN"]
    status, headers, raw = call(
        endpoint, "SubscribeToShard", {"ConsumerARN": consumer, "ShardId": "shardId-000000000000", "StartingPosition": {"Type": "TRIM_HORIZON"}}
    )
    assert status == 200
    assert headers["Content-Type"] == "application/vnd.amazon.eventstream"
    buffer = EventStreamBuffer()
    buffer.add_data(raw)
    messages = list(buffer)
    assert [m.headers[":event-type"] for m in messages] == ["initial-response", "SubscribeToShardEvent"]
    event = cbor.loads(messages[1].payload)
    assert [r["Data"] for r in event["Records"]] == [b"x"]


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False)
    | st.text()
    | st.binary()
    | st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1), timezones=st.just(dt.timezone.utc)).map(
        lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000)
    )
)
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=20)


@given(_VALUES)
def test_what_the_encoder_writes_the_decoder_reads(value):
    assert cbor.loads(cbor.dumps(value)) == value
