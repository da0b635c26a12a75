"""EventBridge connections keep their credentials in eventmock's Secrets Manager."""

from __future__ import annotations

import json

import pytest

BASIC = {"BasicAuthParameters": {"Username": "user", "Password": "pass"}}


def test_a_connections_secret_is_an_events_owned_secret(sm, client_for):
    events = client_for("events")
    events.create_connection(Name="hooks", AuthorizationType="BASIC", AuthParameters=BASIC)
    arn = events.describe_connection(Name="hooks")["SecretArn"]
    described = sm.describe_secret(SecretId=arn)
    assert described["ARN"] == arn
    assert described["Name"].startswith("events!connection/hooks/")
    assert described["OwningService"] == "events"
    assert described["Tags"] == [{"Key": "aws:secretsmanager:owningService", "Value": "events"}]
    assert json.loads(sm.get_secret_value(SecretId=arn)["SecretString"]) == {"username": "user", "password": "pass"}
    owned = sm.list_secrets(Filters=[{"Key": "owning-service", "Values": ["events"]}])["SecretList"]
    assert [s["ARN"] for s in owned] == [arn]

    events.update_connection(Name="hooks", AuthParameters={"BasicAuthParameters": {"Password": "new"}})
    assert json.loads(sm.get_secret_value(SecretId=arn)["SecretString"])["password"] == "new"
    assert sm.get_secret_value(SecretId=arn, VersionStage="AWSPREVIOUS")["SecretString"] != sm.get_secret_value(SecretId=arn)["SecretString"]

    events.delete_connection(Name="hooks")
    with pytest.raises(sm.exceptions.ResourceNotFoundException):
        sm.describe_secret(SecretId=arn)
