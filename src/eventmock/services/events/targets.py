"""PutTargets' checks of the targets themselves, in the words AWS answers with.

Each failing check refuses the whole call with a ``ValidationException`` (AWS does not
report these per entry). The messages and the service tables were measured against
EventBridge in us-east-1 (see docs/eventbridge.md, "Sources").
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from eventmock.core import arns
from eventmock.services.events import target_input

#: Target services EventBridge invokes by assuming the target's role: PutTargets
#: refuses such a target without ``RoleArn``. (Lambda, SNS, SQS and CloudWatch Logs are
#: invoked through their resource policies and take no role.)
ROLE_REQUIRED: Final = frozenset(
    {
        "batch", "codebuild", "codepipeline", "ecs", "events", "firehose", "glue", "inspector",
        "kinesis", "redshift", "sagemaker", "ssm", "ssm-incidents", "states",
    }
)

#: Target-type parameter blocks and the target services that take them
#: (``SqsParameters`` is accepted on any target).
PARAMETER_SERVICES: Final = {
    "EcsParameters": frozenset({"ecs"}),
    "KinesisParameters": frozenset({"kinesis"}),
    "BatchParameters": frozenset({"batch"}),
    "HttpParameters": frozenset({"events", "execute-api"}),
    "RedshiftDataParameters": frozenset({"redshift", "redshift-serverless"}),
    "RunCommandParameters": frozenset({"ssm"}),
    "SageMakerPipelineParameters": frozenset({"sagemaker"}),
    "AppSyncParameters": frozenset({"appsync"}),
}

#: Target services that cannot be invoked without their parameter block.
REQUIRED_PARAMETERS: Final = {"ecs": "EcsParameters", "batch": "BatchParameters"}

_QUOTED_BRACKET: Final = re.compile(r"\[\s*['\"]")


def check(rule_name: str, targets: list[dict[str, Any]], account: str) -> str | None:
    """The message of the first problem with ``targets`` of a rule in ``account``, or
    ``None``."""
    seen: set[str] = set()
    for target in targets:
        if target["Id"] in seen:
            return f"Parameter targets is not valid. Reason: More than one target with Id '{target['Id']}' is provided."
        seen.add(target["Id"])
    for target in targets:
        problem = _check_target(rule_name, target, account)
        if problem is not None:
            return problem
    return None


def check_dead_letter(config: dict[str, Any] | None) -> str | None:
    """The problem with a ``DeadLetterConfig`` (a target's or an event bus's), if any:
    only a standard SQS queue can be a dead-letter queue."""
    arn_text = (config or {}).get("Arn")
    if arn_text is None:
        return None
    arn = arns.parse(arn_text)
    if arn is None:
        return _bad_arn(arn_text)
    if arn.service != "sqs":
        return f"{arn.service} is not supported as a dead letter resource"
    if arn.resource.endswith(".fifo"):
        return "SQS FIFO is not supported by Dead Letter Queues"
    return None


def _bad_arn(arn: str) -> str:
    return f"Parameter {arn} is not valid. Reason: Provided Arn is not in correct format."


def _check_target(rule_name: str, target: dict[str, Any], account: str) -> str | None:
    target_id, arn_text = target["Id"], target["Arn"]
    arn = arns.parse(arn_text)
    if arn is None:
        return _bad_arn(arn_text)
    service = arn.service
    for block, services in PARAMETER_SERVICES.items():
        if target.get(block) is not None and service not in services:
            return f"Parameter(s) {block} not supported for target: {target_id}."
    required = REQUIRED_PARAMETERS.get(service)
    if required is not None and target.get(required) is None:
        return f"Parameter(s) {required} must be specified for target: {target_id}."
    if service in ("sqs", "sns") and arn.resource.endswith(".fifo") and not (target.get("SqsParameters") or {}).get("MessageGroupId"):
        return f"Parameter(s) SqsParameters must be specified for target: {target_id}."
    if service in ROLE_REQUIRED and not target.get("RoleArn") and not _is_other_accounts_bus(arn, account):
        if service == "kinesis":
            return f"Rule {rule_name} does not have RoleArn assigned to invoke target {arn_text}."
        return f"RoleArn is required for target {arn_text}."
    inputs = [member for member in ("Input", "InputPath", "InputTransformer") if target.get(member) is not None]
    if len(inputs) > 1:
        return f"Only one of Input, InputPath, or InputTransformer must be provided for target {target_id}."
    if target.get("Input") is not None and not _is_json(target["Input"]):
        return f"JSON syntax error in input for target {target_id}."
    paths = [target["InputPath"]] if target.get("InputPath") is not None else []
    paths += list(((target.get("InputTransformer") or {}).get("InputPathsMap") or {}).values())
    if any(not _is_input_path(path) for path in paths):
        return f"InputPath for target {target_id} is invalid."
    if target.get("InputTransformer") is not None:
        undefined = target_input.undefined_placeholders(target["InputTransformer"])
        if undefined:
            return f"InputTemplate for target {target_id} contains invalid placeholder {undefined[0]}."
    key_path = (target.get("KinesisParameters") or {}).get("PartitionKeyPath")
    if key_path is not None and not target_input.is_path(key_path):
        return f"PartitionKeyPath for target {target_id} is invalid."
    problem = check_dead_letter(target.get("DeadLetterConfig"))
    if problem is not None:
        return problem
    return _check_batch(target.get("BatchParameters"))


def _is_other_accounts_bus(arn: arns.Arn, account: str) -> bool:
    """An event bus of another account takes no role: that account grants ours
    ``events:PutEvents`` in its bus policy (a grant to an organization needs a role,
    which only delivery can tell)."""
    return arn.service == "events" and arn.resource.startswith("event-bus/") and arn.account != account


def _is_json(text: str) -> bool:
    try:
        json.loads(text, parse_constant=_reject)
    except (ValueError, RecursionError):
        return False
    return True


def _reject(name: str) -> Any:
    raise ValueError(name)


def _is_input_path(path: str) -> bool:
    """A JSON path rooted at ``$`` in dot notation (numeric indexes allowed, quoted
    bracket notation refused)."""
    return _QUOTED_BRACKET.search(path) is None and target_input.is_path(path)


def _check_batch(parameters: dict[str, Any] | None) -> str | None:
    if parameters is None:
        return None
    size = (parameters.get("ArrayProperties") or {}).get("Size")
    if size is not None and not 2 <= size <= 10000:
        return "Parameter ArrayProperties is not valid. Reason: Size must be in between 2 and 10000."
    attempts = (parameters.get("RetryStrategy") or {}).get("Attempts")
    if attempts is not None and not 1 <= attempts <= 10:
        return "Parameter RetryStrategy is not valid. Reason: Attempts must be in between 1 and 10."
    return None
