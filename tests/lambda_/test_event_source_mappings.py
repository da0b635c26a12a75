"""Lambda event source mappings: SQS queues and Kinesis streams feeding a callable."""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging

import boto3
import pytest
from botocore.exceptions import ClientError
from freezegun import freeze_time

from eventmock import register_lambda

REGION = "us-east-1"
ACCOUNT = "123456789012"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:worker"


@pytest.fixture
def aws(eventmock):
    return eventmock


@pytest.fixture
def lam(aws):
    return boto3.client("lambda", region_name=REGION)


@pytest.fixture
def sqs(aws):
    return boto3.client("sqs", region_name=REGION)


@pytest.fixture
def kinesis(aws):
    return boto3.client("kinesis", region_name=REGION)


@pytest.fixture
def calls(aws):
    """Events the bound function received."""
    received: list[dict] = []
    register_lambda(FUNCTION, lambda event, context: received.append(event))
    return received


def make_queue(sqs, name="jobs", **attributes):
    url = sqs.create_queue(QueueName=name, Attributes={k: str(v) for k, v in attributes.items()})["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url, arn


def counts(sqs, url):
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]), int(attributes["ApproximateNumberOfMessagesNotVisible"])


def error_of(excinfo):
    response = excinfo.value.response
    return response["Error"]["Code"], response["Error"]["Message"], response["ResponseMetadata"]["HTTPStatusCode"]


# -- control plane ---------------------------------------------------------------------


def test_create_answers_creating_then_enabled(lam, sqs, calls):
    _, arn = make_queue(sqs)
    created = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker")
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert created["State"] == "Creating"
    assert created["StateTransitionReason"] == "USER_INITIATED"
    assert created["BatchSize"] == 10
    assert created["MaximumBatchingWindowInSeconds"] == 0
    assert created["FunctionArn"] == FUNCTION
    assert created["FunctionResponseTypes"] == []
    assert created["EventSourceMappingArn"] == f"arn:aws:lambda:{REGION}:{ACCOUNT}:event-source-mapping:{created['UUID']}"
    assert isinstance(created["LastModified"], dt.datetime)
    got = lam.get_event_source_mapping(UUID=created["UUID"])
    assert got["State"] == "Enabled"
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_created_disabled_is_disabled_at_once(lam, sqs, calls):
    _, arn = make_queue(sqs)
    created = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", Enabled=False, BatchSize=1)
    assert created["State"] == "Disabled"
    updated = lam.update_event_source_mapping(UUID=created["UUID"], Enabled=True)
    assert updated["State"] == "Enabling"
    assert lam.get_event_source_mapping(UUID=created["UUID"])["State"] == "Enabled"
    assert lam.update_event_source_mapping(UUID=created["UUID"], Enabled=False)["State"] == "Disabling"
    assert lam.get_event_source_mapping(UUID=created["UUID"])["State"] == "Disabled"
    assert lam.update_event_source_mapping(UUID=created["UUID"], BatchSize=5)["State"] == "Updating"
    assert lam.get_event_source_mapping(UUID=created["UUID"])["BatchSize"] == 5


def test_kinesis_mapping_describes_stream_settings(lam, kinesis, calls):
    kinesis.create_stream(StreamName="clicks", ShardCount=1)
    stream_arn = kinesis.describe_stream_summary(StreamName="clicks")["StreamDescriptionSummary"]["StreamARN"]
    created = lam.create_event_source_mapping(EventSourceArn=stream_arn, FunctionName=FUNCTION, StartingPosition="LATEST")
    expected = {
        "BatchSize": 100,
        "BisectBatchOnFunctionError": False,
        "DestinationConfig": {"OnFailure": {}},
        "LastProcessingResult": "No records processed",
        "MaximumBatchingWindowInSeconds": 0,
        "MaximumRecordAgeInSeconds": -1,
        "MaximumRetryAttempts": -1,
        "ParallelizationFactor": 1,
        "StartingPosition": "LATEST",
        "State": "Creating",
        "StateTransitionReason": "User action",
        "TumblingWindowInSeconds": 0,
    }
    assert {k: created[k] for k in expected} == expected


