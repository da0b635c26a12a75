"""The CloudFormation resource types the bridge makes in eventmock
(:mod:`eventmock.coexist.cloudformation`): for each, the calls a boto3 client would make
to create, update and delete it, and what ``Ref`` and ``Fn::GetAtt`` give, as the
CloudFormation resource reference documents them. Properties keep CloudFormation's
names where the API's are the same; :meth:`StackResource.call` gives values the
types the API's input shape names."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from eventmock.coexist.cloudformation import Props, ResourceType, StackResource


def _tags(props: Props, key: str = "Tags") -> dict[str, str]:
    """CloudFormation's ``[{"Key": k, "Value": v}]`` as a map."""
    return {str(t["Key"]): str(t["Value"]) for t in props.get(key) or []}


def _tag_changes(old: Props, new: Props) -> tuple[dict[str, str], list[str]]:
    """The tags to set and the keys to remove to go from ``old``'s tags to ``new``'s."""
    before, after = _tags(old), _tags(new)
    return {k: v for k, v in after.items() if before.get(k) != v}, sorted(set(before) - set(after))


def _picked(props: Props, names: tuple[str, ...]) -> Props:
    return {name: props[name] for name in names if props.get(name) is not None}


def _fifo_name(resource: StackResource, props: Props, flag: str, named: str) -> str:
    """A FIFO queue's or topic's generated name ends with ``.fifo`` (a given one must)."""
    truthy = str(props.get(flag)).lower() == "true"
    if truthy and props.get(named) is None and not resource.name.endswith(".fifo"):
        return resource.name[:75] + ".fifo"
    return resource.name


# -- SQS ---------------------------------------------------------------------------

_QUEUE_ATTRIBUTES = (
    "ContentBasedDeduplication", "DeduplicationScope", "DelaySeconds", "FifoQueue", "FifoThroughputLimit",
    "KmsDataKeyReusePeriodSeconds", "KmsMasterKeyId", "MaximumMessageSize", "MessageRetentionPeriod",
    "ReceiveMessageWaitTimeSeconds", "RedriveAllowPolicy", "RedrivePolicy", "SqsManagedSseEnabled", "VisibilityTimeout",
)  # fmt: skip
#: What an attribute goes back to when an update removes its property.
_QUEUE_DEFAULTS = {
    "DelaySeconds": "0", "MaximumMessageSize": "262144", "MessageRetentionPeriod": "345600",
    "ReceiveMessageWaitTimeSeconds": "0", "VisibilityTimeout": "30", "RedrivePolicy": "", "RedriveAllowPolicy": "",
    "KmsMasterKeyId": "", "KmsDataKeyReusePeriodSeconds": "300",
}  # fmt: skip


def _queue_create(r: StackResource, props: Props) -> None:
    r.name = _fifo_name(r, props, "FifoQueue", "QueueName")
    attributes = _picked(props, _QUEUE_ATTRIBUTES)
    r.physical_resource_id = r.call("create_queue", QueueName=r.name, Attributes=attributes or None, tags=_tags(props) or None)["QueueUrl"]


def _queue_update(r: StackResource, old: Props, new: Props) -> None:
    attributes = {k: new.get(k, _QUEUE_DEFAULTS.get(k)) for k in _QUEUE_ATTRIBUTES if old.get(k) != new.get(k)}
    attributes = {k: v for k, v in attributes.items() if v is not None}
    if attributes:
        r.call("set_queue_attributes", QueueUrl=r.physical_resource_id, Attributes=attributes)
    added, removed = _tag_changes(old, new)
    if added:
        r.call("tag_queue", QueueUrl=r.physical_resource_id, Tags=added)
    if removed:
        r.call("untag_queue", QueueUrl=r.physical_resource_id, TagKeys=removed)


