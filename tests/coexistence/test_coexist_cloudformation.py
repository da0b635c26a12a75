"""The CloudFormation bridge: with moto underneath, moto's CloudFormation answers the
stack calls, and a stack's resources of services eventmock emulates are made in
eventmock, where the test's own calls and eventmock's deliveries find them. Other
resource types stay moto's."""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.exceptions import ClientError

moto = pytest.importorskip("moto")
try:
    import moto.cloudformation.parsing as cfn_parsing  # needs moto's cloudformation extras
except ImportError:  # pragma: no cover - depends on what is installed
    pytest.skip("moto's CloudFormation extras are not installed (moto[cloudformation])", allow_module_level=True)

from eventmock import mock_aws  # noqa: E402

REGION = "us-east-1"
ACCOUNT = "123456789012"


def client(service: str):
    return boto3.client(service, region_name=REGION)


def stack(name: str, resources: dict, outputs: dict | None = None) -> dict[str, str]:
    """Create the stack; its outputs."""
    cf = client("cloudformation")
    template = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}
    if outputs:
        template["Outputs"] = {k: {"Value": v} for k, v in outputs.items()}
    cf.create_stack(StackName=name, TemplateBody=json.dumps(template))
    return outputs_of(name)


def update(name: str, resources: dict) -> None:
    template = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}
    client("cloudformation").update_stack(StackName=name, TemplateBody=json.dumps(template))


def outputs_of(name: str) -> dict[str, str]:
    found = client("cloudformation").describe_stacks(StackName=name)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in found.get("Outputs", [])}


def test_a_stack_queue_is_eventmocks_with_refs_and_attributes(both):
    queue = {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "orders", "VisibilityTimeout": 60, "Tags": [{"Key": "team", "Value": "a"}]}}
    out = stack(
        "app",
        {"Q": queue},
        {"Url": {"Ref": "Q"}, "Arn": {"Fn::GetAtt": ["Q", "Arn"]}, "Name": {"Fn::GetAtt": ["Q", "QueueName"]}},
    )
    sqs = client("sqs")
    url = sqs.get_queue_url(QueueName="orders")["QueueUrl"]
    assert out == {"Url": url, "Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders", "Name": "orders"}
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"] == {"VisibilityTimeout": "60"}
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"team": "a"}
    summary = client("cloudformation").list_stack_resources(StackName="app")["StackResourceSummaries"][0]
    assert (summary["LogicalResourceId"], summary["PhysicalResourceId"], summary["ResourceType"]) == ("Q", url, "AWS::SQS::Queue")
    # eventmock holds it, moto does not
    assert both.backend("sqs").queues
    from moto.sqs.models import sqs_backends

    assert not sqs_backends[ACCOUNT][REGION].queues

    queue["Properties"]["VisibilityTimeout"] = 90
    update("app", {"Q": queue})
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"] == {"VisibilityTimeout": "90"}

    client("cloudformation").delete_stack(StackName="app")
    assert "QueueUrls" not in sqs.list_queues()


def test_a_generated_fifo_queue_name_ends_in_fifo(both):
    out = stack("fifo", {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"FifoQueue": True}}}, {"Name": {"Fn::GetAtt": ["Q", "QueueName"]}})
    assert out["Name"].startswith("fifo-Q-") and out["Name"].endswith(".fifo")
    url = client("sqs").get_queue_url(QueueName=out["Name"])["QueueUrl"]
    assert client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["FifoQueue"])["Attributes"] == {"FifoQueue": "true"}