def test_list_filters_and_pages(lam, sqs, calls):
    register_lambda(f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:other", lambda e, c: None)
    _, a = make_queue(sqs, "a")
    _, b = make_queue(sqs, "b")
    ua = lam.create_event_source_mapping(EventSourceArn=a, FunctionName="worker")["UUID"]
    ub = lam.create_event_source_mapping(EventSourceArn=b, FunctionName="worker")["UUID"]
    uc = lam.create_event_source_mapping(EventSourceArn=a, FunctionName="other")["UUID"]
    assert {m["UUID"] for m in lam.list_event_source_mappings()["EventSourceMappings"]} == {ua, ub, uc}
    assert {m["UUID"] for m in lam.list_event_source_mappings(EventSourceArn=a)["EventSourceMappings"]} == {ua, uc}
    assert {m["UUID"] for m in lam.list_event_source_mappings(FunctionName="worker")["EventSourceMappings"]} == {ua, ub}
    first = lam.list_event_source_mappings(MaxItems=2)
    rest = lam.list_event_source_mappings(Marker=first["NextMarker"])
    assert len(first["EventSourceMappings"]) == 2 and "NextMarker" not in rest
    assert len(rest["EventSourceMappings"]) == 1


def test_delete_answers_deleting_then_gone(lam, sqs, calls):
    _, arn = make_queue(sqs)
    uuid = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker")["UUID"]
    deleted = lam.delete_event_source_mapping(UUID=uuid)
    assert deleted["State"] == "Deleting"
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202
    with pytest.raises(lam.exceptions.ResourceNotFoundException) as excinfo:
        lam.get_event_source_mapping(UUID=uuid)
    assert error_of(excinfo) == ("ResourceNotFoundException", "The resource you requested does not exist.", 404)
    assert lam.list_event_source_mappings()["EventSourceMappings"] == []


def test_errors(lam, sqs, kinesis, calls):
    url, arn = make_queue(sqs)
    missing_queue = arn + "-missing"
    with pytest.raises(lam.exceptions.InvalidParameterValueException) as excinfo:
        lam.create_event_source_mapping(EventSourceArn=missing_queue, FunctionName="worker")
    assert error_of(excinfo) == (
        "InvalidParameterValueException",
        "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. "
        "SQS Error Message: The specified queue does not exist.",
        400,
    )
    stream_arn = f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/nope"
    with pytest.raises(lam.exceptions.InvalidParameterValueException) as excinfo:
        lam.create_event_source_mapping(EventSourceArn=stream_arn, FunctionName="worker", StartingPosition="LATEST")
    assert error_of(excinfo)[1] == f"Stream not found: {stream_arn}"
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="nobody")
    with pytest.raises(lam.exceptions.InvalidParameterValueException) as excinfo:
        lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", BatchSize=11)
    assert error_of(excinfo)[1] == "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10"
    for pattern in ["simple string", '{"body": "not a list"}']:
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as excinfo:
            lam.create_event_source_mapping(
                EventSourceArn=arn, FunctionName="worker", FilterCriteria={"Filters": [{"Pattern": pattern}]}
            )
        assert error_of(excinfo)[1] == "Invalid filter pattern definition."
    assert lam.list_event_source_mappings()["EventSourceMappings"] == []  # nothing was created
    uuid = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker")["UUID"]
    with pytest.raises(lam.exceptions.ResourceConflictException) as excinfo:
        lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker")
    assert error_of(excinfo) == (
        "ResourceConflictException",
        f'An event source mapping with SQS arn (" {arn} ") and function (" worker ") already exists. '
        f"Please update or delete the existing mapping with UUID {uuid}",
        409,
    )
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        lam.update_event_source_mapping(UUID=uuid, BatchSize=100)
    assert lam.get_event_source_mapping(UUID=uuid)["BatchSize"] == 10  # unchanged
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.update_event_source_mapping(UUID="00000000-0000-0000-0000-000000000000", BatchSize=1)
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.delete_event_source_mapping(UUID="00000000-0000-0000-0000-000000000000")


# -- SQS ------------------------------------------------------------------------------


