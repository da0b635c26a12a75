"""Server mode: the AWS CLI (a real client, with its own botocore) against
``eventmock.server()`` on a free loopback port, compared with the same calls answered
in-process; boto3 over HTTP; health, reset, accounts and regions, concurrency."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from eventmock import mock_aws
from eventmock.core import registry
from eventmock.core.store import Store

ACCOUNT = "111122223333"
REGION = "eu-west-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/delivery"
STREAM_ARN = f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/events"
QUEUE_ARN = f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders"

needs_cli = pytest.mark.skipif(importlib.util.find_spec("awscli") is None, reason="the AWS CLI (awscli) is not installed")
Cli = Callable[..., Any]


@pytest.fixture
def cli(endpoint: str, tmp_path: Any) -> Cli:
    """``cli("pinpoint", "create-app", ...)``: the AWS CLI's JSON output, run in a
    subprocess with fake credentials naming ``ACCOUNT``, against the server only."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "AWS_ACCESS_KEY_ID": ACCOUNT,
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }

    def run(*args: str) -> Any:
        command = [sys.executable, "-m", "awscli", "--endpoint-url", endpoint, "--output", "json", *args]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, f"{' '.join(args)}: {done.stderr}"
        return json.loads(done.stdout) if done.stdout.strip() else None

    return run


def remote(service: str, endpoint: str, account: str = ACCOUNT, region: str = REGION) -> Any:
    """A boto3 client of the server (no mock is active: the call goes over HTTP)."""
    return boto3.session.Session().client(
        service, region_name=region, endpoint_url=endpoint, aws_access_key_id=account, aws_secret_access_key="x"
    )


def local(service: str) -> Any:
    """A boto3 client for the in-process mock, in the same account and region."""
    return boto3.client(service, region_name=REGION, aws_access_key_id=ACCOUNT, aws_secret_access_key="x")


def masked(value: Any, variable: dict[str, str]) -> Any:
    """``value`` with the values that differ between two runs replaced by their names:
    generated ids (``variable``: id -> name, replaced inside strings too) and times
    (a ``datetime`` in-process, an epoch number or ISO string from the CLI)."""
    if isinstance(value, dict):
        return {k: masked(v, variable) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v, variable) for v in value]
    if isinstance(value, dt.datetime):
        return "<time>"
    if isinstance(value, str):
        for generated, name in variable.items():
            value = value.replace(generated, name)
        if value[:2] == "20" and value[4:5] == "-" and value.endswith("Z"):
            return "<time>"
    if isinstance(value, float):
        return "<time>"
    return value


@needs_cli
def test_pinpoint_app_and_event_stream(cli: Cli) -> None:
    cli("kinesis", "create-stream", "--stream-name", "events", "--shard-count", "1")  # Pinpoint checks the destination
    app = cli("pinpoint", "create-app", "--create-application-request", json.dumps({"Name": "shop", "tags": {"team": "growth"}}))
    app_id = app["ApplicationResponse"]["Id"]
    write = json.dumps({"DestinationStreamArn": STREAM_ARN, "RoleArn": ROLE})
    stream = cli("pinpoint", "put-event-stream", "--application-id", app_id, "--write-event-stream", write)
    assert cli("pinpoint", "get-event-stream", "--application-id", app_id) == stream
    with mock_aws():
        local("kinesis").create_stream(StreamName="events", ShardCount=1)
        pinpoint = local("pinpoint")
        app_here = pinpoint.create_app(CreateApplicationRequest={"Name": "shop", "tags": {"team": "growth"}})
        stream_here = pinpoint.put_event_stream(
            ApplicationId=app_here["ApplicationResponse"]["Id"], WriteEventStream={"DestinationStreamArn": STREAM_ARN, "RoleArn": ROLE}
        )
    mine, theirs = {app_id: "<app>"}, {app_here["ApplicationResponse"]["Id"]: "<app>"}
    assert masked(app, mine) == masked(_without_metadata(app_here), theirs)
    assert masked(stream, mine) == masked(_without_metadata(stream_here), theirs)
    assert stream["EventStream"]["LastUpdatedBy"] == f"arn:aws:iam::{ACCOUNT}:root"


