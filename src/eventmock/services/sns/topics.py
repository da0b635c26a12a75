"""Topics: create, attributes, list, delete; their policy statements, data protection
policies and tags."""

from __future__ import annotations

import json
import re
from typing import Any

from eventmock.core import arns
from eventmock.core.errors import ServiceError
from eventmock.services.sns.base import SnsBase
from eventmock.services.sns.messages import invalid
from eventmock.services.sns.models import EFFECTIVE_DELIVERY_POLICY, FIFO_ONLY, TOPIC_ATTRIBUTES, Topic, default_policy

MAX_TAGS = 50
_TOPIC_NAME = re.compile(r"[A-Za-z0-9_-]{1,256}")
#: The actions AddPermission grants.
POLICY_ACTIONS = frozenset(
    {"GetTopicAttributes", "SetTopicAttributes", "AddPermission", "RemovePermission", "DeleteTopic", "Subscribe", "ListSubscriptionsByTopic", "Publish", "Receive"}
)


class Topics(SnsBase):
    def create_topic(
        self,
        Name: str,
        Attributes: dict[str, str] | None = None,
        Tags: list[dict[str, str]] | None = None,
        DataProtectionPolicy: str | None = None,
    ) -> dict[str, Any]:
        attributes = dict(Attributes or {})
        if DataProtectionPolicy is not None:
            attributes["DataProtectionPolicy"] = DataProtectionPolicy
        fifo = attributes.get("FifoTopic", "false").lower() == "true"
        self._check_topic_attributes(attributes, fifo, creating=True)
        base = Name[: -len(".fifo")] if fifo and Name.endswith(".fifo") else Name
        if not _TOPIC_NAME.fullmatch(base) or fifo != Name.endswith(".fifo"):
            raise invalid("Invalid parameter: Topic Name")
        tags = self._checked_tags(Tags or [])
        existing = self.topics.get(Name)
        if existing is not None:
            if any(existing.attributes.get(k) != v for k, v in attributes.items() if k != "FifoTopic"):
                raise invalid("Invalid parameter: Attributes Reason: Topic already exists with different attributes")
            if tags and any(existing.tags.get(k) != v for k, v in tags.items()):
                raise invalid("Invalid parameter: Tags Reason: Topic already exists with different tags")
            return {"TopicArn": existing.arn}
        if fifo:
            attributes["FifoTopic"] = "true"
            attributes.setdefault("ContentBasedDeduplication", "false")
        else:
            attributes.pop("FifoTopic", None)
        topic = Topic(Name, self._arn(Name), fifo, attributes, tags)
        self.topics[Name] = topic
        return {"TopicArn": topic.arn}

    def _check_topic_attributes(self, attributes: dict[str, str], fifo: bool, creating: bool) -> None:
        for name, value in attributes.items():
            if name not in TOPIC_ATTRIBUTES or (name in FIFO_ONLY and not fifo) or (name == "FifoTopic" and not creating):
                raise invalid("Invalid parameter: AttributeName" if not creating else f"Invalid parameter: Attributes Reason: Invalid attribute name: {name}")
            if name in ("FifoTopic", "ContentBasedDeduplication") and value.lower() not in ("true", "false"):
                raise invalid(f"Invalid parameter: Attributes Reason: {name}: Invalid value [{value}]. Must be true or false.")
            if name == "SignatureVersion" and value not in ("1", "2"):
                raise invalid("Invalid parameter: SignatureVersion")

    def _checked_tags(self, tags: list[dict[str, str]]) -> dict[str, str]:
        out: dict[str, str] = {}
        for tag in tags:
            if tag["Key"] in out:
                raise invalid("Invalid parameter: Duplicated keys are not allowed.")
            out[tag["Key"]] = tag["Value"]
        if len(out) > MAX_TAGS:
            raise ServiceError("TagLimitExceeded", "Could not complete request: tag quota of per resource exceeded")
        return out

    def delete_topic(self, TopicArn: str) -> None:
        arn = self._parse_arn(TopicArn, "TopicArn")
        if arn.region != self.region:
            raise invalid("Invalid parameter: TopicArn")
        owner = self._owner(arn)
        topic = owner.topics.pop(arn.resource, None)
        if topic is None:
            return  # DeleteTopic is idempotent
        for subscription_arn in topic.subscriptions:
            gone = owner.subscriptions.pop(subscription_arn, None)
            if gone is not None:
                owner.tokens.pop(gone.token, None)

    def get_topic_attributes(self, TopicArn: str) -> dict[str, Any]:
        topic = self._topic(TopicArn)
        subscriptions = [s for s in map(self._owner_of(topic).subscriptions.get, topic.subscriptions) if s is not None]
        attributes = {
            "Policy": default_policy(topic.arn, arns.parse(topic.arn).account),  # type: ignore[union-attr]
            "Owner": arns.parse(topic.arn).account,  # type: ignore[union-attr]
            "SubscriptionsPending": str(sum(s.pending for s in subscriptions)),
            "TopicArn": topic.arn,
            "EffectiveDeliveryPolicy": EFFECTIVE_DELIVERY_POLICY,
            "SubscriptionsConfirmed": str(sum(not s.pending for s in subscriptions)),
            "DisplayName": "",
            "SubscriptionsDeleted": str(topic.deleted_subscriptions),
        }
        # the data protection policy is kept as an attribute but answered only by
        # GetDataProtectionPolicy (AWS's recording)
        attributes.update((k, v) for k, v in topic.attributes.items() if k != "DataProtectionPolicy")
        return {"Attributes": attributes}

    def set_topic_attributes(self, TopicArn: str, AttributeName: str, AttributeValue: str | None = None) -> None:
        topic = self._topic(TopicArn)
        if AttributeName not in TOPIC_ATTRIBUTES or AttributeName == "FifoTopic" or (AttributeName in FIFO_ONLY and not topic.fifo):
            raise invalid("Invalid parameter: AttributeName")
        value = AttributeValue or ""
        if AttributeName == "ContentBasedDeduplication" and value.lower() not in ("true", "false"):
            raise invalid(f"Invalid parameter: ContentBasedDeduplication: Invalid value [{value}]. Must be true or false.")
        if AttributeName == "SignatureVersion" and value not in ("1", "2"):
            raise invalid("Invalid parameter: SignatureVersion")
        if AttributeName in ("Policy", "DeliveryPolicy") and value:
            try:
                json.loads(value)
            except (ValueError, RecursionError):
                raise invalid(f"Invalid parameter: {AttributeName}: failed to parse JSON.") from None
        topic.attributes[AttributeName] = value

    def list_topics(self, NextToken: str | None = None) -> dict[str, Any]:
        items = [t.arn for t in self.topics.values()]
        page, token = self._page(items, NextToken)
        return {"Topics": [{"TopicArn": arn} for arn in page], "NextToken": token}

    def _policy(self, topic: Topic) -> dict[str, Any]:
        text = topic.attributes.get("Policy") or default_policy(topic.arn, topic.arn.split(":")[4])
        policy: dict[str, Any] = json.loads(text)
        return policy

    def add_permission(self, TopicArn: str, Label: str, AWSAccountId: list[str], ActionName: list[str]) -> None:
        topic = self._topic(TopicArn)
        policy = self._policy(topic)
        if any(statement.get("Sid") == Label for statement in policy.get("Statement", [])):
            raise invalid("Invalid parameter: Statement already exists")
        if any(action not in POLICY_ACTIONS for action in ActionName):
            raise invalid("Invalid parameter: Policy statement action out of service scope!")
        principals = [f"arn:{arns.partition_of(self.region)}:iam::{account}:root" for account in AWSAccountId]
        actions = [f"SNS:{action}" for action in ActionName]
        policy.setdefault("Statement", []).append(
            {
                "Sid": Label,
                "Effect": "Allow",
                "Principal": {"AWS": principals[0] if len(principals) == 1 else principals},
                "Action": actions[0] if len(actions) == 1 else actions,
                "Resource": topic.arn,
            }
        )
        topic.attributes["Policy"] = json.dumps(policy, separators=(",", ":"))

    def remove_permission(self, TopicArn: str, Label: str) -> None:
        topic = self._topic(TopicArn)
        policy = self._policy(topic)
        policy["Statement"] = [s for s in policy.get("Statement", []) if s.get("Sid") != Label]
        topic.attributes["Policy"] = json.dumps(policy, separators=(",", ":"))

    def get_data_protection_policy(self, ResourceArn: str) -> dict[str, Any]:
        topic = self._topic(ResourceArn, "ResourceArn")
        return {"DataProtectionPolicy": topic.attributes.get("DataProtectionPolicy")}

    def put_data_protection_policy(self, ResourceArn: str, DataProtectionPolicy: str) -> None:
        topic = self._topic(ResourceArn, "ResourceArn")
        if DataProtectionPolicy:
            try:
                json.loads(DataProtectionPolicy)
            except (ValueError, RecursionError):
                raise invalid("Invalid parameter: DataProtectionPolicy") from None
        topic.attributes["DataProtectionPolicy"] = DataProtectionPolicy

    def _tagged(self, resource_arn: str) -> Topic:
        arn = arns.parse(resource_arn)
        topic = self._owner(arn).topics.get(arn.resource) if arn is not None and arn.service == "sns" else None
        if topic is None or topic.arn != resource_arn or arn is None or arn.region != self.region:
            raise ServiceError("ResourceNotFound", "Resource does not exist")
        return topic

    def tag_resource(self, ResourceArn: str, Tags: list[dict[str, str]]) -> dict[str, Any]:
        topic = self._tagged(ResourceArn)
        tags = self._checked_tags(Tags)
        if len({**topic.tags, **tags}) > MAX_TAGS:
            raise ServiceError("TagLimitExceeded", "Could not complete request: tag quota of per resource exceeded")
        topic.tags.update(tags)
        return {}

    def untag_resource(self, ResourceArn: str, TagKeys: list[str]) -> dict[str, Any]:
        topic = self._tagged(ResourceArn)
        for key in TagKeys:
            topic.tags.pop(key, None)
        return {}

    def list_tags_for_resource(self, ResourceArn: str) -> dict[str, Any]:
        topic = self._tagged(ResourceArn)
        return {"Tags": [{"Key": k, "Value": v} for k, v in topic.tags.items()]}

