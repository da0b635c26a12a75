"""Pinpoint tags on applications."""

from __future__ import annotations

import pytest


def test_tags_given_at_creation_are_listed(client):
    app = client.create_app(CreateApplicationRequest={"Name": "t", "tags": {"a": "1"}})["ApplicationResponse"]
    assert client.list_tags_for_resource(ResourceArn=app["Arn"])["TagsModel"] == {"tags": {"a": "1"}}


def test_tag_untag_and_list(client, app):
    client.tag_resource(ResourceArn=app["Arn"], TagsModel={"tags": {"a": "1", "b": "2"}})
    client.tag_resource(ResourceArn=app["Arn"], TagsModel={"tags": {"b": "3"}})
    assert client.list_tags_for_resource(ResourceArn=app["Arn"])["TagsModel"]["tags"] == {"a": "1", "b": "3"}
    response = client.untag_resource(ResourceArn=app["Arn"], TagKeys=["a", "missing"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert client.list_tags_for_resource(ResourceArn=app["Arn"])["TagsModel"]["tags"] == {"b": "3"}
    assert client.get_app(ApplicationId=app["Id"])["ApplicationResponse"]["tags"] == {"b": "3"}


def test_list_tags_of_an_untagged_app_is_empty(client, app):
    assert client.list_tags_for_resource(ResourceArn=app["Arn"])["TagsModel"] == {"tags": {}}


def test_returned_tags_are_a_copy(client, app):
    client.tag_resource(ResourceArn=app["Arn"], TagsModel={"tags": {"a": "1"}})
    listed = client.list_tags_for_resource(ResourceArn=app["Arn"])["TagsModel"]["tags"]
    listed["a"] = "mutated"
    assert client.list_tags_for_resource(ResourceArn=app["Arn"])["TagsModel"]["tags"] == {"a": "1"}


def test_input_tags_are_copied_not_kept(client):
    tags = {"a": "1"}
    app = client.create_app(CreateApplicationRequest={"Name": "t", "tags": tags})["ApplicationResponse"]
    tags["a"] = "mutated"
    assert client.list_tags_for_resource(ResourceArn=app["Arn"])["TagsModel"]["tags"] == {"a": "1"}


def test_unknown_app_arn_is_not_found(client, app):
    missing = app["Arn"][:-32] + "0" * 32
    for call in (
        lambda: client.tag_resource(ResourceArn=missing, TagsModel={"tags": {"a": "1"}}),
        lambda: client.untag_resource(ResourceArn=missing, TagKeys=["a"]),
        lambda: client.list_tags_for_resource(ResourceArn=missing),
    ):
        with pytest.raises(client.exceptions.NotFoundException):
            call()


def test_arn_of_another_region_is_not_found(client, app):
    elsewhere = app["Arn"].replace(":us-east-1:", ":eu-west-1:")
    with pytest.raises(client.exceptions.NotFoundException):
        client.list_tags_for_resource(ResourceArn=elsewhere)


@pytest.mark.parametrize("arn", ["not-an-arn", "arn:aws:kinesis:us-east-1:123456789012:stream/s"])
def test_malformed_or_foreign_arn_is_a_bad_request(client, arn):
    with pytest.raises(client.exceptions.BadRequestException, match="ResourceArn"):
        client.list_tags_for_resource(ResourceArn=arn)


@pytest.mark.parametrize(
    ("tags", "problem"),
    [
        ({f"k{i}": "v" for i in range(51)}, "at most 50"),
        ({"k" * 129: "v"}, "1 to 128"),
        ({"k": "v" * 257}, "at most 256"),
        ({"aws:reserved": "v"}, "reserved"),
    ],
)
def test_invalid_tags_are_rejected_and_change_nothing(client, app, tags, problem):
    client.tag_resource(ResourceArn=app["Arn"], TagsModel={"tags": {"keep": "me"}})
    with pytest.raises(client.exceptions.BadRequestException, match=problem):
        client.tag_resource(ResourceArn=app["Arn"], TagsModel={"tags": tags})
    assert client.list_tags_for_resource(ResourceArn=app["Arn"])["TagsModel"]["tags"] == {"keep": "me"}
    with pytest.raises(client.exceptions.BadRequestException, match=problem):
        client.create_app(CreateApplicationRequest={"Name": "n", "tags": tags})
    assert len(client.get_apps()["ApplicationsResponse"]["Item"]) == 1


def test_tag_limit_counts_existing_tags(client, app):
    client.tag_resource(ResourceArn=app["Arn"], TagsModel={"tags": {f"k{i}": "v" for i in range(50)}})
    with pytest.raises(client.exceptions.BadRequestException, match="at most 50"):
        client.tag_resource(ResourceArn=app["Arn"], TagsModel={"tags": {"one-more": "v"}})
    client.tag_resource(ResourceArn=app["Arn"], TagsModel={"tags": {"k0": "overwrite"}})  # not a new key
