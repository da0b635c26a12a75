"""Segment definitions, estimates, membership and snapshots. Membership is evaluated
against the domain's profiles (:mod:`.segmentation`); a segment defined by
``SegmentSqlQuery`` is stored, not evaluated: no profile is in it."""

from __future__ import annotations

from typing import Any

from eventmock.core import clock, ids
from eventmock.services.customer_profiles import calculation, segmentation
from eventmock.services.customer_profiles.calculated import CALCULATED_ATTRIBUTE
from eventmock.services.customer_profiles.profiles import Profile
from eventmock.services.customer_profiles.stored import DomainResources, Kind, Stored, model_has

SEGMENT = Kind("segment-definitions", "Segment definition", arn_path="segment-definitions")
ESTIMATE = Kind("segment-estimates", "Segment estimate")
SNAPSHOT = Kind("segment-snapshots", "Segment snapshot")
MAX_ESTIMATES = 100  # per domain, the oldest forgotten first


def _summary(stored: Stored) -> dict[str, Any]:
    return {
        "SegmentDefinitionName": stored.name,
        **stored.members("DisplayName", "Description"),
        "SegmentDefinitionArn": stored.arn,
        "CreatedAt": stored.created,
        "Tags": dict(stored.tags) or None,
        "SegmentType": stored.body["SegmentType"] if model_has("SegmentDefinitionItem", "SegmentType") else None,
    }


