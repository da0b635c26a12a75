"""The queue of due work: order, the clock during a callback, cancellation, and what
moves the clock (``aws.advance``, freezegun)."""

from __future__ import annotations

import datetime as dt
import logging

import boto3
import pytest
from freezegun import freeze_time

from eventmock import mock_aws
from eventmock.core import clock, shapes
from eventmock.core.store import Store

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _recorder(seen):
    def callback(when):
        seen.append((when, clock.now()))

    return callback


def test_work_runs_in_due_order_each_at_its_own_time():
    store, seen = Store(), []
    with freeze_time(T0) as frozen:
        for minutes in (3, 1, 2):
            store.due.at(T0 + dt.timedelta(minutes=minutes), _recorder(seen))
        store.due.at(T0 + dt.timedelta(minutes=9), _recorder(seen))
        assert store.run_due() == 0
        frozen.tick(dt.timedelta(minutes=5))
        assert store.run_due() == 3
        assert clock.now() == T0 + dt.timedelta(minutes=5)  # back to the real time
    assert [w for w, _ in seen] == [T0 + dt.timedelta(minutes=m) for m in (1, 2, 3)]
    assert all(when == now for when, now in seen)
    assert store.due.next_due() == T0 + dt.timedelta(minutes=9)


def test_work_registered_while_draining_runs_in_the_same_drain_if_due():
    store, seen = Store(), []

    def every_minute(when):
        seen.append(when)
        store.due.at(when + dt.timedelta(minutes=1), every_minute)

    with freeze_time(T0) as frozen:
        store.due.at(T0 + dt.timedelta(minutes=1), every_minute)
        frozen.tick(dt.timedelta(minutes=10, seconds=30))
        store.run_due()
    assert seen == [T0 + dt.timedelta(minutes=m) for m in range(1, 11)]
    assert store.due.next_due() == T0 + dt.timedelta(minutes=11)


def test_work_due_again_at_once_runs_on_the_next_call_at_that_call_s_time():
    store, seen = Store(), []

    def retry(when):
        seen.append(when)
        store.due.again(when, retry)  # a retry with no delay: never in this drain

    with freeze_time(T0) as frozen:
        store.due.at(T0, retry)
        assert store.run_due() == 1
        assert store.run_due() == 1  # the frozen clock has not moved: the next call runs it
        frozen.tick(dt.timedelta(minutes=1))
        assert store.run_due() == 1
    assert seen == [T0, T0, T0 + dt.timedelta(minutes=1)]


def test_work_due_again_later_runs_when_the_clock_reaches_it_even_in_the_same_drain():
    store, seen = Store(), []

    def retry(when):
        seen.append(when)
        if len(seen) < 3:
            store.due.again(when + dt.timedelta(seconds=1), retry)

    with freeze_time(T0) as frozen:
        store.due.at(T0, retry)
        assert store.run_due() == 1
        frozen.tick(dt.timedelta(seconds=5))
        assert store.run_due() == 2
    assert seen == [T0, T0 + dt.timedelta(seconds=1), T0 + dt.timedelta(seconds=2)]


def test_a_clock_gone_back_keeps_work_due_at_once_due_and_re_arms_recurring_work(caplog):
    store, seen = Store(), []
    rearmed = []
    with freeze_time(T0) as frozen:
        store.due.at(T0, _recorder(seen))  # due at once (a state change settling)
        store.due.at(T0 + dt.timedelta(hours=1), _recorder(seen))  # a one-off, later
        store.due.at(T0 + dt.timedelta(minutes=10), _recorder(seen), rearm=rearmed.append)  # recurring
        frozen.move_to(T0 - dt.timedelta(days=30))
        with caplog.at_level(logging.WARNING, logger="eventmock"):
            assert store.run_due() == 1
    back = T0 - dt.timedelta(days=30)
    assert seen == [(back, back)] and rearmed == [back]
    assert store.due.next_due() == T0 + dt.timedelta(hours=1)  # the recurring job was cancelled
    [warning] = caplog.records
    assert warning.levelno == logging.WARNING and "went back" in warning.getMessage()


