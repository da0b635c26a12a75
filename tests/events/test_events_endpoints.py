"""Global endpoints: CreateEndpoint ... DeleteEndpoint, and PutEvents through one
(``EndpointId``) to the primary Region's bus, or the secondary's once failed over."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from events_support import ACCOUNT, entry, error_of, status_of

HEALTH_CHECK = "arn:aws:route53:::healthcheck/0a1b2c3d-4e5f"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/replication"
PRIMARY = f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/orders"
SECONDARY = f"arn:aws:events:us-west-2:{ACCOUNT}:event-bus/orders"
ROUTING = {"FailoverConfig": {"Primary": {"HealthCheck": HEALTH_CHECK}, "Secondary": {"Route": "us-west-2"}}}


def create(events, name="orders", **fields):
    fields.setdefault("RoutingConfig", ROUTING)
    fields.setdefault("EventBuses", [{"EventBusArn": PRIMARY}, {"EventBusArn": SECONDARY}])
    return events.create_endpoint(Name=name, **fields)


@pytest.fixture
def west(client_for):
    return client_for(region="us-west-2")


@pytest.fixture
def sqs_for(boto3_session, eventmock):
    def make(region):
        return boto3_session.client("sqs", region_name=region, aws_access_key_id=ACCOUNT, aws_secret_access_key="x")

    return make


def listen(events, sqs, bus="orders"):
    """A queue receiving every ``shop`` event of ``bus`` in the client's Region."""
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.create_event_bus(Name=bus)
    events.put_rule(Name="all", EventBusName=bus, EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="all", EventBusName=bus, Targets=[{"Id": "q", "Arn": arn}])
    return lambda: [json.loads(m["Body"]) for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])]


def test_create_endpoint_answers_creating_then_it_is_active(events):
    response = create(events, Description="orders everywhere", RoleArn=ROLE, ReplicationConfig={"State": "DISABLED"})
    assert response["Name"] == "orders"
    assert response["Arn"] == f"arn:aws:events:us-east-1:{ACCOUNT}:endpoint/orders"
    assert response["State"] == "CREATING"
    assert response["RoutingConfig"] == ROUTING
    assert response["EventBuses"] == [{"EventBusArn": PRIMARY}, {"EventBusArn": SECONDARY}]
    assert response["ReplicationConfig"] == {"State": "DISABLED"}
    assert response["RoleArn"] == ROLE
    described = events.describe_endpoint(Name="orders")
    assert described["State"] == "ACTIVE"
    assert described["Description"] == "orders everywhere"
    endpoint_id = described["EndpointId"]
    assert described["EndpointUrl"] == f"https://{endpoint_id}.endpoint.events.amazonaws.com"
    assert isinstance(described["CreationTime"], dt.datetime) and isinstance(described["LastModifiedTime"], dt.datetime)


def test_an_endpoint_name_is_taken_once(events):
    create(events)
    with pytest.raises(events.exceptions.ResourceAlreadyExistsException) as info:
        create(events)
    assert error_of(info) == ("ResourceAlreadyExistsException", "Endpoint orders already exists.")


def test_create_endpoint_checks_the_models_constraints(events):
    with pytest.raises(events.exceptions.ClientError) as info:
        create(events, EventBuses=[{"EventBusArn": PRIMARY}, {"EventBusArn": SECONDARY}, {"EventBusArn": PRIMARY}])
    code, message = error_of(info)
    assert code == "ValidationException"
    assert message.endswith("at 'eventBuses' failed to satisfy constraint: Member must have length less than or equal to 2")
    assert status_of(info) == 400
    assert events.list_endpoints()["Endpoints"] == []


def test_unknown_endpoint_is_not_found(events):
    for call in (
        lambda: events.describe_endpoint(Name="nope"),
        lambda: events.update_endpoint(Name="nope", Description="d"),
        lambda: events.delete_endpoint(Name="nope"),
    ):
        with pytest.raises(events.exceptions.ResourceNotFoundException) as info:
            call()
        assert error_of(info) == ("ResourceNotFoundException", "Endpoint nope does not exist.")


def test_endpoints_belong_to_their_home_region(events, west):
    create(events)
    assert west.list_endpoints()["Endpoints"] == []
    [listed] = west.list_endpoints(HomeRegion="us-east-1")["Endpoints"]
    assert listed["Name"] == "orders" and listed["State"] == "ACTIVE"
    assert west.describe_endpoint(Name="orders", HomeRegion="us-east-1")["Arn"].endswith(":endpoint/orders")
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.describe_endpoint(Name="orders")


