"""Which services eventmock emulates, and the dispatch table of each.

A service's table is built once, on its first call, from the botocore service model:
for every operation of the model, the backend method named as boto3 names the
operation (``xform_name``), the HTTP status AWS answers with (``http.responseCode``),
and the shapers of its input and output. Backends are imported only when first used,
so ``import eventmock`` stays cheap.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from botocore import xform_name
from botocore.model import OperationModel, ServiceModel, Shape

from eventmock.core.shapes import HeaderRenderer, Shaper, ShaperCache, header_renderer
from eventmock.core.errors import ServiceError
from eventmock.core.validation import InputProblem, TypeChecks, Validators

if TYPE_CHECKING:
    from eventmock.core.backend import Backend

#: botocore service name -> "module:BackendClass"
SERVICES: dict[str, str] = {
    "customer-profiles": "eventmock.services.customer_profiles.backend:CustomerProfilesBackend",
    "dataexchange": "eventmock.services.dataexchange.backend:DataExchangeBackend",
    "events": "eventmock.services.events.backend:EventsBackend",
    "firehose": "eventmock.services.firehose.backend:FirehoseBackend",
    "kinesis": "eventmock.services.kinesis.backend:KinesisBackend",
    "lambda": "eventmock.services.lambda_.backend:LambdaBackend",
    "logs": "eventmock.services.logs.backend:LogsBackend",
    "pinpoint": "eventmock.services.pinpoint.backend:PinpointBackend",
    "pipes": "eventmock.services.pipes.backend:PipesBackend",
    "resourcegroupstaggingapi": "eventmock.services.tagging.backend:TaggingBackend",
    "s3": "eventmock.services.s3.backend:S3Backend",
    "scheduler": "eventmock.services.scheduler.backend:SchedulerBackend",
    "secretsmanager": "eventmock.services.secretsmanager.backend:SecretsManagerBackend",
    "sns": "eventmock.services.sns.backend:SnsBackend",
    "sqs": "eventmock.services.sqs.backend:SqsBackend",
    "sts": "eventmock.services.sts.backend:StsBackend",
}

#: Services eventmock only writes into (S3): handed over whole to a mock underneath
#: whenever one is active and answers them (:func:`eventmock.core.intercept.emulates`),
#: every call and eventmock's own reads and writes alike, so their state never splits
#: between two mocks. With no mock underneath, eventmock's own backend serves them.
HANDED_OVER: frozenset[str] = frozenset({"s3"})

#: ARN service namespaces that differ from the botocore service name.
ARN_NAMESPACES: dict[str, str] = {"mobiletargeting": "pinpoint", "profile": "customer-profiles", "states": "stepfunctions"}

_classes: dict[str, type[Backend]] = {}
_tables: dict[str, ServiceTable] = {}


def protocol_of(model: ServiceModel) -> str:
    """The protocol boto3's clients speak to a service: botocore's pick among the
    model's ``protocols`` (``resolved_protocol``: JSON before Smithy RPC v2 CBOR, which
    the Resource Groups Tagging API lists first), else the model's ``protocol``."""
    resolved: str = getattr(model, "resolved_protocol", None) or model.protocol
    return resolved


def backend_class(service: str) -> type[Backend]:
    cls = _classes.get(service)
    if cls is None:
        module, _, name = SERVICES[service].partition(":")
        cls = _classes[service] = getattr(importlib.import_module(module), name)
    return cls


def view_class(attribute: str) -> Callable[[Any], Any] | None:
    """The inspection view a service declares (``Backend.view``), by the handle's
    attribute for it: the service's name with ``_`` for ``-`` (``aws.sqs``,
    ``aws.customer_profiles``); ``None`` if there is none."""
    service = attribute.replace("_", "-")
    if service not in SERVICES:
        return None
    spec = backend_class(service).view
    if spec is None:
        return None
    module, _, name = spec.partition(":")
    view: Callable[[Any], Any] = getattr(importlib.import_module(module), name)
    return view


def is_emulated(service: str) -> bool:
    """Whether eventmock has a backend for ``service`` (see also
    :func:`eventmock.core.intercept.emulates`, which honours ``mock_aws(exclude=...)``)."""
    return service in SERVICES


def service_for_arn(namespace: str) -> str | None:
    """The emulated botocore service whose resources an ARN's service namespace names
    (``mobiletargeting`` -> ``pinpoint``), or ``None``."""
    service = ARN_NAMESPACES.get(namespace, namespace)
    return service if service in SERVICES else None


def python_name(operation: str) -> str:
    """boto3's method name of an operation (``PutEvents`` -> ``put_events``)."""
    name: str = xform_name(operation)
    return name


