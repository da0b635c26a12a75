"""Matched events reaching their targets: Kinesis, Lambda, other event buses; input
forms; failures. (SQS and Firehose targets are tested with those services.)"""

from __future__ import annotations

import json
import logging

import pytest
from events_support import ACCOUNT, OTHER_ACCOUNT, entry

from eventmock import register_lambda

STREAM = f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/orders"
FUNCTION = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:on-order"


@pytest.fixture
def kinesis(boto3_session, eventmock):
    client = boto3_session.client("kinesis", region_name="us-east-1", aws_access_key_id=ACCOUNT, aws_secret_access_key="x")
    client.create_stream(StreamName="orders", ShardCount=2)
    return client


ROLE = f"arn:aws:iam::{ACCOUNT}:role/eventbridge-targets"


def rule_to(events, target, pattern=None, bus="default", name="r"):
    """A rule on ``bus`` sending what matches ``pattern`` to ``target`` (with the role
    AWS requires for Kinesis and event bus targets)."""
    if target["Arn"].split(":")[2] in ("kinesis", "events"):
        target = {"RoleArn": ROLE, **target}
    events.put_rule(Name=name, EventBusName=bus, EventPattern=json.dumps(pattern or {"source": ["shop"]}))
    events.put_targets(Rule=name, EventBusName=bus, Targets=[target])


def test_matched_event_lands_in_kinesis_keyed_by_event_id(eventmock, events, kinesis):
    rule_to(events, {"Id": "k", "Arn": STREAM})
    event_id = events.put_events(Entries=[entry({"order": 7})])["Entries"][0]["EventId"]
    [record] = eventmock.kinesis.records(STREAM)
    assert record.partition_key == event_id
    delivered = record.json()
    assert delivered["id"] == event_id
    assert delivered["detail"] == {"order": 7}
    assert (delivered["source"], delivered["detail-type"], delivered["account"]) == ("shop", "OrderPlaced", ACCOUNT)


def test_kinesis_partition_key_path(eventmock, events, kinesis):
    rule_to(events, {"Id": "k", "Arn": STREAM, "KinesisParameters": {"PartitionKeyPath": "$.detail.customer"}})
    events.put_events(Entries=[entry({"customer": "c-42"})])
    assert [r.partition_key for r in eventmock.kinesis.records(STREAM)] == ["c-42"]


def test_unmatched_and_disabled_rules_deliver_nothing(eventmock, events, kinesis):
    rule_to(events, {"Id": "k", "Arn": STREAM}, pattern={"source": ["elsewhere"]})
    rule_to(events, {"Id": "k", "Arn": STREAM}, name="off")
    events.disable_rule(Name="off")
    events.put_events(Entries=[entry()])
    assert eventmock.kinesis.records(STREAM) == []


@pytest.mark.parametrize(
    ("input_form", "expected"),
    [
        ({"Input": '{"constant": 1}'}, {"constant": 1}),
        ({"InputPath": "$.detail"}, {"order": 7, "customer": "c-1"}),
        (
            {"InputTransformer": {"InputPathsMap": {"o": "$.detail.order", "c": "$.detail.customer"}, "InputTemplate": '{"order": <o>, "who": "customer <c>"}'}},
            {"order": 7, "who": "customer c-1"},
        ),
    ],
)
def test_target_input_forms(eventmock, events, kinesis, input_form, expected):
    rule_to(events, {"Id": "k", "Arn": STREAM, **input_form})
    events.put_events(Entries=[entry({"order": 7, "customer": "c-1"})])
    assert [r.json() for r in eventmock.kinesis.records(STREAM)] == [expected]


def test_text_template_is_delivered_as_text(eventmock, events, kinesis):
    transformer = {"InputPathsMap": {"o": "$.detail.order"}, "InputTemplate": "order <o> placed by rule <aws.events.rule-name>"}
    rule_to(events, {"Id": "k", "Arn": STREAM, "InputTransformer": transformer})
    events.put_events(Entries=[entry({"order": 7})])
    assert [r.data for r in eventmock.kinesis.records(STREAM)] == [b"order 7 placed by rule r"]


