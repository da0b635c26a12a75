"""What Lambda's control-plane families share (permissions, layers, URLs, provisioned
concurrency, code signing, settings, capacity providers, durable executions).

- :func:`check`: the model's constraints (``pattern``, ``enum``, ``max``, ranges) on an
  operation's params, answered as Lambda answers them: an (unmodelled)
  ``ValidationException`` "1 validation error detected: ...".
- :func:`echo`: the members of an operation's output shape that a stored resource
  holds, driven by the model (so what AWS omits stays omitted).
- :class:`Stored`: a resource whose only observable behaviour is store, describe, list
  and delete (code signing configs, capacity providers), with its own state kept per
  backend by :func:`state`.
- :func:`target`: a function (and qualifier) named as Lambda accepts it, with AWS's
  error when a qualified ARN and ``Qualifier`` disagree.
- :func:`stamp`: Lambda's timestamp strings (``2024-05-02T10:00:00.000+0000``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import botocore.session
from botocore.model import OperationModel, ServiceModel, Shape

from eventmock.core import clock, pagination, validation
from eventmock.core.errors import ServiceError

if TYPE_CHECKING:
    from eventmock.services.lambda_.backend import Function, LambdaBackend

T = TypeVar("T")

NOT_FOUND = "The resource you requested does not exist."
#: A function name as Lambda takes it; group 1 is the qualifier it carries, if any.
_NAMED = re.compile(r"(?:arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:|\d{12}:function:)?[a-zA-Z0-9_-]+(?::([a-zA-Z0-9_$.-]+))?")


@functools.lru_cache(maxsize=1)
def model() -> ServiceModel:
    """botocore's model of Lambda (the installed botocore's)."""
    return botocore.session.get_session().get_service_model("lambda")


def has_operation(name: str) -> bool:
    return name in model().operation_names


@functools.lru_cache(maxsize=None)
def _validator(operation: str) -> Callable[[dict[str, Any]], list[str]] | None:
    return _VALIDATORS.input(model().operation_model(operation).input_shape)


_VALIDATORS = validation.Validators()


def check(operation: str, params: dict[str, Any]) -> None:
    """Lambda's ``ValidationException`` if ``params`` break the model's constraints."""
    validate = _validator(operation)
    if validate is None:
        return
    problems = validate({k: v for k, v in params.items() if v is not None and k != "self"})
    if problems:
        raise ServiceError("ValidationException", validation.message(problems), status=400)


def violation(problem: str) -> ServiceError:
    """Lambda's (unmodelled) ``ValidationException`` for one constraint."""
    return ServiceError("ValidationException", validation.message([problem]), status=400)


def error(code: str, message: str) -> ServiceError:
    """A modelled Lambda error (they carry ``Type: User``)."""
    return ServiceError(code, message, Type="User")


def invalid(message: str) -> ServiceError:
    return ServiceError("InvalidParameterValueException", message, Type="User")


def not_found(message: str = NOT_FOUND) -> ServiceError:
    return ServiceError("ResourceNotFoundException", message, Type="User")


def conflict(message: str) -> ServiceError:
    return ServiceError("ResourceConflictException", message, Type="User")


def stamp(when: dt.datetime | None = None) -> str:
    """Lambda's timestamp string: ``2024-05-02T10:00:00.000+0000``."""
    value = (when or clock.now()).astimezone(dt.timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}+0000"


def _output(operation: str) -> Shape | None:
    op: OperationModel = model().operation_model(operation)
    return op.output_shape


def echo(shape: Shape | str | None, values: dict[str, Any]) -> dict[str, Any]:
    """The members of ``shape`` (an output shape, or an operation's name for its output
    shape) found in ``values``, recursively; members that are ``None`` are omitted."""
    if isinstance(shape, str):
        shape = _output(shape) if shape in model().operation_names else model().shape_for(shape)
    if shape is None:
        return {}
    picked: dict[str, Any] = _pick(shape, values)
    return picked


def _pick(shape: Shape, value: Any) -> Any:
    if value is None:
        return None
    if shape.type_name == "structure" and isinstance(value, dict):
        members: dict[str, Shape] = shape.members
        return {k: picked for k, m in members.items() if (picked := _pick(m, value.get(k))) is not None}
    if shape.type_name == "list" and isinstance(value, list):
        member: Shape = shape.member
        return [_pick(member, v) for v in value]
    return value


def state(backend: Any, key: str, factory: Callable[[], T]) -> T:
    """The backend's state of one family (made on first use: mixins have no ``__init__``)."""
    found: T = backend.__dict__.get(key)
    if found is None:
        found = backend.__dict__[key] = factory()
    return found


def page(items: list[T], marker: str | None, limit: int | None, default: int = 50) -> tuple[list[T], str | None]:
    """A page of ``items`` and the next marker; AWS's error for a marker not made here."""
    try:
        return pagination.page(items, marker, limit or default)
    except pagination.InvalidToken:
        raise invalid(f"Invalid Marker: {marker}") from None


def target(backend: LambdaBackend, function_name: str, qualifier: str | None) -> tuple[Function, str | None]:
    """The function named (name, ARN or partial ARN, maybe qualified) and its qualifier.
    AWS's ``InvalidParameterValueException`` when the name's qualifier and ``Qualifier``
    disagree; ``_resolve``'s ``ResourceNotFoundException`` for what does not exist."""
    match = _NAMED.fullmatch(function_name)
    derived = match.group(1) if match else None
    if derived is not None and qualifier is not None and derived != qualifier:
        raise invalid("The derived qualifier from the function name does not match the specified qualifier.")
    return backend._resolve(function_name, qualifier), qualifier if qualifier is not None else derived


def owner(backend: LambdaBackend, function: Function) -> LambdaBackend:
    """The backend that holds ``function`` (a function named by ARN may be another
    account's or region's)."""
    _, _, _, region, account, *_ = function.arn.split(":")
    if (account, region) == (backend.account_id, backend.region):
        return backend
    found: LambdaBackend = backend.store.backend("lambda", account, region)  # type: ignore[assignment]
    return found


def unqualified(function: Function) -> str:
    """The function's unqualified ARN (whatever version or alias ``function`` is)."""
    return ":".join(function.arn.split(":")[:7])


def qualified(function: Function, qualifier: str | None) -> str:
    """The ARN of the function's version or alias ``qualifier`` (``None``: the function)."""
    arn = unqualified(function)
    return arn if qualifier is None else f"{arn}:{qualifier}"


class Stored:
    """A resource that is stored, described, listed and deleted: its members are the
    create call's params as the output shape ``shape`` has them (model-driven)."""

    def __init__(self, shape: str, arn: str, values: dict[str, Any], tags: dict[str, str] | None = None) -> None:
        self.shape = shape
        self.arn = arn
        self.values = values
        self.tags: dict[str, str] = dict(tags or {})

    def update(self, values: dict[str, Any]) -> None:
        self.values.update({k: v for k, v in values.items() if v is not None})

    def describe(self) -> dict[str, Any]:
        return echo(self.shape, self.values)
