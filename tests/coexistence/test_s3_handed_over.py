"""S3 is handed over whole: while moto is active, every S3 call is moto's, and what
eventmock's services write into S3 (Firehose deliveries, Data Exchange exports) or read
from it (Data Exchange imports) goes to moto's S3 too. Without moto, eventmock's own S3
serves them."""

from __future__ import annotations

import boto3
import pytest

moto = pytest.importorskip("moto")

import eventmock  # noqa: E402
from eventmock import mock_aws  # noqa: E402

REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/firehose"


def client(service: str):
    return boto3.client(service, region_name=REGION)


def test_a_users_s3_calls_are_answered_by_moto(both):
    s3 = client("s3")
    s3.create_bucket(Bucket="mine")
    s3.put_object(Bucket="mine", Key="k", Body=b"v")
    # an operation eventmock's small S3 does not emulate works: moto answers it
    s3.put_bucket_versioning(Bucket="mine", VersioningConfiguration={"Status": "Enabled"})
    assert s3.get_bucket_versioning(Bucket="mine")["Status"] == "Enabled"
    assert s3.get_object(Bucket="mine", Key="k")["Body"].read() == b"v"
    assert not both.store.existing("s3")  # eventmock holds no S3 state
    # ...and moto holds it: it is there for a client of moto's alone
    from moto.s3.models import s3_backends

    assert "mine" in s3_backends["123456789012"]["aws"].buckets


def _deliver(firehose, bucket: str) -> str:
    """Two records through a new delivery stream into ``bucket``; the stream's ARN."""
    arn = firehose.create_delivery_stream(
        DeliveryStreamName="clicks",
        S3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": f"arn:aws:s3:::{bucket}", "Prefix": "in/"},
    )["DeliveryStreamARN"]
    firehose.put_record_batch(DeliveryStreamName="clicks", Records=[{"Data": b'{"n":1}\n'}, {"Data": b'{"n":2}\n'}])
    eventmock.current().firehose.flush()  # deliver the buffer now
    return arn


def test_a_firehose_delivery_lands_in_motos_s3(both):
    s3 = client("s3")
    s3.create_bucket(Bucket="lake")
    arn = _deliver(client("firehose"), "lake")
    [obj] = s3.list_objects_v2(Bucket="lake")["Contents"]
    assert obj["Key"].startswith("in/")
    assert s3.get_object(Bucket="lake", Key=obj["Key"])["Body"].read() == b'{"n":1}\n{"n":2}\n'
    [record, _] = both.firehose.records(arn)
    assert (record.bucket, record.key) == ("lake", obj["Key"])


def test_a_firehose_delivery_to_a_bucket_moto_lacks_fails_as_no_such_bucket(both):
    arn = _deliver(client("firehose"), "nowhere")
    [record, _] = both.firehose.records(arn)
    assert record.key is None
    assert record.error.startswith("S3.NoSuchBucket")


def test_a_data_exchange_import_and_export_use_motos_s3(both):
    s3 = client("s3")
    s3.create_bucket(Bucket="source")
    s3.create_bucket(Bucket="exports")
    s3.put_object(Bucket="source", Key="prices.csv", Body=b"sku,price\na,1\n")
    dx = client("dataexchange")
    data_set = dx.create_data_set(AssetType="S3_SNAPSHOT", Name="prices", Description="d")
    revision = dx.create_revision(DataSetId=data_set["Id"])
    ids = {"DataSetId": data_set["Id"], "RevisionId": revision["Id"]}
    job = dx.create_job(
        Type="IMPORT_ASSETS_FROM_S3",
        Details={"ImportAssetsFromS3": {"AssetSources": [{"Bucket": "source", "Key": "prices.csv"}], **ids}},
    )
    dx.start_job(JobId=job["Id"])
    assert dx.get_job(JobId=job["Id"])["State"] == "COMPLETED"
    [asset] = dx.list_revision_assets(**ids)["Assets"]
    job = dx.create_job(
        Type="EXPORT_ASSETS_TO_S3",
        Details={"ExportAssetsToS3": {"AssetDestinations": [{"AssetId": asset["Id"], "Bucket": "exports", "Key": "out.csv"}], **ids}},
    )
    dx.start_job(JobId=job["Id"])
    assert dx.get_job(JobId=job["Id"])["State"] == "COMPLETED"
    assert s3.get_object(Bucket="exports", Key="out.csv")["Body"].read() == b"sku,price\na,1\n"
    # an export to a bucket moto does not have fails as it would in AWS
    job = dx.create_job(
        Type="EXPORT_ASSETS_TO_S3",
        Details={"ExportAssetsToS3": {"AssetDestinations": [{"AssetId": asset["Id"], "Bucket": "absent"}], **ids}},
    )
    dx.start_job(JobId=job["Id"])
    failed = dx.get_job(JobId=job["Id"])
    assert failed["State"] == "ERROR"
    assert failed["Errors"][0]["Message"] == "The Amazon S3 bucket absent does not exist."


def test_once_moto_exits_eventmocks_own_s3_serves_again():
    with mock_aws() as aws:
        with moto.mock_aws():
            client("s3").create_bucket(Bucket="motos")
        s3 = client("s3")
        with pytest.raises(s3.exceptions.NoSuchBucket):
            s3.list_objects_v2(Bucket="motos")
        s3.create_bucket(Bucket="lake")
        _deliver(client("firehose"), "lake")
        assert len(aws.s3.objects("lake")) == 1