def test_lambda_target_gets_the_event(events):
    received = []
    register_lambda(FUNCTION, lambda event, context: received.append((event, context.function_name)))
    rule_to(events, {"Id": "fn", "Arn": FUNCTION})
    event_id = events.put_events(Entries=[entry({"order": 1})])["Entries"][0]["EventId"]
    [(event, name)] = received
    assert (event["id"], event["detail"], name) == (event_id, {"order": 1}, "on-order")


def test_every_matched_target_gets_its_copy_in_order(eventmock, events, kinesis):
    order = []
    register_lambda(FUNCTION, lambda event, context: order.append(("lambda", event["detail"]["n"])))
    rule_to(events, {"Id": "a", "Arn": FUNCTION}, name="first")
    rule_to(events, {"Id": "b", "Arn": STREAM}, name="second")
    events.put_events(Entries=[entry({"n": 1}), entry({"n": 2})])
    assert order == [("lambda", 1), ("lambda", 2)]
    assert [r.json()["detail"]["n"] for r in eventmock.kinesis.records(STREAM)] == [1, 2]


def test_event_bus_target_reenters_that_bus(eventmock, events, kinesis):
    events.create_event_bus(Name="audit")
    audit_arn = f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/audit"
    rule_to(events, {"Id": "bus", "Arn": audit_arn})
    rule_to(events, {"Id": "k", "Arn": STREAM}, bus="audit", name="on-audit")
    event_id = events.put_events(Entries=[entry({"n": 1})])["Entries"][0]["EventId"]
    [record] = eventmock.kinesis.records(STREAM)
    assert record.json()["id"] == event_id  # the same event, not a copy with a new id


def test_cross_account_bus_target(eventmock, events, client_for, boto3_session):
    theirs = client_for(OTHER_ACCOUNT)
    theirs.create_event_bus(Name="inbox")
    inbox = f"arn:aws:events:us-east-1:{OTHER_ACCOUNT}:event-bus/inbox"
    their_stream = f"arn:aws:kinesis:us-east-1:{OTHER_ACCOUNT}:stream/in"
    boto3_session.client("kinesis", region_name="us-east-1", aws_access_key_id=OTHER_ACCOUNT, aws_secret_access_key="x").create_stream(
        StreamName="in", ShardCount=1
    )
    rule_to(theirs, {"Id": "k", "Arn": their_stream}, bus="inbox")
    rule_to(events, {"Id": "out", "Arn": inbox})
    event_id = events.put_events(Entries=[entry({"n": 1})])["Entries"][0]["EventId"]
    [record] = eventmock.kinesis.records(their_stream)
    assert record.json()["account"] == ACCOUNT  # the sender's account, as AWS keeps it
    assert record.json()["id"] == event_id  # within a Region, the same id (AWS's recording)


def test_an_event_crossing_into_another_region_gets_an_id_of_its_own(eventmock, events, boto3_session):
    # AWS's recorded cross-Region deliveries (LocalStack's test_events_cross_account_region):
    # a new id on the other Region's bus, the "region" still the one it was put in
    west = boto3_session.client("events", region_name="eu-west-1", aws_access_key_id=ACCOUNT, aws_secret_access_key="x")
    west.create_event_bus(Name="inbox")
    west_stream = f"arn:aws:kinesis:eu-west-1:{ACCOUNT}:stream/in"
    boto3_session.client("kinesis", region_name="eu-west-1", aws_access_key_id=ACCOUNT, aws_secret_access_key="x").create_stream(
        StreamName="in", ShardCount=1
    )
    rule_to(west, {"Id": "k", "Arn": west_stream}, bus="inbox")
    rule_to(events, {"Id": "out", "Arn": f"arn:aws:events:eu-west-1:{ACCOUNT}:event-bus/inbox"})
    event_id = events.put_events(Entries=[entry({"n": 1})])["Entries"][0]["EventId"]
    [record] = eventmock.kinesis.records(west_stream)
    arrived = record.json()
    assert arrived["id"] != event_id and len(arrived["id"]) == len(event_id)
    assert (arrived["region"], arrived["detail"]) == ("us-east-1", {"n": 1})