@needs_cli
def test_eventbridge_events_read_from_sqs(cli: Cli, endpoint: str) -> None:
    """A rule with an SQS target: ``aws events put-events``, then ``aws sqs
    receive-message`` on the queue URL the server answered, against the same flow
    in-process."""
    pattern = json.dumps({"source": ["shop"]})
    entry = json.dumps([{"Source": "shop", "DetailType": "order", "Detail": json.dumps({"id": 7})}])
    targets = json.dumps([{"Id": "q", "Arn": QUEUE_ARN}])
    url = cli("sqs", "create-queue", "--queue-name", "orders")["QueueUrl"]
    cli("events", "put-rule", "--name", "orders", "--event-pattern", pattern)
    cli("events", "put-targets", "--rule", "orders", "--targets", targets)
    put = cli("events", "put-events", "--entries", entry)
    received = cli("sqs", "receive-message", "--queue-url", url, "--attribute-names", "All", "--message-attribute-names", "All")
    with mock_aws():
        sqs, events = local("sqs"), local("events")
        url_here = sqs.create_queue(QueueName="orders")["QueueUrl"]
        events.put_rule(Name="orders", EventPattern=pattern)
        events.put_targets(Rule="orders", Targets=json.loads(targets))
        put_here = _without_metadata(events.put_events(Entries=json.loads(entry)))
        received_here = _without_metadata(sqs.receive_message(QueueUrl=url_here, AttributeNames=["All"], MessageAttributeNames=["All"]))
    # the server's URLs are on its own endpoint; in-process, AWS's
    assert url == f"{endpoint}/{ACCOUNT}/orders"
    assert url_here == f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/orders"
    assert put["FailedEntryCount"] == put_here["FailedEntryCount"] == 0
    assert masked(put, {put["Entries"][0]["EventId"]: "<event>"}) == masked(put_here, {put_here["Entries"][0]["EventId"]: "<event>"})
    [message], [message_here] = received["Messages"], received_here["Messages"]
    event, event_here = json.loads(message["Body"]), json.loads(message_here["Body"])
    assert event["detail"] == {"id": 7} and event["account"] == ACCOUNT and event["region"] == REGION
    assert event["id"] == put["Entries"][0]["EventId"] and event["resources"] == []
    assert masked(event, {event["id"]: "<event>"}) == masked(event_here, {event_here["id"]: "<event>"})
    for one in (message, message_here):
        assert one["MD5OfBody"] == hashlib.md5(one["Body"].encode()).hexdigest()
    assert _message_shape(message) == _message_shape(message_here)


def _message_shape(message: dict[str, Any]) -> dict[str, Any]:
    """A received message without what differs between two runs: ids, handles, the
    body (compared apart) and the times in its attributes."""
    times = ("SentTimestamp", "ApproximateFirstReceiveTimestamp")
    attributes = {k: "<time>" if k in times else v for k, v in message["Attributes"].items()}
    return {**message, "MessageId": "<id>", "ReceiptHandle": "<handle>", "MD5OfBody": "<md5>", "Body": "<body>", "Attributes": attributes}