def test_sqs_messages_reach_the_callable_in_lambda_s_record_format(lam, sqs, calls):
    url, arn = make_queue(sqs)
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker")
    sent = sqs.send_message(
        QueueUrl=url, MessageBody='{"id": 1}', MessageAttributes={"Author": {"DataType": "String", "StringValue": "Ada"}}
    )
    assert counts(sqs, url) == (0, 0)  # consumed and deleted before this call was answered
    [event] = calls
    [record] = event["Records"]
    assert record["messageId"] == sent["MessageId"]
    assert record["body"] == '{"id": 1}'
    assert record["md5OfBody"] == sent["MD5OfMessageBody"]
    assert record["md5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]
    assert record["messageAttributes"] == {
        "Author": {"stringValue": "Ada", "stringListValues": [], "binaryListValues": [], "dataType": "String"}
    }
    assert record["eventSource"] == "aws:sqs"
    assert record["eventSourceARN"] == arn
    assert record["awsRegion"] == REGION
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    assert set(record["attributes"]) == {"ApproximateReceiveCount", "SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp"}
    assert record["receiptHandle"]


def test_messages_waiting_before_the_mapping_are_consumed_in_batches(lam, sqs, calls):
    url, arn = make_queue(sqs)
    for i in range(25):
        sqs.send_message(QueueUrl=url, MessageBody=str(i))
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker")
    lam.list_event_source_mappings()
    assert [len(e["Records"]) for e in calls] == [10, 10, 5]
    assert [r["body"] for e in calls for r in e["Records"]] == [str(i) for i in range(25)]


def test_filter_deletes_what_does_not_match(lam, sqs, calls):
    url, arn = make_queue(sqs)
    lam.create_event_source_mapping(
        EventSourceArn=arn,
        FunctionName="worker",
        FilterCriteria={"Filters": [{"Pattern": json.dumps({"body": {"kind": ["order"]}})}]},
    )
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"kind": "order", "n": 1}))
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"kind": "refund"}))
    sqs.send_message(QueueUrl=url, MessageBody="not json")
    assert counts(sqs, url) == (0, 0)
    assert [json.loads(r["body"]) for e in calls for r in e["Records"]] == [{"kind": "order", "n": 1}]


def test_disabled_mapping_leaves_messages_and_resumes(lam, sqs, calls):
    url, arn = make_queue(sqs)
    uuid = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", Enabled=False)["UUID"]
    sqs.send_message(QueueUrl=url, MessageBody="waiting")
    assert counts(sqs, url) == (1, 0)
    assert calls == []
    lam.update_event_source_mapping(UUID=uuid, Enabled=True)
    assert counts(sqs, url) == (0, 0)
    assert [r["body"] for e in calls for r in e["Records"]] == ["waiting"]


def test_batching_window_waits_on_the_mock_clock(aws, lam, sqs, calls):
    url, arn = make_queue(sqs)
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", BatchSize=50, MaximumBatchingWindowInSeconds=5)
    for i in range(3):
        sqs.send_message(QueueUrl=url, MessageBody=str(i))
    assert calls == []
    aws.advance(5)
    assert [len(e["Records"]) for e in calls] == [3]


def test_failing_function_retries_after_visibility_timeout_then_dead_letters(aws, lam, sqs):
    dlq_url, dlq_arn = make_queue(sqs, "jobs-dlq")
    url, arn = make_queue(
        sqs, VisibilityTimeout=30, RedrivePolicy=json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2})
    )
    attempts: list[str] = []

    def fail(event, context):
        attempts.append(event["Records"][0]["attributes"]["ApproximateReceiveCount"])
        raise RuntimeError("boom")

    register_lambda(FUNCTION, fail)
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker")
    sqs.send_message(QueueUrl=url, MessageBody="doomed")
    assert counts(sqs, url) == (0, 1)  # in flight after the first failure
    aws.advance(29)
    assert attempts == ["1"]
    aws.advance(1)
    assert attempts == ["1", "2"]
    aws.advance(30)
    assert attempts == ["1", "2"]
    assert counts(sqs, url) == (0, 0)
    [moved] = sqs.receive_message(QueueUrl=dlq_url, AttributeNames=["All"])["Messages"]
    assert moved["Body"] == "doomed"
    assert moved["Attributes"]["DeadLetterQueueSourceArn"] == arn


def test_a_failing_batch_and_its_move_to_the_dead_letter_queue_are_logged(aws, lam, sqs, caplog):
    _, dlq_arn = make_queue(sqs, "jobs-dlq")
    url, arn = make_queue(sqs, VisibilityTimeout=30, RedrivePolicy=json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 1}))

    def fail(event, context):
        raise RuntimeError("boom")

    register_lambda(FUNCTION, fail)
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker")
    with caplog.at_level(logging.WARNING, logger="eventmock"):
        sqs.send_message(QueueUrl=url, MessageBody="doomed")
        aws.advance(30)
    failed, moved = [r for r in caplog.records if r.name == "eventmock.delivery"]
    assert failed.levelno == moved.levelno == logging.WARNING
    assert failed.getMessage().startswith(f"a batch from {arn} failed (ERROR_FROM_TARGET): RuntimeError: boom; ")
    assert failed.exc_info is not None and failed.exc_info[0] is RuntimeError
    assert moved.getMessage().startswith("moved message ") and moved.getMessage().endswith(f"to its dead-letter queue {dlq_arn} after 1 receives")