def test_a_stack_topic_delivers_to_a_stack_queue(both):
    resources = {
        "Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "inbox"}},
        "T": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "news", "DisplayName": "News"}},
        "S": {
            "Type": "AWS::SNS::Subscription",
            "Properties": {"TopicArn": {"Ref": "T"}, "Protocol": "sqs", "Endpoint": {"Fn::GetAtt": ["Q", "Arn"]}, "RawMessageDelivery": True},
        },
    }
    out = stack("news", resources, {"Topic": {"Ref": "T"}, "Name": {"Fn::GetAtt": ["T", "TopicName"]}, "Sub": {"Ref": "S"}})
    topic = f"arn:aws:sns:{REGION}:{ACCOUNT}:news"
    assert out["Topic"] == topic and out["Name"] == "news"
    sns = client("sns")
    assert sns.get_topic_attributes(TopicArn=topic)["Attributes"]["DisplayName"] == "News"
    assert sns.get_subscription_attributes(SubscriptionArn=out["Sub"])["Attributes"]["RawMessageDelivery"] == "true"
    sns.publish(TopicArn=topic, Message="hello")
    sqs = client("sqs")
    url = sqs.get_queue_url(QueueName="inbox")["QueueUrl"]
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=url)["Messages"]] == ["hello"]

    client("cloudformation").delete_stack(StackName="news")
    assert sns.list_topics()["Topics"] == []
    assert sns.list_subscriptions()["Subscriptions"] == []


def test_a_stack_stream_is_updated_in_place(both):
    stream = {"Type": "AWS::Kinesis::Stream", "Properties": {"Name": "clicks", "ShardCount": 2, "RetentionPeriodHours": 48}}
    out = stack("clicks", {"S": stream}, {"Name": {"Ref": "S"}, "Arn": {"Fn::GetAtt": ["S", "Arn"]}})
    kinesis = client("kinesis")
    summary = kinesis.describe_stream_summary(StreamName="clicks")["StreamDescriptionSummary"]
    assert out == {"Name": "clicks", "Arn": summary["StreamARN"]}
    assert (summary["OpenShardCount"], summary["RetentionPeriodHours"]) == (2, 48)

    stream["Properties"].update(ShardCount=4, RetentionPeriodHours=24)
    update("clicks", {"S": stream})
    summary = kinesis.describe_stream_summary(StreamName="clicks")["StreamDescriptionSummary"]
    assert (summary["OpenShardCount"], summary["RetentionPeriodHours"]) == (4, 24)
    assert summary["StreamARN"] == out["Arn"]  # the same stream


def test_renaming_a_stack_stream_replaces_it(both):
    stack("ren", {"S": {"Type": "AWS::Kinesis::Stream", "Properties": {"Name": "one"}}})
    update("ren", {"S": {"Type": "AWS::Kinesis::Stream", "Properties": {"Name": "two"}}})
    assert client("kinesis").list_streams()["StreamNames"] == ["two"]


