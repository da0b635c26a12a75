"""Identifiers in AWS's forms."""

from __future__ import annotations

import base64
import re
import uuid

from eventmock.core import ids


def test_uuid4_is_a_version_4_rfc_4122_uuid_in_canonical_form():
    made = [ids.uuid4() for _ in range(5_000)]
    for text in made:
        parsed = uuid.UUID(text)
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
        assert str(parsed) == text  # lower case, 8-4-4-4-12
    assert len(set(made)) == len(made)


def test_every_random_digit_varies():
    # 122 random bits: each of the 30 free hex digits takes more than one value
    made = [ids.uuid4().replace("-", "") for _ in range(2_000)]
    fixed = {i for i in range(32) if len({text[i] for text in made}) == 1}
    assert fixed == {12}  # the version digit, always 4


def test_other_forms():
    assert re.fullmatch(r"[0-9a-f]{32}", ids.hex32())
    assert re.fullmatch(r"[0-9A-F]{16}", ids.upper_hex(16))
    host_id = ids.host_id()
    assert len(host_id) == 76 and len(base64.b64decode(host_id)) == 56
