"""Connections and API destinations: their operations, states and secrets, and the HTTP
requests a rule's events become (through ``register_http``)."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from events_support import ACCOUNT, entry, error_of, status_of
from freezegun import freeze_time

ROLE = f"arn:aws:iam::{ACCOUNT}:role/api-destinations"
HOOK = "https://hooks.example.com"
TOKEN_URL = "https://auth.example.com/oauth/token"
BASIC = {"BasicAuthParameters": {"Username": "user", "Password": "pass"}}
API_KEY = {"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "s3cret"}}
OAUTH = {
    "OAuthParameters": {
        "ClientParameters": {"ClientID": "client", "ClientSecret": "client-secret"},
        "AuthorizationEndpoint": TOKEN_URL,
        "HttpMethod": "POST",
        "OAuthHttpParameters": {"BodyParameters": [{"Key": "grant_type", "Value": "client_credentials", "IsValueSecret": False}]},
    }
}


def connect(events, name="hooks", kind="BASIC", auth=None, **fields):
    auth = auth or {"BASIC": BASIC, "API_KEY": API_KEY, "OAUTH_CLIENT_CREDENTIALS": OAUTH}[kind]
    return events.create_connection(Name=name, AuthorizationType=kind, AuthParameters=auth, **fields)


def destination(events, connection_arn, name="orders", endpoint=f"{HOOK}/orders", method="POST", **fields):
    return events.create_api_destination(
        Name=name, ConnectionArn=connection_arn, InvocationEndpoint=endpoint, HttpMethod=method, **fields
    )


def route_to(events, destination_arn, **target):
    events.put_rule(Name="to-hook", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="to-hook", Targets=[{"Id": "hook", "Arn": destination_arn, "RoleArn": ROLE, **target}])


class Received(list):
    """The requests a handler received; it answers with ``status``."""

    status = 200


@pytest.fixture
def received(eventmock):
    """The requests the hook's handler received (it answers ``received.status``)."""
    requests = Received()

    def handler(request):
        requests.append(request)
        return requests.status

    eventmock.register_http(HOOK, handler)
    return requests


@pytest.fixture
def token_endpoint(eventmock):
    """An OAuth authorization endpoint handing out tokens ``t1``, ``t2``, ..."""
    requests = []

    def handler(request):
        requests.append(request)
        return 200, {"access_token": f"t{len(requests)}", "token_type": "Bearer", "expires_in": 3600}

    eventmock.register_http(TOKEN_URL, handler)
    return requests


# -- connections ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["BASIC", "API_KEY"])
def test_a_basic_or_api_key_connection_is_authorized_at_once(events, kind):
    response = connect(events, kind=kind)
    assert response["ConnectionArn"].startswith(f"arn:aws:events:us-east-1:{ACCOUNT}:connection/hooks/")
    assert response["ConnectionState"] == "AUTHORIZED"
    assert isinstance(response["CreationTime"], dt.datetime) and isinstance(response["LastModifiedTime"], dt.datetime)
    described = events.describe_connection(Name="hooks")
    assert (described["Name"], described["AuthorizationType"], described["ConnectionState"]) == ("hooks", kind, "AUTHORIZED")
    assert described["SecretArn"].startswith(f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:events!connection/hooks/")
    assert isinstance(described["LastAuthorizedTime"], dt.datetime)


def test_secrets_are_never_returned(events):
    invocation = {
        "HeaderParameters": [
            {"Key": "x-public", "Value": "shown", "IsValueSecret": False},
            {"Key": "x-secret", "Value": "hidden", "IsValueSecret": True},
        ]
    }
    connect(events, "basic", auth={**BASIC, "InvocationHttpParameters": invocation})
    connect(events, "key", kind="API_KEY")
    connect(events, "oauth", kind="OAUTH_CLIENT_CREDENTIALS")
    described = events.describe_connection(Name="basic")["AuthParameters"]
    assert described["BasicAuthParameters"] == {"Username": "user"}
    assert described["InvocationHttpParameters"]["HeaderParameters"] == [
        {"Key": "x-public", "Value": "shown", "IsValueSecret": False},
        {"Key": "x-secret", "IsValueSecret": True},
    ]
    assert events.describe_connection(Name="key")["AuthParameters"] == {"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key"}}
    oauth = events.describe_connection(Name="oauth")["AuthParameters"]["OAuthParameters"]
    assert oauth["ClientParameters"] == {"ClientID": "client"}
    assert (oauth["AuthorizationEndpoint"], oauth["HttpMethod"]) == (TOKEN_URL, "POST")
    everything = json.dumps([events.describe_connection(Name=n) for n in ("basic", "key", "oauth")], default=str)
    everything += json.dumps(events.list_connections(), default=str)
    for secret in ("pass", "s3cret", "client-secret", "hidden"):
        assert f'"{secret}"' not in everything


