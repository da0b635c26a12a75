"""Where each emulated service keeps its tags, for the Resource Groups Tagging API.

The Tagging API holds no state of its own: it reads and writes the tags of the
services that own the resources. Each :class:`Owner` lists a service's tagged
resources and tags or untags one of them through the service's own operations (a
client of the store, :meth:`~eventmock.core.store.Store.client`), so a change made
through the Tagging API is checked and stored as the service's own tagging operation
would check and store it. An owner covers every taggable kind of its ARN namespace
(Lambda's functions, event source mappings and code signing configs): the listing
yields them all, and tag/untag take any of their ARNs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eventmock.core import arns
from eventmock.core.tags import as_list
from eventmock.services.tagging import listings
from eventmock.services.tagging.listings import Listing, Tags

__all__ = ["OWNERS", "Owner", "Tags", "resource_type"]


Tagger = Callable[[Any, str, Tags], None]
Untagger = Callable[[Any, str, list[str]], None]


@dataclass(frozen=True)
class Owner:
    #: botocore's name of the service.
    service: str
    #: The resource type of an ARN whose resource part names none (``sns:topic``).
    default_type: str
    #: Every taggable resource of the client's account (given) and region, of every
    #: kind the namespace holds, with its tags.
    listing: Callable[[Any, str], Listing]
    tag: Tagger
    untag: Untagger


def _by_arn(arn: str, tags: str = "Tags", keys: str = "TagKeys", *, pairs: bool = False) -> tuple[Tagger, Untagger]:
    """Tag and untag through the service's ``TagResource``/``UntagResource``, whose
    members name the ARN ``arn``, the tags ``tags`` (``pairs``: as ``[{"Key", "Value"}]``,
    else a map) and the keys ``keys``."""

    def tag(client: Any, resource: str, given: Tags) -> None:
        client.tag_resource(**{arn: resource, tags: as_list(given) if pairs else given})

    def untag(client: Any, resource: str, removed: list[str]) -> None:
        client.untag_resource(**{arn: resource, keys: removed})

    return tag, untag


#: By the service namespace ARNs name.
OWNERS: dict[str, Owner] = {
    "sqs": Owner(
        "sqs",
        "queue",
        listings.sqs_listing,
        lambda c, arn, tags: c.tag_queue(QueueUrl=listings.sqs_url(c, arn), Tags=tags),
        lambda c, arn, keys: c.untag_queue(QueueUrl=listings.sqs_url(c, arn), TagKeys=keys),
    ),
    "sns": Owner("sns", "topic", listings.sns_listing, *_by_arn("ResourceArn", pairs=True)),
    "kinesis": Owner("kinesis", "stream", listings.kinesis_listing, listings.kinesis_tag, listings.kinesis_untag),
    "firehose": Owner(
        "firehose",
        "deliverystream",
        listings.firehose_listing,
        lambda c, arn, tags: c.tag_delivery_stream(DeliveryStreamName=listings.name(arn), Tags=as_list(tags)),
        lambda c, arn, keys: c.untag_delivery_stream(DeliveryStreamName=listings.name(arn), TagKeys=keys),
    ),
    "logs": Owner("logs", "log-group", listings.logs_listing, *_by_arn("resourceArn", "tags", "tagKeys")),
    "lambda": Owner("lambda", "function", listings.lambda_listing, *_by_arn("Resource")),
    "events": Owner("events", "rule", listings.events_listing, *_by_arn("ResourceARN", pairs=True)),
    "scheduler": Owner("scheduler", "schedule-group", listings.scheduler_listing, *_by_arn("ResourceArn", pairs=True)),
    "pipes": Owner("pipes", "pipe", listings.pipes_listing, *_by_arn("resourceArn", "tags", "tagKeys")),
    "secretsmanager": Owner("secretsmanager", "secret", listings.secrets_listing, *_by_arn("SecretId", pairs=True)),
    "dataexchange": Owner("dataexchange", "data-sets", listings.dataexchange_listing, *_by_arn("ResourceArn")),
    "mobiletargeting": Owner(
        "pinpoint",
        "apps",
        listings.pinpoint_listing,
        lambda c, arn, tags: c.tag_resource(ResourceArn=arn, TagsModel={"tags": tags}),
        lambda c, arn, keys: c.untag_resource(ResourceArn=arn, TagKeys=keys),
    ),
    "profile": Owner("customer-profiles", "domains", listings.profiles_listing, *_by_arn("resourceArn", "tags", "tagKeys")),
}


def resource_type(arn: arns.Arn, owner: Owner | None) -> str:
    """``service:type`` of an ARN, as ``ResourceTypeFilters`` name it: the resource
    part's first word (``function:NAME``, ``deliverystream/NAME``), or the owner's
    default where the resource part is a bare name (an SNS topic, an SQS queue)."""
    resource = arn.resource
    cut = min((i for i in (resource.find("/"), resource.find(":")) if i >= 0), default=-1)
    kind = resource[:cut] if cut >= 0 else (owner.default_type if owner is not None else "")
    return f"{arn.service}:{kind}" if kind else arn.service
