"""Delivering what a delivery stream accepted: the Lambda transformation, if any, then
the destination.

- **S3** (``S3``, ``ExtendedS3``): one object holding the batch, under Firehose's key
  layout, through :mod:`eventmock.services.s3.access` (eventmock's S3, or moto's while
  moto takes S3 whole).
- **HTTP endpoint**: one POST per batch through ``register_http``
  (:mod:`eventmock.core.http`), in Firehose's request format; a batch the endpoint
  refuses (or that reaches no handler) is written to the S3 configuration's bucket
  under ``http-endpoint-failed/``.
- **Redshift, OpenSearch, Splunk, Snowflake, Iceberg**: nothing outside AWS answers
  them (moto keeps no data in them), so the records are kept, readable with
  ``aws.firehose.records(arn)``; with an ``S3BackupMode`` of ``All...`` the batch is
  also written to the S3 configuration's bucket.

Records a transformation fails are written, as JSON lines, to the error output:
``ErrorOutputPrefix`` with ``!{firehose:error-output-type}`` = ``processing-failed``, or
``processing-failed/`` and the time. A destination that converts the record format
(:mod:`.conversion`) sends the records it cannot read to ``format-conversion-failed``
and keeps the others undelivered (eventmock writes no Parquet or ORC).
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
from typing import TYPE_CHECKING

from eventmock.core import clock, http, ids, targets
from eventmock.core.errors import ServiceError
from eventmock.services.firehose import conversion
from eventmock.services.firehose.destinations import OtherDestination
from eventmock.services.firehose.models import DeliveryStream, Record
from eventmock.services.firehose.prefixes import evaluate_prefix
from eventmock.services.firehose.s3_destination import COMPRESSIONS, S3Destination
from eventmock.services.firehose.transform import lambda_arn, transform
from eventmock.services.s3 import access as s3_access

if TYPE_CHECKING:
    from eventmock.core.store import Store

#: A record of a failed delivery, as Firehose writes it to the error output.
Failure = tuple[Record, str, str]


def deliver(store: Store, account: str, region: str, stream: DeliveryStream, records: list[Record]) -> None:
    """Deliver accepted records (their fate is kept on each :class:`Record`)."""
    for record in records:
        record.pending = False
    destination = stream.destination
    pairs = [(r, r.data) for r in records]
    function = lambda_arn(destination.processing)
    if function is not None:
        source = stream.source["KinesisStreamARN"] if stream.source is not None else None
        outcome = transform(store, function, stream.arn, records, source)
        pairs = outcome.ok
        for record, code, message in outcome.failed:
            record.error = f"{code}: {message}"
        if outcome.failed:
            _errors(store, account, region, stream, _s3_of(destination), outcome.failed, "processing-failed", function)
    for record, _ in pairs:
        record.destination = destination.kind
    if isinstance(destination, S3Destination) and conversion.enabled(destination.format_conversion):
        _convert(store, account, region, stream, destination, pairs)
        return
    if not pairs:
        return
    if isinstance(destination, S3Destination):
        _to_s3(store, account, region, stream, destination, pairs)
    elif destination.kind == "HttpEndpoint":
        _to_http(store, account, region, stream, destination, pairs)
    elif destination.backup_mode.startswith("All"):
        _to_s3(store, account, region, stream, destination.backup, pairs, keep=False)


def _convert(store: Store, account: str, region: str, stream: DeliveryStream, destination: S3Destination, pairs: list[tuple[Record, bytes]]) -> None:
    """Format conversion: what AWS could not read goes to the error output; what it
    would write as Parquet or ORC is kept undelivered, with the reason."""
    readable, failed = conversion.split(pairs)
    for record, code, message in failed:
        record.error = f"{code}: {message}"
    if failed:
        assert destination.format_conversion is not None
        catalog = conversion.catalog_table(destination.format_conversion, account, region)
        _errors(store, account, region, stream, destination, failed, "format-conversion-failed", catalog=catalog)
    for record, _ in readable:
        record.error = f"{conversion.NOT_EMULATED}: {conversion.NOT_EMULATED_MESSAGE}"
    if readable:
        targets.log_failure(stream.arn, conversion.NOT_EMULATED, f"{len(readable)} record(s): {conversion.NOT_EMULATED_MESSAGE}", None)


def _s3_of(destination: S3Destination | OtherDestination) -> S3Destination:
    return destination if isinstance(destination, S3Destination) else destination.backup


def _key(stream: DeliveryStream, local: dt.datetime, prefix: str, extension: str) -> str:
    """Firehose's object key: ``<prefix><stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid><extension>``."""
    return prefix + f"{stream.name}-{stream.version}-{local:%Y-%m-%d-%H-%M-%S}-{ids.uuid4()}{extension}"


def _local(destination: S3Destination) -> dt.datetime:
    """Now, in the destination's time zone (UTC unless ``CustomTimeZone``)."""
    tz = clock.zone(destination.custom_time_zone) if destination.custom_time_zone else None
    return clock.now().astimezone(tz) if tz is not None else clock.now()


