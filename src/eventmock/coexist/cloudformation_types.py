"""The CloudFormation resource types the bridge makes in eventmock
(:mod:`eventmock.coexist.cloudformation`), by family: for each, the calls a boto3
client would make to create, update and delete it, and what ``Ref`` and
``Fn::GetAtt`` give, as the CloudFormation resource reference documents them.
Properties keep CloudFormation's names where the API's are the same;
:meth:`StackResource.call` gives values the types the API's input shape names."""

from __future__ import annotations

from eventmock.coexist.cloudformation import ResourceType
from eventmock.coexist.cloudformation_events import ARCHIVE, BUS, RULE
from eventmock.coexist.cloudformation_lambda import ALIAS, FUNCTION, LAYER_VERSION, MAPPING, PERMISSION, VERSION
from eventmock.coexist.cloudformation_messaging import QUEUE, QUEUE_POLICY, SUBSCRIPTION, TOPIC, TOPIC_POLICY
from eventmock.coexist.cloudformation_streams import LOG_GROUP, LOG_STREAM, RESOURCE_POLICY, STREAM, SUBSCRIPTION_FILTER

#: The resource types the bridge makes in eventmock. Every other type stays moto's.
TYPES: dict[str, ResourceType] = {
    "AWS::SQS::Queue": QUEUE,
    "AWS::SQS::QueuePolicy": QUEUE_POLICY,
    "AWS::SNS::Topic": TOPIC,
    "AWS::SNS::Subscription": SUBSCRIPTION,
    "AWS::SNS::TopicPolicy": TOPIC_POLICY,
    "AWS::Kinesis::Stream": STREAM,
    "AWS::Logs::LogGroup": LOG_GROUP,
    "AWS::Logs::LogStream": LOG_STREAM,
    "AWS::Logs::SubscriptionFilter": SUBSCRIPTION_FILTER,
    "AWS::Logs::ResourcePolicy": RESOURCE_POLICY,
    "AWS::Lambda::Function": FUNCTION,
    "AWS::Lambda::EventSourceMapping": MAPPING,
    "AWS::Lambda::Permission": PERMISSION,
    "AWS::Lambda::Version": VERSION,
    "AWS::Lambda::Alias": ALIAS,
    "AWS::Lambda::LayerVersion": LAYER_VERSION,
    "AWS::Events::EventBus": BUS,
    "AWS::Events::Rule": RULE,
    "AWS::Events::Archive": ARCHIVE,
}