def test_an_oauth_connection_is_authorizing_until_it_gets_a_token(eventmock, events):
    response = connect(events, kind="OAUTH_CLIENT_CREDENTIALS")
    assert response["ConnectionState"] == "AUTHORIZING"
    # Nothing answers the authorization endpoint: it stays so, and the request was made.
    described = events.describe_connection(Name="hooks")
    assert described["ConnectionState"] == "AUTHORIZING"
    assert isinstance(described["LastAuthorizedTime"], dt.datetime)  # as AWS describes it
    [token_request] = eventmock.http.requests
    assert token_request.url == TOKEN_URL


def test_an_oauth_connection_is_authorized_with_a_token(events, token_endpoint):
    assert connect(events, kind="OAUTH_CLIENT_CREDENTIALS")["ConnectionState"] == "AUTHORIZING"  # as AWS answers
    assert events.describe_connection(Name="hooks")["ConnectionState"] == "AUTHORIZED"
    [request] = token_endpoint
    assert request.method == "POST"
    assert request.headers["authorization"] == "Basic " + base64.b64encode(b"client:client-secret").decode()
    assert request.body == b"grant_type=client_credentials"


def test_a_connection_name_is_taken_once(events):
    connect(events)
    with pytest.raises(events.exceptions.ResourceAlreadyExistsException) as info:
        connect(events)
    assert error_of(info) == ("ResourceAlreadyExistsException", "Connection hooks already exists.")


def test_the_auth_parameters_of_the_type_are_required(events):
    with pytest.raises(events.exceptions.ClientError) as info:
        connect(events, kind="API_KEY", auth=BASIC)
    assert error_of(info)[0] == "ValidationException" and status_of(info) == 400
    assert events.list_connections()["Connections"] == []


def test_connection_model_constraints(events):
    with pytest.raises(events.exceptions.ClientError) as info:
        connect(events, name="Invalid Name With Spaces!")
    assert error_of(info) == (
        "ValidationException",
        "1 validation error detected: Value 'Invalid Name With Spaces!' at 'name' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
    )


def test_unknown_connection_is_not_found(events):
    with pytest.raises(events.exceptions.ResourceNotFoundException) as info:
        events.describe_connection(Name="nope")
    assert error_of(info) == ("ResourceNotFoundException", "Failed to describe the connection(s). Connection 'nope' does not exist.")
    for call in (
        lambda: events.delete_connection(Name="nope"),
        lambda: events.deauthorize_connection(Name="nope"),
        lambda: events.update_connection(Name="nope", Description="d"),
    ):
        with pytest.raises(events.exceptions.ResourceNotFoundException):
            call()


def test_list_connections_by_prefix_and_state(events):
    connect(events, "a-basic")
    connect(events, "a-oauth", kind="OAUTH_CLIENT_CREDENTIALS")
    connect(events, "b-key", kind="API_KEY")
    names = lambda **kw: [c["Name"] for c in events.list_connections(**kw)["Connections"]]  # noqa: E731
    assert names() == ["a-basic", "a-oauth", "b-key"]
    assert names(NamePrefix="a-") == ["a-basic", "a-oauth"]
    assert names(ConnectionState="AUTHORIZING") == ["a-oauth"]
    [listed] = events.list_connections(NamePrefix="b")["Connections"]
    assert (listed["AuthorizationType"], listed["ConnectionState"]) == ("API_KEY", "AUTHORIZED")
    first = events.list_connections(Limit=2)
    assert names(NextToken=first["NextToken"]) == ["b-key"]


def test_update_connection_changes_what_is_given(events, received):
    arn = connect(events, Description="first")["ConnectionArn"]
    response = events.update_connection(Name="hooks", AuthParameters={"BasicAuthParameters": {"Username": "new_user", "Password": "new_pass"}})
    assert response["ConnectionState"] == "AUTHORIZED" and response["ConnectionArn"] == arn
    described = events.describe_connection(Name="hooks")
    assert described["AuthParameters"]["BasicAuthParameters"] == {"Username": "new_user"}
    assert described["Description"] == "first"
    route_to(events, destination(events, arn)["ApiDestinationArn"])
    events.put_events(Entries=[entry()])
    assert received[0].headers["authorization"] == "Basic " + base64.b64encode(b"new_user:new_pass").decode()