class SegmentDefinitions(DomainResources):
    def _one_query(self, groups: Any, sql: str | None) -> None:
        if (groups is None) == (sql is None):
            raise self._bad_request("Exactly one of SegmentGroups and SegmentSqlQuery must be given")

    def create_segment_definition(
        self,
        DomainName: str,
        SegmentDefinitionName: str,
        DisplayName: str,
        Description: str | None = None,
        SegmentGroups: dict[str, Any] | None = None,
        SegmentSqlQuery: str | None = None,
        SegmentSort: dict[str, Any] | None = None,
        Tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        self._domain(DomainName)
        self._one_query(SegmentGroups, SegmentSqlQuery)
        body = {
            "DisplayName": DisplayName,
            "Description": Description,
            "SegmentGroups": SegmentGroups,
            "SegmentSqlQuery": SegmentSqlQuery,
            "SegmentSort": SegmentSort,
            "SegmentType": "CLASSIC" if SegmentSqlQuery is None else "ENHANCED",
        }
        stored = self._store(DomainName, SEGMENT, SegmentDefinitionName, body, Tags)
        out = _summary(stored)
        out.pop("SegmentType")
        return out

    def get_segment_definition(self, DomainName: str, SegmentDefinitionName: str) -> dict[str, Any]:
        self._domain(DomainName)
        stored = self._stored(DomainName, SEGMENT, SegmentDefinitionName)
        return {**_summary(stored), **stored.members("SegmentGroups", "SegmentSort", "SegmentSqlQuery")}

    def delete_segment_definition(self, DomainName: str, SegmentDefinitionName: str) -> dict[str, Any]:
        self._domain(DomainName)
        self._drop(DomainName, SEGMENT, SegmentDefinitionName)
        return {"Message": f"Segment definition {SegmentDefinitionName} was deleted"}

    def list_segment_definitions(
        self, DomainName: str, MaxResults: int | None = None, NextToken: str | None = None
    ) -> dict[str, Any]:
        self._domain(DomainName)
        page, token = self._listed(DomainName, SEGMENT, NextToken, MaxResults)
        return {"Items": [_summary(s) for s in page], "NextToken": token}

    # -- membership -----------------------------------------------------------------

    def _in_query(self, domain: str, query: dict[str, Any], profile: Profile, seen: frozenset[str]) -> bool:
        definitions = self._resources(domain, CALCULATED_ATTRIBUTE.key)

        def calculated(name: str) -> str | None:
            definition: Stored | None = definitions.get(name)
            return None if definition is None else calculation.value(definition.body, profile.fields)

        def in_source(name: str) -> bool:
            source: Stored | None = self._resources(domain, SEGMENT.key).get(name)
            return source is not None and name not in seen and self._in_segment(domain, source, profile, seen | {name})

        return segmentation.includes(query, profile.fields, calculated, in_source)

    def _in_segment(self, domain: str, segment: Stored, profile: Profile, seen: frozenset[str] = frozenset()) -> bool:
        groups = segment.body.get("SegmentGroups")
        return groups is not None and self._in_query(domain, groups, profile, seen | {segment.name})

    def _members(self, domain: Any, segment: Stored) -> list[Profile]:
        return [p for p in domain.profiles.values() if self._in_segment(domain.name, segment, p)]

    def get_segment_membership(
        self, DomainName: str, SegmentDefinitionName: str, ProfileIds: list[str]
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        segment = self._stored(DomainName, SEGMENT, SegmentDefinitionName)
        results: list[dict[str, Any]] = []
        failures: list[dict[str, Any]] = []
        for profile_id in ProfileIds:
            profile = domain.profiles.get(profile_id)
            if profile is None:
                failures.append(
                    {"ProfileId": profile_id, "Message": f"Profile {profile_id} does not exist in domain {DomainName}", "Status": 404}
                )
            elif self._in_segment(DomainName, segment, profile):
                results.append({"ProfileId": profile_id, "QueryResult": "PRESENT", "Profile": profile.view()})
            else:
                results.append({"ProfileId": profile_id, "QueryResult": "ABSENT"})
        return {
            "SegmentDefinitionName": SegmentDefinitionName,
            "Profiles": results or None,
            "Failures": failures or None,
            "LastComputedAt": clock.now() if model_has("GetSegmentMembershipResponse", "LastComputedAt") else None,
        }

    # -- estimates ------------------------------------------------------------------

    def create_segment_estimate(
        self, DomainName: str, SegmentQuery: dict[str, Any] | None = None, SegmentSqlQuery: str | None = None
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        self._one_query(SegmentQuery, SegmentSqlQuery)
        count = 0
        if SegmentQuery is not None:
            count = sum(1 for p in domain.profiles.values() if self._in_query(DomainName, SegmentQuery, p, frozenset()))
        estimates = self._resources(DomainName, ESTIMATE.key)
        estimate_id = ids.uuid4()
        estimates[estimate_id] = count
        while len(estimates) > MAX_ESTIMATES:
            del estimates[next(iter(estimates))]
        return {"DomainName": DomainName, "EstimateId": estimate_id, "StatusCode": 200}

    def get_segment_estimate(self, DomainName: str, EstimateId: str) -> dict[str, Any]:
        self._domain(DomainName)
        count = self._resources(DomainName, ESTIMATE.key).get(EstimateId)
        if count is None:
            raise self._not_found(f"Segment estimate {EstimateId} does not exist in domain {DomainName}")
        return {
            "DomainName": DomainName,
            "EstimateId": EstimateId,
            "Status": "SUCCEEDED",
            "Estimate": str(count),
            "StatusCode": 200,
        }

    # -- snapshots ------------------------------------------------------------------

    def create_segment_snapshot(
        self,
        DomainName: str,
        SegmentDefinitionName: str,
        DataFormat: str,
        EncryptionKey: str | None = None,
        RoleArn: str | None = None,
        DestinationUri: str | None = None,
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        segment = self._stored(DomainName, SEGMENT, SegmentDefinitionName)
        if DestinationUri is None:  # "must be provided if the request is not submitted from the Admin Website"
            raise self._bad_request("DestinationUri must be provided")
        snapshot_id = ids.hex32()
        body = {
            "SegmentDefinitionName": SegmentDefinitionName,
            "DataFormat": DataFormat,
            "EncryptionKey": EncryptionKey,
            "RoleArn": RoleArn,
            "DestinationUri": DestinationUri,
            "ProfileIds": [p.id for p in self._members(domain, segment)],
        }
        self._store(DomainName, SNAPSHOT, snapshot_id, body, None)
        return {"SnapshotId": snapshot_id}

    def get_segment_snapshot(self, DomainName: str, SegmentDefinitionName: str, SnapshotId: str) -> dict[str, Any]:
        self._domain(DomainName)
        self._stored(DomainName, SEGMENT, SegmentDefinitionName)
        snapshot = self._resources(DomainName, SNAPSHOT.key).get(SnapshotId)
        if snapshot is None or snapshot.body["SegmentDefinitionName"] != SegmentDefinitionName:
            raise self._not_found(f"Segment snapshot {SnapshotId} does not exist in domain {DomainName}")
        return {
            "SnapshotId": SnapshotId,
            "Status": "COMPLETED",
            **snapshot.members("DataFormat", "EncryptionKey", "RoleArn", "DestinationUri"),
        }
