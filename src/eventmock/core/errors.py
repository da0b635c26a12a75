"""Errors: AWS's, which a backend raises, and eventmock's own.

A backend raises :class:`ServiceError` with the error code AWS sends; the interception
layer turns it into the response botocore would have parsed, so boto3 raises the
client's modelled exception class (``client.exceptions.NotFoundException``). The HTTP
status comes from the service model's error shape (``error.httpStatusCode``) unless
the error is not modelled, in which case the raiser states it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ServiceError(Exception):
    """An error as AWS returns it.

    The fields are the error shape's other members (for example Pinpoint's
    ``RequestID``), as keyword arguments, or in ``fields`` for members whose names are
    this class's own arguments (Firehose's ``code``:
    ``ServiceError("InvalidKMSResourceException", message, fields={"code": "KMS.NotFoundException"})``);
    both merge. The message is copied into the shape's ``Message``/``message`` member
    by the interception layer, as AWS puts it in the body.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status: int | None = None,
        query_code: str | None = None,
        fields: Mapping[str, Any] | None = None,
        **more_fields: Any,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        #: For services that moved from the query protocol to JSON (SQS): the legacy
        #: code AWS still sends in ``x-amzn-query-error`` and botocore shows as
        #: ``Error.Code`` (``AWS.SimpleQueueService.NonExistentQueue``), while ``code``
        #: (the error shape's name) picks the exception class.
        self.query_code = query_code
        twice = more_fields.keys() & (fields or {}).keys()
        if twice:
            raise TypeError(f"ServiceError field(s) given twice: {', '.join(sorted(twice))}")
        #: The error shape's members besides the message, by member name.
        self.fields: dict[str, Any] = {**(fields or {}), **more_fields}


class EventmockError(Exception):
    """Base class of eventmock's own errors (misuse, or something not emulated)."""


class NotEmulatedError(EventmockError, NotImplementedError):
    """A call inside a mock reached a service or operation eventmock does not emulate.

    Raised instead of letting the call go to the network.
    """

    def __init__(self, service: str, operation: str, reason: str = "", *, passable: bool = False) -> None:
        self.service = service
        self.operation = operation
        #: The whole service or operation is not eventmock's (rather than one of its
        #: parameters): a mock underneath may answer the call instead.
        self.passable = passable
        detail = reason or f"eventmock does not emulate {service}.{operation}"
        super().__init__(f"{detail}; the call was stopped so that it does not reach AWS.")


class UnknownServiceError(EventmockError, KeyError):
    """A service name eventmock has no backend for (``aws.backend("dynamodb")``).

    A ``KeyError`` (the service is not a key of eventmock's services); ``service``
    names it, ``emulated`` lists the services eventmock emulates.
    """

    def __init__(self, service: str, emulated: list[str]) -> None:
        self.service = service
        self.emulated = emulated
        super().__init__(
            f"eventmock does not emulate {service!r}; it emulates {', '.join(emulated)} "
            "(botocore's service names)"
        )

    def __str__(self) -> str:  # the message as written, not KeyError's quoted repr
        return str(self.args[0])


class NotActiveError(EventmockError, RuntimeError):
    """An API that needs an active mock (``eventmock.current()``) was used outside one."""


class ShapeError(EventmockError, AssertionError):
    """A response does not conform to its output shape (raised in strict mode only)."""


class NoTimeZoneDatabaseError(EventmockError, LookupError):
    """A time zone was asked for (Scheduler's ``ScheduleExpressionTimezone``, Firehose's
    ``CustomTimeZone``) and ``zoneinfo`` finds no time-zone database at all: neither the
    system's nor the ``tzdata`` package (a dependency of eventmock: reinstall it)."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"eventmock cannot resolve the time zone {name!r}: zoneinfo finds no time-zone database "
            "(no system zoneinfo and no 'tzdata' package; pip install tzdata)"
        )
