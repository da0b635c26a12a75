"""Resources of log analysis, stored and described as AWS answers them: anomaly
detectors (and their anomalies), index policies and the field indexes they declare,
lookup tables.

eventmock detects no anomalies: ``ListAnomalies`` answers none, so ``UpdateAnomaly``
finds none to update. ``DescribeFieldIndexes`` answers the fields of the index
policies with the first and last timestamps of the group's JSON events that hold them.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from eventmock.core import clock, ids
from eventmock.core.errors import ServiceError
from eventmock.services.logs.base import LogsBase, _invalid
from eventmock.services.logs.models import LogGroup, Resource

DETECTOR, LOOKUP_TABLE, INDEX_POLICY = "anomaly-detector", "lookup-table", "index-policy"


def _detector_missing() -> ServiceError:
    return ServiceError("ResourceNotFoundException", "The specified anomaly detector does not exist.")


def _table_missing() -> ServiceError:
    return ServiceError("ResourceNotFoundException", "The specified lookup table does not exist.")


def _table_shape(body: str | None) -> dict[str, Any]:
    if body is None:
        return {}
    rows = list(csv.reader(io.StringIO(body)))
    return {"tableFields": rows[0] if rows else [], "recordsCount": max(len(rows) - 1, 0), "sizeBytes": len(body.encode())}


class Analysis(LogsBase):
    """Anomaly detectors, ListAnomalies, UpdateAnomaly; Put/Describe/DeleteIndexPolic(y|ies),
    DescribeFieldIndexes; Create/Describe/Get/Update/DeleteLookupTable(s)."""

    # -- anomaly detectors ---------------------------------------------------------------

    def create_log_anomaly_detector(
        self,
        logGroupArnList: list[str],
        detectorName: str | None = None,
        evaluationFrequency: str | None = None,
        filterPattern: str | None = None,
        kmsKeyId: str | None = None,
        anomalyVisibilityTime: int | None = None,
        tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        for arn in logGroupArnList:
            self._group_by_arn(arn)
        if filterPattern is not None:
            self._pattern(filterPattern, "Invalid filter pattern")
        arn = self._arn(f"anomaly-detector:{ids.uuid4()}")
        now = clock.epoch_ms()
        body = {
            "anomalyDetectorArn": arn,
            "detectorName": detectorName,
            "logGroupArnList": logGroupArnList,
            "evaluationFrequency": evaluationFrequency,
            "filterPattern": filterPattern,
            "anomalyDetectorStatus": "INITIALIZING",
            "kmsKeyId": kmsKeyId,
            "creationTimeStamp": now,
            "lastModifiedTimeStamp": now,
            "anomalyVisibilityTime": anomalyVisibilityTime if anomalyVisibilityTime is not None else 21,
        }
        self._kind(DETECTOR)[arn] = Resource(arn, arn, body, dict(tags or {}))
        return {"anomalyDetectorArn": arn}

    def _detector(self, arn: str) -> Resource:
        found = self._kind(DETECTOR).get(arn)
        if found is None:
            raise _detector_missing()
        return found

    def get_log_anomaly_detector(self, anomalyDetectorArn: str) -> dict[str, Any]:
        out = self._detector(anomalyDetectorArn).description()
        del out["anomalyDetectorArn"]
        return out

    def list_log_anomaly_detectors(
        self, filterLogGroupArn: str | None = None, limit: int | None = None, nextToken: str | None = None
    ) -> dict[str, Any]:
        found = [d for d in self._kind(DETECTOR).values() if filterLogGroupArn is None or filterLogGroupArn in d.body["logGroupArnList"]]
        page, token = self._page(found, nextToken, limit)
        return {"anomalyDetectors": [d.description() for d in page], "nextToken": token}

    def update_log_anomaly_detector(
        self,
        anomalyDetectorArn: str,
        enabled: bool,
        evaluationFrequency: str | None = None,
        filterPattern: str | None = None,
        anomalyVisibilityTime: int | None = None,
    ) -> None:
        body = self._detector(anomalyDetectorArn).body
        if filterPattern is not None:
            self._pattern(filterPattern, "Invalid filter pattern")
            body["filterPattern"] = filterPattern
        if evaluationFrequency is not None:
            body["evaluationFrequency"] = evaluationFrequency
        if anomalyVisibilityTime is not None:
            body["anomalyVisibilityTime"] = anomalyVisibilityTime
        body["anomalyDetectorStatus"] = "PAUSED" if not enabled else ("INITIALIZING" if body["anomalyDetectorStatus"] == "PAUSED" else body["anomalyDetectorStatus"])
        body["lastModifiedTimeStamp"] = clock.epoch_ms()

    def delete_log_anomaly_detector(self, anomalyDetectorArn: str) -> None:
        self._detector(anomalyDetectorArn)
        del self._kind(DETECTOR)[anomalyDetectorArn]

    def list_anomalies(
        self, anomalyDetectorArn: str | None = None, suppressionState: str | None = None, limit: int | None = None, nextToken: str | None = None
    ) -> dict[str, Any]:
        if anomalyDetectorArn is not None:
            self._detector(anomalyDetectorArn)
        return {"anomalies": []}

    def update_anomaly(
        self,
        anomalyDetectorArn: str,
        anomalyId: str | None = None,
        patternId: str | None = None,
        suppressionType: str | None = None,
        suppressionPeriod: dict[str, Any] | None = None,
        baseline: bool | None = None,
    ) -> None:
        self._detector(anomalyDetectorArn)
        if anomalyId is None and patternId is None:
            raise _invalid("Either anomalyId or patternId must be specified.")
        raise ServiceError("ResourceNotFoundException", "The specified anomaly does not exist.")

    # -- index policies and field indexes ------------------------------------------------

    def put_index_policy(self, logGroupIdentifier: str, policyDocument: str) -> dict[str, Any]:
        group = self._identified(None, logGroupIdentifier)
        try:
            fields = json.loads(policyDocument).get("Fields")
        except (ValueError, AttributeError):
            fields = None
        if not isinstance(fields, list):
            raise _invalid("Invalid index policy document: it must be a JSON object with a Fields list.")
        body = {"logGroupIdentifier": logGroupIdentifier, "lastUpdateTime": clock.epoch_ms(), "policyDocument": policyDocument, "source": "LOG_GROUP"}
        group.attached[INDEX_POLICY] = Resource(group.name, None, body)
        return {"indexPolicy": dict(body)}

    def _indexed(self, identifiers: list[str]) -> list[tuple[str, LogGroup, Resource]]:
        found = []
        for identifier in identifiers:
            group = self._identified(None, identifier)
            policy = group.attached.get(INDEX_POLICY)
            if policy is not None:
                found.append((identifier, group, policy))
        return found

    def describe_index_policies(self, logGroupIdentifiers: list[str], nextToken: str | None = None) -> dict[str, Any]:
        policies = [{**p.description(), "logGroupIdentifier": i} for i, _, p in self._indexed(logGroupIdentifiers)]
        page, token = self._page(policies, nextToken, None)
        return {"indexPolicies": page, "nextToken": token}

    def delete_index_policy(self, logGroupIdentifier: str) -> dict[str, Any]:
        group = self._identified(None, logGroupIdentifier)
        if group.attached.pop(INDEX_POLICY, None) is None:
            raise ServiceError("ResourceNotFoundException", "The specified index policy does not exist.")
        return {}

    def describe_field_indexes(
        self, logGroupIdentifiers: list[str], indexCategories: list[str] | None = None, nextToken: str | None = None
    ) -> dict[str, Any]:
        found: list[dict[str, Any]] = []
        if indexCategories and "CUSTOM" not in indexCategories:
            return {"fieldIndexes": []}
        for identifier, group, policy in self._indexed(logGroupIdentifiers):
            for name in json.loads(policy.body["policyDocument"])["Fields"]:
                times = [e.timestamp for _, e in self._events_of(group) if _has_field(e.message, str(name))]
                index: dict[str, Any] = {
                    "logGroupIdentifier": identifier,
                    "fieldIndexName": name,
                    "lastScanTime": clock.epoch_ms(),
                    "type": "FIELD_INDEX",
                    "indexCategory": "CUSTOM",
                }
                if times:
                    index.update(firstEventTime=min(times), lastEventTime=max(times))
                found.append(index)
        page, token = self._page(found, nextToken, None)
        return {"fieldIndexes": page, "nextToken": token}

    # -- lookup tables -------------------------------------------------------------------

    def create_lookup_table(
        self,
        lookupTableName: str,
        description: str | None = None,
        tableBody: str | None = None,
        queryId: str | None = None,
        kmsKeyId: str | None = None,
        tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        tables = self._kind(LOOKUP_TABLE)
        arn = self._arn(f"lookup-table:{lookupTableName}")
        if arn in tables:
            raise ServiceError("ResourceAlreadyExistsException", "The specified lookup table already exists.")
        if tableBody is None and queryId is None:
            raise _invalid("Either tableBody or queryId must be specified.")
        now = clock.epoch_ms()
        body = {"lookupTableArn": arn, "lookupTableName": lookupTableName, "description": description, "tableBody": tableBody,
                "lastUpdatedTime": now, "kmsKeyId": kmsKeyId}  # fmt: skip
        tables[arn] = Resource(arn, arn, body, dict(tags or {}))
        return {"lookupTableArn": arn, "createdAt": now}

    def _table(self, arn: str) -> Resource:
        found = self._kind(LOOKUP_TABLE).get(arn)
        if found is None:
            raise _table_missing()
        return found

    def describe_lookup_tables(
        self, lookupTableNamePrefix: str | None = None, maxResults: int | None = None, nextToken: str | None = None
    ) -> dict[str, Any]:
        found = sorted(
            (t for t in self._kind(LOOKUP_TABLE).values() if t.body["lookupTableName"].startswith(lookupTableNamePrefix or "")),
            key=lambda t: t.body["lookupTableName"],
        )
        page, token = self._page(found, nextToken, maxResults)
        tables = []
        for table in page:
            out = table.description()
            out.update(_table_shape(out.pop("tableBody", None)))
            tables.append(out)
        return {"lookupTables": tables, "nextToken": token}

    def get_lookup_table(self, lookupTableArn: str) -> dict[str, Any]:
        out = self._table(lookupTableArn).description()
        body = out.get("tableBody")
        if body is not None:
            out["sizeBytes"] = len(body.encode())
        return out

    def update_lookup_table(
        self,
        lookupTableArn: str,
        description: str | None = None,
        tableBody: str | None = None,
        queryId: str | None = None,
        kmsKeyId: str | None = None,
    ) -> dict[str, Any]:
        body = self._table(lookupTableArn).body
        for key, value in (("description", description), ("tableBody", tableBody), ("kmsKeyId", kmsKeyId)):
            if value is not None:
                body[key] = value
        body["lastUpdatedTime"] = clock.epoch_ms()
        return {"lookupTableArn": lookupTableArn, "lastUpdatedTime": body["lastUpdatedTime"]}

    def delete_lookup_table(self, lookupTableArn: str) -> None:
        self._table(lookupTableArn)
        del self._kind(LOOKUP_TABLE)[lookupTableArn]


def _has_field(message: str, name: str) -> bool:
    if not message.startswith("{"):
        return False
    try:
        document = json.loads(message)
    except (ValueError, RecursionError):
        return False
    for part in name.split("."):
        if not isinstance(document, dict) or part not in document:
            return False
        document = document[part]
    return True
