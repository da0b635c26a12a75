"""DynamoDB Streams sources for Lambda event source mappings and EventBridge Pipes,
read from moto's DynamoDB underneath: a change to a table in moto reaches the consumer
before the next call into the mock is answered (or in ``aws.run_due()``). Without a
mock underneath, such a source is not emulated."""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.exceptions import ClientError

moto = pytest.importorskip("moto")

import eventmock  # noqa: E402
from eventmock import NotEmulatedError, mock_aws  # noqa: E402

REGION = "us-east-1"
ACCOUNT = "123456789012"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:worker"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/pipe"
NOWHERE = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/missing/stream/2026-01-01T00:00:00.000"


def client(service: str):
    return boto3.client(service, region_name=REGION)


def make_table(name: str = "orders", view: str = "NEW_AND_OLD_IMAGES") -> str:
    described = client("dynamodb").create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": view},
    )
    arn: str = described["TableDescription"]["LatestStreamArn"]
    return arn


def put(item_id: str, table: str = "orders", **attributes: str) -> None:
    item = {"id": {"S": item_id}, **{k: {"S": v} for k, v in attributes.items()}}
    client("dynamodb").put_item(TableName=table, Item=item)


def make_queue(name: str) -> tuple[str, str]:
    sqs = client("sqs")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url, arn


def received(url: str) -> list[dict]:
    messages = client("sqs").receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    return [json.loads(m["Body"]) for m in messages]


@pytest.fixture
def calls(both):
    events: list[dict] = []
    eventmock.register_lambda(FUNCTION, lambda event, context: events.append(event))
    return events


# -- event source mappings ------------------------------------------------------------


