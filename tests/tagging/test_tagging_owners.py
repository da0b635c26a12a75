"""Every taggable resource kind of eventmock's services through the Resource Groups
Tagging API: created with tags through boto3, listed by ``get_resources`` under its
resource type, tagged through ``tag_resources`` and seen by the service's own tag
listing, untagged likewise."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from eventmock import mock_aws, register_lambda

REGION = "us-east-2"
ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/r"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:worker"


def client(service: str) -> Any:
    return boto3.client(service, region_name=REGION)


def _mapping() -> str:
    sqs = client("sqs")
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    queue = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    register_lambda(FUNCTION, lambda event, context: None)
    created = client("lambda").create_event_source_mapping(EventSourceArn=queue, FunctionName="worker", Tags={"team": "a"})
    return str(created["EventSourceMappingArn"])


def _signing_config() -> str:
    publishers = {"SigningProfileVersionArns": [f"arn:aws:signer:{REGION}:{ACCOUNT}:/signing-profiles/test"]}
    created = client("lambda").create_code_signing_config(AllowedPublishers=publishers, Tags={"team": "a"})
    return str(created["CodeSigningConfig"]["CodeSigningConfigArn"])


def _capacity_provider() -> str:
    created = client("lambda").create_capacity_provider(
        CapacityProviderName="fleet",
        VpcConfig={"SubnetIds": ["subnet-0123"], "SecurityGroupIds": ["sg-0123"]},
        PermissionsConfig={"CapacityProviderOperatorRoleArn": f"arn:aws:iam::{ACCOUNT}:role/operator"},
        Tags={"team": "a"},
    )
    return str(created["CapacityProvider"]["CapacityProviderArn"])


def _lambda_tags(arn: str) -> dict[str, str]:
    return dict(client("lambda").list_tags(Resource=arn)["Tags"])


def _destination() -> str:
    stream = client("kinesis")
    stream.create_stream(StreamName="central", ShardCount=1)
    target = f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/central"
    answer = client("logs").put_destination(destinationName="central", targetArn=target, roleArn=ROLE, tags={"team": "a"})
    return str(answer["destination"]["arn"])


def _logs_tags(arn: str) -> dict[str, str]:
    return dict(client("logs").list_tags_for_resource(resourceArn=arn)["tags"])


def _consumer() -> str:
    kinesis = client("kinesis")
    kinesis.create_stream(StreamName="feed", ShardCount=1)
    stream = kinesis.describe_stream_summary(StreamName="feed")["StreamDescriptionSummary"]["StreamARN"]
    return str(kinesis.register_stream_consumer(StreamARN=stream, ConsumerName="reader", Tags={"team": "a"})["Consumer"]["ConsumerARN"])


def _stream() -> str:
    kinesis = client("kinesis")
    kinesis.create_stream(StreamName="feed", ShardCount=1, Tags={"team": "a"})
    return str(kinesis.describe_stream_summary(StreamName="feed")["StreamDescriptionSummary"]["StreamARN"])


def _channel() -> str:
    kinesis = client("kinesis")
    kinesis.create_stream(StreamName="feed", StreamModeDetails={"StreamMode": "ON_DEMAND"})
    stream = kinesis.describe_stream_summary(StreamName="feed")["StreamDescriptionSummary"]["StreamARN"]
    storage = {"BucketARN": "arn:aws:s3:::bucket", "ExpectedBucketOwner": ACCOUNT, "CompressionType": "GZIP"}
    return str(
        kinesis.create_channel(
            ChannelName="c",
            ServiceExecutionRoleARN=f"arn:aws:iam::{ACCOUNT}:role/channel",
            StreamConfigurationList=[{"StreamARN": stream, "RecordConfiguration": {"RecordFormatType": "JSON"}}],
            S3DestinationConfiguration={"StorageConfiguration": storage},
            Tags={"team": "a"},
        )["ChannelDescription"]["ChannelARN"]
    )


def _kinesis_queue() -> str:
    kinesis = client("kinesis")
    kinesis.create_stream(StreamName="feed", StreamModeDetails={"StreamMode": "ON_DEMAND"})
    stream = kinesis.describe_stream_summary(StreamName="feed")["StreamDescriptionSummary"]["StreamARN"]
    config = {"StreamARN": stream, "StartingPosition": {"Type": "TRIM_HORIZON"}}
    return str(kinesis.create_queue(QueueName="q", StreamConfigurationList=[config], Tags={"team": "a"})["QueueDescription"]["QueueARN"])


def _kinesis_tags(arn: str) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in client("kinesis").list_tags_for_resource(ResourceARN=arn)["Tags"]}


def _app() -> str:
    return str(client("pinpoint").create_app(CreateApplicationRequest={"Name": "shop", "tags": {"team": "a"}})["ApplicationResponse"]["Arn"])


def _pinpoint_tags(arn: str) -> dict[str, str]:
    return dict(client("pinpoint").list_tags_for_resource(ResourceArn=arn)["TagsModel"]["tags"])


def _domain() -> str:
    client("customer-profiles").create_domain(DomainName="shoppers", DefaultExpirationDays=30, Tags={"team": "a"})
    return f"arn:aws:profile:{REGION}:{ACCOUNT}:domains/shoppers"


def _object_type() -> str:
    profiles = client("customer-profiles")
    profiles.create_domain(DomainName="shoppers", DefaultExpirationDays=30)
    fields = {"orderId": {"Source": "_source.orderId", "Target": "Order.orderId"}}
    keys = {"_orderId": [{"StandardIdentifiers": ["UNIQUE"], "FieldNames": ["orderId"]}]}
    answer = profiles.put_profile_object_type(
        DomainName="shoppers", ObjectTypeName="Order", Description="d", Fields=fields, Keys=keys, Tags={"team": "a"}
    )
    assert answer["Tags"] == {"team": "a"}
    return f"arn:aws:profile:{REGION}:{ACCOUNT}:domains/shoppers/object-types/Order"


def _event_stream() -> str:
    client("kinesis").create_stream(StreamName="profiles", ShardCount=1)
    profiles = client("customer-profiles")
    profiles.create_domain(DomainName="shoppers", DefaultExpirationDays=30)
    stream = f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/profiles"
    return str(profiles.create_event_stream(DomainName="shoppers", EventStreamName="es", Uri=stream, Tags={"team": "a"})["EventStreamArn"])


def _revision() -> str:
    dx = client("dataexchange")
    data_set = dx.create_data_set(AssetType="S3_SNAPSHOT", Name="prices", Description="Daily prices")
    return str(dx.create_revision(DataSetId=data_set["Id"], Tags={"team": "a"})["Arn"])


def _event_action() -> str:
    dx = client("dataexchange")
    data_set = dx.create_data_set(AssetType="S3_SNAPSHOT", Name="prices", Description="Daily prices")
    action = {"ExportRevisionToS3": {"RevisionDestination": {"Bucket": "subscriber-data"}}}
    event = {"RevisionPublished": {"DataSetId": data_set["Id"]}}
    return str(dx.create_event_action(Action=action, Event=event, Tags={"team": "a"})["Arn"])


def _data_grant() -> str:
    dx = client("dataexchange")
    data_set = dx.create_data_set(AssetType="S3_SNAPSHOT", Name="prices", Description="Daily prices")
    granted = dx.create_data_grant(
        Name="g", GrantDistributionScope="NONE", ReceiverPrincipal="210987654321", SourceDataSetId=data_set["Id"], Tags={"team": "a"}
    )
    return str(granted["Arn"])


def _dataexchange_tags(arn: str) -> dict[str, str]:
    return dict(client("dataexchange").list_tags_for_resource(ResourceArn=arn).get("Tags") or {})


def _profiles_tags(arn: str) -> dict[str, str]:
    return dict(client("customer-profiles").list_tags_for_resource(resourceArn=arn)["tags"])


#: (resource type, how to make one tagged team=a and answer its ARN, its service's own tag listing)
KINDS: list[Any] = [
    ("lambda:event-source-mapping", _mapping, _lambda_tags),
    ("lambda:code-signing-config", _signing_config, _lambda_tags),
    pytest.param(
        "lambda:capacity-provider", _capacity_provider, _lambda_tags,
        marks=pytest.mark.model("lambda", "CreateCapacityProviderRequest", "CapacityProviderName"),
    ),
    ("logs:destination", _destination, _logs_tags),
    ("kinesis:stream", _stream, _kinesis_tags),
    ("kinesis:stream", _consumer, _kinesis_tags),
    pytest.param("kinesis:channel", _channel, _kinesis_tags, marks=pytest.mark.model("kinesis", "CreateChannelInput", "ChannelName")),
    pytest.param("kinesis:queue", _kinesis_queue, _kinesis_tags, marks=pytest.mark.model("kinesis", "CreateQueueInput", "QueueName")),
    ("mobiletargeting:apps", _app, _pinpoint_tags),
    ("profile:domains", _domain, _profiles_tags),
    # The type is the ARN resource part's first word (domains/NAME/object-types/TYPE).
    ("profile:domains", _object_type, _profiles_tags),
    ("profile:domains", _event_stream, _profiles_tags),
    ("dataexchange:data-sets", _revision, _dataexchange_tags),
    ("dataexchange:event-actions", _event_action, _dataexchange_tags),
    ("dataexchange:data-grants", _data_grant, _dataexchange_tags),
]


@pytest.fixture
def aws():
    with mock_aws():
        yield


def _id(kind: Any) -> str:
    values = kind.values if hasattr(kind, "values") else kind
    return f"{values[0]}-{values[1].__name__.strip('_')}"


@pytest.mark.parametrize(("kind", "make", "tags_of"), KINDS, ids=[_id(k) for k in KINDS])
def test_each_kind_is_listed_tagged_and_untagged_through_its_own_service(aws, kind, make, tags_of):
    arn = make()
    tagging = client("resourcegroupstaggingapi")

    found = tagging.get_resources(ResourceTypeFilters=[kind], TagFilters=[{"Key": "team", "Values": ["a"]}])
    assert [m["ResourceARN"] for m in found["ResourceTagMappingList"]] == [arn]
    assert found["ResourceTagMappingList"][0]["Tags"] == [{"Key": "team", "Value": "a"}]
    namespace = kind.split(":")[0]
    assert arn in [m["ResourceARN"] for m in tagging.get_resources(ResourceTypeFilters=[namespace])["ResourceTagMappingList"]]

    assert tagging.tag_resources(ResourceARNList=[arn], Tags={"env": "dev"})["FailedResourcesMap"] == {}
    assert tags_of(arn) == {"team": "a", "env": "dev"}
    assert tagging.get_tag_values(Key="env")["TagValues"] == ["dev"]

    assert tagging.untag_resources(ResourceARNList=[arn], TagKeys=["team", "env"])["FailedResourcesMap"] == {}
    assert tags_of(arn) == {}
    assert tagging.get_resources(ResourceTypeFilters=[kind])["ResourceTagMappingList"] == []


def test_a_type_filter_takes_only_its_kind(aws):
    mapping, signing = _mapping(), _signing_config()
    tagging = client("resourcegroupstaggingapi")

    def listed(kinds: list[str]) -> list[str]:
        return sorted(m["ResourceARN"] for m in tagging.get_resources(ResourceTypeFilters=kinds)["ResourceTagMappingList"])

    assert listed(["lambda:event-source-mapping"]) == [mapping]
    assert listed(["lambda:code-signing-config"]) == [signing]
    assert listed(["lambda:function"]) == []
    assert listed(["lambda"]) == sorted([mapping, signing])


def test_a_refusal_of_the_owning_service_lands_in_failed_resources(aws):
    arn = _app()
    missing = arn.rsplit("/", 1)[0] + "/0123456789abcdef0123456789abcdef"
    failed = client("resourcegroupstaggingapi").tag_resources(ResourceARNList=[arn, missing], Tags={"env": "dev"})["FailedResourcesMap"]
    assert list(failed) == [missing]
    assert failed[missing]["StatusCode"] == 404
    assert _pinpoint_tags(arn) == {"team": "a", "env": "dev"}
