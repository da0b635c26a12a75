"""Mobile push: platform applications, endpoints, and what is published to them."""

from __future__ import annotations

import json

import pytest
from sns_support import error, invalid

ACCOUNT = "123456789012"
KEYS = {"PlatformCredential": "key", "PlatformPrincipal": "p"}
NULL_ATTRIBUTES = {
    "Code": "ValidationError",
    "Message": "1 validation error detected: Value null at 'attributes' failed to satisfy constraint: Member must not be null",
    "Type": "Sender",
    "Status": 400,
}


@pytest.fixture
def app(sns) -> str:
    return sns.create_platform_application(Name="shop", Platform="GCM", Attributes={"PlatformCredential": "key", "PlatformPrincipal": "p"})[
        "PlatformApplicationArn"
    ]


def test_platform_application_lifecycle(sns, app):
    assert app == f"arn:aws:sns:us-east-1:{ACCOUNT}:app/GCM/shop"
    assert sns.get_platform_application_attributes(PlatformApplicationArn=app)["Attributes"] == {"Enabled": "true"}
    sns.set_platform_application_attributes(PlatformApplicationArn=app, Attributes={"SuccessFeedbackSampleRate": "50"})
    assert sns.get_platform_application_attributes(PlatformApplicationArn=app)["Attributes"] == {"Enabled": "true", "SuccessFeedbackSampleRate": "50"}
    listed = sns.list_platform_applications()["PlatformApplications"]
    assert listed == [{"PlatformApplicationArn": app, "Attributes": {"Enabled": "true", "SuccessFeedbackSampleRate": "50"}}]
    sns.delete_platform_application(PlatformApplicationArn=app)
    sns.delete_platform_application(PlatformApplicationArn=app)
    assert error(sns.get_platform_application_attributes, PlatformApplicationArn=app) == {
        "Code": "NotFound", "Message": "PlatformApplication does not exist", "Type": "Sender", "Status": 404,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("name", "platform", "attributes", "message"),
    [
        ("", "GCM", KEYS, "Invalid parameter:  Reason: cannot be empty"),
        ("a" * 257, "GCM", KEYS, f"Invalid parameter: {'a' * 257} Reason: must be at most 256 characters long"),
        ("@name", "GCM", KEYS, "Invalid parameter: @name Reason: must contain only characters 'a'-'z', 'A'-'Z', '0'-'9', '_', '-', and '.'"),
        ("app", "AAA", KEYS, "Invalid parameter: Platform Reason: AAA is not supported"),
        ("app", "GCM", {"PlatformPrincipal": "p"}, "Invalid parameter: Attributes Reason: PlatformPrincipal attribute provided without PlatformCredential"),
        ("app", "APNS", {"PlatformCredential": "c"}, "Invalid parameter: Attributes Reason: PlatformCredential attribute provided without PlatformPrincipal"),
    ],
)
def test_create_platform_application_errors(sns, name, platform, attributes, message):
    assert error(sns.create_platform_application, Name=name, Platform=platform, Attributes=attributes) == invalid(message)
    assert sns.list_platform_applications()["PlatformApplications"] == []


def test_empty_attributes_are_missing_attributes(sns, app):
    assert error(sns.create_platform_application, Name="a", Platform="GCM", Attributes={}) == NULL_ATTRIBUTES
    assert error(sns.set_platform_application_attributes, PlatformApplicationArn=app, Attributes={}) == NULL_ATTRIBUTES
    arn = sns.create_platform_endpoint(PlatformApplicationArn=app, Token="t")["EndpointArn"]
    assert error(sns.set_endpoint_attributes, EndpointArn=arn, Attributes={}) == NULL_ATTRIBUTES


def test_endpoints(sns, app):
    arn = sns.create_platform_endpoint(PlatformApplicationArn=app, Token="token_1")["EndpointArn"]
    assert arn.startswith(f"arn:aws:sns:us-east-1:{ACCOUNT}:endpoint/GCM/shop/")
    assert sns.create_platform_endpoint(PlatformApplicationArn=app, Token="token_1")["EndpointArn"] == arn
    found = error(sns.create_platform_endpoint, PlatformApplicationArn=app, Token="token_1", CustomUserData="other")
    assert found == invalid(f"Invalid parameter: Token Reason: Endpoint {arn} already exists with the same Token, but different attributes.")
    assert sns.get_endpoint_attributes(EndpointArn=arn)["Attributes"] == {"Enabled": "true", "Token": "token_1"}
    sns.set_endpoint_attributes(EndpointArn=arn, Attributes={"CustomUserData": "user-7"})
    endpoints = sns.list_endpoints_by_platform_application(PlatformApplicationArn=app)["Endpoints"]
    assert endpoints == [{"EndpointArn": arn, "Attributes": {"Enabled": "true", "Token": "token_1", "CustomUserData": "user-7"}}]
    sns.delete_endpoint(EndpointArn=arn)
    sns.delete_endpoint(EndpointArn=arn)
    assert error(sns.get_endpoint_attributes, EndpointArn=arn)["Message"] == "Endpoint does not exist"


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        ({"PlatformPrincipal": "p"}, "Invalid parameter: Attributes Reason: Invalid attribute name: PlatformPrincipal"),
        ({"InvalidKey": "x"}, "Invalid parameter: Attributes Reason: Invalid attribute name: InvalidKey"),
        (
            {"CustomUserData": "x" * 2049},
            "Invalid parameter: Attributes Reason: Invalid value for attribute: CustomUserData: must be at most 2048 bytes long in UTF-8 encoding",
        ),
    ],
)
def test_endpoint_attribute_errors(sns, app, attributes, message):
    assert error(sns.create_platform_endpoint, PlatformApplicationArn=app, Token="t", Attributes=attributes) == invalid(message)
    arn = sns.create_platform_endpoint(PlatformApplicationArn=app, Token="t")["EndpointArn"]
    assert error(sns.set_endpoint_attributes, EndpointArn=arn, Attributes=attributes) == invalid(message)


