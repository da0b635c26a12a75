"""Integrations, import tasks, syslog configurations, S3 Tables sources, account
settings, GetLogObject, and ListAggregateLogGroupSummaries."""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from logs_support import NOW, NOW_MS, error_of


ACCOUNT = "123456789012"
GROUP_ARN = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/shop/orders"
STORE = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:eventdatastore/abc-123"


def has(logs, operation):
    if operation not in logs.meta.service_model.operation_names:
        pytest.skip(f"botocore's logs model has no {operation}")


def test_integrations(logs):
    config = {"openSearchResourceConfig": {"dataSourceRoleArn": f"arn:aws:iam::{ACCOUNT}:role/os", "dashboardViewerPrincipals": [], "retentionDays": 30}}
    assert logs.put_integration(integrationName="os", resourceConfig=config, integrationType="OPENSEARCH")["integrationStatus"] == "ACTIVE"
    assert logs.get_integration(integrationName="os")["integrationType"] == "OPENSEARCH"
    assert logs.list_integrations(integrationNamePrefix="o")["integrationSummaries"] == [
        {"integrationName": "os", "integrationType": "OPENSEARCH", "integrationStatus": "ACTIVE"}]
    logs.delete_integration(integrationName="os")
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.get_integration(integrationName="os")


def test_import_task_completes_on_the_next_call(logs):
    has(logs, "CreateImportTask")
    with freeze_time(NOW):
        out = logs.create_import_task(importSourceArn=STORE, importRoleArn=f"arn:aws:iam::{ACCOUNT}:role/r")
        assert out["creationTime"] == NOW_MS
        [task] = logs.describe_import_tasks(importId=out["importId"])["imports"]
    assert (task["importStatus"], task["importStatistics"]) == ("COMPLETED", {"bytesImported": 0})
    [batch] = logs.describe_import_task_batches(importId=out["importId"])["importBatches"]
    assert batch["status"] == "COMPLETED"
    with pytest.raises(logs.exceptions.InvalidOperationException):
        logs.cancel_import_task(importId=out["importId"])
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.cancel_import_task(importId="nope")


def test_syslog_configurations(logs, group):
    has(logs, "PutSyslogConfiguration")
    with freeze_time(NOW):
        logs.put_syslog_configuration(logGroupIdentifier=group, vpcEndpointId="vpce-1")
    assert logs.list_syslog_configurations(logGroupIdentifier=group)["syslogConfigurations"] == [
        {"logGroupArn": GROUP_ARN, "sourceType": "VPCE", "vpcEndpointId": "vpce-1", "createdAt": NOW_MS}]
    logs.delete_syslog_configuration(logGroupIdentifier=group, vpcEndpointId="vpce-1")
    assert logs.list_syslog_configurations()["syslogConfigurations"] == []
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.delete_syslog_configuration(logGroupIdentifier=group, vpcEndpointId="vpce-1")


def test_s3_table_sources(logs):
    has(logs, "AssociateSourceToS3TableIntegration")
    integration = f"arn:aws:observabilityadmin:us-east-1:{ACCOUNT}:s3tables-integration/i-1"
    identifier = logs.associate_source_to_s3_table_integration(integrationArn=integration, dataSource={"name": "cloudtrail", "type": "logs"})["identifier"]
    [source] = logs.list_sources_for_s3_table_integration(integrationArn=integration)["sources"]
    assert (source["identifier"], source["dataSource"], source["status"]) == (identifier, {"name": "cloudtrail", "type": "logs"}, "ACTIVE")
    assert logs.disassociate_source_from_s3_table_integration(identifier=identifier)["identifier"] == identifier
    assert logs.list_sources_for_s3_table_integration(integrationArn=integration)["sources"] == []


def test_account_settings_and_bearer_tokens(logs, group):
    has(logs, "PutStorageTierPolicy")
    assert logs.get_storage_tier_policy()["storageTier"] == "STANDARD"
    with freeze_time(NOW):
        logs.put_storage_tier_policy(storageTier="INTELLIGENT_TIERING")
    got = logs.get_storage_tier_policy()
    assert (got["storageTier"], got["lastUpdatedTime"]) == ("INTELLIGENT_TIERING", NOW_MS)
    logs.put_bearer_token_authentication(logGroupIdentifier=group, bearerTokenAuthenticationEnabled=True)
    assert logs.describe_log_groups(logGroupNamePattern="orders")["logGroups"][0]["bearerTokenAuthenticationEnabled"] is True


def test_aggregate_summaries_and_log_objects(logs, group):
    has(logs, "ListAggregateLogGroupSummaries")
    summaries = logs.list_aggregate_log_group_summaries(groupBy="DATA_SOURCE_NAME_AND_TYPE")["aggregateLogGroupSummaries"]
    assert summaries == [{"logGroupCount": 1, "groupingIdentifiers": []}]
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.get_log_object(logObjectPointer="nothing")
