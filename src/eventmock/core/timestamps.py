"""Timestamps as AWS writes and reads them: the three formats of the service models.

The one implementation of timestamp text in eventmock, used by every path: the fast
path's header members (:func:`eventmock.core.shapes.header_renderer`), the wire
serializers' bodies, the ``date`` header and S3's error fields (:mod:`.clock`,
:mod:`.intercept`), and the wire parsers (:func:`parse`).

``iso8601``
    ``2024-02-29T12:34:56.789Z``: UTC, always with milliseconds (AWS's precision, and
    how S3 writes ``LastModified`` in a body or ``x-amz-object-lock-retain-until-date``).
``unixtimestamp``
    epoch seconds: an ``int`` when the milliseconds are zero, else a ``float`` with them
    (``1709210096.789``); in a header, its text.
``rfc822``
    the HTTP date, whole seconds: ``Thu, 29 Feb 2024 12:34:56 GMT``, in English
    whatever the process's locale.

A naive ``datetime`` is taken as UTC; anything finer than a millisecond is dropped.
This module imports nothing of eventmock's, so :mod:`.clock` can use it.
"""

from __future__ import annotations

import datetime as _dt
import email.utils
from collections.abc import Callable
from typing import Any

from botocore.utils import parse_timestamp
from dateutil.tz import tzutc

#: The tzinfo botocore's parser attaches to a timestamp sent as a date string (the
#: same object as :data:`eventmock.core.clock.UTC`: ``tzutc()`` is a singleton).
UTC = tzutc()
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=UTC)

Formatter = Callable[[_dt.datetime], "str | int | float"]


def utc(value: _dt.datetime) -> _dt.datetime:
    """``value`` in UTC (``tzutc()``); a naive value is taken as UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def iso8601(value: _dt.datetime) -> str:
    """``2024-02-29T12:34:56.789Z``."""
    # isoformat truncates to the millisecond (as AWS's precision does) and is C-fast.
    return utc(value).replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def unixtimestamp(value: _dt.datetime) -> int | float:
    """Epoch seconds: ``1709210096`` or ``1709210096.789``."""
    delta = utc(value) - _EPOCH
    millis = (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000
    return millis // 1000 if millis % 1000 == 0 else millis / 1000


def rfc822(value: _dt.datetime) -> str:
    """``Thu, 29 Feb 2024 12:34:56 GMT``."""
    # the standard library's HTTP date names days and months in English itself
    return email.utils.format_datetime(utc(value).replace(tzinfo=_dt.timezone.utc), usegmt=True)


_FORMATTERS: dict[str, Formatter] = {"iso8601": iso8601, "unixtimestamp": unixtimestamp, "rfc822": rfc822}


def formatter(fmt: str) -> Formatter:
    """The function writing a model's ``timestampFormat`` (any case): ``iso8601``,
    ``unixTimestamp`` or ``rfc822``."""
    try:
        return _FORMATTERS[fmt.lower()]
    except KeyError:
        raise ValueError(f"unknown timestamp format {fmt!r}") from None


def format(value: _dt.datetime, fmt: str) -> str | int | float:
    """``value`` in the format ``fmt``, as a JSON body carries it (a number for
    ``unixtimestamp``); a header or an XML element carries its ``str``."""
    return formatter(fmt)(value)


def parse(value: Any) -> _dt.datetime:
    """A timestamp in any of the three formats (or an epoch number), as an aware UTC
    ``datetime``. Raises :class:`ValueError` for anything else, out-of-range epochs
    (``1e999``, ``99999999999999999999``) included: botocore's own parser raises
    ``OverflowError``, ``OSError`` or ``RuntimeError`` for those."""
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _EPOCH + _dt.timedelta(seconds=value)
        parsed: _dt.datetime = parse_timestamp(value)
    except (OverflowError, OSError, RuntimeError) as exc:
        raise ValueError(f"not a timestamp: {str(value)[:100]!r}") from exc
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
