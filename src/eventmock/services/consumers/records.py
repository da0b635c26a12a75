"""What consumers hand their targets, in each service's record format: an SQS message
and a Kinesis record as Lambda's event source mappings and Pipes give them, the batch
information of a failed stream batch, and the filter criteria (compiled by the
EventBridge pattern engine) and the view of a record they are matched against; and how a batch fails
(:class:`BatchFailed`).
:mod:`.poller` reads the sources; this module only shapes what it read."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from eventmock.core import timestamps
from eventmock.core.due import from_ms
from eventmock.services.events.patterns import InvalidEventPattern, Matcher
from eventmock.services.events.patterns import compile as compile_pattern

if TYPE_CHECKING:
    from eventmock.services.kinesis.backend import Record, Shard, Stream
    from eventmock.services.sqs.backend import Message as SqsMessage
    from eventmock.services.sqs.backend import Queue

class BatchFailed(Exception):
    """The whole batch failed (the function raised, the target refused it)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class BatchDropped(BatchFailed):
    """The batch is not to be processed at all (Lambda's recursive loop detection
    stopped the invocation): SQS messages go to the queue's dead-letter queue if it
    has one, else are deleted."""


#: The longest filter pattern (Lambda's limit; Pipes' is taken to be the same).
MAX_FILTER_PATTERN = 4_096


def compile_filters(criteria: dict[str, Any] | None, error: Callable[[str], Exception]) -> list[Matcher]:
    """The patterns of ``FilterCriteria``, compiled by the EventBridge pattern engine;
    ``error(message)`` builds the service's error for an invalid one."""
    matchers = []
    for item in (criteria or {}).get("Filters") or []:
        pattern = item.get("Pattern")
        if not pattern:
            raise error("Invalid filter pattern definition.")
        try:
            matchers.append(compile_pattern(pattern, max_length=MAX_FILTER_PATTERN))
        except (InvalidEventPattern, ValueError, TypeError):
            raise error("Invalid filter pattern definition.") from None
    return matchers


# -- record formats -----------------------------------------------------------------


def sqs_record(queue: Queue, message: SqsMessage, handle: str) -> dict[str, Any]:
    """A message as Lambda and Pipes receive it from SQS."""
    attributes = {
        "ApproximateReceiveCount": str(message.receive_count),
        "SentTimestamp": str(message.sent_ms),
        "SenderId": message.sender_id,
        "ApproximateFirstReceiveTimestamp": str(message.first_receive_ms),
    }
    if queue.fifo:
        attributes["SequenceNumber"] = message.sequence_number or ""
        attributes["MessageGroupId"] = message.group_id or ""
        attributes["MessageDeduplicationId"] = message.deduplication_id or ""
    if message.trace_header is not None:
        attributes["AWSTraceHeader"] = message.trace_header
    if message.dead_letter_source_arn is not None:
        attributes["DeadLetterQueueSourceArn"] = message.dead_letter_source_arn
    message_attributes = {
        name: {
            "stringValue": a.get("StringValue"),
            "binaryValue": base64.b64encode(a["BinaryValue"]).decode() if a.get("BinaryValue") is not None else None,
            "stringListValues": [],
            "binaryListValues": [],
            "dataType": a["DataType"],
        }
        for name, a in message.attributes.items()
    }
    for value in message_attributes.values():
        if value["binaryValue"] is None:
            del value["binaryValue"]
        if value["stringValue"] is None:
            del value["stringValue"]
    return {
        "messageId": message.id,
        "receiptHandle": handle,
        "body": message.body,
        "attributes": attributes,
        "messageAttributes": message_attributes,
        "md5OfMessageAttributes": message.md5_of_attributes,
        "md5OfBody": message.md5_of_body,
        "eventSource": "aws:sqs",
        "eventSourceARN": queue.arn,
        "awsRegion": queue.region,
    }