def test_cross_account_bus_target_granted_by_account_id_needs_no_role(eventmock, events, client_for, boto3_session):
    theirs = client_for(OTHER_ACCOUNT)
    theirs.create_event_bus(Name="inbox")
    theirs.put_permission(EventBusName="inbox", Action="events:PutEvents", Principal=ACCOUNT, StatementId="from-us")
    their_stream = f"arn:aws:kinesis:us-east-1:{OTHER_ACCOUNT}:stream/in"
    boto3_session.client("kinesis", region_name="us-east-1", aws_access_key_id=OTHER_ACCOUNT, aws_secret_access_key="x").create_stream(
        StreamName="in", ShardCount=1
    )
    rule_to(theirs, {"Id": "k", "Arn": their_stream}, bus="inbox")
    events.put_rule(Name="out", EventPattern=json.dumps({"source": ["shop"]}))
    inbox = f"arn:aws:events:us-east-1:{OTHER_ACCOUNT}:event-bus/inbox"
    events.put_targets(Rule="out", Targets=[{"Id": "out", "Arn": inbox}])  # no RoleArn
    events.put_events(Entries=[entry({"n": 1})])
    assert [r.json()["detail"] for r in eventmock.kinesis.records(their_stream)] == [{"n": 1}]


def test_bus_loops_stop(eventmock, events, kinesis):
    events.create_event_bus(Name="b")
    a_arn = f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/default"
    b_arn = f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/b"
    rule_to(events, {"Id": "to-b", "Arn": b_arn}, name="ab")
    rule_to(events, {"Id": "to-a", "Arn": a_arn}, bus="b", name="ba")
    rule_to(events, {"Id": "k", "Arn": STREAM}, bus="b", name="bk")
    events.put_events(Entries=[entry()])
    assert len(eventmock.kinesis.records(STREAM)) == 1
    [failure] = eventmock.backend("events", ACCOUNT).failed_deliveries
    assert failure.target_arn == a_arn and "loop" in failure.message


def test_third_account_hop_is_refused(eventmock, events, client_for):
    second, third = client_for(OTHER_ACCOUNT), client_for("333333333333")
    second.create_event_bus(Name="hop")
    third.create_event_bus(Name="end")
    rule_to(events, {"Id": "1", "Arn": f"arn:aws:events:us-east-1:{OTHER_ACCOUNT}:event-bus/hop"})
    rule_to(second, {"Id": "2", "Arn": "arn:aws:events:us-east-1:333333333333:event-bus/end"}, bus="hop")
    events.put_events(Entries=[entry()])
    [failure] = eventmock.backend("events", OTHER_ACCOUNT).failed_deliveries
    assert failure.code == "THIRD_ACCOUNT_HOP_DETECTED"


