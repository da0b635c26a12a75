"""The state and lookups every SNS resource family shares (:class:`SnsBase`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from eventmock.core import arns, pagination
from eventmock.core.backend import Backend
from eventmock.core.errors import ServiceError
from eventmock.core.records import Record
from eventmock.core.validation import InputProblem, message
from eventmock.services.sns.messages import invalid
from eventmock.services.sns.models import Failure, Sent, Subscription, Topic

if TYPE_CHECKING:
    from eventmock.services.sns.backend import SnsBackend
    from eventmock.services.sns.platform import PlatformApplication, PlatformEndpoint
    from eventmock.services.sns.sandbox import SandboxNumber

PAGE_SIZE = 100


def not_found(what: str) -> ServiceError:
    return ServiceError("NotFound", f"{what} does not exist")


class SnsBase(Backend):
    service = "sns"
    view = "eventmock.services.sns.inspect:SnsView"

    @classmethod
    def _bad_input(cls, problem: InputProblem) -> ServiceError:
        """A request botocore did not check (``parameter_validation=False``, or over
        HTTP) lacking a required member: a top-level string is "Invalid parameter: X
        Reason: no value for required parameter"; another member SNS's
        ``ValidationError``, whose path names a map's value ``<key>.member``
        (``messageAttributes.a.member.dataType``)."""
        if problem.missing and "." not in problem.path and getattr(problem.shape, "type_name", "") == "string":
            return invalid(f"Invalid parameter: {problem.name} Reason: no value for required parameter")
        if problem.missing and ".messageAttributes." in f".{problem.path}":
            head, member = problem.path.rsplit(".", 1)
            text = message([f"Value null at '{head}.member.{member}' failed to satisfy constraint: Member must not be null"])
            return ServiceError("ValidationError", text, status=400)
        if problem.missing:
            return ServiceError("ValidationError", problem.message, status=400)
        return super()._bad_input(problem)

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.topics: dict[str, Topic] = {}
        self.subscriptions: dict[str, Subscription] = {}
        self.tokens: dict[str, str] = {}
        #: What went to email addresses and phone numbers, oldest first.
        self.sent: Record[Sent] = Record()
        self.failed_deliveries: Record[Failure] = Record()
        self.sms_attributes: dict[str, str] = {"MonthlySpendLimit": "1"}
        self.platform_applications: dict[str, PlatformApplication] = {}
        self.platform_endpoints: dict[str, PlatformEndpoint] = {}
        #: The SMS sandbox's destination numbers, in the order they were added.
        self.sandbox_numbers: dict[str, SandboxNumber] = {}

    def _owner(self, arn: arns.Arn) -> SnsBackend:
        return cast("SnsBackend", self.store.backend("sns", arn.account, arn.region))

    def _parse_arn(self, text: str, name: str, *, sns_only: bool = True) -> arns.Arn:
        """The ARN ``text``, as SNS checks the parameter ``name``; ``sns_only=False``:
        an ARN of another service is well formed (the caller decides)."""
        parts = text.split(":")
        if len(parts) < 6:
            raise invalid(f"Invalid parameter: {name} Reason: An ARN must have at least 6 elements, not {len(parts)}")
        arn = arns.parse(text)
        if arn is None or (sns_only and arn.service != "sns"):
            raise invalid(f"Invalid parameter: {name}")
        return arn

    def _topic(self, topic_arn: str, name: str = "TopicArn") -> Topic:
        arn = self._parse_arn(topic_arn, name)
        if arn.region != self.region:
            raise invalid(f"Invalid parameter: {name}")
        topic = self._owner(arn).topics.get(arn.resource)
        if topic is None or topic.arn != topic_arn:
            raise not_found("Topic")
        return topic

    def _subscription(self, subscription_arn: str) -> tuple[SnsBackend, Subscription]:
        arn = self._parse_arn(subscription_arn, "SubscriptionArn", sns_only=False)
        if len(subscription_arn.split(":")) != 7:
            raise invalid("Invalid parameter: SubscriptionId")
        if arn.service != "sns":
            raise not_found("Subscription")  # a well-formed ARN no subscription has
        owner = self._owner(arn)
        found = owner.subscriptions.get(subscription_arn)
        if found is None:
            raise not_found("Subscription")
        return owner, found

    def _platform_endpoint(self, arn_text: str) -> PlatformEndpoint | None:
        """The mobile endpoint ``arn_text`` names, if it exists."""
        arn = arns.parse(arn_text)
        if arn is None or arn.service != "sns":
            return None
        return self._owner(arn).platform_endpoints.get(arn_text)

    @property
    def _base_url(self) -> str:
        return self.call.endpoint or f"https://sns.{self.region}.amazonaws.com"

    def _owner_of(self, topic: Topic) -> SnsBackend:
        arn = arns.parse(topic.arn)
        assert arn is not None
        return self._owner(arn)

    @staticmethod
    def _page(items: list[Any], token: str | None) -> tuple[list[Any], str | None]:
        try:
            return pagination.page(items, token, PAGE_SIZE)
        except pagination.InvalidToken:
            raise invalid("Invalid parameter: NextToken") from None

    def _topic_of(self, subscription: Subscription) -> Topic:
        arn = arns.parse(subscription.topic_arn)
        assert arn is not None
        topic = self._owner(arn).topics.get(arn.resource)
        assert topic is not None
        return topic