def test_list_endpoints_by_prefix_and_pages(events):
    for name in ("orders-a", "orders-b", "audit"):
        create(events, name)
    assert [e["Name"] for e in events.list_endpoints(NamePrefix="orders")["Endpoints"]] == ["orders-a", "orders-b"]
    first = events.list_endpoints(MaxResults=2)
    assert [e["Name"] for e in first["Endpoints"]] == ["audit", "orders-a"]
    assert [e["Name"] for e in events.list_endpoints(NextToken=first["NextToken"])["Endpoints"]] == ["orders-b"]


def test_update_endpoint_answers_updating_and_keeps_what_is_not_given(events):
    create(events, Description="d")
    response = events.update_endpoint(Name="orders", ReplicationConfig={"State": "DISABLED"})
    assert response["State"] == "UPDATING"
    assert response["EndpointId"] == events.describe_endpoint(Name="orders")["EndpointId"]
    described = events.describe_endpoint(Name="orders")
    assert (described["Description"], described["ReplicationConfig"], described["State"]) == ("d", {"State": "DISABLED"}, "ACTIVE")


def test_delete_endpoint(events):
    create(events)
    events.delete_endpoint(Name="orders")
    assert events.list_endpoints()["Endpoints"] == []


def test_put_events_through_an_endpoint_reaches_the_primary_and_replicates(eventmock, events, west, sqs_for):
    east_received = listen(events, sqs_for("us-east-1"))
    west_received = listen(west, sqs_for("us-west-2"))
    create(events)
    endpoint_id = events.describe_endpoint(Name="orders")["EndpointId"]
    # A client in any Region can use the endpoint.
    response = west.put_events(EndpointId=endpoint_id, Entries=[entry({"n": 1})])
    assert response["FailedEntryCount"] == 0
    [east] = east_received()
    [west_copy] = west_received()  # replication is enabled unless disabled
    assert (east["detail"], east["region"]) == ({"n": 1}, "us-east-1")
    assert (west_copy["id"], west_copy["region"]) == (east["id"], "us-west-2")


def test_without_replication_only_the_primary_gets_the_events(events, west, sqs_for):
    east_received = listen(events, sqs_for("us-east-1"))
    west_received = listen(west, sqs_for("us-west-2"))
    create(events, ReplicationConfig={"State": "DISABLED"})
    endpoint_id = events.describe_endpoint(Name="orders")["EndpointId"]
    events.put_events(EndpointId=endpoint_id, Entries=[entry()])
    assert len(east_received()) == 1
    assert west_received() == []


def test_a_failed_over_route_goes_to_the_secondary_until_it_recovers(eventmock, events, west, sqs_for):
    east_received = listen(events, sqs_for("us-east-1"))
    west_received = listen(west, sqs_for("us-west-2"))
    create(events, ReplicationConfig={"State": "DISABLED"})
    endpoint_id = events.describe_endpoint(Name="orders")["EndpointId"]
    eventmock.backend("events", ACCOUNT, "us-east-1").fail_over("orders")
    events.put_events(EndpointId=endpoint_id, Entries=[entry({"n": 1})])
    assert east_received() == []
    [event] = west_received()
    assert (event["detail"], event["region"]) == ({"n": 1}, "us-west-2")
    eventmock.backend("events", ACCOUNT, "us-east-1").recover("orders")
    events.put_events(EndpointId=endpoint_id, Entries=[entry({"n": 2})])
    assert [e["detail"] for e in east_received()] == [{"n": 2}]


def test_put_events_through_an_unknown_endpoint_is_refused(events):
    with pytest.raises(events.exceptions.ClientError) as info:
        events.put_events(EndpointId="nothing.veo", Entries=[entry()])
    assert error_of(info) == ("ResourceNotFoundException", "Endpoint nothing.veo does not exist.")


def test_outside_a_mock_an_endpoint_call_still_needs_the_crt(boto3_session):
    """eventmock signs SigV4a calls only while it answers them; outside a mock botocore
    without ``awscrt`` refuses them as before, and nothing is sent."""
    botocore_exceptions = pytest.importorskip("botocore.exceptions")
    try:
        import awscrt  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("botocore signs SigV4a itself with the CRT")
    client = boto3_session.client("events", region_name="us-east-1", aws_access_key_id="AKID", aws_secret_access_key="x")
    with pytest.raises(botocore_exceptions.MissingDependencyException):
        client.put_events(EndpointId="abc.veo", Entries=[entry()])


def test_through_eventmocks_server_an_endpoint_call_needs_no_crt(endpoint, boto3_session):
    """Against eventmock's server (a loopback URL) the SigV4a call is signed as SigV4."""
    events = boto3_session.client(
        "events", region_name="us-east-1", endpoint_url=endpoint, aws_access_key_id=ACCOUNT, aws_secret_access_key="x"
    )
    events.create_event_bus(Name="orders")
    create(events)
    endpoint_id = events.describe_endpoint(Name="orders")["EndpointId"]
    assert events.put_events(EndpointId=endpoint_id, Entries=[entry()])["FailedEntryCount"] == 0
