"""Control characters in STS inputs echoed in its errors: XML 1.0 cannot hold them, so
they read as U+FFFD (fast path and wire alike)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

ROLE = "arn:aws:iam::123456789012:role/r"


def message(call, **params):
    with pytest.raises(ClientError) as info:
        call(**params)
    assert info.value.response["Error"]["Code"] == "ValidationError"
    return info.value.response["Error"]["Message"]


def test_assume_role(sts):
    assert message(sts.assume_role, RoleArn=ROLE, RoleSessionName="s\x01").startswith(
        "1 validation error detected: Value 's\ufffd' at 'roleSessionName' failed to satisfy constraint"
    )
    assert "Value 'ab\ufffdcd' at 'externalId'" in message(sts.assume_role, RoleArn=ROLE, RoleSessionName="ss", ExternalId="ab\x01cd")
    assert f"Value '{ROLE}\ufffdx' at 'roleArn'" in message(sts.assume_role, RoleArn=ROLE + "\x01x", RoleSessionName="ss")


def test_assume_role_with_web_identity(sts):
    found = message(sts.assume_role_with_web_identity, RoleArn=ROLE, RoleSessionName="s\x02", WebIdentityToken="abcd")
    assert "Value 's\ufffd' at 'roleSessionName'" in found


def test_get_session_token(sts):
    serial = "arn:aws:iam::123456789012:mfa/u"
    assert f"Value '{serial}\ufffd' at 'serialNumber'" in message(sts.get_session_token, SerialNumber=serial + "\x1b", TokenCode="123456")
    assert "Value '12345\ufffd' at 'tokenCode'" in message(sts.get_session_token, SerialNumber=serial, TokenCode="12345\x00")