def test_report_batch_item_failures_returns_only_the_failed_message(aws, lam, sqs):
    dlq_url, dlq_arn = make_queue(sqs, "jobs-dlq")
    url, arn = make_queue(
        sqs, VisibilityTimeout=10, RedrivePolicy=json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2})
    )
    seen: list[list[str]] = []

    def partial(event, context):
        seen.append([r["body"] for r in event["Records"]])
        return {"batchItemFailures": [{"itemIdentifier": r["messageId"]} for r in event["Records"] if r["body"] == "bad"]}

    register_lambda(FUNCTION, partial)
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", FunctionResponseTypes=["ReportBatchItemFailures"])
    sqs.send_message_batch(
        QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": body} for i, body in enumerate(["ok-1", "bad", "ok-2"])]
    )
    assert counts(sqs, url) == (0, 1)  # only "bad" is left, in flight
    assert seen == [["ok-1", "bad", "ok-2"]]
    aws.advance(10)
    assert seen == [["ok-1", "bad", "ok-2"], ["bad"]]
    aws.advance(10)
    assert counts(sqs, url) == (0, 0)
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=dlq_url)["Messages"]] == ["bad"]


@pytest.mark.parametrize(
    "response",
    [{"batchItemFailures": [{"itemIdentifier": ""}]}, {"batchItemFailures": [{"foo": "x"}]}, "not an object"],
)
def test_invalid_partial_response_fails_the_whole_batch(aws, lam, sqs, response):
    url, arn = make_queue(sqs, VisibilityTimeout=10)
    register_lambda(FUNCTION, lambda event, context: response)
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", FunctionResponseTypes=["ReportBatchItemFailures"])
    sqs.send_message(QueueUrl=url, MessageBody="a")
    sqs.send_message(QueueUrl=url, MessageBody="b")
    assert counts(sqs, url) == (0, 2)


def test_delayed_message_is_consumed_when_it_becomes_available(aws, lam, sqs, calls):
    url, arn = make_queue(sqs)
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker")
    sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=60)
    assert calls == []
    aws.advance(60)
    assert [r["body"] for e in calls for r in e["Records"]] == ["later"]


# -- Kinesis ----------------------------------------------------------------------------


def make_stream(kinesis, name="clicks"):
    kinesis.create_stream(StreamName=name, ShardCount=1)
    return kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]


@pytest.mark.parametrize("position, expected", [("TRIM_HORIZON", ["old", "new"]), ("LATEST", ["new"])])
def test_kinesis_starting_position(lam, kinesis, calls, position, expected):
    arn = make_stream(kinesis)
    kinesis.put_record(StreamName="clicks", Data=b"old", PartitionKey="k")
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", StartingPosition=position)
    kinesis.put_record(StreamName="clicks", Data=b"new", PartitionKey="k")
    lam.list_event_source_mappings()
    assert [base64.b64decode(r["kinesis"]["data"]).decode() for e in calls for r in e["Records"]] == expected


def test_kinesis_at_timestamp(aws, lam, kinesis, calls):
    arn = make_stream(kinesis)
    kinesis.put_record(StreamName="clicks", Data=b"before", PartitionKey="k")
    aws.advance(10)
    since = aws.now()
    kinesis.put_record(StreamName="clicks", Data=b"after", PartitionKey="k")
    lam.create_event_source_mapping(
        EventSourceArn=arn, FunctionName="worker", StartingPosition="AT_TIMESTAMP", StartingPositionTimestamp=since
    )
    lam.list_event_source_mappings()
    assert [base64.b64decode(r["kinesis"]["data"]).decode() for e in calls for r in e["Records"]] == ["after"]