@needs_cli
def test_sqs_queue_urls_over_the_cli_name_the_server(cli: Cli, endpoint: str) -> None:
    """``create-queue``, ``get-queue-url`` and ``list-queues`` answer the server's URL;
    the commands taking ``--queue-url`` take it and AWS's."""
    url = cli("sqs", "create-queue", "--queue-name", "jobs")["QueueUrl"]
    assert url == f"{endpoint}/{ACCOUNT}/jobs"
    assert cli("sqs", "get-queue-url", "--queue-name", "jobs")["QueueUrl"] == url
    assert cli("sqs", "list-queues")["QueueUrls"] == [url]
    cli("sqs", "send-message", "--queue-url", f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/jobs", "--message-body", "hello")
    [message] = cli("sqs", "receive-message", "--queue-url", url)["Messages"]
    assert message["Body"] == "hello"


@needs_cli
@pytest.mark.skipif("customer-profiles" not in registry.SERVICES, reason="Customer Profiles is not emulated")
def test_customer_profiles_event_stream(cli: Cli, endpoint: str) -> None:
    remote("kinesis", endpoint).create_stream(StreamName="events", ShardCount=1)
    cli("customer-profiles", "create-domain", "--domain-name", "shop", "--default-expiration-days", "30")
    created = cli("customer-profiles", "create-event-stream", "--domain-name", "shop", "--uri", STREAM_ARN, "--event-stream-name", "all")
    got = cli("customer-profiles", "get-event-stream", "--domain-name", "shop", "--event-stream-name", "all")
    with mock_aws():
        local("kinesis").create_stream(StreamName="events", ShardCount=1)
        profiles = local("customer-profiles")
        profiles.create_domain(DomainName="shop", DefaultExpirationDays=30)
        created_here = _without_metadata(profiles.create_event_stream(DomainName="shop", Uri=STREAM_ARN, EventStreamName="all"))
        got_here = _without_metadata(profiles.get_event_stream(DomainName="shop", EventStreamName="all"))
    assert masked(created, {}) == masked(created_here, {})
    assert masked(got, {}) == masked(got_here, {})
    assert got["DestinationDetails"]["Uri"] == STREAM_ARN


@needs_cli
@pytest.mark.skipif("dataexchange" not in registry.SERVICES, reason="Data Exchange is not emulated")
def test_dataexchange_event_action(cli: Cli, endpoint: str) -> None:
    remote("s3", endpoint).create_bucket(Bucket="exports", CreateBucketConfiguration={"LocationConstraint": REGION})
    data_set = cli("dataexchange", "create-data-set", "--asset-type", "S3_SNAPSHOT", "--name", "prices", "--description", "daily")
    action = {"ExportRevisionToS3": {"RevisionDestination": {"Bucket": "exports", "KeyPattern": "${Revision.Id}/${Asset.Name}"}}}
    event = {"RevisionPublished": {"DataSetId": data_set["Id"]}}
    created = cli("dataexchange", "create-event-action", "--action", json.dumps(action), "--event", json.dumps(event))
    listed = cli("dataexchange", "list-event-actions", "--event-source-id", data_set["Id"])["EventActions"]
    with mock_aws():
        local("s3").create_bucket(Bucket="exports", CreateBucketConfiguration={"LocationConstraint": REGION})
        exchange = local("dataexchange")
        data_set_here = exchange.create_data_set(AssetType="S3_SNAPSHOT", Name="prices", Description="daily")
        created_here = _without_metadata(
            exchange.create_event_action(Action=action, Event={"RevisionPublished": {"DataSetId": data_set_here["Id"]}})
        )
    mine = {data_set["Id"]: "<data set>", created["Id"]: "<action>"}
    theirs = {data_set_here["Id"]: "<data set>", created_here["Id"]: "<action>"}
    assert masked(created, mine) == masked(created_here, theirs)
    assert [a["Id"] for a in listed] == [created["Id"]]


@needs_cli
def test_cli_errors_are_aws_errors(cli: Cli, endpoint: str) -> None:
    command = [sys.executable, "-m", "awscli", "--endpoint-url", endpoint, "pinpoint", "get-app", "--application-id", "0" * 32]
    env = {"PATH": os.environ.get("PATH", ""), "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "AWS_DEFAULT_REGION": REGION}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 254 or done.returncode == 255
    assert "An error occurred (NotFoundException) when calling the GetApp operation: Application not found" in done.stderr


def _without_metadata(response: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


# -- boto3 over HTTP, and the server's own paths -------------------------------------------


def test_boto3_over_http_sees_the_same_answers_as_in_process(endpoint: str) -> None:
    pinpoint = remote("pinpoint", endpoint)
    app = pinpoint.create_app(CreateApplicationRequest={"Name": "over-http"})
    assert app["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert app["ApplicationResponse"]["Arn"].startswith(f"arn:aws:mobiletargeting:{REGION}:{ACCOUNT}:apps/")
    with pytest.raises(pinpoint.exceptions.NotFoundException) as info:
        pinpoint.get_app(ApplicationId="0" * 32)
    assert info.value.response["Error"] == {"Code": "NotFoundException", "Message": "Application not found"}
    assert info.value.response["RequestID"] == info.value.response["ResponseMetadata"]["RequestId"]


def test_accounts_and_regions_come_from_the_signature(endpoint: str, served: tuple[str, Store]) -> None:
    remote("kinesis", endpoint, account="444455556666", region="us-west-2").create_stream(StreamName="s", ShardCount=1)
    assert remote("kinesis", endpoint, account="444455556666", region="us-west-2").list_streams()["StreamNames"] == ["s"]
    assert remote("kinesis", endpoint, account="444455556666", region="eu-west-1").list_streams()["StreamNames"] == []
    assert remote("kinesis", endpoint, account="not-an-account").list_streams()["StreamNames"] == []
    _, store = served
    assert list(store.backend("kinesis", "444455556666", "us-west-2").streams) == ["s"]  # type: ignore[attr-defined]


def test_health_and_reset(endpoint: str) -> None:
    with urllib.request.urlopen(f"{endpoint}/_eventmock/health", timeout=10) as response:
        health = json.loads(response.read())
    assert health["status"] == "running"
    assert set(health["services"]) == set(registry.SERVICES)
    events = remote("events", endpoint)
    events.create_event_bus(Name="orders")
    request = urllib.request.Request(f"{endpoint}/_eventmock/reset", method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
    assert [b["Name"] for b in events.list_event_buses()["EventBuses"]] == ["default"]


def test_verbose_names_the_service_and_operation_on_every_protocol(capsys: pytest.CaptureFixture[str]) -> None:
    import eventmock

    with eventmock.server(store=Store(), verbose=True) as url:
        sns = remote("sns", url)  # query
        sns.publish(TopicArn=sns.create_topic(Name="t")["TopicArn"], Message="m")
        remote("sts", url).get_caller_identity()  # query
        events = remote("events", url)  # json
        with pytest.raises(events.exceptions.ResourceNotFoundException):
            events.describe_rule(Name="missing")
        remote("scheduler", url).list_schedules()  # rest-json
        remote("s3", url).create_bucket(Bucket="logged", CreateBucketConfiguration={"LocationConstraint": REGION})  # rest-xml
        urllib.request.urlopen(f"{url}/_eventmock/health", timeout=10).close()  # eventmock's own
    lines = [" ".join(line.split()[1:-4]) for line in capsys.readouterr().err.splitlines()]
    assert lines == [
        "sns.CreateTopic POST / -> 200",
        "sns.Publish POST / -> 200",
        "sts.GetCallerIdentity POST / -> 200",
        "events.DescribeRule POST / -> 400",
        "scheduler.ListSchedules GET /schedules -> 200",
        "s3.CreateBucket PUT /logged -> 200",
        "GET /_eventmock/health -> 200",
    ]


def test_an_unemulated_service_is_a_501_naming_it(endpoint: str) -> None:
    dynamodb = remote("dynamodb", endpoint)
    with pytest.raises(Exception) as info:
        dynamodb.list_tables()
    assert "501" in str(info.value) or "NotImplemented" in str(info.value)


def test_concurrent_clients_lose_nothing(endpoint: str) -> None:
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            client = remote("events", endpoint)
            for i in range(10):
                client.put_rule(Name=f"r{n}-{i}", EventPattern='{"source": ["x"]}')
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    paginator = remote("events", endpoint).get_paginator("list_rules")
    names = [rule["Name"] for page in paginator.paginate() for rule in page["Rules"]]
    assert sorted(names) == sorted(f"r{n}-{i}" for n in range(6) for i in range(10))


def test_boto3_in_another_process(endpoint: str) -> None:
    script = (
        "import boto3, sys\n"
        "sqs = boto3.client('sqs', region_name='eu-west-1', endpoint_url=sys.argv[1],"
        " aws_access_key_id='111122223333', aws_secret_access_key='x')\n"
        "url = sqs.create_queue(QueueName='jobs')['QueueUrl']\n"
        "sqs.send_message(QueueUrl=url, MessageBody='hello')\n"
        "print(sqs.receive_message(QueueUrl=url)['Messages'][0]['Body'])\n"
    )
    if "sqs" not in registry.SERVICES:
        pytest.skip("SQS is not emulated")
    done = subprocess.run([sys.executable, "-c", script, endpoint], capture_output=True, text=True, timeout=60, env={"PATH": os.environ.get("PATH", "")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "hello"


def test_scheduled_rules_run_before_the_server_answers(endpoint: str) -> None:
    """Due work runs before any request the server answers, on freezegun's clock too
    (the server's thread reads the same clock)."""
    from freezegun import freeze_time

    with freeze_time("2026-06-01T09:00:00Z") as frozen:
        sqs, events = remote("sqs", endpoint), remote("events", endpoint)
        url = sqs.create_queue(QueueName="ticks")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        events.put_rule(Name="tick", ScheduleExpression="cron(0 12 * * ? *)")
        events.put_targets(Rule="tick", Targets=[{"Id": "q", "Arn": arn}])
        frozen.tick(dt.timedelta(days=2))
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    assert [json.loads(m["Body"])["time"] for m in messages] == ["2026-06-01T12:00:00Z", "2026-06-02T12:00:00Z"]
