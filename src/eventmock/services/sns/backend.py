"""Amazon SNS: topics (standard and FIFO), subscriptions, publishing and fan-out.

SNS speaks the ``query`` protocol; its errors are the model's codes
(``InvalidParameter``, ``NotFound``...) with the messages AWS sends, which mostly
begin ``Invalid parameter: <name>``. A topic lives in the account and region of its
ARN; a call naming a topic of another region is refused as AWS refuses it
(``Invalid parameter: TopicArn``), one naming another account's topic reaches it
(eventmock has no IAM).

Publishing is synchronous: when ``publish`` returns, every confirmed subscriber whose
filter policy matches has its copy (:mod:`.delivery`). Other services publish to a
topic through :meth:`SnsBackend._receive` (EventBridge rules' SNS targets).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from random import getrandbits
from typing import TYPE_CHECKING, Any

from eventmock.core import arns, clock, ids, pagination
from eventmock.core.backend import Backend
from eventmock.core.errors import ServiceError
from eventmock.services.sns import delivery, messages
from eventmock.services.sns.filter_policy import SCOPES, compile_policy
from eventmock.services.sns.messages import E164, Notification, invalid
from eventmock.services.sns.models import (
    CONFIRMED_BY_TOKEN,
    EFFECTIVE_DELIVERY_POLICY,
    FIFO_ONLY,
    Failure,
    PROTOCOLS,
    SUBSCRIPTION_ATTRIBUTES,
    TOPIC_ATTRIBUTES,
    Sent,
    Subscription,
    Topic,
    default_policy,
)

if TYPE_CHECKING:
    from eventmock.core.targets import Message

PAGE_SIZE = 100
MAX_TAGS = 50
MAX_BATCH_ENTRIES = 10
MAX_BATCH_ID = 80
DEDUPLICATION_INTERVAL_MS = 300_000
_TOPIC_NAME = re.compile(r"[A-Za-z0-9_-]{1,256}")
_BATCH_ID = re.compile(r"[A-Za-z0-9_-]+")
SMS_ATTRIBUTES = frozenset(
    {"MonthlySpendLimit", "DeliveryStatusIAMRole", "DeliveryStatusSuccessSamplingRate", "DefaultSenderID", "DefaultSMSType", "UsageReportS3Bucket"}
)
#: A sender id: 1-11 letters and digits, at least one letter.
_SENDER_ID = re.compile(r"(?=.*[A-Za-z])[A-Za-z0-9]{1,11}")
#: The actions AddPermission grants.
POLICY_ACTIONS = frozenset(
    {"GetTopicAttributes", "SetTopicAttributes", "AddPermission", "RemovePermission", "DeleteTopic", "Subscribe", "ListSubscriptionsByTopic", "Publish", "Receive"}
)


def _not_found(what: str) -> ServiceError:
    return ServiceError("NotFound", f"{what} does not exist")


@dataclass
class _Outgoing:
    """A validated Publish entry."""

    message: str
    subject: str | None
    per_protocol: dict[str, str] | None
    attributes: dict[str, dict[str, Any]]
    group_id: str | None
    deduplication_id: str | None


class SnsBackend(Backend):
    service = "sns"
    view = "eventmock.services.sns.inspect:SnsView"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.topics: dict[str, Topic] = {}
        self.subscriptions: dict[str, Subscription] = {}
        self.tokens: dict[str, str] = {}
        #: What went to email addresses and phone numbers, oldest first.
        self.sent: list[Sent] = []
        self.failed_deliveries: list[Failure] = []
        self.sms_attributes: dict[str, str] = {"MonthlySpendLimit": "1"}

    # -- lookups ----------------------------------------------------------------

    def _owner(self, arn: arns.Arn) -> SnsBackend:
        owner = self.store.backend("sns", arn.account, arn.region)
        assert isinstance(owner, SnsBackend)
        return owner

    def _parse_arn(self, text: str, name: str) -> arns.Arn:
        parts = text.split(":")
        if len(parts) < 6:
            raise invalid(f"Invalid parameter: {name} Reason: An ARN must have at least 6 elements, not {len(parts)}")
        arn = arns.parse(text)
        if arn is None or arn.service != "sns":
            raise invalid(f"Invalid parameter: {name}")
        return arn

    def _topic(self, topic_arn: str, name: str = "TopicArn") -> Topic:
        arn = self._parse_arn(topic_arn, name)
        if arn.region != self.region:
            raise invalid(f"Invalid parameter: {name}")
        topic = self._owner(arn).topics.get(arn.resource)
        if topic is None or topic.arn != topic_arn:
            raise _not_found("Topic")
        return topic

    def _subscription(self, subscription_arn: str) -> tuple[SnsBackend, Subscription]:
        arn = self._parse_arn(subscription_arn, "SubscriptionArn")
        if len(subscription_arn.split(":")) != 7:
            raise invalid("Invalid parameter: SubscriptionId")
        owner = self._owner(arn)
        found = owner.subscriptions.get(subscription_arn)
        if found is None:
            raise _not_found("Subscription")
        return owner, found

    @property
    def _base_url(self) -> str:
        return self.call.endpoint or f"https://sns.{self.region}.amazonaws.com"

    # -- topics -------------------------------------------------------------------

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
        base = Name[: -len(".fifo")] if fifo and Name.endswith(".fifo") else Name
        if not _TOPIC_NAME.fullmatch(base) or fifo != Name.endswith(".fifo"):
            raise invalid("Invalid parameter: Topic Name")
        self._check_topic_attributes(attributes, fifo, creating=True)
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
        attributes.update(topic.attributes)
        return {"Attributes": attributes}

    def _owner_of(self, topic: Topic) -> SnsBackend:
        arn = arns.parse(topic.arn)
        assert arn is not None
        return self._owner(arn)

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

    @staticmethod
    def _page(items: list[Any], token: str | None) -> tuple[list[Any], str | None]:
        try:
            return pagination.page(items, token, PAGE_SIZE)
        except pagination.InvalidToken:
            raise invalid("Invalid parameter: NextToken") from None

    # -- permissions and data protection ---------------------------------------------

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
        principals = [f"arn:aws:iam::{account}:root" for account in AWSAccountId]
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

    # -- tags -----------------------------------------------------------------------

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

    # -- subscriptions --------------------------------------------------------------

    def subscribe(
        self,
        TopicArn: str,
        Protocol: str,
        Endpoint: str | None = None,
        Attributes: dict[str, str] | None = None,
        ReturnSubscriptionArn: bool | None = None,
    ) -> dict[str, Any]:
        topic = self._topic(TopicArn)
        owner = self._owner_of(topic)
        if Protocol not in PROTOCOLS:
            raise invalid(f"Invalid parameter: Amazon SNS does not support this protocol string: {Protocol}")
        endpoint = Endpoint or ""
        self._check_endpoint(topic, Protocol, endpoint)
        attributes = dict(Attributes or {})
        checked = {name: self._checked_subscription_attribute(topic, Protocol, name, value, attributes, subscribing=True) for name, value in attributes.items()}
        if Protocol == "firehose" and not attributes.get("SubscriptionRoleArn"):
            raise invalid("Invalid parameter: Attributes Reason: SubscriptionRoleArn is required for firehose protocol")
        scope = checked.get("FilterPolicyScope") or "MessageAttributes"
        policy = compile_policy(checked["FilterPolicy"], scope, subscribing=True) if checked.get("FilterPolicy") else None
        for existing_arn in topic.subscriptions:
            existing = owner.subscriptions[existing_arn]
            if existing.protocol == Protocol and existing.endpoint == endpoint:
                if any(existing.attributes.get(k) != v for k, v in checked.items()):
                    raise invalid("Invalid parameter: Attributes Reason: Subscription already exists with different attributes")
                return {"SubscriptionArn": existing.arn if not existing.pending or ReturnSubscriptionArn else "pending confirmation"}
        pending = Protocol in CONFIRMED_BY_TOKEN
        if checked.get("FilterPolicy") and "FilterPolicyScope" not in checked:
            checked["FilterPolicyScope"] = "MessageAttributes"
        if Protocol in ("sqs", "http", "https", "firehose", "lambda", "application"):
            checked.setdefault("RawMessageDelivery", "false")
        subscription = Subscription(
            arn=f"{topic.arn}:{ids.uuid4()}",
            topic_arn=topic.arn,
            protocol=Protocol,
            endpoint=endpoint,
            owner=self.account_id,
            principal=self.call.caller_arn,
            attributes=checked,
            pending=pending,
            token=f"{getrandbits(1024):0256x}",
            policy=policy,
        )
        owner.subscriptions[subscription.arn] = subscription
        owner.tokens[subscription.token] = subscription.arn
        topic.subscriptions.append(subscription.arn)
        if pending:
            delivery.confirm(owner, topic, subscription, self._base_url)
            if not ReturnSubscriptionArn:
                return {"SubscriptionArn": "pending confirmation"}
        return {"SubscriptionArn": subscription.arn}

    def _check_endpoint(self, topic: Topic, protocol: str, endpoint: str) -> None:
        if protocol in ("sqs", "lambda", "firehose", "application"):
            arn = arns.parse(endpoint)
            expected = {"sqs": "sqs", "lambda": "lambda", "firehose": "firehose", "application": "sns"}[protocol]
            if arn is None or arn.service != expected:
                label = {"sqs": "SQS", "lambda": "Lambda", "firehose": "Firehose", "application": "ApplicationEndpoint"}[protocol]
                raise invalid(f"Invalid parameter: {label} endpoint ARN")
            if protocol == "sqs" and arn.resource.endswith(".fifo") and not topic.fifo:
                raise invalid(
                    "Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics"
                )
        elif protocol in ("http", "https"):
            if not endpoint.lower().startswith(f"{protocol}://"):
                raise invalid("Invalid parameter: Endpoint must match the specified protocol")
        elif protocol == "sms":
            if not E164.fullmatch(endpoint):
                raise invalid(f"Invalid SMS endpoint: {endpoint}")
        elif "@" not in endpoint:
            raise invalid("Invalid parameter: Email address")
        if topic.fifo and protocol != "sqs":
            raise invalid(f"Invalid parameter: Invalid protocol type: {protocol}")

    def _checked_subscription_attribute(
        self, topic: Topic, protocol: str, name: str, value: str, others: dict[str, str], *, subscribing: bool
    ) -> str:
        """The value to store, or ``InvalidParameter`` with SNS's message."""
        prefix = "Invalid parameter: Attributes Reason: " if subscribing else "Invalid parameter: "
        if name not in SUBSCRIPTION_ATTRIBUTES:
            raise invalid(f"{prefix}Invalid attribute name: {name}" if subscribing else "Invalid parameter: AttributeName")
        if name == "RawMessageDelivery":
            if value.lower() not in ("true", "false"):
                raise invalid(f"{prefix}RawMessageDelivery: Invalid value [{value}]. Must be true or false.")
            return value.lower()
        if name == "FilterPolicyScope":
            if value not in SCOPES:
                raise invalid(f"{prefix}FilterPolicyScope: Invalid value [{value}]. Please use either MessageBody or MessageAttributes")
            return value
        if name == "FilterPolicy":
            scope = others.get("FilterPolicyScope") or "MessageAttributes"
            compile_policy(value, scope if scope in SCOPES else "MessageAttributes", subscribing=subscribing)
            return value
        if name in ("RedrivePolicy", "DeliveryPolicy", "ReplayPolicy") and value:
            try:
                document = json.loads(value)
            except (ValueError, RecursionError) as exc:
                raise invalid(f"{prefix}{name}: failed to parse JSON. {exc}") from None
            if name == "RedrivePolicy":
                target = arns.parse(str((document if isinstance(document, dict) else {}).get("deadLetterTargetArn", "")))
                if target is None or target.service != "sqs":
                    raise invalid(f"{prefix}RedrivePolicy: deadLetterTargetArn is an invalid arn")
                if topic.fifo and protocol == "sqs" and not target.resource.endswith(".fifo"):
                    raise invalid(f"{prefix}RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.")
        return value

    def confirm_subscription(self, TopicArn: str, Token: str, AuthenticateOnUnsubscribe: str | None = None) -> dict[str, Any]:
        arn = arns.parse(TopicArn)
        if arn is None or arn.service != "sns" or arn.region != self.region:
            raise invalid("Invalid parameter: Topic")
        owner = self._owner(arn)
        subscription_arn = owner.tokens.get(Token)
        subscription = owner.subscriptions.get(subscription_arn) if subscription_arn else None
        if subscription is None or subscription.topic_arn != TopicArn:
            raise invalid("Invalid parameter: Token")
        subscription.pending = False
        if AuthenticateOnUnsubscribe is not None:
            subscription.attributes["ConfirmationWasAuthenticated"] = "true" if AuthenticateOnUnsubscribe.lower() == "true" else "false"
        return {"SubscriptionArn": subscription.arn}

    def unsubscribe(self, SubscriptionArn: str) -> None:
        try:
            owner, subscription = self._subscription(SubscriptionArn)
        except ServiceError as error:
            if error.code == "NotFound":
                return  # Unsubscribe is idempotent
            raise
        del owner.subscriptions[subscription.arn]
        owner.tokens.pop(subscription.token, None)
        topic_arn = arns.parse(subscription.topic_arn)
        topic = owner.topics.get(topic_arn.resource) if topic_arn is not None else None
        if topic is not None and subscription.arn in topic.subscriptions:
            topic.subscriptions.remove(subscription.arn)
            topic.deleted_subscriptions += 1
        delivery.unsubscribed(owner, subscription, self._base_url)

    def get_subscription_attributes(self, SubscriptionArn: str) -> dict[str, Any]:
        _, subscription = self._subscription(SubscriptionArn)
        attributes = {
            "Owner": subscription.owner,
            "TopicArn": subscription.topic_arn,
            "Endpoint": subscription.endpoint,
            "Protocol": subscription.protocol,
            "PendingConfirmation": "true" if subscription.pending else "false",
            "ConfirmationWasAuthenticated": "false" if subscription.pending else "true",
            "SubscriptionArn": subscription.arn,
            "SubscriptionPrincipal": subscription.principal,
        }
        if subscription.protocol in ("http", "https"):
            attributes["EffectiveDeliveryPolicy"] = EFFECTIVE_DELIVERY_POLICY
        attributes.update(subscription.attributes)
        return {"Attributes": attributes}

    def set_subscription_attributes(self, SubscriptionArn: str, AttributeName: str, AttributeValue: str | None = None) -> None:
        _, subscription = self._subscription(SubscriptionArn)
        topic = self._topic_of(subscription)
        value = AttributeValue or ""
        others = dict(subscription.attributes)
        stored = self._checked_subscription_attribute(topic, subscription.protocol, AttributeName, value, others, subscribing=False)
        policy = subscription.policy
        if AttributeName in ("FilterPolicy", "FilterPolicyScope"):
            others[AttributeName] = stored
            scope = others.get("FilterPolicyScope") or "MessageAttributes"
            policy = compile_policy(others["FilterPolicy"], scope, subscribing=False) if others.get("FilterPolicy") else None
        if AttributeName == "FilterPolicy" and not stored:
            subscription.attributes.pop("FilterPolicy", None)
        else:
            subscription.attributes[AttributeName] = stored
        if AttributeName == "FilterPolicy":
            subscription.attributes.setdefault("FilterPolicyScope", "MessageAttributes")
        subscription.policy = policy

    def _topic_of(self, subscription: Subscription) -> Topic:
        arn = arns.parse(subscription.topic_arn)
        assert arn is not None
        topic = self._owner(arn).topics.get(arn.resource)
        assert topic is not None
        return topic

    def list_subscriptions(self, NextToken: str | None = None) -> dict[str, Any]:
        page, token = self._page([s.summary() for s in self.subscriptions.values()], NextToken)
        return {"Subscriptions": page, "NextToken": token}

    def list_subscriptions_by_topic(self, TopicArn: str, NextToken: str | None = None) -> dict[str, Any]:
        topic = self._topic(TopicArn)
        owner = self._owner_of(topic)
        page, token = self._page([owner.subscriptions[arn].summary() for arn in topic.subscriptions], NextToken)
        return {"Subscriptions": page, "NextToken": token}

    # -- publishing -----------------------------------------------------------------

    def publish(
        self,
        Message: str,
        TopicArn: str | None = None,
        TargetArn: str | None = None,
        PhoneNumber: str | None = None,
        Subject: str | None = None,
        MessageStructure: str | None = None,
        MessageAttributes: dict[str, dict[str, Any]] | None = None,
        MessageDeduplicationId: str | None = None,
        MessageGroupId: str | None = None,
    ) -> dict[str, Any]:
        named = [n for n, v in (("TopicArn", TopicArn), ("TargetArn", TargetArn), ("PhoneNumber", PhoneNumber)) if v is not None]
        if not named:
            raise invalid("Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter")
        if len(named) > 1:
            raise invalid(f"Invalid parameter: {named[1]} Reason: Only one of TopicArn, TargetArn or PhoneNumber may be given")
        outgoing = self._outgoing(Message, Subject, MessageStructure, MessageAttributes, MessageDeduplicationId, MessageGroupId)
        if PhoneNumber is not None:
            if not E164.fullmatch(PhoneNumber):
                raise invalid(f"Invalid parameter: PhoneNumber Reason: {PhoneNumber} is not valid to publish to")
            message_id = ids.uuid4()
            self.sent.append(Sent("sms", PhoneNumber, "Notification", message_id, None, outgoing.message, Subject))
            return {"MessageId": message_id}
        if TargetArn is not None:
            arn = arns.parse(TargetArn)
            if arn is None or arn.service != "sns" or arn.resource.startswith("endpoint/"):
                raise invalid("Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified")
        topic = self._topic(TopicArn or TargetArn or "", "TopicArn" if TopicArn is not None else "TargetArn")
        self._check_fifo(topic, outgoing)
        return self._publish(topic, outgoing)

    def _outgoing(
        self,
        message: str,
        subject: str | None,
        structure: str | None,
        attributes: dict[str, dict[str, Any]] | None,
        deduplication_id: str | None,
        group_id: str | None,
    ) -> _Outgoing:
        if not message:
            raise invalid("Invalid parameter: Empty message")
        messages.check_subject(subject)
        per_protocol = messages.structured(message, structure)
        attributes = attributes or {}
        messages.check_attributes(attributes)
        if messages.size(message, attributes) > messages.MAX_MESSAGE_BYTES:
            raise invalid("Invalid parameter: Message too long")
        return _Outgoing(message, subject, per_protocol, attributes, group_id, deduplication_id)

    @staticmethod
    def _check_fifo(topic: Topic, outgoing: _Outgoing) -> None:
        if topic.fifo:
            if not outgoing.group_id:
                raise invalid("Invalid parameter: The MessageGroupId parameter is required for FIFO topics")
            if not outgoing.deduplication_id and not topic.content_based_deduplication:
                raise invalid(
                    "Invalid parameter: The topic should either have ContentBasedDeduplication enabled "
                    "or MessageDeduplicationId provided explicitly"
                )
        elif outgoing.deduplication_id is not None:
            raise invalid(
                "Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId "
                "parameter that is not valid for this topic type"
            )

    def _publish(self, topic: Topic, outgoing: _Outgoing) -> dict[str, Any]:
        message_id = ids.uuid4()
        sequence = None
        deduplication_id = None
        if topic.fifo:
            deduplication_id = outgoing.deduplication_id or messages.content_deduplication_id(outgoing.per_protocol["default"] if outgoing.per_protocol else outgoing.message)
            now = clock.epoch_ms()
            seen = topic.deduplication.get(deduplication_id)
            sequence = topic.next_sequence()
            if seen is not None and seen[0] > now:
                return {"MessageId": seen[1], "SequenceNumber": sequence}
            topic.deduplication = {k: v for k, v in topic.deduplication.items() if v[0] > now}
            topic.deduplication[deduplication_id] = (now + DEDUPLICATION_INTERVAL_MS, message_id)
        notification = Notification(
            message_id=message_id,
            topic_arn=topic.arn,
            message=outgoing.per_protocol["default"] if outgoing.per_protocol else outgoing.message,
            timestamp=messages.timestamp(clock.epoch_ms()),
            base_url=self._base_url,
            subject=outgoing.subject,
            per_protocol=outgoing.per_protocol,
            attributes=outgoing.attributes,
            group_id=outgoing.group_id,
            deduplication_id=deduplication_id,
            sequence_number=sequence,
            fifo=topic.fifo,
            signature_version=topic.attributes.get("SignatureVersion", "1"),
        )
        delivery.fan_out(self._owner_of(topic), topic, notification)
        return {"MessageId": message_id, "SequenceNumber": sequence}

    def publish_batch(self, TopicArn: str, PublishBatchRequestEntries: list[dict[str, Any]]) -> dict[str, Any]:
        topic = self._topic(TopicArn)
        entries = PublishBatchRequestEntries
        if not entries:
            raise ServiceError("EmptyBatchRequest", "The batch request doesn't contain any entries.")
        if len(entries) > MAX_BATCH_ENTRIES:
            raise ServiceError("TooManyEntriesInBatchRequest", "The batch request contains more entries than permissible.")
        seen: set[str] = set()
        for entry in entries:
            entry_id = entry["Id"]
            if len(entry_id) > MAX_BATCH_ID:
                raise ServiceError("InvalidBatchEntryId", f"The Id of a batch entry in the batch request is too long: {entry_id}")
            if not _BATCH_ID.fullmatch(entry_id):
                raise ServiceError(
                    "InvalidBatchEntryId", f"The Id of a batch entry in the batch request contains an impermissible character: {entry_id}"
                )
            if entry_id in seen:
                raise ServiceError("BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.")
            seen.add(entry_id)
        total = sum(messages.size(e["Message"], e.get("MessageAttributes") or {}) for e in entries)
        if total > messages.MAX_MESSAGE_BYTES:
            raise ServiceError("BatchRequestTooLong", "The length of all the messages put together is more than the limit.")
        checked = []
        for entry in entries:
            outgoing = self._outgoing(
                entry["Message"],
                entry.get("Subject"),
                entry.get("MessageStructure"),
                entry.get("MessageAttributes"),
                entry.get("MessageDeduplicationId"),
                entry.get("MessageGroupId"),
            )
            self._check_fifo(topic, outgoing)
            checked.append((entry["Id"], outgoing))
        successful = []
        for entry_id, outgoing in checked:
            result = self._publish(topic, outgoing)
            successful.append({"Id": entry_id, **result})
        return {"Successful": successful, "Failed": []}

    # -- SMS settings -------------------------------------------------------------------

    def set_sms_attributes(self, attributes: dict[str, str]) -> dict[str, Any]:
        for name, value in attributes.items():
            if name not in SMS_ATTRIBUTES:
                raise invalid(f"{name} is not a valid attribute")
            if name == "DefaultSMSType" and value not in ("Promotional", "Transactional"):
                raise invalid("DefaultSMSType is invalid")
            if name == "DefaultSenderID" and not _SENDER_ID.fullmatch(value):
                raise invalid("DefaultSenderID is not a valid attribute")
        self.sms_attributes.update(attributes)
        return {}

    def get_sms_attributes(self, attributes: list[str] | None = None) -> dict[str, Any]:
        wanted = set(attributes or ())
        return {"attributes": {k: v for k, v in self.sms_attributes.items() if not wanted or k in wanted}}

    @staticmethod
    def _phone(number: str) -> None:
        if not E164.fullmatch(number):
            raise invalid("Invalid parameter: PhoneNumber Reason: input incorrectly formatted")

    def check_if_phone_number_is_opted_out(self, phoneNumber: str) -> dict[str, Any]:
        self._phone(phoneNumber)
        return {"isOptedOut": False}  # nobody replies STOP to an emulated SMS

    def opt_in_phone_number(self, phoneNumber: str) -> dict[str, Any]:
        self._phone(phoneNumber)
        return {}

    def list_phone_numbers_opted_out(self, nextToken: str | None = None) -> dict[str, Any]:
        return {"phoneNumbers": []}

    # -- delivery from other services ---------------------------------------------------

    def _receive(self, arn: arns.Arn, message: Message) -> Any:
        """Publish a delivery from another service (an EventBridge rule's target) to
        the topic ``arn`` names. Raises ``ServiceError`` if the topic does not exist or
        refuses the message."""
        owner = self._owner(arn)
        topic = owner.topics.get(arn.resource)
        if topic is None or topic.arn != str(arn):
            raise _not_found("Topic")
        attributes = {k: dict(v) for k, v in (message.attributes or {}).items()}
        outgoing = owner._outgoing(message.text, None, None, attributes, message.deduplication_id if topic.fifo else None, message.group_id)
        if topic.fifo and not outgoing.deduplication_id and not topic.content_based_deduplication:
            outgoing.deduplication_id = messages.content_deduplication_id(message.text)
        owner._check_fifo(topic, outgoing)
        return owner._publish(topic, outgoing)["MessageId"]