def test_deauthorize_then_reauthorize_a_connection(events, received):
    arn = connect(events)["ConnectionArn"]
    destination_arn = destination(events, arn)["ApiDestinationArn"]
    route_to(events, destination_arn)
    response = events.deauthorize_connection(Name="hooks")
    assert response["ConnectionState"] == "DEAUTHORIZING"
    assert events.describe_connection(Name="hooks")["ConnectionState"] == "DEAUTHORIZED"
    assert events.describe_api_destination(Name="orders")["ApiDestinationState"] == "INACTIVE"
    events.put_events(Entries=[entry()])
    assert received == []
    events.update_connection(Name="hooks", AuthParameters={"BasicAuthParameters": {"Password": "again"}})
    assert events.describe_connection(Name="hooks")["ConnectionState"] == "AUTHORIZED"
    events.put_events(Entries=[entry()])
    assert received[0].headers["authorization"] == "Basic " + base64.b64encode(b"user:again").decode()


def test_delete_connection(events):
    connect(events)
    response = events.delete_connection(Name="hooks")
    assert response["ConnectionState"] == "DELETING"
    assert events.list_connections()["Connections"] == []


# -- API destinations -------------------------------------------------------------


def test_api_destination_lifecycle(events):
    connection_arn = connect(events)["ConnectionArn"]
    response = destination(events, connection_arn, Description="Test API destination")
    arn = response["ApiDestinationArn"]
    assert arn.startswith(f"arn:aws:events:us-east-1:{ACCOUNT}:api-destination/orders/")
    assert response["ApiDestinationState"] == "ACTIVE"
    described = events.describe_api_destination(Name="orders")
    assert described["ConnectionArn"] == connection_arn
    assert (described["InvocationEndpoint"], described["HttpMethod"]) == (f"{HOOK}/orders", "POST")
    assert described["InvocationRateLimitPerSecond"] == 300
    assert described["Description"] == "Test API destination"
    [listed] = events.list_api_destinations()["ApiDestinations"]
    assert listed["Name"] == "orders" and "Description" not in listed
    events.update_api_destination(Name="orders", HttpMethod="PUT", InvocationRateLimitPerSecond=10, Description="Updated")
    described = events.describe_api_destination(Name="orders")
    assert (described["HttpMethod"], described["InvocationRateLimitPerSecond"], described["Description"]) == ("PUT", 10, "Updated")
    events.delete_api_destination(Name="orders")
    with pytest.raises(events.exceptions.ResourceNotFoundException) as info:
        events.describe_api_destination(Name="orders")
    assert error_of(info) == (
        "ResourceNotFoundException",
        "Failed to describe the api-destination(s). An api-destination 'orders' does not exist.",
    )


def test_an_api_destination_of_an_unauthorized_connection_is_inactive(events):
    connection_arn = connect(events, kind="OAUTH_CLIENT_CREDENTIALS")["ConnectionArn"]
    assert destination(events, connection_arn)["ApiDestinationState"] == "INACTIVE"


def test_api_destination_errors(events):
    connection_arn = connect(events)["ConnectionArn"]
    destination(events, connection_arn)
    with pytest.raises(events.exceptions.ResourceAlreadyExistsException) as info:
        destination(events, connection_arn)
    assert error_of(info) == ("ResourceAlreadyExistsException", "An api-destination 'orders' already exists.")
    with pytest.raises(events.exceptions.ResourceNotFoundException):
        destination(events, connection_arn.replace("/hooks/", "/nope/"), name="other")
    with pytest.raises(events.exceptions.ClientError) as info:
        destination(events, "invalid-connection-arn", name="other", method="INVALID_METHOD")
    assert error_of(info)[1] == (
        "2 validation errors detected: Value 'invalid-connection-arn' at 'connectionArn' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: "
        "^arn:aws([a-z]|\\-)*:events:([a-z]|\\d|\\-)*:([0-9]{12})?:connection\\/[\\.\\-_A-Za-z0-9]+\\/[\\-A-Za-z0-9]+$; "
        "Value 'INVALID_METHOD' at 'httpMethod' failed to satisfy constraint: "
        "Member must satisfy enum value set: [HEAD, POST, PATCH, DELETE, PUT, GET, OPTIONS]"
    )  # AWS's answer, recorded by LocalStack
    for call in (lambda: events.update_api_destination(Name="nope"), lambda: events.delete_api_destination(Name="nope")):
        with pytest.raises(events.exceptions.ResourceNotFoundException):
            call()
    assert [d["Name"] for d in events.list_api_destinations()["ApiDestinations"]] == ["orders"]