def test_a_stack_log_group(both):
    group = {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/app/web", "RetentionInDays": 7}}
    out = stack("logs", {"G": group}, {"Name": {"Ref": "G"}, "Arn": {"Fn::GetAtt": ["G", "Arn"]}})
    assert out == {"Name": "/app/web", "Arn": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/app/web:*"}
    logs = client("logs")
    assert logs.describe_log_groups(logGroupNamePrefix="/app")["logGroups"][0]["retentionInDays"] == 7
    del group["Properties"]["RetentionInDays"]
    update("logs", {"G": group})
    assert "retentionInDays" not in logs.describe_log_groups(logGroupNamePrefix="/app")["logGroups"][0]
    client("cloudformation").delete_stack(StackName="logs")
    assert logs.describe_log_groups()["logGroups"] == []


ROLE = f"arn:aws:iam::{ACCOUNT}:role/lambda"
SOURCE = "def handler(event, context):\n    return {'got': event}\n"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def make_role() -> None:
    """The functions' role, in moto's IAM: Lambda refuses a role that does not exist."""
    client("iam").create_role(RoleName="lambda", AssumeRolePolicyDocument=TRUST)


def test_a_stack_function_runs_its_inline_code(both):
    make_role()
    resources = {
        "F": {
            "Type": "AWS::Lambda::Function",
            "Properties": {"FunctionName": "echo", "Runtime": "python3.12", "Handler": "index.handler", "Role": ROLE, "Code": {"ZipFile": SOURCE}},
        },
        "V": {"Type": "AWS::Lambda::Version", "Properties": {"FunctionName": {"Ref": "F"}}},
        "A": {"Type": "AWS::Lambda::Alias", "Properties": {"FunctionName": {"Ref": "F"}, "Name": "live", "FunctionVersion": {"Fn::GetAtt": ["V", "Version"]}}},
    }
    out = stack("fn", resources, {"Name": {"Ref": "F"}, "Arn": {"Fn::GetAtt": ["F", "Arn"]}, "Version": {"Ref": "V"}, "Alias": {"Ref": "A"}})
    arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:echo"
    assert out == {"Name": "echo", "Arn": arn, "Version": f"{arn}:1", "Alias": f"{arn}:live"}
    answer = client("lambda").invoke(FunctionName="echo", Qualifier="live", Payload=b'{"n": 1}')
    assert json.loads(answer["Payload"].read()) == {"got": {"n": 1}}

    client("cloudformation").delete_stack(StackName="fn")
    with pytest.raises(ClientError) as caught:
        client("lambda").get_function(FunctionName="echo")
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_a_stack_rule_delivers_to_a_stack_queue(both):
    resources = {
        "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "orders"}},
        "Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "placed"}},
        "R": {
            "Type": "AWS::Events::Rule",
            "Properties": {
                "Name": "on-placed",
                "EventBusName": {"Ref": "Bus"},
                "EventPattern": {"detail-type": ["placed"]},
                "Targets": [{"Id": "q", "Arn": {"Fn::GetAtt": ["Q", "Arn"]}, "InputPath": "$.detail"}],
            },
        },
    }
    out = stack("ev", resources, {"Rule": {"Ref": "R"}, "RuleArn": {"Fn::GetAtt": ["R", "Arn"]}, "Bus": {"Fn::GetAtt": ["Bus", "Arn"]}})
    assert out == {
        "Rule": "orders|on-placed",
        "RuleArn": f"arn:aws:events:{REGION}:{ACCOUNT}:rule/orders/on-placed",
        "Bus": f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/orders",
    }
    client("events").put_events(Entries=[{"EventBusName": "orders", "Source": "shop", "DetailType": "placed", "Detail": '{"id": 7}'}])
    url = client("sqs").get_queue_url(QueueName="placed")["QueueUrl"]
    assert [json.loads(m["Body"]) for m in client("sqs").receive_message(QueueUrl=url)["Messages"]] == [{"id": 7}]


def test_other_resource_types_stay_motos(both):
    stack("params", {"P": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/flag", "Type": "String", "Value": "on"}}})
    assert client("ssm").get_parameter(Name="/flag")["Parameter"]["Value"] == "on"


def test_an_excluded_service_stays_motos():
    with moto.mock_aws(), mock_aws(exclude=["sqs"]) as aws:
        stack("ex", {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "theirs"}}})
        assert client("sqs").get_queue_url(QueueName="theirs")["QueueUrl"].endswith("/theirs")  # moto answers
        assert not aws.store.existing("sqs")


def test_the_hook_is_undone_when_the_mock_exits():
    original = cfn_parsing.resource_class_from_type
    with moto.mock_aws():
        with mock_aws():
            stack("undo", {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "q"}}})
            assert cfn_parsing.resource_class_from_type is not original
        assert cfn_parsing.resource_class_from_type is original
        # moto alone again: its CloudFormation makes the queue in its own SQS
        stack("after", {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "mine"}}})
        from moto.sqs.models import sqs_backends

        assert "mine" in sqs_backends[ACCOUNT][REGION].queues


def test_a_generated_name_is_cut_to_what_the_service_takes(both):
    name = "s" * 70  # with "-Q-" and the suffix, more than SQS's 80 characters
    out = stack(name, {"Q": {"Type": "AWS::SQS::Queue"}}, {"Name": {"Fn::GetAtt": ["Q", "QueueName"]}})
    assert len(out["Name"]) <= 80 and out["Name"].startswith("sssss")
    assert client("sqs").get_queue_url(QueueName=out["Name"])["QueueUrl"].endswith("/" + out["Name"])


