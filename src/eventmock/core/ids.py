"""Identifiers in the forms AWS uses.

Ids need to be unique, not unguessable: they come from ``random.getrandbits``, about
ten times cheaper than ``uuid.uuid4()``'s system call, which matters on every call.
"""

from __future__ import annotations

from random import getrandbits


def uuid4() -> str:
    """A random version-4 UUID string (request ids, event ids)."""
    h = f"{getrandbits(128) & ~(0xF000 << 64) & ~(0xC << 60) | (0x4000 << 64) | (0x8 << 60):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def request_id() -> str:
    """A request id, as ``x-amzn-RequestId`` carries it."""
    return uuid4()


def hex32() -> str:
    """32 lowercase hexadecimal characters (Pinpoint application ids)."""
    return f"{getrandbits(128):032x}"
