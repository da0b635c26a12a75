"""Running pipes: source -> filter -> enrichment -> target, synchronously."""

from __future__ import annotations

import base64
import json

import pytest
from pipes_support import ACCOUNT, REGION, ROLE, bodies, counts, function_arn, make_queue

from eventmock import register_lambda


@pytest.fixture
def source(sqs):
    return make_queue(sqs, "source")


@pytest.fixture
def target(sqs):
    return make_queue(sqs, "target")


def send(sqs, url, *payloads):
    for payload in payloads:
        sqs.send_message(QueueUrl=url, MessageBody=payload if isinstance(payload, str) else json.dumps(payload))


def test_sqs_to_lambda_gets_the_filtered_batch_as_a_json_array(pipes, sqs, source):
    url, arn = source
    batches: list = []
    register_lambda(function_arn("sink"), lambda event, context: batches.append(event))
    pipes.create_pipe(
        Name="p",
        Source=arn,
        Target=function_arn("sink"),
        RoleArn=ROLE,
        SourceParameters={
            "FilterCriteria": {"Filters": [{"Pattern": json.dumps({"body": {"kind": ["order"]}})}]},
            "SqsQueueParameters": {"BatchSize": 2},
        },
    )
    send(sqs, url, {"kind": "order", "n": 1}, {"kind": "refund"}, {"kind": "order", "n": 2}, "plain text", {"kind": "order", "n": 3})
    assert counts(sqs, url) == (0, 0)  # matched or not, every message is gone
    assert [[json.loads(r["body"])["n"] for r in batch] for batch in batches] == [[1], [2], [3]]
    record = batches[0][0]
    assert record["eventSource"] == "aws:sqs"
    assert record["eventSourceARN"] == arn
    assert {"messageId", "receiptHandle", "body", "attributes", "messageAttributes", "md5OfBody", "awsRegion"} <= set(record)


def test_sqs_to_sqs_with_input_template(pipes, sqs, source, target):
    url, arn = source
    target_url, target_arn = target
    pipes.create_pipe(
        Name="p",
        Source=arn,
        Target=target_arn,
        RoleArn=ROLE,
        TargetParameters={"InputTemplate": '{"id": "<$.body.id>", "order": <$.body.order>, "pipe": "<aws.pipes.pipe-name>"}'},
    )
    send(sqs, url, {"id": 7, "order": {"items": [1, 2]}})
    [body] = bodies(sqs, target_url)
    assert json.loads(body) == {"id": "7", "order": {"items": [1, 2]}, "pipe": "p"}


def test_sqs_to_sqs_without_template_sends_the_whole_record(pipes, sqs, source, target):
    url, arn = source
    target_url, target_arn = target
    pipes.create_pipe(Name="p", Source=arn, Target=target_arn, RoleArn=ROLE)
    send(sqs, url, "hello")
    [body] = bodies(sqs, target_url)
    record = json.loads(body)
    assert record["body"] == "hello"
    assert record["eventSource"] == "aws:sqs"


def test_plain_text_template(pipes, sqs, source, target):
    url, arn = source
    target_url, target_arn = target
    pipes.create_pipe(
        Name="p", Source=arn, Target=target_arn, RoleArn=ROLE, TargetParameters={"InputTemplate": "Hello, <$.body.name>!"}
    )
    send(sqs, url, {"name": "Ada"})
    assert bodies(sqs, target_url) == ["Hello, Ada!"]


def test_stopped_pipe_leaves_messages_and_resumes_on_start(pipes, sqs, source, target):
    url, arn = source
    target_url, target_arn = target
    pipes.create_pipe(Name="p", Source=arn, Target=target_arn, RoleArn=ROLE)
    pipes.stop_pipe(Name="p")
    send(sqs, url, "one", "two")
    assert counts(sqs, url) == (2, 0)
    assert counts(sqs, target_url) == (0, 0)
    pipes.start_pipe(Name="p")
    assert counts(sqs, url) == (0, 0)
    assert sorted(json.loads(b)["body"] for b in bodies(sqs, target_url)) == ["one", "two"]


def test_deleted_pipe_consumes_nothing(pipes, sqs, source, target):
    url, arn = source
    pipes.create_pipe(Name="p", Source=arn, Target=target[1], RoleArn=ROLE)
    pipes.delete_pipe(Name="p")
    send(sqs, url, "left")
    assert counts(sqs, url) == (1, 0)