YAML_STACK = """
AWSTemplateFormatVersion: 2010-09-09
Resources:
  Q:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: guarded
  Policy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Q]
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal: {Service: events.amazonaws.com}
            Action: sqs:SendMessage
            Resource: !GetAtt Q.Arn
  Archive:
    Type: AWS::Events::Archive
    Properties:
      ArchiveName: everything
      SourceArn: !Sub arn:aws:events:${AWS::Region}:${AWS::AccountId}:event-bus/default
      RetentionDays: 3
  LogPolicy:
    Type: AWS::Logs::ResourcePolicy
    Properties:
      PolicyName: delivery
      PolicyDocument: '{"Version": "2012-10-17", "Statement": []}'
"""


def test_a_yaml_stack_with_policies_and_an_archive(both):
    client("cloudformation").create_stack(StackName="yaml", TemplateBody=YAML_STACK)
    sqs = client("sqs")
    url = sqs.get_queue_url(QueueName="guarded")["QueueUrl"]
    policy = json.loads(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])["Attributes"]["Policy"])
    assert policy["Version"] == "2012-10-17"  # YAML's date, written as CloudFormation reads it
    archive = client("events").describe_archive(ArchiveName="everything")
    assert (archive["RetentionDays"], archive["EventSourceArn"]) == (3, f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/default")
    assert [p["policyName"] for p in client("logs").describe_resource_policies()["resourcePolicies"]] == ["delivery"]

    client("cloudformation").delete_stack(StackName="yaml")
    assert client("events").list_archives()["Archives"] == []
    assert client("logs").describe_resource_policies()["resourcePolicies"] == []


def test_stack_events_are_published_to_an_eventmock_topic(both):
    sqs, sns = client("sqs"), client("sns")
    url = sqs.create_queue(QueueName="stack-events")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    topic = sns.create_topic(Name="stack-events")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    template = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}
    client("cloudformation").create_stack(StackName="noisy", TemplateBody=json.dumps(template), NotificationARNs=[topic])
    first = json.loads(sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"])
    assert (first["TopicArn"], first["Subject"]) == (topic, "AWS CloudFormation Notification")
    assert "StackName='noisy'" in first["Message"]


def test_a_stack_function_is_updated_in_place(both):
    make_role()
    function = {
        "Type": "AWS::Lambda::Function",
        "Properties": {
            "FunctionName": "conf",
            "Runtime": "python3.12",
            "Handler": "index.handler",
            "Role": ROLE,
            "Code": {"ZipFile": SOURCE},
            "Timeout": "30",  # CloudFormation takes numbers as text too
            "Environment": {"Variables": {"MODE": "a"}},
        },
    }
    stack("conf", {"F": function})
    lam = client("lambda")
    config = lam.get_function_configuration(FunctionName="conf")
    assert (config["Timeout"], config["Environment"]["Variables"]) == (30, {"MODE": "a"})
    del function["Properties"]["Environment"]
    function["Properties"]["Code"] = {"ZipFile": SOURCE.replace("'got'", "'now'")}
    update("conf", {"F": function})
    config = lam.get_function_configuration(FunctionName="conf")
    assert config["Environment"] == {"Variables": {}}  # the removed property's variables are gone
    answer = lam.invoke(FunctionName="conf", Payload=b"1")
    assert json.loads(answer["Payload"].read()) == {"now": 1}


def test_a_stack_topic_policy(both):
    statement = {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sns:Publish", "Resource": {"Ref": "T"}}
    resources = {
        "T": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "alerts"}},
        "P": {"Type": "AWS::SNS::TopicPolicy", "Properties": {"Topics": [{"Ref": "T"}], "PolicyDocument": {"Version": "2012-10-17", "Statement": [statement]}}},
    }
    stack("tp", resources)
    topic = f"arn:aws:sns:{REGION}:{ACCOUNT}:alerts"
    policy = json.loads(client("sns").get_topic_attributes(TopicArn=topic)["Attributes"]["Policy"])
    assert policy["Statement"] == [{**statement, "Resource": topic}]
