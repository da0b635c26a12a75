"""Lenient mode and limits (``mock_aws(lenient=..., limits=...)``), through boto3."""

from __future__ import annotations

import re
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError

import eventmock
from eventmock import mock_aws
from eventmock.core import leniency


def _sqs():
    return boto3.client("sqs", region_name="us-east-1")


def test_strict_by_default():
    with mock_aws() as aws:
        with pytest.raises(ClientError) as raised:
            _sqs().create_queue(QueueName="q", Attributes={"FifoQueue": "false"})
        assert raised.value.response["Error"]["Code"] == "InvalidAttributeName"
        assert list(aws.violations) == []


def test_a_lenient_call_is_answered_as_moto_does_and_recorded():
    with mock_aws(lenient=True) as aws:
        sqs = _sqs()
        url = sqs.create_queue(QueueName="q", Attributes={"FifoQueue": "false", "DelaySeconds": "3"})["QueueUrl"]
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        assert attributes["DelaySeconds"] == "3" and "FifoQueue" not in attributes
        [violation] = aws.violations
        assert violation == eventmock.Violation(
            check="sqs.fifo-attribute-on-standard-queue",
            service="sqs",
            operation="CreateQueue",
            parameters={"QueueName": "q", "Attributes": {"FifoQueue": "false", "DelaySeconds": "3"}},
            code="InvalidAttributeName",
            message="Unknown Attribute FifoQueue.",
            test=violation.test,
        )
        assert violation.test.endswith("test_leniency.py::test_a_lenient_call_is_answered_as_moto_does_and_recorded")
        assert str(violation) == "sqs.CreateQueue: InvalidAttributeName: Unknown Attribute FifoQueue."


def test_checks_not_listed_stay_strict_in_a_lenient_mock():
    with mock_aws(lenient=True) as aws:
        with pytest.raises(ClientError) as raised:
            _sqs().create_queue(QueueName="q", Attributes={"Nonsense": "1"})
        assert raised.value.response["Error"]["Code"] == "InvalidAttributeName"
        assert list(aws.violations) == []


def test_deduplication_id_on_a_standard_queue_is_ignored_leniently():
    with mock_aws(lenient=True) as aws:
        sqs = _sqs()
        url = sqs.create_queue(QueueName="q")["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="a", MessageDeduplicationId="same")
        sqs.send_message(QueueUrl=url, MessageBody="b", MessageDeduplicationId="same")
        bodies = {m["Body"] for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]}
        assert bodies == {"a", "b"}  # a standard queue does not deduplicate
        assert [v.check for v in aws.violations] == ["sqs.deduplication-id-on-standard-queue"] * 2


def test_fifo_only_attribute_on_a_standard_queue_is_ignored_leniently():
    with mock_aws(lenient=True) as aws:
        url = _sqs().create_queue(QueueName="q", Attributes={"ContentBasedDeduplication": "true"})["QueueUrl"]
        attributes = _sqs().get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        assert "ContentBasedDeduplication" not in attributes
        assert [v.code for v in aws.violations] == ["InvalidAttributeName"]


def test_purge_within_the_interval():
    with mock_aws(lenient=True) as aws:
        sqs = _sqs()
        url = sqs.create_queue(QueueName="q")["QueueUrl"]
        sqs.purge_queue(QueueUrl=url)
        sqs.send_message(QueueUrl=url, MessageBody="after the first purge")
        sqs.purge_queue(QueueUrl=url)
        assert "Messages" not in sqs.receive_message(QueueUrl=url)  # purged again, as moto does
        assert [v.code for v in aws.violations] == ["AWS.SimpleQueueService.PurgeQueueInProgress"]


def test_empty_event_pattern_matches_every_event_leniently():
    with mock_aws(lenient=True) as aws:
        events = boto3.client("events", region_name="us-east-1")
        events.put_rule(Name="all", EventPattern="{}")
        event = '{"id": "1", "source": "a", "detail-type": "b", "account": "123456789012", "time": "2024-01-01T00:00:00Z", "region": "us-east-1", "resources": [], "detail": {}}'
        assert events.test_event_pattern(EventPattern="{}", Event=event)["Result"] is True
        assert [v.operation for v in aws.violations] == ["PutRule", "TestEventPattern"]
    with mock_aws():
        with pytest.raises(ClientError) as raised:
            boto3.client("events", region_name="us-east-1").put_rule(Name="all", EventPattern="{}")
        assert raised.value.response["Error"]["Code"] == "InvalidEventPatternException"


def test_an_inner_activation_sets_leniency_until_it_exits():
    with mock_aws() as aws:
        url = _sqs().create_queue(QueueName="q")["QueueUrl"]
        _sqs().purge_queue(QueueUrl=url)
        with mock_aws(lenient=True):
            _sqs().purge_queue(QueueUrl=url)
        with pytest.raises(ClientError):
            _sqs().purge_queue(QueueUrl=url)
        assert len(aws.violations) == 1


