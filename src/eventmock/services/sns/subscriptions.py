"""Subscriptions: subscribe (endpoints and attributes checked), confirmation,
attributes, lists, unsubscribe."""

from __future__ import annotations

import re
from random import getrandbits
from typing import Any

from eventmock.core import arns, ids
from eventmock.core.errors import ServiceError
from eventmock.services.sns import delivery
from eventmock.services.sns.base import SnsBase
from eventmock.services.events import patterns
from eventmock.services.sns.filter_policy import SCOPES, compile_policy, json_error
from eventmock.services.sns.messages import invalid, sms_endpoint
from eventmock.services.sns.models import (
    CONFIRMED_BY_TOKEN,
    EFFECTIVE_DELIVERY_POLICY,
    PROTOCOLS,
    SUBSCRIPTION_ATTRIBUTES,
    Subscription,
    Topic,
)

#: The form of SNS's confirmation tokens: hexadecimal digits. Another text is "Invalid
#: token"; a well-formed token that confirms nothing, "Invalid parameter: Token".
_HEX_TOKEN = re.compile(r"[0-9a-fA-F]+")


class Subscriptions(SnsBase):
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
        if "FilterPolicy" in checked and not checked["FilterPolicy"].strip():
            del checked["FilterPolicy"]  # an empty policy is none: not answered
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
            if protocol == "application" and self._platform_endpoint(endpoint) is None:
                raise invalid(f"Invalid parameter: Endpoint Reason: Endpoint does not exist for endpoint arn{endpoint}")
            if protocol == "sqs" and arn.resource.endswith(".fifo") and not topic.fifo:
                raise invalid(
                    "Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics"
                )
        elif protocol in ("http", "https"):
            if not endpoint.lower().startswith(f"{protocol}://"):
                raise invalid("Invalid parameter: Endpoint must match the specified protocol")
        elif protocol == "sms":
            if not sms_endpoint(endpoint):
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
                document = patterns.read_json(value)
            except patterns.InvalidEventPattern as exc:
                raise invalid(f"{prefix}{name}: failed to parse JSON. {json_error(exc)}") from None
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
        if not _HEX_TOKEN.fullmatch(Token):
            raise invalid("Invalid token")
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
        if AttributeName == "FilterPolicy" and not stored.strip():
            # no policy any more: neither it nor its scope is answered
            subscription.attributes.pop("FilterPolicy", None)
            subscription.attributes.pop("FilterPolicyScope", None)
        else:
            subscription.attributes[AttributeName] = stored
        if AttributeName == "FilterPolicy" and stored.strip():
            subscription.attributes.setdefault("FilterPolicyScope", "MessageAttributes")
        subscription.policy = policy

    def list_subscriptions(self, NextToken: str | None = None) -> dict[str, Any]:
        page, token = self._page([s.summary() for s in self.subscriptions.values()], NextToken)
        return {"Subscriptions": page, "NextToken": token}

    def list_subscriptions_by_topic(self, TopicArn: str, NextToken: str | None = None) -> dict[str, Any]:
        topic = self._topic(TopicArn)
        owner = self._owner_of(topic)
        page, token = self._page([owner.subscriptions[arn].summary() for arn in topic.subscriptions], NextToken)
        return {"Subscriptions": page, "NextToken": token}

