"""SQS and SNS resource types of the CloudFormation bridge (:mod:`eventmock.coexist.cloudformation`)."""

from __future__ import annotations

from typing import Any

from eventmock.coexist.cloudformation import Props, ResourceType, StackResource, fifo_name, picked, tag_changes, tags
from eventmock.core.tags import as_list


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
    r.name = fifo_name(r, props, "FifoQueue", "QueueName")
    attributes = picked(props, _QUEUE_ATTRIBUTES)
    r.physical_resource_id = r.call("create_queue", QueueName=r.name, Attributes=attributes or None, tags=tags(props) or None)["QueueUrl"]


def _queue_update(r: StackResource, old: Props, new: Props) -> None:
    attributes = {k: new.get(k, _QUEUE_DEFAULTS.get(k)) for k in _QUEUE_ATTRIBUTES if old.get(k) != new.get(k)}
    attributes = {k: v for k, v in attributes.items() if v is not None}
    if attributes:
        r.call("set_queue_attributes", QueueUrl=r.physical_resource_id, Attributes=attributes)
    added, removed = tag_changes(old, new)
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
    r.name = fifo_name(r, props, "FifoTopic", "TopicName")
    attributes = picked(props, _TOPIC_ATTRIBUTES)
    if str(attributes.get("FifoTopic")).lower() == "false":
        del attributes["FifoTopic"]  # a standard topic: the API takes no "false"
    tag_list = as_list(tags(props))
    arn = r.call("create_topic", Name=r.name, Attributes=attributes or None, Tags=tag_list or None)["TopicArn"]
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
    added, removed = tag_changes(old, new)
    if added:
        r.call("tag_resource", ResourceArn=arn, Tags=as_list(added))
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
        Attributes=picked(props, _SUBSCRIPTION_ATTRIBUTES) or None,
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


def _topic_policy_set(r: StackResource, topics: list[Any], policy: Any) -> None:
    for arn in topics:
        r.call("set_topic_attributes", TopicArn=arn, AttributeName="Policy", AttributeValue=policy)


def _topic_policy_create(r: StackResource, props: Props) -> None:
    _topic_policy_set(r, props.get("Topics") or [], props.get("PolicyDocument"))
    r.physical_resource_id = r.name


def _topic_policy_update(r: StackResource, old: Props, new: Props) -> None:
    _topic_policy_set(r, [t for t in old.get("Topics") or [] if t not in (new.get("Topics") or [])], "")
    _topic_policy_set(r, new.get("Topics") or [], new.get("PolicyDocument"))


TOPIC_POLICY = ResourceType(
    "sns",
    create=_topic_policy_create,
    update=_topic_policy_update,
    delete=lambda r: _topic_policy_set(r, r.properties.get("Topics") or [], ""),
    attributes={"Id": lambda r: r.physical_resource_id},
)
