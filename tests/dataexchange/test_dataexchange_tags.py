"""Tags on data sets, revisions, assets and event actions, by ARN."""

from __future__ import annotations

import pytest
from dataexchange_support import export_action, import_assets, published_event


@pytest.fixture
def arns(dx, data_set, revision, source):
    [asset, _] = import_assets(dx, data_set["Id"], revision["Id"], source)
    action = dx.create_event_action(Action=export_action("b"), Event=published_event(data_set["Id"]))
    return {"data set": data_set["Arn"], "revision": revision["Arn"], "asset": asset["Arn"], "event action": action["Arn"]}


@pytest.mark.parametrize("kind", ["data set", "revision", "asset", "event action"])
def test_tag_list_untag(dx, arns, kind):
    arn = arns[kind]
    response = dx.tag_resource(ResourceArn=arn, Tags={"env": "test", "team": "data"})
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    listed = dx.list_tags_for_resource(ResourceArn=arn)
    assert listed["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert listed["Tags"] == {"env": "test", "team": "data"}
    dx.tag_resource(ResourceArn=arn, Tags={"env": "prod"})
    dx.untag_resource(ResourceArn=arn, TagKeys=["team", "absent"])
    assert dx.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"env": "prod"}


def test_tags_show_on_get_operations(dx, data_set, revision, arns):
    dx.tag_resource(ResourceArn=data_set["Arn"], Tags={"a": "1"})
    dx.tag_resource(ResourceArn=revision["Arn"], Tags={"b": "2"})
    assert dx.get_data_set(DataSetId=data_set["Id"])["Tags"] == {"a": "1"}
    assert dx.get_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"])["Tags"] == {"b": "2"}


def test_tags_given_at_creation(dx, data_set):
    revision = dx.create_revision(DataSetId=data_set["Id"], Tags={"day": "1"})
    assert dx.list_tags_for_resource(ResourceArn=revision["Arn"])["Tags"] == {"day": "1"}


def test_at_most_50_tags(dx, data_set):
    dx.tag_resource(ResourceArn=data_set["Arn"], Tags={f"k{i}": "v" for i in range(50)})
    with pytest.raises(dx.exceptions.ValidationException, match="50"):
        dx.tag_resource(ResourceArn=data_set["Arn"], Tags={"one-more": "v"})
    assert len(dx.list_tags_for_resource(ResourceArn=data_set["Arn"])["Tags"]) == 50
    with pytest.raises(dx.exceptions.ValidationException):
        dx.create_data_set(AssetType="S3_SNAPSHOT", Name="n", Description="d", Tags={f"k{i}": "v" for i in range(51)})


@pytest.mark.parametrize(
    ("arn", "resource_type"),
    [
        ("arn:aws:dataexchange:us-east-1:123456789012:data-sets/" + "0" * 32, "DATA_SET"),
        ("arn:aws:dataexchange:eu-west-1:123456789012:data-sets/{data_set}", "DATA_SET"),
        ("arn:aws:dataexchange:us-east-1:210987654321:data-sets/{data_set}", "DATA_SET"),
        ("arn:aws:dataexchange:us-east-1:123456789012:data-sets/{data_set}/revisions/" + "0" * 32, "REVISION"),
        ("arn:aws:dataexchange:us-east-1:123456789012:event-actions/" + "0" * 32, "EVENT_ACTION"),
        ("arn:aws:dataexchange:us-east-1:123456789012:jobs/" + "0" * 32, "JOB"),  # jobs take no tags
    ],
)
def test_unknown_resources_are_not_found(dx, data_set, arn, resource_type):
    arn = arn.format(data_set=data_set["Id"])
    for call in (lambda: dx.list_tags_for_resource(ResourceArn=arn), lambda: dx.tag_resource(ResourceArn=arn, Tags={"a": "b"})):
        with pytest.raises(dx.exceptions.ResourceNotFoundException) as info:
            call()
        assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
        assert (info.value.response["ResourceId"], info.value.response["ResourceType"]) == (arn, resource_type)


def test_an_arn_of_another_service_is_a_validation_error(dx):
    with pytest.raises(dx.exceptions.ValidationException):
        dx.list_tags_for_resource(ResourceArn="arn:aws:s3:::bucket")