def _queue_arn(r: StackResource) -> Any:
    return r.call("get_queue_attributes", QueueUrl=r.physical_resource_id, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


QUEUE = ResourceType(
    "sqs",
    create=_queue_create,
    update=_queue_update,
    delete=lambda r: r.call("delete_queue", QueueUrl=r.physical_resource_id),
    attributes={"Arn": _queue_arn, "QueueName": lambda r: r.name, "QueueUrl": lambda r: r.physical_resource_id},
    name_property="QueueName",
    max_name=80,
    replaced_by=frozenset({"FifoQueue"}),
)


def _queue_policy_set(r: StackResource, props: Props, policy: Any) -> None:
    for url in props.get("Queues") or []:
        r.call("set_queue_attributes", QueueUrl=url, Attributes={"Policy": policy})


def _queue_policy_create(r: StackResource, props: Props) -> None:
    _queue_policy_set(r, props, props.get("PolicyDocument"))
    r.physical_resource_id = r.name


def _queue_policy_update(r: StackResource, old: Props, new: Props) -> None:
    _queue_policy_set(r, {"Queues": [q for q in old.get("Queues") or [] if q not in (new.get("Queues") or [])]}, "")
    _queue_policy_set(r, new, new.get("PolicyDocument"))


QUEUE_POLICY = ResourceType(
    "sqs",
    create=_queue_policy_create,
    update=_queue_policy_update,
    delete=lambda r: _queue_policy_set(r, r.properties, ""),
    attributes={"Id": lambda r: r.physical_resource_id},
)

# -- SNS ---------------------------------------------------------------------------

_TOPIC_ATTRIBUTES = (
    "DisplayName", "FifoTopic", "ContentBasedDeduplication", "KmsMasterKeyId", "SignatureVersion", "TracingConfig",
    "ArchivePolicy", "FifoThroughputScope",
)  # fmt: skip
_TOPIC_SETTABLE = tuple(a for a in _TOPIC_ATTRIBUTES if a != "FifoTopic")


def _subscribe(r: StackResource, topic_arn: str, subscriptions: list[Any]) -> list[str]:
    return [
        r.call("subscribe", TopicArn=topic_arn, Protocol=s.get("Protocol"), Endpoint=s.get("Endpoint"), ReturnSubscriptionArn=True)[
            "SubscriptionArn"
        ]
        for s in subscriptions
    ]


def _unsubscribe(r: StackResource, arns: list[str]) -> None:
    for arn in arns:
        if arn.startswith("arn:"):
            r.call("unsubscribe", SubscriptionArn=arn)


def _topic_create(r: StackResource, props: Props) -> None:
    r.name = _fifo_name(r, props, "FifoTopic", "TopicName")
    attributes = _picked(props, _TOPIC_ATTRIBUTES)
    if str(attributes.get("FifoTopic")).lower() == "false":
        del attributes["FifoTopic"]  # a standard topic: the API takes no "false"
    tags = [{"Key": k, "Value": v} for k, v in _tags(props).items()]
    arn = r.call("create_topic", Name=r.name, Attributes=attributes or None, Tags=tags or None)["TopicArn"]
    r.physical_resource_id = arn
    if props.get("DataProtectionPolicy") is not None:
        r.call("put_data_protection_policy", ResourceArn=arn, DataProtectionPolicy=props["DataProtectionPolicy"])
    r.state["subscriptions"] = _subscribe(r, arn, props.get("Subscription") or [])


def _topic_update(r: StackResource, old: Props, new: Props) -> None:
    arn = r.physical_resource_id
    for name in _TOPIC_SETTABLE:
        if old.get(name) != new.get(name):
            r.call("set_topic_attributes", TopicArn=arn, AttributeName=name, AttributeValue=new.get(name, ""))
    if old.get("DataProtectionPolicy") != new.get("DataProtectionPolicy"):
        r.call("put_data_protection_policy", ResourceArn=arn, DataProtectionPolicy=new.get("DataProtectionPolicy") or "")
    if old.get("Subscription") != new.get("Subscription"):
        _unsubscribe(r, r.state.get("subscriptions", []))
        r.state["subscriptions"] = _subscribe(r, arn, new.get("Subscription") or [])
    added, removed = _tag_changes(old, new)
    if added:
        r.call("tag_resource", ResourceArn=arn, Tags=[{"Key": k, "Value": v} for k, v in added.items()])
    if removed:
        r.call("untag_resource", ResourceArn=arn, TagKeys=removed)


def _topic_delete(r: StackResource) -> None:
    _unsubscribe(r, r.state.get("subscriptions", []))
    r.call("delete_topic", TopicArn=r.physical_resource_id)


TOPIC = ResourceType(
    "sns",
    create=_topic_create,
    update=_topic_update,
    delete=_topic_delete,
    attributes={"TopicArn": lambda r: r.physical_resource_id, "TopicName": lambda r: r.name},
    name_property="TopicName",
    max_name=256,
    replaced_by=frozenset({"FifoTopic"}),
)

_SUBSCRIPTION_ATTRIBUTES = (
    "DeliveryPolicy", "FilterPolicy", "FilterPolicyScope", "RawMessageDelivery", "RedrivePolicy", "ReplayPolicy",
    "SubscriptionRoleArn",
)  # fmt: skip


def _subscription_region(r: StackResource, props: Props) -> str:
    """A subscription is made in its topic's region (``Region`` names it too)."""
    parts = str(props.get("TopicArn", "")).split(":")
    return str(props.get("Region") or (parts[3] if len(parts) > 3 and parts[3] else r.region))


def _subscription_create(r: StackResource, props: Props) -> None:
    r.state["region"] = region = _subscription_region(r, props)
    r.physical_resource_id = r.call(
        "subscribe",
        region=region,
        TopicArn=props.get("TopicArn"),
        Protocol=props.get("Protocol"),
        Endpoint=props.get("Endpoint"),
        Attributes=_picked(props, _SUBSCRIPTION_ATTRIBUTES) or None,
        ReturnSubscriptionArn=True,
    )["SubscriptionArn"]


def _subscription_update(r: StackResource, old: Props, new: Props) -> None:
    for name in _SUBSCRIPTION_ATTRIBUTES:
        if old.get(name) != new.get(name):
            r.call(
                "set_subscription_attributes",
                region=r.state["region"],
                SubscriptionArn=r.physical_resource_id,
                AttributeName=name,
                AttributeValue=new.get(name, ""),
            )


SUBSCRIPTION = ResourceType(
    "sns",
    create=_subscription_create,
    update=_subscription_update,
    delete=lambda r: _unsubscribe(r, [r.physical_resource_id]),
    attributes={"Arn": lambda r: r.physical_resource_id},
    replaced_by=frozenset({"Endpoint", "Protocol", "TopicArn", "Region"}),
)

# -- Kinesis -------------------------------------------------------------------------


def _stream_retention(r: StackResource, before: int, after: int) -> None:
    if after > before:
        r.call("increase_stream_retention_period", StreamName=r.name, RetentionPeriodHours=after)
    elif after < before:
        r.call("decrease_stream_retention_period", StreamName=r.name, RetentionPeriodHours=after)


def _stream_create(r: StackResource, props: Props) -> None:
    mode = (props.get("StreamModeDetails") or {}).get("StreamMode", "PROVISIONED")
    shards = None if mode == "ON_DEMAND" else props.get("ShardCount", 1)
    r.call("create_stream", StreamName=r.name, ShardCount=shards, StreamModeDetails=props.get("StreamModeDetails"))
    r.physical_resource_id = r.name
    r.state["arn"] = r.call("describe_stream_summary", StreamName=r.name)["StreamDescriptionSummary"]["StreamARN"]
    _stream_retention(r, 24, int(props.get("RetentionPeriodHours", 24)))
    if props.get("Tags"):
        r.call("add_tags_to_stream", StreamName=r.name, Tags=_tags(props))
    encryption = props.get("StreamEncryption")
    if encryption:
        r.call("start_stream_encryption", StreamName=r.name, EncryptionType=encryption.get("EncryptionType"), KeyId=encryption.get("KeyId"))
    if props.get("DesiredShardLevelMetrics"):
        r.call("enable_enhanced_monitoring", StreamName=r.name, ShardLevelMetrics=props["DesiredShardLevelMetrics"])


def _stream_update(r: StackResource, old: Props, new: Props) -> None:
    if old.get("StreamModeDetails") != new.get("StreamModeDetails"):
        mode = (new.get("StreamModeDetails") or {}).get("StreamMode", "PROVISIONED")
        r.call("update_stream_mode", StreamARN=r.state["arn"], StreamModeDetails={"StreamMode": mode})
    if old.get("ShardCount", 1) != new.get("ShardCount", 1) and new.get("ShardCount") is not None:
        r.call("update_shard_count", StreamName=r.name, TargetShardCount=new["ShardCount"], ScalingType="UNIFORM_SCALING")
    _stream_retention(r, int(old.get("RetentionPeriodHours", 24)), int(new.get("RetentionPeriodHours", 24)))
    added, removed = _tag_changes(old, new)
    if added:
        r.call("add_tags_to_stream", StreamName=r.name, Tags=added)
    if removed:
        r.call("remove_tags_from_stream", StreamName=r.name, TagKeys=removed)
    if old.get("StreamEncryption") != new.get("StreamEncryption"):
        before, after = old.get("StreamEncryption"), new.get("StreamEncryption")
        if before:
            r.call("stop_stream_encryption", StreamName=r.name, EncryptionType=before.get("EncryptionType"), KeyId=before.get("KeyId"))
        if after:
            r.call("start_stream_encryption", StreamName=r.name, EncryptionType=after.get("EncryptionType"), KeyId=after.get("KeyId"))
    if old.get("DesiredShardLevelMetrics") != new.get("DesiredShardLevelMetrics"):
        r.call("disable_enhanced_monitoring", StreamName=r.name, ShardLevelMetrics=["ALL"])
        if new.get("DesiredShardLevelMetrics"):
            r.call("enable_enhanced_monitoring", StreamName=r.name, ShardLevelMetrics=new["DesiredShardLevelMetrics"])


STREAM = ResourceType(
    "kinesis",
    create=_stream_create,
    update=_stream_update,
    delete=lambda r: r.call("delete_stream", StreamName=r.name, EnforceConsumerDeletion=True),
    attributes={"Arn": lambda r: r.state["arn"]},
    name_property="Name",
    max_name=128,
)

# -- CloudWatch Logs ---------------------------------------------------------------------


def _group_create(r: StackResource, props: Props) -> None:
    r.call("create_log_group", logGroupName=r.name, kmsKeyId=props.get("KmsKeyId"), tags=_tags(props) or None, logGroupClass=props.get("LogGroupClass"))
    r.physical_resource_id = r.name
    if props.get("RetentionInDays") is not None:
        r.call("put_retention_policy", logGroupName=r.name, retentionInDays=props["RetentionInDays"])
    if props.get("DataProtectionPolicy") is not None:
        r.call("put_data_protection_policy", logGroupIdentifier=r.name, policyDocument=props["DataProtectionPolicy"])


def _group_arn(r: StackResource) -> str:
    """``arn:...:log-group:NAME:*``, as ``logGroupArn`` in DescribeLogGroups."""
    for group in r.call("describe_log_groups", logGroupNamePrefix=r.name)["logGroups"]:
        if group["logGroupName"] == r.name:
            return str(group["arn"])
    return ""


def _group_update(r: StackResource, old: Props, new: Props) -> None:
    if old.get("RetentionInDays") != new.get("RetentionInDays"):
        if new.get("RetentionInDays") is None:
            r.call("delete_retention_policy", logGroupName=r.name)
        else:
            r.call("put_retention_policy", logGroupName=r.name, retentionInDays=new["RetentionInDays"])
    if old.get("KmsKeyId") != new.get("KmsKeyId"):
        if new.get("KmsKeyId") is None:
            r.call("disassociate_kms_key", logGroupName=r.name)
        else:
            r.call("associate_kms_key", logGroupName=r.name, kmsKeyId=new["KmsKeyId"])
    if old.get("DataProtectionPolicy") != new.get("DataProtectionPolicy"):
        if new.get("DataProtectionPolicy") is None:
            r.call("delete_data_protection_policy", logGroupIdentifier=r.name)
        else:
            r.call("put_data_protection_policy", logGroupIdentifier=r.name, policyDocument=new["DataProtectionPolicy"])
    added, removed = _tag_changes(old, new)
    arn = _group_arn(r).removesuffix(":*")
    if added:
        r.call("tag_resource", resourceArn=arn, tags=added)
    if removed:
        r.call("untag_resource", resourceArn=arn, tagKeys=removed)


LOG_GROUP = ResourceType(
    "logs",
    create=_group_create,
    update=_group_update,
    delete=lambda r: r.call("delete_log_group", logGroupName=r.name),
    attributes={"Arn": _group_arn},
    name_property="LogGroupName",
    max_name=512,
    replaced_by=frozenset({"LogGroupClass"}),
)


def _stream_in_group_create(r: StackResource, props: Props) -> None:
    r.call("create_log_stream", logGroupName=props.get("LogGroupName"), logStreamName=r.name)
    r.physical_resource_id = r.name


LOG_STREAM = ResourceType(
    "logs",
    create=_stream_in_group_create,
    delete=lambda r: r.call("delete_log_stream", logGroupName=r.properties.get("LogGroupName"), logStreamName=r.name),
    attributes={},
    name_property="LogStreamName",
)


def _filter_put(r: StackResource, props: Props) -> None:
    r.call(
        "put_subscription_filter",
        logGroupName=props.get("LogGroupName"),
        filterName=r.name,
        filterPattern=props.get("FilterPattern"),
        destinationArn=props.get("DestinationArn"),
        roleArn=props.get("RoleArn"),
        distribution=props.get("Distribution"),
    )
    r.physical_resource_id = r.name


SUBSCRIPTION_FILTER = ResourceType(
    "logs",
    create=_filter_put,
    update=lambda r, old, new: _filter_put(r, new),
    delete=lambda r: r.call("delete_subscription_filter", logGroupName=r.properties.get("LogGroupName"), filterName=r.name),
    attributes={},
    name_property="FilterName",
    replaced_by=frozenset({"LogGroupName"}),
)

# -- Lambda --------------------------------------------------------------------------

_FUNCTION_SETTINGS = (
    "Description", "Handler", "Role", "Runtime", "Timeout", "MemorySize", "Environment", "Layers", "TracingConfig",
    "DeadLetterConfig", "VpcConfig", "KmsKeyArn", "EphemeralStorage", "ImageConfig", "LoggingConfig", "SnapStart",
    "FileSystemConfigs",
)  # fmt: skip


def _code(props: Props) -> Props:
    """The API's ``Code`` from CloudFormation's: inline ``ZipFile`` source is zipped as
    ``index.py`` (``index.js`` for Node.js), as CloudFormation does."""
    code = dict(props.get("Code") or {})
    source = code.pop("ZipFile", None)
    if source is not None:
        runtime = str(props.get("Runtime", ""))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("index.js" if runtime.startswith("nodejs") else "index.py", str(source))
        code["ZipFile"] = buffer.getvalue()
    code.pop("SourceKMSKeyArn", None)
    return code


def _function_create(r: StackResource, props: Props) -> None:
    settings = _picked(props, (*_FUNCTION_SETTINGS, "PackageType", "Architectures", "CodeSigningConfigArn"))
    answer = r.call("create_function", FunctionName=r.name, Code=_code(props), Tags=_tags(props) or None, **settings)
    r.physical_resource_id = r.name
    r.state["arn"] = answer["FunctionArn"]
    if props.get("ReservedConcurrentExecutions") is not None:
        r.call("put_function_concurrency", FunctionName=r.name, ReservedConcurrentExecutions=props["ReservedConcurrentExecutions"])


def _function_update(r: StackResource, old: Props, new: Props) -> None:
    changed = {k: new.get(k) for k in _FUNCTION_SETTINGS if old.get(k) != new.get(k)}
    if changed:
        r.call("update_function_configuration", FunctionName=r.name, **{k: v for k, v in changed.items() if v is not None})
    if old.get("Code") != new.get("Code") or old.get("Architectures") != new.get("Architectures"):
        r.call("update_function_code", FunctionName=r.name, Architectures=new.get("Architectures"), **_code(new))
    if old.get("ReservedConcurrentExecutions") != new.get("ReservedConcurrentExecutions"):
        if new.get("ReservedConcurrentExecutions") is None:
            r.call("delete_function_concurrency", FunctionName=r.name)
        else:
            r.call("put_function_concurrency", FunctionName=r.name, ReservedConcurrentExecutions=new["ReservedConcurrentExecutions"])
    added, removed = _tag_changes(old, new)
    if added:
        r.call("tag_resource", Resource=r.state["arn"], Tags=added)
    if removed:
        r.call("untag_resource", Resource=r.state["arn"], TagKeys=removed)


FUNCTION = ResourceType(
    "lambda",
    create=_function_create,
    update=_function_update,
    delete=lambda r: r.call("delete_function", FunctionName=r.name),
    attributes={"Arn": lambda r: r.state["arn"]},
    name_property="FunctionName",
    max_name=64,
    replaced_by=frozenset({"PackageType"}),
)

_MAPPING_SETTINGS = (
    "BatchSize", "BisectBatchOnFunctionError", "DestinationConfig", "Enabled", "FilterCriteria", "FunctionName",
    "FunctionResponseTypes", "KmsKeyArn", "MaximumBatchingWindowInSeconds", "MaximumRecordAgeInSeconds",
    "MaximumRetryAttempts", "MetricsConfig", "ParallelizationFactor", "ProvisionedPollerConfig", "ScalingConfig",
    "SourceAccessConfigurations", "TumblingWindowInSeconds", "DocumentDBEventSourceConfig",
)  # fmt: skip
_MAPPING_FIXED = (
    "EventSourceArn", "StartingPosition", "StartingPositionTimestamp", "Topics", "Queues", "SelfManagedEventSource",
    "AmazonManagedKafkaEventSourceConfig", "SelfManagedKafkaEventSourceConfig",
)  # fmt: skip


def _mapping_create(r: StackResource, props: Props) -> None:
    answer = r.call("create_event_source_mapping", Tags=_tags(props) or None, **_picked(props, _MAPPING_SETTINGS + _MAPPING_FIXED))
    r.physical_resource_id = answer["UUID"]
    r.state["arn"] = answer.get("EventSourceMappingArn")


def _mapping_update(r: StackResource, old: Props, new: Props) -> None:
    changed = {k: new.get(k) for k in _MAPPING_SETTINGS if old.get(k) != new.get(k)}
    if changed:
        r.call("update_event_source_mapping", UUID=r.physical_resource_id, **{k: v for k, v in changed.items() if v is not None})


MAPPING = ResourceType(
    "lambda",
    create=_mapping_create,
    update=_mapping_update,
    delete=lambda r: r.call("delete_event_source_mapping", UUID=r.physical_resource_id),
    attributes={"Id": lambda r: r.physical_resource_id, "EventSourceMappingArn": lambda r: r.state["arn"]},
    replaced_by=frozenset(_MAPPING_FIXED),
)


def _permission_create(r: StackResource, props: Props) -> None:
    names = ("Action", "FunctionName", "Principal", "SourceArn", "SourceAccount", "EventSourceToken", "PrincipalOrgID", "FunctionUrlAuthType")
    r.call("add_permission", StatementId=r.name[:100], **_picked(props, names))
    r.physical_resource_id = r.name[:100]


PERMISSION = ResourceType(
    "lambda",
    create=_permission_create,
    delete=lambda r: r.call("remove_permission", FunctionName=r.properties.get("FunctionName"), StatementId=r.physical_resource_id),
    attributes={"Id": lambda r: r.physical_resource_id},
)


def _version_create(r: StackResource, props: Props) -> None:
    answer = r.call("publish_version", **_picked(props, ("FunctionName", "Description", "CodeSha256")))
    r.physical_resource_id = answer["FunctionArn"]
    r.state["version"] = answer["Version"]


VERSION = ResourceType(
    "lambda",
    create=_version_create,
    delete=lambda r: r.call("delete_function", FunctionName=r.properties.get("FunctionName"), Qualifier=r.state["version"]),
    attributes={"Version": lambda r: r.state["version"], "FunctionArn": lambda r: r.physical_resource_id.rpartition(":")[0]},
)


def _alias_create(r: StackResource, props: Props) -> None:
    answer = r.call("create_alias", **_picked(props, ("FunctionName", "Name", "FunctionVersion", "Description", "RoutingConfig")))
    r.physical_resource_id = answer["AliasArn"]


def _alias_update(r: StackResource, old: Props, new: Props) -> None:
    names = ("FunctionVersion", "Description", "RoutingConfig")
    r.call("update_alias", FunctionName=new.get("FunctionName"), Name=new.get("Name"), **_picked(new, names))


ALIAS = ResourceType(
    "lambda",
    create=_alias_create,
    update=_alias_update,
    delete=lambda r: r.call("delete_alias", FunctionName=r.properties.get("FunctionName"), Name=r.properties.get("Name")),
    attributes={"AliasArn": lambda r: r.physical_resource_id},
    replaced_by=frozenset({"FunctionName", "Name"}),
)


def _layer_create(r: StackResource, props: Props) -> None:
    names = ("CompatibleRuntimes", "CompatibleArchitectures", "Description", "LicenseInfo", "Content")
    answer = r.call("publish_layer_version", LayerName=r.name, **_picked(props, names))
    r.physical_resource_id = answer["LayerVersionArn"]
    r.state["version"] = answer["Version"]


LAYER_VERSION = ResourceType(
    "lambda",
    create=_layer_create,
    delete=lambda r: r.call("delete_layer_version", LayerName=r.name, VersionNumber=r.state["version"]),
    attributes={"LayerVersionArn": lambda r: r.physical_resource_id},
    name_property="LayerName",
    max_name=140,
)

# -- EventBridge ---------------------------------------------------------------------


def _bus_create(r: StackResource, props: Props) -> None:
    names = ("EventSourceName", "Description", "KmsKeyIdentifier", "DeadLetterConfig")
    tags = [{"Key": k, "Value": v} for k, v in _tags(props).items()]
    r.state["arn"] = r.call("create_event_bus", Name=r.name, Tags=tags or None, **_picked(props, names))["EventBusArn"]
    r.physical_resource_id = r.name
    if props.get("Policy") is not None:
        r.call("put_permission", EventBusName=r.name, Policy=props["Policy"])


def _bus_update(r: StackResource, old: Props, new: Props) -> None:
    names = ("Description", "KmsKeyIdentifier", "DeadLetterConfig")
    if any(old.get(k) != new.get(k) for k in names):
        r.call("update_event_bus", Name=r.name, **_picked(new, names))
    if old.get("Policy") != new.get("Policy"):
        if new.get("Policy") is None:
            r.call("remove_permission", EventBusName=r.name, RemoveAllPermissions=True)
        else:
            r.call("put_permission", EventBusName=r.name, Policy=new["Policy"])


BUS = ResourceType(
    "events",
    create=_bus_create,
    update=_bus_update,
    delete=lambda r: r.call("delete_event_bus", Name=r.name),
    attributes={"Arn": lambda r: r.state["arn"], "Name": lambda r: r.name},
    name_property="Name",
    max_name=256,
    replaced_by=frozenset({"EventSourceName"}),
)


def _rule_put(r: StackResource, props: Props) -> None:
    names = ("EventBusName", "EventPattern", "ScheduleExpression", "State", "Description", "RoleArn")
    r.state["arn"] = r.call("put_rule", Name=r.name, **_picked(props, names))["RuleArn"]
    bus = props.get("EventBusName")
    # a rule on a custom bus is named "bus|rule"
    r.physical_resource_id = f"{bus}|{r.name}" if bus and bus != "default" and not str(bus).startswith("arn:") else r.name
    wanted = {t.get("Id") for t in props.get("Targets") or []}
    stale = [i for i in r.state.get("targets", []) if i not in wanted]
    if stale:
        r.call("remove_targets", Rule=r.name, EventBusName=bus, Ids=stale)
    if props.get("Targets"):
        r.call("put_targets", Rule=r.name, EventBusName=bus, Targets=props["Targets"])
    r.state["targets"] = sorted(i for i in wanted if i)


def _rule_delete(r: StackResource) -> None:
    bus = r.properties.get("EventBusName")
    if r.state.get("targets"):
        r.call("remove_targets", Rule=r.name, EventBusName=bus, Ids=r.state["targets"])
    r.call("delete_rule", Name=r.name, EventBusName=bus)


RULE = ResourceType(
    "events",
    create=_rule_put,
    update=lambda r, old, new: _rule_put(r, new),
    delete=_rule_delete,
    attributes={"Arn": lambda r: r.state["arn"]},
    name_property="Name",
    max_name=64,
    replaced_by=frozenset({"EventBusName"}),
)

#: The resource types the bridge makes in eventmock. Every other type stays moto's.
TYPES: dict[str, ResourceType] = {
    "AWS::SQS::Queue": QUEUE,
    "AWS::SQS::QueuePolicy": QUEUE_POLICY,
    "AWS::SNS::Topic": TOPIC,
    "AWS::SNS::Subscription": SUBSCRIPTION,
    "AWS::Kinesis::Stream": STREAM,
    "AWS::Logs::LogGroup": LOG_GROUP,
    "AWS::Logs::LogStream": LOG_STREAM,
    "AWS::Logs::SubscriptionFilter": SUBSCRIPTION_FILTER,
    "AWS::Lambda::Function": FUNCTION,
    "AWS::Lambda::EventSourceMapping": MAPPING,
    "AWS::Lambda::Permission": PERMISSION,
    "AWS::Lambda::Version": VERSION,
    "AWS::Lambda::Alias": ALIAS,
    "AWS::Lambda::LayerVersion": LAYER_VERSION,
    "AWS::Events::EventBus": BUS,
    "AWS::Events::Rule": RULE,
}
