"""ListObjectsV2 (and v1): order, prefixes and delimiters, pages, URL encoding."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

KEYS = ["a.txt", "logs/2026/01/x.json", "logs/2026/01/y.json", "logs/2026/02/z.json", "logs/readme", "m/1", "z"]


@pytest.fixture
def filled(s3, bucket):
    for key in reversed(KEYS):
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    return bucket


def keys_of(page):
    return [o["Key"] for o in page.get("Contents", [])]


def test_sorted_by_key_with_their_fields(s3, filled):
    page = s3.list_objects_v2(Bucket=filled)
    assert keys_of(page) == KEYS
    assert (page["IsTruncated"], page["KeyCount"], page["MaxKeys"], page["Name"], page["Prefix"]) == (False, 7, 1000, filled, "")
    first = page["Contents"][0]
    assert set(first) == {"Key", "LastModified", "ETag", "ChecksumAlgorithm", "ChecksumType", "Size", "StorageClass"}
    assert (first["Size"], first["StorageClass"]) == (5, "STANDARD")
    assert "Owner" not in first
    assert s3.list_objects_v2(Bucket=filled, FetchOwner=True)["Contents"][0]["Owner"]["ID"] == s3.list_buckets()["Owner"]["ID"]


def test_empty_bucket_and_missing_bucket(s3, bucket):
    page = s3.list_objects_v2(Bucket=bucket)
    assert "Contents" not in page and page["KeyCount"] == 0
    with pytest.raises(s3.exceptions.NoSuchBucket):
        s3.list_objects_v2(Bucket="missing-bucket")


def test_prefix_and_delimiter(s3, filled):
    assert keys_of(s3.list_objects_v2(Bucket=filled, Prefix="logs/2026/")) == KEYS[1:4]
    top = s3.list_objects_v2(Bucket=filled, Delimiter="/")
    assert keys_of(top) == ["a.txt", "z"]
    assert [p["Prefix"] for p in top["CommonPrefixes"]] == ["logs/", "m/"]
    assert (top["Delimiter"], top["KeyCount"]) == ("/", 4)
    inner = s3.list_objects_v2(Bucket=filled, Prefix="logs/", Delimiter="/")
    assert keys_of(inner) == ["logs/readme"]
    assert [p["Prefix"] for p in inner["CommonPrefixes"]] == ["logs/2026/"]
    assert inner["Prefix"] == "logs/"


def test_max_keys_counts_common_prefixes_and_pages_continue(s3, filled):
    first = s3.list_objects_v2(Bucket=filled, Delimiter="/", MaxKeys=2)
    assert keys_of(first) == ["a.txt"] and [p["Prefix"] for p in first["CommonPrefixes"]] == ["logs/"]
    assert (first["IsTruncated"], first["KeyCount"]) == (True, 2)
    second = s3.list_objects_v2(Bucket=filled, Delimiter="/", MaxKeys=2, ContinuationToken=first["NextContinuationToken"])
    assert second["ContinuationToken"] == first["NextContinuationToken"]
    assert [p["Prefix"] for p in second["CommonPrefixes"]] == ["m/"] and keys_of(second) == ["z"]
    assert second["IsTruncated"] is False and "NextContinuationToken" not in second


def test_start_after(s3, filled):
    page = s3.list_objects_v2(Bucket=filled, StartAfter="logs/readme")
    assert keys_of(page) == ["m/1", "z"]
    assert page["StartAfter"] == "logs/readme"


def test_paginator_over_more_than_a_thousand_keys(s3, bucket):
    keys = [f"part-{i:05d}" for i in range(1205)]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=b"")
    assert len(s3.list_objects_v2(Bucket=bucket, MaxKeys=5000)["Contents"]) == 1000  # S3's cap
    pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket=bucket))
    assert [p["KeyCount"] for p in pages] == [1000, 205]
    assert [k for p in pages for k in keys_of(p)] == keys
    small = list(s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="part-011", PaginationConfig={"PageSize": 30}))
    assert [p["KeyCount"] for p in small] == [30, 30, 30, 10]  # part-01100 to part-01199


def test_bad_continuation_token(s3, filled):
    with pytest.raises(ClientError) as info:
        s3.list_objects_v2(Bucket=filled, ContinuationToken="not-a-token")
    assert info.value.response["Error"] == {
        "Code": "InvalidArgument",
        "Message": "The continuation token provided is incorrect",
        "ArgumentName": "continuation-token",
    }
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_keys_that_need_url_encoding(s3, bucket):
    odd = ["a b/c+d.txt", "naïve/ünï.json", "q?&=#%.bin"]
    for key in odd:
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    # botocore asks for url encoding and decodes what comes back
    page = s3.list_objects_v2(Bucket=bucket, Delimiter="/", Prefix="")
    assert keys_of(page) == ["q?&=#%.bin"]
    assert [p["Prefix"] for p in page["CommonPrefixes"]] == ["a b/", "naïve/"]
    assert keys_of(s3.list_objects_v2(Bucket=bucket, Prefix="naïve/")) == ["naïve/ünï.json"]
    # asked for explicitly, the encoding is the caller's to undo
    raw = s3.list_objects_v2(Bucket=bucket, EncodingType="url")
    assert raw["EncodingType"] == "url"
    assert keys_of(raw) == ["a%20b/c%2Bd.txt", "na%C3%AFve/%C3%BCn%C3%AF.json", "q%3F%26%3D%23%25.bin"]
    for key in odd:
        assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == b"x"


def test_list_objects_v1(s3, filled):
    page = s3.list_objects(Bucket=filled)
    assert keys_of(page) == KEYS and page["Marker"] == "" and "NextMarker" not in page
    assert "Owner" in page["Contents"][0]
    first = s3.list_objects(Bucket=filled, Delimiter="/", MaxKeys=2)
    assert (first["IsTruncated"], first["NextMarker"]) == (True, "logs/")
    second = s3.list_objects(Bucket=filled, Delimiter="/", Marker=first["NextMarker"])
    assert keys_of(second) == ["z"] and [p["Prefix"] for p in second["CommonPrefixes"]] == ["m/"]
    paged = [k for p in s3.get_paginator("list_objects").paginate(Bucket=filled, PaginationConfig={"PageSize": 3}) for k in keys_of(p)]
    assert paged == KEYS