def test_failing_target_leaves_messages_for_the_queue_s_redrive(aws_handle, pipes, sqs):
    dlq_url, dlq_arn = make_queue(sqs, "dlq")
    url, arn = make_queue(
        sqs, "source", VisibilityTimeout=20, RedrivePolicy=json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2})
    )
    attempts = []

    def fail(event, context):
        attempts.append(len(event))
        raise RuntimeError("down")

    register_lambda(function_arn("sink"), fail)
    pipes.create_pipe(Name="p", Source=arn, Target=function_arn("sink"), RoleArn=ROLE)
    send(sqs, url, "x")
    assert counts(sqs, url) == (0, 1)
    aws_handle.advance(20)
    assert attempts == [1, 1]
    aws_handle.advance(20)
    assert counts(sqs, url) == (0, 0)
    assert bodies(sqs, dlq_url) == ["x"]


def test_lambda_target_partial_batch_failure(aws_handle, pipes, sqs):
    url, arn = make_queue(sqs, "source", VisibilityTimeout=5)

    def partial(event, context):
        return {"batchItemFailures": [{"itemIdentifier": r["messageId"]} for r in event if r["body"] == "bad"]}

    register_lambda(function_arn("sink"), partial)
    pipes.create_pipe(Name="p", Source=arn, Target=function_arn("sink"), RoleArn=ROLE)
    sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": b, "MessageBody": b} for b in ("good", "bad")])
    assert counts(sqs, url) == (0, 1)


def test_lambda_enrichment_output_replaces_the_batch(pipes, sqs, source, target):
    url, arn = source
    target_url, target_arn = target
    seen = []

    def enrich(event, context):
        seen.append(event)
        return [{"enriched": item["id"]} for item in event]

    register_lambda(function_arn("enrich"), enrich)
    pipes.create_pipe(
        Name="p",
        Source=arn,
        Target=target_arn,
        RoleArn=ROLE,
        Enrichment=function_arn("enrich"),
        EnrichmentParameters={"InputTemplate": '{"id": <$.body.id>}'},
    )
    send(sqs, url, {"id": 1})
    assert [json.loads(b) for b in bodies(sqs, target_url)] == [{"enriched": 1}]
    assert seen == [[{"id": 1}]]


def test_sqs_to_event_bus_to_rule_to_sqs(pipes, sqs, events, source, target):
    url, arn = source
    target_url, target_arn = target
    bus_arn = events.create_event_bus(Name="orders")["EventBusArn"]
    events.put_rule(Name="all", EventBusName="orders", EventPattern=json.dumps({"source": [{"prefix": ""}]}))
    events.put_targets(Rule="all", EventBusName="orders", Targets=[{"Id": "q", "Arn": target_arn}])
    pipes.create_pipe(
        Name="p",
        Source=arn,
        Target=bus_arn,
        RoleArn=ROLE,
        TargetParameters={
            "EventBridgeEventBusParameters": {"DetailType": "OrderPlaced", "Source": "shop", "Resources": ["arn:aws:s3:::x"]},
            "InputTemplate": '{"id": <$.body.id>}',
        },
    )
    send(sqs, url, {"id": 1}, {"id": 2})
    delivered = [json.loads(b) for b in bodies(sqs, target_url)]
    assert sorted(e["detail"]["id"] for e in delivered) == [1, 2]
    assert {(e["source"], e["detail-type"]) for e in delivered} == {("shop", "OrderPlaced")}
    assert delivered[0]["resources"] == ["arn:aws:s3:::x"]


def test_event_bus_defaults(pipes, sqs, events, source, target):
    url, arn = source
    target_url, target_arn = target
    events.put_rule(Name="all", EventPattern=json.dumps({"source": [{"prefix": "Pipe"}]}))
    events.put_targets(Rule="all", Targets=[{"Id": "q", "Arn": target_arn}])
    bus_arn = f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/default"
    pipes.create_pipe(Name="p", Source=arn, Target=bus_arn, RoleArn=ROLE)
    send(sqs, url, "hi")
    [event] = [json.loads(b) for b in bodies(sqs, target_url)]
    assert (event["source"], event["detail-type"]) == ("Pipe p", "Event from aws:sqs")
    assert event["detail"]["body"] == "hi"


