"""The state and lookups every SQS resource family shares (:class:`SqsBase`): one
account's and Region's queues, and locating a queue by URL or ARN.

The operations live in one module per resource family, each a mixin of
:class:`SqsBase`; :class:`eventmock.services.sqs.backend.SqsBackend` composes them.
"""

from __future__ import annotations

from typing import Any

from eventmock.core import arns, clock
from eventmock.core.backend import Backend
from eventmock.core.errors import ServiceError
from eventmock.core.validation import InputProblem
from eventmock.services.sqs.errors import _missing_parameter, _queue_does_not_exist
from eventmock.services.sqs.models import _ACCOUNT, Queue, parse_queue_url


class SqsBase(Backend):
    service = "sqs"
    view = "eventmock.services.sqs.inspect:SqsView"
    #: SQS answers no model constraint with a validation error (ReceiveMessage's
    #: ``AttributeNames`` even takes names outside the model's enum): the backend checks
    #: by hand and answers with SQS's own errors.
    constraint_error = None
    #: AWS leaves an empty list out of a batch's answer (the model requires both).
    omitted_required = frozenset(
        f"{result}.{member}"
        for result in ("SendMessageBatchResult", "DeleteMessageBatchResult", "ChangeMessageVisibilityBatchResult")
        for member in ("Successful", "Failed")
    )

    @classmethod
    def _bad_input(cls, problem: InputProblem) -> ServiceError:
        if problem.missing and "." not in problem.path:
            return _missing_parameter(problem.name)
        return super()._bad_input(problem)

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.queues: dict[str, Queue] = {}
        #: Queue name -> when it was deleted (the name cannot be reused for 60 seconds).
        self.deleted: dict[str, int] = {}
        #: Source queue ARN -> its message move tasks, latest last (:mod:`.move_tasks`).
        self.move_tasks: dict[str, list[Any]] = {}

    # -- locating queues ------------------------------------------------------------

    def _owner(self, account_id: str, region: str) -> SqsBase:
        if (account_id, region) == (self.account_id, self.region):
            return self
        owner = self.store.backend("sqs", account_id, region)
        assert isinstance(owner, SqsBase)
        return owner

    def _locate(self, QueueUrl: str) -> tuple[SqsBase, Queue]:
        """The queue a URL names (in any account and region), and its backend. A bare
        queue name (no ``/``) names the caller's queue in the client's region, as on AWS."""
        if QueueUrl and "/" not in QueueUrl:
            where: tuple[str, str, str] | None = (self.account_id, self.region, QueueUrl)
        else:
            where = parse_queue_url(QueueUrl, self.region)
        if where is None:
            raise _queue_does_not_exist()
        account_id, region, name = where
        owner = self._owner(account_id, region)
        queue = owner.queues.get(name)
        if queue is None:
            raise _queue_does_not_exist()
        now = clock.epoch_ms()
        queue.expire(now)
        if owner.move_tasks:
            owner._advance_moves(now)
        return owner, queue

    def _advance_moves(self, now: int) -> None:
        """Move what running message move tasks have moved by ``now`` (:mod:`.move_tasks`)."""

    def _queue(self, QueueUrl: str) -> Queue:
        return self._locate(QueueUrl)[1]

    def _url(self, queue: Queue) -> str:
        """The queue's URL in an answer: AWS's in-process; on the endpoint the request
        came to when eventmock's server answers (``http://127.0.0.1:4566/{account}/{name}``,
        as moto's and LocalStack's servers do), so that clients that follow it stay there."""
        endpoint = self.call.endpoint
        if endpoint is None:
            return queue.url
        return f"{endpoint}/{queue.account_id}/{queue.name}"

    def _queue_by_arn(self, queue_arn: str | arns.Arn) -> Queue | None:
        """The queue an ARN names (a text, or one parsed already), in any account and
        Region; ``None`` if there is none."""
        arn = arns.parse(queue_arn) if isinstance(queue_arn, str) else queue_arn
        if arn is None or arn.service != "sqs" or not arn.region or not _ACCOUNT.fullmatch(arn.account):
            return None
        return self._owner(arn.account, arn.region).queues.get(arn.resource)
