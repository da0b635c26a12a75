"""Tags on domains and event streams: tag_resource, untag_resource,
list_tags_for_resource."""

from __future__ import annotations

import pytest

DOMAIN_ARN = "arn:aws:profile:us-east-1:123456789012:domains/shop"
STREAM_ARN = DOMAIN_ARN + "/event-streams/es"


@pytest.fixture
def stream(client, domain, stream_arn):
    return client.create_event_stream(DomainName="shop", EventStreamName="es", Uri=stream_arn, Tags={"env": "test"})


def tags(client, arn):
    return client.list_tags_for_resource(resourceArn=arn)["tags"]


def test_domain_tags_from_creation_and_tag_resource(client):
    client.create_domain(DomainName="shop", DefaultExpirationDays=1, Tags={"team": "crm"})
    assert tags(client, DOMAIN_ARN) == {"team": "crm"}
    client.tag_resource(resourceArn=DOMAIN_ARN, tags={"team": "growth", "cost": "42"})
    assert tags(client, DOMAIN_ARN) == {"team": "growth", "cost": "42"}
    assert client.get_domain(DomainName="shop")["Tags"] == {"team": "growth", "cost": "42"}
    client.untag_resource(resourceArn=DOMAIN_ARN, tagKeys=["team", "never-set"])
    assert tags(client, DOMAIN_ARN) == {"cost": "42"}
    assert client.list_domains()["Items"][0]["Tags"] == {"cost": "42"}


def test_untagged_resource_lists_no_tags(client, domain):
    assert tags(client, DOMAIN_ARN) == {}


def test_event_stream_tags(client, stream):
    assert stream["EventStreamArn"] == STREAM_ARN
    assert tags(client, STREAM_ARN) == {"env": "test"}
    client.tag_resource(resourceArn=STREAM_ARN, tags={"owner": "me"})
    assert client.get_event_stream(DomainName="shop", EventStreamName="es")["Tags"] == {"env": "test", "owner": "me"}
    client.untag_resource(resourceArn=STREAM_ARN, tagKeys=["env", "owner"])
    assert "Tags" not in client.get_event_stream(DomainName="shop", EventStreamName="es")
    assert tags(client, DOMAIN_ARN) == {}  # the domain's tags are its own


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:profile:us-east-1:123456789012:domains/missing",
        DOMAIN_ARN + "/event-streams/missing",
        DOMAIN_ARN + "/object-types/x",
        "arn:aws:profile:us-west-2:123456789012:domains/shop",
        "arn:aws:profile:us-east-1:210987654321:domains/shop",
    ],
)
def test_unknown_resource_is_not_found(client, stream, arn):
    for call in (
        lambda: client.tag_resource(resourceArn=arn, tags={"a": "b"}),
        lambda: client.untag_resource(resourceArn=arn, tagKeys=["a"]),
        lambda: client.list_tags_for_resource(resourceArn=arn),
    ):
        with pytest.raises(client.exceptions.ResourceNotFoundException):
            call()


def test_arn_outside_customer_profiles_is_refused(client, domain):
    with pytest.raises(client.exceptions.BadRequestException, match="at 'resourceArn'"):
        client.list_tags_for_resource(resourceArn="arn:aws:kinesis:us-east-1:123456789012:stream/x")


def test_tag_keys_are_validated_and_nothing_changes(client, domain):
    client.tag_resource(resourceArn=DOMAIN_ARN, tags={"ok": "1"})
    for bad in ({"aws:reserved": "x"}, {"ok": "2", "k" * 129: "x"}, {"ok": "2", "key": "v" * 257}):
        with pytest.raises(client.exceptions.BadRequestException, match="validation error"):
            client.tag_resource(resourceArn=DOMAIN_ARN, tags=bad)
    assert tags(client, DOMAIN_ARN) == {"ok": "1"}


def test_at_most_50_tags(client, domain):
    client.tag_resource(resourceArn=DOMAIN_ARN, tags={f"k{i}": "v" for i in range(50)})
    with pytest.raises(client.exceptions.BadRequestException, match="50"):
        client.tag_resource(resourceArn=DOMAIN_ARN, tags={"one-more": "v"})
    assert len(tags(client, DOMAIN_ARN)) == 50
    client.tag_resource(resourceArn=DOMAIN_ARN, tags={"k0": "replaced"})  # replacing adds nothing
    assert tags(client, DOMAIN_ARN)["k0"] == "replaced"


def test_tag_operation_statuses(client, domain):
    assert client.tag_resource(resourceArn=DOMAIN_ARN, tags={"a": "b"})["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert client.untag_resource(resourceArn=DOMAIN_ARN, tagKeys=["a"])["ResponseMetadata"]["HTTPStatusCode"] == 200
