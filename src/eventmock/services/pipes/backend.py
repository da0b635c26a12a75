"""Amazon EventBridge Pipes: the control plane. What a running pipe does is in
:mod:`.pipe`; reading its source is the shared poller's
(:mod:`eventmock.services.consumers.poller`).

``CurrentState`` moves as AWS reports it (``CREATING`` -> ``RUNNING``, ``STARTING``,
``STOPPING`` -> ``STOPPED``, ``UPDATING``, ``DELETING``): an operation answers with
the transitional state, and the pipe reaches its steady state before the next call is
answered. A pipe whose source does not exist ends in ``CREATE_FAILED`` (AWS checks the
source after answering, too).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from eventmock.core import arns, clock, pagination
from eventmock.core.backend import Backend
from eventmock.core.errors import NotEmulatedError, ServiceError
from eventmock.services.consumers.records import compile_filters
from eventmock.services.pipes.pipe import DEFAULT_BATCH_SIZE, Pipe

DEFAULT_LIST_LIMIT = 100
#: Target ARN (service, resource prefix) -> the TargetParameters blocks it takes, and
#: the one it requires, if any.
_TARGET_BLOCKS: dict[tuple[str, str], tuple[frozenset[str], str | None]] = {
    ("lambda", "function:"): (frozenset({"LambdaFunctionParameters"}), None),
    ("states", "stateMachine:"): (frozenset({"StepFunctionStateMachineParameters"}), None),
    ("kinesis", "stream/"): (frozenset({"KinesisStreamParameters"}), "KinesisStreamParameters"),
    ("ecs", "cluster/"): (frozenset({"EcsTaskParameters"}), "EcsTaskParameters"),
    ("batch", "job-queue/"): (frozenset({"BatchJobParameters"}), "BatchJobParameters"),
    ("sqs", ""): (frozenset({"SqsQueueParameters"}), None),
    ("events", "event-bus/"): (frozenset({"EventBridgeEventBusParameters"}), None),
    ("events", "api-destination/"): (frozenset({"HttpParameters"}), None),
    ("execute-api", ""): (frozenset({"HttpParameters"}), None),
    ("redshift", "cluster:"): (frozenset({"RedshiftDataParameters"}), "RedshiftDataParameters"),
    ("redshift-serverless", "workgroup/"): (frozenset({"RedshiftDataParameters"}), "RedshiftDataParameters"),
    ("sagemaker", "pipeline/"): (frozenset({"SageMakerPipelineParameters"}), None),
    ("logs", "log-group:"): (frozenset({"CloudWatchLogsParameters"}), None),
    ("timestream", "database/"): (frozenset({"TimestreamParameters"}), "TimestreamParameters"),
    ("firehose", "deliverystream/"): (frozenset(), None),
    ("sns", ""): (frozenset(), None),
    ("inspector", ""): (frozenset(), None),
}
#: The source parameter blocks by source ARN service; the one required, if any.
_SOURCE_BLOCKS: dict[str, tuple[str, bool]] = {
    "sqs": ("SqsQueueParameters", False),
    "kinesis": ("KinesisStreamParameters", True),
    "dynamodb": ("DynamoDBStreamParameters", True),
    "mq": ("ActiveMQBrokerParameters", True),
    "kafka": ("ManagedStreamingKafkaParameters", True),
}
_ENRICHMENTS = (("lambda", "function:"), ("states", "stateMachine:"), ("execute-api", ""), ("events", "api-destination/"))


def _validation(name: str, message: str) -> ServiceError:
    """Pipes' ``ValidationException``, naming the field."""
    text = '{"ValidationErrorFields":[{"Name":"%s","Message":"%s"}]}' % (name, message.replace('"', '\\"'))
    return ServiceError("ValidationException", text, fieldList=[{"name": name, "message": message}])


