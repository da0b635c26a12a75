"""``eventmock.publish_revision``: event actions export the published revision to S3,
and the ``Revision Published To Data Set`` event reaches EventBridge rules."""

from __future__ import annotations

import json

import pytest
from dataexchange_support import ACCOUNT, KEYS, export_action, finalize, import_assets, published_event
from freezegun import freeze_time

from eventmock import EventmockError, NotActiveError, publish_revision, register_lambda

KMS_KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
FUNCTION = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:on-new-revision"


@pytest.fixture
def ready(dx, data_set, revision, source):
    """A finalized revision holding the two assets of ``source``."""
    assets = import_assets(dx, data_set["Id"], revision["Id"], source)
    finalize(dx, data_set["Id"], revision["Id"])
    return assets


@pytest.fixture
def events(client_for):
    return client_for("events")


def rule_to_lambda(events, pattern):
    received = []
    register_lambda(FUNCTION, lambda event, context: received.append(event))
    events.put_rule(Name="new-revision", EventPattern=json.dumps(pattern))
    events.put_targets(Rule="new-revision", Targets=[{"Id": "fn", "Arn": FUNCTION}])
    return received


def test_publishing_runs_the_event_action_export(dx, s3, data_set, revision, ready, destination):
    action = dx.create_event_action(
        Action=export_action(destination, "${DataSet.Name}/${Revision.Id}/${Asset.Name}", {"Type": "aws:kms", "KmsKeyArn": KMS_KEY}),
        Event=published_event(data_set["Id"]),
    )
    job_ids = publish_revision(data_set["Id"], revision["Id"])
    for asset in ready:
        obj = s3.get_object(Bucket=destination, Key=f"prices/{revision['Id']}/{asset['Name']}")
        assert obj["Body"].read() == (b"sku,price\na,1\n" if asset["Name"] == KEYS[0] else b"sku,price\na,2\n")
        assert (obj["ServerSideEncryption"], obj["SSEKMSKeyId"]) == ("aws:kms", KMS_KEY)
    [job_id] = job_ids
    job = dx.get_job(JobId=job_id)
    assert (job["Type"], job["State"]) == ("EXPORT_REVISIONS_TO_S3", "COMPLETED")
    assert job["Details"] == {
        "ExportRevisionsToS3": {
            "DataSetId": data_set["Id"],
            "Encryption": {"Type": "aws:kms", "KmsKeyArn": KMS_KEY},
            "RevisionDestinations": [
                {"Bucket": destination, "KeyPattern": "${DataSet.Name}/${Revision.Id}/${Asset.Name}", "RevisionId": revision["Id"]}
            ],
            "EventActionArn": action["Arn"],
        }
    }
    assert job_id in [j["Id"] for j in dx.list_jobs(DataSetId=data_set["Id"], RevisionId=revision["Id"])["Jobs"]]


def test_every_matching_event_action_runs_and_no_other(dx, s3, data_set, revision, ready, destination):
    other = dx.create_data_set(AssetType="S3_SNAPSHOT", Name="other", Description="d")
    s3.create_bucket(Bucket="second-copy")
    s3.create_bucket(Bucket="not-mine")
    dx.create_event_action(Action=export_action(destination, "a/${Asset.Name}"), Event=published_event(data_set["Id"]))
    dx.create_event_action(Action=export_action("second-copy", "b/${Asset.Id}"), Event=published_event(data_set["Id"]))
    dx.create_event_action(Action=export_action("not-mine", "${Asset.Name}"), Event=published_event(other["Id"]))
    assert len(publish_revision(data_set["Id"], revision["Id"])) == 2
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=destination)["Contents"]] == [f"a/{k}" for k in KEYS]
    assert sorted(o["Key"] for o in s3.list_objects_v2(Bucket="second-copy")["Contents"]) == sorted(f"b/{a['Id']}" for a in ready)
    assert "Contents" not in s3.list_objects_v2(Bucket="not-mine")


