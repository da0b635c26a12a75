"""Recommender filters and recommender schemas: stored, described, listed, deleted."""

from __future__ import annotations

from typing import Any

from eventmock.services.customer_profiles.stored import DomainResources, Kind, Stored

RECOMMENDER_FILTER = Kind("recommender-filters", "Recommender filter", arn_path="recommender-filters")
RECOMMENDER_SCHEMA = Kind("recommender-schemas", "Recommender schema", arn_path="recommender-schemas")


def _filter(stored: Stored) -> dict[str, Any]:
    return {
        "RecommenderFilterName": stored.name,
        **stored.members("RecommenderFilterExpression", "RecommenderSchemaName"),
        "CreatedAt": stored.created,
        "Status": "ACTIVE",
        "Description": stored.body.get("Description"),
        "Tags": dict(stored.tags),
    }


def _schema(stored: Stored) -> dict[str, Any]:
    return {
        "RecommenderSchemaName": stored.name,
        "Fields": stored.members("Fields")["Fields"],
        "CreatedAt": stored.created,
        "Status": "ACTIVE",
    }


class RecommenderParts(DomainResources):
    def _known_schema(self, domain: str, name: str | None) -> None:
        if name is not None:
            self._stored(domain, RECOMMENDER_SCHEMA, name)

    # -- filters --------------------------------------------------------------------

    def create_recommender_filter(
        self,
        DomainName: str,
        RecommenderFilterName: str,
        RecommenderFilterExpression: str,
        RecommenderSchemaName: str | None = None,
        Description: str | None = None,
        Tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        self._domain(DomainName)
        self._known_schema(DomainName, RecommenderSchemaName)
        body = {
            "RecommenderFilterExpression": RecommenderFilterExpression,
            "RecommenderSchemaName": RecommenderSchemaName,
            "Description": Description,
        }
        stored = self._store(DomainName, RECOMMENDER_FILTER, RecommenderFilterName, body, Tags)
        return {"RecommenderFilterArn": stored.arn, "Tags": dict(stored.tags) or None}

    def get_recommender_filter(self, DomainName: str, RecommenderFilterName: str) -> dict[str, Any]:
        self._domain(DomainName)
        return _filter(self._stored(DomainName, RECOMMENDER_FILTER, RecommenderFilterName))

    def delete_recommender_filter(self, DomainName: str, RecommenderFilterName: str) -> dict[str, Any]:
        self._domain(DomainName)
        self._drop(DomainName, RECOMMENDER_FILTER, RecommenderFilterName)
        return {"Message": f"Recommender filter {RecommenderFilterName} was deleted"}

    def list_recommender_filters(
        self, DomainName: str, MaxResults: int | None = None, NextToken: str | None = None
    ) -> dict[str, Any]:
        self._domain(DomainName)
        page, token = self._listed(DomainName, RECOMMENDER_FILTER, NextToken, MaxResults)
        return {"RecommenderFilters": [{**_filter(s), "Tags": dict(s.tags) or None} for s in page], "NextToken": token}

    # -- schemas --------------------------------------------------------------------

    def create_recommender_schema(
        self,
        DomainName: str,
        RecommenderSchemaName: str,
        Fields: dict[str, list[dict[str, Any]]],
        Tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        self._domain(DomainName)
        stored = self._store(DomainName, RECOMMENDER_SCHEMA, RecommenderSchemaName, {"Fields": Fields}, Tags)
        return {"RecommenderSchemaArn": stored.arn, **_schema(stored), "Tags": dict(stored.tags) or None}

    def get_recommender_schema(self, DomainName: str, RecommenderSchemaName: str) -> dict[str, Any]:
        self._domain(DomainName)
        return _schema(self._stored(DomainName, RECOMMENDER_SCHEMA, RecommenderSchemaName))

    def delete_recommender_schema(self, DomainName: str, RecommenderSchemaName: str) -> dict[str, Any]:
        self._domain(DomainName)
        self._drop(DomainName, RECOMMENDER_SCHEMA, RecommenderSchemaName)
        return {}

    def list_recommender_schemas(
        self, DomainName: str, MaxResults: int | None = None, NextToken: str | None = None
    ) -> dict[str, Any]:
        self._domain(DomainName)
        page, token = self._listed(DomainName, RECOMMENDER_SCHEMA, NextToken, MaxResults)
        return {"RecommenderSchemas": [_schema(s) for s in page], "NextToken": token}
