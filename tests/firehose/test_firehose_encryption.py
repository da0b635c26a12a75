"""Firehose server-side encryption: StartDeliveryStreamEncryption, StopDeliveryStreamEncryption."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.tz import tzutc
from freezegun import freeze_time

ROLE = "arn:aws:iam::123456789012:role/firehose-delivery"
BUCKET_ARN = "arn:aws:s3:::lake"
KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def create(firehose, **extra):
    firehose.create_delivery_stream(
        DeliveryStreamName="events", ExtendedS3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": BUCKET_ARN}, **extra
    )


def sse(firehose):
    return firehose.describe_delivery_stream(DeliveryStreamName="events")["DeliveryStreamDescription"]["DeliveryStreamEncryptionConfiguration"]


def test_start_settles_to_enabled_before_the_next_call_and_puts_are_encrypted(firehose):
    create(firehose)
    assert firehose.put_record(DeliveryStreamName="events", Record={"Data": b"x"})["Encrypted"] is False
    with freeze_time("2026-03-04 05:06:07"):
        firehose.start_delivery_stream_encryption(
            DeliveryStreamName="events", DeliveryStreamEncryptionConfigurationInput={"KeyType": "CUSTOMER_MANAGED_CMK", "KeyARN": KEY}
        )
        assert sse(firehose) == {"KeyType": "CUSTOMER_MANAGED_CMK", "KeyARN": KEY, "Status": "ENABLED"}
        description = firehose.describe_delivery_stream(DeliveryStreamName="events")["DeliveryStreamDescription"]
    assert description["LastUpdateTimestamp"] == dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=tzutc())
    assert firehose.put_record(DeliveryStreamName="events", Record={"Data": b"x"})["Encrypted"] is True
    assert firehose.put_record_batch(DeliveryStreamName="events", Records=[{"Data": b"x"}])["Encrypted"] is True


def test_start_defaults_to_an_aws_owned_key_and_can_change_the_key(firehose):
    create(firehose)
    firehose.start_delivery_stream_encryption(DeliveryStreamName="events")
    assert sse(firehose) == {"KeyType": "AWS_OWNED_CMK", "Status": "ENABLED"}
    firehose.start_delivery_stream_encryption(
        DeliveryStreamName="events", DeliveryStreamEncryptionConfigurationInput={"KeyType": "CUSTOMER_MANAGED_CMK", "KeyARN": KEY}
    )
    assert sse(firehose) == {"KeyType": "CUSTOMER_MANAGED_CMK", "KeyARN": KEY, "Status": "ENABLED"}


def test_stop_settles_to_disabled(firehose):
    create(firehose, DeliveryStreamEncryptionConfigurationInput={"KeyType": "AWS_OWNED_CMK"})
    assert sse(firehose) == {"KeyType": "AWS_OWNED_CMK", "Status": "ENABLED"}
    firehose.stop_delivery_stream_encryption(DeliveryStreamName="events")
    assert sse(firehose) == {"Status": "DISABLED"}
    assert firehose.put_record(DeliveryStreamName="events", Record={"Data": b"x"})["Encrypted"] is False


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"KeyType": "CUSTOMER_MANAGED_CMK"}, "KeyARN must be specified when KeyType is CUSTOMER_MANAGED_CMK."),
        ({"KeyType": "AWS_OWNED_CMK", "KeyARN": KEY}, "KeyARN cannot be specified when KeyType is AWS_OWNED_CMK."),
    ],
)
def test_key_arn_rules_and_a_refused_start_changes_nothing(firehose, given, message):
    create(firehose)
    with pytest.raises(firehose.exceptions.InvalidArgumentException) as info:
        firehose.start_delivery_stream_encryption(DeliveryStreamName="events", DeliveryStreamEncryptionConfigurationInput=given)
    assert info.value.response["Error"]["Message"] == message
    assert sse(firehose) == {"Status": "DISABLED"}


@pytest.mark.parametrize("operation", ["start_delivery_stream_encryption", "stop_delivery_stream_encryption"])
def test_unknown_stream(firehose, operation):
    with pytest.raises(firehose.exceptions.ResourceNotFoundException) as info:
        getattr(firehose, operation)(DeliveryStreamName="nope")
    assert info.value.response["Error"]["Message"] == "Firehose nope under account 123456789012 not found."
