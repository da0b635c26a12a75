"""The one place that delivers to a target ARN.

EventBridge rules, Scheduler schedules, Pipes, SNS subscriptions and Logs subscription
filters all hand what they deliver to :func:`deliver`, with the target's ARN:

- a service eventmock emulates receives it in its backend's ``_receive(arn, message)``
  (SQS: one message; Kinesis: one record; Firehose: one record; Lambda: the bound
  callable, with the body parsed as JSON), in the account and region the ARN names;
- any other target gets the call AWS makes for it (Step Functions ``StartExecution``,
  ECS ``RunTask``, CodeBuild ``StartBuild``...), through botocore, so that a mock
  underneath (moto) answers it (:mod:`eventmock.core.underneath`). So does an emulated
  service the active mock hands on (``mock_aws(exclude=[...])``).

A delivery that cannot happen raises :class:`DeliveryError` with the error code
EventBridge writes into a dead-letter message (``NO_RESOURCE``, ``SDK_CLIENT_ERROR``,
``ERROR_FROM_TARGET``, ``INVALID_PARAMETER``); what to do then (retry, dead-letter
queue, a failure record) is the caller's. Nothing else escapes :func:`deliver`.

Every failed delivery is logged here, at WARNING on the ``eventmock.delivery`` logger,
with the target's own exception (a handler's traceback) where there is one; the
callers log their retries and dead-letterings through :func:`retrying` and
:func:`dead_lettered` (docs/delivery.md, "Logging").
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventmock.core import arns, ids, intercept, registry, underneath
from eventmock.core.errors import EventmockError, ServiceError
from eventmock.core.text import utf8

if TYPE_CHECKING:
    from eventmock.core.store import Store

log = logging.getLogger("eventmock")
#: Failed deliveries, retries and dead-lettering, at WARNING.
delivery_log = logging.getLogger("eventmock.delivery")


@dataclass(frozen=True)
class Message:
    """What is delivered: the body as the target receives it (the event's JSON or the
    target's transformed input), and the per-target-type extras."""

    body: str | bytes
    #: SQS FIFO (and SNS FIFO) message group.
    group_id: str | None = None
    deduplication_id: str | None = None
    #: Kinesis partition key (a random one if ``None``).
    partition_key: str | None = None
    #: SQS-style message attributes: ``{name: {"DataType": ..., "StringValue": ...}}``.
    attributes: Mapping[str, Mapping[str, Any]] | None = None
    #: The target's parameter blocks (``EcsParameters``, ``BatchParameters``, ...),
    #: for the calls made to services eventmock does not emulate.
    parameters: Mapping[str, Any] | None = None
    #: The chain of Lambda invocations that sent it (:mod:`eventmock.core.lineage`),
    #: from the services that pass it on (SNS); ``None`` starts a new chain.
    lineage: Mapping[str, int] | None = None
    #: The X-Ray trace header the message carries (an SQS message's ``AWSTraceHeader``),
    #: from the services that pass it on (EventBridge's ``TraceHeader``, SNS).
    trace_header: str | None = None

    @property
    def text(self) -> str:
        return self.body if isinstance(self.body, str) else self.body.decode("utf-8", "replace")

    @property
    def data(self) -> bytes:
        return utf8(self.body) if isinstance(self.body, str) else self.body

    def json_or_text(self) -> Any:
        """The body parsed as JSON, or as text if it is not JSON (what Lambda gets)."""
        try:
            return json.loads(self.body)
        except (ValueError, RecursionError):
            return self.text


class DeliveryError(Exception):
    """A delivery that did not happen, with EventBridge's error code for it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        #: Logged already (:func:`failed`), so a caller that handles it logs nothing more.
        self.logged = False


#: What a destination answers when the resource does not exist.
#: An X-Ray trace header's root trace id (``Root=1-{8 hex digits}-{24 hex digits}``).
_TRACE_ROOT = re.compile(r"(?:^|;)\s*Root=1-[0-9a-fA-F]{8}-[0-9a-fA-F]{24}\s*(?:;|$)")
_trace_header: contextvars.ContextVar[str | None] = contextvars.ContextVar("eventmock_trace_header", default=None)


@contextlib.contextmanager
def traced(header: str | None) -> Iterator[None]:
    """While an accepted event is routed (EventBridge's ``TraceHeader``), the deliveries
    made carry its X-Ray trace header, as AWS passes it to the targets; a header that
    is no trace header is dropped, as X-Ray drops it."""
    token = _trace_header.set(header if header is not None and _TRACE_ROOT.search(header) else None)
    try:
        yield
    finally:
        _trace_header.reset(token)


def trace_header() -> str | None:
    """The trace header of the event being routed (:func:`traced`), if any."""
    return _trace_header.get()


_MISSING = frozenset(
    {"ResourceNotFoundException", "QueueDoesNotExist", "NotFoundException", "NotFound", "NoSuchBucket", "StateMachineDoesNotExist"}
)


def deliver(store: Store, target_arn: str, message: Message) -> Any:
    """Deliver ``message`` to ``target_arn``; what the target answered (a Lambda
    function's return value, an SDK call's response). Raises :class:`DeliveryError`,
    and logs it (:func:`failed`)."""
    try:
        return _deliver(store, target_arn, message)
    except DeliveryError as error:
        failed(target_arn, error)
        raise


def failed(target_arn: str, error: DeliveryError) -> None:
    """Log a failed delivery (WARNING), once, with the exception behind it (a Lambda
    handler's, with its traceback) if there is one."""
    if not error.logged:
        error.logged = True
        log_failure(target_arn, error.code, error.message, error.__cause__)


def log_failure(target_arn: str, code: str, message: str, cause: BaseException | None) -> None:
    """Log a failed delivery (WARNING) that is no :class:`DeliveryError` (SNS's own
    endpoints): the record :func:`failed` writes."""
    delivery_log.warning("delivery to %s failed (%s): %s", target_arn, code, message, exc_info=cause)


def retrying(target_arn: str, attempt: int, code: str) -> None:
    """Log that a failed delivery is retried (WARNING): ``attempt`` is the retry's
    number (1 for the first retry)."""
    delivery_log.warning("retrying delivery to %s (retry %d, after %s)", target_arn, attempt, code)


def dead_lettered(source: str, dead_letter_arn: str | None, code: str) -> None:
    """Log that what failed to reach ``source`` is given up (WARNING): sent to the
    dead-letter queue or on-failure destination ``dead_letter_arn``, or dropped (``None``)."""
    if dead_letter_arn is None:
        delivery_log.warning("gave up delivering to %s (%s); no dead-letter queue took it", source, code)
    else:
        delivery_log.warning("gave up delivering to %s (%s); sent to the dead-letter queue %s", source, code, dead_letter_arn)


def _deliver(store: Store, target_arn: str, message: Message) -> Any:
    arn = arns.parse(target_arn)
    if arn is None:
        raise DeliveryError("INVALID_PARAMETER", f"Target ARN {target_arn} is not valid.")
    service = registry.service_for_arn(arn.service)
    if service is not None and intercept.emulates(service):
        receive = getattr(store.backend(service, arn.account, arn.region), "_receive", None)
        if receive is not None:
            try:
                return receive(arn, message)
            except DeliveryError:
                raise
            except ServiceError as error:
                raise DeliveryError("NO_RESOURCE" if error.code in _MISSING else "SDK_CLIENT_ERROR", error.message) from error
    return _through_botocore(store, arn, message)


# -- targets eventmock does not emulate: the call AWS makes -----------------------

#: ARN service namespace -> (botocore service, operation, params from ARN and message).
Builder = Callable[[arns.Arn, Message], dict[str, Any]]


def _name(arn: arns.Arn) -> str:
    """The resource's name: the part after its type (``stateMachine:x``,
    ``project/x``, ``log-group:/aws/x:*``), whichever separator comes first."""
    resource = arn.resource
    if resource.endswith(":*"):
        resource = resource[:-2]
    cut = min((i for i in (resource.find("/"), resource.find(":")) if i >= 0), default=-1)
    return resource[cut + 1 :] if cut >= 0 else resource


def _params(message: Message, block: str) -> dict[str, Any]:
    return dict((message.parameters or {}).get(block) or {})


def _json_object(message: Message) -> dict[str, Any]:
    value = message.json_or_text()
    return value if isinstance(value, dict) else {}


def _camel(value: Any) -> Any:
    """EventBridge's PascalCase parameter blocks as the camelCase members ECS and Batch take."""
    if isinstance(value, dict):
        return {k[:1].lower() + k[1:]: _camel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_camel(v) for v in value]
    return value


def _ecs(arn: arns.Arn, message: Message) -> dict[str, Any]:
    p = _params(message, "EcsParameters")
    params: dict[str, Any] = {"cluster": str(arn), "taskDefinition": p.pop("TaskDefinitionArn", None), "count": p.pop("TaskCount", None) or 1}
    params.update(_camel(p))
    params["tags"] = [{"key": t.get("Key"), "value": t.get("Value")} for t in p.get("Tags") or []] or None
    overrides = _json_object(message)
    if "containerOverrides" in overrides or "taskRoleArn" in overrides:
        params["overrides"] = overrides
    return params


def _batch(arn: arns.Arn, message: Message) -> dict[str, Any]:
    p = _params(message, "BatchParameters")
    params: dict[str, Any] = {"jobQueue": str(arn), "jobDefinition": p.get("JobDefinition"), "jobName": p.get("JobName")}
    if p.get("ArrayProperties"):
        params["arrayProperties"] = _camel(p["ArrayProperties"])
    if p.get("RetryStrategy"):
        params["retryStrategy"] = _camel(p["RetryStrategy"])
    return params


def _ssm(arn: arns.Arn, message: Message) -> dict[str, Any]:
    parameters = {k: v if isinstance(v, list) else [str(v)] for k, v in _json_object(message).items()}
    return {"DocumentName": _name(arn), "Parameters": parameters or None}


def _run_command(arn: arns.Arn, message: Message) -> dict[str, Any]:
    targets = _params(message, "RunCommandParameters").get("RunCommandTargets") or []
    parameters = {k: v if isinstance(v, list) else [str(v)] for k, v in _json_object(message).items()}
    return {"DocumentName": _name(arn), "Targets": targets, "Parameters": parameters or None}


def _sqs(arn: arns.Arn, message: Message) -> dict[str, Any]:
    return {
        "QueueUrl": f"https://sqs.{arn.region}.amazonaws.com/{arn.account}/{arn.resource}",
        "MessageBody": message.text,
        "MessageGroupId": message.group_id,
        "MessageDeduplicationId": message.deduplication_id,
        "MessageAttributes": {k: dict(v) for k, v in (message.attributes or {}).items()} or None,
        "MessageSystemAttributes": (
            {"AWSTraceHeader": {"DataType": "String", "StringValue": message.trace_header}} if message.trace_header else None
        ),
    }


_CALLS: dict[str, tuple[str, str, Builder]] = {
    "states": ("stepfunctions", "StartExecution", lambda arn, m: {"stateMachineArn": str(arn), "input": m.text}),
    "ecs": ("ecs", "RunTask", _ecs),
    "codebuild": ("codebuild", "StartBuild", lambda arn, m: {**_json_object(m), "projectName": _name(arn)}),
    "batch": ("batch", "SubmitJob", _batch),
    "codepipeline": ("codepipeline", "StartPipelineExecution", lambda arn, m: {"name": arn.resource}),
    "inspector": ("inspector", "StartAssessmentRun", lambda arn, m: {"assessmentTemplateArn": str(arn)}),
    "ssm-incidents": ("ssm-incidents", "StartIncident", lambda arn, m: {"responsePlanArn": str(arn)}),
    "sagemaker": (
        "sagemaker",
        "StartPipelineExecution",
        lambda arn, m: {"PipelineName": _name(arn), "PipelineParameters": _params(m, "SageMakerPipelineParameters").get("PipelineParameterList")},
    ),
    "redshift": (
        "redshift-data",
        "ExecuteStatement",
        lambda arn, m: {"ClusterIdentifier": _name(arn), **_params(m, "RedshiftDataParameters")},
    ),
    "sns": (
        "sns",
        "Publish",
        lambda arn, m: {"TopicArn": str(arn), "Message": m.text, "MessageGroupId": m.group_id, "MessageDeduplicationId": m.deduplication_id},
    ),
    "sqs": ("sqs", "SendMessage", _sqs),
    "kinesis": (
        "kinesis",
        "PutRecord",
        lambda arn, m: {"StreamName": _name(arn), "Data": m.data, "PartitionKey": m.partition_key or ids.uuid4()},
    ),
    "firehose": ("firehose", "PutRecord", lambda arn, m: {"DeliveryStreamName": _name(arn), "Record": {"Data": m.data}}),
    "lambda": ("lambda", "Invoke", lambda arn, m: {"FunctionName": str(arn), "InvocationType": "Event", "Payload": m.data}),
}


#: Services whose target input (a JSON object) is merged into the request AWS makes.
_INPUT_AS_REQUEST = frozenset({"codebuild"})


def _call_for(arn: arns.Arn) -> tuple[str, str, Builder] | None:
    if arn.service == "ssm":
        if arn.resource.startswith("automation-definition/"):
            return "ssm", "StartAutomationExecution", _ssm
        if arn.resource.startswith("document/"):
            return "ssm", "SendCommand", _run_command
        return None
    if arn.service == "logs" and arn.resource.startswith("log-group:"):
        return "logs", "PutLogEvents", _logs_params
    return _CALLS.get(arn.service)


def _logs_params(arn: arns.Arn, message: Message) -> dict[str, Any]:
    from eventmock.core import clock

    return {
        "logGroupName": _name(arn),
        "logStreamName": ids.uuid4(),
        "logEvents": [{"timestamp": clock.epoch_ms(), "message": message.text}],
    }


def _through_botocore(store: Store, arn: arns.Arn, message: Message) -> Any:
    found = _call_for(arn)
    if found is None:
        raise DeliveryError("NO_RESOURCE", f"eventmock does not deliver to {arn.service} targets ({arn}).")
    service, operation, build = found
    if underneath.answering(service, operation) is None:
        raise DeliveryError(
            "NO_RESOURCE", f"eventmock does not emulate {service} and no mock underneath answers it: {arn} was not invoked."
        )
    params = {k: v for k, v in build(arn, message).items() if v is not None}
    if service in _INPUT_AS_REQUEST:
        # The input may carry members of the request (CodeBuild's
        # ``environmentVariablesOverride``); the rest of it is not the request's.
        members = store.client(service, arn.account, arn.region).meta.service_model.operation_model(operation).input_shape.members
        params = {k: v for k, v in params.items() if k in members}
    if service == "logs":
        sdk_call(store, "logs", "CreateLogStream", {k: params[k] for k in ("logGroupName", "logStreamName")}, arn.account, arn.region)
    return sdk_call(store, service, operation, params, arn.account, arn.region)


def sdk_call(store: Store, service: str, operation: str, params: dict[str, Any], account: str, region: str) -> dict[str, Any]:
    """Make an SDK call "through the mock", as a service inside AWS would: eventmock
    answers it if it emulates it, else the mock underneath, in ``account`` and
    ``region``. The response as boto3 gives it; raises :class:`DeliveryError` if the
    call fails or nothing answers it."""
    from botocore.exceptions import BotoCoreError, ClientError

    client = store.client(service, account, region)
    try:
        method = getattr(client, registry.python_name(operation))
        response: dict[str, Any] = method(**params)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        raise DeliveryError("NO_RESOURCE" if code in _MISSING else "SDK_CLIENT_ERROR", str(error)) from error
    except (BotoCoreError, EventmockError) as error:
        raise DeliveryError("SDK_CLIENT_ERROR", str(error)) from error
    except Exception as error:  # noqa: BLE001 - a mock underneath failing is the delivery's failure
        log.warning("%s.%s through the mock underneath failed", service, operation, exc_info=True)
        raise DeliveryError("SDK_CLIENT_ERROR", f"{type(error).__name__}: {error}") from error
    response.pop("ResponseMetadata", None)
    return response
