"""Identifiers in the forms AWS uses.

Ids need to be unique, not unguessable: they come from ``random.getrandbits``, about
ten times cheaper than ``uuid.uuid4()``'s system call, which matters on every call.
"""

from __future__ import annotations

import base64
from random import getrandbits


def uuid4() -> str:
    """A random version-4 UUID string (request ids, event ids): 122 random bits, the
    version digit 4 and the variant bits ``10``."""
    return "%08x-%04x-4%03x-%04x-%012x" % (getrandbits(32), getrandbits(16), getrandbits(12), getrandbits(14) | 0x8000, getrandbits(48))


def request_id() -> str:
    """A request id, as ``x-amzn-RequestId`` carries it."""
    return uuid4()


def hex32() -> str:
    """32 lowercase hexadecimal characters (Pinpoint application ids)."""
    return f"{getrandbits(128):032x}"


def upper_hex(length: int) -> str:
    """``length`` uppercase hexadecimal characters (S3's request ids are 16 of them)."""
    return f"{getrandbits(4 * length):0{length}X}"


def host_id() -> str:
    """An extended request id, as S3's ``x-amz-id-2`` carries it: 56 random bytes in
    base64 (76 characters)."""
    return base64.b64encode(getrandbits(448).to_bytes(56, "big")).decode()