def test_kinesis_to_enrichment_to_bus_to_rule_to_sqs(pipes, sqs, events, kinesis, target):
    target_url, target_arn = target
    kinesis.create_stream(StreamName="clicks", ShardCount=1)
    stream = kinesis.describe_stream_summary(StreamName="clicks")["StreamDescriptionSummary"]["StreamARN"]
    kinesis.put_record(StreamName="clicks", Data=b'{"page": "old"}', PartitionKey="k")
    register_lambda(function_arn("enrich"), lambda event, context: [{**item, "seen": True} for item in event])
    events.put_rule(Name="clicks", EventPattern=json.dumps({"detail": {"seen": [True]}}))
    events.put_targets(Rule="clicks", Targets=[{"Id": "q", "Arn": target_arn}])
    pipes.create_pipe(
        Name="p",
        Source=stream,
        SourceParameters={
            "KinesisStreamParameters": {"StartingPosition": "LATEST"},
            "FilterCriteria": {"Filters": [{"Pattern": json.dumps({"data": {"page": ["home"]}})}]},
        },
        Enrichment=function_arn("enrich"),
        EnrichmentParameters={"InputTemplate": '{"page": "<$.data.page>", "key": "<$.partitionKey>"}'},
        Target=f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/default",
        RoleArn=ROLE,
    )
    pipes.describe_pipe(Name="p")
    kinesis.put_record(StreamName="clicks", Data=b'{"page": "home"}', PartitionKey="user-1")
    kinesis.put_record(StreamName="clicks", Data=b'{"page": "cart"}', PartitionKey="user-2")
    delivered = [json.loads(b) for b in bodies(sqs, target_url)]
    assert [e["detail"] for e in delivered] == [{"page": "home", "key": "user-1", "seen": True}]
    assert delivered[0]["detail-type"] == "Event from aws:kinesis"


def test_kinesis_records_as_pipes_gives_them(pipes, sqs, kinesis, target):
    target_url, target_arn = target
    kinesis.create_stream(StreamName="clicks", ShardCount=1)
    stream = kinesis.describe_stream_summary(StreamName="clicks")["StreamDescriptionSummary"]["StreamARN"]
    put = kinesis.put_record(StreamName="clicks", Data=b"raw", PartitionKey="k")
    pipes.create_pipe(
        Name="p",
        Source=stream,
        SourceParameters={"KinesisStreamParameters": {"StartingPosition": "TRIM_HORIZON"}},
        Target=target_arn,
        RoleArn=ROLE,
    )
    [record] = [json.loads(b) for b in bodies(sqs, target_url)]
    assert base64.b64decode(record["data"]) == b"raw"
    assert record["partitionKey"] == "k"
    assert record["sequenceNumber"] == put["SequenceNumber"]
    assert record["eventSource"] == "aws:kinesis"
    assert record["eventID"] == f"{put['ShardId']}:{put['SequenceNumber']}"
    assert record["eventSourceARN"] == stream


def test_kinesis_failures_go_to_the_dead_letter_queue(aws_handle, pipes, sqs, kinesis):
    dlq_url, dlq_arn = make_queue(sqs, "dlq")
    kinesis.create_stream(StreamName="clicks", ShardCount=1)
    stream = kinesis.describe_stream_summary(StreamName="clicks")["StreamDescriptionSummary"]["StreamARN"]
    attempts = []

    def fail(event, context):
        attempts.append(event)
        raise RuntimeError("down")

    register_lambda(function_arn("sink"), fail)
    pipes.create_pipe(
        Name="p",
        Source=stream,
        SourceParameters={
            "KinesisStreamParameters": {
                "StartingPosition": "LATEST",
                "MaximumRetryAttempts": 1,
                "DeadLetterConfig": {"Arn": dlq_arn},
            }
        },
        Target=function_arn("sink"),
        RoleArn=ROLE,
    )
    pipes.describe_pipe(Name="p")
    kinesis.put_record(StreamName="clicks", Data=b"x", PartitionKey="k")
    aws_handle.run_due()
    assert len(attempts) == 1
    aws_handle.run_due()  # a failed batch is retried by the next call, on the same clock
    assert len(attempts) == 2
    [body] = bodies(sqs, dlq_url)
    info = json.loads(body)["KinesisBatchInfo"]
    assert info["batchSize"] == 1 and info["streamArn"] == stream


def test_sqs_fifo_target_with_dynamic_group(pipes, sqs, source):
    url, arn = source
    fifo_url, fifo_arn = make_queue(sqs, "out.fifo", FifoQueue="true")
    pipes.create_pipe(
        Name="p",
        Source=arn,
        Target=fifo_arn,
        RoleArn=ROLE,
        TargetParameters={"SqsQueueParameters": {"MessageGroupId": "$.body.customer"}},
    )
    send(sqs, url, {"customer": "c-1"})
    [message] = sqs.receive_message(QueueUrl=fifo_url, AttributeNames=["MessageGroupId"])["Messages"]
    assert message["Attributes"]["MessageGroupId"] == "c-1"


