"""Pipes' control plane: create, describe, list, update, start, stop, delete, tags."""

from __future__ import annotations

import datetime as dt

import pytest
from pipes_support import ACCOUNT, REGION, ROLE, error_of, function_arn, make_queue

from eventmock import register_lambda


@pytest.fixture
def queues(sqs):
    _, source = make_queue(sqs, "source")
    _, target = make_queue(sqs, "target")
    return source, target


def test_create_answers_creating_then_running(pipes, queues):
    source, target = queues
    created = pipes.create_pipe(Name="p", Source=source, Target=target, RoleArn=ROLE)
    assert created["Arn"] == f"arn:aws:pipes:{REGION}:{ACCOUNT}:pipe/p"
    assert (created["Name"], created["DesiredState"], created["CurrentState"]) == ("p", "RUNNING", "CREATING")
    assert isinstance(created["CreationTime"], dt.datetime)
    described = pipes.describe_pipe(Name="p")
    assert described["CurrentState"] == "RUNNING"
    assert (described["Source"], described["Target"], described["RoleArn"]) == (source, target, ROLE)


def test_created_stopped_then_started_and_stopped(pipes, queues):
    source, target = queues
    pipes.create_pipe(Name="p", Source=source, Target=target, RoleArn=ROLE, DesiredState="STOPPED")
    assert pipes.describe_pipe(Name="p")["CurrentState"] == "STOPPED"
    started = pipes.start_pipe(Name="p")
    assert (started["DesiredState"], started["CurrentState"]) == ("RUNNING", "STARTING")
    assert pipes.describe_pipe(Name="p")["CurrentState"] == "RUNNING"
    stopped = pipes.stop_pipe(Name="p")
    assert (stopped["DesiredState"], stopped["CurrentState"]) == ("STOPPED", "STOPPING")
    assert pipes.describe_pipe(Name="p")["CurrentState"] == "STOPPED"


def test_update_answers_updating(pipes, queues, sqs):
    source, target = queues
    pipes.create_pipe(Name="p", Source=source, Target=target, RoleArn=ROLE)
    _, other = make_queue(sqs, "other")
    updated = pipes.update_pipe(
        Name="p", RoleArn=ROLE, Target=other, Description="new", SourceParameters={"SqsQueueParameters": {"BatchSize": 5}}
    )
    assert updated["CurrentState"] == "UPDATING"
    described = pipes.describe_pipe(Name="p")
    assert described["CurrentState"] == "RUNNING"
    assert described["Target"] == other
    assert described["Description"] == "new"
    assert described["SourceParameters"]["SqsQueueParameters"]["BatchSize"] == 5


def test_delete_answers_deleting_then_gone(pipes, queues):
    source, target = queues
    pipes.create_pipe(Name="p", Source=source, Target=target, RoleArn=ROLE)
    deleted = pipes.delete_pipe(Name="p")
    assert (deleted["DesiredState"], deleted["CurrentState"]) == ("DELETED", "DELETING")
    with pytest.raises(pipes.exceptions.NotFoundException) as excinfo:
        pipes.describe_pipe(Name="p")
    assert error_of(excinfo)[2] == 404
    assert pipes.list_pipes()["Pipes"] == []


def test_list_filters_and_pages(pipes, queues, sqs):
    source, target = queues
    _, other_source = make_queue(sqs, "zeta")
    pipes.create_pipe(Name="alpha-1", Source=source, Target=target, RoleArn=ROLE)
    pipes.create_pipe(Name="alpha-2", Source=other_source, Target=target, RoleArn=ROLE, DesiredState="STOPPED")
    pipes.create_pipe(Name="beta", Source=source, Target=other_source, RoleArn=ROLE)

    def names(**kwargs):
        return [p["Name"] for p in pipes.list_pipes(**kwargs)["Pipes"]]

    assert names() == ["alpha-1", "alpha-2", "beta"]
    assert names(NamePrefix="alpha") == ["alpha-1", "alpha-2"]
    assert names(SourcePrefix=other_source) == ["alpha-2"]
    assert names(TargetPrefix=other_source) == ["beta"]
    assert names(DesiredState="STOPPED") == ["alpha-2"]
    assert names(CurrentState="RUNNING") == ["alpha-1", "beta"]
    first = pipes.list_pipes(Limit=2)
    assert len(first["Pipes"]) == 2
    rest = pipes.list_pipes(Limit=2, NextToken=first["NextToken"])
    assert [p["Name"] for p in rest["Pipes"]] == ["beta"] and "NextToken" not in rest
    summary = pipes.list_pipes(NamePrefix="beta")["Pipes"][0]
    assert set(summary) == {"Name", "Arn", "DesiredState", "CurrentState", "CreationTime", "LastModifiedTime", "Source", "Target"}


def test_tags(pipes, queues):
    source, target = queues
    arn = pipes.create_pipe(Name="p", Source=source, Target=target, RoleArn=ROLE, Tags={"a": "1"})["Arn"]
    pipes.tag_resource(resourceArn=arn, tags={"b": "2"})
    pipes.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert pipes.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "2"}
    assert pipes.describe_pipe(Name="p")["Tags"] == {"b": "2"}
    with pytest.raises(pipes.exceptions.NotFoundException):
        pipes.list_tags_for_resource(resourceArn=arn + "x")


