"""Topics and subscriptions, the attributes SNS knows of each, and the records of
what was sent where eventmock cannot deliver (email, SMS) or could not."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from eventmock.services.sns.filter_policy import FilterPolicy

#: Topic attributes CreateTopic and SetTopicAttributes take.
TOPIC_ATTRIBUTES = frozenset(
    {
        "DeliveryPolicy", "DisplayName", "Policy", "TracingConfig", "KmsMasterKeyId", "SignatureVersion",
        "FifoTopic", "ContentBasedDeduplication", "ArchivePolicy", "FifoThroughputScope", "DataProtectionPolicy",
        "ApplicationSuccessFeedbackRoleArn", "ApplicationSuccessFeedbackSampleRate", "ApplicationFailureFeedbackRoleArn",
        "HTTPSuccessFeedbackRoleArn", "HTTPSuccessFeedbackSampleRate", "HTTPFailureFeedbackRoleArn",
        "LambdaSuccessFeedbackRoleArn", "LambdaSuccessFeedbackSampleRate", "LambdaFailureFeedbackRoleArn",
        "SQSSuccessFeedbackRoleArn", "SQSSuccessFeedbackSampleRate", "SQSFailureFeedbackRoleArn",
        "FirehoseSuccessFeedbackRoleArn", "FirehoseSuccessFeedbackSampleRate", "FirehoseFailureFeedbackRoleArn",
    }
)
#: Attributes only a FIFO topic has.
FIFO_ONLY = frozenset({"ContentBasedDeduplication", "FifoThroughputScope"})

#: Subscription attributes Subscribe and SetSubscriptionAttributes take.
SUBSCRIPTION_ATTRIBUTES = frozenset(
    {"DeliveryPolicy", "FilterPolicy", "FilterPolicyScope", "RawMessageDelivery", "RedrivePolicy", "SubscriptionRoleArn", "ReplayPolicy"}
)
PROTOCOLS = frozenset({"http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose"})
#: Protocols whose subscriptions wait for ConfirmSubscription.
CONFIRMED_BY_TOKEN = frozenset({"http", "https", "email", "email-json"})

EFFECTIVE_DELIVERY_POLICY = json.dumps(
    {
        "http": {
            "defaultHealthyRetryPolicy": {
                "minDelayTarget": 20, "maxDelayTarget": 20, "numRetries": 3, "numMaxDelayRetries": 0,
                "numNoDelayRetries": 0, "numMinDelayRetries": 0, "backoffFunction": "linear",
            },
            "disableSubscriptionOverrides": False,
            "defaultRequestPolicy": {"headerContentType": "text/plain; charset=UTF-8"},
        }
    },
    separators=(",", ":"),
)


def default_policy(topic_arn: str, account_id: str) -> str:
    return json.dumps(
        {
            "Version": "2008-10-17",
            "Id": "__default_policy_ID",
            "Statement": [
                {
                    "Sid": "__default_statement_ID",
                    "Effect": "Allow",
                    "Principal": {"AWS": "*"},
                    "Action": [
                        "SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission",
                        "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish",
                    ],
                    "Resource": topic_arn,
                    "Condition": {"StringEquals": {"AWS:SourceOwner": account_id}},
                }
            ],
        },
        separators=(",", ":"),
    )


@dataclass(eq=False)
class Topic:
    name: str
    arn: str
    fifo: bool
    #: The attributes set (by CreateTopic or SetTopicAttributes), as given.
    attributes: dict[str, str]
    tags: dict[str, str] = field(default_factory=dict)
    #: Subscription ARNs, in the order they were made.
    subscriptions: list[str] = field(default_factory=list)
    deleted_subscriptions: int = 0
    sequence: int = 10_000_000_000_000_000_000
    #: FIFO deduplication: id -> (expiry in epoch ms, the message id and sequence
    #: number first given: a duplicate is answered with both).
    deduplication: dict[str, tuple[int, str, str]] = field(default_factory=dict)

    @property
    def content_based_deduplication(self) -> bool:
        return self.attributes.get("ContentBasedDeduplication", "false").lower() == "true"

    def next_sequence(self) -> str:
        self.sequence += 1
        return str(self.sequence)


@dataclass(eq=False)
class Subscription:
    arn: str
    topic_arn: str
    protocol: str
    endpoint: str
    owner: str
    principal: str
    attributes: dict[str, str]
    pending: bool
    token: str
    policy: FilterPolicy | None = None

    @property
    def raw(self) -> bool:
        return self.attributes.get("RawMessageDelivery", "false") == "true"

    @property
    def dead_letter_arn(self) -> str | None:
        text = self.attributes.get("RedrivePolicy")
        if not text:
            return None
        found = json.loads(text).get("deadLetterTargetArn")
        return found if isinstance(found, str) else None

    def summary(self) -> dict[str, Any]:
        """As ListSubscriptions shows it."""
        return {
            "SubscriptionArn": "PendingConfirmation" if self.pending else self.arn,
            "Owner": self.owner,
            "Protocol": self.protocol,
            "Endpoint": self.endpoint,
            "TopicArn": self.topic_arn,
        }


@dataclass(frozen=True)
class Sent:
    """A message SNS sent where eventmock cannot deliver it (email, SMS), for
    inspection."""

    protocol: str
    endpoint: str
    #: ``Notification``, ``SubscriptionConfirmation`` or ``Verification`` (the SMS
    #: sandbox's one-time password).
    type: str
    message_id: str
    topic_arn: str | None
    #: What the endpoint gets: the message text (email, sms, raw http) or the JSON document.
    body: str
    subject: str | None = None
    subscription_arn: str | None = None
    #: The confirmation token of a ``SubscriptionConfirmation``; the one-time password
    #: of a ``Verification``.
    token: str | None = None


@dataclass(frozen=True)
class Failure:
    """A delivery that did not happen, and where the message went instead."""

    subscription_arn: str
    endpoint: str
    code: str
    message: str
    dead_letter_arn: str | None = None