def test_kinesis_target_with_dynamic_partition_key(pipes, sqs, kinesis, source):
    url, arn = source
    kinesis.create_stream(StreamName="out", ShardCount=1)
    stream = kinesis.describe_stream_summary(StreamName="out")["StreamDescriptionSummary"]["StreamARN"]
    pipes.create_pipe(
        Name="p",
        Source=arn,
        Target=stream,
        RoleArn=ROLE,
        TargetParameters={"KinesisStreamParameters": {"PartitionKey": "$.body.user"}, "InputTemplate": "<$.body>"},
    )
    send(sqs, url, {"user": "u-1", "n": 1})
    shard = kinesis.list_shards(StreamName="out")["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamName="out", ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    [record] = kinesis.get_records(ShardIterator=iterator)["Records"]
    assert record["PartitionKey"] == "u-1"
    assert json.loads(record["Data"]) == {"user": "u-1", "n": 1}


def test_fire_and_forget_lambda_target_ignores_the_function_s_error(pipes, sqs, source):
    url, arn = source

    def fail(event, context):
        raise RuntimeError("async")

    register_lambda(function_arn("sink"), fail)
    pipes.create_pipe(
        Name="p",
        Source=arn,
        Target=function_arn("sink"),
        RoleArn=ROLE,
        TargetParameters={"LambdaFunctionParameters": {"InvocationType": "FIRE_AND_FORGET"}},
    )
    send(sqs, url, "x")
    assert counts(sqs, url) == (0, 0)


def test_missing_target_leaves_messages_in_flight(pipes, sqs, source):
    url, arn = source
    pipes.create_pipe(Name="p", Source=arn, Target=f"arn:aws:sqs:{REGION}:{ACCOUNT}:nowhere", RoleArn=ROLE)
    send(sqs, url, "x")
    assert counts(sqs, url) == (0, 1)


def test_enrichment_returning_nothing_ends_the_batch(pipes, sqs, source, target):
    url, arn = source
    target_url, target_arn = target
    register_lambda(function_arn("enrich"), lambda event, context: None)
    pipes.create_pipe(Name="p", Source=arn, Target=target_arn, RoleArn=ROLE, Enrichment=function_arn("enrich"))
    send(sqs, url, "x")
    assert counts(sqs, url) == (0, 0)
    assert counts(sqs, target_url) == (0, 0)


def test_updated_filter_applies_to_the_next_messages(pipes, sqs, source, target):
    url, arn = source
    target_url, target_arn = target
    pipes.create_pipe(Name="p", Source=arn, Target=target_arn, RoleArn=ROLE, TargetParameters={"InputTemplate": "<$.body.n>"})
    pipes.update_pipe(
        Name="p",
        RoleArn=ROLE,
        SourceParameters={"FilterCriteria": {"Filters": [{"Pattern": json.dumps({"body": {"n": [{"numeric": [">", 1]}]}})}]}},
    )
    send(sqs, url, {"n": 1}, {"n": 2})
    assert bodies(sqs, target_url) == ["2"]


def test_deliveries_view(aws_handle, pipes, sqs, source, target):
    url, arn = source
    pipe_arn = pipes.create_pipe(
        Name="p", Source=arn, Target=target[1], RoleArn=ROLE, TargetParameters={"InputTemplate": "<$.body.n>"}
    )["Arn"]
    sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(n), "MessageBody": json.dumps({"n": n})} for n in (1, 2)])
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"n": 3}))
    assert aws_handle.pipes.deliveries(pipe_arn) == [[1, 2], [3]]  # one read per call


API = f"arn:aws:execute-api:{REGION}:{ACCOUNT}:abc123/prod/POST/orders/*"


