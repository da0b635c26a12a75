"""No lock is held while user code runs: a handler or an HTTP hook may call boto3 from
another thread and wait for it.

Each scenario runs in a thread joined with a timeout: a regression (a deadlock) fails
the test instead of hanging the suite. The timeout is a hang detector, not a timing
assertion: the scenarios finish in milliseconds.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

import eventmock

FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:{}"


@pytest.fixture
def default_service() -> str:
    return "sqs"


def finishes(scenario: Callable[[], None]) -> None:
    """Run ``scenario`` in a thread; fail if it has not finished 10 s later (a deadlock),
    re-raise what it raised."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            scenario()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            failure.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive(), "the call deadlocked: a lock was held while user code ran"
    if failure:
        raise failure[0]


def in_thread(call: Callable[[], object]) -> None:
    """Run ``call`` in a new thread and wait for it (what a handler does)."""
    thread = threading.Thread(target=call)
    thread.start()
    thread.join()


@pytest.fixture
def sqs(client_for):
    return client_for("sqs")


@pytest.fixture
def queue(sqs) -> str:
    return sqs.create_queue(QueueName="out")["QueueUrl"]


def bodies(sqs, queue: str) -> list[str]:
    messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", [])
    return sorted(m["Body"] for m in messages)


def test_a_lambda_handler_may_call_boto3_from_another_thread(eventmock, client_for, sqs, queue):
    def handler(event, context):
        in_thread(lambda: sqs.send_message(QueueUrl=queue, MessageBody=event["say"]))
        return "sent"

    eventmock.register_lambda(FUNCTION.format("threaded"), handler)
    functions = client_for("lambda")

    def scenario() -> None:
        response = functions.invoke(FunctionName="threaded", Payload=json.dumps({"say": "hello"}))
        assert json.loads(response["Payload"].read()) == "sent"

    finishes(scenario)
    assert bodies(sqs, queue) == ["hello"]


def test_an_sns_triggered_handler_may_use_a_thread_pool(eventmock, client_for, sqs, queue):
    def handler(event, context):
        text = event["Records"][0]["Sns"]["Message"]
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = [pool.submit(sqs.send_message, QueueUrl=queue, MessageBody=f"{text}-{i}") for i in range(2)]
            for future in futures:
                future.result()

    arn = FUNCTION.format("fan")
    eventmock.register_lambda(arn, handler)
    sns = client_for("sns")
    topic = sns.create_topic(Name="orders")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=arn)

    finishes(lambda: sns.publish(TopicArn=topic, Message="order"))
    assert bodies(sqs, queue) == ["order-0", "order-1"]


def test_an_http_hook_may_call_boto3_from_another_thread(eventmock, client_for, sqs, queue):
    def hook(request):
        if request.headers["x-amz-sns-message-type"] == "Notification":
            in_thread(lambda: sqs.send_message(QueueUrl=queue, MessageBody=request.json()["Message"]))
        return 200

    eventmock.register_http("https://hooks.example.com/", hook)
    sns = client_for("sns")
    topic = sns.create_topic(Name="orders")["TopicArn"]
    subscription = sns.subscribe(TopicArn=topic, Protocol="https", Endpoint="https://hooks.example.com/sns", ReturnSubscriptionArn=True)
    token = eventmock.http.requests[0].json()["Token"]
    sns.confirm_subscription(TopicArn=topic, Token=token)

    finishes(lambda: sns.publish(TopicArn=topic, Message="posted"))
    assert bodies(sqs, queue) == ["posted"]
    assert eventmock.http.sent[-1].response is not None and eventmock.http.sent[-1].response.status == 200
    assert subscription["SubscriptionArn"]


# -- delivery cycles ------------------------------------------------------------------


def queue_arn(sqs, url: str) -> str:
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def counts(sqs, url: str) -> tuple[int, int]:
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]), int(attributes["ApproximateNumberOfMessagesNotVisible"])


@pytest.fixture
def own_queue_loop(eventmock, client_for, sqs):
    """A function mapped to a queue that sends a message to that same queue for each
    message it gets: ``(runs, queue_url, lambda_client)``."""
    url = sqs.create_queue(QueueName="loop")["QueueUrl"]
    runs: list[str] = []

    def handler(event, context):
        for record in event["Records"]:
            runs.append(record["body"])
            sqs.send_message(QueueUrl=url, MessageBody=str(len(runs)))

    eventmock.register_lambda(FUNCTION.format("looper"), handler)
    functions = client_for("lambda")
    functions.create_event_source_mapping(EventSourceArn=queue_arn(sqs, url), FunctionName="looper", BatchSize=1)
    return runs, url, functions


def test_a_function_sending_to_its_own_queue_is_stopped_at_its_17th_invocation(own_queue_loop, sqs):
    runs, url, functions = own_queue_loop
    assert functions.get_function_recursion_config(FunctionName="looper")["RecursiveLoop"] == "Terminate"

    def scenario() -> None:
        sqs.send_message(QueueUrl=url, MessageBody="start")
        assert counts(sqs, url) == (0, 0)  # the 16th invocation's message was dropped

    finishes(scenario)
    assert len(runs) == 16
    assert runs[:3] == ["start", "1", "2"]
    assert counts(sqs, url) == (0, 0)
    assert len(runs) == 16


def test_the_message_loop_detection_stops_goes_to_the_queues_dead_letter_queue(own_queue_loop, sqs):
    runs, url, _ = own_queue_loop
    dlq = sqs.create_queue(QueueName="loop-dlq")["QueueUrl"]
    sqs.set_queue_attributes(
        QueueUrl=url, Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": queue_arn(sqs, dlq), "maxReceiveCount": "5"})}
    )
    finishes(lambda: sqs.send_message(QueueUrl=url, MessageBody="start"))
    assert bodies(sqs, dlq) == ["16"]
    assert len(runs) == 16


