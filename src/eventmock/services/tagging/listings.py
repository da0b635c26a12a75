"""How the Resource Groups Tagging API reads and writes each emulated service's
tags: one listing per ARN namespace (every taggable resource of every kind the
namespace holds, with its tags) and the tag/untag calls that need more than the
service's ``TagResource`` (:mod:`.owners` holds the table)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from eventmock.core import arns
from eventmock.core.tags import as_map

Tags = dict[str, str]
Listing = Iterator[tuple[str, Tags]]


def _pages(client: Any, operation: str, key: str, **params: Any) -> Iterator[Any]:
    """Every item of a list operation, following its ``NextToken``."""
    if client.can_paginate(operation):
        for page in client.get_paginator(operation).paginate(**params):
            yield from page.get(key) or ()
        return
    while True:
        page = getattr(client, operation)(**params)
        yield from page.get(key) or ()
        if not page.get("NextToken"):
            return
        params["NextToken"] = page["NextToken"]


def _paged_tags(list_tags: Any, **params: Any) -> Tags:
    """Every tag of one stream, following ``HasMoreTags`` from the last key answered
    (Kinesis's ``ListTagsForStream``, Firehose's ``ListTagsForDeliveryStream``)."""
    tags: Tags = {}
    while True:
        page = list_tags(**params)
        tags.update(as_map(page.get("Tags")))
        if not page.get("HasMoreTags") or not page.get("Tags"):
            return tags
        params["ExclusiveStartTagKey"] = page["Tags"][-1]["Key"]


def name(arn: str) -> str:
    """The name an ARN ends with (``stream/NAME``, ``deliverystream/NAME``, ``...:NAME``)."""
    parsed = arns.parse(arn)
    resource = parsed.resource if parsed is not None else arn
    return resource.rsplit("/", 1)[-1].rsplit(":", 1)[-1]


# -- the services ------------------------------------------------------------------


def sqs_listing(client: Any, account: str) -> Listing:
    for url in _pages(client, "list_queues", "QueueUrls"):
        arn = client.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        yield arn, client.list_queue_tags(QueueUrl=url).get("Tags") or {}


def sqs_url(client: Any, arn: str) -> str:
    parsed = arns.parse(arn)
    account = parsed.account if parsed is not None else ""
    url: str = client.get_queue_url(QueueName=name(arn), QueueOwnerAWSAccountId=account)["QueueUrl"]
    return url


def sns_listing(client: Any, account: str) -> Listing:
    for topic in _pages(client, "list_topics", "Topics"):
        arn = topic["TopicArn"]
        yield arn, as_map(client.list_tags_for_resource(ResourceArn=arn).get("Tags"))


def kinesis_listing(client: Any, account: str) -> Listing:
    """Streams, their enhanced fan-out consumers, and queues and channels (where the
    botocore model knows them)."""
    for stream_name in _pages(client, "list_streams", "StreamNames"):
        arn = client.describe_stream_summary(StreamName=stream_name)["StreamDescriptionSummary"]["StreamARN"]
        yield arn, _paged_tags(client.list_tags_for_stream, StreamName=stream_name)
        for consumer in _pages(client, "list_stream_consumers", "Consumers", StreamARN=arn):
            yield consumer["ConsumerARN"], as_map(client.list_tags_for_resource(ResourceARN=consumer["ConsumerARN"]).get("Tags"))
    operations = client.meta.service_model.operation_names
    for operation, key, member in (("ListQueues", "QueueSummaries", "QueueARN"), ("ListChannels", "ChannelSummaries", "ChannelARN")):
        if operation in operations:  # newer than botocore 1.40's model
            method = "list_queues" if operation == "ListQueues" else "list_channels"
            for item in _pages(client, method, key):
                yield item[member], as_map(client.list_tags_for_resource(ResourceARN=item[member]).get("Tags"))


def _kinesis_stream(arn: str) -> bool:
    """Whether an ARN names a stream itself (tagged through the stream tag API), not a
    consumer, queue or channel (only the resource tag API names those)."""
    parsed = arns.parse(arn)
    resource = parsed.resource if parsed is not None else ""
    return resource.startswith("stream/") and "/consumer/" not in resource


def kinesis_tag(client: Any, arn: str, tags: Tags) -> None:
    if _kinesis_stream(arn):
        client.add_tags_to_stream(StreamName=name(arn), Tags=tags)
    else:
        client.tag_resource(ResourceARN=arn, Tags=tags)


def kinesis_untag(client: Any, arn: str, keys: list[str]) -> None:
    if _kinesis_stream(arn):
        client.remove_tags_from_stream(StreamName=name(arn), TagKeys=keys)
    else:
        client.untag_resource(ResourceARN=arn, TagKeys=keys)


def firehose_listing(client: Any, account: str) -> Listing:
    start: str | None = None
    while True:
        page = client.list_delivery_streams(**({"ExclusiveStartDeliveryStreamName": start} if start else {}))
        for name in page.get("DeliveryStreamNames") or ():
            arn = client.describe_delivery_stream(DeliveryStreamName=name)["DeliveryStreamDescription"]["DeliveryStreamARN"]
            yield arn, _paged_tags(client.list_tags_for_delivery_stream, DeliveryStreamName=name)
        names = page.get("DeliveryStreamNames") or []
        if not page.get("HasMoreDeliveryStreams") or not names:
            break
        start = names[-1]


def logs_listing(client: Any, account: str) -> Listing:
    """Log groups and destinations (the kinds ``TagResource`` documents)."""
    for group in _pages(client, "describe_log_groups", "logGroups"):
        arn = group.get("logGroupArn") or group["arn"].removesuffix(":*")
        yield arn, client.list_tags_for_resource(resourceArn=arn).get("tags") or {}
    for destination in _pages(client, "describe_destinations", "destinations"):
        yield destination["arn"], client.list_tags_for_resource(resourceArn=destination["arn"]).get("tags") or {}


def lambda_listing(client: Any, account: str) -> Listing:
    """Functions, event source mappings and code signing configs (the kinds
    ``TagResource`` documents), and capacity providers (created with tags)."""
    arns_listed = [function["FunctionArn"] for function in _pages(client, "list_functions", "Functions")]
    arns_listed += [m["EventSourceMappingArn"] for m in _pages(client, "list_event_source_mappings", "EventSourceMappings")]
    arns_listed += [c["CodeSigningConfigArn"] for c in _pages(client, "list_code_signing_configs", "CodeSigningConfigs")]
    if "ListCapacityProviders" in client.meta.service_model.operation_names:  # newer than botocore 1.40's model
        arns_listed += [p["CapacityProviderArn"] for p in _pages(client, "list_capacity_providers", "CapacityProviders")]
    for arn in arns_listed:
        yield arn, client.list_tags(Resource=arn).get("Tags") or {}


def events_listing(client: Any, account: str) -> Listing:
    for bus in list(_pages(client, "list_event_buses", "EventBuses")):
        yield bus["Arn"], as_map(client.list_tags_for_resource(ResourceARN=bus["Arn"]).get("Tags"))
        for rule in _pages(client, "list_rules", "Rules", EventBusName=bus["Name"]):
            yield rule["Arn"], as_map(client.list_tags_for_resource(ResourceARN=rule["Arn"]).get("Tags"))


def scheduler_listing(client: Any, account: str) -> Listing:
    for group in _pages(client, "list_schedule_groups", "ScheduleGroups"):
        yield group["Arn"], as_map(client.list_tags_for_resource(ResourceArn=group["Arn"]).get("Tags"))


def pipes_listing(client: Any, account: str) -> Listing:
    for pipe in _pages(client, "list_pipes", "Pipes"):
        yield pipe["Arn"], client.list_tags_for_resource(resourceArn=pipe["Arn"]).get("tags") or {}


def secrets_listing(client: Any, account: str) -> Listing:
    for secret in _pages(client, "list_secrets", "SecretList"):
        yield secret["ARN"], as_map(secret.get("Tags"))


def dataexchange_listing(client: Any, account: str) -> Listing:
    """Data sets and their revisions, event actions, data grants (sent)."""
    for data_set in list(_pages(client, "list_data_sets", "DataSets")):
        yield data_set["Arn"], client.list_tags_for_resource(ResourceArn=data_set["Arn"]).get("Tags") or {}
        for revision in _pages(client, "list_data_set_revisions", "Revisions", DataSetId=data_set["Id"]):
            yield revision["Arn"], client.list_tags_for_resource(ResourceArn=revision["Arn"]).get("Tags") or {}
    for action in _pages(client, "list_event_actions", "EventActions"):
        yield action["Arn"], client.list_tags_for_resource(ResourceArn=action["Arn"]).get("Tags") or {}
    for grant in _pages(client, "list_data_grants", "DataGrantSummaries"):
        yield grant["Arn"], client.list_tags_for_resource(ResourceArn=grant["Arn"]).get("Tags") or {}


def pinpoint_listing(client: Any, account: str) -> Listing:
    token: str | None = None
    while True:
        page = client.get_apps(**({"Token": token} if token else {}))["ApplicationsResponse"]
        for app in page.get("Item") or ():
            yield app["Arn"], dict(app.get("tags") or {})
        token = page.get("NextToken")
        if not token:
            return


def profiles_listing(client: Any, account: str) -> Listing:
    """Domains, their profile object types and their event streams."""
    for domain in list(_pages(client, "list_domains", "Items")):
        name = domain["DomainName"]
        arn = arns.build("profile", client.meta.region_name, account, f"domains/{name}")
        yield arn, dict(domain.get("Tags") or {})
        for object_type in _pages(client, "list_profile_object_types", "Items", DomainName=name):
            yield f"{arn}/object-types/{object_type['ObjectTypeName']}", dict(object_type.get("Tags") or {})
        for stream in _pages(client, "list_event_streams", "Items", DomainName=name):
            yield stream["EventStreamArn"], dict(stream.get("Tags") or {})
