"""Topics: create (standard and FIFO), attributes, list, delete, tags."""

from __future__ import annotations

import json

import pytest
from sns_support import error, invalid

ACCOUNT = "123456789012"


def test_create_topic_answers_its_arn_and_is_idempotent(sns):
    arn = sns.create_topic(Name="orders")["TopicArn"]
    assert arn == f"arn:aws:sns:us-east-1:{ACCOUNT}:orders"
    assert sns.create_topic(Name="orders")["TopicArn"] == arn
    assert [t["TopicArn"] for t in sns.list_topics()["Topics"]] == [arn]


def test_standard_topic_attributes(sns, topic):
    attributes = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert attributes.pop("TopicArn") == topic
    assert attributes.pop("Owner") == ACCOUNT
    policy = json.loads(attributes.pop("Policy"))
    assert policy["Statement"][0]["Resource"] == topic
    assert policy["Statement"][0]["Condition"] == {"StringEquals": {"AWS:SourceOwner": ACCOUNT}}
    assert json.loads(attributes.pop("EffectiveDeliveryPolicy"))["http"]["defaultHealthyRetryPolicy"]["numRetries"] == 3
    assert attributes == {"SubscriptionsPending": "0", "SubscriptionsConfirmed": "0", "SubscriptionsDeleted": "0", "DisplayName": ""}


def test_fifo_topic_attributes(sns):
    arn = sns.create_topic(Name="t.fifo", Attributes={"FifoTopic": "true", "DisplayName": "T"})["TopicArn"]
    attributes = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    assert (attributes["FifoTopic"], attributes["ContentBasedDeduplication"], attributes["DisplayName"]) == ("true", "false", "T")


@pytest.mark.parametrize(
    ("name", "attributes"),
    [
        ("", {}),
        ("a" * 257, {}),
        ("has space", {}),
        ("dot.ted", {}),
        ("standard.fifo", {}),
        ("fifo-without-suffix", {"FifoTopic": "true"}),
        ("slash/name", {}),
    ],
)
def test_topic_names_are_checked(sns, name, attributes):
    assert error(sns.create_topic, Name=name, Attributes=attributes) == invalid("Invalid parameter: Topic Name")
    assert sns.list_topics()["Topics"] == []


def test_create_again_with_other_attributes_or_tags_is_refused(sns, topic):
    assert error(sns.create_topic, Name="orders", Attributes={"DisplayName": "other"}) == invalid(
        "Invalid parameter: Attributes Reason: Topic already exists with different attributes"
    )
    sns.tag_resource(ResourceArn=topic, Tags=[{"Key": "team", "Value": "a"}])
    assert error(sns.create_topic, Name="orders", Tags=[{"Key": "team", "Value": "b"}]) == invalid(
        "Invalid parameter: Tags Reason: Topic already exists with different tags"
    )


def test_content_based_deduplication_belongs_to_fifo_topics(sns):
    found = error(sns.create_topic, Name="s", Attributes={"ContentBasedDeduplication": "true"})
    assert found == invalid("Invalid parameter: Attributes Reason: Invalid attribute name: ContentBasedDeduplication")


def test_set_topic_attributes(sns, topic, fifo_topic):
    sns.set_topic_attributes(TopicArn=topic, AttributeName="DisplayName", AttributeValue="Orders")
    assert sns.get_topic_attributes(TopicArn=topic)["Attributes"]["DisplayName"] == "Orders"
    sns.set_topic_attributes(TopicArn=fifo_topic, AttributeName="ContentBasedDeduplication", AttributeValue="true")
    assert sns.get_topic_attributes(TopicArn=fifo_topic)["Attributes"]["ContentBasedDeduplication"] == "true"


@pytest.mark.parametrize("name", ["Nonsense", "FifoTopic", "ContentBasedDeduplication"])
def test_set_topic_attributes_refuses_unknown_and_fixed_names(sns, topic, name):
    assert error(sns.set_topic_attributes, TopicArn=topic, AttributeName=name, AttributeValue="true") == invalid(
        "Invalid parameter: AttributeName"
    )


def test_unknown_and_malformed_topics(sns, topic):
    missing = {"Code": "NotFound", "Message": "Topic does not exist", "Type": "Sender", "Status": 404}
    assert error(sns.get_topic_attributes, TopicArn=topic + "-gone") == missing
    assert error(sns.get_topic_attributes, TopicArn="orders") == invalid(
        "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1"
    )
    assert error(sns.publish, TopicArn="arn:aws:sns:us-east-1", Message="m") == invalid(
        "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 4"
    )


def test_a_topic_of_another_region_is_refused(sns, client_for, topic):
    west = client_for(region="eu-west-1")
    assert error(west.get_topic_attributes, TopicArn=topic) == invalid("Invalid parameter: TopicArn")
    assert error(west.publish, TopicArn=topic, Message="m") == invalid("Invalid parameter: TopicArn")


def test_a_topic_of_another_account_is_reached(client_for, topic):
    other = client_for(account="111122223333")
    assert other.get_topic_attributes(TopicArn=topic)["Attributes"]["Owner"] == ACCOUNT
    assert other.list_topics()["Topics"] == []


