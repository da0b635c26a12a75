"""Integrations, integration workflows, upload jobs, and identity resolution (where
eventmock runs no matching)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

QUEUE_URI = "arn:aws:sqs:us-east-1:123456789012:orders"
FLOW = {
    "FlowName": "sf-flow",
    "KmsArn": "arn:aws:kms:us-east-1:123456789012:key/abc",
    "SourceFlowConfig": {
        "ConnectorType": "Salesforce",
        "ConnectorProfileName": "sf",
        "SourceConnectorProperties": {"Salesforce": {"Object": "Account"}},
    },
    "Tasks": [{"SourceFields": ["Id"], "TaskType": "Map", "DestinationField": "Id"}],
    "TriggerConfig": {"TriggerType": "OnDemand"},
}


@pytest.fixture
def object_type(client, domain):
    client.put_profile_object_type(
        DomainName="shop", ObjectTypeName="Account", Description="d", TemplateId="Salesforce-Account"
    )


def code(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_integration_is_stored_described_listed_and_deleted(client, object_type):
    put = client.put_integration(DomainName="shop", Uri=QUEUE_URI, ObjectTypeName="Account", Tags={"k": "v"})
    got = client.get_integration(DomainName="shop", Uri=QUEUE_URI)
    for answer in (put, got):
        assert (answer["DomainName"], answer["Uri"], answer["ObjectTypeName"]) == ("shop", QUEUE_URI, "Account")
        assert answer["Tags"] == {"k": "v"}
        assert answer["CreatedAt"] and answer["LastUpdatedAt"]
    [item] = client.list_integrations(DomainName="shop")["Items"]
    assert item["Uri"] == QUEUE_URI
    [account_item] = client.list_account_integrations(Uri=QUEUE_URI)["Items"]
    assert account_item["DomainName"] == "shop"
    assert client.list_account_integrations(Uri=QUEUE_URI + "-other")["Items"] == []
    assert client.delete_integration(DomainName="shop", Uri=QUEUE_URI)["Message"]
    with pytest.raises(ClientError) as excinfo:
        client.get_integration(DomainName="shop", Uri=QUEUE_URI)
    assert code(excinfo) == ("ResourceNotFoundException", 404)
    with pytest.raises(ClientError) as excinfo:
        client.delete_integration(DomainName="shop", Uri=QUEUE_URI)
    assert code(excinfo) == ("ResourceNotFoundException", 404)


def test_integration_with_a_flow_definition_is_named_by_the_flow(client, object_type, region):
    answer = client.put_integration(DomainName="shop", FlowDefinition=FLOW, ObjectTypeName="Account")
    assert answer["Uri"] == f"arn:aws:appflow:{region}:123456789012:flow/sf-flow"


def test_integration_needs_an_existing_object_type(client, domain):
    with pytest.raises(ClientError) as excinfo:
        client.put_integration(DomainName="shop", Uri=QUEUE_URI, ObjectTypeName="Nope")
    assert code(excinfo) == ("ResourceNotFoundException", 404)
    with pytest.raises(ClientError) as excinfo:
        client.put_integration(DomainName="shop", Uri=QUEUE_URI)
    assert code(excinfo) == ("BadRequestException", 400)
    assert client.list_integrations(DomainName="shop")["Items"] == []


def test_workflow_settles_complete_and_makes_an_integration(client, object_type):
    workflow_id = client.create_integration_workflow(
        DomainName="shop",
        WorkflowType="APPFLOW_INTEGRATION",
        IntegrationConfig={"AppflowIntegration": {"FlowDefinition": FLOW}},
        ObjectTypeName="Account",
        RoleArn="arn:aws:iam::123456789012:role/r",
    )["WorkflowId"]
    workflow = client.get_workflow(DomainName="shop", WorkflowId=workflow_id)
    assert workflow["Status"] == "COMPLETE"
    assert workflow["Attributes"]["AppflowIntegration"]["SourceConnectorType"] == "Salesforce"
    [item] = client.list_workflows(DomainName="shop")["Items"]
    assert (item["WorkflowId"], item["Status"]) == (workflow_id, "COMPLETE")
    assert client.list_workflows(DomainName="shop", Status="FAILED")["Items"] == []
    assert client.get_workflow_steps(DomainName="shop", WorkflowId=workflow_id)["Items"] == []
    [integration] = client.list_integrations(DomainName="shop")["Items"]
    assert integration["WorkflowId"] == workflow_id
    client.delete_workflow(DomainName="shop", WorkflowId=workflow_id)
    with pytest.raises(ClientError) as excinfo:
        client.get_workflow(DomainName="shop", WorkflowId=workflow_id)
    assert code(excinfo) == ("ResourceNotFoundException", 404)


def test_upload_job_lifecycle(client, domain):
    fields = {"id": {"Source": "_source.id", "Target": "_profile.AccountNumber"}}
    job_id = client.create_upload_job(DomainName="shop", DisplayName="import", Fields=fields, UniqueKey="id")["JobId"]
    job = client.get_upload_job(DomainName="shop", JobId=job_id)
    assert (job["Status"], job["DisplayName"], job["UniqueKey"], job["Fields"]) == ("CREATED", "import", "id", fields)
    assert "CompletedAt" not in job
    path = client.get_upload_job_path(DomainName="shop", JobId=job_id)
    assert path["Url"].startswith("https://") and path["ValidUntil"]
    client.start_upload_job(DomainName="shop", JobId=job_id)
    job = client.get_upload_job(DomainName="shop", JobId=job_id)
    assert job["Status"] == "SUCCEEDED"
    assert job["ResultsSummary"] == {"UpdatedRecords": 0, "CreatedRecords": 0, "FailedRecords": 0}
    assert job["CompletedAt"]
    [item] = client.list_upload_jobs(DomainName="shop")["Items"]
    assert (item["JobId"], item["Status"]) == (job_id, "SUCCEEDED")
    for call in (client.start_upload_job, client.stop_upload_job):
        with pytest.raises(ClientError) as excinfo:
            call(DomainName="shop", JobId=job_id)
        assert code(excinfo) == ("BadRequestException", 400)


def test_stopped_upload_job(client, domain):
    fields = {"id": {"Source": "_source.id", "Target": "_profile.AccountNumber"}}
    job_id = client.create_upload_job(DomainName="shop", DisplayName="import", Fields=fields, UniqueKey="id")["JobId"]
    client.stop_upload_job(DomainName="shop", JobId=job_id)
    assert client.get_upload_job(DomainName="shop", JobId=job_id)["Status"] == "STOPPED"
    with pytest.raises(ClientError) as excinfo:
        client.get_upload_job(DomainName="shop", JobId="0" * 32)
    assert code(excinfo) == ("ResourceNotFoundException", 404)
    with pytest.raises(ClientError) as excinfo:
        client.create_upload_job(DomainName="shop", DisplayName="x", Fields=fields, UniqueKey="nope")
    assert code(excinfo) == ("BadRequestException", 400)


def test_identity_resolution_finds_nothing(client, domain):
    client.create_profile(DomainName="shop", FirstName="Ann")
    matches = client.get_matches(DomainName="shop")
    assert matches["Matches"] == [] and matches["PotentialMatches"] == 0
    assert client.list_rule_based_matches(DomainName="shop")["MatchIds"] == []
    assert client.list_identity_resolution_jobs(DomainName="shop")["IdentityResolutionJobsList"] == []
    preview = client.get_auto_merging_preview(
        DomainName="shop",
        Consolidation={"MatchingAttributesList": [["FirstName"]]},
        ConflictResolution={"ConflictResolvingModel": "RECENCY"},
    )
    assert preview["NumberOfProfilesInSample"] == 1 and preview["NumberOfProfilesWillBeMerged"] == 0
    similar = client.get_similar_profiles(
        DomainName="shop", MatchType="RULE_BASED_MATCHING", SearchKey="FirstName", SearchValue="Ann"
    )
    assert similar["ProfileIds"] == []
    with pytest.raises(ClientError) as excinfo:
        client.get_identity_resolution_job(DomainName="shop", JobId="0" * 32)
    assert code(excinfo) == ("ResourceNotFoundException", 404)
    with pytest.raises(ClientError) as excinfo:
        client.get_matches(DomainName="nope")
    assert code(excinfo) == ("ResourceNotFoundException", 404)
