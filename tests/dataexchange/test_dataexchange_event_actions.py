"""Event actions: create, get, list (by event source, in pages), update, delete, and
the validation AWS applies."""

from __future__ import annotations

import datetime as dt

import pytest
from dataexchange_support import ACCOUNT, body, export_action, published_event
from dateutil.tz import tzutc
from freezegun import freeze_time

KMS_KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def test_create_event_action(dx, data_set):
    action = export_action("subscriber-data", "${Revision.Id}/${Asset.Name}", {"Type": "aws:kms", "KmsKeyArn": KMS_KEY})
    with freeze_time("2026-07-08 09:10:11.121"):
        created = dx.create_event_action(Action=action, Event=published_event(data_set["Id"]), Tags={"owner": "ops"})
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    action_id = created["Id"]
    when = dt.datetime(2026, 7, 8, 9, 10, 11, 121000, tzinfo=tzutc())
    assert body(created) == {
        "Action": action,
        "Arn": f"arn:aws:dataexchange:us-east-1:{ACCOUNT}:event-actions/{action_id}",
        "CreatedAt": when,
        "Event": published_event(data_set["Id"]),
        "Id": action_id,
        "Tags": {"owner": "ops"},
        "UpdatedAt": when,
    }
    assert body(dx.get_event_action(EventActionId=action_id)) == body(created)


def test_kms_encryption_needs_a_key_arn(dx, data_set):
    with pytest.raises(dx.exceptions.ValidationException) as info:
        dx.create_event_action(Action=export_action("b", encryption={"Type": "aws:kms"}), Event=published_event(data_set["Id"]))
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "KmsKeyArn" in info.value.response["Error"]["Message"]
    assert dx.list_event_actions()["EventActions"] == []


def test_an_encryption_type_outside_the_enum_is_a_validation_error(dx, data_set):
    with pytest.raises(dx.exceptions.ValidationException, match="at 'action.exportRevisionToS3.encryption.type'"):
        dx.create_event_action(Action=export_action("b", encryption={"Type": "SSE-C"}), Event=published_event(data_set["Id"]))


def test_action_and_event_must_name_what_they_do(dx, data_set):
    with pytest.raises(dx.exceptions.ValidationException, match="ExportRevisionToS3"):
        dx.create_event_action(Action={}, Event=published_event(data_set["Id"]))
    with pytest.raises(dx.exceptions.ValidationException, match="RevisionPublished"):
        dx.create_event_action(Action=export_action("b"), Event={})
    assert dx.list_event_actions()["EventActions"] == []


def test_required_members_are_botocores_to_check(dx, data_set):
    from botocore.exceptions import ParamValidationError

    with pytest.raises(ParamValidationError, match="Bucket"):
        dx.create_event_action(Action={"ExportRevisionToS3": {"RevisionDestination": {}}}, Event=published_event(data_set["Id"]))


def test_a_data_set_that_does_not_exist_is_a_validation_error(dx, client_for, data_set):
    missing = "8" * 32
    with pytest.raises(dx.exceptions.ValidationException) as info:
        dx.create_event_action(Action=export_action("b"), Event=published_event(missing))
    assert missing in info.value.response["Error"]["Message"]
    # a data set of another Region is not this Region's
    other_region = client_for(region="eu-west-1")
    with pytest.raises(other_region.exceptions.ValidationException):
        other_region.create_event_action(Action=export_action("b"), Event=published_event(data_set["Id"]))
    assert dx.list_event_actions()["EventActions"] == []


def test_data_set_id_must_match_the_id_pattern(dx):
    with pytest.raises(dx.exceptions.ValidationException, match="at 'event.revisionPublished.dataSetId'"):
        dx.create_event_action(Action=export_action("b"), Event=published_event("not-an-id"))


def test_only_s3_snapshot_data_sets_are_exported_automatically(dx):
    api = dx.create_data_set(AssetType="API_GATEWAY_API", Name="api", Description="d")
    with pytest.raises(dx.exceptions.ValidationException, match="S3_SNAPSHOT"):
        dx.create_event_action(Action=export_action("b"), Event=published_event(api["Id"]))


def test_list_event_actions_by_event_source_in_pages(dx, data_set):
    other = dx.create_data_set(AssetType="S3_SNAPSHOT", Name="other", Description="d")
    mine = [dx.create_event_action(Action=export_action(f"b{i}"), Event=published_event(data_set["Id"]))["Id"] for i in range(3)]
    theirs = dx.create_event_action(Action=export_action("x"), Event=published_event(other["Id"]))["Id"]
    assert [a["Id"] for a in dx.list_event_actions()["EventActions"]] == [*mine, theirs]
    pages = list(dx.get_paginator("list_event_actions").paginate(EventSourceId=data_set["Id"], PaginationConfig={"PageSize": 2}))
    assert [[a["Id"] for a in p["EventActions"]] for p in pages] == [mine[:2], mine[2:]]
    entry = pages[0]["EventActions"][0]
    assert "Tags" not in entry
    assert entry["Event"] == published_event(data_set["Id"])
    assert dx.list_event_actions(EventSourceId="9" * 32)["EventActions"] == []


def test_update_event_action_changes_the_action_and_updated_at(dx, data_set):
    with freeze_time("2026-01-01"):
        created = dx.create_event_action(Action=export_action("first"), Event=published_event(data_set["Id"]), Tags={"a": "b"})
    new_action = export_action("second", "${Revision.CreatedAt.Year}/${Asset.Id}", {"Type": "AES256"})
    with freeze_time("2026-01-05 12:00:00"):
        updated = dx.update_event_action(EventActionId=created["Id"], Action=new_action)
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert updated["Action"] == new_action
    assert updated["CreatedAt"] == created["CreatedAt"]
    assert updated["UpdatedAt"] == dt.datetime(2026, 1, 5, 12, tzinfo=tzutc())
    assert updated["Event"] == created["Event"]
    assert "Tags" not in updated
    got = dx.get_event_action(EventActionId=created["Id"])
    assert (got["Action"], got["Tags"]) == (new_action, {"a": "b"})


def test_an_invalid_update_changes_nothing(dx, data_set):
    created = dx.create_event_action(Action=export_action("first"), Event=published_event(data_set["Id"]))
    with pytest.raises(dx.exceptions.ValidationException):
        dx.update_event_action(EventActionId=created["Id"], Action=export_action("second", encryption={"Type": "aws:kms"}))
    got = dx.get_event_action(EventActionId=created["Id"])
    assert (got["Action"], got["UpdatedAt"]) == (created["Action"], created["UpdatedAt"])


def test_delete_event_action(dx, data_set):
    created = dx.create_event_action(Action=export_action("b"), Event=published_event(data_set["Id"]))
    response = dx.delete_event_action(EventActionId=created["Id"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert dx.list_event_actions()["EventActions"] == []


@pytest.mark.parametrize("operation", ["get_event_action", "update_event_action", "delete_event_action"])
def test_unknown_event_action_is_not_found(dx, operation):
    with pytest.raises(dx.exceptions.ResourceNotFoundException) as info:
        getattr(dx, operation)(EventActionId="nothing-here")
    response = info.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert (response["ResourceId"], response["ResourceType"]) == ("nothing-here", "EVENT_ACTION")
