"""Transformers (TestTransformer runs simple processors), anomaly detectors, index
policies and field indexes, lookup tables."""

from __future__ import annotations

import json

import pytest
from freezegun import freeze_time
from logs_support import NOW, NOW_MS, error_of, events

from eventmock import NotEmulatedError

ACCOUNT = "123456789012"
GROUP_ARN = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/shop/orders"
needs = pytest.mark.model


@needs("logs", "TestTransformerRequest", "transformerConfig")
def test_test_transformer_runs_simple_processors(logs):
    config = [
        {"parseJSON": {}},
        {"addKeys": {"entries": [{"key": "env", "value": "prod"}]}},
        {"renameKeys": {"entries": [{"key": "lvl", "renameTo": "level"}]}},
        {"upperCaseString": {"withKeys": ["level"]}},
        {"deleteKeys": {"withKeys": ["secret"]}},
        {"copyValue": {"entries": [{"source": "user.id", "target": "userId"}]}},
    ]
    [out] = logs.test_transformer(transformerConfig=config, logEventMessages=[json.dumps({"lvl": "warn", "secret": 1, "user": {"id": 7}})])["transformedLogs"]
    assert out["eventNumber"] == 1
    assert json.loads(out["transformedEventMessage"]) == {"level": "WARN", "user": {"id": 7}, "env": "prod", "userId": 7}


@needs("logs", "TestTransformerRequest", "transformerConfig")
def test_transformer_rules(logs, group):
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.put_transformer(logGroupIdentifier=group, transformerConfig=[{"addKeys": {"entries": [{"key": "a", "value": "b"}]}}])
    with pytest.raises(NotEmulatedError):
        logs.test_transformer(transformerConfig=[{"grok": {"match": "%{COMMONAPACHELOG}"}}], logEventMessages=["x"])


@needs("logs", "TestTransformerRequest", "transformerConfig")
def test_put_get_delete_transformer(logs, group):
    config = [{"parseKeyValue": {}}]
    with freeze_time(NOW):
        logs.put_transformer(logGroupIdentifier=group, transformerConfig=config)
    got = logs.get_transformer(logGroupIdentifier=group)
    assert (got["logGroupIdentifier"], got["creationTime"], got["transformerConfig"]) == (group, NOW_MS, [{"parseKeyValue": {}}])
    logs.delete_transformer(logGroupIdentifier=group)
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.get_transformer(logGroupIdentifier=group)


def test_anomaly_detectors(logs, group):
    arn = logs.create_log_anomaly_detector(logGroupArnList=[GROUP_ARN], detectorName="d", evaluationFrequency="FIVE_MIN")["anomalyDetectorArn"]
    assert arn.startswith(f"arn:aws:logs:us-east-1:{ACCOUNT}:anomaly-detector:")
    got = logs.get_log_anomaly_detector(anomalyDetectorArn=arn)
    assert (got["detectorName"], got["logGroupArnList"], got["anomalyDetectorStatus"]) == ("d", [GROUP_ARN], "INITIALIZING")
    logs.update_log_anomaly_detector(anomalyDetectorArn=arn, enabled=False)
    [listed] = logs.list_log_anomaly_detectors(filterLogGroupArn=GROUP_ARN)["anomalyDetectors"]
    assert listed["anomalyDetectorStatus"] == "PAUSED"
    assert logs.list_anomalies(anomalyDetectorArn=arn)["anomalies"] == []
    logs.delete_log_anomaly_detector(anomalyDetectorArn=arn)
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.get_log_anomaly_detector(anomalyDetectorArn=arn)
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.create_log_anomaly_detector(logGroupArnList=[GROUP_ARN + "x"])


@needs("logs", "FieldIndex", "type")
def test_index_policy_and_field_indexes(logs, group):
    with freeze_time(NOW):
        logs.put_log_events(logGroupName=group, logStreamName="web-1", logEvents=events(
            (NOW_MS, json.dumps({"requestId": "a"})), (NOW_MS + 5, "plain"), (NOW_MS + 9, json.dumps({"requestId": "b"}))))
        policy = logs.put_index_policy(logGroupIdentifier=group, policyDocument=json.dumps({"Fields": ["requestId"]}))["indexPolicy"]
        assert policy["source"] == "LOG_GROUP"
        assert [p["policyDocument"] for p in logs.describe_index_policies(logGroupIdentifiers=[group])["indexPolicies"]] == [policy["policyDocument"]]
        [index] = logs.describe_field_indexes(logGroupIdentifiers=[group])["fieldIndexes"]
    assert (index["fieldIndexName"], index["firstEventTime"], index["lastEventTime"]) == ("requestId", NOW_MS, NOW_MS + 9)
    logs.delete_index_policy(logGroupIdentifier=group)
    assert logs.describe_index_policies(logGroupIdentifiers=[group])["indexPolicies"] == []


@needs("logs", "LookupTable", "lookupTableArn")
def test_lookup_tables(logs):
    arn = logs.create_lookup_table(lookupTableName="users", tableBody="id,name\n1,ann\n2,bob\n")["lookupTableArn"]
    [table] = logs.describe_lookup_tables(lookupTableNamePrefix="us")["lookupTables"]
    assert (table["tableFields"], table["recordsCount"]) == (["id", "name"], 2)
    logs.update_lookup_table(lookupTableArn=arn, tableBody="id\n1\n")
    assert logs.get_lookup_table(lookupTableArn=arn)["tableBody"] == "id\n1\n"
    with pytest.raises(logs.exceptions.ResourceAlreadyExistsException):
        logs.create_lookup_table(lookupTableName="users", tableBody="x")
    logs.delete_lookup_table(lookupTableArn=arn)
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as info:
        logs.get_lookup_table(lookupTableArn=arn)
    assert error_of(info)[0] == "ResourceNotFoundException"