def test_list_api_destinations_by_prefix_and_connection(events):
    first = connect(events, "one")["ConnectionArn"]
    second = connect(events, "two")["ConnectionArn"]
    destination(events, first, "a")
    destination(events, second, "b")
    assert [d["Name"] for d in events.list_api_destinations(NamePrefix="b")["ApiDestinations"]] == ["b"]
    assert [d["Name"] for d in events.list_api_destinations(ConnectionArn=first)["ApiDestinations"]] == ["a"]


# -- delivery -----------------------------------------------------------------------


def test_an_api_destination_target_needs_a_role(events):
    """AWS's answer, quoted in terraform-aws-modules/terraform-aws-eventbridge#41."""
    arn = destination(events, connect(events)["ConnectionArn"])["ApiDestinationArn"]
    events.put_rule(Name="to-hook", EventPattern=json.dumps({"source": ["shop"]}))
    with pytest.raises(events.exceptions.ClientError) as info:
        events.put_targets(Rule="to-hook", Targets=[{"Id": "hook", "Arn": arn}])
    assert error_of(info) == ("ValidationException", f"RoleArn is required for target {arn}.")


def test_a_rules_event_is_posted_with_basic_auth(eventmock, events, received):
    arn = destination(events, connect(events)["ConnectionArn"])["ApiDestinationArn"]
    route_to(events, arn)
    [accepted] = events.put_events(Entries=[entry({"order": 7})])["Entries"]
    [request] = received
    assert (request.method, request.url) == ("POST", f"{HOOK}/orders")
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(b"user:pass").decode()
    assert request.headers["content-type"] == "application/json; charset=utf-8"
    assert request.json()["id"] == accepted["EventId"]
    assert request.json()["detail"] == {"order": 7}
    assert eventmock.http.requests == [request]


def test_api_key_auth_and_http_parameters(events, received):
    invocation = {
        "HeaderParameters": [{"Key": "x-from-connection", "Value": "c", "IsValueSecret": True}],
        "QueryStringParameters": [{"Key": "tenant", "Value": "acme", "IsValueSecret": False}],
        "BodyParameters": [{"Key": "source-system", "Value": "shop", "IsValueSecret": False}],
    }
    connection_arn = connect(events, kind="API_KEY", auth={**API_KEY, "InvocationHttpParameters": invocation})["ConnectionArn"]
    arn = destination(events, connection_arn, endpoint=f"{HOOK}/customers/*/orders/*", method="PUT")["ApiDestinationArn"]
    http_parameters = {
        "PathParameterValues": ["c-1", "o 2"],
        "HeaderParameters": {"x-from-target": "t"},
        "QueryStringParameters": {"page": "1"},
    }
    route_to(events, arn, HttpParameters=http_parameters, InputTransformer={"InputPathsMap": {"n": "$.detail.n"}, "InputTemplate": '{"n": <n>}'})
    events.put_events(Entries=[entry({"n": 5})])
    [request] = received
    assert request.method == "PUT"
    assert request.url == f"{HOOK}/customers/c-1/orders/o%202?page=1&tenant=acme"
    assert request.headers["x-api-key"] == "s3cret"
    assert (request.headers["x-from-target"], request.headers["x-from-connection"]) == ("t", "c")
    assert request.json() == {"n": 5, "source-system": "shop"}


def test_oauth_delivery_carries_the_bearer_token_and_keeps_it_while_it_lasts(events, received, token_endpoint):
    with freeze_time("2026-03-01T00:00:00Z") as frozen:
        arn = destination(events, connect(events, kind="OAUTH_CLIENT_CREDENTIALS")["ConnectionArn"])["ApiDestinationArn"]
        route_to(events, arn)
        events.put_events(Entries=[entry()])
        events.put_events(Entries=[entry()])
        assert [r.headers["authorization"] for r in received] == ["Bearer t1", "Bearer t1"]
        frozen.tick(dt.timedelta(hours=2))
        events.put_events(Entries=[entry()])
    assert received[-1].headers["authorization"] == "Bearer t2"
    assert len(token_endpoint) == 2


