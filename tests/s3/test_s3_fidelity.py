"""What eventmock answers equals what botocore's own rest-xml parser makes of the bytes
S3 would send: the response is rebuilt as HTTP (headers, and the XML error document)
and parsed as botocore's endpoint parses it. And no S3 call reaches the network, with
botocore's S3 customisations all running."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import botocore.endpoint
import pytest
from botocore.awsrequest import HeadersDict
from botocore.exceptions import ClientError
from botocore.parsers import create_parser


def botocore_parse(s3, operation: str, status: int, headers: dict, body: bytes) -> dict:
    """Parse a raw response as botocore's endpoint does (modelled error fields too)."""
    model = s3.meta.service_model
    parser = create_parser("rest-xml")
    raw = {"status_code": status, "headers": HeadersDict(headers), "body": body}
    parsed = parser.parse(raw, model.operation_model(operation).output_shape)
    if status >= 300:
        shape = model.shape_for_error_code(parsed.get("Error", {}).get("Code"))
        if shape is not None:
            parsed.update(parser.parse(raw, shape))
    parsed["ResponseMetadata"]["RetryAttempts"] = 0
    return parsed


def error_document(response: dict) -> bytes:
    """The ``<Error>`` document S3 sends, rebuilt from what botocore parsed of it."""
    fields = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in response["Error"].items())
    meta = response["ResponseMetadata"]
    return f"<Error>{fields}<RequestId>{meta['RequestId']}</RequestId><HostId>{meta['HostId']}</HostId></Error>".encode()


def caught(call) -> dict:
    with pytest.raises(ClientError) as info:
        call()
    return info.value.response


@pytest.mark.parametrize(
    ("operation", "call"),
    [
        ("GetObject", lambda s3, b: s3.get_object(Bucket=b, Key="missing key")),
        ("GetObject", lambda s3, b: s3.get_object(Bucket=b, Key="cold")),  # InvalidObjectState: a modelled member
        ("ListObjectsV2", lambda s3, b: s3.list_objects_v2(Bucket="missing-bucket")),
        ("DeleteBucket", lambda s3, b: s3.delete_bucket(Bucket=b)),
        ("CreateBucket", lambda s3, b: s3.create_bucket(Bucket="Bad_Name")),
        ("GetObject", lambda s3, b: s3.get_object(Bucket=b, Key="cold", Range="bytes=99-")),
    ],
)
def test_errors_equal_what_botocore_parses_from_s3s_xml(s3, bucket, operation, call):
    s3.put_object(Bucket=bucket, Key="cold", Body=b"x", StorageClass="DEEP_ARCHIVE")
    ours = caught(lambda: call(s3, bucket))
    meta = ours["ResponseMetadata"]
    assert botocore_parse(s3, operation, meta["HTTPStatusCode"], meta["HTTPHeaders"], error_document(ours)) == ours


def test_head_errors_equal_what_botocore_parses_from_an_empty_body(s3, bucket):
    for operation, call in [
        ("HeadObject", lambda: s3.head_object(Bucket=bucket, Key="missing")),
        ("HeadBucket", lambda: s3.head_bucket(Bucket="missing-bucket")),
    ]:
        ours = caught(call)
        meta = ours["ResponseMetadata"]
        assert botocore_parse(s3, operation, meta["HTTPStatusCode"], meta["HTTPHeaders"], b"") == ours


def test_header_members_equal_what_botocore_parses_from_the_headers(s3, bucket):
    s3.put_object(
        Bucket=bucket, Key="k", Body=b"0123456789", ContentType="text/csv", Metadata={"Source": "export"},
        ServerSideEncryption="aws:kms", CacheControl="no-cache",
    )
    for operation, response in [
        ("HeadObject", s3.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")),
        ("HeadObject", s3.head_object(Bucket=bucket, Key="k", Range="bytes=2-4")),
        ("PutObject", s3.put_object(Bucket=bucket, Key="k2", Body=b"x", ChecksumAlgorithm="SHA1")),
        ("HeadBucket", s3.head_bucket(Bucket=bucket)),
        ("CreateBucket", s3.create_bucket(Bucket="another")),
        ("DeleteObject", s3.delete_object(Bucket=bucket, Key="k2")),
    ]:
        meta = response["ResponseMetadata"]
        assert botocore_parse(s3, operation, meta["HTTPStatusCode"], meta["HTTPHeaders"], b"") == response, operation
    got = s3.get_object(Bucket=bucket, Key="k", Range="bytes=2-")
    body = got.pop("Body").read()
    meta = got["ResponseMetadata"]
    parsed = botocore_parse(s3, "GetObject", meta["HTTPStatusCode"], meta["HTTPHeaders"], body)
    parsed.pop("Body")  # the endpoint hands botocore a stream; here it is text
    assert body == b"23456789"
    assert parsed == got


def test_no_s3_call_reaches_the_network(s3, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a request was sent")

    monkeypatch.setattr(botocore.endpoint.Endpoint, "_send", refuse)
    s3.create_bucket(Bucket="offline")
    s3.put_object(Bucket="offline", Key="a b", Body=b"x" * 10, Metadata={"k": "v"}, ChecksumAlgorithm="CRC32")
    s3.upload_fileobj(io.BytesIO(b"y" * 100), "offline", "up")
    s3.copy_object(Bucket="offline", Key="c", CopySource={"Bucket": "offline", "Key": "a b"})
    assert [o["Key"] for o in s3.list_objects_v2(Bucket="offline")["Contents"]] == ["a b", "c", "up"]
    s3.head_object(Bucket="offline", Key="up")
    s3.download_fileobj("offline", "up", io.BytesIO())
    for key in ("a b", "c", "up"):
        s3.delete_object(Bucket="offline", Key=key)
    s3.delete_bucket(Bucket="offline")
    with pytest.raises(ClientError):
        s3.head_object(Bucket="offline", Key="up")


def test_a_sent_checksum_is_verified(eventmock):
    import base64
    import zlib

    import boto3
    import pytest

    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="sums")
    good = base64.b64encode(zlib.crc32(b"data").to_bytes(4, "big")).decode()
    response = s3.put_object(Bucket="sums", Key="k", Body=b"data", ChecksumCRC32=good)
    assert response["ChecksumCRC32"] == good
    with pytest.raises(s3.exceptions.ClientError) as info:
        s3.put_object(Bucket="sums", Key="bad", Body=b"data", ChecksumCRC32="AAAAAA==")
    assert info.value.response["Error"]["Code"] == "BadDigest"
    assert [o["Key"] for o in s3.list_objects_v2(Bucket="sums")["Contents"]] == ["k"]