def test_api_gateway_enrichment_through_the_http_hook(aws_handle, pipes, sqs, source, target):
    import eventmock

    url, arn = source
    target_url, target_arn = target
    requests = []

    def api(request):
        requests.append(request)
        return 200, {"enriched": request.json()["id"], "tier": request.headers["x-tier"]}

    eventmock.register_http("https://abc123.execute-api.us-east-1.amazonaws.com/prod/", api)
    pipes.create_pipe(
        Name="p",
        Source=arn,
        Target=target_arn,
        RoleArn=ROLE,
        Enrichment=API,
        EnrichmentParameters={
            "InputTemplate": '{"id": <$.body.id>}',
            "HttpParameters": {"PathParameterValues": ["42"], "HeaderParameters": {"x-tier": "gold"}, "QueryStringParameters": {"q": "$.body.id"}},
        },
    )
    send(sqs, url, {"id": 5})
    assert [json.loads(b) for b in bodies(sqs, target_url)] == [{"enriched": 5, "tier": "gold"}]
    [request] = requests
    assert request.method == "POST"
    assert request.url == "https://abc123.execute-api.us-east-1.amazonaws.com/prod/orders/42?q=5"


def test_api_gateway_enrichment_failure_fails_the_batch(pipes, sqs, source, target):
    import eventmock

    url, arn = source
    eventmock.register_http("https://abc123.execute-api.us-east-1.amazonaws.com/", lambda request: 500)
    pipes.create_pipe(Name="p", Source=arn, Target=target[1], RoleArn=ROLE, Enrichment=API)
    send(sqs, url, {"id": 5})
    assert counts(sqs, url) == (0, 1)
    assert counts(sqs, target[0]) == (0, 0)


def test_api_gateway_target_gets_one_request_per_item(aws_handle, pipes, sqs, source):
    import eventmock

    url, arn = source
    received = []
    eventmock.register_http("https://abc123.execute-api.us-east-1.amazonaws.com/prod/", lambda request: received.append(request.json()))
    pipes.create_pipe(
        Name="p", Source=arn, Target=f"arn:aws:execute-api:{REGION}:{ACCOUNT}:abc123/prod/PUT/items", RoleArn=ROLE,
        TargetParameters={"InputTemplate": "<$.body>"},
    )
    sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(n), "MessageBody": json.dumps({"n": n})} for n in (1, 2)])
    assert counts(sqs, url) == (0, 0)
    assert received == [{"n": 1}, {"n": 2}]
    assert [(s.request.method, s.response.status) for s in aws_handle.http.sent] == [("PUT", 200), ("PUT", 200)]


def test_firehose_target_gets_one_record_per_item(aws_handle, pipes, sqs, client_for, source):
    url, arn = source
    client_for("s3").create_bucket(Bucket="lake")
    stream = client_for("firehose").create_delivery_stream(
        DeliveryStreamName="out",
        ExtendedS3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::lake"},
    )["DeliveryStreamARN"]
    pipes.create_pipe(Name="p", Source=arn, Target=stream, RoleArn=ROLE, TargetParameters={"InputTemplate": "<$.body>"})
    sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(n), "MessageBody": json.dumps({"n": n})} for n in (1, 2)])
    assert counts(sqs, url) == (0, 0)
    assert [r.json() for r in aws_handle.firehose.records(stream)] == [{"n": 1}, {"n": 2}]


def test_event_bus_time_from_a_path(pipes, sqs, events, source, target):
    url, arn = source
    target_url, target_arn = target
    events.put_rule(Name="all", EventPattern=json.dumps({"source": ["Pipe p"]}))
    events.put_targets(Rule="all", Targets=[{"Id": "q", "Arn": target_arn}])
    pipes.create_pipe(
        Name="p",
        Source=arn,
        Target=f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/default",
        RoleArn=ROLE,
        TargetParameters={"EventBridgeEventBusParameters": {"Time": "$.body.at"}},
    )
    send(sqs, url, {"at": "2026-01-02T03:04:05Z"}, {"at": "2026-01-02T03:04:05"})
    assert [json.loads(b)["time"] for b in bodies(sqs, target_url)] == ["2026-01-02T03:04:05Z"] * 2


def test_sns_fan_out_to_a_queue_a_pipe_reads_and_a_pipe_to_sns(pipes, sqs, client_for, source, target):
    url, arn = source
    target_url, target_arn = target
    sns = client_for("sns")
    topic = sns.create_topic(Name="orders")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=target_arn, Attributes={"RawMessageDelivery": "true"})
    # source queue -> pipe -> SNS topic -> target queue
    pipes.create_pipe(Name="p", Source=arn, Target=topic, RoleArn=ROLE, TargetParameters={"InputTemplate": "<$.body>"})
    send(sqs, url, {"id": 1})
    assert [json.loads(b) for b in bodies(sqs, target_url)] == [{"id": 1}]
