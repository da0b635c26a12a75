"""End to end: credentials from AssumeRole act in the role's account, so a cross-account
EventBridge setup needs no hand-made 12-digit keys."""

from __future__ import annotations

import json

from eventmock import DEFAULT_ACCOUNT_ID

ROLE_ACCOUNT = "111111111111"


def test_assumed_role_receives_events_on_its_accounts_bus(sts, boto3_session, client_for):
    credentials = sts.assume_role(RoleArn=f"arn:aws:iam::{ROLE_ACCOUNT}:role/ops", RoleSessionName="setup")["Credentials"]

    def theirs(service):
        return boto3_session.client(
            service,
            region_name="us-east-1",
            aws_access_key_id=credentials["AccessKeyId"],
            aws_secret_access_key=credentials["SecretAccessKey"],
            aws_session_token=credentials["SessionToken"],
        )

    their_events, their_sqs = theirs("events"), theirs("sqs")
    bus_arn = their_events.create_event_bus(Name="inbox")["EventBusArn"]
    assert bus_arn == f"arn:aws:events:us-east-1:{ROLE_ACCOUNT}:event-bus/inbox"
    queue_url = their_sqs.create_queue(QueueName="orders")["QueueUrl"]
    queue_arn = their_sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    assert queue_arn == f"arn:aws:sqs:us-east-1:{ROLE_ACCOUNT}:orders"
    for bus in ("inbox", "default"):
        their_events.put_rule(Name="orders", EventBusName=bus, EventPattern=json.dumps({"source": ["shop"]}))
        their_events.put_targets(Rule="orders", EventBusName=bus, Targets=[{"Id": "q", "Arn": queue_arn}])

    # the default account forwards to the role account's bus
    events = client_for("events")
    events.put_rule(Name="forward", EventPattern=json.dumps({"source": ["shop"]}))
    role = f"arn:aws:iam::{DEFAULT_ACCOUNT_ID}:role/forwarder"
    events.put_targets(Rule="forward", Targets=[{"Id": "bus", "Arn": bus_arn, "RoleArn": role}])
    events.put_events(Entries=[{"Source": "shop", "DetailType": "OrderPlaced", "Detail": json.dumps({"n": 1})}])
    # and the role's own client puts an event on its account's default bus
    their_events.put_events(Entries=[{"Source": "shop", "DetailType": "OrderPlaced", "Detail": json.dumps({"n": 2})}])

    messages = their_sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
    received = [json.loads(m["Body"]) for m in messages]
    assert [(e["detail"]["n"], e["account"]) for e in received] == [(1, DEFAULT_ACCOUNT_ID), (2, ROLE_ACCOUNT)]
    assert client_for("sqs").list_queues().get("QueueUrls", []) == []
