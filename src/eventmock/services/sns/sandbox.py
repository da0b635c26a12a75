"""The SMS sandbox: destination phone numbers an account in the sandbox may send to,
and the account's origination numbers.

A number added with ``create_sms_sandbox_phone_number`` is ``Pending`` until
``verify_sms_sandbox_phone_number`` gives the one-time password AWS sends it by SMS;
eventmock records that SMS in ``aws.sns.sent(number)`` (``type`` ``"Verification"``,
the password in ``token``). Every account is in the sandbox and owns no origination
numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import randrange
from typing import Any

from eventmock.core import ids, pagination
from eventmock.core.errors import ServiceError
from eventmock.services.sns.base import SnsBase
from eventmock.services.sns.messages import E164, invalid
from eventmock.services.sns.models import Sent

SANDBOX_PAGE_SIZE = 100
ORIGINATION_PAGE_SIZE = 30


@dataclass(eq=False)
class SandboxNumber:
    phone_number: str
    language: str
    one_time_password: str
    verified: bool = False

    def summary(self) -> dict[str, str]:
        return {"PhoneNumber": self.phone_number, "Status": "Verified" if self.verified else "Pending"}


def _not_found() -> ServiceError:
    return ServiceError("ResourceNotFound", "Phone number does not exist in the sandbox", status=404)


def _checked_phone(number: str) -> str:
    if not E164.fullmatch(number) or not number.startswith("+"):
        raise invalid("Invalid parameter: PhoneNumber Reason: input incorrectly formatted")
    return number


def _page(items: list[Any], token: str | None, limit: int) -> tuple[list[Any], str | None]:
    try:
        return pagination.page(items, token, limit)
    except pagination.InvalidToken:
        raise invalid("Invalid parameter: NextToken") from None


def _limit(max_results: int | None, most: int) -> int:
    if max_results is None:
        return most
    if not 1 <= max_results <= most:
        raise invalid(f"Invalid parameter: MaxResults Reason: must be between 1 and {most}")
    return max_results


class SmsSandbox(SnsBase):
    def get_sms_sandbox_account_status(self) -> dict[str, Any]:
        return {"IsInSandbox": True}

    def create_sms_sandbox_phone_number(self, PhoneNumber: str, LanguageCode: str = "en-US") -> dict[str, Any]:
        number = _checked_phone(PhoneNumber)
        existing = self.sandbox_numbers.get(number)
        if existing is not None and existing.verified:
            return {}
        password = f"{randrange(10**6):06d}"
        self.sandbox_numbers[number] = SandboxNumber(number, LanguageCode, password)
        text = f"Your Amazon SNS verification code is: {password}"
        self.sent.append(Sent("sms", number, "Verification", ids.uuid4(), None, text, token=password))
        return {}

    def verify_sms_sandbox_phone_number(self, PhoneNumber: str, OneTimePassword: str) -> dict[str, Any]:
        found = self.sandbox_numbers.get(_checked_phone(PhoneNumber))
        if found is None:
            raise _not_found()
        if not found.verified and OneTimePassword != found.one_time_password:
            raise ServiceError("VerificationException", "Invalid one-time password", status=400, fields={"Status": "FAILED"})
        found.verified = True
        return {}

    def delete_sms_sandbox_phone_number(self, PhoneNumber: str) -> dict[str, Any]:
        if self.sandbox_numbers.pop(_checked_phone(PhoneNumber), None) is None:
            raise _not_found()
        return {}

    def list_sms_sandbox_phone_numbers(self, NextToken: str | None = None, MaxResults: int | None = None) -> dict[str, Any]:
        limit = _limit(MaxResults, SANDBOX_PAGE_SIZE)
        page, token = _page([n.summary() for n in self.sandbox_numbers.values()], NextToken, limit)
        return {"PhoneNumbers": page, "NextToken": token}

    def list_origination_numbers(self, NextToken: str | None = None, MaxResults: int | None = None) -> dict[str, Any]:
        limit = _limit(MaxResults, ORIGINATION_PAGE_SIZE)
        page, token = _page([], NextToken, limit)
        return {"PhoneNumbers": page, "NextToken": token}
