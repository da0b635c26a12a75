"""Export tasks: a log group's events to an S3 bucket (CreateExportTask,
DescribeExportTasks, CancelExportTask).

CreateExportTask checks the bucket as AWS does, by writing ``aws-logs-write-test``
("Permission Check Successful") under the prefix given (at the bucket's root when none
is); the task is then ``PENDING``. The export itself is work due on the mock's clock at
the task's creation, so it runs before the next call is answered: each stream with
events in ``[from, to)`` (and the ``logStreamNamePrefix``) becomes
``<prefix>/<task id>/<stream>/000000.gz``, gzip-compressed lines
``<ISO 8601 timestamp> <message>``; the task is then ``COMPLETED``. S3 is reached
through the SDK, so the bucket may be eventmock's or the mock underneath's.
"""

from __future__ import annotations

import datetime as dt
import gzip
from typing import Any

from eventmock.core import clock, ids, targets
from eventmock.core.errors import ServiceError
from eventmock.services.logs.base import LogsBase, _invalid
from eventmock.services.logs.models import Resource

KIND = "export-task"
DEFAULT_PREFIX = "exportedlogs"
ACTIVE = ("PENDING", "RUNNING")


def _line(timestamp: int, message: str) -> str:
    moment = dt.datetime.fromtimestamp(timestamp / 1000, dt.timezone.utc)
    return f"{moment.strftime('%Y-%m-%dT%H:%M:%S')}.{timestamp % 1000:03d}Z {message}\n"


class ExportTasks(LogsBase):
    """CreateExportTask, DescribeExportTasks, CancelExportTask."""

    def create_export_task(
        self,
        logGroupName: str,
        destination: str,
        taskName: str | None = None,
        logStreamNamePrefix: str | None = None,
        destinationPrefix: str | None = None,
        **times: int,
    ) -> dict[str, Any]:
        group = self._group(logGroupName)
        tasks = self._kind(KIND)
        if any(t.body["status"]["code"] in ACTIVE for t in tasks.values()):
            raise ServiceError("LimitExceededException", "Resource limit exceeded.")
        prefix = destinationPrefix.strip("/") if destinationPrefix else ""
        try:
            self._s3("PutObject", Bucket=destination, Key=f"{prefix}/aws-logs-write-test" if prefix else "aws-logs-write-test",
                     Body=b"Permission Check Successful")
        except targets.DeliveryError:
            raise _invalid("The given bucket does not exist. Please make sure the bucket is valid.") from None
        task_id = ids.uuid4()
        body: dict[str, Any] = {
            "taskId": task_id,
            "taskName": taskName,
            "logGroupName": group.name,
            "from": times["from"],
            "to": times["to"],
            "destination": destination,
            "destinationPrefix": prefix or DEFAULT_PREFIX,
            "status": {"code": "PENDING"},
            "executionInfo": {"creationTime": clock.epoch_ms()},
        }
        task = tasks[task_id] = Resource(task_id, None, body)
        self.store.due.at(clock.now(), lambda _when: self._export(task, logStreamNamePrefix))
        return {"taskId": task_id}

    def _s3(self, operation: str, **params: Any) -> None:
        targets.sdk_call(self.store, "s3", operation, params, self.account_id, self.region)

    def _export(self, task: Resource, stream_prefix: str | None) -> None:
        body = task.body
        if body["status"]["code"] not in ACTIVE:
            return  # cancelled
        group = self.groups.get(body["logGroupName"])
        lines: dict[str, list[str]] = {}
        if group is not None:
            streams = [s for s in group.streams.values() if s.name.startswith(stream_prefix or "")]
            for stream, event in self._events_of(group, body["from"], body["to"], streams):
                lines.setdefault(stream.name, []).append(_line(event.timestamp, event.message))
        try:
            for stream_name, text in lines.items():
                key = f"{body['destinationPrefix']}/{body['taskId']}/{stream_name}/000000.gz"
                self._s3("PutObject", Bucket=body["destination"], Key=key, Body=gzip.compress("".join(text).encode(), mtime=0),
                         ContentEncoding="gzip", ContentType="application/octet-stream")
        except targets.DeliveryError as error:
            body["status"] = {"code": "FAILED", "message": error.message}
        else:
            body["status"] = {"code": "COMPLETED", "message": "Completed successfully"}
        body["executionInfo"]["completionTime"] = clock.epoch_ms()

    def describe_export_tasks(
        self, taskId: str | None = None, statusCode: str | None = None, nextToken: str | None = None, limit: int | None = None
    ) -> dict[str, Any]:
        tasks = sorted(self._kind(KIND).values(), key=lambda t: (t.body["executionInfo"]["creationTime"], t.key))
        found = [t for t in tasks if (taskId is None or t.key == taskId) and (statusCode is None or t.body["status"]["code"] == statusCode)]
        page, token = self._page(found, nextToken, limit)
        return {"exportTasks": [t.description() for t in page], "nextToken": token}

    def cancel_export_task(self, taskId: str) -> None:
        task = self._kind(KIND).get(taskId)
        if task is None:
            raise ServiceError("ResourceNotFoundException", "The specified export task does not exist.")
        if task.body["status"]["code"] not in ACTIVE:
            raise ServiceError("InvalidOperationException", "The specified export task has already finished")
        task.body["status"] = {"code": "CANCELLED", "message": "Cancelled by user"}
        task.body["executionInfo"]["completionTime"] = clock.epoch_ms()
