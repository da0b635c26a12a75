"""Batches: SendMessageBatch, DeleteMessageBatch, ChangeMessageVisibilityBatch, and
the checks every batch request gets."""

from __future__ import annotations

import re
from typing import Any

from eventmock.core import lineage
from eventmock.core.errors import ServiceError
from eventmock.services.sqs.errors import _error, _invalid_parameter, _missing_parameter
from eventmock.services.sqs.models import MAX_BATCH_ENTRIES, MAX_BATCH_PAYLOAD, _message_size
from eventmock.services.sqs.receiving import Receiving
from eventmock.services.sqs.sending import Sending

_BATCH_ENTRY_ID = re.compile(r"[A-Za-z0-9_-]{1,80}")


class Batches(Sending, Receiving):
    """SendMessageBatch, DeleteMessageBatch, ChangeMessageVisibilityBatch."""

    @staticmethod
    def _check_batch(entries: list[dict[str, Any]], entry_name: str) -> None:
        if not entries:
            raise _error("EmptyBatchRequest", f"There should be at least one {entry_name} in the request.")
        if len(entries) > MAX_BATCH_ENTRIES:
            raise _error(
                "TooManyEntriesInBatchRequest", f"Maximum number of entries per request are {MAX_BATCH_ENTRIES}. You have sent {len(entries)}."
            )
        seen = set()
        for entry in entries:
            entry_id = entry["Id"]
            if not _BATCH_ENTRY_ID.fullmatch(entry_id):
                raise _error(
                    "InvalidBatchEntryId",
                    "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.",
                )
            if entry_id in seen:
                raise _error("BatchEntryIdsNotDistinct", f"Id {entry_id} repeated.")
            seen.add(entry_id)

    @staticmethod
    def _failure(entry_id: str, error: ServiceError) -> dict[str, Any]:
        return {"Id": entry_id, "SenderFault": True, "Code": error.query_code or error.code, "Message": error.message}

    def send_message_batch(self, QueueUrl: str, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        queue = self._queue(QueueUrl)
        self._check_batch(Entries, "SendMessageBatchRequestEntry")
        if queue.fifo:
            for entry in Entries:
                if entry.get("MessageGroupId") is None:
                    raise _invalid_parameter("The request must contain the parameter MessageGroupId.")
                if entry.get("MessageDeduplicationId") is None and not queue.content_based_deduplication:
                    raise _invalid_parameter(
                        "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"
                    )
        total = sum(_message_size(e["MessageBody"], e.get("MessageAttributes") or {}) for e in Entries)
        if total > MAX_BATCH_PAYLOAD:
            raise _error("BatchRequestTooLong", f"Batch requests cannot be longer than {MAX_BATCH_PAYLOAD} bytes. You have sent {total} bytes.")
        successful, failed = [], []
        chain = lineage.current()
        for entry in Entries:
            body, delay = entry["MessageBody"], entry.get("DelaySeconds")
            group_id, deduplication_id = entry.get("MessageGroupId"), entry.get("MessageDeduplicationId")
            if body == "":
                failed.append({"Id": entry["Id"], "SenderFault": True, "Code": "EmptyValue", "Message": _missing_parameter("MessageBody").message})
                continue
            try:
                attributes = self._checked_message(queue, body, delay, entry.get("MessageAttributes"), group_id, deduplication_id, batch=True)
                trace_header = self._checked_system_attributes(entry.get("MessageSystemAttributes"))
            except ServiceError as error:
                failed.append(self._failure(entry["Id"], error))
                continue
            sent = self._enqueue(queue, body, delay, attributes, group_id, deduplication_id, chain, trace_header)
            successful.append({"Id": entry["Id"], **sent})
        return {"Successful": successful or None, "Failed": failed or None}

    def delete_message_batch(self, QueueUrl: str, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        queue = self._queue(QueueUrl)
        self._check_batch(Entries, "DeleteMessageBatchRequestEntry")
        successful, failed = [], []
        for entry in Entries:
            try:
                self._delete(queue, entry["ReceiptHandle"])
            except ServiceError as error:
                failed.append(self._failure(entry["Id"], error))
            else:
                successful.append({"Id": entry["Id"]})
        return {"Successful": successful or None, "Failed": failed or None}

    def change_message_visibility_batch(self, QueueUrl: str, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        queue = self._queue(QueueUrl)
        self._check_batch(Entries, "ChangeMessageVisibilityBatchRequestEntry")
        successful, failed = [], []
        for entry in Entries:
            try:
                self._change_visibility(queue, entry["ReceiptHandle"], entry.get("VisibilityTimeout") or 0)
            except ServiceError as error:
                failed.append(self._failure(entry["Id"], error))
            else:
                successful.append({"Id": entry["Id"]})
        return {"Successful": successful or None, "Failed": failed or None}
