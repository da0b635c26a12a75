"""Reading S3 without boto3 (``aws.s3``), and the delivery seam other services use."""

from __future__ import annotations

import pytest

from eventmock import EventmockError, ServiceError
from eventmock.services.s3.backend import S3Backend


def test_objects_and_bodies_through_the_handle(eventmock, s3, bucket):
    s3.put_object(Bucket=bucket, Key="b/lines.json", Body=b'{"n": 1}\n{"n": 2}\n', ContentType="application/json", Metadata={"K": "v"})
    s3.put_object(Bucket=bucket, Key="a/doc.json", Body=b'{"ok": true}', ServerSideEncryption="aws:kms", SSEKMSKeyId="k-1")
    objects = eventmock.s3.objects(bucket)
    assert list(objects) == ["a/doc.json", "b/lines.json"]
    lines = objects["b/lines.json"]
    assert lines.json_lines() == [{"n": 1}, {"n": 2}]
    assert (lines.content_type, lines.metadata, lines.size) == ("application/json", {"k": "v"}, 18)
    assert lines.etag == s3.head_object(Bucket=bucket, Key="b/lines.json")["ETag"]
    assert lines.last_modified == s3.head_object(Bucket=bucket, Key="b/lines.json")["LastModified"]
    doc = objects["a/doc.json"]
    assert doc.json() == {"ok": True} and doc.text() == '{"ok": true}'
    assert (doc.server_side_encryption, doc.sse_kms_key_id) == ("aws:kms", "arn:aws:kms:us-east-1:123456789012:key/k-1")
    assert eventmock.s3.body(bucket, "a/doc.json") == b'{"ok": true}'
    assert eventmock.s3.buckets() == [bucket]


def test_the_handle_returns_copies(eventmock, s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", Metadata={"a": "1"})
    eventmock.s3.objects(bucket)["k"].metadata["a"] = "changed"
    assert s3.head_object(Bucket=bucket, Key="k")["Metadata"] == {"a": "1"}


def test_the_handle_refuses_what_is_not_there(eventmock, s3, bucket):
    with pytest.raises(EventmockError, match="no S3 bucket"):
        eventmock.s3.objects("missing-bucket")
    with pytest.raises(EventmockError, match="no object"):
        eventmock.s3.body(bucket, "missing")


def test_put_seam_writes_into_a_bucket_found_by_name(eventmock, s3, client, bucket):
    # any backend of the partition finds the bucket: here one of another account and region
    backend = eventmock.backend("s3", "111122223333", "eu-west-1")
    assert isinstance(backend, S3Backend)
    written = backend._put(
        bucket, "delivered/1", b"payload", content_type="application/json", metadata={"From": "firehose"},
        sse={"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": "arn:aws:kms:us-east-1:123456789012:key/abc"},
    )
    got = s3.get_object(Bucket=bucket, Key="delivered/1")
    assert got["Body"].read() == b"payload"
    assert (got["ContentType"], got["Metadata"], got["SSEKMSKeyId"]) == ("application/json", {"from": "firehose"}, "arn:aws:kms:us-east-1:123456789012:key/abc")
    assert got["ETag"] == written.etag
    with pytest.raises(ServiceError) as info:
        backend._put("missing-bucket", "k", b"x")
    assert (info.value.code, info.value.fields) == ("NoSuchBucket", {"BucketName": "missing-bucket"})


def test_state_is_reset_between_mocks():
    import boto3

    from eventmock import mock_aws

    with mock_aws() as aws:
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="short-lived")
        assert aws.s3.buckets() == ["short-lived"]
    with mock_aws() as aws:
        assert aws.s3.buckets() == []
        s3.create_bucket(Bucket="short-lived")
