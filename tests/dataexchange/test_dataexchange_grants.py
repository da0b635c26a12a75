"""Data grants: the sender creates, lists, gets and deletes them; the receiver (another
account) sees them in its received list, and accepting one gives it an entitled data set."""

from __future__ import annotations

import datetime as dt

import pytest
from botocore.exceptions import ClientError
from dataexchange_support import ACCOUNT, body

RECEIVER = "210987654321"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture
def receiver(client_for):
    return client_for(account=RECEIVER)


@pytest.fixture
def grant(dx, data_set):
    return dx.create_data_grant(
        Name="prices for analytics",
        GrantDistributionScope="NONE",
        ReceiverPrincipal=RECEIVER,
        SourceDataSetId=data_set["Id"],
        Description="Daily prices, shared",
        Tags={"team": "data"},
    )


def error(exc_info):
    return exc_info.value.response["Error"], exc_info.value.response


def test_create_data_grant_answers_the_model_shape(dx, data_set, grant):
    assert grant["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert grant["Arn"] == f"arn:aws:dataexchange:us-east-1:{ACCOUNT}:data-grants/{grant['Id']}"
    assert len(grant["Id"]) == 32 and len(grant["DataSetId"]) == 32
    assert grant["DataSetId"] != data_set["Id"]
    assert {k: grant[k] for k in ("Name", "SenderPrincipal", "ReceiverPrincipal", "AcceptanceState", "GrantDistributionScope")} == {
        "Name": "prices for analytics",
        "SenderPrincipal": ACCOUNT,
        "ReceiverPrincipal": RECEIVER,
        "AcceptanceState": "PENDING_RECEIVER_ACCEPTANCE",
        "GrantDistributionScope": "NONE",
    }
    assert (grant["SourceDataSetId"], grant["Description"], grant["Tags"]) == (data_set["Id"], "Daily prices, shared", {"team": "data"})
    assert "AcceptedAt" not in grant and "EndsAt" not in grant


def test_get_data_grant_by_id_or_arn(dx, grant):
    by_id = body(dx.get_data_grant(DataGrantId=grant["Id"]))
    assert by_id == body(dx.get_data_grant(DataGrantId=grant["Arn"]))
    assert by_id == {k: v for k, v in body(grant).items()}


def test_data_grant_for_an_unknown_data_set_is_not_found(dx):
    with pytest.raises(ClientError) as exc_info:
        dx.create_data_grant(Name="g", GrantDistributionScope="NONE", ReceiverPrincipal=RECEIVER, SourceDataSetId="a" * 32)
    err, response = error(exc_info)
    assert (err["Code"], response["ResourceType"], response["ResourceId"]) == ("ResourceNotFoundException", "DATA_SET", "a" * 32)
    assert dx.list_data_grants()["DataGrantSummaries"] == []


def test_bad_receiver_principal_is_refused_by_the_model(dx, data_set):
    with pytest.raises(ClientError) as exc_info:
        dx.create_data_grant(Name="g", GrantDistributionScope="NONE", ReceiverPrincipal="12345", SourceDataSetId=data_set["Id"])
    assert error(exc_info)[0]["Code"] == "ValidationException"


def test_unknown_data_grant_is_not_found(dx):
    for call in (dx.get_data_grant, dx.delete_data_grant):
        with pytest.raises(ClientError) as exc_info:
            call(DataGrantId="b" * 32)
        err, response = error(exc_info)
        assert (err["Code"], response["ResourceType"]) == ("ResourceNotFoundException", "DATA_GRANT")
        assert exc_info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_list_data_grants_newest_first_with_pages(dx, data_set):
    ids = [
        dx.create_data_grant(Name=f"g{i}", GrantDistributionScope="NONE", ReceiverPrincipal=RECEIVER, SourceDataSetId=data_set["Id"])["Id"]
        for i in range(3)
    ]
    first = dx.list_data_grants(MaxResults=2)
    assert [g["Id"] for g in first["DataGrantSummaries"]] == ids[::-1][:2]
    rest = dx.list_data_grants(MaxResults=2, NextToken=first["NextToken"])
    assert [g["Id"] for g in rest["DataGrantSummaries"]] == ids[:1] and "NextToken" not in rest
    entry = first["DataGrantSummaries"][0]
    assert entry["SourceDataSetId"] == data_set["Id"] and "Tags" not in entry and "Description" not in entry


def test_the_receiver_sees_the_grant(dx, receiver, grant):
    [entry] = receiver.list_received_data_grants()["DataGrantSummaries"]
    assert entry["Arn"] == grant["Arn"] and entry["SenderPrincipal"] == ACCOUNT
    assert entry["AcceptanceState"] == "PENDING_RECEIVER_ACCEPTANCE" and "SourceDataSetId" not in entry
    received = receiver.get_received_data_grant(DataGrantArn=grant["Arn"])
    assert (received["Id"], received["Description"], received["GrantDistributionScope"]) == (grant["Id"], "Daily prices, shared", "NONE")
    assert "Tags" not in received and "SourceDataSetId" not in received
    # the sender receives nothing; the receiver sent nothing
    assert dx.list_received_data_grants()["DataGrantSummaries"] == []
    assert receiver.list_data_grants()["DataGrantSummaries"] == []


def test_accepting_gives_the_receiver_an_entitled_data_set(dx, receiver, data_set, grant):
    accepted = receiver.accept_data_grant(DataGrantArn=grant["Arn"])
    assert accepted["AcceptanceState"] == "ACCEPTED" and accepted["AcceptedAt"] >= EPOCH
    entitled = receiver.get_data_set(DataSetId=grant["DataSetId"])
    assert entitled["Arn"] == f"arn:aws:dataexchange:us-east-1:{RECEIVER}:data-sets/{grant['DataSetId']}"
    assert (entitled["Origin"], entitled["Name"], entitled["AssetType"]) == ("ENTITLED", "prices", "S3_SNAPSHOT")
    assert entitled["OriginDetails"] == {"DataGrantId": grant["Id"]} and entitled["SourceId"] == data_set["Id"]
    [listed] = receiver.list_data_sets(Origin="ENTITLED")["DataSets"]
    assert listed["Id"] == grant["DataSetId"]
    assert receiver.list_data_sets(Origin="OWNED")["DataSets"] == []
    assert dx.get_data_grant(DataGrantId=grant["Id"])["AcceptanceState"] == "ACCEPTED"
    states = receiver.list_received_data_grants(AcceptanceState=["PENDING_RECEIVER_ACCEPTANCE"])["DataGrantSummaries"]
    assert states == []
    assert len(receiver.list_received_data_grants(AcceptanceState=["ACCEPTED"])["DataGrantSummaries"]) == 1


def test_accepting_twice_is_a_conflict(receiver, grant):
    receiver.accept_data_grant(DataGrantArn=grant["Arn"])
    with pytest.raises(ClientError) as exc_info:
        receiver.accept_data_grant(DataGrantArn=grant["Arn"])
    err, response = error(exc_info)
    assert (err["Code"], response["ResourceType"]) == ("ConflictException", "DATA_GRANT")


def test_only_the_receiver_can_accept(dx, client_for, grant):
    for client in (dx, client_for(account="333333333333")):
        with pytest.raises(ClientError) as exc_info:
            client.accept_data_grant(DataGrantArn=grant["Arn"])
        assert error(exc_info)[0]["Code"] == "ResourceNotFoundException"
    assert dx.get_data_grant(DataGrantId=grant["Id"])["AcceptanceState"] == "PENDING_RECEIVER_ACCEPTANCE"


def test_deleting_a_grant_withdraws_it_and_the_entitled_data_set(dx, receiver, grant):
    receiver.accept_data_grant(DataGrantArn=grant["Arn"])
    response = dx.delete_data_grant(DataGrantId=grant["Id"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert receiver.list_received_data_grants()["DataGrantSummaries"] == []
    assert receiver.list_data_sets()["DataSets"] == []
    with pytest.raises(ClientError):
        receiver.get_received_data_grant(DataGrantArn=grant["Arn"])


def test_grant_ends_at_and_tags(dx, data_set):
    ends = dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    grant = dx.create_data_grant(
        Name="g", GrantDistributionScope="AWS_ORGANIZATION", ReceiverPrincipal=RECEIVER, SourceDataSetId=data_set["Id"], EndsAt=ends
    )
    assert grant["EndsAt"] == ends and grant["Tags"] == {}
    dx.tag_resource(ResourceArn=grant["Arn"], Tags={"k": "v"})
    assert dx.list_tags_for_resource(ResourceArn=grant["Arn"])["Tags"] == {"k": "v"}
    assert dx.get_data_grant(DataGrantId=grant["Id"])["Tags"] == {"k": "v"}


def test_the_entitled_data_set_shares_the_finalized_revisions(dx, client_for, receiver, data_set, grant, source):
    from dataexchange_support import finalize, import_assets

    s3 = client_for("s3", account=RECEIVER)
    s3.create_bucket(Bucket="receiver-landing")
    open_revision = dx.create_revision(DataSetId=data_set["Id"], Comment="draft")
    done = dx.create_revision(DataSetId=data_set["Id"], Comment="day 1")
    import_assets(dx, data_set["Id"], done["Id"], source)
    finalize(dx, data_set["Id"], done["Id"])
    entitled_id = receiver.accept_data_grant(DataGrantArn=grant["Arn"])["DataSetId"]
    [revision] = receiver.list_data_set_revisions(DataSetId=entitled_id)["Revisions"]
    assert (revision["Id"], revision["DataSetId"], revision["Comment"]) == (done["Id"], entitled_id, "day 1")
    assert revision["Arn"] == f"arn:aws:dataexchange:us-east-1:{RECEIVER}:data-sets/{entitled_id}/revisions/{done['Id']}"
    with pytest.raises(ClientError):
        receiver.get_revision(DataSetId=entitled_id, RevisionId=open_revision["Id"])
    assets = receiver.list_revision_assets(DataSetId=entitled_id, RevisionId=done["Id"])["Assets"]
    assert len(assets) == 2 and {a["DataSetId"] for a in assets} == {entitled_id}
    job = receiver.create_job(
        Type="EXPORT_REVISIONS_TO_S3",
        Details={"ExportRevisionsToS3": {"DataSetId": entitled_id, "RevisionDestinations": [{"Bucket": "receiver-landing", "RevisionId": done["Id"]}]}},
    )
    receiver.start_job(JobId=job["Id"])
    assert receiver.get_job(JobId=job["Id"])["State"] == "COMPLETED"
    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="receiver-landing")["Contents"])
    assert keys == sorted(a["Name"] for a in assets)


def test_the_receiver_cannot_change_the_entitled_data_set(dx, receiver, data_set, grant):
    done = dx.create_revision(DataSetId=data_set["Id"])
    dx.update_revision(DataSetId=data_set["Id"], RevisionId=done["Id"], Finalized=True)
    entitled_id = receiver.accept_data_grant(DataGrantArn=grant["Arn"])["DataSetId"]
    calls = [
        lambda: receiver.update_data_set(DataSetId=entitled_id, Name="mine"),
        lambda: receiver.create_revision(DataSetId=entitled_id),
        lambda: receiver.update_revision(DataSetId=entitled_id, RevisionId=done["Id"], Finalized=False),
        lambda: receiver.revoke_revision(DataSetId=entitled_id, RevisionId=done["Id"], RevocationComment="ten chars!"),
        lambda: receiver.create_data_grant(Name="g", GrantDistributionScope="NONE", ReceiverPrincipal=ACCOUNT, SourceDataSetId=entitled_id),
    ]
    for call in calls:
        with pytest.raises(ClientError) as exc_info:
            call()
        assert exc_info.value.response["Error"]["Code"] == "AccessDeniedException"
        assert exc_info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert dx.get_revision(DataSetId=data_set["Id"], RevisionId=done["Id"])["Finalized"] is True
    assert receiver.get_data_set(DataSetId=entitled_id)["Name"] == "prices"
