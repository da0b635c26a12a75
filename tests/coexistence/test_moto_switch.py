"""``pytest -p eventmock.moto``: a suite written the moto way runs on eventmock,
unedited, and the calls AWS would refuse are reported (run by pytester)."""

from __future__ import annotations

import pytest

pytest.importorskip("moto")

#: A plugin that imports moto's decorator when it loads, as pytest-moto-fixtures does.
PLUGIN = """
import boto3, pytest
from moto import mock_aws

@pytest.fixture
def queue_url():
    with mock_aws():
        yield boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="from-plugin")["QueueUrl"]
"""

SUITE = """
import unittest

import boto3
import pytest
from moto import mock_aws, mock_events, mock_s3, mock_sqs

import eventmock


@mock_sqs
def test_moto4_decorator_answers_from_eventmock():
    sqs = boto3.client("sqs", region_name="us-east-1")
    sqs.create_queue(QueueName="plain")
    # eventmock holds the queue: the handle shows it
    assert [q.name for q in eventmock.current().backend("sqs").queues.values()] == ["plain"]


@mock_sqs
def test_fifo_attribute_false_on_a_standard_queue():
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="standard", Attributes={"FifoQueue": "false"})["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert "FifoQueue" not in attributes


@mock_sqs
def test_deduplication_id_on_a_standard_queue():
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="standard")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="a", MessageDeduplicationId="d")
    assert sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"] == "a"


@mock_events
def test_empty_event_pattern():
    events = boto3.client("events", region_name="us-east-1")
    events.put_rule(Name="all", EventPattern="{}")


def test_context_manager_and_a_service_eventmock_does_not_emulate():
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name="us-east-1")
        assert dynamodb.list_tables()["TableNames"] == []


def test_fixture_of_a_plugin_that_imported_moto(queue_url):
    assert queue_url.endswith("/from-plugin")


class TestStartedInSetUpClass(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mock = mock_sqs()
        cls.mock.start()
        cls.url = boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="shared")["QueueUrl"]

    @classmethod
    def tearDownClass(cls):
        cls.mock.stop()

    def test_purge_twice(self):
        sqs = boto3.client("sqs", region_name="us-east-1")
        sqs.purge_queue(QueueUrl=self.url)
        sqs.purge_queue(QueueUrl=self.url)

    def test_state_from_set_up_class_is_seen(self):
        sqs = boto3.client("sqs", region_name="us-east-1")
        assert self.url in sqs.list_queues()["QueueUrls"]


@mock_aws
class TestDecoratedClass:
    def test_method_runs_in_a_mock(self):
        boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="in-class")
"""

LENIENT_TESTS = 4  # the tests above that make a call AWS refuses


@pytest.fixture
def suite(pytester):
    pytester.makepyfile(motoplugin=PLUGIN, test_suite=SUITE)
    pytester.makeconftest('pytest_plugins = ["motoplugin"]\n')
    return pytester


def test_a_moto_suite_passes_unedited_and_the_report_lists_what_aws_refuses(suite):
    result = suite.runpytest_subprocess("-p", "eventmock.moto", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=9)
    lines = result.stdout.lines
    assert any("eventmock: calls AWS would refuse" in line for line in lines)
    reported = {
        "sqs.CreateQueue [sqs.fifo-attribute-on-standard-queue]: InvalidAttributeName: Unknown Attribute FifoQueue.":
            "test_suite.py::test_fifo_attribute_false_on_a_standard_queue",
        "sqs.SendMessage [sqs.deduplication-id-on-standard-queue]: InvalidParameterValue: Value d for parameter "
        "MessageDeduplicationId is invalid. Reason: The request include parameter that is not valid for this queue type.":
            "test_suite.py::test_deduplication_id_on_a_standard_queue",
        "sqs.PurgeQueue [sqs.purge-interval]: AWS.SimpleQueueService.PurgeQueueInProgress: Only one PurgeQueue "
        "operation on shared is allowed every 60 seconds.": "test_suite.py::TestStartedInSetUpClass::test_purge_twice",
        "events.PutRule [events.empty-pattern]: InvalidEventPatternException: Event pattern is not valid. "
        "Reason: Empty objects are not allowed": "test_suite.py::test_empty_event_pattern",
    }
    for violation, test in reported.items():
        assert violation in lines
        assert lines[lines.index(violation) + 1].strip() == test  # the test that made the call, under it
    assert "4 calls; turn leniency off with --eventmock-strict once they are fixed" in lines


def test_strict_fails_exactly_the_tests_that_rely_on_moto_leniency(suite):
    result = suite.runpytest_subprocess("-p", "eventmock.moto", "--eventmock-strict", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=9 - LENIENT_TESTS, failed=LENIENT_TESTS)
    assert "calls AWS would refuse" not in result.stdout.str()


def test_without_the_switch_the_suite_runs_on_moto_alone(suite):
    # the same files, no option: moto 5 has no mock_sqs, which is what the switch adds
    result = suite.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*cannot import name 'mock_events' from 'moto'*"])


def test_replace_and_restore_outside_pytest():
    import boto3
    import moto

    import eventmock
    import eventmock.moto

    original = moto.mock_aws
    with eventmock.moto.replaced(limits={"sqs.purge_interval": 0}):
        assert moto.mock_aws is not original
        with moto.mock_kinesis() as aws:  # any moto 4 name
            assert eventmock.current() is aws
            sqs = boto3.client("sqs", region_name="us-east-1")
            url = sqs.create_queue(QueueName="q")["QueueUrl"]
            sqs.purge_queue(QueueUrl=url)
            sqs.purge_queue(QueueUrl=url)  # the limit the switch set
            assert list(aws.violations) == []
            # moto is underneath: what eventmock does not emulate, moto answers
            assert boto3.client("dynamodb", region_name="us-east-1").list_tables()["TableNames"] == []
    assert moto.mock_aws is original
    with pytest.raises(AttributeError):
        moto.mock_kinesis  # noqa: B018 - gone with the switch
