"""Recommenders, their recipes, and recommendations.

A recommender is ``ACTIVE`` as soon as it is created (no training runs); ``stop``
makes it ``INACTIVE`` and ``start`` ``ACTIVE`` again. eventmock trains no model:
``get_profile_recommendations`` and ``search_recommendations`` answer no
recommendations, after checking what AWS documents (the domain, the profile or the
search key that must find exactly one profile, the recommender).
"""

from __future__ import annotations

import copy
from typing import Any

from eventmock.core import clock
from eventmock.services.customer_profiles.recommender_parts import RecommenderParts
from eventmock.services.customer_profiles.stored import Kind, Stored

RECOMMENDER = Kind("recommenders", "Recommender", arn_path="recommenders")

#: The recipes, as ``list_recommender_recipes`` answers them (descriptions eventmock's).
RECIPES = (
    ("recommended-for-you", "Recommends items a profile is likely to interact with, from its past interactions."),
    ("similar-items", "Recommends items similar to a given item, from interactions and item metadata."),
    ("frequently-paired-items", "Recommends items often interacted with together with a given item."),
    ("popular-items", "Recommends the items most interacted with across all profiles."),
    ("trending-now", "Recommends the items whose popularity is rising fastest."),
    ("personalized-ranking", "Ranks a list of candidate items for a profile by its likely interest."),
)
DEFAULT_RECIPES_PAGE = 100


def _recommender(stored: Stored) -> dict[str, Any]:
    return {
        "RecommenderName": stored.name,
        **stored.members("RecommenderSchemaName", "RecommenderConfig", "Description", "Status"),
        "LastUpdatedAt": stored.updated,
        "CreatedAt": stored.created,
        "LatestRecommenderUpdate": copy.deepcopy(stored.body.get("LatestRecommenderUpdate")),
        "Tags": dict(stored.tags) or None,
    }


class Recommenders(RecommenderParts):
    def create_recommender(
        self,
        DomainName: str,
        RecommenderName: str,
        RecommenderRecipeName: str,
        RecommenderConfig: dict[str, Any] | None = None,
        Description: str | None = None,
        RecommenderSchemaName: str | None = None,
        Tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        self._domain(DomainName)
        self._known_schema(DomainName, RecommenderSchemaName)
        body = {
            "RecommenderRecipeName": RecommenderRecipeName,
            "RecommenderConfig": RecommenderConfig,
            "Description": Description,
            "RecommenderSchemaName": RecommenderSchemaName,
            "Status": "ACTIVE",
        }
        stored = self._store(DomainName, RECOMMENDER, RecommenderName, body, Tags)
        return {"RecommenderArn": stored.arn, "Tags": dict(stored.tags) or None}

    def get_recommender(
        self, DomainName: str, RecommenderName: str, TrainingMetricsCount: int | None = None
    ) -> dict[str, Any]:
        self._domain(DomainName)
        stored = self._stored(DomainName, RECOMMENDER, RecommenderName)
        return {**_recommender(stored), "RecommenderRecipeName": stored.body["RecommenderRecipeName"]}

    def update_recommender(
        self,
        DomainName: str,
        RecommenderName: str,
        Description: str | None = None,
        RecommenderConfig: dict[str, Any] | None = None,
        RecommenderVersionName: str | None = None,
    ) -> dict[str, Any]:
        self._domain(DomainName)
        stored = self._stored(DomainName, RECOMMENDER, RecommenderName)
        now = clock.now()
        update = None
        if RecommenderConfig is not None:
            update = {"RecommenderConfig": RecommenderConfig, "Status": "ACTIVE", "CreatedAt": now, "LastUpdatedAt": now}
        self._change(stored, {"Description": Description, "RecommenderConfig": RecommenderConfig, "LatestRecommenderUpdate": update})
        return {"RecommenderName": RecommenderName}

    def delete_recommender(self, DomainName: str, RecommenderName: str) -> dict[str, Any]:
        self._domain(DomainName)
        self._drop(DomainName, RECOMMENDER, RecommenderName)
        return {}

    def list_recommenders(
        self, DomainName: str, MaxResults: int | None = None, NextToken: str | None = None
    ) -> dict[str, Any]:
        self._domain(DomainName)
        page, token = self._listed(DomainName, RECOMMENDER, NextToken, MaxResults)
        items = [{**_recommender(s), "RecipeName": s.body["RecommenderRecipeName"]} for s in page]
        return {"Recommenders": items, "NextToken": token}

    def _set_status(self, domain: str, name: str, status: str) -> dict[str, Any]:
        self._domain(domain)
        self._change(self._stored(domain, RECOMMENDER, name), {"Status": status})
        return {}

    def start_recommender(self, DomainName: str, RecommenderName: str) -> dict[str, Any]:
        return self._set_status(DomainName, RecommenderName, "ACTIVE")

    def stop_recommender(self, DomainName: str, RecommenderName: str) -> dict[str, Any]:
        return self._set_status(DomainName, RecommenderName, "INACTIVE")

    def list_recommender_recipes(self, MaxResults: int | None = None, NextToken: str | None = None) -> dict[str, Any]:
        recipes = [{"name": name, "description": description} for name, description in RECIPES]
        page, token = self._page(recipes, NextToken, MaxResults if MaxResults is not None else DEFAULT_RECIPES_PAGE)
        return {"RecommenderRecipes": page, "NextToken": token}

    # -- recommendations ------------------------------------------------------------

    def get_profile_recommendations(
        self,
        DomainName: str,
        ProfileId: str,
        RecommenderName: str,
        Context: dict[str, str] | None = None,
        RecommenderFilters: list[dict[str, Any]] | None = None,
        RecommenderPromotionalFilters: list[dict[str, Any]] | None = None,
        CandidateIds: list[str] | None = None,
        MaxResults: int | None = None,
        MetadataConfig: dict[str, Any] | None = None,
        DiversityConfig: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        self._profile(domain, ProfileId)
        self._stored(DomainName, RECOMMENDER, RecommenderName)
        return {"Recommendations": []}

    def search_recommendations(
        self,
        DomainName: str,
        KeyName: str,
        KeyValues: list[str],
        Recommender: dict[str, Any],
        CandidateIds: list[str] | None = None,
        Context: dict[str, str] | None = None,
        Diversity: dict[str, Any] | None = None,
        Metadata: dict[str, Any] | None = None,
        MaxRecommendations: int | None = None,
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        self._stored(DomainName, RECOMMENDER, Recommender["Name"])
        profile_id = self._one_profile(domain, KeyName, KeyValues)
        return {"ProfileId": profile_id, "Recommendations": []}