def test_duplicate_name_is_a_conflict(pipes, queues):
    source, target = queues
    pipes.create_pipe(Name="p", Source=source, Target=target, RoleArn=ROLE)
    with pytest.raises(pipes.exceptions.ConflictException) as excinfo:
        pipes.create_pipe(Name="p", Source=source, Target=target, RoleArn=ROLE)
    assert error_of(excinfo)[0::2] == ("ConflictException", 409)
    assert excinfo.value.response["resourceId"] == "p"
    assert excinfo.value.response["resourceType"] == "pipe"


def test_missing_pipe(pipes):
    for call in (pipes.describe_pipe, pipes.start_pipe, pipes.stop_pipe, pipes.delete_pipe):
        with pytest.raises(pipes.exceptions.NotFoundException):
            call(Name="nope")
    with pytest.raises(pipes.exceptions.NotFoundException):
        pipes.update_pipe(Name="nope", RoleArn=ROLE)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"SourceParameters": {"KinesisStreamParameters": {"StartingPosition": "LATEST"}}}, "SourceParameters.KinesisStreamParameters"),
        ({"TargetParameters": {"KinesisStreamParameters": {"PartitionKey": "k"}}}, "TargetParameters.KinesisStreamParameters"),
        ({"Target": f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/s"}, "TargetParameters.KinesisStreamParameters"),
        ({"Enrichment": f"arn:aws:sqs:{REGION}:{ACCOUNT}:q"}, "Enrichment"),
        ({"Source": f"arn:aws:sns:{REGION}:{ACCOUNT}:topic"}, "Source"),
        ({"SourceParameters": {"FilterCriteria": {"Filters": [{"Pattern": "not json"}]}}}, "SourceParameters.FilterCriteria"),
    ],
)
def test_validation_names_the_field_and_creates_nothing(pipes, queues, change, field):
    source, target = queues
    params = {"Name": "p", "Source": source, "Target": target, "RoleArn": ROLE, **change}
    with pytest.raises(pipes.exceptions.ValidationException) as excinfo:
        pipes.create_pipe(**params)
    assert error_of(excinfo)[0::2] == ("ValidationException", 400)
    assert [f["name"] for f in excinfo.value.response["fieldList"]] == [field]
    assert pipes.list_pipes()["Pipes"] == []


def test_kinesis_source_needs_starting_position_block(pipes, kinesis, queues):
    kinesis.create_stream(StreamName="s", ShardCount=1)
    stream = kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]["StreamARN"]
    with pytest.raises(pipes.exceptions.ValidationException) as excinfo:
        pipes.create_pipe(Name="p", Source=stream, Target=queues[1], RoleArn=ROLE)
    assert excinfo.value.response["fieldList"] == [{"name": "SourceParameters.KinesisStreamParameters", "message": "Missing required parameter."}]


def test_model_constraints_are_checked(pipes, queues):
    source, target = queues
    with pytest.raises(pipes.exceptions.ValidationException):
        pipes.create_pipe(Name="p", Source=source, Target=target, RoleArn=ROLE, SourceParameters={"SqsQueueParameters": {"BatchSize": 10001}})


@pytest.mark.parametrize(
    ("change", "path", "longest"),
    [
        (
            {"TargetParameters": {"EventBridgeEventBusParameters": {"EndpointId": "x" * 100_000}}},
            "targetParameters.eventBridgeEventBusParameters.endpointId",
            50,
        ),
        (
            {"SourceParameters": {"SelfManagedKafkaParameters": {"TopicName": "orders", "AdditionalBootstrapServers": ["x" * 30_000]}}},
            "sourceParameters.selfManagedKafkaParameters.additionalBootstrapServers.1.member",
            300,
        ),
    ],
)
def test_a_value_far_past_its_max_length_is_refused_for_its_length(pipes, queues, change, path, longest):
    """Its pattern is not matched (it would take quadratic time on such a value: issue
    #23); the one problem is the length."""
    source, target = queues
    if "SourceParameters" in change:
        source = "smk://broker-1.example.com:9092"
        target = f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/default"
    with pytest.raises(pipes.exceptions.ValidationException) as excinfo:
        pipes.create_pipe(Name="p", Source=source, Target=target, RoleArn=ROLE, **change)
    # the values are sensitive: AWS's message does not echo them
    assert error_of(excinfo)[1] == (
        f"1 validation error detected: Value at '{path}' failed to satisfy constraint: "
        f"Member must have length less than or equal to {longest}"
    )
    assert pipes.list_pipes()["Pipes"] == []


def test_missing_source_fails_creation(pipes, queues):
    _, target = queues
    missing = f"arn:aws:sqs:{REGION}:{ACCOUNT}:missing"
    pipes.create_pipe(Name="p", Source=missing, Target=target, RoleArn=ROLE)
    described = pipes.describe_pipe(Name="p")
    assert described["CurrentState"] == "CREATE_FAILED"
    assert missing in described["StateReason"]


def test_lambda_enrichment_is_accepted(pipes, queues):
    register_lambda(function_arn("enrich"), lambda event, context: event)
    source, target = queues
    pipes.create_pipe(Name="p", Source=source, Target=target, RoleArn=ROLE, Enrichment=function_arn("enrich"))
    assert pipes.describe_pipe(Name="p")["Enrichment"] == function_arn("enrich")