def test_oauth_token_requested_at_delivery_once_the_endpoint_answers(eventmock, events, received):
    arn = destination(events, connect(events, kind="OAUTH_CLIENT_CREDENTIALS")["ConnectionArn"])["ApiDestinationArn"]
    route_to(events, arn, RetryPolicy={"MaximumRetryAttempts": 0})
    eventmock.register_http(TOKEN_URL, lambda request: (200, {"access_token": "late"}))
    events.put_events(Entries=[entry()])
    assert [r.headers["authorization"] for r in received] == ["Bearer late"]
    assert events.describe_connection(Name="hooks")["ConnectionState"] == "AUTHORIZED"


@pytest.mark.parametrize("expires_in", [1e30, float("inf"), float("nan"), "3600", None])
def test_an_expiry_no_clock_reaches_is_a_token_held_until_refused(eventmock, events, received, expires_in):
    tokens = []

    def handler(request):
        tokens.append(request)
        return 200, {"access_token": "forever", "expires_in": expires_in}

    eventmock.register_http(TOKEN_URL, handler)
    response = connect(events, kind="OAUTH_CLIENT_CREDENTIALS")
    assert response["ConnectionState"] == "AUTHORIZING"
    assert [c["ConnectionState"] for c in events.list_connections()["Connections"]] == ["AUTHORIZED"]
    route_to(events, destination(events, response["ConnectionArn"])["ApiDestinationArn"])
    events.put_events(Entries=[entry()])
    eventmock.advance(dt.timedelta(days=3650))
    events.put_events(Entries=[entry()])
    assert [r.headers["authorization"] for r in received] == ["Bearer forever", "Bearer forever"]
    assert len(tokens) == 1


@pytest.mark.internal_failure
def test_a_create_connection_that_fails_inside_leaves_no_connection(events, monkeypatch):
    from eventmock.services.events.connections import Connections

    def broken(self, connection):
        raise RuntimeError("a bug")

    monkeypatch.setattr(Connections, "_fetch_token", broken)
    with pytest.raises(events.exceptions.ClientError) as info:
        connect(events, kind="OAUTH_CLIENT_CREDENTIALS")
    assert error_of(info)[0] == "InternalFailure"
    assert events.list_connections()["Connections"] == []


@pytest.mark.parametrize("status", [500, 503, 429, 401, 409, 407])
def test_retryable_failures_are_retried_under_the_retry_policy(eventmock, events, received, status):
    received.status = status
    arn = destination(events, connect(events)["ConnectionArn"])["ApiDestinationArn"]
    route_to(events, arn, RetryPolicy={"MaximumRetryAttempts": 2, "MaximumEventAgeInSeconds": 60})
    events.put_events(Entries=[entry()])
    assert len(received) == 3
    [failure] = eventmock.backend("events", ACCOUNT).failed_deliveries
    assert (failure.target_arn, failure.retry_attempts, failure.code) == (arn, 2, "SDK_CLIENT_ERROR")
    assert str(status) in failure.message


@pytest.mark.parametrize("status", [400, 403, 404])
def test_other_client_errors_are_not_retried(eventmock, events, received, status):
    received.status = status
    arn = destination(events, connect(events)["ConnectionArn"])["ApiDestinationArn"]
    route_to(events, arn)
    events.put_events(Entries=[entry()])
    assert len(received) == 1
    [failure] = eventmock.backend("events", ACCOUNT).failed_deliveries
    assert failure.retry_attempts == 0


def test_without_a_retry_policy_a_failure_is_retried_185_times(eventmock, events, received):
    received.status = 502
    route_to(events, destination(events, connect(events)["ConnectionArn"])["ApiDestinationArn"])
    events.put_events(Entries=[entry()])
    assert len(received) == 186


def test_an_unreachable_endpoint_goes_to_the_dead_letter_queue(eventmock, events, boto3_session):
    sqs = boto3_session.client("sqs", region_name="us-east-1", aws_access_key_id=ACCOUNT, aws_secret_access_key="x")
    dlq_url = sqs.create_queue(QueueName="dlq")["QueueUrl"]
    dlq = f"arn:aws:sqs:us-east-1:{ACCOUNT}:dlq"
    arn = destination(events, connect(events)["ConnectionArn"], endpoint="https://nowhere.example.com/x")["ApiDestinationArn"]
    route_to(events, arn, RetryPolicy={"MaximumRetryAttempts": 1}, DeadLetterConfig={"Arn": dlq})
    [accepted] = events.put_events(Entries=[entry()])["Entries"]
    assert [r.url for r in eventmock.http.requests] == ["https://nowhere.example.com/x"] * 2
    [message] = sqs.receive_message(QueueUrl=dlq_url, MessageAttributeNames=["All"])["Messages"]
    assert json.loads(message["Body"])["id"] == accepted["EventId"]
    attributes = {k: v["StringValue"] for k, v in message["MessageAttributes"].items()}
    assert (attributes["TARGET_ARN"], attributes["RETRY_ATTEMPTS"], attributes["ERROR_CODE"]) == (arn, "1", "SDK_CLIENT_ERROR")


