"""Record format conversion (DataFormatConversionConfiguration): checked, stored and
described; at delivery, what AWS could not read goes to format-conversion-failed/, and
what AWS would write as Parquet or ORC is kept undelivered (eventmock writes neither)."""

from __future__ import annotations

import base64
import json

import pytest
from botocore.exceptions import ClientError

from tests.firehose.conftest import BUCKET, BUCKET_ARN, ROLE

SCHEMA = {"RoleARN": ROLE, "DatabaseName": "db", "TableName": "events"}
CONVERSION = {
    "Enabled": True,
    "SchemaConfiguration": SCHEMA,
    "InputFormatConfiguration": {"Deserializer": {"OpenXJsonSerDe": {}}},
    "OutputFormatConfiguration": {"Serializer": {"ParquetSerDe": {"Compression": "SNAPPY"}}},
}


def _create(firehose, conversion=CONVERSION, **extra):
    config = {"RoleARN": ROLE, "BucketARN": BUCKET_ARN, "DataFormatConversionConfiguration": conversion, **extra}
    return firehose.create_delivery_stream(DeliveryStreamName="parquet", ExtendedS3DestinationConfiguration=config)["DeliveryStreamARN"]


def _destination(firehose):
    [destination] = firehose.describe_delivery_stream(DeliveryStreamName="parquet")["DeliveryStreamDescription"]["Destinations"]
    return destination


def test_the_configuration_is_stored_and_described_as_given(firehose, lake):
    _create(firehose)
    destination = _destination(firehose)
    assert destination["ExtendedS3DestinationDescription"]["DataFormatConversionConfiguration"] == CONVERSION
    assert "DataFormatConversionConfiguration" not in destination["S3DestinationDescription"]
    # a converting destination buffers 128 MiB unless told otherwise
    assert destination["ExtendedS3DestinationDescription"]["BufferingHints"] == {"SizeInMBs": 128, "IntervalInSeconds": 300}


def test_a_disabled_configuration_is_stored_without_the_checks(firehose, lake):
    _create(firehose, {"Enabled": False}, CompressionFormat="GZIP")
    described = _destination(firehose)["ExtendedS3DestinationDescription"]
    assert described["DataFormatConversionConfiguration"] == {"Enabled": False}
    assert described["BufferingHints"]["SizeInMBs"] == 5


@pytest.mark.parametrize(
    ("conversion", "extra", "words"),
    [
        (CONVERSION, {"CompressionFormat": "GZIP"}, "CompressionFormat must be UNCOMPRESSED"),
        (CONVERSION, {"BufferingHints": {"SizeInMBs": 5, "IntervalInSeconds": 60}}, "SizeInMBs must be at least 64"),
        ({k: v for k, v in CONVERSION.items() if k != "SchemaConfiguration"}, {}, "SchemaConfiguration must be specified"),
        ({k: v for k, v in CONVERSION.items() if k != "Enabled" and k != "OutputFormatConfiguration"}, {}, "OutputFormatConfiguration"),
        ({**CONVERSION, "SchemaConfiguration": {"RoleARN": ROLE, "DatabaseName": "db"}}, {}, "TableName"),
        ({**CONVERSION, "InputFormatConfiguration": {"Deserializer": {"OpenXJsonSerDe": {}, "HiveJsonSerDe": {}}}}, {}, "Deserializer"),
        ({**CONVERSION, "OutputFormatConfiguration": {"Serializer": {}}}, {}, "Serializer"),
    ],
)
def test_an_enabled_configuration_is_checked(firehose, lake, conversion, extra, words):
    with pytest.raises(ClientError) as caught:
        _create(firehose, conversion, **extra)
    assert caught.value.response["Error"]["Code"] == "InvalidArgumentException"
    assert words in caught.value.response["Error"]["Message"]
    assert firehose.list_delivery_streams()["DeliveryStreamNames"] == []


def test_the_model_constraints_apply(firehose, lake):
    spaced = {**CONVERSION, "SchemaConfiguration": {**SCHEMA, "DatabaseName": "two words"}}
    with pytest.raises(ClientError) as caught:
        _create(firehose, spaced)
    assert caught.value.response["Error"]["Code"] == "ValidationException"
    assert "dataFormatConversionConfiguration.schemaConfiguration.databaseName" in caught.value.response["Error"]["Message"]


def test_update_destination_merges_the_configuration(firehose, lake):
    _create(firehose)
    firehose.update_destination(
        DeliveryStreamName="parquet",
        CurrentDeliveryStreamVersionId="1",
        DestinationId="destinationId-000000000001",
        ExtendedS3DestinationUpdate={"DataFormatConversionConfiguration": {"SchemaConfiguration": {"TableName": "other"}}},
    )
    described = _destination(firehose)["ExtendedS3DestinationDescription"]["DataFormatConversionConfiguration"]
    assert described["SchemaConfiguration"] == {**SCHEMA, "TableName": "other"}
    assert described["OutputFormatConfiguration"] == CONVERSION["OutputFormatConfiguration"]


def test_records_that_are_not_json_go_to_the_error_output_and_the_others_are_kept(firehose, s3, lake, eventmock):
    arn = _create(firehose, ErrorOutputPrefix="errors/!{firehose:error-output-type}/", Prefix="data/!{timestamp:yyyy}/")
    firehose.put_record_batch(
        DeliveryStreamName="parquet",
        Records=[{"Data": b'{"a": 1}\n{"a": 2}\n'}, {"Data": b"not json"}, {"Data": b"[1, 2]"}],
    )
    eventmock.firehose.flush()
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert len(keys) == 1 and keys[0].startswith("errors/format-conversion-failed/") and "/parquet-1-" in keys[0]
    lines = [json.loads(line) for line in s3.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read().splitlines()]
    assert [base64.b64decode(line["rawData"]) for line in lines] == [b"not json", b"[1, 2]"]
    assert {line["ErrorCode"] for line in lines} == {"DataFormatConversion.ParseError"}
    assert lines[0]["dataCatalogTable"] == {
        "catalogId": "123456789012",
        "databaseName": "db",
        "tableName": "events",
        "region": "us-east-1",
        "versionId": "LATEST",
        "catalogArn": "arn:aws:glue:us-east-1:123456789012:catalog",
    }
    records = eventmock.firehose.records(arn)
    assert records[0].error.startswith("eventmock.DataFormatConversionNotEmulated")
    assert not records[0].delivered and records[0].key is None
    assert [r.error.split(":")[0] for r in records[1:]] == ["DataFormatConversion.ParseError"] * 2
