"""eventmock next to moto: what eventmock does not emulate, or hands on with
``mock_aws(exclude=...)``, goes on to moto's mock; without a mock underneath it stops
with NotEmulatedError and nothing is sent. Targets of services eventmock does not
emulate get the call AWS makes, which moto answers."""

from __future__ import annotations

import json

import boto3
import pytest

moto = pytest.importorskip("moto")

import eventmock  # noqa: E402
from eventmock import NotEmulatedError, mock_aws  # noqa: E402
from eventmock.core import underneath  # noqa: E402

REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/events"


def client(service: str, region: str = REGION):
    return boto3.client(service, region_name=region)


def test_services_eventmock_does_not_emulate_go_to_moto(both):
    dynamodb = client("dynamodb")
    dynamodb.create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    assert dynamodb.list_tables()["TableNames"] == ["orders"]
    ssm = client("ssm")
    ssm.put_parameter(Name="/app/flag", Value="on", Type="String")
    assert ssm.get_parameter(Name="/app/flag")["Parameter"]["Value"] == "on"


def test_services_eventmock_emulates_stay_with_eventmock(both):
    events = client("events")
    events.create_event_bus(Name="orders")
    # eventmock's state, not moto's: the handle sees the bus
    assert "orders" in both.backend("events").buses
    assert {b["Name"] for b in events.list_event_buses()["EventBuses"]} == {"default", "orders"}


def test_without_a_mock_underneath_the_call_stops():
    with mock_aws():
        with pytest.raises(NotEmulatedError, match="dynamodb"):
            client("dynamodb").list_tables()


def test_after_moto_exits_nothing_is_passed_on():
    with mock_aws():
        with moto.mock_aws():
            client("dynamodb").list_tables()
        with pytest.raises(NotEmulatedError):
            client("dynamodb").list_tables()


def test_exclude_hands_an_emulated_service_to_moto():
    with moto.mock_aws(), mock_aws(exclude=["sqs"]) as aws:
        sqs = client("sqs")
        url = sqs.create_queue(QueueName="kept-by-moto")["QueueUrl"]
        assert sqs.get_queue_url(QueueName="kept-by-moto")["QueueUrl"] == url
        assert not aws.store.existing("sqs")  # eventmock holds no SQS state
        # ...while EventBridge is still eventmock's
        client("events").create_event_bus(Name="mine")
        assert "mine" in aws.backend("events").buses


def test_exclude_without_a_mock_underneath_stops_the_call():
    with mock_aws(exclude=("sqs",)):
        with pytest.raises(NotEmulatedError, match="hands 'sqs' to the mock underneath"):
            client("sqs").list_queues()


def test_exclude_holds_for_the_activation_that_names_it():
    with moto.mock_aws(), mock_aws() as aws:
        with mock_aws(exclude=["sqs"]):
            client("sqs").create_queue(QueueName="moto-q")
        client("sqs").create_queue(QueueName="eventmock-q")
        assert [q.name for q in aws.backend("sqs").queues.values()] == ["eventmock-q"]


def test_a_rule_delivers_to_an_excluded_sqs_queue_through_moto():
    with moto.mock_aws(), mock_aws(exclude=["sqs"]):
        sqs = client("sqs")
        url = sqs.create_queue(QueueName="targets")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        events = client("events")
        events.put_rule(Name="all", EventPattern=json.dumps({"source": ["shop"]}))
        events.put_targets(Rule="all", Targets=[{"Id": "q", "Arn": arn}])
        events.put_events(Entries=[{"Source": "shop", "DetailType": "order", "Detail": '{"id": 7}'}])
        messages = sqs.receive_message(QueueUrl=url)["Messages"]
        assert json.loads(messages[0]["Body"])["detail"] == {"id": 7}


def _state_machine() -> str:
    definition = {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}}
    return client("stepfunctions").create_state_machine(name="orders", definition=json.dumps(definition), roleArn=ROLE)[
        "stateMachineArn"
    ]