def test_a_handler_that_raises_is_a_failed_request(eventmock, events):
    def broken(request):
        raise RuntimeError("bug in the test's handler")

    eventmock.register_http(HOOK, broken)
    route_to(events, destination(events, connect(events)["ConnectionArn"])["ApiDestinationArn"], RetryPolicy={"MaximumRetryAttempts": 0})
    assert events.put_events(Entries=[entry()])["FailedEntryCount"] == 0
    [failure] = eventmock.backend("events", ACCOUNT).failed_deliveries
    assert "bug in the test's handler" in failure.message


def test_a_deleted_api_destination_is_not_invoked(eventmock, events, received):
    arn = destination(events, connect(events)["ConnectionArn"])["ApiDestinationArn"]
    route_to(events, arn)
    events.delete_api_destination(Name="orders")
    events.put_events(Entries=[entry()])
    assert received == []
    [failure] = eventmock.backend("events", ACCOUNT).failed_deliveries
    assert failure.code == "NO_RESOURCE"


# -- with moto underneath -----------------------------------------------------------


def test_with_moto_underneath_the_secret_is_kept_in_eventmocks_secrets_manager():
    """As AWS does, the connection's secret lives in Secrets Manager, in AWS's form; it
    is updated with the connection and deleted with it. eventmock emulates Secrets
    Manager, so it answers the user's reads even with moto underneath (one state)."""
    moto = pytest.importorskip("moto")
    import boto3

    from eventmock import mock_aws

    with moto.mock_aws(), mock_aws():
        events = boto3.client("events", region_name="us-east-1")
        secrets = boto3.client("secretsmanager", region_name="us-east-1")
        invocation = {"HeaderParameters": [{"Key": "k1", "Value": "v1", "IsValueSecret": True}]}
        connect(events, auth={**BASIC, "InvocationHttpParameters": invocation})
        secret_arn = events.describe_connection(Name="hooks")["SecretArn"]
        assert secret_arn.startswith(f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:events!connection/hooks/")
        described = secrets.describe_secret(SecretId=secret_arn)
        assert described["Name"].startswith("events!connection/hooks/")
        assert described["Tags"] == [{"Key": "aws:secretsmanager:owningService", "Value": "events"}]
        assert json.loads(secrets.get_secret_value(SecretId=secret_arn)["SecretString"]) == {
            "username": "user",
            "password": "pass",
            "invocation_http_parameters": {"header_parameters": [{"key": "k1", "value": "v1", "is_value_secret": True}]},
        }
        events.update_connection(Name="hooks", AuthParameters={"BasicAuthParameters": {"Password": "new"}})
        assert json.loads(secrets.get_secret_value(SecretId=secret_arn)["SecretString"])["password"] == "new"
        events.delete_connection(Name="hooks")
        with pytest.raises(secrets.exceptions.ResourceNotFoundException):
            secrets.describe_secret(SecretId=secret_arn)


def test_every_constraint_a_value_breaks_is_reported_pattern_first(events):
    # AWS's recorded answer (LocalStack snapshot TestEvents::test_create_connection_validations)
    name = "This should fail with two errors 123467890123412341234123412341234"
    with pytest.raises(events.exceptions.ClientError) as info:
        events.create_connection(
            Name=name, AuthorizationType="INVALID", AuthParameters={"BasicAuthParameters": {"Username": "u", "Password": "p"}}
        )
    assert error_of(info) == (
        "ValidationException",
        f"3 validation errors detected: Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy "
        f"regular expression pattern: [\\.\\-_A-Za-z0-9]+; Value '{name}' at 'name' failed to satisfy constraint: "
        "Member must have length less than or equal to 64; Value 'INVALID' at 'authorizationType' failed to satisfy "
        "constraint: Member must satisfy enum value set: [BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]",
    )