def test_kinesis_record_format(lam, kinesis, calls):
    arn = make_stream(kinesis)
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", StartingPosition="LATEST")
    put = kinesis.put_record(StreamName="clicks", Data=b'{"n": 1}', PartitionKey="p-1")
    lam.list_event_source_mappings()
    [record] = calls[0]["Records"]
    assert record["eventSource"] == "aws:kinesis"
    assert record["eventName"] == "aws:kinesis:record"
    assert record["eventVersion"] == "1.0"
    assert record["eventID"] == f"{put['ShardId']}:{put['SequenceNumber']}"
    assert record["eventSourceARN"] == arn
    assert record["awsRegion"] == REGION
    assert record["invokeIdentityArn"].startswith(f"arn:aws:iam::{ACCOUNT}:role/")
    kinesis_block = record["kinesis"]
    assert kinesis_block["data"] == base64.b64encode(b'{"n": 1}').decode()
    assert kinesis_block["partitionKey"] == "p-1"
    assert kinesis_block["sequenceNumber"] == put["SequenceNumber"]
    assert kinesis_block["kinesisSchemaVersion"] == "1.0"
    assert isinstance(kinesis_block["approximateArrivalTimestamp"], float)


def test_kinesis_failure_retries_then_goes_to_on_failure_destination(aws, lam, sqs, kinesis):
    arn = make_stream(kinesis)
    failed_url, failed_arn = make_queue(sqs, "failed")
    attempts = []

    def fail(event, context):
        attempts.append(len(event["Records"]))
        raise ValueError("nope")

    register_lambda(FUNCTION, fail)
    uuid = lam.create_event_source_mapping(
        EventSourceArn=arn,
        FunctionName="worker",
        StartingPosition="TRIM_HORIZON",
        MaximumRetryAttempts=2,
        DestinationConfig={"OnFailure": {"Destination": failed_arn}},
    )["UUID"]
    kinesis.put_record(StreamName="clicks", Data=b"x", PartitionKey="k")
    aws.run_due()
    assert attempts == [1]
    aws.advance(1)
    aws.advance(1)
    assert attempts == [1, 1, 1]
    aws.advance(10)
    assert attempts == [1, 1, 1]
    [message] = sqs.receive_message(QueueUrl=failed_url)["Messages"]
    body = json.loads(message["Body"])
    assert body["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert body["requestContext"]["functionArn"] == FUNCTION
    assert body["KinesisBatchInfo"]["batchSize"] == 1
    assert body["KinesisBatchInfo"]["streamArn"] == arn
    assert lam.get_event_source_mapping(UUID=uuid)["LastProcessingResult"] == "PROBLEM: Function call failed"


def test_kinesis_partial_failure_checkpoints_before_the_failed_record(aws, lam, kinesis):
    arn = make_stream(kinesis)
    batches: list[list[str]] = []

    def partial(event, context):
        data = [base64.b64decode(r["kinesis"]["data"]).decode() for r in event["Records"]]
        batches.append(data)
        failed = [r for r in event["Records"] if base64.b64decode(r["kinesis"]["data"]) == b"bad" and len(batches) == 1]
        return {"batchItemFailures": [{"itemIdentifier": r["kinesis"]["sequenceNumber"]} for r in failed]}

    register_lambda(FUNCTION, partial)
    lam.create_event_source_mapping(
        EventSourceArn=arn,
        FunctionName="worker",
        StartingPosition="TRIM_HORIZON",
        BatchSize=10,
        MaximumBatchingWindowInSeconds=1,
        FunctionResponseTypes=["ReportBatchItemFailures"],
    )
    kinesis.put_records(StreamName="clicks", Records=[{"Data": d, "PartitionKey": "k"} for d in (b"a", b"bad", b"c")])
    aws.advance(1)
    assert batches == [["a", "bad", "c"]]
    aws.advance(1)
    assert batches == [["a", "bad", "c"], ["bad", "c"]]


def test_kinesis_bisects_a_failing_batch(aws, lam, kinesis):
    arn = make_stream(kinesis)
    batches: list[list[bytes]] = []

    def fail_on_poison(event, context):
        batches.append([base64.b64decode(r["kinesis"]["data"]) for r in event["Records"]])
        if b"poison" in batches[-1]:
            raise ValueError("poison")

    register_lambda(FUNCTION, fail_on_poison)
    lam.create_event_source_mapping(
        EventSourceArn=arn,
        FunctionName="worker",
        StartingPosition="TRIM_HORIZON",
        BatchSize=4,
        MaximumBatchingWindowInSeconds=1,
        BisectBatchOnFunctionError=True,
        MaximumRetryAttempts=1,
    )
    kinesis.put_records(
        StreamName="clicks", Records=[{"Data": d, "PartitionKey": "k"} for d in (b"a", b"b", b"poison", b"d")]
    )
    for _ in range(6):
        aws.advance(1)
    assert batches == [
        [b"a", b"b", b"poison", b"d"],  # fails: the next attempt takes half
        [b"a", b"b"],  # succeeds
        [b"poison", b"d"],  # fails (the first retry of what is left)
        [b"poison"],  # fails again: retries spent, given up on
        [b"d"],
    ]


def test_kinesis_records_older_than_the_maximum_age_are_not_processed(aws, lam, sqs, kinesis, calls):
    arn = make_stream(kinesis)
    failed_url, failed_arn = make_queue(sqs, "failed")
    kinesis.put_record(StreamName="clicks", Data=b"stale", PartitionKey="k")
    aws.advance(120)
    kinesis.put_record(StreamName="clicks", Data=b"fresh", PartitionKey="k")
    lam.create_event_source_mapping(
        EventSourceArn=arn,
        FunctionName="worker",
        StartingPosition="TRIM_HORIZON",
        MaximumRecordAgeInSeconds=60,
        DestinationConfig={"OnFailure": {"Destination": failed_arn}},
    )
    lam.list_event_source_mappings()
    assert [base64.b64decode(r["kinesis"]["data"]) for e in calls for r in e["Records"]] == [b"fresh"]
    [message] = sqs.receive_message(QueueUrl=failed_url)["Messages"]
    assert json.loads(message["Body"])["requestContext"]["condition"] == "RecordAgeExceeded"


def test_kinesis_filter_matches_data_as_json(lam, kinesis, calls):
    arn = make_stream(kinesis)
    lam.create_event_source_mapping(
        EventSourceArn=arn,
        FunctionName="worker",
        StartingPosition="LATEST",
        FilterCriteria={"Filters": [{"Pattern": json.dumps({"data": {"page": ["home"]}})}, {"Pattern": json.dumps({"partitionKey": ["vip"]})}]},
    )
    kinesis.put_record(StreamName="clicks", Data=b'{"page": "home"}', PartitionKey="a")
    kinesis.put_record(StreamName="clicks", Data=b'{"page": "cart"}', PartitionKey="b")
    kinesis.put_record(StreamName="clicks", Data=b"not json", PartitionKey="vip")
    lam.list_event_source_mappings()
    assert [r["kinesis"]["partitionKey"] for e in calls for r in e["Records"]] == ["a", "vip"]


def test_disabled_kinesis_mapping_resumes_from_its_position(lam, kinesis, calls):
    arn = make_stream(kinesis)
    uuid = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", StartingPosition="LATEST")["UUID"]
    kinesis.put_record(StreamName="clicks", Data=b"1", PartitionKey="k")
    lam.update_event_source_mapping(UUID=uuid, Enabled=False)
    kinesis.put_record(StreamName="clicks", Data=b"2", PartitionKey="k")
    kinesis.put_record(StreamName="clicks", Data=b"3", PartitionKey="k")
    lam.list_event_source_mappings()
    assert len(calls) == 1
    lam.update_event_source_mapping(UUID=uuid, Enabled=True)
    lam.list_event_source_mappings()
    assert [base64.b64decode(r["kinesis"]["data"]) for e in calls for r in e["Records"]] == [b"1", b"2", b"3"]


def test_fifo_failure_holds_back_the_rest_of_its_group(aws, lam, sqs):
    url, arn = make_queue(sqs, "jobs.fifo", FifoQueue="true", ContentBasedDeduplication="true", VisibilityTimeout=10)
    seen: list[list[str]] = []

    def fail_a1_once(event, context):
        bodies = [r["body"] for r in event["Records"]]
        seen.append(bodies)
        if "a1" in bodies and len(seen) == 1:
            raise RuntimeError("first attempt fails")

    register_lambda(FUNCTION, fail_a1_once)
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", BatchSize=1)
    for body, group in (("a1", "a"), ("a2", "a"), ("b1", "b")):
        sqs.send_message(QueueUrl=url, MessageBody=body, MessageGroupId=group)
    lam.list_event_source_mappings()
    assert seen == [["a1"], ["b1"]]  # a2 waits behind a1, in flight
    aws.advance(10)
    assert seen == [["a1"], ["b1"], ["a1"], ["a2"]]
    assert counts(sqs, url) == (0, 0)
    assert seen[0] == ["a1"] and seen[-1] == ["a2"]


def test_handler_may_call_boto3(lam, sqs):
    url, arn = make_queue(sqs)
    out_url, _ = make_queue(sqs, "out")
    client = boto3.client("sqs", region_name=REGION)

    def forward(event, context):
        for record in event["Records"]:
            client.send_message(QueueUrl=out_url, MessageBody=record["body"].upper())

    register_lambda(FUNCTION, forward)
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker")
    sqs.send_message(QueueUrl=url, MessageBody="hi")
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=out_url)["Messages"]] == ["HI"]
    assert counts(sqs, url) == (0, 0)


