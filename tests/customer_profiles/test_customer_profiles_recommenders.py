"""Recommenders, recommender filters and schemas, recipes, and recommendations (none:
eventmock trains no model). Not in botocore 1.40's model."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model("customer-profiles", "CreateRecommenderRequest", "RecommenderName")

PREFIX = "arn:aws:profile:us-east-1:123456789012:domains/shop"
CONFIG = {"TrainingFrequency": 7, "InferenceConfig": {"MinProvisionedTPS": 1}}
FIELDS = {"item": [{"TargetFieldName": "ItemId", "ContentType": "STRING", "FeatureType": "CATEGORICAL"}]}


def recommender(client, name="recs", **extra):
    return client.create_recommender(DomainName="shop", RecommenderName=name, RecommenderRecipeName="popular-items", **extra)


def test_create_get_list_recommender(client, domain):
    created = recommender(client, RecommenderConfig=CONFIG, Description="Popular", Tags={"k": "v"})
    assert created["RecommenderArn"] == f"{PREFIX}/recommenders/recs"
    assert created["Tags"] == {"k": "v"}
    got = client.get_recommender(DomainName="shop", RecommenderName="recs")
    assert got["RecommenderName"] == "recs"
    assert got["RecommenderRecipeName"] == "popular-items"
    assert got["RecommenderConfig"] == CONFIG
    assert (got["Description"], got["Status"], got["Tags"]) == ("Popular", "ACTIVE", {"k": "v"})
    [item] = client.list_recommenders(DomainName="shop")["Recommenders"]
    assert (item["RecommenderName"], item["RecipeName"], item["Status"]) == ("recs", "popular-items", "ACTIVE")


def test_update_start_stop_delete(client, domain):
    recommender(client)
    new = {"TrainingFrequency": 3}
    assert client.update_recommender(DomainName="shop", RecommenderName="recs", RecommenderConfig=new)["RecommenderName"] == "recs"
    got = client.get_recommender(DomainName="shop", RecommenderName="recs")
    assert got["RecommenderConfig"] == new
    assert got["LatestRecommenderUpdate"]["RecommenderConfig"] == new
    client.stop_recommender(DomainName="shop", RecommenderName="recs")
    assert client.get_recommender(DomainName="shop", RecommenderName="recs")["Status"] == "INACTIVE"
    client.start_recommender(DomainName="shop", RecommenderName="recs")
    assert client.get_recommender(DomainName="shop", RecommenderName="recs")["Status"] == "ACTIVE"
    client.delete_recommender(DomainName="shop", RecommenderName="recs")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_recommender(DomainName="shop", RecommenderName="recs")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.start_recommender(DomainName="shop", RecommenderName="recs")


def test_recommender_errors(client, domain):
    recommender(client)
    with pytest.raises(client.exceptions.BadRequestException):
        recommender(client)
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        recommender(client, name="other", RecommenderSchemaName="missing")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.list_recommenders(DomainName="nope")


def test_schemas(client, domain):
    created = client.create_recommender_schema(DomainName="shop", RecommenderSchemaName="schema", Fields=FIELDS)
    assert created["RecommenderSchemaArn"] == f"{PREFIX}/recommender-schemas/schema"
    assert (created["RecommenderSchemaName"], created["Fields"], created["Status"]) == ("schema", FIELDS, "ACTIVE")
    got = client.get_recommender_schema(DomainName="shop", RecommenderSchemaName="schema")
    assert (got["Fields"], got["CreatedAt"]) == (FIELDS, created["CreatedAt"])
    assert [s["RecommenderSchemaName"] for s in client.list_recommender_schemas(DomainName="shop")["RecommenderSchemas"]] == ["schema"]
    recommender(client, RecommenderSchemaName="schema")
    assert client.get_recommender(DomainName="shop", RecommenderName="recs")["RecommenderSchemaName"] == "schema"
    client.delete_recommender_schema(DomainName="shop", RecommenderSchemaName="schema")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_recommender_schema(DomainName="shop", RecommenderSchemaName="schema")


def test_filters(client, domain):
    expression = 'EXCLUDE ItemID WHERE Items.CATEGORY IN ("shoes")'
    created = client.create_recommender_filter(
        DomainName="shop", RecommenderFilterName="no-shoes", RecommenderFilterExpression=expression, Description="d"
    )
    assert created["RecommenderFilterArn"] == f"{PREFIX}/recommender-filters/no-shoes"
    assert "Tags" not in created
    got = client.get_recommender_filter(DomainName="shop", RecommenderFilterName="no-shoes")
    assert (got["RecommenderFilterExpression"], got["Status"], got["Description"], got["Tags"]) == (expression, "ACTIVE", "d", {})
    [item] = client.list_recommender_filters(DomainName="shop")["RecommenderFilters"]
    assert item["RecommenderFilterName"] == "no-shoes"
    assert client.delete_recommender_filter(DomainName="shop", RecommenderFilterName="no-shoes")["Message"]
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.delete_recommender_filter(DomainName="shop", RecommenderFilterName="no-shoes")


def test_recipes_are_the_model_s_six(client):
    first = client.list_recommender_recipes(MaxResults=10)
    assert [r["name"] for r in first["RecommenderRecipes"]] == [
        "recommended-for-you",
        "similar-items",
        "frequently-paired-items",
        "popular-items",
        "trending-now",
        "personalized-ranking",
    ]
    assert all(r["description"] for r in first["RecommenderRecipes"])


def test_profile_recommendations_are_empty(client, domain):
    recommender(client)
    profile_id = client.create_profile(DomainName="shop", EmailAddress="jane@example.com")["ProfileId"]
    got = client.get_profile_recommendations(DomainName="shop", ProfileId=profile_id, RecommenderName="recs")
    assert got["Recommendations"] == []
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_profile_recommendations(DomainName="shop", ProfileId="0" * 32, RecommenderName="recs")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_profile_recommendations(DomainName="shop", ProfileId=profile_id, RecommenderName="nope")


def test_search_recommendations_finds_exactly_one_profile(client, domain):
    recommender(client)
    profile_id = client.create_profile(DomainName="shop", EmailAddress="jane@example.com")["ProfileId"]
    found = client.search_recommendations(DomainName="shop", KeyName="_email", KeyValues=["jane@example.com"], Recommender={"Name": "recs"})
    assert (found["ProfileId"], found["Recommendations"]) == (profile_id, [])
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.search_recommendations(DomainName="shop", KeyName="_email", KeyValues=["x@example.com"], Recommender={"Name": "recs"})
    client.create_profile(DomainName="shop", EmailAddress="jane@example.com")
    with pytest.raises(client.exceptions.BadRequestException):
        client.search_recommendations(DomainName="shop", KeyName="_email", KeyValues=["jane@example.com"], Recommender={"Name": "recs"})


def test_recommender_resources_are_tagged_by_arn(client, domain):
    arn = recommender(client, Tags={"a": "1"})["RecommenderArn"]
    client.tag_resource(resourceArn=arn, tags={"b": "2"})
    assert client.get_recommender(DomainName="shop", RecommenderName="recs")["Tags"] == {"a": "1", "b": "2"}
    schema = client.create_recommender_schema(DomainName="shop", RecommenderSchemaName="recs", Fields=FIELDS)
    assert client.list_tags_for_resource(resourceArn=schema["RecommenderSchemaArn"])["tags"] == {}
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == {"a": "1", "b": "2"}
