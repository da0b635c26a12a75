"""Lambda event source mappings: SQS queues, Kinesis streams and DynamoDB streams (with
a mock underneath that has them, moto: :mod:`eventmock.services.consumers.dynamodb`)
feeding a function.

A mapping is a consumer of the one poller (:mod:`eventmock.services.consumers.poller`),
shared with EventBridge Pipes: a message sent to a mapped queue reaches the function
before the next call is answered. The function is the callable bound with
``register_lambda``; it receives Lambda's own event, ``{"Records": [...]}``.

- A raising callable fails the batch: SQS messages become visible again after the
  queue's visibility timeout (and go to its dead-letter queue after
  ``maxReceiveCount``); a Kinesis batch is retried (see the poller).
- ``FunctionResponseTypes=["ReportBatchItemFailures"]``: the callable may answer
  ``{"batchItemFailures": [{"itemIdentifier": ...}]}``; only those items fail.
- Recursive loop detection (:mod:`eventmock.core.lineage`): an SQS batch whose
  messages a chain of 16 invocations of the function sent is not processed (with
  ``RecursiveLoop=Terminate``): its messages go to the queue's dead-letter queue if it
  has a redrive policy, else are deleted.
- ``State`` moves as AWS's does (``Creating`` -> ``Enabled``, ``Enabling``,
  ``Disabling`` -> ``Disabled``, ``Updating``, ``Deleting``) and reaches its steady
  state before the next call is answered.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from eventmock.core import arns, clock, ids, pagination, targets, timestamps
from eventmock.core.errors import NotEmulatedError, ServiceError
from eventmock.services.consumers.poller import Consumer, Settings
from eventmock.services.consumers.records import BatchDropped, BatchFailed, compile_filters, lambda_kinesis_record, partial_failures, stream_item_id

if TYPE_CHECKING:
    from eventmock.services.lambda_.backend import LambdaBackend

MAX_BATCH_SIZE = 10_000
MAX_SQS_BATCH_WITHOUT_WINDOW = 10
DEFAULT_BATCH_SIZE = {"sqs": 10, "kinesis": 100, "dynamodb": 100}
#: Sources read as streams (positions per shard, retries, on-failure destination).
STREAMS = ("kinesis", "dynamodb")
#: The on-failure record's batch description, by source.
_BATCH_INFO = {"kinesis": "KinesisBatchInfo", "dynamodb": "DDBStreamBatchInfo"}
FUNCTION_RESPONSE_TYPES = ("ReportBatchItemFailures",)
STARTING_POSITIONS = ("TRIM_HORIZON", "LATEST", "AT_TIMESTAMP")
#: What ``invokeIdentityArn`` names (eventmock has no execution roles).
DEFAULT_ROLE = "arn:aws:iam::{account}:role/eventmock-lambda-role"


def _constraint(problem: str) -> ServiceError:
    """Lambda's (unmodelled) ``ValidationException`` for a model constraint."""
    return ServiceError("ValidationException", f"1 validation error detected: {problem}", status=400)


def _invalid(message: str) -> ServiceError:
    return ServiceError("InvalidParameterValueException", message, Type="User")