def test_cancelled_work_does_not_run_and_reset_forgets_everything():
    store, seen = Store(), []
    with freeze_time(T0) as frozen:
        job = store.due.at(T0 + dt.timedelta(seconds=1), _recorder(seen))
        store.due.at(T0 + dt.timedelta(seconds=2), _recorder(seen))
        job.cancel()
        assert store.due.next_due() == T0 + dt.timedelta(seconds=2)
        store.reset()
        frozen.tick(dt.timedelta(seconds=5))
        assert store.run_due() == 0
    assert seen == [] and store.due.next_due() is None


@pytest.mark.internal_failure
@pytest.mark.parametrize("strict", [True, False])
def test_a_failing_callback_is_logged_with_its_traceback_and_the_drain_goes_on(strict, caplog):
    store, seen = Store(), []

    def boom(when):
        raise RuntimeError("bug")

    with freeze_time(T0) as frozen:
        store.due.at(T0 + dt.timedelta(seconds=1), boom)
        store.due.at(T0 + dt.timedelta(seconds=2), _recorder(seen))
        frozen.tick(dt.timedelta(seconds=3))
        shapes.set_strict(strict)
        try:
            with caplog.at_level(logging.ERROR, logger="eventmock"):
                assert store.run_due() == 2  # one policy in every mode: logged, never raised
        finally:
            shapes.set_strict(True)
    [record] = [r for r in caplog.records if r.name == "eventmock"]
    assert record.levelno == logging.ERROR and "boom" in record.getMessage()
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError
    assert len(seen) == 1


def test_advance_moves_the_mock_clock_and_runs_what_became_due():
    with mock_aws() as aws:
        start = aws.now()
        seen = []
        aws.store.due.at(start + dt.timedelta(hours=1), _recorder(seen))
        aws.advance(dt.timedelta(minutes=59))
        assert seen == []
        aws.advance(120)  # seconds
        assert [w for w, _ in seen] == [start.replace(microsecond=start.microsecond // 1000 * 1000) + dt.timedelta(hours=1)]
        assert aws.now() - start >= dt.timedelta(hours=1, minutes=1)
        # timestamps AWS answers with read the same clock
        sqs = boto3.client("sqs", region_name="us-east-1")
        url = sqs.create_queue(QueueName="q")["QueueUrl"]
        created = int(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["CreatedTimestamp"])["Attributes"]["CreatedTimestamp"])
        assert created >= int((start + dt.timedelta(hours=1)).timestamp())
    with mock_aws():
        assert abs(clock.now() - dt.datetime.now(UTC)) < dt.timedelta(seconds=5)  # offset gone with the mock


def test_under_freezegun_a_tick_then_any_call_runs_due_work():
    with freeze_time(T0) as frozen, mock_aws() as aws:
        seen = []
        aws.store.due.at(T0 + dt.timedelta(days=1), _recorder(seen))
        frozen.tick(dt.timedelta(days=2))
        assert seen == []  # nothing runs in the background
        boto3.client("sqs", region_name="us-east-1").list_queues()
        assert seen == [(T0 + dt.timedelta(days=1), T0 + dt.timedelta(days=1))]


@pytest.mark.parametrize("read", [lambda aws: aws.sqs, lambda aws: aws.run_due(), lambda aws: aws.backend("sqs")])
def test_reading_state_through_the_handle_runs_due_work(read):
    with freeze_time(T0) as frozen, mock_aws() as aws:
        seen = []
        aws.store.due.at(T0 + dt.timedelta(minutes=1), _recorder(seen))
        frozen.tick(dt.timedelta(minutes=1))
        read(aws)
        assert len(seen) == 1


def test_advance_moves_what_is_computed_from_the_clock_too():
    with mock_aws() as aws:
        sqs = boto3.client("sqs", region_name="us-east-1")
        url = sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "60"})["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=600)
        assert "Messages" not in sqs.receive_message(QueueUrl=url)
        aws.advance(dt.timedelta(minutes=10))
        (message,) = sqs.receive_message(QueueUrl=url)["Messages"]
        assert "Messages" not in sqs.receive_message(QueueUrl=url)  # in flight
        aws.advance(61)
        assert sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"] == "later"