def test_batch_size_over_the_model_maximum(lam, sqs, calls):
    _, arn = make_queue(sqs)
    with pytest.raises(ClientError) as excinfo:
        lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", BatchSize=10_001, MaximumBatchingWindowInSeconds=1)
    assert error_of(excinfo) == (
        "ValidationException",
        "1 validation error detected: Value '10001' at 'batchSize' failed to satisfy constraint: Member must have value less than or equal to 10000",
        400,
    )


@pytest.mark.parametrize(
    "params, message",
    [
        ({"StartingPosition": "LATEST"}, "StartingPosition is not valid for SQS event sources."),
        ({"MaximumRetryAttempts": 1}, "Unsupported MaximumRetryAttempts parameter for SQS event source."),
        ({"BisectBatchOnFunctionError": True}, "Unsupported BisectBatchOnFunctionError parameter for SQS event source."),
    ],
)
def test_stream_settings_on_an_sqs_source(lam, sqs, calls, params, message):
    _, arn = make_queue(sqs)
    with pytest.raises(lam.exceptions.InvalidParameterValueException) as excinfo:
        lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", **params)
    assert error_of(excinfo) == ("InvalidParameterValueException", message, 400)


def test_kinesis_needs_a_starting_position(lam, kinesis, calls):
    arn = make_stream(kinesis)
    with pytest.raises(lam.exceptions.InvalidParameterValueException) as excinfo:
        lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker")
    assert error_of(excinfo) == (
        "InvalidParameterValueException",
        "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.",
        400,
    )
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", StartingPosition="AT_TIMESTAMP")
    uuid = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", StartingPosition="LATEST")["UUID"]
    with pytest.raises(lam.exceptions.ResourceConflictException) as excinfo:
        lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", StartingPosition="LATEST")
    assert error_of(excinfo)[1] == (
        f'The event source arn (" {arn} ") and function (" worker ") provided mapping already exists. '
        f"Please update or delete the existing mapping with UUID {uuid}"
    )


