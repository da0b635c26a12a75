"""A scheduled EventBridge rule under freezegun: `rate(1 hour)` into an SQS queue. The
rule runs on the mock's clock, so the test moves the clock instead of waiting: with
freezegun's `frozen.tick(...)`, or with `aws.advance(...)`.

Needs freezegun (in eventmock's test extras: `pip install ".[test]"`).

    python examples/scheduled_rule.py
"""

from __future__ import annotations

import datetime as dt
import json

import boto3
from freezegun import freeze_time

from eventmock import mock_aws

REGION = "us-east-1"


def main() -> None:
    with freeze_time("2026-06-01T09:00:00Z") as frozen, mock_aws() as aws:
        events = boto3.client("events", region_name=REGION)
        sqs = boto3.client("sqs", region_name=REGION)
        queue_url = sqs.create_queue(QueueName="hourly")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

        rule_arn = events.put_rule(Name="hourly", ScheduleExpression="rate(1 hour)")["RuleArn"]
        events.put_targets(Rule="hourly", Targets=[{"Id": "queue", "Arn": queue_arn}])

        def times() -> list[str]:
            """The `time` of every event in the queue (reading runs what is due)."""
            return [json.loads(m.body)["time"] for m in aws.sqs.messages(queue_arn)]

        assert times() == []  # the first run is one period after PutRule
        frozen.tick(dt.timedelta(minutes=59))
        assert times() == []
        frozen.tick(dt.timedelta(minutes=1))
        assert times() == ["2026-06-01T10:00:00Z"]

        # three more hours pass while nothing calls the mock: each run happens at its
        # own time, when the next call (here, receive_message) is made
        frozen.tick(dt.timedelta(hours=3))
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
        bodies = sorted((json.loads(m["Body"]) for m in messages), key=lambda e: e["time"])
        assert [b["time"] for b in bodies] == [
            "2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", "2026-06-01T12:00:00Z", "2026-06-01T13:00:00Z"]
        assert {(b["source"], b["detail-type"]) for b in bodies} == {("aws.events", "Scheduled Event")}
        assert bodies[0]["resources"] == [rule_arn]

        # without freezegun, or on top of it: move the mock's clock yourself
        aws.advance(dt.timedelta(hours=2))
        assert times()[-2:] == ["2026-06-01T14:00:00Z", "2026-06-01T15:00:00Z"]

        # a disabled rule does not run
        events.disable_rule(Name="hourly")
        aws.advance(dt.timedelta(days=1))
        assert len(times()) == 6
    print("scheduled_rule: 6 hourly runs, each at its own time, none while disabled")


if __name__ == "__main__":
    main()
