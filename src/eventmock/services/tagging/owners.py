"""Where each emulated service keeps its tags, for the Resource Groups Tagging API.

The Tagging API holds no state of its own: it reads and writes the tags of the
services that own the resources. Each :class:`Owner` lists a service's tagged
resources and tags or untags one of them through the service's own operations (a
client of the store, :meth:`~eventmock.core.store.Store.client`), so a change made
through the Tagging API is checked and stored as the service's own tagging operation
would check and store it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from eventmock.core import arns

Tags = dict[str, str]
Listing = Iterator[tuple[str, Tags]]


@dataclass(frozen=True)
class Owner:
    #: botocore's name of the service.
    service: str
    #: The resource type of an ARN whose resource part names none (``sns:topic``).
    default_type: str
    #: Every taggable resource of the client's account (given) and region, of every
    #: kind the namespace holds, with its tags.
    listing: Callable[[Any, str], Listing]
    tag: Callable[[Any, str, Tags], None]
    untag: Callable[[Any, str, list[str]], None]


def _pairs(tags: list[dict[str, str]] | None) -> Tags:
    return {tag["Key"]: tag.get("Value", "") for tag in tags or ()}


def _listed(tags: Tags) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in tags.items()]


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


def _name(arn: str) -> str:
    """The name an ARN ends with (``stream/NAME``, ``deliverystream/NAME``, ``...:NAME``)."""
    parsed = arns.parse(arn)
    resource = parsed.resource if parsed is not None else arn
    return resource.rsplit("/", 1)[-1].rsplit(":", 1)[-1]


# -- the services ------------------------------------------------------------------


def _sqs_listing(client: Any, account: str) -> Listing:
    for url in _pages(client, "list_queues", "QueueUrls"):
        arn = client.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        yield arn, client.list_queue_tags(QueueUrl=url).get("Tags") or {}


def _sqs_url(client: Any, arn: str) -> str:
    parsed = arns.parse(arn)
    account = parsed.account if parsed is not None else ""
    url: str = client.get_queue_url(QueueName=_name(arn), QueueOwnerAWSAccountId=account)["QueueUrl"]
    return url


def _sns_listing(client: Any, account: str) -> Listing:
    for topic in _pages(client, "list_topics", "Topics"):
        arn = topic["TopicArn"]
        yield arn, _pairs(client.list_tags_for_resource(ResourceArn=arn).get("Tags"))


def _kinesis_listing(client: Any, account: str) -> Listing:
    for name in _pages(client, "list_streams", "StreamNames"):
        arn = client.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
        tags: Tags = {}
        start: str | None = None
        while True:
            page = client.list_tags_for_stream(StreamName=name, **({"ExclusiveStartTagKey": start} if start else {}))
            tags.update(_pairs(page.get("Tags")))
            if not page.get("HasMoreTags") or not page.get("Tags"):
                break
            start = page["Tags"][-1]["Key"]
        yield arn, tags
        for consumer in _pages(client, "list_stream_consumers", "Consumers", StreamARN=arn):
            listed = client.list_tags_for_resource(ResourceARN=consumer["ConsumerARN"])
            yield consumer["ConsumerARN"], _pairs(listed.get("Tags"))


def _kinesis_tag(client: Any, arn: str, tags: Tags) -> None:
    if "/consumer/" in arn:  # a stream's enhanced fan-out consumer: only the resource tag API names it
        client.tag_resource(ResourceARN=arn, Tags=tags)
    else:
        client.add_tags_to_stream(StreamName=_name(arn), Tags=tags)


def _kinesis_untag(client: Any, arn: str, keys: list[str]) -> None:
    if "/consumer/" in arn:
        client.untag_resource(ResourceARN=arn, TagKeys=keys)
    else:
        client.remove_tags_from_stream(StreamName=_name(arn), TagKeys=keys)


def _firehose_listing(client: Any, account: str) -> Listing:
    start: str | None = None
    while True:
        page = client.list_delivery_streams(**({"ExclusiveStartDeliveryStreamName": start} if start else {}))
        for name in page.get("DeliveryStreamNames") or ():
            arn = client.describe_delivery_stream(DeliveryStreamName=name)["DeliveryStreamDescription"]["DeliveryStreamARN"]
            tags: Tags = {}
            tag_start: str | None = None
            while True:
                listed = client.list_tags_for_delivery_stream(DeliveryStreamName=name, **({"ExclusiveStartTagKey": tag_start} if tag_start else {}))
                tags.update(_pairs(listed.get("Tags")))
                if not listed.get("HasMoreTags") or not listed.get("Tags"):
                    break
                tag_start = listed["Tags"][-1]["Key"]
            yield arn, tags
        names = page.get("DeliveryStreamNames") or []
        if not page.get("HasMoreDeliveryStreams") or not names:
            break
        start = names[-1]


def _logs_listing(client: Any, account: str) -> Listing:
    """Log groups and destinations (the kinds ``TagResource`` documents)."""
    for group in _pages(client, "describe_log_groups", "logGroups"):
        arn = group.get("logGroupArn") or group["arn"].removesuffix(":*")
        yield arn, client.list_tags_for_resource(resourceArn=arn).get("tags") or {}
    for destination in _pages(client, "describe_destinations", "destinations"):
        yield destination["arn"], client.list_tags_for_resource(resourceArn=destination["arn"]).get("tags") or {}


def _lambda_listing(client: Any, account: str) -> Listing:
    """Functions, event source mappings and code signing configs (the kinds
    ``TagResource`` documents)."""
    arns_listed = [function["FunctionArn"] for function in _pages(client, "list_functions", "Functions")]
    arns_listed += [m["EventSourceMappingArn"] for m in _pages(client, "list_event_source_mappings", "EventSourceMappings")]
    arns_listed += [c["CodeSigningConfigArn"] for c in _pages(client, "list_code_signing_configs", "CodeSigningConfigs")]
    for arn in arns_listed:
        yield arn, client.list_tags(Resource=arn).get("Tags") or {}


def _events_listing(client: Any, account: str) -> Listing:
    for bus in list(_pages(client, "list_event_buses", "EventBuses")):
        yield bus["Arn"], _pairs(client.list_tags_for_resource(ResourceARN=bus["Arn"]).get("Tags"))
        for rule in _pages(client, "list_rules", "Rules", EventBusName=bus["Name"]):
            yield rule["Arn"], _pairs(client.list_tags_for_resource(ResourceARN=rule["Arn"]).get("Tags"))


def _scheduler_listing(client: Any, account: str) -> Listing:
    for group in _pages(client, "list_schedule_groups", "ScheduleGroups"):
        yield group["Arn"], _pairs(client.list_tags_for_resource(ResourceArn=group["Arn"]).get("Tags"))


def _pipes_listing(client: Any, account: str) -> Listing:
    for pipe in _pages(client, "list_pipes", "Pipes"):
        yield pipe["Arn"], client.list_tags_for_resource(resourceArn=pipe["Arn"]).get("tags") or {}


def _secrets_listing(client: Any, account: str) -> Listing:
    for secret in _pages(client, "list_secrets", "SecretList"):
        yield secret["ARN"], _pairs(secret.get("Tags"))


def _dataexchange_listing(client: Any, account: str) -> Listing:
    for data_set in _pages(client, "list_data_sets", "DataSets"):
        yield data_set["Arn"], client.list_tags_for_resource(ResourceArn=data_set["Arn"]).get("Tags") or {}


def _pinpoint_listing(client: Any, account: str) -> Listing:
    token: str | None = None
    while True:
        page = client.get_apps(**({"Token": token} if token else {}))["ApplicationsResponse"]
        for app in page.get("Item") or ():
            yield app["Arn"], dict(app.get("tags") or {})
        token = page.get("NextToken")
        if not token:
            return


def _profiles_listing(client: Any, account: str) -> Listing:
    for domain in _pages(client, "list_domains", "Items"):
        arn = arns.build("profile", client.meta.region_name, account, f"domains/{domain['DomainName']}")
        yield arn, client.list_tags_for_resource(resourceArn=arn).get("tags") or {}


#: By the service namespace ARNs name.
OWNERS: dict[str, Owner] = {
    "sqs": Owner(
        "sqs",
        "queue",
        _sqs_listing,
        lambda c, arn, tags: c.tag_queue(QueueUrl=_sqs_url(c, arn), Tags=tags),
        lambda c, arn, keys: c.untag_queue(QueueUrl=_sqs_url(c, arn), TagKeys=keys),
    ),
    "sns": Owner(
        "sns",
        "topic",
        _sns_listing,
        lambda c, arn, tags: c.tag_resource(ResourceArn=arn, Tags=_listed(tags)),
        lambda c, arn, keys: c.untag_resource(ResourceArn=arn, TagKeys=keys),
    ),
    "kinesis": Owner(
        "kinesis",
        "stream",
        _kinesis_listing,
        _kinesis_tag,
        _kinesis_untag,
    ),
    "firehose": Owner(
        "firehose",
        "deliverystream",
        _firehose_listing,
        lambda c, arn, tags: c.tag_delivery_stream(DeliveryStreamName=_name(arn), Tags=_listed(tags)),
        lambda c, arn, keys: c.untag_delivery_stream(DeliveryStreamName=_name(arn), TagKeys=keys),
    ),
    "logs": Owner(
        "logs",
        "log-group",
        _logs_listing,
        lambda c, arn, tags: c.tag_resource(resourceArn=arn, tags=tags),
        lambda c, arn, keys: c.untag_resource(resourceArn=arn, tagKeys=keys),
    ),
    "lambda": Owner(
        "lambda",
        "function",
        _lambda_listing,
        lambda c, arn, tags: c.tag_resource(Resource=arn, Tags=tags),
        lambda c, arn, keys: c.untag_resource(Resource=arn, TagKeys=keys),
    ),
    "events": Owner(
        "events",
        "rule",
        _events_listing,
        lambda c, arn, tags: c.tag_resource(ResourceARN=arn, Tags=_listed(tags)),
        lambda c, arn, keys: c.untag_resource(ResourceARN=arn, TagKeys=keys),
    ),
    "scheduler": Owner(
        "scheduler",
        "schedule-group",
        _scheduler_listing,
        lambda c, arn, tags: c.tag_resource(ResourceArn=arn, Tags=_listed(tags)),
        lambda c, arn, keys: c.untag_resource(ResourceArn=arn, TagKeys=keys),
    ),
    "pipes": Owner(
        "pipes",
        "pipe",
        _pipes_listing,
        lambda c, arn, tags: c.tag_resource(resourceArn=arn, tags=tags),
        lambda c, arn, keys: c.untag_resource(resourceArn=arn, tagKeys=keys),
    ),
    "secretsmanager": Owner(
        "secretsmanager",
        "secret",
        _secrets_listing,
        lambda c, arn, tags: c.tag_resource(SecretId=arn, Tags=_listed(tags)),
        lambda c, arn, keys: c.untag_resource(SecretId=arn, TagKeys=keys),
    ),
    "dataexchange": Owner(
        "dataexchange",
        "data-sets",
        _dataexchange_listing,
        lambda c, arn, tags: c.tag_resource(ResourceArn=arn, Tags=tags),
        lambda c, arn, keys: c.untag_resource(ResourceArn=arn, TagKeys=keys),
    ),
    "mobiletargeting": Owner(
        "pinpoint",
        "apps",
        _pinpoint_listing,
        lambda c, arn, tags: c.tag_resource(ResourceArn=arn, TagsModel={"tags": tags}),
        lambda c, arn, keys: c.untag_resource(ResourceArn=arn, TagKeys=keys),
    ),
    "profile": Owner(
        "customer-profiles",
        "domains",
        _profiles_listing,
        lambda c, arn, tags: c.tag_resource(resourceArn=arn, tags=tags),
        lambda c, arn, keys: c.untag_resource(resourceArn=arn, tagKeys=keys),
    ),
}


def resource_type(arn: arns.Arn, owner: Owner | None) -> str:
    """``service:type`` of an ARN, as ``ResourceTypeFilters`` name it: the resource
    part's first word (``function:NAME``, ``deliverystream/NAME``), or the owner's
    default where the resource part is a bare name (an SNS topic, an SQS queue)."""
    resource = arn.resource
    cut = min((i for i in (resource.find("/"), resource.find(":")) if i >= 0), default=-1)
    kind = resource[:cut] if cut >= 0 else (owner.default_type if owner is not None else "")
    return f"{arn.service}:{kind}" if kind else arn.service
