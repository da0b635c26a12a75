"""S3 buckets: creation and AWS's location-constraint rules, the global namespace,
listing, head, deletion."""

from __future__ import annotations

import datetime as dt

import pytest
from botocore.exceptions import ClientError
from dateutil.tz import tzutc
from freezegun import freeze_time

ACCOUNT = "123456789012"


def error_of(info):
    return info.value.response["Error"], info.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_create_in_us_east_1_takes_no_constraint(s3):
    response = s3.create_bucket(Bucket="exports")
    assert response["Location"] == "/exports"
    assert response["BucketArn"] == "arn:aws:s3:::exports"
    assert s3.head_bucket(Bucket="exports")["BucketRegion"] == "us-east-1"


def test_other_regions_need_their_own_constraint(client):
    west = client("eu-west-1")
    with pytest.raises(ClientError) as info:
        west.create_bucket(Bucket="no-constraint")
    assert error_of(info) == (
        {
            "Code": "IllegalLocationConstraintException",
            "Message": "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.",
        },
        400,
    )
    with pytest.raises(ClientError) as info:
        west.create_bucket(Bucket="elsewhere", CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    assert error_of(info)[0]["Message"] == (
        "The us-west-2 location constraint is incompatible for the region specific endpoint this request was sent to."
    )
    response = west.create_bucket(Bucket="west", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert response["Location"] == "http://west.s3.amazonaws.com/"
    assert west.head_bucket(Bucket="west")["BucketRegion"] == "eu-west-1"
    assert [b["Name"] for b in west.list_buckets()["Buckets"]] == ["west"]


def test_us_east_1_refuses_its_own_name_as_constraint_but_takes_other_regions(s3):
    with pytest.raises(ClientError) as info:
        s3.create_bucket(Bucket="virginia", CreateBucketConfiguration={"LocationConstraint": "us-east-1"})
    assert error_of(info) == (
        {"Code": "InvalidLocationConstraint", "Message": "The specified location-constraint is not valid", "LocationConstraint": "us-east-1"},
        400,
    )
    # the us-east-1 endpoint is S3's global one: another region's constraint puts the bucket there
    s3.create_bucket(Bucket="in-ireland", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert s3.head_bucket(Bucket="in-ireland")["BucketRegion"] == "eu-west-1"
    with pytest.raises(ClientError, match="InvalidLocationConstraint"):
        s3.create_bucket(Bucket="nowhere", CreateBucketConfiguration={"LocationConstraint": "not-a-region"})
    with pytest.raises(ClientError, match="InvalidLocationConstraint"):
        s3.create_bucket(Bucket="china", CreateBucketConfiguration={"LocationConstraint": "cn-north-1"})
    with pytest.raises(ClientError, match="MalformedXML"):
        s3.create_bucket(Bucket="empty", CreateBucketConfiguration={})
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["in-ireland"]


@pytest.mark.parametrize(
    "name",
    ["ab", "a" * 64, "Upper-case", "under_score", "-starts-with-dash", "ends-with-dash-", "two..dots", "192.168.5.4", "xn--punycode", "thing-s3alias"],
)
def test_invalid_bucket_names(s3, name):
    with pytest.raises(ClientError) as info:
        s3.create_bucket(Bucket=name)
    assert error_of(info) == ({"Code": "InvalidBucketName", "Message": "The specified bucket is not valid.", "BucketName": name}, 400)
    assert s3.list_buckets()["Buckets"] == []


@pytest.mark.parametrize("name", ["abc", "a" * 63, "my.bucket-1", "0-numbers-9"])
def test_valid_bucket_names(s3, name):
    s3.create_bucket(Bucket=name)
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == [name]


def test_recreating_ones_own_bucket(s3, client, bucket):
    s3.put_object(Bucket=bucket, Key="kept", Body=b"x")
    # us-east-1 answers 200 for legacy compatibility, and changes nothing
    assert s3.create_bucket(Bucket=bucket)["Location"] == "/exports"
    assert s3.get_object(Bucket=bucket, Key="kept")["Body"].read() == b"x"
    west = client("eu-west-1")
    west.create_bucket(Bucket="west", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    with pytest.raises(west.exceptions.BucketAlreadyOwnedByYou) as info:
        west.create_bucket(Bucket="west", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert error_of(info) == (
        {
            "Code": "BucketAlreadyOwnedByYou",
            "Message": "Your previous request to create the named bucket succeeded and you already own it.",
            "BucketName": "west",
        },
        409,
    )


def test_bucket_names_are_global_across_accounts_and_regions(s3, client, bucket):
    other = client(account="999988887777")
    with pytest.raises(other.exceptions.BucketAlreadyExists) as info:
        other.create_bucket(Bucket=bucket)
    error, status = error_of(info)
    assert (error["Code"], error["BucketName"], status) == ("BucketAlreadyExists", "exports", 409)
    assert error["Message"].startswith("The requested bucket name is not available. The bucket namespace is shared")
    west = client("eu-west-1", account="999988887777")
    with pytest.raises(west.exceptions.BucketAlreadyExists):
        west.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    # the bucket is reachable by name from any region or account (no IAM here)
    s3.put_object(Bucket=bucket, Key="k", Body=b"shared")
    assert west.get_object(Bucket=bucket, Key="k")["Body"].read() == b"shared"
    assert other.list_buckets()["Buckets"] == []


def test_china_is_another_namespace(s3, client, bucket):
    china = client("cn-north-1")
    # no clash with the aws partition's bucket of that name
    china.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "cn-north-1"})
    assert china.head_bucket(Bucket=bucket)["BucketRegion"] == "cn-north-1"
    assert s3.head_bucket(Bucket=bucket)["BucketRegion"] == "us-east-1"
    china.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


def test_list_buckets_sorted_with_region_date_and_owner(s3, client):
    with freeze_time("2026-01-02 03:04:05.678"):
        for name in ["charlie", "alpha", "bravo"]:
            s3.create_bucket(Bucket=name)
    s3.create_bucket(Bucket="delta", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    response = s3.list_buckets()
    assert [b["Name"] for b in response["Buckets"]] == ["alpha", "bravo", "charlie", "delta"]
    assert response["Buckets"][0]["CreationDate"] == dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=tzutc())
    assert [b["BucketRegion"] for b in response["Buckets"]] == ["us-east-1"] * 3 + ["eu-west-1"]
    owner_id = response["Owner"]["ID"]
    assert len(owner_id) == 64 and int(owner_id, 16) >= 0
    assert client(account="999988887777").list_buckets()["Owner"]["ID"] != owner_id
    assert "ContinuationToken" not in response

    first = s3.list_buckets(MaxBuckets=3)
    assert [b["Name"] for b in first["Buckets"]] == ["alpha", "bravo", "charlie"]
    rest = s3.list_buckets(MaxBuckets=3, ContinuationToken=first["ContinuationToken"])
    assert [b["Name"] for b in rest["Buckets"]] == ["delta"] and "ContinuationToken" not in rest
    paged = [b["Name"] for page in s3.get_paginator("list_buckets").paginate(PaginationConfig={"PageSize": 2}) for b in page["Buckets"]]
    assert paged == ["alpha", "bravo", "charlie", "delta"]
    assert [b["Name"] for b in s3.list_buckets(Prefix="b")["Buckets"]] == ["bravo"]
    assert s3.list_buckets(Prefix="b")["Prefix"] == "b"
    assert [b["Name"] for b in s3.list_buckets(BucketRegion="eu-west-1")["Buckets"]] == ["delta"]


def test_delete_bucket(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as info:
        s3.delete_bucket(Bucket=bucket)
    assert error_of(info) == (
        {"Code": "BucketNotEmpty", "Message": "The bucket you tried to delete is not empty", "BucketName": bucket},
        409,
    )
    s3.delete_object(Bucket=bucket, Key="k")
    assert s3.delete_bucket(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.list_buckets()["Buckets"] == []
    with pytest.raises(s3.exceptions.NoSuchBucket) as info:
        s3.delete_bucket(Bucket=bucket)
    assert error_of(info) == ({"Code": "NoSuchBucket", "Message": "The specified bucket does not exist", "BucketName": bucket}, 404)
    # the name is free again, for anyone
    s3.create_bucket(Bucket=bucket)


def test_head_bucket_and_its_404(s3, bucket):
    response = s3.head_bucket(Bucket=bucket)
    assert (response["BucketRegion"], response["AccessPointAlias"]) == ("us-east-1", False)
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"] == "us-east-1"
    with pytest.raises(ClientError) as info:
        s3.head_bucket(Bucket="missing")
    # a HEAD response has no body: botocore knows only the status
    assert error_of(info) == ({"Code": "404", "Message": "Not Found"}, 404)
    assert type(info.value) is ClientError
    s3.get_waiter("bucket_exists").wait(Bucket=bucket, WaiterConfig={"Delay": 0, "MaxAttempts": 1})


def test_expected_bucket_owner(s3, bucket):
    s3.head_bucket(Bucket=bucket, ExpectedBucketOwner=ACCOUNT)
    with pytest.raises(ClientError) as info:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", ExpectedBucketOwner="111122223333")
    assert error_of(info) == ({"Code": "AccessDenied", "Message": "Access Denied"}, 403)
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


def test_s3_request_ids_and_host_ids(s3, bucket):
    meta = s3.list_objects_v2(Bucket=bucket)["ResponseMetadata"]
    assert len(meta["RequestId"]) == 16 and meta["RequestId"] == meta["RequestId"].upper()
    int(meta["RequestId"], 16)
    assert meta["HTTPHeaders"]["x-amz-request-id"] == meta["RequestId"]
    assert meta["HTTPHeaders"]["x-amz-id-2"] == meta["HostId"] and len(meta["HostId"]) == 76
    with pytest.raises(ClientError) as info:
        s3.get_object(Bucket=bucket, Key="missing")
    meta = info.value.response["ResponseMetadata"]
    assert meta["HostId"] == meta["HTTPHeaders"]["x-amz-id-2"]
