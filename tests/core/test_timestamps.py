"""Timestamp text: the one implementation (``core.timestamps``) in each of the models'
formats, and the header members the fast path renders with it, exactly as AWS sends
them and as botocore's parser reads them back."""

from __future__ import annotations

import datetime as dt

import botocore.session
import pytest
from botocore.awsrequest import AWSResponse
from botocore.endpoint import convert_to_response_dict
from botocore.parsers import create_parser
from dateutil.tz import tzutc
from freezegun import freeze_time

from eventmock.core import clock, timestamps
from eventmock.core.shapes import ShaperCache, header_renderer
from eventmock.core.wire.hook import RawBody

S3 = botocore.session.get_session().get_service_model("s3")
LEAP = dt.datetime(2024, 2, 29, 12, 34, 56, 789000, tzinfo=tzutc())
PLUS_TWO = dt.timezone(dt.timedelta(hours=2))


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (LEAP, "rfc822", "Thu, 29 Feb 2024 12:34:56 GMT"),
        (LEAP, "iso8601", "2024-02-29T12:34:56.789Z"),
        (LEAP, "unixTimestamp", 1709210096.789),
        (LEAP.replace(microsecond=0), "iso8601", "2024-02-29T12:34:56.000Z"),
        (LEAP.replace(microsecond=0), "unixtimestamp", 1709210096),
        # another zone: written in UTC; a naive value: taken as UTC
        (dt.datetime(2024, 3, 1, 1, 2, 3, 4000, tzinfo=PLUS_TWO), "rfc822", "Thu, 29 Feb 2024 23:02:03 GMT"),
        (dt.datetime(2024, 3, 1, 1, 2, 3, 4000, tzinfo=PLUS_TWO), "iso8601", "2024-02-29T23:02:03.004Z"),
        (dt.datetime(2026, 1, 5, 7, 8, 9), "rfc822", "Mon, 05 Jan 2026 07:08:09 GMT"),
        # finer than AWS's milliseconds: dropped
        (LEAP.replace(microsecond=789999), "iso8601", "2024-02-29T12:34:56.789Z"),
        (LEAP.replace(microsecond=789999), "unixtimestamp", 1709210096.789),
        (dt.datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=tzutc()), "unixtimestamp", -0.5),
    ],
)
def test_formats(value: dt.datetime, fmt: str, expected: object) -> None:
    written = timestamps.format(value, fmt)
    assert written == expected and type(written) is type(expected)
    back = clock.to_millis(value)
    assert timestamps.parse(written) == (back.replace(microsecond=0) if fmt == "rfc822" else back)


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown timestamp format 'epoch'"):
        timestamps.formatter("epoch")


def test_the_clock_writes_with_the_same_implementation() -> None:
    assert clock.iso8601_millis(LEAP) == timestamps.iso8601(LEAP) == "2024-02-29T12:34:56.789Z"


def test_head_object_header_members_are_what_s3_sends_and_botocore_reads() -> None:
    """``LastModified`` and ``Expires`` (HTTP dates, the header default) and
    ``ObjectLockRetainUntilDate`` (``timestampFormat: iso8601``): the fast path's
    shaped values, rendered as headers, parse back to the same values."""
    op = S3.operation_model("HeadObject")
    output = {
        "LastModified": LEAP,
        "Expires": dt.datetime(2024, 3, 1, 0, 0, 0, tzinfo=tzutc()),
        "ObjectLockRetainUntilDate": LEAP,
        "ContentLength": 3,
        "DeleteMarker": False,
        "Metadata": {"run-id": "42"},
    }
    fast = ShaperCache("rest-xml").output(op.output_shape, strict=True)(output)
    render = header_renderer(op.output_shape)
    assert render is not None
    headers = render(fast)
    assert headers == {
        "last-modified": "Thu, 29 Feb 2024 12:34:56 GMT",
        "expires": "Fri, 01 Mar 2024 00:00:00 GMT",
        "x-amz-object-lock-retain-until-date": "2024-02-29T12:34:56.789Z",
        "content-length": "3",
        "x-amz-delete-marker": "false",
        "x-amz-meta-run-id": "42",
    }
    response = convert_to_response_dict(AWSResponse("https://s3.amazonaws.com/b/k", 200, headers, RawBody(b"")), op)
    parsed = create_parser("rest-xml").parse(response, op.output_shape)
    parsed.pop("ResponseMetadata")
    assert parsed == fast
    assert fast["LastModified"] == LEAP.replace(microsecond=0)  # an HTTP date: whole seconds
    assert fast["ObjectLockRetainUntilDate"] == LEAP


@pytest.mark.parametrize(
    "frozen, date, millis",
    [
        ("2024-02-29 12:34:56.789", "Thu, 29 Feb 2024 12:34:56 GMT", 1_709_210_096_789),
        ("1969-12-31 23:59:58.5", "Wed, 31 Dec 1969 23:59:58 GMT", -1_500),  # floors, before the epoch too
    ],
)
def test_the_clock_reads_seconds_and_milliseconds_as_floors(frozen, date, millis):
    with freeze_time(frozen):
        assert clock.http_date() == date
        assert clock.epoch_ms() == millis
