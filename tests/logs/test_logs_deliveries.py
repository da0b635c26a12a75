"""Vended log deliveries: sources, destinations and their policies, deliveries,
configuration templates."""

from __future__ import annotations

import json

import pytest
from logs_support import error_of

ACCOUNT = "123456789012"
DISTRIBUTION = f"arn:aws:cloudfront::{ACCOUNT}:distribution/E1Q5F5862X9VJ5"


def source(logs, name="cf"):
    return logs.put_delivery_source(name=name, resourceArn=DISTRIBUTION, logType="ACCESS_LOGS", tags={"k": "v"})["deliverySource"]


def destination(logs, name="bucket", arn="arn:aws:s3:::logs-bucket", **more):
    return logs.put_delivery_destination(name=name, deliveryDestinationConfiguration={"destinationResourceArn": arn}, **more)["deliveryDestination"]


def test_delivery_source(logs):
    assert source(logs) == {
        "name": "cf",
        "arn": f"arn:aws:logs:us-east-1:{ACCOUNT}:delivery-source:cf",
        "resourceArns": [DISTRIBUTION],
        "service": "cloudfront",
        "logType": "ACCESS_LOGS",
        "tags": {"k": "v"},
    }
    assert logs.get_delivery_source(name="cf")["deliverySource"]["service"] == "cloudfront"
    assert [s["name"] for s in logs.describe_delivery_sources()["deliverySources"]] == ["cf"]
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        logs.put_delivery_source(name="s3", resourceArn="arn:aws:s3:::bucket", logType="ACCESS_LOGS")
    assert error_of(info)[1] == "Cannot access provided service."
    logs.delete_delivery_source(name="cf")
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        logs.get_delivery_source(name="cf")
    assert error_of(info)[1] == "Requested Delivery Source does not exist in this account."


def test_delivery_destination_and_policy(logs):
    out = destination(logs, outputFormat="json")
    assert out == {
        "name": "bucket",
        "arn": f"arn:aws:logs:us-east-1:{ACCOUNT}:delivery-destination:bucket",
        "deliveryDestinationType": "S3",
        "outputFormat": "json",
        "deliveryDestinationConfiguration": {"destinationResourceArn": "arn:aws:s3:::logs-bucket"},
    }
    with pytest.raises(logs.exceptions.ValidationException) as info:
        destination(logs, name="x", outputFormat="foobar")
    assert "Member must satisfy enum value set" in error_of(info)[1]
    policy = json.dumps({"Version": "2012-10-17", "Statement": []})
    assert logs.put_delivery_destination_policy(deliveryDestinationName="bucket", deliveryDestinationPolicy=policy)["policy"] == {
        "deliveryDestinationPolicy": policy}
    assert logs.get_delivery_destination_policy(deliveryDestinationName="bucket")["policy"]["deliveryDestinationPolicy"] == policy
    logs.delete_delivery_destination_policy(deliveryDestinationName="bucket")
    assert logs.get_delivery_destination_policy(deliveryDestinationName="bucket")["policy"] == {}
    logs.delete_delivery_destination(name="bucket")
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        logs.get_delivery_destination(name="bucket")
    assert error_of(info)[1] == "Requested Delivery Destination does not exist in this account."


@pytest.mark.model("logs", "DescribeDeliveriesRequest", "deliverySourceNames")
def test_delivery_takes_the_template_defaults(logs):
    source(logs)
    target = destination(logs)["arn"]
    delivery = logs.create_delivery(deliverySourceName="cf", deliveryDestinationArn=target)["delivery"]
    assert delivery["deliveryDestinationType"] == "S3"
    assert delivery["recordFields"][:3] == ["date", "time", "x-edge-location"]
    assert delivery["s3DeliveryConfiguration"] == {"suffixPath": "AWSLogs/{account-id}/CloudFront/", "enableHiveCompatiblePath": False}
    assert delivery["arn"] == f"arn:aws:logs:us-east-1:{ACCOUNT}:delivery:{delivery['id']}"
    with pytest.raises(logs.exceptions.ConflictException):
        logs.create_delivery(deliverySourceName="cf", deliveryDestinationArn=target)
    with pytest.raises(logs.exceptions.ConflictException):
        logs.delete_delivery_source(name="cf")
    logs.update_delivery_configuration(id=delivery["id"], recordFields=["date"], s3DeliveryConfiguration={"enableHiveCompatiblePath": True})
    updated = logs.get_delivery(id=delivery["id"])["delivery"]
    assert updated["recordFields"] == ["date"] and updated["s3DeliveryConfiguration"]["enableHiveCompatiblePath"] is True
    assert [d["id"] for d in logs.describe_deliveries(deliverySourceNames=["cf"])["deliveries"]] == [delivery["id"]]
    logs.delete_delivery(id=delivery["id"])
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        logs.get_delivery(id=delivery["id"])
    assert error_of(info)[1] == "Requested Delivery does not exist in this account."


def test_configuration_templates(logs):
    found = logs.describe_configuration_templates(service="cloudfront", deliveryDestinationTypes=["S3"])["configurationTemplates"]
    [template] = found
    assert (template["logType"], template["resourceType"]) == ("ACCESS_LOGS", "distribution")
    assert logs.describe_configuration_templates(service="nothing")["configurationTemplates"] == []


def test_delivery_resources_take_tags(logs):
    arn = source(logs)["arn"]
    logs.tag_resource(resourceArn=arn, tags={"team": "edge"})
    assert logs.list_tags_for_resource(resourceArn=arn)["tags"] == {"k": "v", "team": "edge"}
