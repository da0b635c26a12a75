"""Lambda durable executions: the twelve ``*DurableExecution*`` operations.

eventmock runs no durable functions (a function invoked here runs once, to its end,
in-process), so no durable execution ever exists: ListDurableExecutionsByFunction of a
function that exists lists none, and every operation on an execution or a callback
answers as AWS does for one that does not exist (``ResourceNotFoundException``, or
``InvalidParameterValueException`` for the two operations whose model has no
ResourceNotFoundException: a checkpoint token that is not valid). Params are checked
against the model's constraints first, as AWS's request validation does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from eventmock.core import registry
from eventmock.core.errors import ServiceError
from eventmock.services.lambda_ import control

if TYPE_CHECKING:
    from eventmock.services.lambda_.backend import LambdaBackend

#: Operations on one execution (or callback), and what AWS answers when it does not
#: exist. The message is eventmock's: see docs/lambda.md, "Not confirmed".
_UNKNOWN: dict[str, tuple[str, str]] = {
    "GetDurableExecution": ("ResourceNotFoundException", control.NOT_FOUND),
    "GetDurableExecutionHistory": ("ResourceNotFoundException", control.NOT_FOUND),
    "StopDurableExecution": ("ResourceNotFoundException", control.NOT_FOUND),
    "PauseDurableExecution": ("ResourceNotFoundException", control.NOT_FOUND),
    "ResumeDurableExecution": ("ResourceNotFoundException", control.NOT_FOUND),
    "DeleteDurableExecution": ("ResourceNotFoundException", control.NOT_FOUND),
    "SendDurableExecutionCallbackSuccess": ("ResourceNotFoundException", control.NOT_FOUND),
    "SendDurableExecutionCallbackFailure": ("ResourceNotFoundException", control.NOT_FOUND),
    "SendDurableExecutionCallbackHeartbeat": ("ResourceNotFoundException", control.NOT_FOUND),
    "GetDurableExecutionState": ("InvalidParameterValueException", "Invalid checkpoint token."),
    "CheckpointDurableExecution": ("InvalidParameterValueException", "Invalid checkpoint token."),
}


def _unknown(operation: str) -> Callable[..., dict[str, Any]]:
    code, message = _UNKNOWN[operation]

    def answer(self: Any, **params: Any) -> dict[str, Any]:
        control.check(operation, params)
        raise ServiceError(code, message, Type="User")

    answer.__name__ = registry.python_name(operation)
    answer.__doc__ = f"{operation}: no durable execution exists here; AWS's {code}."
    return answer


class DurableExecutions:
    """Mixin of :class:`~eventmock.services.lambda_.backend.LambdaBackend`."""

    get_durable_execution = _unknown("GetDurableExecution")
    get_durable_execution_history = _unknown("GetDurableExecutionHistory")
    get_durable_execution_state = _unknown("GetDurableExecutionState")
    stop_durable_execution = _unknown("StopDurableExecution")
    pause_durable_execution = _unknown("PauseDurableExecution")
    resume_durable_execution = _unknown("ResumeDurableExecution")
    delete_durable_execution = _unknown("DeleteDurableExecution")
    checkpoint_durable_execution = _unknown("CheckpointDurableExecution")
    send_durable_execution_callback_success = _unknown("SendDurableExecutionCallbackSuccess")
    send_durable_execution_callback_failure = _unknown("SendDurableExecutionCallbackFailure")
    send_durable_execution_callback_heartbeat = _unknown("SendDurableExecutionCallbackHeartbeat")

    def list_durable_executions_by_function(self, FunctionName: str, **params: Any) -> dict[str, Any]:
        control.check("ListDurableExecutionsByFunction", {"FunctionName": FunctionName, **params})
        backend: LambdaBackend = self  # type: ignore[assignment]
        control.target(backend, FunctionName, params.get("Qualifier"))
        return {"DurableExecutions": []}