class PipesBackend(Backend):
    service = "pipes"
    view = "eventmock.services.pipes.inspect:PipesView"
    constraint_error = "ValidationException"
    constraint_patterns = "search"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.pipes: dict[str, Pipe] = {}

    # -- helpers --------------------------------------------------------------------

    def _pipe(self, name: str) -> Pipe:
        pipe = self.pipes.get(name)
        if pipe is None:
            raise ServiceError("NotFoundException", f"Pipe {name} does not exist.")
        return pipe

    def _settle(self, pipe: Pipe) -> None:
        """The pipe reaches its steady state before the next call is answered."""

        def settle(when: dt.datetime) -> None:
            if pipe.current == "DELETING":
                if self.pipes.get(pipe.name) is pipe:
                    del self.pipes[pipe.name]
                return
            if pipe.current == "CREATING" and pipe._source() is None:
                pipe.current = "CREATE_FAILED"
                pipe.state_reason = f"The source {pipe.source_arn} does not exist."
                return
            pipe.current = pipe.desired
            pipe.state_reason = None
            if pipe.desired == "RUNNING":
                pipe.attach()

        self.store.due.at(clock.now(), settle)

    @staticmethod
    def _check_source(source: str, parameters: dict[str, Any]) -> None:
        arn = arns.parse(source)
        service = arn.service if arn is not None else ("kafka" if source.startswith("smk://") else "")
        if service not in _SOURCE_BLOCKS:
            raise _validation("Source", f"Source {source} is not a supported event source.")
        block, required = _SOURCE_BLOCKS[service]
        if service == "dynamodb":
            from eventmock.services.consumers import dynamodb

            if not dynamodb.available():
                raise NotEmulatedError(
                    "pipes", "CreatePipe", f"eventmock does not emulate dynamodb sources for pipes, and no mock underneath answers them ({source})"
                )
            if not dynamodb.is_stream_arn(source):
                raise _validation("Source", f"Source {source} is not a supported event source.")
        elif service not in ("sqs", "kinesis"):
            raise NotEmulatedError("pipes", "CreatePipe", f"eventmock does not emulate {service} sources for pipes ({source})")
        for other in parameters:
            if other not in (block, "FilterCriteria") and parameters[other] is not None:
                raise _validation(f"SourceParameters.{other}", "Parameter is not supported for the source.")
        if required and parameters.get(block) is None:
            raise _validation(f"SourceParameters.{block}", "Missing required parameter.")
        kinesis = parameters.get("KinesisStreamParameters") or {}
        if kinesis.get("StartingPosition") == "AT_TIMESTAMP" and kinesis.get("StartingPositionTimestamp") is None:
            raise _validation("SourceParameters.KinesisStreamParameters.StartingPositionTimestamp", "Missing required parameter.")

    @staticmethod
    def _check_target(target: str, parameters: dict[str, Any] | None) -> None:
        arn = arns.parse(target)
        if arn is None:
            raise _validation("Target", f"Target {target} is not a valid ARN.")
        blocks = next(
            (v for (service, prefix), v in _TARGET_BLOCKS.items() if arn.service == service and arn.resource.startswith(prefix)),
            None,
        )
        if blocks is None:
            raise _validation("Target", f"Target {target} is not a supported target.")
        allowed, required = blocks
        for name, value in (parameters or {}).items():
            if name != "InputTemplate" and value is not None and name not in allowed:
                raise _validation(f"TargetParameters.{name}", "Parameter is not supported for the target.")
        if required is not None and (parameters or {}).get(required) is None:
            raise _validation(f"TargetParameters.{required}", "Missing required parameter.")

    @staticmethod
    def _check_enrichment(enrichment: str | None) -> None:
        if not enrichment:
            return
        arn = arns.parse(enrichment)
        if arn is None or not any(arn.service == s and arn.resource.startswith(p) for s, p in _ENRICHMENTS):
            raise _validation("Enrichment", f"Enrichment {enrichment} is not a supported enrichment.")
        if arn.service == "states":
            raise NotEmulatedError("pipes", "CreatePipe", f"eventmock does not run Step Functions enrichments ({enrichment})")

    @staticmethod
    def _configure(pipe: Pipe, parameters: dict[str, Any]) -> None:
        """Apply the source parameters to the pipe's reading settings (checked first:
        nothing changes if the filter is refused)."""
        filters = compile_filters(
            parameters.get("FilterCriteria"), lambda message: _validation("SourceParameters.FilterCriteria", message)
        )
        block = (
            parameters.get("SqsQueueParameters") or parameters.get("KinesisStreamParameters") or parameters.get("DynamoDBStreamParameters") or {}
        )
        settings = pipe.settings
        settings.filters = filters
        settings.batch_size = block.get("BatchSize") or DEFAULT_BATCH_SIZE.get(pipe.kind, 10)
        settings.window_s = block.get("MaximumBatchingWindowInSeconds") or 0
        if pipe.kind in ("kinesis", "dynamodb"):
            settings.starting_position = block.get("StartingPosition") or settings.starting_position
            settings.starting_timestamp = block.get("StartingPositionTimestamp") or settings.starting_timestamp
            settings.maximum_retry_attempts = block.get("MaximumRetryAttempts", -1)
            settings.maximum_record_age_s = block.get("MaximumRecordAgeInSeconds", -1)
            settings.bisect = block.get("OnPartialBatchItemFailure") == "AUTOMATIC_BISECT"
        pipe.source_parameters = parameters

    # -- operations -----------------------------------------------------------------

    def create_pipe(
        self,
        Name: str,
        Source: str,
        Target: str,
        RoleArn: str,
        Description: str | None = None,
        DesiredState: str | None = None,
        SourceParameters: dict[str, Any] | None = None,
        Enrichment: str | None = None,
        EnrichmentParameters: dict[str, Any] | None = None,
        TargetParameters: dict[str, Any] | None = None,
        Tags: dict[str, str] | None = None,
        LogConfiguration: dict[str, Any] | None = None,
        KmsKeyIdentifier: str | None = None,
    ) -> dict[str, Any]:
        if Name in self.pipes:
            raise ServiceError(
                "ConflictException", f"Pipe {Name} already exists.", resourceId=Name, resourceType="pipe"
            )
        self._check_source(Source, SourceParameters or {})
        self._check_enrichment(Enrichment)
        self._check_target(Target, TargetParameters)
        pipe = Pipe(self, Name, Source)
        self._configure(pipe, dict(SourceParameters or {}))
        pipe.description = Description
        pipe.desired = DesiredState or "RUNNING"
        pipe.enrichment = Enrichment or None
        pipe.enrichment_parameters = EnrichmentParameters
        pipe.target = Target
        pipe.target_parameters = TargetParameters
        pipe.role_arn = RoleArn
        pipe.tags = dict(Tags or {})
        pipe.log_configuration = LogConfiguration
        pipe.kms_key = KmsKeyIdentifier
        self.pipes[Name] = pipe
        self._settle(pipe)
        return pipe.state()

    def describe_pipe(self, Name: str) -> dict[str, Any]:
        return self._pipe(Name).describe()

    def list_pipes(
        self,
        NamePrefix: str | None = None,
        DesiredState: str | None = None,
        CurrentState: str | None = None,
        SourcePrefix: str | None = None,
        TargetPrefix: str | None = None,
        NextToken: str | None = None,
        Limit: int | None = None,
    ) -> dict[str, Any]:
        found = [
            p
            for p in sorted(self.pipes.values(), key=lambda p: p.name)
            if (NamePrefix is None or p.name.startswith(NamePrefix))
            and (DesiredState is None or p.desired == DesiredState)
            and (CurrentState is None or p.current == CurrentState)
            and (SourcePrefix is None or p.source_arn.startswith(SourcePrefix))
            and (TargetPrefix is None or p.target.startswith(TargetPrefix))
        ]
        try:
            page, token = pagination.page(found, NextToken, Limit or DEFAULT_LIST_LIMIT)
        except pagination.InvalidToken:
            raise ServiceError("ValidationException", "Invalid NextToken.") from None
        return {"Pipes": [p.summary() for p in page], "NextToken": token}

    def update_pipe(
        self,
        Name: str,
        RoleArn: str,
        Description: str | None = None,
        DesiredState: str | None = None,
        SourceParameters: dict[str, Any] | None = None,
        Enrichment: str | None = None,
        EnrichmentParameters: dict[str, Any] | None = None,
        Target: str | None = None,
        TargetParameters: dict[str, Any] | None = None,
        LogConfiguration: dict[str, Any] | None = None,
        KmsKeyIdentifier: str | None = None,
    ) -> dict[str, Any]:
        pipe = self._pipe(Name)
        if pipe.current == "DELETING":
            raise ServiceError("ConflictException", f"Pipe {Name} is being deleted.", resourceId=Name, resourceType="pipe")
        source_parameters = pipe.source_parameters
        if SourceParameters is not None:
            source_parameters = {**pipe.source_parameters}
            for block, value in SourceParameters.items():
                if block == "FilterCriteria":
                    source_parameters[block] = value
                elif isinstance(value, dict):
                    source_parameters[block] = {**(pipe.source_parameters.get(block) or {}), **value}
            self._check_source(pipe.source_arn, source_parameters)
        target = Target or pipe.target
        target_parameters = TargetParameters if TargetParameters is not None else (pipe.target_parameters if Target is None else None)
        self._check_target(target, target_parameters)
        self._check_enrichment(Enrichment)
        self._configure(pipe, source_parameters)
        pipe.role_arn = RoleArn
        if Description is not None:
            pipe.description = Description
        if DesiredState is not None:
            pipe.desired = DesiredState
        if Enrichment is not None:
            pipe.enrichment = Enrichment or None
        if EnrichmentParameters is not None:
            pipe.enrichment_parameters = EnrichmentParameters
        pipe.target, pipe.target_parameters = target, target_parameters
        if LogConfiguration is not None:
            pipe.log_configuration = LogConfiguration
        if KmsKeyIdentifier is not None:
            pipe.kms_key = KmsKeyIdentifier
        pipe.modified = clock.now()
        if pipe.current != "CREATE_FAILED":
            pipe.current = "UPDATING"
        self._settle(pipe)
        return pipe.state()

    def start_pipe(self, Name: str) -> dict[str, Any]:
        return self._move(Name, desired="RUNNING", passing="STARTING")

    def stop_pipe(self, Name: str) -> dict[str, Any]:
        return self._move(Name, desired="STOPPED", passing="STOPPING")

    def _move(self, name: str, *, desired: str, passing: str) -> dict[str, Any]:
        """Start or stop: answered in the passing state, settled before the next call."""
        pipe = self._pipe(name)
        self._check_transition(pipe)
        pipe.desired = desired
        pipe.current = passing
        pipe.modified = clock.now()
        self._settle(pipe)
        return pipe.state()

    @staticmethod
    def _check_transition(pipe: Pipe) -> None:
        if pipe.current in ("DELETING", "CREATE_FAILED"):
            raise ServiceError(
                "ConflictException",
                f"Pipe {pipe.name} cannot be started or stopped in state {pipe.current}.",
                resourceId=pipe.name,
                resourceType="pipe",
            )

    def delete_pipe(self, Name: str) -> dict[str, Any]:
        pipe = self._pipe(Name)
        if pipe.current == "DELETING":
            raise ServiceError("ConflictException", f"Pipe {Name} is being deleted.", resourceId=Name, resourceType="pipe")
        pipe.detach()
        pipe.desired = "DELETED"
        pipe.current = "DELETING"
        pipe.modified = clock.now()
        self._settle(pipe)
        return pipe.state()

    # -- tags -----------------------------------------------------------------------

    def _pipe_by_arn(self, arn: str) -> Pipe:
        parsed = arns.parse(arn)
        if parsed is None or parsed.service != "pipes" or not parsed.resource.startswith("pipe/"):
            raise ServiceError("NotFoundException", f"Resource {arn} does not exist.")
        owner = self.store.backend("pipes", parsed.account, parsed.region)
        assert isinstance(owner, PipesBackend)
        pipe = owner.pipes.get(parsed.resource[len("pipe/") :])
        if pipe is None:
            raise ServiceError("NotFoundException", f"Resource {arn} does not exist.")
        return pipe

    def tag_resource(self, resourceArn: str, tags: dict[str, str]) -> None:
        self._pipe_by_arn(resourceArn).tags.update(tags)

    def untag_resource(self, resourceArn: str, tagKeys: list[str]) -> None:
        pipe = self._pipe_by_arn(resourceArn)
        for key in tagKeys:
            pipe.tags.pop(key, None)

    def list_tags_for_resource(self, resourceArn: str) -> dict[str, Any]:
        return {"tags": dict(self._pipe_by_arn(resourceArn).tags)}