def test_a_deleted_or_updated_event_action_takes_effect(dx, s3, data_set, revision, ready, destination):
    gone = dx.create_event_action(Action=export_action(destination, "gone/${Asset.Name}"), Event=published_event(data_set["Id"]))
    kept = dx.create_event_action(Action=export_action(destination, "old/${Asset.Name}"), Event=published_event(data_set["Id"]))
    dx.delete_event_action(EventActionId=gone["Id"])
    dx.update_event_action(EventActionId=kept["Id"], Action=export_action(destination, "new/${Asset.Name}"))
    publish_revision(data_set["Id"], revision["Id"])
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=destination)["Contents"]] == [f"new/{k}" for k in KEYS]


def test_an_export_to_a_missing_bucket_is_a_failed_job_and_the_event_is_still_sent(eventmock, dx, data_set, revision, ready):
    dx.create_event_action(Action=export_action("no-such-bucket"), Event=published_event(data_set["Id"]))
    [job_id] = publish_revision(data_set["Id"], revision["Id"])
    job = dx.get_job(JobId=job_id)
    assert job["State"] == "ERROR"
    [error] = job["Errors"]
    assert (error["Code"], error["ResourceType"], error["ResourceId"]) == ("RESOURCE_NOT_FOUND_EXCEPTION", "REVISION", revision["Id"])
    assert "no-such-bucket" in error["Message"]
    [event] = eventmock.backend("dataexchange").sent_events
    assert event["detail-type"] == "Revision Published To Data Set"


def test_a_rule_catches_the_published_event(dx, events, data_set, revision, ready):
    received = rule_to_lambda(
        events, {"source": ["aws.dataexchange"], "detail-type": ["Revision Published To Data Set"], "resources": [data_set["Id"]]}
    )
    with freeze_time("2026-09-10 11:12:13.999"):
        publish_revision(data_set["Id"], revision["Id"])
    [event] = received
    assert isinstance(event.pop("id"), str)
    assert event == {
        "version": "0",
        "detail-type": "Revision Published To Data Set",
        "source": "aws.dataexchange",
        "account": ACCOUNT,
        "time": "2026-09-10T11:12:13Z",
        "region": "us-east-1",
        "resources": [data_set["Id"]],
        "detail": {
            "RevisionIds": [revision["Id"]],
            "Revisions": [{"Id": revision["Id"], "Comment": "day 1"}],
            "DataSets": [{"Id": data_set["Id"], "Name": "prices"}],
        },
    }


def test_the_event_reaches_an_sqs_queue_through_a_rule(dx, events, client_for, data_set, revision, ready):
    sqs = client_for("sqs")
    queue_url = sqs.create_queue(QueueName="revisions")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="to-queue", EventPattern=json.dumps({"source": ["aws.dataexchange"]}))
    events.put_targets(Rule="to-queue", Targets=[{"Id": "q", "Arn": queue_arn, "InputPath": "$.detail"}])
    publish_revision(data_set["Id"], revision["Id"], product_id="prod-abc123", product_name="Prices")
    [message] = sqs.receive_message(QueueUrl=queue_url)["Messages"]
    assert json.loads(message["Body"]) == {
        "RevisionIds": [revision["Id"]],
        "Revisions": [{"Id": revision["Id"], "Comment": "day 1"}],
        "DataSets": [{"Id": data_set["Id"], "Name": "prices"}],
        "Product": {"Id": "prod-abc123", "Name": "Prices"},
    }


def test_a_rule_for_another_data_set_is_not_triggered(eventmock, dx, events, data_set, revision, ready):
    received = rule_to_lambda(events, {"source": ["aws.dataexchange"], "resources": ["f" * 32]})
    publish_revision(data_set["Id"], revision["Id"])
    assert received == []
    assert len(eventmock.backend("dataexchange").sent_events) == 1


def test_put_events_cannot_forge_the_event(events):
    response = events.put_events(Entries=[{"Source": "aws.dataexchange", "DetailType": "Revision Published To Data Set", "Detail": "{}"}])
    assert response["Entries"][0]["ErrorCode"] == "NotAuthorizedForSourceException"


