"""Amazon SQS: standard and FIFO queues, messages, visibility, dead-letter queues.

SQS speaks botocore's JSON protocol but keeps the error codes of its former query
protocol: every error is raised with the model's error shape name (which picks the
boto3 exception class) and AWS's legacy code (``query_code``, which boto3 shows as
``Error.Code``): ``QueueDoesNotExist`` / ``AWS.SimpleQueueService.NonExistentQueue``.
Errors SQS does not model (``InvalidParameterValue``, ``MissingParameter``) are raised
under the names AWS's JSON body gives them (``InvalidParameterValueException``), so boto3
raises a plain ``ClientError`` with the legacy code, as it does against AWS.

Time is eventmock's clock: delays, visibility timeouts, the five-minute FIFO
deduplication interval, retention, and the 60-second waits after ``delete_queue`` and
``purge_queue`` all move with ``freezegun``. Nothing blocks: ``WaitTimeSeconds`` is
checked and ignored. Every receive returns as many available messages as asked for
(AWS's short poll may return fewer), oldest first.

Other services deliver into a queue with :meth:`SqsBackend._deliver`, not through
boto3.

The operations live in one module per resource family, each a mixin of
:class:`~eventmock.services.sqs.base.SqsBase` (the shared state and lookups):
``queues`` (create, list, delete, purge), ``attributes`` (queue attributes and
permissions), ``tags``, ``sending`` (SendMessage, deliveries from other services),
``receiving`` (ReceiveMessage, DeleteMessage, ChangeMessageVisibility), ``fifo``
(message group order), ``batches``, ``redrive`` (dead-letter queues), ``move_tasks``
(moving a dead-letter queue's messages back).
Limits, :class:`Queue` and :class:`Message` are in ``models``, errors in ``errors``.
"""

from __future__ import annotations

from eventmock.services.sqs.attributes import Attributes
from eventmock.services.sqs.base import SqsBase
from eventmock.services.sqs.batches import Batches
from eventmock.services.sqs.fifo import Fifo
from eventmock.services.sqs.models import Message, Queue, parse_queue_url
from eventmock.services.sqs.move_tasks import MoveTasks
from eventmock.services.sqs.queues import Queues
from eventmock.services.sqs.receiving import Receiving
from eventmock.services.sqs.redrive import Redrive
from eventmock.services.sqs.sending import Sending
from eventmock.services.sqs.tags import Tags

__all__ = ["Message", "Queue", "SqsBackend", "parse_queue_url"]


class SqsBackend(Queues, Tags, Attributes, Batches, Sending, Receiving, Fifo, Redrive, MoveTasks, SqsBase):
    """What dispatch sees: every family's operations on one account's and Region's
    state (:class:`~eventmock.services.sqs.base.SqsBase`)."""
