"""Destinations other than S3: stored and described as the model says, HTTP endpoints
delivered through register_http in Firehose's request format, the others kept."""

from __future__ import annotations

import base64
import gzip
import json

import pytest
from botocore.exceptions import ParamValidationError

ROLE = "arn:aws:iam::123456789012:role/firehose-delivery"
BUCKET_ARN = "arn:aws:s3:::lake"

BACKUP = {"RoleARN": ROLE, "BucketARN": BUCKET_ARN}
URL = "https://collector.example.com/firehose"

CONFIGS = {
    "HttpEndpoint": {"EndpointConfiguration": {"Url": URL, "Name": "collector", "AccessKey": "secret"}, "S3Configuration": BACKUP},
    "Redshift": {
        "RoleARN": ROLE,
        "ClusterJDBCURL": "jdbc:redshift://c.abc.us-east-1.redshift.amazonaws.com:5439/db",
        "CopyCommand": {"DataTableName": "t"},
        "Username": "admin",
        "Password": "hunter22",
        "S3Configuration": BACKUP,
    },
    "Elasticsearch": {"RoleARN": ROLE, "DomainARN": "arn:aws:es:us-east-1:123456789012:domain/logs", "IndexName": "i", "S3Configuration": BACKUP},
    "Amazonopensearchservice": {"RoleARN": ROLE, "DomainARN": "arn:aws:es:us-east-1:123456789012:domain/logs", "IndexName": "i", "S3Configuration": BACKUP},
    "AmazonOpenSearchServerless": {"RoleARN": ROLE, "CollectionEndpoint": "https://c.us-east-1.aoss.amazonaws.com", "IndexName": "i", "S3Configuration": BACKUP},
    "Splunk": {"HECEndpoint": "https://splunk.example.com:8088", "HECEndpointType": "Raw", "HECToken": "token", "S3Configuration": BACKUP},
    "Snowflake": {
        "AccountUrl": "https://acme.snowflakecomputing.com",
        "PrivateKey": "MIIkeyAA" + "A" * 256,
        "User": "u",
        "Database": "db",
        "Schema": "s",
        "Table": "t",
        "RoleARN": ROLE,
        "S3Configuration": BACKUP,
    },
    "Iceberg": {"RoleARN": ROLE, "CatalogConfiguration": {"CatalogARN": "arn:aws:glue:us-east-1:123456789012:catalog"}, "S3Configuration": BACKUP},
}
#: What the description must not show (the model's description has no member for it).
SECRETS = {"HttpEndpoint": "secret", "Redshift": "hunter22", "Snowflake": "MIIkeyAAAA"}


@pytest.mark.parametrize("kind", sorted(CONFIGS))
def test_every_destination_type_is_stored_and_described(firehose, lake, eventmock, kind):
    arn = firehose.create_delivery_stream(DeliveryStreamName="d", **{f"{kind}DestinationConfiguration": CONFIGS[kind]})["DeliveryStreamARN"]
    [destination] = firehose.describe_delivery_stream(DeliveryStreamName="d")["DeliveryStreamDescription"]["Destinations"]
    assert set(destination) == {"DestinationId", f"{kind}DestinationDescription"}
    described = destination[f"{kind}DestinationDescription"]
    assert described["S3DestinationDescription"]["BucketARN"] == BUCKET_ARN
    assert described["S3DestinationDescription"]["CompressionFormat"] == "UNCOMPRESSED"
    assert described["S3BackupMode"]
    if kind in SECRETS:
        assert SECRETS[kind] not in json.dumps(described, default=str)
    if kind == "Redshift":
        assert (described["Username"], described["CopyCommand"]) == ("admin", {"DataTableName": "t"})
    if kind != "HttpEndpoint":
        firehose.put_record(DeliveryStreamName="d", Record={"Data": b"row"})
        eventmock.firehose.flush()
        [record] = eventmock.firehose.records(arn)
        assert (record.destination, record.data, record.error) == (kind, b"row", None)