def test_endpoint_lookups(sns, app):
    assert error(sns.get_endpoint_attributes, EndpointArn=f"arn:aws:sns:us-east-1:{ACCOUNT}:endpoint/GCM") == invalid(
        "Invalid parameter: EndpointArn Reason: Wrong number of slashes in relative portion of the ARN."
    )
    assert error(sns.create_platform_endpoint, PlatformApplicationArn=app + "x", Token="t")["Code"] == "NotFound"
    assert error(sns.list_endpoints_by_platform_application, PlatformApplicationArn="app") == invalid(
        "Invalid parameter: PlatformApplicationArn Reason: An ARN must have at least 6 elements, not 1"
    )


def test_publish_to_an_endpoint_and_through_a_topic(eventmock, sns, app, topic):
    arn = sns.create_platform_endpoint(PlatformApplicationArn=app, Token="device")["EndpointArn"]
    message = json.dumps({"default": "plain", "GCM": json.dumps({"notification": {"title": "Hi"}})})
    message_id = sns.publish(TargetArn=arn, Message=message, MessageStructure="json")["MessageId"]
    sns.subscribe(TopicArn=topic, Protocol="application", Endpoint=arn)
    sns.publish(TopicArn=topic, Message="broadcast")
    pushed = eventmock.sns.sent(arn)
    assert [(p.protocol, p.body) for p in pushed] == [("application", '{"notification": {"title": "Hi"}}'), ("application", "broadcast")]
    assert pushed[0].message_id == message_id
    sns.set_endpoint_attributes(EndpointArn=arn, Attributes={"Enabled": "false"})
    assert error(sns.publish, TargetArn=arn, Message="m") == {"Code": "EndpointDisabled", "Message": "Endpoint is disabled", "Type": "Sender", "Status": 400}
    sns.publish(TopicArn=topic, Message="dropped")
    assert eventmock.sns.failed_deliveries()[-1].code == "EndpointDisabled"


def test_fcm_takes_a_credential_without_a_principal(sns):
    """GCM (FCM): the API key or service-account JSON is the whole credential."""
    arn = sns.create_platform_application(Name="fcm", Platform="GCM", Attributes={"PlatformCredential": "k"})["PlatformApplicationArn"]
    assert sns.get_platform_application_attributes(PlatformApplicationArn=arn)["Attributes"] == {"Enabled": "true"}
    sns.set_platform_application_attributes(PlatformApplicationArn=arn, Attributes={"PlatformCredential": "k2"})
    apns = sns.create_platform_application(Name="ios", Platform="APNS", Attributes=KEYS)["PlatformApplicationArn"]
    assert error(sns.set_platform_application_attributes, PlatformApplicationArn=apns, Attributes={"PlatformCredential": "k2"})["Code"] == "InvalidParameter"


def test_a_disabled_endpoint_is_refused_before_the_message_is_read(sns, app):
    """moto's AWS-verified test: "msg" as ``MessageStructure=json`` to a disabled
    endpoint answers EndpointDisabled, not the JSON error."""
    arn = sns.create_platform_endpoint(PlatformApplicationArn=app, Token="device", Attributes={"Enabled": "false"})["EndpointArn"]
    assert error(sns.publish, TargetArn=arn, Message="msg", MessageStructure="json") == {
        "Code": "EndpointDisabled", "Message": "Endpoint is disabled", "Type": "Sender", "Status": 400,
    }  # fmt: skip
    sns.set_endpoint_attributes(EndpointArn=arn, Attributes={"Enabled": "true"})
    assert error(sns.publish, TargetArn=arn, Message="msg", MessageStructure="json") == invalid(
        "Invalid parameter: Message Structure - JSON message body failed to parse"
    )


def test_subscribing_a_missing_endpoint_is_refused(sns, app, topic):
    arn = sns.create_platform_endpoint(PlatformApplicationArn=app, Token="device")["EndpointArn"]
    sns.delete_endpoint(EndpointArn=arn)
    assert error(sns.subscribe, TopicArn=topic, Protocol="application", Endpoint=arn) == invalid(
        f"Invalid parameter: Endpoint Reason: Endpoint does not exist for endpoint arn{arn}"
    )
    assert sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"] == []