def test_a_step_functions_target_starts_an_execution_in_moto(both):
    machine = _state_machine()
    events = client("events")
    events.put_rule(Name="orders", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(
        Rule="orders",
        Targets=[{"Id": "sfn", "Arn": machine, "RoleArn": ROLE, "InputPath": "$.detail"}],
    )
    events.put_events(Entries=[{"Source": "shop", "DetailType": "order", "Detail": '{"id": 1}'}])
    sfn = client("stepfunctions")
    executions = sfn.list_executions(stateMachineArn=machine)["executions"]
    assert len(executions) == 1
    assert json.loads(sfn.describe_execution(executionArn=executions[0]["executionArn"])["input"]) == {"id": 1}
    assert both.backend("events").failed_deliveries == []


def test_an_ecs_target_runs_a_task_in_moto(both):
    ecs = client("ecs")
    cluster = ecs.create_cluster(clusterName="jobs")["cluster"]["clusterArn"]
    task = ecs.register_task_definition(
        family="job", containerDefinitions=[{"name": "c", "image": "busybox", "memory": 64}]
    )["taskDefinition"]["taskDefinitionArn"]
    events = client("events")
    events.put_rule(Name="jobs", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(
        Rule="jobs",
        Targets=[
            {
                "Id": "ecs",
                "Arn": cluster,
                "RoleArn": ROLE,
                "EcsParameters": {
                    "TaskDefinitionArn": task,
                    "TaskCount": 2,
                    "LaunchType": "FARGATE",
                    "NetworkConfiguration": {"awsvpcConfiguration": {"Subnets": ["subnet-1"], "AssignPublicIp": "ENABLED"}},
                },
            }
        ],
    )
    events.put_events(Entries=[{"Source": "shop", "DetailType": "order", "Detail": "{}"}])
    assert both.backend("events").failed_deliveries == []
    assert len(ecs.list_tasks(cluster="jobs")["taskArns"]) == 2


def test_without_a_mock_underneath_such_a_target_fails_and_is_recorded():
    with mock_aws() as aws:
        machine = "arn:aws:states:us-east-1:123456789012:stateMachine:orders"
        events = client("events")
        events.put_rule(Name="orders", EventPattern=json.dumps({"source": ["shop"]}))
        events.put_targets(Rule="orders", Targets=[{"Id": "sfn", "Arn": machine, "RoleArn": ROLE}])
        result = events.put_events(Entries=[{"Source": "shop", "DetailType": "order", "Detail": "{}"}])
        assert result["FailedEntryCount"] == 0  # accepted; the delivery is what fails
        [failure] = aws.backend("events").failed_deliveries
        assert failure.target_arn == machine
        assert failure.code == "NO_RESOURCE"
        assert "no mock underneath" in failure.message


def test_another_botocore_level_mock_can_plug_in():
    class Answering:
        name = "test-mock"
        enabled = False

        def active(self) -> bool:
            return self.enabled

        def answers(self, service: str, operation: str) -> bool:
            return service == "dynamodb"

        def in_account(self, request, account_id: str) -> None:
            pass

        def leave_alone(self) -> None:
            pass

    mock = Answering()
    underneath.register(mock)
    try:
        with mock_aws():
            assert underneath.answering("dynamodb", "ListTables") is None
            mock.enabled = True
            assert underneath.answering("dynamodb", "ListTables") is mock
            assert underneath.answering("ssm", "GetParameter") is None
            with pytest.raises(NotEmulatedError):
                client("ssm").get_parameter(Name="x")
    finally:
        underneath.unregister(mock)


def test_the_fixture_handle_carries_the_helpers(eventmock):
    calls = []
    eventmock.register_lambda("arn:aws:lambda:us-east-1:123456789012:function:f", lambda e, c: calls.append(e) or "ok")
    payload = client("lambda").invoke(FunctionName="f", Payload=b'{"a": 1}')["Payload"].read()
    assert json.loads(payload) == "ok" and calls == [{"a": 1}]
    assert callable(eventmock.publish_revision) and callable(eventmock.register_http)
    assert eventmock.http.requests == []


def test_package_level_helpers_are_the_handles():
    assert eventmock.register_http.__module__ == "eventmock.core.http"


def _rule_to(target: dict) -> None:
    events = client("events")
    events.put_rule(Name="jobs", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="jobs", Targets=[target])
    events.put_events(Entries=[{"Source": "shop", "DetailType": "order", "Detail": '{"id": 3}'}])


def test_a_codebuild_target_starts_a_build_in_moto(both):
    codebuild = client("codebuild")
    project = codebuild.create_project(
        name="nightly",
        source={"type": "S3", "location": "bucket/source.zip"},
        artifacts={"type": "NO_ARTIFACTS"},
        environment={"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0", "computeType": "BUILD_GENERAL1_SMALL"},
        serviceRole=ROLE,
    )["project"]["arn"]
    _rule_to({"Id": "build", "Arn": project, "RoleArn": ROLE})
    assert both.backend("events").failed_deliveries == []
    assert len(codebuild.list_builds_for_project(projectName="nightly")["ids"]) == 1


def test_an_ssm_automation_target_makes_the_call_aws_makes(both):
    ssm = client("ssm")
    ssm.create_document(
        Name="restart",
        DocumentType="Automation",
        DocumentFormat="JSON",
        Content=json.dumps(
            {
                "schemaVersion": "0.3",
                "parameters": {"id": {"type": "String"}},
                "mainSteps": [{"name": "wait", "action": "aws:sleep", "inputs": {"Duration": "PT1S"}}],
            }
        ),
    )
    arn = "arn:aws:ssm:us-east-1:123456789012:automation-definition/restart:$DEFAULT"
    _rule_to({"Id": "auto", "Arn": arn, "RoleArn": ROLE, "InputTransformer": {"InputPathsMap": {"id": "$.detail.id"}, "InputTemplate": '{"id": ["<id>"]}'}})
    # moto 5.2 has no StartAutomationExecution: it answers that it has not implemented
    # it, which shows the call made is the one AWS makes; the delivery is a failure.
    [failure] = both.backend("events").failed_deliveries
    assert failure.code == "SDK_CLIENT_ERROR"
    assert "start_automation_execution" in failure.message


def test_calls_passed_on_land_in_the_account_the_key_names(both):
    def table_arn(dynamodb):
        return dynamodb.create_table(
            TableName="t",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )["TableDescription"]["TableArn"]

    theirs = boto3.client("dynamodb", region_name=REGION, aws_access_key_id="111122223333", aws_secret_access_key="x")
    assert ":111122223333:" in table_arn(theirs)
    assert ":123456789012:" in table_arn(client("dynamodb"))


def test_a_cross_account_target_through_moto_lands_in_that_account(both):
    machine_client = boto3.client("stepfunctions", region_name=REGION, aws_access_key_id="111122223333", aws_secret_access_key="x")
    definition = {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}}
    machine = machine_client.create_state_machine(name="far", definition=json.dumps(definition), roleArn=ROLE)["stateMachineArn"]
    assert ":111122223333:" in machine
    events = client("events")
    events.put_rule(Name="far", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="far", Targets=[{"Id": "sfn", "Arn": machine, "RoleArn": ROLE}])
    events.put_events(Entries=[{"Source": "shop", "DetailType": "order", "Detail": "{}"}])
    assert both.backend("events").failed_deliveries == []
    assert len(machine_client.list_executions(stateMachineArn=machine)["executions"]) == 1


def test_a_log_group_target_with_slashes_reaches_that_group(both):
    logs = client("logs")
    logs.create_log_group(logGroupName="/aws/events/orders")
    events = client("events")
    events.put_rule(Name="log", EventPattern=json.dumps({"source": ["shop"]}))
    arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/orders:*"
    events.put_targets(Rule="log", Targets=[{"Id": "log", "Arn": arn}])
    events.put_events(Entries=[{"Source": "shop", "DetailType": "order", "Detail": '{"n": 1}'}])
    assert both.backend("events").failed_deliveries == []
    found = logs.filter_log_events(logGroupName="/aws/events/orders")["events"]
    assert [json.loads(e["message"])["detail"] for e in found] == [{"n": 1}]