@dataclass(frozen=True)
class Operation:
    name: str
    method: str
    status: int
    input: Shaper
    output: Shaper
    strict_output: Shaper
    #: Model constraints botocore does not check client-side, for services that
    #: answer them (``Backend.constraint_error``); ``None``: nothing to check.
    constraints: Callable[[dict[str, Any]], list[str]] | None
    #: The same for params botocore has validated, without the minimums it checked.
    client_checked_constraints: Callable[[dict[str, Any]], list[str]] | None
    #: Checks the params' types and required members against the input shape (for
    #: calls botocore did not validate); returns the first problem, or ``None``.
    types: Callable[[dict[str, Any]], InputProblem | None]
    #: The input members the backend method takes; ``None``: it takes them all.
    accepted: frozenset[str] | None
    #: The output member bound to the HTTP status code (Lambda's ``StatusCode``).
    status_member: str | None
    #: The HTTP method (a HEAD response has no body, so an error carries no code).
    http_method: str
    #: Renders the header-bound output members as response headers (rest protocols).
    headers: HeaderRenderer | None


class ServiceTable:
    """Dispatch table and response facts of one service, from its model."""

    def __init__(self, model: ServiceModel) -> None:
        self.model = model
        self.service = model.service_name
        self.protocol: str = protocol_of(model)
        self.json_version: str = model.metadata.get("jsonVersion", "1.0")
        cls = self._backend_class = backend_class(self.service)
        self._shapers = ShaperCache(self.protocol, cls.omitted_required)
        #: Makes the request id of each call (a UUID for most services).
        self.new_request_id: Callable[[], str] = cls._new_request_id
        #: The error code the service answers constraint violations with, if any.
        self.constraint_error: str | None = cls.constraint_error
        #: The error answering params of the wrong type or lacking a required member.
        self.bad_input: Callable[[InputProblem], ServiceError] = cls._bad_input
        self.constraint_failure: Callable[[list[str]], ServiceError] = cls._constraint_failure
        #: The code of AWS's answer to a failure inside the service (HTTP 500).
        self.internal_error: str = "InternalError" if self.protocol == "rest-xml" else "InternalFailure"
        self._types = TypeChecks()
        self._validators = Validators(search=cls.constraint_patterns == "search") if self.constraint_error else None
        self._client_checked = (
            Validators(search=cls.constraint_patterns == "search", client_checked=True) if self.constraint_error else None
        )
        self._error_headers: dict[str, HeaderRenderer | None] = {}
        self.operations: dict[str, Operation] = {}
        for name in model.operation_names:
            method = xform_name(name)
            if callable(getattr(cls, method, None)):
                self.operations[name] = self._operation(model.operation_model(name), method)

    def _operation(self, op: OperationModel, method: str) -> Operation:
        params = inspect.signature(getattr(self._backend_class, method)).parameters.values()
        takes_all = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params)
        return Operation(
            name=op.name,
            method=method,
            status=int(op.http.get("responseCode", 200)),
            input=self._shapers.input(op.input_shape),
            output=self._shapers.output(op.output_shape, strict=False),
            strict_output=self._shapers.output(op.output_shape, strict=True),
            constraints=self._validators.input(op.input_shape) if self._validators else None,
            client_checked_constraints=self._client_checked.input(op.input_shape) if self._client_checked else None,
            types=self._types.input(op.input_shape),
            accepted=None if takes_all else frozenset(p.name for p in params if p.name != "self"),
            status_member=next(
                (n for n, m in op.output_shape.members.items() if m.serialization.get("location") == "statusCode"), None
            )
            if op.output_shape is not None
            else None,
            http_method=op.http.get("method", "POST"),
            headers=header_renderer(op.output_shape) if self.protocol.startswith("rest-") else None,
        )

    def error_shape(self, code: str) -> Shape | None:
        return self.model.shape_for_error_code(code)

    def error_shaper(self, shape: Shape, strict: bool) -> Shaper:
        return self._shapers.output(shape, strict)

    def error_headers(self, shape: Shape) -> HeaderRenderer | None:
        """Renders an error shape's header-bound members (rest protocols: Lambda's
        ``Retry-After``), as botocore reads them into the error's fields."""
        if shape.name not in self._error_headers:
            rest = self.protocol.startswith("rest-")
            self._error_headers[shape.name] = header_renderer(shape) if rest else None
        return self._error_headers[shape.name]


def table(model: ServiceModel) -> ServiceTable:
    """The dispatch table of ``model``'s service (built on first use)."""
    found = _tables.get(model.service_name)
    if found is None:
        found = _tables[model.service_name] = ServiceTable(model)
    return found