def test_the_detail_type_follows_the_asset_type(eventmock, dx):
    api = dx.create_data_set(AssetType="API_GATEWAY_API", Name="api", Description="d")
    revision = dx.create_revision(DataSetId=api["Id"])
    finalize(dx, api["Id"], revision["Id"])
    assert publish_revision(api["Id"], revision["Id"]) == []
    [event] = eventmock.backend("dataexchange").sent_events
    assert event["detail-type"] == "Revision Published To API Gateway API Data Set"
    assert "Comment" not in event["detail"]["Revisions"][0]


def test_publish_in_another_account_and_region(client_for, eventmock):
    account, region = "210987654321", "eu-west-1"
    dx = client_for(account=account, region=region)
    s3 = client_for("s3", account=account, region=region)
    s3.create_bucket(Bucket="eu-copy", CreateBucketConfiguration={"LocationConstraint": region})
    s3.put_object(Bucket="eu-copy", Key="in.csv", Body=b"eu")
    data_set = dx.create_data_set(AssetType="S3_SNAPSHOT", Name="eu", Description="d")
    revision = dx.create_revision(DataSetId=data_set["Id"])
    import_assets(dx, data_set["Id"], revision["Id"], "eu-copy", ["in.csv"])
    finalize(dx, data_set["Id"], revision["Id"])
    dx.create_event_action(Action=export_action("eu-copy", "out/${Asset.Name}"), Event=published_event(data_set["Id"]))
    with pytest.raises(EventmockError, match="no data set"):
        publish_revision(data_set["Id"], revision["Id"])  # not in the default account and Region
    publish_revision(data_set["Id"], revision["Id"], account_id=account, region=region)
    assert s3.get_object(Bucket="eu-copy", Key="out/in.csv")["Body"].read() == b"eu"
    [event] = eventmock.backend("dataexchange", account, region).sent_events
    assert (event["account"], event["region"]) == (account, region)
    assert eventmock.backend("dataexchange").sent_events == []


def test_revoking_a_published_revision_sends_revision_revoked(dx, events, data_set, revision, ready):
    publish_revision(data_set["Id"], revision["Id"], product_id="prod-abc123")
    received = rule_to_lambda(events, {"source": ["aws.dataexchange"], "detail-type": ["Revision Revoked"]})
    dx.revoke_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"], RevocationComment="prices were wrong")
    dx.revoke_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"], RevocationComment="prices were very wrong")
    [event] = received  # once, when it is revoked
    assert event["resources"] == [data_set["Id"]]
    assert event["detail"] == {
        "RevisionIds": [revision["Id"]],
        "RevocationComment": "prices were wrong",
        "Revisions": [{"Id": revision["Id"], "Comment": "day 1"}],
        "DataSets": [{"Id": data_set["Id"], "Name": "prices"}],
        "Product": {"Id": "prod-abc123"},
    }


def test_revoking_an_unpublished_revision_sends_nothing(eventmock, dx, data_set, revision, ready):
    dx.revoke_revision(DataSetId=data_set["Id"], RevisionId=revision["Id"], RevocationComment="never published")
    assert eventmock.backend("dataexchange").sent_events == []


def test_what_cannot_be_published(eventmock, dx, data_set, revision):
    with pytest.raises(EventmockError, match="no data set"):
        publish_revision("a" * 32, revision["Id"])
    with pytest.raises(EventmockError, match="no revision"):
        publish_revision(data_set["Id"], "a" * 32)
    with pytest.raises(EventmockError, match="not finalized"):
        publish_revision(data_set["Id"], revision["Id"])
    finalize(dx, data_set["Id"], revision["Id"])
    publish_revision(data_set["Id"], revision["Id"])
    with pytest.raises(EventmockError, match="already published"):
        publish_revision(data_set["Id"], revision["Id"])
    revoked = dx.create_revision(DataSetId=data_set["Id"])
    finalize(dx, data_set["Id"], revoked["Id"])
    dx.revoke_revision(DataSetId=data_set["Id"], RevisionId=revoked["Id"], RevocationComment="withdrawn early")
    with pytest.raises(EventmockError, match="revoked"):
        publish_revision(data_set["Id"], revoked["Id"])
    assert len(eventmock.backend("dataexchange").sent_events) == 1


def test_publish_revision_needs_an_active_mock():
    with pytest.raises(NotActiveError):
        publish_revision("a" * 32, "b" * 32)