def stream_item_id(record: dict[str, Any]) -> str | None:
    """The id a partial batch response names a stream record by: the Kinesis
    ``sequenceNumber``, the DynamoDB ``dynamodb.SequenceNumber``."""
    if "sequenceNumber" in record:
        return str(record["sequenceNumber"])
    sequence = (record.get("dynamodb") or {}).get("SequenceNumber") if isinstance(record.get("dynamodb"), dict) else None
    return str(sequence) if sequence is not None else None


def kinesis_record(stream: Stream, shard: Shard, record: Record) -> dict[str, Any]:
    """A record as Pipes receives it from Kinesis (flat; Lambda nests the first five
    members under ``kinesis``: :func:`lambda_kinesis_record`)."""
    sequence = str(record.sequence)
    return {
        "kinesisSchemaVersion": "1.0",
        "partitionKey": record.partition_key,
        "sequenceNumber": sequence,
        "data": base64.b64encode(record.data).decode(),
        "approximateArrivalTimestamp": record.arrival_ms / 1000,
        "eventSource": "aws:kinesis",
        "eventVersion": "1.0",
        "eventID": f"{shard.id}:{sequence}",
        "eventName": "aws:kinesis:record",
        "awsRegion": stream.arn.split(":")[3],
        "eventSourceARN": stream.arn,
    }


_KINESIS_BLOCK = ("kinesisSchemaVersion", "partitionKey", "sequenceNumber", "data", "approximateArrivalTimestamp")


def lambda_kinesis_record(record: dict[str, Any], role_arn: str) -> dict[str, Any]:
    out: dict[str, Any] = {"kinesis": {k: record[k] for k in _KINESIS_BLOCK}}
    out.update({k: v for k, v in record.items() if k not in _KINESIS_BLOCK})
    out["invokeIdentityArn"] = role_arn
    return out


def batch_info(stream: Stream, shard: Shard, records: list[Record]) -> dict[str, Any]:
    """``KinesisBatchInfo`` (``DDBStreamBatchInfo``) of an on-failure record."""
    first, last = records[0], records[-1]
    return {
        "shardId": shard.id,
        "startSequenceNumber": str(first.sequence),
        "endSequenceNumber": str(last.sequence),
        "approximateArrivalOfFirstRecord": timestamps.iso8601(from_ms(first.arrival_ms)),
        "approximateArrivalOfLastRecord": timestamps.iso8601(from_ms(last.arrival_ms)),
        "batchSize": len(records),
        "streamArn": stream.arn,
    }


def parsed_json(text: str) -> Any:
    """``text`` parsed, if it is a JSON object or array; else ``None``."""
    if not text or text[0] not in "{[":
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def filter_view(record: dict[str, Any]) -> dict[str, Any]:
    """What a filter pattern sees of a record: an SQS ``body`` or a Kinesis ``data``
    that holds JSON is matched as that JSON."""
    if "body" in record:
        body = parsed_json(record["body"])
        return {**record, "body": body} if body is not None else record
    if "data" in record:
        try:
            text = base64.b64decode(record["data"]).decode("utf-8")
        except (ValueError, UnicodeError):
            return record
        data = parsed_json(text)
        return {**record, "data": data if data is not None else text}
    return record


def partial_failures(response: Any, ids: set[str]) -> set[str]:
    """The failed item ids of a partial batch response (``{"batchItemFailures":
    [{"itemIdentifier": id}]}``); raises :class:`BatchFailed` if the response is not a
    valid one (Lambda then treats the whole batch as failed)."""
    if response is None or response == "" or response == {}:
        return set()
    if not isinstance(response, dict):
        raise BatchFailed("INVALID_RESPONSE", "The partial batch response is not a JSON object.")
    failures = response.get("batchItemFailures")
    if failures is None:
        return set()
    if not isinstance(failures, list):
        raise BatchFailed("INVALID_RESPONSE", "batchItemFailures is not a list.")
    out = set()
    for item in failures:
        identifier = item.get("itemIdentifier") if isinstance(item, dict) else None
        if not isinstance(identifier, str) or identifier not in ids:
            raise BatchFailed("INVALID_RESPONSE", f"Invalid itemIdentifier in the partial batch response: {identifier!r}.")
        out.add(identifier)
    return out
