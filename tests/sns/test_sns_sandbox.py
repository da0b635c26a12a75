"""The SMS sandbox: destination numbers, verification with the one-time password,
origination numbers."""

from __future__ import annotations

import pytest
from sns_support import error, invalid

NUMBER = "+15555550100"


def test_sandbox_number_is_pending_until_verified(eventmock, sns):
    assert sns.get_sms_sandbox_account_status()["IsInSandbox"] is True
    sns.create_sms_sandbox_phone_number(PhoneNumber=NUMBER, LanguageCode="en-US")
    assert sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"] == [{"PhoneNumber": NUMBER, "Status": "Pending"}]
    [sms] = eventmock.sns.sent(NUMBER)
    assert sms.type == "Verification" and sms.token in sms.body and len(sms.token) == 6
    wrong = "0000000" if sms.token != "0000000" else "1111111"
    found = error(sns.verify_sms_sandbox_phone_number, PhoneNumber=NUMBER, OneTimePassword=wrong)
    assert (found["Code"], found["Status"]) == ("VerificationException", 400)
    sns.verify_sms_sandbox_phone_number(PhoneNumber=NUMBER, OneTimePassword=sms.token)
    assert sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"] == [{"PhoneNumber": NUMBER, "Status": "Verified"}]
    sns.delete_sms_sandbox_phone_number(PhoneNumber=NUMBER)
    assert sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"] == []


def test_adding_a_pending_number_again_sends_a_new_password(eventmock, sns):
    sns.create_sms_sandbox_phone_number(PhoneNumber=NUMBER)
    sns.create_sms_sandbox_phone_number(PhoneNumber=NUMBER)
    first, second = eventmock.sns.sent(NUMBER)
    sns.verify_sms_sandbox_phone_number(PhoneNumber=NUMBER, OneTimePassword=second.token)
    assert sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"][0]["Status"] == "Verified"


def test_sandbox_errors(sns):
    missing = error(sns.delete_sms_sandbox_phone_number, PhoneNumber=NUMBER)
    assert (missing["Code"], missing["Status"]) == ("ResourceNotFound", 404)
    missing = error(sns.verify_sms_sandbox_phone_number, PhoneNumber=NUMBER, OneTimePassword="123456")
    assert (missing["Code"], missing["Status"]) == ("ResourceNotFound", 404)
    assert error(sns.create_sms_sandbox_phone_number, PhoneNumber="555") == invalid("Invalid parameter: PhoneNumber Reason: input incorrectly formatted")
    assert sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"] == []


def test_sandbox_numbers_page(sns):
    numbers = [f"+1555555{i:04d}" for i in range(5)]
    for number in numbers:
        sns.create_sms_sandbox_phone_number(PhoneNumber=number)
    first = sns.list_sms_sandbox_phone_numbers(MaxResults=3)
    rest = sns.list_sms_sandbox_phone_numbers(MaxResults=3, NextToken=first["NextToken"])
    assert [n["PhoneNumber"] for n in first["PhoneNumbers"] + rest["PhoneNumbers"]] == numbers
    assert "NextToken" not in rest
    assert error(sns.list_sms_sandbox_phone_numbers, NextToken="bogus") == invalid("Invalid parameter: NextToken")


@pytest.mark.parametrize("max_results", [None, 30])
def test_no_origination_numbers(sns, max_results):
    params = {} if max_results is None else {"MaxResults": max_results}
    assert sns.list_origination_numbers(**params)["PhoneNumbers"] == []
    assert error(sns.list_origination_numbers, MaxResults=31)["Code"] == "InvalidParameter"
