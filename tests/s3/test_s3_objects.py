"""S3 objects: put, get (ranges, conditions, checksums), head, delete, copy; through
boto3, botocore's S3 customisations included."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import zlib

import pytest
from botocore.exceptions import ClientError
from botocore.response import StreamingBody
from dateutil.tz import tzutc
from freezegun import freeze_time

BODY = b"0123456789" * 10


def error_of(info):
    return info.value.response["Error"], info.value.response["ResponseMetadata"]["HTTPStatusCode"]


def crc32(data: bytes) -> str:
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


def test_put_then_get_with_the_types_boto3_gives(s3, bucket):
    data = b'{"n": 1}'
    with freeze_time("2026-05-06 07:08:09.987654"):
        put = s3.put_object(Bucket=bucket, Key="reports/2026.json", Body=data, ContentType="application/json", Metadata={"Run-Id": "42"})
    etag = '"' + hashlib.md5(data).hexdigest() + '"'
    assert put["ETag"] == etag
    assert put["ServerSideEncryption"] == "AES256"  # S3 encrypts every new object
    assert put["ChecksumCRC32"] == crc32(b'{"n": 1}') and put["ChecksumType"] == "FULL_OBJECT"
    got = s3.get_object(Bucket=bucket, Key="reports/2026.json")
    assert isinstance(got["Body"], StreamingBody)
    assert got["Body"].read() == b'{"n": 1}'
    assert got["ContentLength"] == 8 and type(got["ContentLength"]) is int
    assert got["ContentType"] == "application/json"
    assert got["ETag"] == etag
    # HTTP dates: whole seconds, aware, in UTC
    assert got["LastModified"] == dt.datetime(2026, 5, 6, 7, 8, 9, tzinfo=tzutc())
    assert got["Metadata"] == {"run-id": "42"}  # header names come back in lower case
    assert got["AcceptRanges"] == "bytes"
    assert got["ServerSideEncryption"] == "AES256"
    assert "StorageClass" not in got  # S3 leaves the header out for STANDARD
    # botocore asks for checksum validation on every GET
    assert got["ChecksumCRC32"] == crc32(b'{"n": 1}')
    headers = got["ResponseMetadata"]["HTTPHeaders"]
    assert headers["content-type"] == "application/json"
    assert headers["content-length"] == "8"
    assert headers["last-modified"] == "Wed, 06 May 2026 07:08:09 GMT"
    assert headers["x-amz-meta-run-id"] == "42"


def test_defaults_of_an_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="empty")
    got = s3.get_object(Bucket=bucket, Key="empty")
    assert got["Body"].read() == b""
    assert got["ContentType"] == "binary/octet-stream"
    assert got["Metadata"] == {}  # botocore always parses the header map
    assert got["ETag"] == '"d41d8cd98f00b204e9800998ecf8427e"'


def test_string_and_file_bodies(s3, bucket):
    s3.put_object(Bucket=bucket, Key="text", Body="héllo")
    s3.put_object(Bucket=bucket, Key="file", Body=io.BytesIO(b"from a file"))
    assert s3.get_object(Bucket=bucket, Key="text")["Body"].read() == "héllo".encode()
    assert s3.get_object(Bucket=bucket, Key="file")["Body"].read() == b"from a file"


def test_put_replaces(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"one", Metadata={"a": "1"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"two")
    got = s3.get_object(Bucket=bucket, Key="k")
    assert (got["Body"].read(), got["Metadata"]) == (b"two", {})


def test_kms_encryption_is_recorded_and_returned(s3, bucket):
    key_arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=key_arn, BucketKeyEnabled=True)
    assert (put["ServerSideEncryption"], put["SSEKMSKeyId"], put["BucketKeyEnabled"]) == ("aws:kms", key_arn, True)
    head = s3.head_object(Bucket=bucket, Key="k")
    assert (head["ServerSideEncryption"], head["SSEKMSKeyId"]) == ("aws:kms", key_arn)
    # a bare key id is reported as its ARN; no key: the account's AWS managed key
    bare = s3.put_object(Bucket=bucket, Key="b", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId="1234abcd-12ab-34cd-56ef-1234567890ab")
    assert bare["SSEKMSKeyId"] == key_arn
    managed = s3.put_object(Bucket=bucket, Key="m", Body=b"x", ServerSideEncryption="aws:kms")["SSEKMSKeyId"]
    assert managed.startswith("arn:aws:kms:us-east-1:123456789012:key/")
    assert s3.put_object(Bucket=bucket, Key="m2", Body=b"x", ServerSideEncryption="aws:kms")["SSEKMSKeyId"] == managed


def test_a_kms_key_without_kms_encryption_is_refused(s3, bucket):
    with pytest.raises(ClientError) as info:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", SSEKMSKeyId="1234abcd-12ab-34cd-56ef-1234567890ab")
    error, status = error_of(info)
    assert (error["Code"], status) == ("InvalidArgument", 400)
    assert "requires HTTP header x-amz-server-side-encryption : aws:kms" in error["Message"]
    with pytest.raises(s3.exceptions.NoSuchKey):
        s3.get_object(Bucket=bucket, Key="k")


def test_missing_key_and_bucket(s3, bucket):
    with pytest.raises(s3.exceptions.NoSuchKey) as info:
        s3.get_object(Bucket=bucket, Key="no/such key")
    assert error_of(info) == ({"Code": "NoSuchKey", "Message": "The specified key does not exist.", "Key": "no/such key"}, 404)
    assert str(info.value) == "An error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist."
    with pytest.raises(s3.exceptions.NoSuchBucket) as info:
        s3.get_object(Bucket="missing-bucket", Key="k")
    assert error_of(info)[0]["BucketName"] == "missing-bucket"
    with pytest.raises(s3.exceptions.NoSuchBucket):
        s3.put_object(Bucket="missing-bucket", Key="k", Body=b"x")


def test_head_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=BODY, ContentType="text/plain", Metadata={"a": "b"})
    head = s3.head_object(Bucket=bucket, Key="k")
    assert "Body" not in head
    assert (head["ContentLength"], head["ContentType"], head["Metadata"]) == (100, "text/plain", {"a": "b"})
    assert "ChecksumCRC32" not in head  # only when asked for
    assert s3.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")["ChecksumCRC32"] == crc32(BODY)
    s3.get_waiter("object_exists").wait(Bucket=bucket, Key="k", WaiterConfig={"Delay": 0, "MaxAttempts": 1})


def test_head_object_errors_carry_only_the_status(s3, bucket):
    for call in (lambda: s3.head_object(Bucket=bucket, Key="missing"), lambda: s3.head_object(Bucket="missing-bucket", Key="k")):
        with pytest.raises(ClientError) as info:
            call()
        assert type(info.value) is ClientError  # botocore cannot tell it is NoSuchKey
        assert error_of(info) == ({"Code": "404", "Message": "Not Found"}, 404)
        assert str(info.value) == "An error occurred (404) when calling the HeadObject operation: Not Found"


@pytest.mark.parametrize(
    ("spec", "content", "content_range"),
    [
        ("bytes=0-9", BODY[:10], "bytes 0-9/100"),
        ("bytes=95-", BODY[95:], "bytes 95-99/100"),
        ("bytes=-3", BODY[-3:], "bytes 97-99/100"),
        ("bytes=90-500", BODY[90:], "bytes 90-99/100"),
    ],
)
def test_ranged_get(s3, bucket, spec, content, content_range):
    s3.put_object(Bucket=bucket, Key="k", Body=BODY)
    got = s3.get_object(Bucket=bucket, Key="k", Range=spec)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert got["Body"].read() == content
    assert (got["ContentLength"], got["ContentRange"]) == (len(content), content_range)
    assert "ChecksumCRC32" not in got  # a whole-object checksum cannot check a part
    head = s3.head_object(Bucket=bucket, Key="k", Range=spec)
    assert (head["ResponseMetadata"]["HTTPStatusCode"], head["ContentLength"]) == (206, len(content))


def test_unsatisfiable_and_ignored_ranges(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=BODY)
    with pytest.raises(ClientError) as info:
        s3.get_object(Bucket=bucket, Key="k", Range="bytes=100-200")
    assert error_of(info) == (
        {"Code": "InvalidRange", "Message": "The requested range is not satisfiable", "RangeRequested": "bytes=100-200", "ActualObjectSize": "100"},
        416,
    )
    for ignored in ("bytes=0-1,5-6", "items=0-1", "bytes=9-2"):
        got = s3.get_object(Bucket=bucket, Key="k", Range=ignored)
        assert (got["ResponseMetadata"]["HTTPStatusCode"], got["Body"].read()) == (200, BODY)


def test_conditional_reads(s3, bucket):
    with freeze_time("2026-01-01 12:00:00"):
        etag = s3.put_object(Bucket=bucket, Key="k", Body=b"x")["ETag"]
    assert s3.get_object(Bucket=bucket, Key="k", IfMatch=etag)["Body"].read() == b"x"
    with pytest.raises(ClientError) as info:
        s3.get_object(Bucket=bucket, Key="k", IfMatch='"0000"')
    assert error_of(info) == (
        {"Code": "PreconditionFailed", "Message": "At least one of the pre-conditions you specified did not hold", "Condition": "If-Match"},
        412,
    )
    with pytest.raises(ClientError) as info:
        s3.get_object(Bucket=bucket, Key="k", IfNoneMatch=etag)
    assert error_of(info) == ({"Code": "304", "Message": "Not Modified"}, 304)
    with pytest.raises(ClientError, match=r"\(304\)"):
        s3.head_object(Bucket=bucket, Key="k", IfModifiedSince=dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc))
    assert s3.get_object(Bucket=bucket, Key="k", IfModifiedSince=dt.datetime(2025, 1, 1))["Body"].read() == b"x"
    with pytest.raises(ClientError, match="PreconditionFailed"):
        s3.get_object(Bucket=bucket, Key="k", IfUnmodifiedSince=dt.datetime(2025, 1, 1))


def test_checksum_algorithms(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"data", ChecksumAlgorithm="SHA256")
    expected = base64.b64encode(hashlib.sha256(b"data").digest()).decode()
    assert put["ChecksumSHA256"] == expected and "ChecksumCRC32" not in put
    got = s3.get_object(Bucket=bucket, Key="k")
    assert got["ChecksumSHA256"] == expected
    listed = s3.list_objects_v2(Bucket=bucket)["Contents"][0]
    assert (listed["ChecksumAlgorithm"], listed["ChecksumType"]) == (["SHA256"], "FULL_OBJECT")


def test_content_md5_is_checked(s3, bucket):
    good = base64.b64encode(hashlib.md5(b"data").digest()).decode()
    s3.put_object(Bucket=bucket, Key="ok", Body=b"data", ContentMD5=good)
    with pytest.raises(ClientError) as info:
        s3.put_object(Bucket=bucket, Key="bad", Body=b"other", ContentMD5=good)
    error, status = error_of(info)
    assert (error["Code"], status) == ("BadDigest", 400)
    with pytest.raises(ClientError, match="InvalidDigest"):
        s3.put_object(Bucket=bucket, Key="bad", Body=b"other", ContentMD5="nonsense")
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["ok"]


def test_key_too_long(s3, bucket):
    with pytest.raises(ClientError) as info:
        s3.put_object(Bucket=bucket, Key="é" * 513, Body=b"x")
    assert error_of(info) == ({"Code": "KeyTooLongError", "Message": "Your key is too long", "MaxSizeAllowed": "1024", "Size": "1026"}, 400)
    s3.put_object(Bucket=bucket, Key="é" * 512, Body=b"x")


def test_storage_classes(s3, bucket):
    s3.put_object(Bucket=bucket, Key="ia", Body=b"x", StorageClass="STANDARD_IA")
    assert s3.get_object(Bucket=bucket, Key="ia")["StorageClass"] == "STANDARD_IA"
    s3.put_object(Bucket=bucket, Key="cold", Body=b"x", StorageClass="GLACIER")
    with pytest.raises(s3.exceptions.InvalidObjectState) as info:
        s3.get_object(Bucket=bucket, Key="cold")
    assert info.value.response["StorageClass"] == "GLACIER"  # modelled: at the top level too
    assert error_of(info)[1] == 403
    assert s3.head_object(Bucket=bucket, Key="cold")["StorageClass"] == "GLACIER"
    with pytest.raises(ClientError, match="InvalidStorageClass"):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", StorageClass="OUTPOSTS")


def test_delete_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert s3.delete_object(Bucket=bucket, Key="k")["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.delete_object(Bucket=bucket, Key="k")["ResponseMetadata"]["HTTPStatusCode"] == 204  # idempotent
    with pytest.raises(s3.exceptions.NoSuchKey):
        s3.get_object(Bucket=bucket, Key="k")
    with pytest.raises(s3.exceptions.NoSuchBucket):
        s3.delete_object(Bucket="missing-bucket", Key="k")


def test_copy_object_with_string_and_dict_sources(s3, bucket):
    key = "dir/a b+c?.json"
    s3.put_object(Bucket=bucket, Key=key, Body=b"{}", ContentType="application/json", Metadata={"m": "1"})
    with freeze_time("2027-01-01 00:00:00.5"):
        result = s3.copy_object(Bucket=bucket, Key="copy1", CopySource={"Bucket": bucket, "Key": key})
    assert result["CopyObjectResult"]["LastModified"] == dt.datetime(2027, 1, 1, tzinfo=tzutc())
    assert result["CopyObjectResult"]["ETag"] == '"' + hashlib.md5(b"{}").hexdigest() + '"'
    assert result["ServerSideEncryption"] == "AES256"
    copied = s3.get_object(Bucket=bucket, Key="copy1")
    assert (copied["Body"].read(), copied["ContentType"], copied["Metadata"]) == (b"{}", "application/json", {"m": "1"})
    s3.create_bucket(Bucket="archive")
    s3.copy_object(Bucket="archive", Key="copy2", CopySource=f"{bucket}/{key}")
    assert s3.get_object(Bucket="archive", Key="copy2")["Body"].read() == b"{}"


def test_copy_metadata_directives(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"x", ContentType="text/plain", Metadata={"old": "1"})
    # COPY (the default) keeps the source's metadata and ignores the request's
    s3.copy_object(Bucket=bucket, Key="same", CopySource=f"{bucket}/src", Metadata={"new": "2"}, ContentType="text/csv")
    assert s3.head_object(Bucket=bucket, Key="same")["Metadata"] == {"old": "1"}
    s3.copy_object(Bucket=bucket, Key="new", CopySource=f"{bucket}/src", MetadataDirective="REPLACE", Metadata={"new": "2"})
    head = s3.head_object(Bucket=bucket, Key="new")
    assert (head["Metadata"], head["ContentType"]) == ({"new": "2"}, "binary/octet-stream")
    # onto itself, only with a change
    with pytest.raises(ClientError) as info:
        s3.copy_object(Bucket=bucket, Key="src", CopySource=f"{bucket}/src")
    assert error_of(info)[0]["Message"].startswith("This copy request is illegal because it is trying to copy an object to itself")
    s3.copy_object(Bucket=bucket, Key="src", CopySource=f"{bucket}/src", MetadataDirective="REPLACE", Metadata={"v": "2"})
    assert s3.head_object(Bucket=bucket, Key="src")["Metadata"] == {"v": "2"}


def test_copy_errors(s3, bucket):
    with pytest.raises(s3.exceptions.NoSuchKey) as info:
        s3.copy_object(Bucket=bucket, Key="dst", CopySource=f"{bucket}/missing")
    assert error_of(info)[0]["Key"] == "missing"
    with pytest.raises(s3.exceptions.NoSuchBucket):
        s3.copy_object(Bucket=bucket, Key="dst", CopySource="missing-bucket/k")
    with pytest.raises(ClientError, match="InvalidArgument"):
        s3.copy_object(Bucket=bucket, Key="dst", CopySource="just-a-bucket")
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


def test_transfer_manager_upload_and_download(s3, bucket, tmp_path):
    payload = b"line\n" * 1000
    s3.upload_fileobj(io.BytesIO(payload), bucket, "exports/data.txt")
    buffer = io.BytesIO()
    s3.download_fileobj(bucket, "exports/data.txt", buffer)
    assert buffer.getvalue() == payload
    target = tmp_path / "data.txt"
    s3.download_file(bucket, "exports/data.txt", str(target))
    assert target.read_bytes() == payload


def test_resource_api(s3, bucket):
    import boto3

    resource = boto3.resource("s3", region_name="us-east-1")
    resource.Object(bucket, "r.txt").put(Body=b"via resource")
    assert resource.Object(bucket, "r.txt").get()["Body"].read() == b"via resource"
    assert [o.key for o in resource.Bucket(bucket).objects.all()] == ["r.txt"]


def test_transfer_manager_downloads_a_large_object_in_ranges(s3, bucket):
    data = bytes(range(256)) * (9 * 4096 + 7)  # over the 8 MB threshold: ranged GETs with If-Match
    s3.put_object(Bucket=bucket, Key="big", Body=data)
    buffer = io.BytesIO()
    s3.download_fileobj(bucket, "big", buffer)
    assert buffer.getvalue() == data
