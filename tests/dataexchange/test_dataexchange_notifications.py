"""SendDataSetNotification: validated, and delivered as an EventBridge event to the
provider's default bus and to every account that accepted a data grant of the data set."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from botocore.exceptions import ClientError
from dataexchange_support import ACCOUNT

from eventmock import register_lambda

RECEIVER = "210987654321"


def rule_to_lambda(events, account, pattern):
    received = []
    function = f"arn:aws:lambda:us-east-1:{account}:function:on-notification"
    register_lambda(function, lambda event, context: received.append(event))
    events.put_rule(Name="notifications", EventPattern=json.dumps(pattern))
    events.put_targets(Rule="notifications", Targets=[{"Id": "fn", "Arn": function}])
    return received


@pytest.fixture
def received(client_for):
    return rule_to_lambda(client_for("events"), ACCOUNT, {"source": ["aws.dataexchange"]})


def test_data_update_notification_sends_the_event(dx, data_set, received):
    at = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.timezone.utc)
    response = dx.send_data_set_notification(
        DataSetId=data_set["Id"],
        Type="DATA_UPDATE",
        Comment="Daily prices refreshed",
        Details={"DataUpdate": {"DataUpdatedAt": at}},
        Scope={"S3DataAccesses": [{"KeyPrefixes": ["prices/"]}]},
    )
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert {k for k in response if k != "ResponseMetadata"} == set()
    [event] = received
    assert (event["source"], event["detail-type"], event["resources"]) == (
        "aws.dataexchange",
        "Data Updated in Data Set",
        [data_set["Id"]],
    )
    assert event["account"] == ACCOUNT
    assert event["detail"] == {
        "DataSet": {"Id": data_set["Id"], "Name": "prices", "AssetType": "S3_SNAPSHOT"},
        "Notification": {
            "Comment": "Daily prices refreshed",
            "Details": {"DataUpdate": {"DataUpdatedAt": "2026-03-04T05:06:07.000Z"}},
            "Scope": {"S3DataAccesses": [{"KeyPrefixes": ["prices/"]}]},
        },
    }


@pytest.mark.parametrize(
    ("kind", "detail_type"),
    [
        ("DATA_DELAY", "Data Set Update Delayed"),
        ("SCHEMA_CHANGE", "Schema Change Planned for Data Set"),
        ("DEPRECATION", "Deprecation Planned for Data Set"),
    ],
)
def test_each_type_has_its_detail_type(dx, data_set, received, kind, detail_type):
    dx.send_data_set_notification(DataSetId=data_set["Id"], Type=kind)
    [event] = received
    assert event["detail-type"] == detail_type
    assert event["detail"] == {"DataSet": {"Id": data_set["Id"], "Name": "prices", "AssetType": "S3_SNAPSHOT"}}


def test_details_must_match_the_type(dx, data_set, received):
    at = dt.datetime(2026, 3, 4, tzinfo=dt.timezone.utc)
    with pytest.raises(ClientError) as exc_info:
        dx.send_data_set_notification(DataSetId=data_set["Id"], Type="DATA_DELAY", Details={"Deprecation": {"DeprecationAt": at}})
    assert exc_info.value.response["Error"]["Code"] == "ValidationException"
    assert received == []


def test_unknown_type_and_data_set_are_refused(dx, data_set, received):
    with pytest.raises(ClientError) as exc_info:
        dx.send_data_set_notification(DataSetId=data_set["Id"], Type="DATA_LOSS")
    assert exc_info.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as exc_info:
        dx.send_data_set_notification(DataSetId="c" * 32, Type="DATA_DELAY")
    assert exc_info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert exc_info.value.response["ResourceType"] == "DATA_SET"
    assert received == []


def test_client_token_deduplicates(dx, data_set, received):
    for _ in range(2):
        dx.send_data_set_notification(DataSetId=data_set["Id"], Type="DATA_DELAY", ClientToken="token-1")
    assert len(received) == 1
    dx.send_data_set_notification(DataSetId=data_set["Id"], Type="DATA_DELAY", ClientToken="token-2")
    assert len(received) == 2


def test_accepted_grant_receivers_get_the_notification(dx, client_for, data_set, received):
    receiver = client_for(account=RECEIVER)
    theirs = rule_to_lambda(client_for("events", account=RECEIVER), RECEIVER, {"source": ["aws.dataexchange"]})
    grant = dx.create_data_grant(Name="g", GrantDistributionScope="NONE", ReceiverPrincipal=RECEIVER, SourceDataSetId=data_set["Id"])
    dx.send_data_set_notification(DataSetId=data_set["Id"], Type="DATA_DELAY")
    assert theirs == []  # not accepted yet
    receiver.accept_data_grant(DataGrantArn=grant["Arn"])
    dx.send_data_set_notification(DataSetId=data_set["Id"], Type="DATA_DELAY", Comment="late")
    [event] = theirs
    assert (event["account"], event["resources"]) == (RECEIVER, [grant["DataSetId"]])
    assert event["detail"]["DataSet"]["Id"] == grant["DataSetId"]
    assert event["detail"]["Notification"] == {"Comment": "late"}
    assert len(received) == 2
    with pytest.raises(ClientError) as exc_info:  # the receiver is no provider
        receiver.send_data_set_notification(DataSetId=grant["DataSetId"], Type="DATA_DELAY")
    assert exc_info.value.response["Error"]["Code"] == "AccessDeniedException"


def test_a_client_token_is_remembered_for_five_minutes(dx, data_set, received):
    from freezegun import freeze_time

    with freeze_time("2026-05-01T00:00:00Z") as frozen:
        dx.send_data_set_notification(DataSetId=data_set["Id"], Type="DATA_DELAY", ClientToken="t")
        frozen.tick(299)
        dx.send_data_set_notification(DataSetId=data_set["Id"], Type="DATA_DELAY", ClientToken="t")
        assert len(received) == 1
        frozen.tick(2)
        dx.send_data_set_notification(DataSetId=data_set["Id"], Type="DATA_DELAY", ClientToken="t")
        assert len(received) == 2
