"""Fan-out: a published message to each subscriber, in the form its protocol takes.

=================  ==========================================================
``sqs``            the JSON envelope (raw delivery: the message, with its
                   attributes as SQS message attributes); FIFO topics pass the
                   message group and deduplication ids on
``lambda``         the bound callable, with SNS's ``Records`` event
``firehose``       one record: the envelope, or the message when raw
``http(s)``        a POST through ``register_http``'s handlers (the envelope, or
                   the message when raw); ``aws.http.requests`` has them all
``email``...       recorded in the backend's ``sent`` (``aws.sns.sent()``):
                   ``email`` and ``sms`` get the message, ``email-json`` the
                   envelope
=================  ==========================================================

Only confirmed subscriptions whose filter policy matches receive the message, in the
order they were made. A delivery that fails goes to the subscription's
``RedrivePolicy`` queue, else is recorded in the backend's ``failed_deliveries``; it
never fails the Publish.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from random import getrandbits
from typing import TYPE_CHECKING, Any

from eventmock.core import arns, clock, http, ids, targets
from eventmock.core.text import utf8
from eventmock.services.sns import messages
from eventmock.services.sns.messages import Notification
from eventmock.services.sns.models import Failure, Sent

if TYPE_CHECKING:
    from eventmock.services.sns.backend import SnsBackend
    from eventmock.services.sns.models import Subscription, Topic


class DeliveryError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def fan_out(owner: SnsBackend, topic: Topic, notification: Notification) -> None:
    for subscription_arn in list(topic.subscriptions):
        subscription = owner.subscriptions.get(subscription_arn)
        if subscription is None or subscription.pending:
            continue
        policy = subscription.policy
        if policy is not None and not policy.matches(notification.text_for(subscription.protocol), notification.attributes):
            continue
        try:
            deliver(owner, subscription, notification)
        except DeliveryError as error:
            _failed(owner, subscription, notification, error)


def deliver(owner: SnsBackend, subscription: Subscription, notification: Notification) -> None:
    protocol = subscription.protocol
    raw = subscription.raw and protocol in ("sqs", "firehose", "http", "https")
    body = notification.text_for(protocol) if raw else messages.envelope_text(notification.envelope(protocol, subscription.arn))
    if protocol == "sqs":
        fifo_queue = subscription.endpoint.endswith(".fifo")
        _to_target(
            owner,
            subscription.endpoint,
            body,
            group_id=notification.group_id if fifo_queue else None,
            deduplication_id=notification.deduplication_id if fifo_queue else None,
            attributes=_sqs_attributes(notification.attributes) if raw else None,
            lineage=notification.lineage,
            trace_header=notification.trace_header,
        )
    elif protocol == "firehose":
        _to_target(owner, subscription.endpoint, body)
    elif protocol == "lambda":
        _to_target(owner, subscription.endpoint, _json(notification.lambda_event(subscription.arn)), lineage=notification.lineage)
    elif protocol == "application":
        _push(owner, subscription, notification)
    elif protocol in ("email", "sms"):
        text = notification.text_for(protocol)
        owner.sent.append(_sent(subscription, "Notification", notification.message_id, text, notification.subject))
    elif protocol == "email-json":
        owner.sent.append(_sent(subscription, "Notification", notification.message_id, body, notification.subject))
    elif protocol in ("http", "https"):
        headers = _http_headers(subscription, "Notification", notification.message_id, raw)
        _post(owner, subscription, "Notification", notification.message_id, body, headers, notification.subject)


def _push(owner: SnsBackend, subscription: Subscription, notification: Notification) -> None:
    """A mobile push endpoint (in any account and region): recorded where it lives."""
    arn = arns.parse(subscription.endpoint)
    where = owner._owner(arn) if arn is not None else owner
    endpoint = where.platform_endpoints.get(subscription.endpoint)
    if endpoint is None:
        raise DeliveryError("EndpointNotFound", f"Endpoint {subscription.endpoint} does not exist")
    if not endpoint.enabled:
        raise DeliveryError("EndpointDisabled", "Endpoint is disabled")
    text = notification.text_for(endpoint.platform)
    where.sent.append(_sent(subscription, "Notification", notification.message_id, text, notification.subject))


def confirm(owner: SnsBackend, topic: Topic, subscription: Subscription, base_url: str) -> None:
    """Send the ``SubscriptionConfirmation`` of a subscription that waits for one."""
    message_id = ids.uuid4()
    document = messages.confirmation(message_id, topic.arn, subscription.token, messages.timestamp(clock.epoch_ms()), base_url)
    body = messages.envelope_text(document)
    if subscription.protocol in ("http", "https"):
        headers = _http_headers(subscription, "SubscriptionConfirmation", message_id, False)
        try:
            _post(owner, subscription, "SubscriptionConfirmation", message_id, body, headers, None, token=subscription.token)
        except DeliveryError:
            pass  # the subscription stays pending, as when AWS cannot reach the endpoint
        return
    text = body if subscription.protocol == "email-json" else document["Message"] + "\n" + document["SubscribeURL"]
    owner.sent.append(
        _sent(subscription, "SubscriptionConfirmation", message_id, text, "AWS Notification - Subscription Confirmation", subscription.token)
    )


def unsubscribed(owner: SnsBackend, subscription: Subscription, base_url: str) -> None:
    """Tell a confirmed http(s) endpoint it was unsubscribed (``UnsubscribeConfirmation``)."""
    if subscription.protocol not in ("http", "https") or subscription.pending:
        return
    message_id = ids.uuid4()
    token = f"{getrandbits(1024):0256x}"
    now = messages.timestamp(clock.epoch_ms())
    document = messages.confirmation(message_id, subscription.topic_arn, token, now, base_url, unsubscribed=subscription.arn)
    headers = _http_headers(subscription, "UnsubscribeConfirmation", message_id, False)
    try:
        _post(owner, subscription, "UnsubscribeConfirmation", message_id, messages.envelope_text(document), headers, None)
    except DeliveryError:
        pass  # the subscription is gone all the same


def _sent(subscription: Subscription, kind: str, message_id: str, body: str, subject: str | None, token: str | None = None) -> Sent:
    return Sent(subscription.protocol, subscription.endpoint, kind, message_id, subscription.topic_arn, body, subject, subscription.arn, token)


def _http_headers(subscription: Subscription, kind: str, message_id: str, raw: bool) -> dict[str, str]:
    headers = {
        "Content-Type": "text/plain; charset=UTF-8",
        "User-Agent": "Amazon Simple Notification Service Agent",
        "x-amz-sns-message-type": kind,
        "x-amz-sns-message-id": message_id,
        "x-amz-sns-topic-arn": subscription.topic_arn,
    }
    if kind == "Notification":
        headers["x-amz-sns-subscription-arn"] = subscription.arn
    if raw:
        headers["x-amz-sns-rawdelivery"] = "true"
    return headers


def _post(
    owner: SnsBackend,
    subscription: Subscription,
    kind: str,
    message_id: str,
    body: str,
    headers: dict[str, str],
    subject: str | None,
    token: str | None = None,
) -> None:
    """POST to an http(s) endpoint through the HTTP hook (``register_http``); every
    request is in ``aws.http.requests``, answered or not."""
    try:
        response = http.send(owner.store, "POST", subscription.endpoint, headers, utf8(body))
    except http.Unreachable as exc:
        raise DeliveryError("Unreachable", str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - the handler's failure is the delivery's
        raise DeliveryError("HttpError", f"{type(exc).__name__}: {exc}") from exc
    if not response.ok:
        raise DeliveryError("HttpError", f"The endpoint answered HTTP {response.status}")


def _to_target(
    owner: SnsBackend,
    target_arn: str,
    body: str,
    *,
    group_id: str | None = None,
    deduplication_id: str | None = None,
    attributes: dict[str, dict[str, Any]] | None = None,
    lineage: Mapping[str, int] | None = None,
    trace_header: str | None = None,
) -> Any:
    """Deliver through the one delivery seam (:func:`eventmock.core.targets.deliver`);
    SQS and Lambda get the lineage the notification carries, SQS its trace header."""
    try:
        message = targets.Message(body, group_id, deduplication_id, attributes=attributes, lineage=lineage, trace_header=trace_header)
        return targets.deliver(owner.store, target_arn, message)
    except targets.DeliveryError as error:
        raise DeliveryError(error.code, error.message) from error


def _sqs_attributes(attributes: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]] | None:
    return {name: dict(value) for name, value in attributes.items()} or None


def _failed(owner: SnsBackend, subscription: Subscription, notification: Notification, error: DeliveryError) -> None:
    if not isinstance(error.__cause__, targets.DeliveryError):  # that one was logged where it failed
        targets.log_failure(subscription.endpoint, error.code, error.message, error.__cause__)
    dead_letter = subscription.dead_letter_arn
    if dead_letter is not None:
        raw = subscription.raw
        body = notification.text_for(subscription.protocol) if raw else messages.envelope_text(notification.envelope(subscription.protocol, subscription.arn))
        fifo_queue = dead_letter.endswith(".fifo")
        try:
            _to_target(
                owner,
                dead_letter,
                body,
                group_id=notification.group_id if fifo_queue else None,
                deduplication_id=notification.deduplication_id if fifo_queue else None,
                attributes=_sqs_attributes(notification.attributes) if raw else None,
            )
        except DeliveryError:
            dead_letter = None
    targets.dead_lettered(subscription.arn, dead_letter, error.code)
    owner.failed_deliveries.append(Failure(subscription.arn, subscription.endpoint, error.code, error.message, dead_letter))


def _json(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
