"""Kinesis and CloudWatch Logs resource types of the CloudFormation bridge (:mod:`eventmock.coexist.cloudformation`)."""

from __future__ import annotations

from eventmock.coexist.cloudformation import Props, ResourceType, StackResource, picked, tag_changes, tags


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
        r.call("add_tags_to_stream", StreamName=r.name, Tags=tags(props))
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
    added, removed = tag_changes(old, new)
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
    r.call("create_log_group", logGroupName=r.name, kmsKeyId=props.get("KmsKeyId"), tags=tags(props) or None, logGroupClass=props.get("LogGroupClass"))
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
    added, removed = tag_changes(old, new)
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


def _policy_put(r: StackResource, props: Props) -> None:
    r.call("put_resource_policy", policyName=r.name, policyDocument=props.get("PolicyDocument"))
    r.physical_resource_id = r.name


RESOURCE_POLICY = ResourceType(
    "logs",
    create=_policy_put,
    update=lambda r, old, new: _policy_put(r, new),
    delete=lambda r: r.call("delete_resource_policy", policyName=r.name),
    attributes={},
    name_property="PolicyName",
)