def test_listeners_hear_every_violation():
    heard: list[leniency.Violation] = []
    leniency.listeners.append(heard.append)
    try:
        with mock_aws(lenient=True):
            url = _sqs().create_queue(QueueName="q")["QueueUrl"]
            _sqs().purge_queue(QueueUrl=url)
            _sqs().purge_queue(QueueUrl=url)
    finally:
        leniency.listeners.remove(heard.append)
    assert [v.check for v in heard] == ["sqs.purge-interval"]


# -- limits ---------------------------------------------------------------------------


def test_purge_interval_limit():
    with mock_aws(limits={"sqs.purge_interval": 0}) as aws:
        url = _sqs().create_queue(QueueName="q")["QueueUrl"]
        _sqs().purge_queue(QueueUrl=url)
        _sqs().purge_queue(QueueUrl=url)
        assert list(aws.violations) == []  # a limit the test set is its choice, not a violation
    with mock_aws(limits={"sqs.purge_interval": 10}) as aws:
        url = _sqs().create_queue(QueueName="q")["QueueUrl"]
        _sqs().purge_queue(QueueUrl=url)
        aws.advance(9)
        with pytest.raises(ClientError):
            _sqs().purge_queue(QueueUrl=url)
        aws.advance(1)
        _sqs().purge_queue(QueueUrl=url)


def test_deduplication_window_limit():
    def received(limits):
        with mock_aws(limits=limits) as aws:
            sqs = _sqs()
            url = sqs.create_queue(QueueName="q.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
            sqs.send_message(QueueUrl=url, MessageBody="a", MessageGroupId="g", MessageDeduplicationId="d")
            aws.advance(30)
            sqs.send_message(QueueUrl=url, MessageBody="a", MessageGroupId="g", MessageDeduplicationId="d")
            return len(sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []))

    assert received(None) == 1  # AWS's five minutes
    assert received({"sqs.deduplication_window": 10}) == 2


@pytest.mark.parametrize(
    ("limits", "problem"),
    [({"sqs.purge": 0}, "unknown limit 'sqs.purge'"), ({"sqs.purge_interval": -1}, "non-negative"), ({"sqs.purge_interval": "0"}, "non-negative")],
)
def test_bad_limits_are_refused_when_the_mock_is_made(limits, problem):
    with pytest.raises(ValueError, match=problem):
        mock_aws(limits=limits)


# -- the docs --------------------------------------------------------------------------


def test_docs_list_every_lenient_check_and_limit():
    text = (Path(__file__).parents[2] / "docs" / "moto.md").read_text(encoding="utf-8")
    documented_checks = set(re.findall(r"^\| `([a-z0-9]+\.[a-z0-9-]+)` \|", text, re.M))
    documented_limits = set(re.findall(r"^\| `([a-z0-9]+\.[a-z0-9_]+)` \| [0-9]", text, re.M))
    assert documented_checks == set(leniency.CHECKS)
    assert documented_limits == set(leniency.LIMITS)


def test_bucket_name_aws_refuses_is_created_leniently():
    with mock_aws(lenient=True) as aws:
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="My_Bucket")
        s3.put_object(Bucket="My_Bucket", Key="k", Body=b"v")
        assert s3.get_object(Bucket="My_Bucket", Key="k")["Body"].read() == b"v"
        assert [(v.check, v.code) for v in aws.violations] == [("s3.bucket-name", "InvalidBucketName")]


def test_a_bucket_handed_to_moto_is_audited_before_it_goes():
    """With moto underneath, S3 is moto's whole: eventmock audits what it hands over."""
    moto = pytest.importorskip("moto")
    with moto.mock_aws(), mock_aws(lenient=True) as aws:
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="My_Bucket")  # moto accepts it
        s3.create_bucket(Bucket="fine-bucket")
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["My_Bucket", "fine-bucket"]
        [violation] = aws.violations
        assert (violation.check, violation.operation, violation.parameters["Bucket"]) == ("s3.bucket-name", "CreateBucket", "My_Bucket")


def test_a_shard_count_on_an_on_demand_stream_is_kept_leniently():
    with mock_aws(lenient=True) as aws:
        kinesis = boto3.client("kinesis", region_name="us-east-1")
        kinesis.create_stream(StreamName="s", ShardCount=2, StreamModeDetails={"StreamMode": "ON_DEMAND"})
        summary = kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]
        assert (summary["StreamModeDetails"]["StreamMode"], summary["OpenShardCount"]) == ("ON_DEMAND", 2)
        assert [(v.check, v.code) for v in aws.violations] == [("kinesis.shard-count-on-demand", "InvalidArgumentException")]
    with mock_aws(), pytest.raises(ClientError):  # strict by default
        boto3.client("kinesis", region_name="us-east-1").create_stream(StreamName="s", ShardCount=2, StreamModeDetails={"StreamMode": "ON_DEMAND"})