def test_list_topics_pages_by_one_hundred(sns):
    arns = [sns.create_topic(Name=f"t{i:03}")["TopicArn"] for i in range(150)]
    first = sns.list_topics()
    assert len(first["Topics"]) == 100 and "NextToken" in first
    second = sns.list_topics(NextToken=first["NextToken"])
    assert "NextToken" not in second
    assert [t["TopicArn"] for t in first["Topics"] + second["Topics"]] == arns
    assert error(sns.list_topics, NextToken="garbage")["Code"] == "InvalidParameter"


def test_delete_topic_removes_it_and_its_subscriptions_and_is_idempotent(sns, topic, make_queue):
    _, queue = make_queue()
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)
    sns.delete_topic(TopicArn=topic)
    sns.delete_topic(TopicArn=topic)
    assert sns.list_topics()["Topics"] == []
    assert sns.list_subscriptions()["Subscriptions"] == []
    assert error(sns.get_topic_attributes, TopicArn=topic)["Code"] == "NotFound"


def test_tags(sns, topic):
    created = sns.create_topic(Name="tagged", Tags=[{"Key": "a", "Value": "1"}])["TopicArn"]
    assert sns.list_tags_for_resource(ResourceArn=created)["Tags"] == [{"Key": "a", "Value": "1"}]
    sns.tag_resource(ResourceArn=topic, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    sns.tag_resource(ResourceArn=topic, Tags=[{"Key": "a", "Value": "3"}])
    sns.untag_resource(ResourceArn=topic, TagKeys=["b", "never"])
    assert sns.list_tags_for_resource(ResourceArn=topic)["Tags"] == [{"Key": "a", "Value": "3"}]


def test_tag_errors(sns, topic):
    assert error(sns.tag_resource, ResourceArn=topic, Tags=[{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]) == invalid(
        "Invalid parameter: Duplicated keys are not allowed."
    )
    missing = {"Code": "ResourceNotFound", "Message": "Resource does not exist", "Type": "Sender", "Status": 404}
    assert error(sns.list_tags_for_resource, ResourceArn=topic + "x") == missing
    too_many = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    assert error(sns.tag_resource, ResourceArn=topic, Tags=too_many)["Code"] == "TagLimitExceeded"
    assert sns.list_tags_for_resource(ResourceArn=topic)["Tags"] == []


def test_add_and_remove_permission(sns, topic):
    sns.add_permission(TopicArn=topic, Label="partners", AWSAccountId=["111122223333"], ActionName=["Publish"])
    statements = json.loads(sns.get_topic_attributes(TopicArn=topic)["Attributes"]["Policy"])["Statement"]
    assert statements[-1] == {
        "Sid": "partners",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": "SNS:Publish",
        "Resource": topic,
    }
    assert error(sns.add_permission, TopicArn=topic, Label="partners", AWSAccountId=["1"], ActionName=["Publish"]) == invalid(
        "Invalid parameter: Statement already exists"
    )
    assert error(sns.add_permission, TopicArn=topic, Label="other", AWSAccountId=["1"], ActionName=["sqs:SendMessage"]) == invalid(
        "Invalid parameter: Policy statement action out of service scope!"
    )
    sns.remove_permission(TopicArn=topic, Label="partners")
    statements = json.loads(sns.get_topic_attributes(TopicArn=topic)["Attributes"]["Policy"])["Statement"]
    assert [s["Sid"] for s in statements] == ["__default_statement_ID"]
    missing = {"Code": "NotFound", "Message": "Topic does not exist", "Type": "Sender", "Status": 404}
    assert error(sns.remove_permission, TopicArn=topic + "x", Label="partners") == missing


def test_data_protection_policy(sns, topic):
    assert "DataProtectionPolicy" not in sns.get_data_protection_policy(ResourceArn=topic)
    document = json.dumps({"Name": "p", "Version": "2021-06-01", "Statement": []})
    sns.put_data_protection_policy(ResourceArn=topic, DataProtectionPolicy=document)
    assert sns.get_data_protection_policy(ResourceArn=topic)["DataProtectionPolicy"] == document
    assert "DataProtectionPolicy" not in sns.get_topic_attributes(TopicArn=topic)["Attributes"]  # AWS's recording


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        ({"FifoTopic": "maybe"}, "Invalid parameter: Attributes Reason: FifoTopic: Invalid value [maybe]. Must be true or false."),
        ({"FifoTopic": "true", "ContentBasedDeduplication": "yes"}, "Invalid parameter: Attributes Reason: ContentBasedDeduplication: Invalid value [yes]. Must be true or false."),
        ({"FifoTopic": "true", "Bogus": "1"}, "Invalid parameter: Attributes Reason: Invalid attribute name: Bogus"),
    ],
)
def test_create_topic_attribute_values_are_checked(sns, attributes, message):
    assert error(sns.create_topic, Name="t.fifo", Attributes=attributes) == invalid(message)
    assert sns.list_topics()["Topics"] == []


def test_set_topic_attribute_values_are_checked(sns, fifo_topic, topic):
    assert error(sns.set_topic_attributes, TopicArn=fifo_topic, AttributeName="ContentBasedDeduplication", AttributeValue="yes") == invalid(
        "Invalid parameter: ContentBasedDeduplication: Invalid value [yes]. Must be true or false."
    )
    assert error(sns.set_topic_attributes, TopicArn=topic, AttributeName="Policy", AttributeValue="{nope")["Code"] == "InvalidParameter"
    assert sns.get_topic_attributes(TopicArn=fifo_topic)["Attributes"]["ContentBasedDeduplication"] == "false"