def test_failures_never_raise_out_of_put_events_and_are_recorded(eventmock, events):
    def broken(event, context):
        raise RuntimeError("handler bug")

    register_lambda(FUNCTION, broken)
    rule_to(events, {"Id": "fn", "Arn": FUNCTION})
    rule_to(events, {"Id": "gone", "Arn": f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/missing"}, name="r2")
    rule_to(events, {"Id": "sns", "Arn": f"arn:aws:sns:us-east-1:{ACCOUNT}:topic"}, name="r3")
    response = events.put_events(Entries=[entry()])
    assert response["FailedEntryCount"] == 0
    failures = eventmock.backend("events", ACCOUNT).failed_deliveries
    assert [(f.code, f.target_arn.split(":")[2]) for f in failures] == [
        ("ERROR_FROM_TARGET", "lambda"),
        ("NO_RESOURCE", "kinesis"),
        ("NO_RESOURCE", "sns"),
    ]
    assert "handler bug" in failures[0].message
    assert failures[0].event["source"] == "shop"
    assert all(f.dead_letter_arn is None for f in failures)


@pytest.fixture
def sqs(boto3_session, eventmock):
    return boto3_session.client("sqs", region_name="us-east-1", aws_access_key_id=ACCOUNT, aws_secret_access_key="x")


def queue_arn(sqs, name, **attributes):
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"], url


def test_sqs_target_receives_the_event_readable_with_receive_message(events, sqs):
    arn, url = queue_arn(sqs, "orders")
    rule_to(events, {"Id": "q", "Arn": arn})
    event_id = events.put_events(Entries=[entry({"order": 3})])["Entries"][0]["EventId"]
    [message] = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    body = json.loads(message["Body"])
    assert (body["id"], body["detail"]) == (event_id, {"order": 3})


def test_fifo_queue_target_keeps_order_within_the_group(eventmock, events, sqs):
    arn, url = queue_arn(sqs, "orders.fifo", FifoQueue="true")
    rule_to(events, {"Id": "q", "Arn": arn, "SqsParameters": {"MessageGroupId": "g1"}})
    events.put_events(Entries=[entry({"n": i}) for i in range(5)])
    messages = eventmock.sqs.messages(arn)
    assert [m.json()["detail"]["n"] for m in messages] == [0, 1, 2, 3, 4]
    assert {m.attributes["MessageGroupId"] for m in messages} == {"g1"}


def test_failed_delivery_goes_to_the_dead_letter_queue_with_aws_attributes(eventmock, events, sqs):
    dlq_arn, dlq_url = queue_arn(sqs, "dlq")
    missing = f"arn:aws:sqs:us-east-1:{ACCOUNT}:never-created"
    rule_to(events, {"Id": "q", "Arn": missing, "DeadLetterConfig": {"Arn": dlq_arn}})
    event_id = events.put_events(Entries=[entry()])["Entries"][0]["EventId"]
    [message] = sqs.receive_message(QueueUrl=dlq_url, MessageAttributeNames=["All"])["Messages"]
    assert json.loads(message["Body"])["id"] == event_id
    attributes = {k: v["StringValue"] for k, v in message["MessageAttributes"].items()}
    assert attributes["ERROR_CODE"] == "NO_RESOURCE"
    assert attributes["RULE_ARN"] == f"arn:aws:events:us-east-1:{ACCOUNT}:rule/r"
    assert attributes["TARGET_ARN"] == missing
    assert "ERROR_MESSAGE" in attributes
    [failure] = eventmock.backend("events", ACCOUNT).failed_deliveries
    assert failure.dead_letter_arn == dlq_arn


def test_a_missing_dead_letter_queue_leaves_the_failure_recorded(eventmock, events):
    rule_to(events, {"Id": "q", "Arn": f"arn:aws:sqs:us-east-1:{ACCOUNT}:gone", "DeadLetterConfig": {"Arn": f"arn:aws:sqs:us-east-1:{ACCOUNT}:dlq-gone"}})
    events.put_events(Entries=[entry()])
    [failure] = eventmock.backend("events", ACCOUNT).failed_deliveries
    assert failure.code == "NO_RESOURCE" and failure.dead_letter_arn is None


def test_cross_region_sqs_target(eventmock, events, boto3_session):
    west = boto3_session.client("sqs", region_name="eu-west-1", aws_access_key_id=ACCOUNT, aws_secret_access_key="x")
    arn, url = queue_arn(west, "far")
    assert ":eu-west-1:" in arn
    rule_to(events, {"Id": "q", "Arn": arn})
    events.put_events(Entries=[entry()])
    assert len(west.receive_message(QueueUrl=url)["Messages"]) == 1


def test_firehose_target_writes_to_s3(eventmock, events, boto3_session):
    s3 = boto3_session.client("s3", region_name="us-east-1", aws_access_key_id=ACCOUNT, aws_secret_access_key="x")
    firehose = boto3_session.client("firehose", region_name="us-east-1", aws_access_key_id=ACCOUNT, aws_secret_access_key="x")
    s3.create_bucket(Bucket="lake")
    stream_arn = firehose.create_delivery_stream(
        DeliveryStreamName="to-lake",
        S3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::lake", "Prefix": "events/"},
    )["DeliveryStreamARN"]
    rule_to(events, {"Id": "f", "Arn": stream_arn, "RoleArn": ROLE})
    events.put_events(Entries=[entry({"n": 1})])
    assert "Contents" not in s3.list_objects_v2(Bucket="lake")  # in the stream's buffer (300 s)
    eventmock.advance(300)
    [key] = [o["Key"] for o in s3.list_objects_v2(Bucket="lake")["Contents"]]
    assert key.startswith("events/")
    assert json.loads(s3.get_object(Bucket="lake", Key=key)["Body"].read())["detail"] == {"n": 1}


@pytest.mark.parametrize(
    "grant",
    [
        None,
        {"Principal": "*", "Condition": {"Type": "StringEquals", "Key": "aws:PrincipalOrgID", "Value": "o-1234567890"}},
        {"Principal": "444455556666"},
    ],
)
def test_cross_account_bus_target_without_role_or_account_grant_is_not_delivered(eventmock, events, client_for, grant):
    theirs = client_for(OTHER_ACCOUNT)
    theirs.create_event_bus(Name="inbox")
    if grant is not None:
        theirs.put_permission(EventBusName="inbox", Action="events:PutEvents", StatementId="s", **grant)
    events.put_rule(Name="out", EventPattern=json.dumps({"source": ["shop"]}))
    inbox = f"arn:aws:events:us-east-1:{OTHER_ACCOUNT}:event-bus/inbox"
    events.put_targets(Rule="out", Targets=[{"Id": "out", "Arn": inbox}])
    events.put_events(Entries=[entry()])
    [failure] = eventmock.backend("events", ACCOUNT).failed_deliveries
    assert (failure.target_arn, failure.code) == (inbox, "NO_PERMISSIONS")


# -- logging: a failed delivery leaves a trace -------------------------------------------


def _delivery_records(caplog):
    return [r for r in caplog.records if r.name == "eventmock.delivery"]


def test_a_handler_that_raises_is_logged_with_its_traceback(events, caplog):
    def handler(event, context):
        return event["missing"]  # KeyError

    register_lambda(FUNCTION, handler)
    rule_to(events, {"Id": "fn", "Arn": FUNCTION, "RetryPolicy": {"MaximumRetryAttempts": 0}})
    with caplog.at_level(logging.WARNING, logger="eventmock"):
        events.put_events(Entries=[entry()])
    failed, gave_up = _delivery_records(caplog)
    assert failed.levelno == logging.WARNING
    assert failed.getMessage() == f"delivery to {FUNCTION} failed (ERROR_FROM_TARGET): KeyError: 'missing'"
    assert failed.exc_info is not None and failed.exc_info[0] is KeyError
    assert 'return event["missing"]' in caplog.text  # the handler's own line, in the traceback
    assert gave_up.getMessage() == f"gave up delivering to {FUNCTION} (ERROR_FROM_TARGET); no dead-letter queue took it"


def test_an_unregistered_function_is_logged(events, caplog):
    rule_to(events, {"Id": "fn", "Arn": FUNCTION, "RetryPolicy": {"MaximumRetryAttempts": 0}})
    with caplog.at_level(logging.WARNING, logger="eventmock"):
        events.put_events(Entries=[entry()])
    failed = _delivery_records(caplog)[0]
    assert failed.levelno == logging.WARNING
    assert failed.getMessage().startswith(f"delivery to {FUNCTION} failed (NO_RESOURCE): ")


def test_a_template_that_renders_no_json_delivers_nothing_to_that_target(eventmock, events):
    # AWS sent nothing for a list inside a JSON string (LocalStack's AWS-validated
    # test_input_transformer_nested_keys_replacement_not_valid); the other target still gets it
    got = []
    register_lambda(FUNCTION, lambda event, context: got.append(event))
    other = FUNCTION + "-2"
    seen = []
    register_lambda(other, lambda event, context: seen.append(event))
    events.put_rule(Name="r", EventPattern=json.dumps({"source": ["shop"]}))
    transformer = {"InputPathsMap": {"l": "$.detail.list"}, "InputTemplate": '{"l": "<l>"}'}
    events.put_targets(Rule="r", Targets=[{"Id": "bad", "Arn": FUNCTION, "InputTransformer": transformer}, {"Id": "good", "Arn": other}])
    events.put_events(Entries=[entry({"list": ["a", "b"]})])
    assert got == [] and len(seen) == 1
    [failure] = eventmock.backend("events", account_id=ACCOUNT).failed_deliveries
    assert (failure.target_arn, failure.code) == (FUNCTION, "INVALID_JSON")
