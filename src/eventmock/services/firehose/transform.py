"""Data transformation with Lambda (``ProcessingConfiguration`` with a ``Lambda``
processor): the records go to the function in Firehose's transformation event, through
the Lambda backend's one way to run a function, and its answer decides each record's
fate: ``Ok`` (delivered as the function's ``data``), ``Dropped`` (not delivered, not a
failure), ``ProcessingFailed`` (not delivered; written to the error output, as AWS
writes it to ``processing-failed/``).

The event::

    {"invocationId": "...", "deliveryStreamArn": "...", "region": "...",
     "records": [{"recordId": "...", "approximateArrivalTimestamp": 1700000000000,
                  "data": "<base64>"}]}

(a stream reading a Kinesis stream adds ``sourceKinesisStreamArn``; AWS also gives
each record ``kinesisRecordMetadata``, which eventmock does not).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventmock.core import arns, ids
from eventmock.core.errors import NotEmulatedError, ServiceError
from eventmock.services.firehose.models import Record, invalid

if TYPE_CHECKING:
    from eventmock.core.store import Store

RESULTS = frozenset({"Ok", "Dropped", "ProcessingFailed"})


def check_processing(processing: dict[str, Any] | None, member: str, operation: str) -> dict[str, Any] | None:
    """``ProcessingConfiguration``, checked: an enabled one may have ``Lambda``
    processors only (the other processor types are not emulated), each naming its
    function. A copy, or ``None``."""
    if processing is None:
        return None
    if processing.get("Enabled"):
        for processor in processing.get("Processors") or []:
            kind = processor.get("Type")
            if kind != "Lambda":
                raise NotEmulatedError("firehose", operation, f"eventmock does not emulate {kind} processors ({member}.ProcessingConfiguration)")
            if lambda_arn({"Enabled": True, "Processors": [processor]}) is None:
                raise invalid("LambdaArn must be specified for a Lambda processor.")
    copied: dict[str, Any] = {
        **processing,
        "Processors": [
            {**p, "Parameters": [dict(q) for q in p.get("Parameters") or []]} if "Parameters" in p else dict(p)
            for p in processing.get("Processors") or []
        ],
    }
    if "Processors" not in processing:
        del copied["Processors"]
    return copied


def lambda_arn(processing: dict[str, Any] | None) -> str | None:
    """The function an enabled processing configuration transforms with, if any."""
    if not processing or not processing.get("Enabled"):
        return None
    for processor in processing.get("Processors") or []:
        if processor.get("Type") == "Lambda":
            for parameter in processor.get("Parameters") or []:
                if parameter.get("ParameterName") == "LambdaArn":
                    return str(parameter.get("ParameterValue"))
    return None


@dataclass
class Outcome:
    """What a transformation made of a batch."""

    #: (record, the data to deliver) for each record the function answered ``Ok``.
    ok: list[tuple[Record, bytes]]
    #: (record, error code, error message) for each record that failed.
    failed: list[tuple[Record, str, str]]


def transform(store: Store, function_arn: str, stream_arn: str, records: list[Record], source_arn: str | None = None) -> Outcome:
    """Run the batch through the function (any account or region its ARN names)."""
    from eventmock.services.lambda_.backend import LambdaBackend

    parsed = arns.parse(function_arn)
    region = stream_arn.split(":")[3]
    event: dict[str, Any] = {"invocationId": ids.uuid4(), "deliveryStreamArn": stream_arn, "region": region}
    if source_arn is not None:
        event["sourceKinesisStreamArn"] = source_arn
    event["records"] = [
        {"recordId": r.record_id, "approximateArrivalTimestamp": int(r.arrival.timestamp() * 1000), "data": base64.b64encode(r.data).decode()}
        for r in records
    ]

    def all_failed(code: str, message: str) -> Outcome:
        return Outcome([], [(r, code, message) for r in records])

    if parsed is None:
        return all_failed("Lambda.InvokeAccessDenied", f"Invalid Lambda function ARN {function_arn}.")
    backend = store.backend("lambda", parsed.account, parsed.region)
    assert isinstance(backend, LambdaBackend)
    try:
        answer = backend._invoke(function_arn, event)
    except ServiceError as error:
        return all_failed(f"Lambda.{error.code}", error.message)
    except Exception as error:  # noqa: BLE001 - the function's failure is the batch's
        return all_failed("Lambda.FunctionError", f"The Lambda function was successfully invoked but it returned an error result: {error}")
    returned = answer.get("records") if isinstance(answer, dict) else None
    if not isinstance(returned, list):
        return all_failed("Lambda.FunctionError", "The Lambda function returned no records list.")
    by_id = {str(item.get("recordId")): item for item in returned if isinstance(item, dict)}
    outcome = Outcome([], [])
    for record in records:
        item = by_id.get(record.record_id)
        if item is None:
            outcome.failed.append((record, "Lambda.MissingRecordId", "One or more record Ids were not returned. Ensure that the Lambda function returns all received record Ids."))
            continue
        result = item.get("result")
        if result not in RESULTS:
            outcome.failed.append((record, "Lambda.InvalidResult", f"The result {result!r} is not Ok, Dropped or ProcessingFailed."))
            continue
        record.result = str(result)
        if result == "Dropped":
            continue
        if result == "ProcessingFailed":
            outcome.failed.append((record, "Lambda.ProcessingFailed", "The Lambda function answered ProcessingFailed for the record."))
            continue
        try:
            data = base64.b64decode(str(item.get("data", "")), validate=True)
        except (binascii.Error, ValueError):
            outcome.failed.append((record, "Lambda.InvalidData", "The data the Lambda function returned is not base64."))
            continue
        record.transformed = data
        outcome.ok.append((record, data))
    return outcome