def test_with_recursion_allowed_a_loop_runs_to_the_bound_each_call(own_queue_loop, sqs):
    runs, url, functions = own_queue_loop
    assert functions.put_function_recursion_config(FunctionName="looper", RecursiveLoop="Allow")["RecursiveLoop"] == "Allow"
    assert functions.get_function_recursion_config(FunctionName="looper")["RecursiveLoop"] == "Allow"

    def scenario() -> None:
        sqs.send_message(QueueUrl=url, MessageBody="start")
        assert counts(sqs, url) == (1, 0)  # the rest of the loop waits for the next call

    finishes(scenario)
    assert len(runs) == 100  # poller.MAX_READS_PER_DRAIN
    finishes(lambda: sqs.get_queue_url(QueueName="loop"))
    assert len(runs) == 200
    assert runs[100] == "100"


def test_a_function_publishing_to_its_own_topic_is_stopped_at_its_17th_invocation(eventmock, client_for):
    sns = client_for("sns")
    topic = sns.create_topic(Name="echo")["TopicArn"]
    runs: list[str] = []

    def handler(event, context):
        runs.append(event["Records"][0]["Sns"]["Message"])
        sns.publish(TopicArn=topic, Message=str(len(runs)))

    arn = FUNCTION.format("echo")
    eventmock.register_lambda(arn, handler)
    sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=arn)
    finishes(lambda: sns.publish(TopicArn=topic, Message="start"))
    assert len(runs) == 16


def test_a_function_invoking_itself_gets_recursive_invocation_exception(eventmock, client_for):
    functions = client_for("lambda")
    depths: list[int] = []
    errors: list[str] = []

    def handler(event, context):
        depths.append(event["depth"])
        try:
            functions.invoke(FunctionName="self", Payload=json.dumps({"depth": event["depth"] + 1}))
        except functions.exceptions.RecursiveInvocationException as error:
            errors.append(error.response["Error"]["Code"])

    eventmock.register_lambda(FUNCTION.format("self"), handler)
    finishes(lambda: functions.invoke(FunctionName="self", Payload=json.dumps({"depth": 1})))
    assert depths == list(range(1, 17))
    assert errors == ["RecursiveInvocationException"]


def test_a_pipe_from_a_stream_to_itself_does_a_bounded_number_of_rounds_per_call(eventmock, client_for):
    kinesis = client_for("kinesis")
    pipes = client_for("pipes")
    kinesis.create_stream(StreamName="ring", ShardCount=1)
    stream = kinesis.describe_stream_summary(StreamName="ring")["StreamDescriptionSummary"]["StreamARN"]
    pipes.create_pipe(
        Name="ring",
        Source=stream,
        SourceParameters={"KinesisStreamParameters": {"StartingPosition": "TRIM_HORIZON", "BatchSize": 1}},
        Target=stream,
        # A constant payload: the record itself would grow a third each round.
        TargetParameters={"InputTemplate": '{"again": true}', "KinesisStreamParameters": {"PartitionKey": "k"}},
        RoleArn="arn:aws:iam::123456789012:role/pipes",
    )
    pipes.describe_pipe(Name="ring")  # the pipe starts

    finishes(lambda: kinesis.put_record(StreamName="ring", Data=b"x", PartitionKey="k"))
    # The view, as a call, runs what is due first: 100 rounds (poller.MAX_READS_PER_DRAIN).
    assert len(eventmock.kinesis.records(stream)) == 101
    assert len(eventmock.kinesis.records(stream)) == 201  # the rest waited for this one


def test_a_handler_putting_events_to_the_bus_that_invokes_it_does_16_rounds_per_call(eventmock, client_for):
    """EventBridge is not among the services Lambda's loop detection follows: the loop
    goes on, 16 nested invocations per call (lineage.MAX_NESTED), the rest queued."""
    events = client_for("events")
    runs: list[int] = []

    def handler(event, context):
        runs.append(event["detail"]["n"])
        events.put_events(Entries=[{"Source": "loop", "DetailType": "again", "Detail": json.dumps({"n": len(runs)})}])

    arn = FUNCTION.format("bus-loop")
    eventmock.register_lambda(arn, handler)
    events.put_rule(Name="loop", EventPattern=json.dumps({"source": ["loop"]}))
    events.put_targets(Rule="loop", Targets=[{"Id": "f", "Arn": arn}])
    finishes(lambda: events.put_events(Entries=[{"Source": "loop", "DetailType": "start", "Detail": '{"n": 0}'}]))
    assert runs == list(range(16))
    finishes(lambda: events.list_rules())
    assert runs == list(range(32))


def test_recursion_config_takes_allow_or_terminate_of_a_bound_function(eventmock, client_for):
    functions = client_for("lambda")
    eventmock.register_lambda(FUNCTION.format("f"), lambda event, context: None)
    with pytest.raises(functions.exceptions.ResourceNotFoundException):
        functions.get_function_recursion_config(FunctionName="nobody")
    with pytest.raises(functions.exceptions.ClientError) as info:
        functions.put_function_recursion_config(FunctionName="f", RecursiveLoop="Sometimes")
    assert info.value.response["Error"]["Code"] == "ValidationException"
    assert functions.get_function_recursion_config(FunctionName="f")["RecursiveLoop"] == "Terminate"
    functions.put_function_recursion_config(FunctionName="f", RecursiveLoop="Allow")
    eventmock.register_lambda(FUNCTION.format("f"), lambda event, context: 1)  # bound again: the setting stays
    assert functions.get_function_recursion_config(FunctionName="f")["RecursiveLoop"] == "Allow"