def _put(store: Store, account: str, region: str, destination: S3Destination, key: str, body: bytes) -> str | None:
    """Write one object to the destination's bucket; the error, if it failed."""
    if destination.compression == "GZIP":
        body = gzip.compress(body, mtime=0)
    kms = destination.encryption.get("KMSEncryptionConfig")
    sse = {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": kms["AWSKMSKeyARN"]} if kms else None
    try:
        s3_access.write(store, account, region, destination.bucket, key, body, content_type="application/octet-stream", sse=sse)
    except ServiceError as error:
        return f"S3.{error.code}: {error.message}"
    return None


def _to_s3(
    store: Store, account: str, region: str, stream: DeliveryStream, destination: S3Destination, pairs: list[tuple[Record, bytes]], keep: bool = True
) -> None:
    """One object holding the batch; ``keep``: the records say where they went."""
    local = _local(destination)
    extension = destination.file_extension or COMPRESSIONS[destination.compression]
    key = _key(stream, local, evaluate_prefix(destination.prefix or "", local), extension)
    error = _put(store, account, region, destination, key, b"".join(data for _, data in pairs))
    if not keep:
        return
    for record, _ in pairs:
        if error is not None:
            record.error = error
        else:
            record.bucket, record.key = destination.bucket, key


def _errors(
    store: Store,
    account: str,
    region: str,
    stream: DeliveryStream,
    destination: S3Destination,
    failed: list[Failure],
    kind: str,
    lambda_arn: str | None = None,
    catalog: dict[str, str] | None = None,
) -> None:
    """Write records that failed to the error output, one JSON line each (a format
    conversion's lines name the Glue table, ``catalog``, with AWS's documented
    ``ErrorCode`` and ``ErrorMessage``)."""
    local = _local(destination)
    now_ms = clock.epoch_ms()
    prefix = destination.error_output_prefix
    evaluated = evaluate_prefix(prefix, local, kind) if prefix else evaluate_prefix(f"{kind}/", local)
    lines = []
    for record, code, message in failed:
        line: dict[str, object] = {
            "attemptsMade": 1,
            "arrivalTimestamp": int(record.arrival.timestamp() * 1000),
            "ErrorCode" if catalog is not None else "errorCode": code,
            "ErrorMessage" if catalog is not None else "errorMessage": message,
            "attemptEndingTimestamp": now_ms,
            "rawData": base64.b64encode(record.data).decode(),
        }
        if lambda_arn is not None:
            line["lambdaArn"] = lambda_arn
        if catalog is not None:
            line["dataCatalogTable"] = dict(catalog)
        lines.append(json.dumps(line, separators=(",", ":")) + "\n")
    _put(store, account, region, destination, _key(stream, local, evaluated, ""), "".join(lines).encode())


def _to_http(store: Store, account: str, region: str, stream: DeliveryStream, destination: OtherDestination, pairs: list[tuple[Record, bytes]]) -> None:
    endpoint = destination.config.get("EndpointConfiguration") or {}
    request_config = destination.config.get("RequestConfiguration") or {}
    request_id = ids.uuid4()
    body = json.dumps(
        {"requestId": request_id, "timestamp": clock.epoch_ms(), "records": [{"data": base64.b64encode(data).decode()} for _, data in pairs]}
    ).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Amz-Firehose-Protocol-Version": "1.0",
        "X-Amz-Firehose-Request-Id": request_id,
        "X-Amz-Firehose-Source-Arn": stream.arn,
    }
    if endpoint.get("AccessKey") is not None:
        headers["X-Amz-Firehose-Access-Key"] = endpoint["AccessKey"]
    attributes = {a["AttributeName"]: a["AttributeValue"] for a in request_config.get("CommonAttributes") or []}
    if attributes:
        headers["X-Amz-Firehose-Common-Attributes"] = json.dumps({"commonAttributes": attributes})
    if request_config.get("ContentEncoding") == "GZIP":
        headers["Content-Encoding"] = "gzip"
        body = gzip.compress(body, mtime=0)
    try:
        response = http.send(store, "POST", str(endpoint.get("Url", "")), headers, body)
    except http.Unreachable:
        code, message = "HttpEndpoint.DestinationException", f"No HTTP endpoint answered at {endpoint.get('Url')}."
    except Exception as error:  # noqa: BLE001 - the endpoint's failure is the delivery's
        code, message = "HttpEndpoint.DestinationException", f"The HTTP endpoint failed: {error}"
    else:
        if response.ok:
            if destination.backup_mode.startswith("All"):
                _to_s3(store, account, region, stream, destination.backup, pairs, keep=False)
            return
        code, message = "HttpEndpoint.ResponseErrorCode", f"The HTTP endpoint answered with status {response.status}."
    failed = [(record, code, message) for record, _ in pairs]
    for record, _ in pairs:
        record.error = f"{code}: {message}"
    _errors(store, account, region, stream, destination.backup, failed, "http-endpoint-failed")