def test_unknown_source_and_dynamodb_streams(lam, calls):
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        lam.create_event_source_mapping(EventSourceArn=f"arn:aws:sns:{REGION}:{ACCOUNT}:topic", FunctionName="worker")
    from eventmock import NotEmulatedError

    with pytest.raises(NotEmulatedError):
        lam.create_event_source_mapping(
            EventSourceArn=f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/t/stream/2026-01-01T00:00:00.000",
            FunctionName="worker",
            StartingPosition="LATEST",
        )


def test_update_moves_the_mapping_to_another_function(lam, sqs):
    first, second = [], []
    register_lambda(FUNCTION, lambda event, context: first.append(event))
    register_lambda(f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:other", lambda event, context: second.append(event))
    url, arn = make_queue(sqs)
    uuid = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker")["UUID"]
    updated = lam.update_event_source_mapping(UUID=uuid, FunctionName="other")
    assert updated["FunctionArn"].endswith(":function:other")
    sqs.send_message(QueueUrl=url, MessageBody="x")
    lam.list_event_source_mappings()
    assert (len(first), len(second)) == (0, 1)


def test_enum_members_outside_the_model(lam, sqs, kinesis, calls):
    _, arn = make_queue(sqs)
    with pytest.raises(ClientError) as excinfo:
        lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", FunctionResponseTypes=["Everything"])
    assert error_of(excinfo)[0::2] == ("ValidationException", 400)
    assert "functionResponseTypes" in error_of(excinfo)[1]
    stream = make_stream(kinesis)
    with pytest.raises(ClientError) as excinfo:
        lam.create_event_source_mapping(EventSourceArn=stream, FunctionName="worker", StartingPosition="NOW")
    assert error_of(excinfo)[0::2] == ("ValidationException", 400)
    assert lam.list_event_source_mappings()["EventSourceMappings"] == []


def test_sns_to_sqs_to_mapping(lam, sqs, calls):
    sns = boto3.client("sns", region_name=REGION)
    url, arn = make_queue(sqs)
    topic = sns.create_topic(Name="t")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker")
    sns.publish(TopicArn=topic, Message="hello")
    assert counts(sqs, url) == (0, 0)
    [record] = [r for e in calls for r in e["Records"]]
    assert json.loads(record["body"])["Message"] == "hello"


def test_zero_visibility_timeout_retries_on_the_next_call_not_in_a_loop(aws, lam, sqs):
    url, arn = make_queue(sqs, VisibilityTimeout=0)
    attempts = []

    def fail(event, context):
        attempts.append(event["Records"][0]["attributes"]["ApproximateReceiveCount"])
        raise RuntimeError("again")

    register_lambda(FUNCTION, fail)
    with freeze_time("2026-06-01T00:00:00Z"):
        lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker")
        sqs.send_message(QueueUrl=url, MessageBody="x")
        aws.run_due()
        assert attempts == ["1"]  # once, although it was visible again at once
        aws.run_due()  # the next call reads it again, although the frozen clock has not moved
        assert attempts == ["1", "2"]


def test_a_message_made_visible_again_is_read_by_the_next_call(aws, lam, sqs):
    url, arn = make_queue(sqs, VisibilityTimeout=60)
    handles = []

    def fail(event, context):
        handles.append(event["Records"][0]["receiptHandle"])
        raise RuntimeError("again")

    register_lambda(FUNCTION, fail)
    with freeze_time("2026-06-01T00:00:00Z"):
        lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker")
        sqs.send_message(QueueUrl=url, MessageBody="x")
        aws.run_due()
        assert len(handles) == 1 and counts(sqs, url) == (0, 1)  # in flight for 60 s
        sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=handles[0], VisibilityTimeout=0)
        aws.run_due()  # the frozen clock has not moved
        assert len(handles) == 2