def test_put_item_reaches_the_function_as_an_insert_record(both, calls):
    stream = make_table()
    lam = client("lambda")
    mapping = lam.create_event_source_mapping(EventSourceArn=stream, FunctionName="worker", StartingPosition="TRIM_HORIZON")
    assert mapping["State"] == "Creating"
    assert mapping["BatchSize"] == 100
    assert mapping["StartingPosition"] == "TRIM_HORIZON"
    assert mapping["MaximumRetryAttempts"] == -1
    put("o-1", kind="order")
    assert calls == []  # moto answered put_item; the stream is read before the next call
    assert lam.get_event_source_mapping(UUID=mapping["UUID"])["State"] == "Enabled"
    [event] = calls
    [record] = event["Records"]
    assert record["eventName"] == "INSERT"
    assert record["eventSource"] == "aws:dynamodb"
    assert record["eventSourceARN"] == stream
    assert record["awsRegion"] == REGION
    assert record["eventID"] and record["eventVersion"]
    block = record["dynamodb"]
    assert block["Keys"] == {"id": {"S": "o-1"}}
    assert block["NewImage"] == {"id": {"S": "o-1"}, "kind": {"S": "order"}}
    assert "OldImage" not in block
    assert block["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert block["SequenceNumber"].isdigit() and block["SizeBytes"] > 0
    assert isinstance(block["ApproximateCreationDateTime"], int)

    put("o-1", kind="refund")
    client("dynamodb").delete_item(TableName="orders", Key={"id": {"S": "o-1"}})
    both.run_due()
    # (read before each call: in the fast path the delete_item call reads the MODIFY)
    modify, remove = [r for e in calls[1:] for r in e["Records"]]
    assert (modify["eventName"], remove["eventName"]) == ("MODIFY", "REMOVE")
    assert modify["dynamodb"]["OldImage"]["kind"] == {"S": "order"}
    assert modify["dynamodb"]["NewImage"]["kind"] == {"S": "refund"}
    assert "NewImage" not in remove["dynamodb"]
    assert int(modify["dynamodb"]["SequenceNumber"]) < int(remove["dynamodb"]["SequenceNumber"])


def test_latest_reads_only_what_comes_after_the_mapping(both, calls):
    stream = make_table()
    put("before")
    client("lambda").create_event_source_mapping(EventSourceArn=stream, FunctionName="worker", StartingPosition="LATEST")
    put("after")
    both.run_due()
    assert [r["dynamodb"]["Keys"]["id"]["S"] for e in calls for r in e["Records"]] == ["after"]


def test_batch_size_filters_and_a_disabled_mapping(both, calls):
    stream = make_table()
    lam = client("lambda")
    mapping = lam.create_event_source_mapping(
        EventSourceArn=stream,
        FunctionName="worker",
        StartingPosition="TRIM_HORIZON",
        BatchSize=2,
        FilterCriteria={"Filters": [{"Pattern": json.dumps({"eventName": ["INSERT"], "dynamodb": {"NewImage": {"kind": {"S": ["order"]}}}})}]},
    )
    for i in range(5):
        put(f"o-{i}", kind="order" if i != 2 else "refund")
    both.run_due()
    # as for Kinesis: each read of BatchSize records is filtered, then handed on
    assert [[r["dynamodb"]["Keys"]["id"]["S"] for r in e["Records"]] for e in calls] == [["o-0", "o-1"], ["o-3"], ["o-4"]]
    lam.update_event_source_mapping(UUID=mapping["UUID"], Enabled=False)
    both.run_due()
    put("o-5", kind="order")
    both.run_due()
    assert len(calls) == 3
    lam.update_event_source_mapping(UUID=mapping["UUID"], Enabled=True)
    both.run_due()
    assert calls[-1]["Records"][0]["dynamodb"]["Keys"] == {"id": {"S": "o-5"}}


def test_a_failing_function_is_retried_then_the_batch_goes_to_the_destination(both):
    stream = make_table()
    dlq_url, dlq_arn = make_queue("failures")
    attempts: list[list[str]] = []

    def handler(event, context):
        attempts.append([r["dynamodb"]["Keys"]["id"]["S"] for r in event["Records"]])
        raise RuntimeError("boom")

    eventmock.register_lambda(FUNCTION, handler)
    client("lambda").create_event_source_mapping(
        EventSourceArn=stream,
        FunctionName="worker",
        StartingPosition="TRIM_HORIZON",
        MaximumRetryAttempts=1,
        DestinationConfig={"OnFailure": {"Destination": dlq_arn}},
    )
    put("a")
    put("b")
    both.run_due()
    assert attempts == [["a", "b"]]
    both.advance(1)  # retried one second later on the mock's clock
    assert attempts == [["a", "b"], ["a", "b"]]
    [failure] = received(dlq_url)
    assert failure["requestContext"]["condition"] == "RetryAttemptsExhausted"
    info = failure["DDBStreamBatchInfo"]
    assert info["streamArn"] == stream and info["batchSize"] == 2
    put("c")
    both.run_due()
    assert attempts[-1] == ["c"]  # the shard moved on


def test_partial_batch_response_and_bisection(both):
    stream = make_table()
    seen: list[list[str]] = []

    def handler(event, context):
        ids = [r["dynamodb"]["Keys"]["id"]["S"] for r in event["Records"]]
        seen.append(ids)
        failed = [r["dynamodb"]["SequenceNumber"] for r in event["Records"] if r["dynamodb"]["Keys"]["id"]["S"] == "b"]
        if len(seen) == 1:
            return {"batchItemFailures": [{"itemIdentifier": s} for s in failed]}
        return {}

    eventmock.register_lambda(FUNCTION, handler)
    client("lambda").create_event_source_mapping(
        EventSourceArn=stream,
        FunctionName="worker",
        StartingPosition="TRIM_HORIZON",
        FunctionResponseTypes=["ReportBatchItemFailures"],
    )
    for key in "abc":
        put(key)
    both.run_due()
    both.advance(1)
    assert seen == [["a", "b", "c"], ["b", "c"]]  # checkpointed before the failed record


def test_mapping_errors(both, calls):
    lam = client("lambda")
    stream = make_table()
    with pytest.raises(ClientError) as excinfo:
        lam.create_event_source_mapping(EventSourceArn=NOWHERE, FunctionName="worker", StartingPosition="LATEST")
    assert excinfo.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert "Stream not found" in excinfo.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as excinfo:
        lam.create_event_source_mapping(EventSourceArn=stream, FunctionName="worker")
    assert excinfo.value.response["Error"]["Code"] == "InvalidParameterValueException"
    with pytest.raises(ClientError) as excinfo:
        lam.create_event_source_mapping(EventSourceArn=stream, FunctionName="worker", StartingPosition="AT_TIMESTAMP", StartingPositionTimestamp=0)
    assert excinfo.value.response["Error"]["Code"] == "InvalidParameterValueException"
    lam.create_event_source_mapping(EventSourceArn=stream, FunctionName="worker", StartingPosition="LATEST")
    with pytest.raises(ClientError) as excinfo:
        lam.create_event_source_mapping(EventSourceArn=stream, FunctionName="worker", StartingPosition="LATEST")
    assert excinfo.value.response["Error"]["Code"] == "ResourceConflictException"


def test_no_reader_no_polling(both, calls):
    stream = make_table()
    assert not both.store.pollers  # a call pays nothing for DynamoDB streams nobody reads
    lam = client("lambda")
    mapping = lam.create_event_source_mapping(EventSourceArn=stream, FunctionName="worker", StartingPosition="LATEST")
    assert list(both.store.pollers) == [stream]
    lam.delete_event_source_mapping(UUID=mapping["UUID"])
    assert not both.store.pollers
    put("x")
    both.run_due()
    assert calls == []


# -- pipes ----------------------------------------------------------------------------


def test_pipe_from_a_table_stream_with_a_filter_to_sqs(both):
    stream = make_table()
    url, arn = make_queue("orders")
    pipes = client("pipes")
    pipes.create_pipe(
        Name="new-orders",
        RoleArn=ROLE,
        Source=stream,
        Target=arn,
        SourceParameters={
            "DynamoDBStreamParameters": {"StartingPosition": "LATEST", "BatchSize": 10},
            "FilterCriteria": {"Filters": [{"Pattern": json.dumps({"eventName": ["INSERT"], "dynamodb": {"NewImage": {"kind": {"S": ["order"]}}}})}]},
        },
        TargetParameters={"InputTemplate": '{"id": <$.dynamodb.Keys.id.S>, "event": <$.eventName>}'},
    )
    assert pipes.describe_pipe(Name="new-orders")["CurrentState"] == "RUNNING"
    put("o-1", kind="order")
    put("r-1", kind="refund")
    put("o-1", kind="order")  # MODIFY: filtered out
    assert received(url) == [{"id": "o-1", "event": "INSERT"}]
    [delivered] = both.pipes.deliveries(pipes.describe_pipe(Name="new-orders")["Arn"])
    assert delivered == [{"id": "o-1", "event": "INSERT"}]


def test_pipe_records_as_pipes_gives_them_and_a_stopped_pipe(both):
    stream = make_table(view="KEYS_ONLY")
    url, arn = make_queue("changes")
    pipes = client("pipes")
    pipes.create_pipe(
        Name="changes",
        RoleArn=ROLE,
        Source=stream,
        Target=arn,
        SourceParameters={"DynamoDBStreamParameters": {"StartingPosition": "TRIM_HORIZON"}},
    )
    put("k-1")
    [record] = received(url)
    assert record["eventSource"] == "aws:dynamodb" and record["eventSourceARN"] == stream
    assert record["dynamodb"]["Keys"] == {"id": {"S": "k-1"}} and "NewImage" not in record["dynamodb"]
    pipes.stop_pipe(Name="changes")
    both.run_due()
    put("k-2")
    assert received(url) == []
    pipes.start_pipe(Name="changes")
    both.run_due()
    assert [r["dynamodb"]["Keys"]["id"]["S"] for r in received(url)] == ["k-2"]


def test_pipe_validation(both):
    stream = make_table()
    _, arn = make_queue("t")
    pipes = client("pipes")
    with pytest.raises(ClientError) as excinfo:
        pipes.create_pipe(Name="p1", RoleArn=ROLE, Source=stream, Target=arn)
    assert excinfo.value.response["Error"]["Code"] == "ValidationException"
    assert "DynamoDBStreamParameters" in excinfo.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as excinfo:
        pipes.create_pipe(
            Name="p2",
            RoleArn=ROLE,
            Source=stream,
            Target=arn,
            SourceParameters={"DynamoDBStreamParameters": {"StartingPosition": "LATEST"}, "SqsQueueParameters": {"BatchSize": 1}},
        )
    assert excinfo.value.response["Error"]["Code"] == "ValidationException"
    table_arn = stream.split("/stream/")[0]
    with pytest.raises(ClientError) as excinfo:
        pipes.create_pipe(
            Name="p3", RoleArn=ROLE, Source=table_arn, Target=arn, SourceParameters={"DynamoDBStreamParameters": {"StartingPosition": "LATEST"}}
        )
    assert excinfo.value.response["Error"]["Code"] == "ValidationException"
    pipes.create_pipe(
        Name="p4", RoleArn=ROLE, Source=NOWHERE, Target=arn, SourceParameters={"DynamoDBStreamParameters": {"StartingPosition": "LATEST"}}
    )
    described = pipes.describe_pipe(Name="p4")
    assert described["CurrentState"] == "CREATE_FAILED" and NOWHERE in described["StateReason"]


# -- without a mock underneath ----------------------------------------------------------


def test_without_a_mock_underneath_dynamodb_sources_are_not_emulated():
    with mock_aws():
        eventmock.register_lambda(FUNCTION, lambda event, context: None)
        with pytest.raises(NotEmulatedError, match="DynamoDB"):
            client("lambda").create_event_source_mapping(EventSourceArn=NOWHERE, FunctionName="worker", StartingPosition="LATEST")
        _, arn = make_queue("t")
        with pytest.raises(NotEmulatedError, match="dynamodb"):
            client("pipes").create_pipe(
                Name="p", RoleArn=ROLE, Source=NOWHERE, Target=arn, SourceParameters={"DynamoDBStreamParameters": {"StartingPosition": "LATEST"}}
            )


def test_pipe_dead_letter_of_a_failing_target(both):
    stream = make_table()
    dlq_url, dlq_arn = make_queue("pipe-dlq")

    def target(event, context):
        raise RuntimeError("down")

    eventmock.register_lambda(FUNCTION, target)
    client("pipes").create_pipe(
        Name="to-lambda",
        RoleArn=ROLE,
        Source=stream,
        Target=FUNCTION,
        SourceParameters={
            "DynamoDBStreamParameters": {"StartingPosition": "TRIM_HORIZON", "MaximumRetryAttempts": 0, "DeadLetterConfig": {"Arn": dlq_arn}}
        },
    )
    put("x")
    [dead] = received(dlq_url)
    assert dead["DDBStreamBatchInfo"]["streamArn"] == stream
    assert dead["DDBStreamBatchInfo"]["batchSize"] == 1
    assert dead["context"]["errorCode"] == "ERROR_FROM_TARGET"
