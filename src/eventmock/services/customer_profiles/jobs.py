"""Upload jobs and integration workflows: their states, settled on the mock's clock.

eventmock takes no file upload and runs no Amazon AppFlow flow, so a started upload job
and a created workflow settle, before the next call into the mock, to success with
nothing processed (``SUCCEEDED`` with zero records; ``COMPLETE`` with no steps)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from eventmock.core import arns, clock, ids
from eventmock.services.customer_profiles.base import CustomerProfilesBase
from eventmock.services.customer_profiles.models import Domain, Integration, UploadJob, Workflow

DEFAULT_LIST = 100
#: How long a ``get_upload_job_path`` URL stays valid.
PATH_VALIDITY = dt.timedelta(hours=1)


class JobOperations(CustomerProfilesBase):
    # -- upload jobs ------------------------------------------------------------------

    def _upload_job(self, domain: Domain, job_id: str) -> UploadJob:
        job = domain.upload_jobs.get(job_id)
        if job is None:
            raise self._not_found(f"Upload job {job_id} does not exist in domain {domain.name}")
        return job

    def create_upload_job(
        self, DomainName: str, DisplayName: str, Fields: dict[str, Any], UniqueKey: str, DataExpiry: int | None = None
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        if UniqueKey not in Fields:
            raise self._bad_request(f"UniqueKey {UniqueKey} must be one of the Fields")
        job = UploadJob(ids.hex32(), DisplayName, copy.deepcopy(Fields), UniqueKey, clock.now(), DataExpiry)
        domain.upload_jobs[job.id] = job
        return {"JobId": job.id}

    def get_upload_job(self, DomainName: str, JobId: str) -> dict[str, Any]:
        job = self._upload_job(self._domain(DomainName), JobId)
        return {
            **job.item(),
            "StatusReason": None,
            "Fields": copy.deepcopy(job.fields),
            "UniqueKey": job.unique_key,
            "ResultsSummary": dict(job.summary) if job.summary is not None else None,
        }

    def get_upload_job_path(self, DomainName: str, JobId: str) -> dict[str, Any]:
        domain = self._domain(DomainName)
        job = self._upload_job(domain, JobId)
        token = ids.uuid4()
        url = f"https://customer-profiles-upload-{self.region}.s3.{self.region}.amazonaws.com/{domain.name}/{job.id}?token={token}"
        return {"Url": url, "ClientToken": token, "ValidUntil": clock.now() + PATH_VALIDITY}

    def list_upload_jobs(self, DomainName: str, MaxResults: int | None = None, NextToken: str | None = None) -> dict[str, Any]:
        domain = self._domain(DomainName)
        page, token = self._page(list(domain.upload_jobs.values()), NextToken, self._page_size(MaxResults, DEFAULT_LIST))
        return {"Items": [j.item() for j in page], "NextToken": token}

    def start_upload_job(self, DomainName: str, JobId: str) -> dict[str, Any]:
        job = self._upload_job(self._domain(DomainName), JobId)
        if job.status != "CREATED":
            raise self._bad_request(f"Upload job {JobId} cannot be started: its status is {job.status}")
        job.status = "IN_PROGRESS"

        def settle(when: dt.datetime) -> None:
            if job.status == "IN_PROGRESS":
                job.status = "SUCCEEDED"
                job.completed = when
                job.summary = {"UpdatedRecords": 0, "CreatedRecords": 0, "FailedRecords": 0}

        self.store.due.at(clock.now(), settle)
        return {}

    def stop_upload_job(self, DomainName: str, JobId: str) -> dict[str, Any]:
        job = self._upload_job(self._domain(DomainName), JobId)
        if job.status not in ("CREATED", "IN_PROGRESS"):
            raise self._bad_request(f"Upload job {JobId} cannot be stopped: its status is {job.status}")
        job.status = "STOPPED"
        job.completed = clock.now()
        return {}

    # -- workflows ----------------------------------------------------------------------

    def _workflow(self, domain: Domain, workflow_id: str) -> Workflow:
        workflow = domain.workflows.get(workflow_id)
        if workflow is None:
            raise self._not_found(f"Workflow {workflow_id} does not exist in domain {domain.name}")
        return workflow

    def create_integration_workflow(
        self,
        DomainName: str,
        WorkflowType: str,
        IntegrationConfig: dict[str, Any],
        ObjectTypeName: str,
        RoleArn: str,
        Tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        self._object_type(domain, ObjectTypeName)
        if "AppflowIntegration" not in IntegrationConfig:
            raise self._bad_request("IntegrationConfig must have AppflowIntegration for WorkflowType APPFLOW_INTEGRATION")
        self._check_tags(Tags or {})
        now = clock.now()
        workflow = Workflow(ids.hex32(), ObjectTypeName, RoleArn, copy.deepcopy(IntegrationConfig), now, now, tags=dict(Tags or {}))
        domain.workflows[workflow.id] = workflow
        flow_name = workflow.flow["FlowName"]
        uri = f"arn:{arns.partition_of(self.region)}:appflow:{self.region}:{self.account_id}:flow/{flow_name}"
        settings = {"ObjectTypeName": ObjectTypeName, "WorkflowId": workflow.id, "IsUnstructured": False, "RoleArn": RoleArn}
        domain.integrations[uri] = Integration(uri, domain.name, now, now, settings, dict(Tags or {}))

        def settle(when: dt.datetime) -> None:
            if workflow.status == "NOT_STARTED":
                workflow.status = "COMPLETE"
                workflow.updated = when

        self.store.due.at(now, settle)
        return {"WorkflowId": workflow.id, "Message": "Workflow creation requested"}

    def get_workflow(self, DomainName: str, WorkflowId: str) -> dict[str, Any]:
        workflow = self._workflow(self._domain(DomainName), WorkflowId)
        source = workflow.flow.get("SourceFlowConfig") or {}
        return {
            "WorkflowId": workflow.id,
            "WorkflowType": "APPFLOW_INTEGRATION",
            "Status": workflow.status,
            "StartDate": workflow.created,
            "LastUpdatedAt": workflow.updated,
            "Attributes": {
                "AppflowIntegration": {
                    "SourceConnectorType": source.get("ConnectorType"),
                    "ConnectorProfileName": source.get("ConnectorProfileName") or "",
                    "RoleArn": workflow.role_arn,
                }
            },
            "Metrics": {"AppflowIntegration": {"RecordsProcessed": 0, "StepsCompleted": 0, "TotalSteps": 0}},
        }

    def get_workflow_steps(
        self, DomainName: str, WorkflowId: str, NextToken: str | None = None, MaxResults: int | None = None
    ) -> dict[str, Any]:
        workflow = self._workflow(self._domain(DomainName), WorkflowId)
        self._page([], NextToken, self._page_size(MaxResults, DEFAULT_LIST))
        return {"WorkflowId": workflow.id, "WorkflowType": "APPFLOW_INTEGRATION", "Items": []}

    def list_workflows(
        self,
        DomainName: str,
        WorkflowType: str | None = None,
        Status: str | None = None,
        QueryStartDate: dt.datetime | None = None,
        QueryEndDate: dt.datetime | None = None,
        NextToken: str | None = None,
        MaxResults: int | None = None,
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        found = [
            w
            for w in domain.workflows.values()
            if (Status is None or w.status == Status)
            and (QueryStartDate is None or w.created >= QueryStartDate)
            and (QueryEndDate is None or w.created <= QueryEndDate)
        ]
        page, token = self._page(found, NextToken, self._page_size(MaxResults, DEFAULT_LIST))
        items = [
            {
                "WorkflowType": "APPFLOW_INTEGRATION",
                "WorkflowId": w.id,
                "Status": w.status,
                "StatusDescription": w.status,
                "CreatedAt": w.created,
                "LastUpdatedAt": w.updated,
            }
            for w in page
        ]
        return {"Items": items, "NextToken": token}

    def delete_workflow(self, DomainName: str, WorkflowId: str) -> dict[str, Any]:
        domain = self._domain(DomainName)
        self._workflow(domain, WorkflowId)
        del domain.workflows[WorkflowId]
        return {}