class Mapping(Consumer):
    """One event source mapping."""

    def __init__(self, backend: LambdaBackend, uuid: str, source_arn: str, function_arn: str, function_name: str) -> None:
        super().__init__(backend.store, source_arn)
        self.backend = backend
        self.uuid = uuid
        self.arn = backend._arn(f"event-source-mapping:{uuid}")
        self.function_arn = function_arn
        self.function_name = function_name
        self.kind = self.source_kind
        self.enabled = True
        self.state = "Creating"
        self.last_modified = clock.now()
        self.last_result = "No records processed"
        self.config: dict[str, Any] = {}
        self.settings = Settings(batch_size=DEFAULT_BATCH_SIZE[self.kind])
        self.tags: dict[str, str] = {}
        #: Members stored and described as given (``_STORED``).
        self.stored: dict[str, Any] = {}

    def running(self) -> bool:
        return self.enabled

    def handle(self, records: list[dict[str, Any]]) -> set[str]:
        if self.kind == "kinesis":
            role = DEFAULT_ROLE.format(account=self.backend.account_id)
            event_records = [lambda_kinesis_record(r, role) for r in records]
            ids_ = {r["sequenceNumber"] for r in records}
        elif self.kind == "dynamodb":
            event_records = records
            ids_ = {i for r in records if (i := stream_item_id(r)) is not None}
        else:
            event_records = records
            ids_ = {r["messageId"] for r in records}
        owner = self.backend
        try:
            response = owner._invoke(self.function_arn, {"Records": event_records}, self.batch_lineage)
        except ServiceError as exc:
            if exc.code == "RecursiveInvocationException":
                self.last_result = "PROBLEM: Recursive invocation detected"
                raise BatchDropped(exc.code, exc.message) from exc
            self.last_result = "PROBLEM: Function not found."
            raise BatchFailed("NO_RESOURCE", exc.message) from exc
        except Exception as exc:  # noqa: BLE001 - the function's error fails the batch
            self.last_result = "PROBLEM: Function call failed"
            raise BatchFailed("ERROR_FROM_TARGET", f"{type(exc).__name__}: {exc}") from exc
        self.last_result = "OK"
        if "ReportBatchItemFailures" not in (self.config.get("FunctionResponseTypes") or []):
            return set()
        return partial_failures(_roundtrip(response), ids_)

    def give_up(self, records: list[dict[str, Any]], info: dict[str, Any], error: BatchFailed | None, condition: str) -> None:
        destination = ((self.config.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
        if not destination:
            return
        retries = self.settings.maximum_retry_attempts
        too_old = condition == "RecordAgeExceeded"
        body = {
            "requestContext": {
                "requestId": ids.uuid4(),
                "functionArn": self.function_arn,
                "condition": condition,
                "approximateInvokeCount": (retries + 1) if retries != -1 and not too_old else 1,
            },
            "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
            "version": "1.0",
            "timestamp": timestamps.iso8601(clock.now()),
            _BATCH_INFO[self.kind]: info,
        }
        try:
            targets.deliver(self.store, destination, targets.Message(json.dumps(body)))
        except targets.DeliveryError:
            pass  # AWS drops what it cannot send to the destination

    def describe(self) -> dict[str, Any]:
        c = self.config
        out: dict[str, Any] = {
            "UUID": self.uuid,
            "BatchSize": self.settings.batch_size,
            "MaximumBatchingWindowInSeconds": self.settings.window_s,
            "EventSourceArn": self.source_arn,
            "FilterCriteria": c.get("FilterCriteria"),
            "FunctionArn": self.function_arn,
            "LastModified": self.last_modified,
            "State": self.state,
            "StateTransitionReason": "USER_INITIATED" if self.kind == "sqs" else "User action",
            "FunctionResponseTypes": list(c.get("FunctionResponseTypes") or []),
            "EventSourceMappingArn": self.arn,
            "ScalingConfig": c.get("ScalingConfig"),
            **copy.deepcopy(self.stored),
        }
        if self.kind in STREAMS:
            out.update(
                {
                    "StartingPosition": self.settings.starting_position,
                    "StartingPositionTimestamp": self.settings.starting_timestamp,
                    "ParallelizationFactor": c.get("ParallelizationFactor") or 1,
                    "LastProcessingResult": self.last_result,
                    "DestinationConfig": {"OnFailure": dict((c.get("DestinationConfig") or {}).get("OnFailure") or {})},
                    "MaximumRecordAgeInSeconds": self.settings.maximum_record_age_s,
                    "BisectBatchOnFunctionError": self.settings.bisect,
                    "MaximumRetryAttempts": self.settings.maximum_retry_attempts,
                    "TumblingWindowInSeconds": c.get("TumblingWindowInSeconds") or 0,
                }
            )
        return out


def _roundtrip(response: Any) -> Any:
    """The function's answer as Lambda reads it: through JSON."""
    try:
        return json.loads(json.dumps(response))
    except (TypeError, ValueError):
        raise BatchFailed("INVALID_RESPONSE", "The function's response is not JSON.") from None


#: Members stored and described as given: the settings of sources eventmock does not
#: consume (Kafka, MQ, DocumentDB) and of what it does not run (metrics, logging, KMS,
#: provisioned pollers). Create takes them all, Update all but the source's own.
_STORED = (
    "AmazonManagedKafkaEventSourceConfig",
    "DocumentDBEventSourceConfig",
    "KMSKeyArn",
    "LoggingConfig",
    "MetricsConfig",
    "ProvisionedPollerConfig",
    "Queues",
    "SelfManagedEventSource",
    "SelfManagedKafkaEventSourceConfig",
    "SourceAccessConfigurations",
    "Topics",
)


def _given(members: dict[str, Any]) -> dict[str, Any]:
    """The stored-as-given members of a call (``_STORED``), copied."""
    return {k: copy.deepcopy(v) for k, v in members.items() if k in _STORED and v is not None}


#: Settings shared by Create and Update, and the poller setting each sets.
_SETTABLE = (
    "BatchSize",
    "MaximumBatchingWindowInSeconds",
    "FilterCriteria",
    "FunctionResponseTypes",
    "MaximumRetryAttempts",
    "MaximumRecordAgeInSeconds",
    "BisectBatchOnFunctionError",
    "DestinationConfig",
    "ParallelizationFactor",
    "TumblingWindowInSeconds",
    "ScalingConfig",
)


class EventSourceMappings:
    """The event source mapping operations of :class:`LambdaBackend` (a mixin)."""

    def _mappings(self) -> dict[str, Mapping]:
        found: dict[str, Mapping] = self.__dict__.setdefault("mappings", {})
        return found

    def _tags_of(self, arn: str) -> dict[str, str] | None:
        """A mapping's tags (TagResource and its twins name a mapping by its ARN)."""
        found = self._mappings().get(arn.rsplit(":", 1)[-1]) if ":event-source-mapping:" in arn else None
        if found is not None and found.arn == arn:
            return found.tags
        tags: dict[str, str] | None = super()._tags_of(arn)  # type: ignore[misc]
        return tags

    def _mapping(self, uuid: str) -> Mapping:
        mapping = self._mappings().get(uuid)
        if mapping is None:
            raise ServiceError("ResourceNotFoundException", "The resource you requested does not exist.", Type="User")
        return mapping

    def _settle(self, mapping: Mapping) -> None:
        """The mapping reaches its steady state before the next call is answered."""
        backend: LambdaBackend = self  # type: ignore[assignment]

        def settle(when: dt.datetime) -> None:
            if mapping.state == "Deleting":
                backend._mappings().pop(mapping.uuid, None)
            elif mapping.state in ("Creating", "Enabling", "Updating", "Disabling"):
                mapping.state = "Enabled" if mapping.enabled else "Disabled"

        backend.store.due.at(clock.now(), settle)

    def _check_source(self, source_arn: str) -> str:
        arn = arns.parse(source_arn)
        kind = arn.service if arn is not None else ""
        backend: LambdaBackend = self  # type: ignore[assignment]
        if kind == "sqs":
            assert arn is not None
            from eventmock.services.sqs.backend import SqsBackend

            sqs = backend.store.backend("sqs", arn.account, arn.region)
            assert isinstance(sqs, SqsBackend)
            if sqs._queue_by_arn(source_arn) is None:
                raise _invalid(
                    "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. "
                    "SQS Error Message: The specified queue does not exist."
                )
        elif kind == "kinesis":
            assert arn is not None
            from eventmock.services.kinesis.backend import KinesisBackend

            kinesis = backend.store.backend("kinesis", arn.account, arn.region)
            assert isinstance(kinesis, KinesisBackend)
            stream = kinesis.streams.get(arn.resource.split("/", 1)[-1])
            if stream is None or stream.arn != source_arn:
                raise _invalid(f"Stream not found: {source_arn}")
        elif kind == "dynamodb":
            from eventmock.services.consumers import dynamodb

            if not dynamodb.available():
                raise NotEmulatedError(
                    "lambda",
                    "CreateEventSourceMapping",
                    "eventmock does not emulate DynamoDB Streams event sources, and no mock underneath answers them",
                )
            if dynamodb.find(backend.store, source_arn) is None:
                raise _invalid(f"Stream not found: {source_arn}")
        else:
            raise _invalid("Unrecognized event source.")
        return kind

    @staticmethod
    def _apply(mapping: Mapping, params: dict[str, Any], creating: bool) -> None:
        """Check the settings of Create/Update against what the mapping's source takes,
        then set them (nothing is set if any is refused)."""
        config = {**mapping.config, **{k: v for k, v in params.items() if k in _SETTABLE and v is not None}}
        settings = mapping.settings
        batch = config.get("BatchSize", DEFAULT_BATCH_SIZE[mapping.kind])
        window = config.get("MaximumBatchingWindowInSeconds", 0)
        if not 1 <= batch <= MAX_BATCH_SIZE:
            bound = "greater than or equal to 1" if batch < 1 else f"less than or equal to {MAX_BATCH_SIZE}"
            raise _constraint(f"Value '{batch}' at 'batchSize' failed to satisfy constraint: Member must have value {bound}")
        if mapping.kind == "sqs" and batch > MAX_SQS_BATCH_WITHOUT_WINDOW and not window:
            raise _invalid("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10")
        types = config.get("FunctionResponseTypes") or []
        if any(t not in FUNCTION_RESPONSE_TYPES for t in types):
            raise _constraint(
                f"Value '[{', '.join(types)}]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy "
                f"constraint: [Member must satisfy enum value set: [{', '.join(FUNCTION_RESPONSE_TYPES)}]]"
            )
        filters = compile_filters(config.get("FilterCriteria"), _invalid)
        if mapping.kind == "sqs":
            for name in ("MaximumRetryAttempts", "MaximumRecordAgeInSeconds", "BisectBatchOnFunctionError", "ParallelizationFactor", "TumblingWindowInSeconds", "DestinationConfig"):
                if params.get(name) is not None:
                    raise _invalid(f"Unsupported {name} parameter for SQS event source.")
        retries = config.get("MaximumRetryAttempts", -1)
        age = config.get("MaximumRecordAgeInSeconds", -1)
        if not (retries == -1 or 0 <= retries <= 10_000):
            raise _invalid("MaximumRetryAttempts must be between -1 and 10000.")
        if not (age == -1 or 60 <= age <= 604_800):
            raise _invalid("MaximumRecordAgeInSeconds must be -1 or between 60 and 604800.")
        mapping.config = config
        settings.batch_size = batch
        settings.window_s = window
        settings.filters = filters
        settings.maximum_retry_attempts = retries
        settings.maximum_record_age_s = age
        settings.bisect = bool(config.get("BisectBatchOnFunctionError", False))

    def create_event_source_mapping(
        self,
        FunctionName: str,
        EventSourceArn: str | None = None,
        Enabled: bool | None = None,
        BatchSize: int | None = None,
        FilterCriteria: dict[str, Any] | None = None,
        MaximumBatchingWindowInSeconds: int | None = None,
        ParallelizationFactor: int | None = None,
        StartingPosition: str | None = None,
        StartingPositionTimestamp: dt.datetime | None = None,
        DestinationConfig: dict[str, Any] | None = None,
        MaximumRecordAgeInSeconds: int | None = None,
        BisectBatchOnFunctionError: bool | None = None,
        MaximumRetryAttempts: int | None = None,
        Tags: dict[str, str] | None = None,
        TumblingWindowInSeconds: int | None = None,
        FunctionResponseTypes: list[str] | None = None,
        ScalingConfig: dict[str, Any] | None = None,
        **stored: Any,
    ) -> dict[str, Any]:
        """Takes every member of the model: those of ``_STORED`` as ``stored``."""
        backend: LambdaBackend = self  # type: ignore[assignment]
        params = {k: v for k, v in locals().items() if k in _SETTABLE}
        function = backend._resolve(FunctionName, None)
        if EventSourceArn is None:
            raise _invalid("Unrecognized event source, must be kafka or specify EventSourceArn.")
        kind = self._check_source(EventSourceArn)
        for existing in self._mappings().values():
            if existing.source_arn == EventSourceArn and existing.function_arn == function.arn:
                if kind == "sqs":
                    message = f'An event source mapping with SQS arn (" {EventSourceArn} ") and function (" {function.name} ") already exists.'
                else:
                    message = f'The event source arn (" {EventSourceArn} ") and function (" {function.name} ") provided mapping already exists.'
                raise ServiceError(
                    "ResourceConflictException",
                    f"{message} Please update or delete the existing mapping with UUID {existing.uuid}",
                    Type="User",
                )
        if StartingPosition is not None and StartingPosition not in STARTING_POSITIONS:
            raise _constraint(
                f"Value '{StartingPosition}' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: "
                f"[{', '.join(STARTING_POSITIONS)}]"
            )
        if kind in STREAMS:
            if StartingPosition is None:
                raise _invalid("1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.")
            if kind == "dynamodb" and StartingPosition == "AT_TIMESTAMP":
                raise _invalid(f"Unsupported starting position for arn type: {EventSourceArn}")
            if StartingPosition == "AT_TIMESTAMP" and StartingPositionTimestamp is None:
                raise _invalid("StartingPositionTimestamp must be provided when StartingPosition is AT_TIMESTAMP.")
        elif StartingPosition is not None:
            raise _invalid("StartingPosition is not valid for SQS event sources.")
        mapping = Mapping(backend, ids.uuid4(), EventSourceArn, function.arn, function.name)
        self._apply(mapping, params, creating=True)
        mapping.settings.starting_position = StartingPosition
        mapping.settings.starting_timestamp = StartingPositionTimestamp
        mapping.tags = dict(Tags or {})
        mapping.stored = _given(stored)
        mapping.enabled = Enabled is not False
        mapping.state = "Creating" if mapping.enabled else "Disabled"
        self._mappings()[mapping.uuid] = mapping
        self._settle(mapping)
        mapping.attach()
        return mapping.describe()

    def get_event_source_mapping(self, UUID: str) -> dict[str, Any]:
        return self._mapping(UUID).describe()

    def list_event_source_mappings(
        self, EventSourceArn: str | None = None, FunctionName: str | None = None, Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        found = list(self._mappings().values())
        if EventSourceArn is not None:
            found = [m for m in found if m.source_arn == EventSourceArn]
        if FunctionName is not None:
            found = [m for m in found if FunctionName in (m.function_name, m.function_arn)]
        try:
            page, marker = pagination.page(found, Marker, MaxItems or 100)
        except pagination.InvalidToken:
            raise _invalid(f"Invalid Marker: {Marker}") from None
        return {"EventSourceMappings": [m.describe() for m in page], "NextMarker": marker}

    def update_event_source_mapping(
        self,
        UUID: str,
        FunctionName: str | None = None,
        Enabled: bool | None = None,
        BatchSize: int | None = None,
        FilterCriteria: dict[str, Any] | None = None,
        MaximumBatchingWindowInSeconds: int | None = None,
        ParallelizationFactor: int | None = None,
        DestinationConfig: dict[str, Any] | None = None,
        MaximumRecordAgeInSeconds: int | None = None,
        BisectBatchOnFunctionError: bool | None = None,
        MaximumRetryAttempts: int | None = None,
        TumblingWindowInSeconds: int | None = None,
        FunctionResponseTypes: list[str] | None = None,
        ScalingConfig: dict[str, Any] | None = None,
        **stored: Any,
    ) -> dict[str, Any]:
        """Takes every member of the model: those of ``_STORED`` as ``stored``."""
        backend: LambdaBackend = self  # type: ignore[assignment]
        params = {k: v for k, v in locals().items() if k in _SETTABLE}
        mapping = self._mapping(UUID)
        if mapping.state == "Deleting":
            raise ServiceError("ResourceInUseException", "Cannot update the event source mapping because it is in use.", Type="User")
        function = backend._resolve(FunctionName, None) if FunctionName is not None else None
        self._apply(mapping, params, creating=False)
        mapping.stored.update(_given(stored))
        if function is not None:
            mapping.function_arn, mapping.function_name = function.arn, function.name
        was = mapping.enabled
        if Enabled is not None:
            mapping.enabled = Enabled
        if mapping.enabled and not was:
            mapping.state = "Enabling"
        elif was and not mapping.enabled:
            mapping.state = "Disabling"
        else:
            mapping.state = "Updating"
        mapping.last_modified = clock.now()
        self._settle(mapping)
        mapping.wake(clock.epoch_ms())
        return mapping.describe()

    def delete_event_source_mapping(self, UUID: str) -> dict[str, Any]:
        mapping = self._mapping(UUID)
        if mapping.state == "Deleting":
            raise ServiceError("ResourceInUseException", "Cannot delete the event source mapping because it is in use.", Type="User")
        mapping.detach()
        mapping.enabled = False
        mapping.state = "Deleting"
        self._settle(mapping)
        return mapping.describe()