def test_http_endpoint_gets_firehoses_request(firehose, lake, eventmock):
    received = []

    def collector(request):
        received.append(request)
        body = request.json()
        return 200, {"requestId": body["requestId"], "timestamp": body["timestamp"]}

    eventmock.register_http(URL, collector)
    config = {
        **CONFIGS["HttpEndpoint"],
        "RequestConfiguration": {"CommonAttributes": [{"AttributeName": "env", "AttributeValue": "test"}]},
    }
    arn = firehose.create_delivery_stream(DeliveryStreamName="h", HttpEndpointDestinationConfiguration=config)["DeliveryStreamARN"]
    firehose.put_record_batch(DeliveryStreamName="h", Records=[{"Data": b"one"}, {"Data": b"two"}])
    assert received == []  # buffered: 5 MiB or 300 s of the mock's clock
    eventmock.advance(300)
    [request] = received
    assert request.method == "POST"
    body = request.json()
    assert [base64.b64decode(r["data"]) for r in body["records"]] == [b"one", b"two"]
    assert isinstance(body["timestamp"], int)
    headers = request.headers
    assert headers["X-Amz-Firehose-Request-Id"] == body["requestId"]
    assert headers["X-Amz-Firehose-Access-Key"] == "secret"
    assert json.loads(headers["X-Amz-Firehose-Common-Attributes"]) == {"commonAttributes": {"env": "test"}}
    assert headers["X-Amz-Firehose-Source-Arn"] == arn
    assert headers["Content-Type"] == "application/json"
    assert all(r.delivered and r.destination == "HttpEndpoint" for r in eventmock.firehose.records(arn))


def test_http_endpoint_with_gzip_content_encoding(firehose, lake, eventmock):
    bodies = []
    eventmock.register_http(URL, lambda request: bodies.append((request.headers.get("Content-Encoding"), request.body)))
    config = {**CONFIGS["HttpEndpoint"], "RequestConfiguration": {"ContentEncoding": "GZIP"}}
    firehose.create_delivery_stream(DeliveryStreamName="h", HttpEndpointDestinationConfiguration=config)
    firehose.put_record(DeliveryStreamName="h", Record={"Data": b"x"})
    eventmock.firehose.flush()
    [(encoding, body)] = bodies
    assert encoding == "gzip"
    assert base64.b64decode(json.loads(gzip.decompress(body))["records"][0]["data"]) == b"x"


def test_a_refused_http_delivery_goes_to_the_backup_bucket(firehose, s3, lake, eventmock):
    eventmock.register_http(URL, lambda request: 500)
    arn = firehose.create_delivery_stream(DeliveryStreamName="h", HttpEndpointDestinationConfiguration=CONFIGS["HttpEndpoint"])["DeliveryStreamARN"]
    firehose.put_record(DeliveryStreamName="h", Record={"Data": b"lost"})
    eventmock.firehose.flush()
    [record] = eventmock.firehose.records(arn)
    assert not record.delivered
    assert record.error.startswith("HttpEndpoint.ResponseErrorCode")
    [obj] = s3.list_objects_v2(Bucket=lake)["Contents"]
    assert obj["Key"].startswith("http-endpoint-failed/")
    [line] = s3.get_object(Bucket=lake, Key=obj["Key"])["Body"].read().splitlines()
    failed = json.loads(line)
    assert base64.b64decode(failed["rawData"]) == b"lost"
    assert failed["errorCode"] == "HttpEndpoint.ResponseErrorCode"


def test_all_data_backup_mode_also_writes_to_s3(firehose, s3, lake, eventmock):
    config = {**CONFIGS["Splunk"], "S3BackupMode": "AllEvents"}
    firehose.create_delivery_stream(DeliveryStreamName="sp", SplunkDestinationConfiguration=config)
    firehose.put_record(DeliveryStreamName="sp", Record={"Data": b"event"})
    eventmock.firehose.flush()
    [obj] = s3.list_objects_v2(Bucket=lake)["Contents"]
    assert s3.get_object(Bucket=lake, Key=obj["Key"])["Body"].read() == b"event"


def test_a_destination_of_another_type_needs_its_s3_configuration(firehose):
    config = {k: v for k, v in CONFIGS["HttpEndpoint"].items() if k != "S3Configuration"}
    with pytest.raises(ParamValidationError):  # S3Configuration is required by the model
        firehose.create_delivery_stream(DeliveryStreamName="h", HttpEndpointDestinationConfiguration=config)
    assert firehose.list_delivery_streams()["DeliveryStreamNames"] == []


def test_update_merges_into_a_destination_of_the_same_type(firehose, lake):
    firehose.create_delivery_stream(DeliveryStreamName="h", HttpEndpointDestinationConfiguration=CONFIGS["HttpEndpoint"])
    firehose.update_destination(
        DeliveryStreamName="h",
        CurrentDeliveryStreamVersionId="1",
        DestinationId="destinationId-000000000001",
        HttpEndpointDestinationUpdate={"EndpointConfiguration": {"Url": "https://other.example.com"}, "S3Update": {"Prefix": "backup/"}},
    )
    [destination] = firehose.describe_delivery_stream(DeliveryStreamName="h")["DeliveryStreamDescription"]["Destinations"]
    described = destination["HttpEndpointDestinationDescription"]
    assert described["EndpointConfiguration"] == {"Url": "https://other.example.com"}
    assert described["S3DestinationDescription"]["Prefix"] == "backup/"
