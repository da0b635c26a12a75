"""Reading what pipes did without boto3: ``aws.pipes.deliveries(pipe_arn)``."""

from __future__ import annotations

from typing import Any

from eventmock.core import arns
from eventmock.core.errors import EventmockError
from eventmock.core.store import Store
from eventmock.services.pipes.backend import PipesBackend


class PipesView:
    def __init__(self, store: Store) -> None:
        self._store = store

    def deliveries(self, pipe_arn: str) -> list[list[Any]]:
        """Every batch the pipe handed its target, as sent (after enrichment and the
        target's input template), oldest first."""
        arn = arns.parse(pipe_arn)
        if arn is None or arn.service != "pipes" or not arn.resource.startswith("pipe/"):
            raise EventmockError(f"not a pipe ARN: {pipe_arn}")
        backend = self._store.backend("pipes", arn.account, arn.region)
        assert isinstance(backend, PipesBackend)
        pipe = backend.pipes.get(arn.resource[len("pipe/") :])
        if pipe is None:
            raise EventmockError(f"no pipe {pipe_arn}")
        return [list(batch) for batch in pipe.deliveries]
