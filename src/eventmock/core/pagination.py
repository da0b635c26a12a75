"""Opaque next-tokens over an ordered collection.

A token encodes the position of the next item; it is opaque to users, as AWS's are.
A token that was not produced here raises :class:`InvalidToken`, which each service
turns into the error it answers with.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


class InvalidToken(ValueError):
    pass


def _encode(offset: int) -> str:
    return base64.urlsafe_b64encode(f"eventmock:{offset}".encode()).decode()


def _decode(token: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
        prefix, _, offset = text.partition(":")
        if prefix != "eventmock" or not offset.isdigit():
            raise ValueError(token)
        return int(offset)
    except (binascii.Error, UnicodeError, ValueError) as exc:
        raise InvalidToken(token) from exc


def page(items: Sequence[T], token: str | None, limit: int) -> tuple[list[T], str | None]:
    """The page of ``items`` that ``token`` points at, at most ``limit`` long, and the
    token of the page after it (``None`` on the last page)."""
    start = 0 if token is None else _decode(token)
    if start > len(items):
        raise InvalidToken(token)
    end = start + limit
    return list(items[start:end]), (_encode(end) if end < len(items) else None)


def token_at(offset: int) -> str:
    """The token of the page that starts at ``offset`` (for a service that answers a
    token where :func:`page` would not, such as at the end)."""
    return _encode(offset)
