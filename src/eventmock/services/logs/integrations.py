"""Account settings and connections to other services, stored and described as AWS
answers them: OpenSearch integrations, CloudTrail Lake import tasks, syslog
configurations, S3 Tables integration sources, the storage tier policy, bearer token
authentication, plus ListAggregateLogGroupSummaries and GetLogObject.

Nothing here moves data: an import task imports no CloudTrail events (it completes as
due work on the mock's clock, with 0 bytes imported); eventmock hands out no log object
pointers, so GetLogObject finds none. (StartLiveTail: :mod:`.live_tail`.)
"""

from __future__ import annotations

from typing import Any

from eventmock.core import arns, clock, ids
from eventmock.core.errors import ServiceError
from eventmock.services.logs.base import LogsBase, _invalid
from eventmock.services.logs.models import Resource

INTEGRATION, IMPORT, S3_TABLE_SOURCE, SYSLOG = "integration", "import-task", "s3-table-source", "syslog"


def _missing(what: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"The specified {what} does not exist.")


class Integrations(LogsBase):
    """Integrations, import tasks, syslog configurations, S3 Tables sources, storage tier,
    bearer token authentication, ListAggregateLogGroupSummaries, GetLogObject."""

    # -- OpenSearch integrations ---------------------------------------------------------

    def put_integration(self, integrationName: str, resourceConfig: dict[str, Any], integrationType: str) -> dict[str, Any]:
        if "openSearchResourceConfig" not in resourceConfig:
            raise _invalid("resourceConfig must hold openSearchResourceConfig.")
        integrations = self._kind(INTEGRATION)
        if integrationName in integrations:
            raise ServiceError("ValidationException", f"An integration named {integrationName} already exists.")
        body = {"integrationName": integrationName, "integrationType": integrationType, "integrationStatus": "ACTIVE", "resourceConfig": resourceConfig}
        integrations[integrationName] = Resource(integrationName, None, body)
        return {"integrationName": integrationName, "integrationStatus": "ACTIVE"}

    def _integration(self, name: str) -> Resource:
        found = self._kind(INTEGRATION).get(name)
        if found is None:
            raise _missing("integration")
        return found

    def get_integration(self, integrationName: str) -> dict[str, Any]:
        body = self._integration(integrationName).body
        details = {"dataSource": {"dataSourceName": integrationName, "status": {"status": "ACTIVE"}}}
        return {k: body[k] for k in ("integrationName", "integrationType", "integrationStatus")} | {
            "integrationDetails": {"openSearchIntegrationDetails": details}
        }

    def list_integrations(
        self, integrationNamePrefix: str | None = None, integrationType: str | None = None, integrationStatus: str | None = None
    ) -> dict[str, Any]:
        return {
            "integrationSummaries": [
                {k: i.body[k] for k in ("integrationName", "integrationType", "integrationStatus")}
                for i in sorted(self._kind(INTEGRATION).values(), key=lambda i: i.key)
                if i.key.startswith(integrationNamePrefix or "")
                and integrationType in (None, i.body["integrationType"])
                and integrationStatus in (None, i.body["integrationStatus"])
            ]
        }

    def delete_integration(self, integrationName: str, force: bool | None = None) -> dict[str, Any]:
        self._integration(integrationName)
        del self._kind(INTEGRATION)[integrationName]
        return {}

    # -- import tasks --------------------------------------------------------------------

    def create_import_task(self, importSourceArn: str, importRoleArn: str, importFilter: dict[str, Any] | None = None) -> dict[str, Any]:
        source = arns.parse(importSourceArn)
        if source is None or source.service != "cloudtrail":
            raise _invalid(f"Invalid importSourceArn: {importSourceArn}")
        if any(t.body["importSourceArn"] == importSourceArn and t.body["importStatus"] == "IN_PROGRESS" for t in self._kind(IMPORT).values()):
            raise ServiceError("ConflictException", "An import task for this source is already in progress.")
        import_id = ids.uuid4()
        now = clock.epoch_ms()
        store_id = source.resource.rsplit("/", 1)[-1]
        destination = self._arn(f"log-group:aws/cloudtrail/{store_id}")
        body: dict[str, Any] = {
            "importId": import_id,
            "importSourceArn": importSourceArn,
            "importStatus": "IN_PROGRESS",
            "importDestinationArn": destination,
            "importStatistics": {"bytesImported": 0},
            "importFilter": importFilter,
            "creationTime": now,
            "lastUpdatedTime": now,
        }
        task = self._kind(IMPORT)[import_id] = Resource(import_id, None, body)
        self.store.due.at(clock.now(), lambda _when: self._finish_import(task))
        return {"importId": import_id, "importDestinationArn": destination, "creationTime": now}

    @staticmethod
    def _finish_import(task: Resource) -> None:
        if task.body["importStatus"] == "IN_PROGRESS":
            task.body.update(importStatus="COMPLETED", lastUpdatedTime=clock.epoch_ms())

    def _import(self, import_id: str) -> Resource:
        found = self._kind(IMPORT).get(import_id)
        if found is None:
            raise _missing("import task")
        return found

    def describe_import_tasks(
        self,
        importId: str | None = None,
        importStatus: str | None = None,
        importSourceArn: str | None = None,
        limit: int | None = None,
        nextToken: str | None = None,
    ) -> dict[str, Any]:
        found = [
            t
            for t in self._kind(IMPORT).values()
            if importId in (None, t.key) and importStatus in (None, t.body["importStatus"]) and importSourceArn in (None, t.body["importSourceArn"])
        ]
        page, token = self._page(found, nextToken, limit)
        return {"imports": [t.description() for t in page], "nextToken": token}

    def describe_import_task_batches(
        self, importId: str, batchImportStatus: list[str] | None = None, limit: int | None = None, nextToken: str | None = None
    ) -> dict[str, Any]:
        task = self._import(importId)
        batch = {"batchId": importId.replace("-", "")[:16], "status": task.body["importStatus"]}
        batches = [batch] if not batchImportStatus or batch["status"] in batchImportStatus else []
        return {"importSourceArn": task.body["importSourceArn"], "importId": importId, "importBatches": batches}

    def cancel_import_task(self, importId: str) -> dict[str, Any]:
        task = self._import(importId)
        if task.body["importStatus"] != "IN_PROGRESS":
            raise ServiceError("InvalidOperationException", "The import task is not in progress.")
        task.body.update(importStatus="CANCELLED", lastUpdatedTime=clock.epoch_ms())
        keys = ("importId", "importStatistics", "importStatus", "creationTime", "lastUpdatedTime")
        return {k: task.body[k] for k in keys}

    # -- syslog configurations -----------------------------------------------------------

    def put_syslog_configuration(self, logGroupIdentifier: str, vpcEndpointId: str | None = None) -> None:
        group = self._identified(None, logGroupIdentifier)
        key = f"{SYSLOG}:{vpcEndpointId or ''}"
        if key not in group.attached:
            body = {"logGroupArn": group.arn, "sourceType": "VPCE", "vpcEndpointId": vpcEndpointId, "createdAt": clock.epoch_ms()}
            group.attached[key] = Resource(key, None, body)

    def delete_syslog_configuration(self, logGroupIdentifier: str, vpcEndpointId: str | None = None) -> None:
        group = self._identified(None, logGroupIdentifier)
        if group.attached.pop(f"{SYSLOG}:{vpcEndpointId or ''}", None) is None:
            raise _missing("syslog configuration")

    def list_syslog_configurations(
        self, logGroupIdentifier: str | None = None, vpcEndpointId: str | None = None, nextToken: str | None = None, maxResults: int | None = None
    ) -> dict[str, Any]:
        groups = [self._identified(None, logGroupIdentifier)] if logGroupIdentifier is not None else sorted(self.groups.values(), key=lambda g: g.name)
        found = [
            r.description()
            for g in groups
            for key, r in g.attached.items()
            if key.startswith(f"{SYSLOG}:") and vpcEndpointId in (None, r.body["vpcEndpointId"])
        ]
        page, token = self._page(found, nextToken, maxResults)
        return {"syslogConfigurations": page, "nextToken": token}

    # -- S3 Tables integration sources ---------------------------------------------------

    def associate_source_to_s3_table_integration(self, integrationArn: str, dataSource: dict[str, str]) -> dict[str, Any]:
        if arns.parse(integrationArn) is None:
            raise ServiceError("ValidationException", f"Invalid integrationArn: {integrationArn}")
        identifier = ids.uuid4()
        body = {"identifier": identifier, "dataSource": dataSource, "status": "ACTIVE", "createdTimeStamp": clock.epoch_ms(), "integrationArn": integrationArn}
        self._kind(S3_TABLE_SOURCE)[identifier] = Resource(identifier, None, body)
        return {"identifier": identifier}

    def list_sources_for_s3_table_integration(
        self, integrationArn: str, maxResults: int | None = None, nextToken: str | None = None
    ) -> dict[str, Any]:
        found = [s.description() for s in self._kind(S3_TABLE_SOURCE).values() if s.body["integrationArn"] == integrationArn]
        page, token = self._page(found, nextToken, maxResults)
        return {"sources": [{k: v for k, v in s.items() if k != "integrationArn"} for s in page], "nextToken": token}

    def disassociate_source_from_s3_table_integration(self, identifier: str) -> dict[str, Any]:
        if self._kind(S3_TABLE_SOURCE).pop(identifier, None) is None:
            raise _missing("source")
        return {"identifier": identifier}

    # -- account settings ----------------------------------------------------------------

    def put_storage_tier_policy(self, storageTier: str) -> dict[str, Any]:
        self.storage_tier = (storageTier, clock.epoch_ms())
        return {"storageTier": storageTier, "lastUpdatedTime": self.storage_tier[1]}

    def get_storage_tier_policy(self) -> dict[str, Any]:
        tier = self.storage_tier
        if tier is None:
            return {"storageTier": "STANDARD"}
        return {"storageTier": tier[0], "lastUpdatedTime": tier[1]}

    def put_bearer_token_authentication(self, logGroupIdentifier: str, bearerTokenAuthenticationEnabled: bool) -> None:
        self._identified(None, logGroupIdentifier).bearer_token = bearerTokenAuthenticationEnabled

    def list_aggregate_log_group_summaries(
        self,
        groupBy: str,
        accountIdentifiers: list[str] | None = None,
        includeLinkedAccounts: bool | None = None,
        logGroupClass: str | None = None,
        logGroupNamePattern: str | None = None,
        dataSources: list[dict[str, Any]] | None = None,
        nextToken: str | None = None,
        limit: int | None = None,
    ) -> dict[str, Any]:
        groups = [
            g
            for g in self.groups.values()
            if logGroupClass in (None, g.log_group_class) and (not logGroupNamePattern or logGroupNamePattern in g.name)
        ]
        # eventmock's log groups carry no data source: one summary of them all.
        summaries = [{"logGroupCount": len(groups), "groupingIdentifiers": []}] if groups and not dataSources else []
        return {"aggregateLogGroupSummaries": summaries}

    def get_log_object(self, logObjectPointer: str, unmask: bool | None = None) -> dict[str, Any]:
        raise _missing("log object")

    def get_log_fields(self, dataSourceName: str, dataSourceType: str) -> dict[str, Any]:
        """eventmock's log groups carry no data source (as in
        ``list_aggregate_log_group_summaries``), so no data source has fields."""
        return {"logFields": []}
