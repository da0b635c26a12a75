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
from eventmock.services.tagging import listings
from eventmock.services.tagging.listings import Listing, Tags

__all__ = ["OWNERS", "Owner", "Tags", "resource_type"]


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


#: By the service namespace ARNs name.
OWNERS: dict[str, Owner] = {
    "sqs": Owner(
        "sqs",
        "queue",
        listings.sqs_listing,
        lambda c, arn, tags: c.tag_queue(QueueUrl=listings.sqs_url(c, arn), Tags=tags),
        lambda c, arn, keys: c.untag_queue(QueueUrl=listings.sqs_url(c, arn), TagKeys=keys),
    ),
    "sns": Owner(
        "sns",
        "topic",
        listings.sns_listing,
        lambda c, arn, tags: c.tag_resource(ResourceArn=arn, Tags=listings.listed(tags)),
        lambda c, arn, keys: c.untag_resource(ResourceArn=arn, TagKeys=keys),
    ),
    "kinesis": Owner(
        "kinesis",
        "stream",
        listings.kinesis_listing,
        listings.kinesis_tag,
        listings.kinesis_untag,
    ),
    "firehose": Owner(
        "firehose",
        "deliverystream",
        listings.firehose_listing,
        lambda c, arn, tags: c.tag_delivery_stream(DeliveryStreamName=listings.name(arn), Tags=listings.listed(tags)),
        lambda c, arn, keys: c.untag_delivery_stream(DeliveryStreamName=listings.name(arn), TagKeys=keys),
    ),
    "logs": Owner(
        "logs",
        "log-group",
        listings.logs_listing,
        lambda c, arn, tags: c.tag_resource(resourceArn=arn, tags=tags),
        lambda c, arn, keys: c.untag_resource(resourceArn=arn, tagKeys=keys),
    ),
    "lambda": Owner(
        "lambda",
        "function",
        listings.lambda_listing,
        lambda c, arn, tags: c.tag_resource(Resource=arn, Tags=tags),
        lambda c, arn, keys: c.untag_resource(Resource=arn, TagKeys=keys),
    ),
    "events": Owner(
        "events",
        "rule",
        listings.events_listing,
        lambda c, arn, tags: c.tag_resource(ResourceARN=arn, Tags=listings.listed(tags)),
        lambda c, arn, keys: c.untag_resource(ResourceARN=arn, TagKeys=keys),
    ),
    "scheduler": Owner(
        "scheduler",
        "schedule-group",
        listings.scheduler_listing,
        lambda c, arn, tags: c.tag_resource(ResourceArn=arn, Tags=listings.listed(tags)),
        lambda c, arn, keys: c.untag_resource(ResourceArn=arn, TagKeys=keys),
    ),
    "pipes": Owner(
        "pipes",
        "pipe",
        listings.pipes_listing,
        lambda c, arn, tags: c.tag_resource(resourceArn=arn, tags=tags),
        lambda c, arn, keys: c.untag_resource(resourceArn=arn, tagKeys=keys),
    ),
    "secretsmanager": Owner(
        "secretsmanager",
        "secret",
        listings.secrets_listing,
        lambda c, arn, tags: c.tag_resource(SecretId=arn, Tags=listings.listed(tags)),
        lambda c, arn, keys: c.untag_resource(SecretId=arn, TagKeys=keys),
    ),
    "dataexchange": Owner(
        "dataexchange",
        "data-sets",
        listings.dataexchange_listing,
        lambda c, arn, tags: c.tag_resource(ResourceArn=arn, Tags=tags),
        lambda c, arn, keys: c.untag_resource(ResourceArn=arn, TagKeys=keys),
    ),
    "mobiletargeting": Owner(
        "pinpoint",
        "apps",
        listings.pinpoint_listing,
        lambda c, arn, tags: c.tag_resource(ResourceArn=arn, TagsModel={"tags": tags}),
        lambda c, arn, keys: c.untag_resource(ResourceArn=arn, TagKeys=keys),
    ),
    "profile": Owner(
        "customer-profiles",
        "domains",
        listings.profiles_listing,
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
