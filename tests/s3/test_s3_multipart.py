"""S3 multipart uploads through boto3: the transfer manager's upload of a file over its
threshold, and each operation's answers and errors as AWS's recordings show them."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import zlib

import pytest
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

MIB = 1024 * 1024
PART = b"a" * (5 * MIB)


def error_of(info):
    return info.value.response["Error"], info.value.response["ResponseMetadata"]["HTTPStatusCode"]


def crc32(data: bytes) -> str:
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


def multipart_etag(*parts: bytes) -> str:
    return '"' + hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest() + f'-{len(parts)}"'


def test_upload_file_of_9_mib_goes_in_parts_and_reads_back(s3, bucket, tmp_path):
    data = bytes(range(256)) * (9 * MIB // 256)
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    config = TransferConfig(multipart_threshold=8 * MIB, multipart_chunksize=8 * MIB)
    s3.upload_file(str(path), bucket, "big.bin", Config=config)
    head = s3.head_object(Bucket=bucket, Key="big.bin")
    assert head["ContentLength"] == len(data)
    assert head["ETag"] == multipart_etag(data[: 8 * MIB], data[8 * MIB :])
    assert s3.get_object(Bucket=bucket, Key="big.bin")["Body"].read() == data
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)
    target = tmp_path / "back.bin"
    s3.download_file(bucket, "big.bin", str(target), Config=config)
    assert target.read_bytes() == data


def test_create_upload_complete_with_aws_etag_and_composite_checksum(s3, bucket):
    created = s3.create_multipart_upload(Bucket=bucket, Key="k", ContentType="text/csv", Metadata={"Run": "1"}, ChecksumAlgorithm="CRC32")
    assert (created["Bucket"], created["Key"], created["ChecksumAlgorithm"], created["ChecksumType"]) == (bucket, "k", "CRC32", "COMPOSITE")
    assert created["ServerSideEncryption"] == "AES256"
    upload_id = created["UploadId"]
    first = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1, Body=PART, ChecksumAlgorithm="CRC32")
    second = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=2, Body=b"tail", ChecksumAlgorithm="CRC32")
    assert first["ETag"] == '"' + hashlib.md5(PART).hexdigest() + '"'
    assert second["ChecksumCRC32"] == crc32(b"tail")
    parts = [
        {"PartNumber": 1, "ETag": first["ETag"], "ChecksumCRC32": first["ChecksumCRC32"]},
        {"PartNumber": 2, "ETag": second["ETag"], "ChecksumCRC32": second["ChecksumCRC32"]},
    ]
    done = s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": parts})
    assert done["ETag"] == multipart_etag(PART, b"tail")
    assert (done["Bucket"], done["Key"], done["ChecksumType"]) == (bucket, "k", "COMPOSITE")
    joined = base64.b64decode(first["ChecksumCRC32"]) + base64.b64decode(second["ChecksumCRC32"])
    assert done["ChecksumCRC32"] == crc32(joined) + "-2"
    assert done["Location"].endswith(f"{bucket}.s3.us-east-1.amazonaws.com/k")
    got = s3.get_object(Bucket=bucket, Key="k")
    assert (got["ContentType"], got["Metadata"], got["ContentLength"]) == ("text/csv", {"run": "1"}, len(PART) + 4)
    with pytest.raises(s3.exceptions.NoSuchUpload):
        s3.list_parts(Bucket=bucket, Key="k", UploadId=upload_id)


def test_full_object_checksum_type(s3, bucket):
    created = s3.create_multipart_upload(Bucket=bucket, Key="k", ChecksumAlgorithm="CRC32", ChecksumType="FULL_OBJECT")
    assert created["ChecksumType"] == "FULL_OBJECT"
    part = s3.upload_part(Bucket=bucket, Key="k", UploadId=created["UploadId"], PartNumber=1, Body=b"whole")
    done = s3.complete_multipart_upload(
        Bucket=bucket, Key="k", UploadId=created["UploadId"], ChecksumType="FULL_OBJECT",
        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]},
    )  # fmt: skip
    assert (done["ChecksumCRC32"], done["ChecksumType"]) == (crc32(b"whole"), "FULL_OBJECT")


def test_checksum_type_without_algorithm_and_unknown_algorithm_are_refused(s3, bucket):
    with pytest.raises(ClientError) as info:
        s3.create_multipart_upload(Bucket=bucket, Key="k", ChecksumType="COMPOSITE")
    assert error_of(info) == (
        {"Code": "InvalidRequest", "Message": "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header."},
        400,
    )
    with pytest.raises(ClientError) as info:
        s3.create_multipart_upload(Bucket=bucket, Key="k", ChecksumAlgorithm="SHA256", ChecksumType="FULL_OBJECT")
    assert error_of(info)[0]["Code"] == "InvalidRequest"
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)


def test_unknown_upload_is_no_such_upload_everywhere(s3, bucket):
    created = s3.create_multipart_upload(Bucket=bucket, Key="k")
    calls = [
        lambda: s3.upload_part(Bucket=bucket, Key="k", UploadId="fakeid", PartNumber=1, Body=b"x"),
        lambda: s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId="fakeid", MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": "x"}]}),
        lambda: s3.abort_multipart_upload(Bucket=bucket, Key="k", UploadId="fakeid"),
        lambda: s3.list_parts(Bucket=bucket, Key="k", UploadId="fakeid"),
        # the right id under another key is not found either
        lambda: s3.upload_part(Bucket=bucket, Key="other", UploadId=created["UploadId"], PartNumber=1, Body=b"x"),
    ]
    for call in calls:
        with pytest.raises(s3.exceptions.NoSuchUpload) as info:
            call()
        error, status = error_of(info)
        assert status == 404
        assert error["Message"] == (
            "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed."
        )
        assert error["UploadId"] in ("fakeid", created["UploadId"])


def test_part_number_out_of_range(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    for number in (0, 10_001):
        with pytest.raises(ClientError) as info:
            s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=number, Body=b"x")
        assert error_of(info) == (
            {
                "Code": "InvalidArgument",
                "Message": "Part number must be an integer between 1 and 10000, inclusive",
                "ArgumentName": "partNumber",
                "ArgumentValue": str(number),
            },
            400,
        )


def test_complete_errors_change_nothing(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    small = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1, Body=b"abcd")["ETag"]
    s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=2, Body=b"abcd")

    def complete(parts):
        with pytest.raises(ClientError) as info:
            s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": parts})
        return error_of(info)

    assert complete([]) == ({"Code": "InvalidRequest", "Message": "You must specify at least one part"}, 400)
    error, status = complete([{"PartNumber": 2, "ETag": small}, {"PartNumber": 1, "ETag": small}])
    assert (error["Code"], error["UploadId"], status) == ("InvalidPartOrder", upload_id, 400)
    assert error["Message"] == "The list of parts was not in ascending order. Parts must be ordered by part number."
    error, status = complete([{"PartNumber": 1, "ETag": '"d41d8cd98f00b204e9800998ecf8427e"'}])
    assert (error["Code"], error["ETag"], error["PartNumber"], status) == ("InvalidPart", "d41d8cd98f00b204e9800998ecf8427e", "1", 400)
    error, _ = complete([{"PartNumber": 3, "ETag": small}])
    assert (error["Code"], error["PartNumber"]) == ("InvalidPart", "3")
    error, status = complete([{"PartNumber": 1, "ETag": small}, {"PartNumber": 2, "ETag": small}])
    assert (error, status) == (
        {
            "Code": "EntityTooSmall",
            "Message": "Your proposed upload is smaller than the minimum allowed size",
            "ETag": small.strip('"'),
            "PartNumber": "1",
            "ProposedSize": "4",
            "MinSizeAllowed": str(5 * MIB),
        },
        400,
    )
    # nothing was written, the upload is still there; a single small part is fine
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)
    s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": small}]})
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"abcd"


def test_part_uploaded_again_replaces_it_and_list_parts_pages(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k", StorageClass="STANDARD_IA")["UploadId"]
    for number in (3, 1, 2):
        s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=number, Body=b"old")
    s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=2, Body=b"newer")
    page = s3.list_parts(Bucket=bucket, Key="k", UploadId=upload_id, MaxParts=2)
    assert [(p["PartNumber"], p["Size"]) for p in page["Parts"]] == [(1, 3), (2, 5)]
    assert (page["IsTruncated"], page["NextPartNumberMarker"], page["PartNumberMarker"], page["MaxParts"]) == (True, 2, 0, 2)
    assert page["StorageClass"] == "STANDARD_IA"
    assert page["Owner"]["ID"] == page["Initiator"]["ID"]
    rest = s3.list_parts(Bucket=bucket, Key="k", UploadId=upload_id, PartNumberMarker=2)
    assert [p["PartNumber"] for p in rest["Parts"]] == [3]
    assert rest["IsTruncated"] is False
    assert "ChecksumCRC32" not in rest["Parts"][0]  # an upload without an algorithm lists no checksums
    pages = s3.get_paginator("list_parts").paginate(Bucket=bucket, Key="k", UploadId=upload_id, PaginationConfig={"PageSize": 1})
    assert [p["PartNumber"] for page in pages for p in page["Parts"]] == [1, 2, 3]


def test_list_multipart_uploads_and_abort(s3, bucket):
    ids = {key: s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"] for key in ("logs/a", "logs/b", "top")}
    listed = s3.list_multipart_uploads(Bucket=bucket)
    assert [u["Key"] for u in listed["Uploads"]] == ["logs/a", "logs/b", "top"]
    assert (listed["KeyMarker"], listed["UploadIdMarker"], listed["MaxUploads"], listed["IsTruncated"]) == ("", "", 1000, False)
    assert (listed["NextKeyMarker"], listed["NextUploadIdMarker"]) == ("top", ids["top"])
    assert listed["Uploads"][0]["StorageClass"] == "STANDARD"
    grouped = s3.list_multipart_uploads(Bucket=bucket, Delimiter="/")
    assert grouped["CommonPrefixes"] == [{"Prefix": "logs/"}]
    assert [u["Key"] for u in grouped["Uploads"]] == ["top"]
    first = s3.list_multipart_uploads(Bucket=bucket, MaxUploads=1)
    assert first["IsTruncated"] is True
    after = s3.list_multipart_uploads(Bucket=bucket, KeyMarker=first["NextKeyMarker"], UploadIdMarker=first["NextUploadIdMarker"])
    assert [u["Key"] for u in after["Uploads"]] == ["logs/b", "top"]
    assert s3.abort_multipart_upload(Bucket=bucket, Key="top", UploadId=ids["top"])["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert [u["Key"] for u in s3.list_multipart_uploads(Bucket=bucket, Prefix="t").get("Uploads", [])] == []
    with pytest.raises(s3.exceptions.NoSuchUpload):
        s3.abort_multipart_upload(Bucket=bucket, Key="top", UploadId=ids["top"])


def test_upload_part_copy_with_a_range(s3, bucket):
    s3.put_object(Bucket=bucket, Key="source", Body=b"0123456789")
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    copied = s3.upload_part_copy(
        Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1, CopySource={"Bucket": bucket, "Key": "source"}, CopySourceRange="bytes=2-5"
    )
    assert copied["CopyPartResult"]["ETag"] == '"' + hashlib.md5(b"2345").hexdigest() + '"'
    with pytest.raises(ClientError) as info:
        s3.upload_part_copy(
            Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=2, CopySource=f"{bucket}/source", CopySourceRange="bytes=-3"
        )
    assert error_of(info)[0]["Code"] == "InvalidArgument"
    s3.complete_multipart_upload(
        Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": copied["CopyPartResult"]["ETag"]}]}
    )
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"2345"


def test_complete_with_if_none_match_refuses_an_existing_key(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"there")
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    etag = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1, Body=b"new")["ETag"]
    with pytest.raises(ClientError) as info:
        s3.complete_multipart_upload(
            Bucket=bucket, Key="k", UploadId=upload_id, IfNoneMatch="*", MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]}
        )
    assert error_of(info)[1] == 412
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"there"


@pytest.mark.skipif(importlib.util.find_spec("awscrt") is None, reason="CRC64NVME needs awscrt")
def test_an_upload_without_an_algorithm_gets_a_full_object_crc64nvme(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    etag = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1, Body=b"abc")["ETag"]
    done = s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    assert done["ChecksumType"] == "FULL_OBJECT"
    assert "ChecksumCRC64NVME" in done


@pytest.mark.skipif(importlib.util.find_spec("awscli") is None, reason="the AWS CLI (awscli) is not installed")
def test_aws_s3_cp_of_a_9_mib_file_against_the_server(endpoint, tmp_path):
    """``aws s3 cp`` goes multipart over 8 MiB (it got a 501 before multipart uploads)."""
    import os
    import subprocess
    import sys

    import boto3

    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "AWS_ACCESS_KEY_ID": "111122223333",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    data = os.urandom(9 * MIB)
    (tmp_path / "big.bin").write_bytes(data)
    remote = boto3.session.Session().client(
        "s3", region_name="us-east-1", endpoint_url=endpoint, aws_access_key_id="111122223333", aws_secret_access_key="x"
    )
    remote.create_bucket(Bucket="uploads")
    command = [sys.executable, "-m", "awscli", "--endpoint-url", endpoint, "s3", "cp", str(tmp_path / "big.bin"), "s3://uploads/big.bin"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    head = remote.head_object(Bucket="uploads", Key="big.bin")
    assert head["ContentLength"] == len(data)
    assert head["ETag"].endswith('-2"')  # the CLI's 8 MiB parts: two of them
    assert remote.get_object(Bucket="uploads", Key="big.bin")["Body"].read() == data