def test_a_retry_waiting_for_the_next_call_holds_back_no_other_message(aws, lam, sqs):
    """A failed message visible again at once waits for the next read, which the next
    call runs: a delayed message's read at its own time (12:01) is that next read."""
    url, arn = make_queue(sqs, VisibilityTimeout=0)
    seen = []

    def handler(event, context):
        for record in event["Records"]:
            seen.append((record["body"], aws.now().strftime("%H:%M")))
            if record["body"] == "bad":
                raise RuntimeError("bad")

    register_lambda(FUNCTION, handler)
    with freeze_time("2026-06-01T12:00:00Z") as frozen:
        lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", BatchSize=1)
        sqs.send_message(QueueUrl=url, MessageBody="bad")
        sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=60)
        aws.run_due()
        assert seen == [("bad", "12:00")]
        frozen.tick(dt.timedelta(minutes=2))
        aws.run_due()
    assert seen[1:] == [("bad", "12:01"), ("later", "12:01")]


def test_settings_of_other_sources_are_stored_and_described(lam, sqs, calls):
    """Every member of the model is taken; those eventmock does not act on are kept."""
    _, arn = make_queue(sqs)
    documentdb = {"DatabaseName": "db", "CollectionName": "cn", "FullDocument": "UpdateLookup"}
    created = lam.create_event_source_mapping(
        EventSourceArn=arn, FunctionName="worker", DocumentDBEventSourceConfig=documentdb, KMSKeyArn=f"arn:aws:kms:{REGION}:{ACCOUNT}:key/k"
    )
    assert created["DocumentDBEventSourceConfig"] == documentdb
    updated = lam.update_event_source_mapping(UUID=created["UUID"], KMSKeyArn=f"arn:aws:kms:{REGION}:{ACCOUNT}:key/other")
    got = lam.get_event_source_mapping(UUID=created["UUID"])
    assert updated["KMSKeyArn"] == got["KMSKeyArn"] == f"arn:aws:kms:{REGION}:{ACCOUNT}:key/other"
    assert got["DocumentDBEventSourceConfig"] == documentdb
    assert "Topics" not in got  # what was not given is not described


def test_a_mapping_is_tagged_by_its_arn(lam, sqs, calls):
    _, arn = make_queue(sqs)
    mapping = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="worker", Tags={"team": "a"})["EventSourceMappingArn"]
    lam.tag_resource(Resource=mapping, Tags={"env": "dev"})
    lam.untag_resource(Resource=mapping, TagKeys=["team"])
    assert lam.list_tags(Resource=mapping)["Tags"] == {"env": "dev"}
    missing = mapping.rsplit(":", 1)[0] + ":00000000-0000-0000-0000-000000000000"
    with pytest.raises(ClientError) as excinfo:
        lam.list_tags(Resource=missing)
    assert error_of(excinfo)[0::2] == ("ResourceNotFoundException", 404)
