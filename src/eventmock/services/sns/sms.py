"""SMS settings and opt-outs (messages to phone numbers are published in
:mod:`.publishing` and recorded in ``sent``)."""

from __future__ import annotations

import re
from typing import Any

from eventmock.services.sns.base import SnsBase
from eventmock.services.sns.messages import E164, invalid

SMS_ATTRIBUTES = frozenset(
    {"MonthlySpendLimit", "DeliveryStatusIAMRole", "DeliveryStatusSuccessSamplingRate", "DefaultSenderID", "DefaultSMSType", "UsageReportS3Bucket"}
)
#: A sender id: 1-11 letters and digits, at least one letter.
_SENDER_ID = re.compile(r"(?=.*[A-Za-z])[A-Za-z0-9]{1,11}")


class Sms(SnsBase):
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

