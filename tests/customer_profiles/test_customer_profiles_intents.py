"""Predictive Intent: intent definitions, intent types, and intents for a profile
(never generated: errors). Not in botocore 1.40's model."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model("customer-profiles", "PutIntentDefinitionRequest", "Intents")

INTENTS = [{"PriceSensitivityConfig": {"Enabled": True}}, {"LastSearchIntentConfig": {"Enabled": False}}]


def test_put_get_delete_definition(client, domain):
    put = client.put_intent_definition(DomainName="shop", IntentDomain="DEFAULT", Intents=INTENTS, Tags={"k": "v"})
    assert put["IntentDefinitionArn"] == "arn:aws:profile:us-east-1:123456789012:domains/shop/intents/DEFAULT"
    assert (put["DomainName"], put["IntentDomain"], put["Intents"], put["Tags"]) == ("shop", "DEFAULT", INTENTS, {"k": "v"})
    got = client.get_intent_definition(DomainName="shop", IntentDomain="DEFAULT")
    assert (got["Intents"], got["CreatedAt"]) == (INTENTS, put["CreatedAt"])
    again = client.put_intent_definition(DomainName="shop", IntentDomain="DEFAULT", Intents=[{"WebSessionSummaryConfig": {"Enabled": True}}])
    assert again["CreatedAt"] == put["CreatedAt"] and again["Tags"] == {"k": "v"}
    assert client.get_intent_definition(DomainName="shop", IntentDomain="DEFAULT")["Intents"] == [{"WebSessionSummaryConfig": {"Enabled": True}}]
    client.delete_intent_definition(DomainName="shop", IntentDomain="DEFAULT")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_intent_definition(DomainName="shop", IntentDomain="DEFAULT")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.delete_intent_definition(DomainName="shop", IntentDomain="DEFAULT")


def test_unknown_domain(client):
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.put_intent_definition(DomainName="nope", IntentDomain="DEFAULT", Intents=INTENTS)


def test_intent_types(client):
    [group] = client.list_intent_types(IntentDomain="DEFAULT")["Items"]
    assert group["IntentDomain"] == "DEFAULT"
    assert [t["IntentType"] for t in group["Types"]] == [
        "PRICE_SENSITIVITY",
        "WEB_SESSION_SUMMARY",
        "UPGRADE_UPSELL_PROPENSITY",
        "LAST_SEARCH_INTENT",
    ]


def test_intents_for_a_profile_are_errors(client, domain):
    client.create_profile(DomainName="shop", AccountNumber="A-1")
    client.put_intent_definition(DomainName="shop", IntentDomain="DEFAULT", Intents=INTENTS)
    answer = client.batch_get_intent_for_profile(
        DomainName="shop", IntentDomain="DEFAULT", Intents=["PRICE_SENSITIVITY", "LAST_SEARCH_INTENT"], KeyName="_account", KeyValues=["A-1"]
    )
    assert answer["Intents"] == []
    assert [(e["IntentType"], e["Code"]) for e in answer["Errors"]] == [
        ("PRICE_SENSITIVITY", "INSUFFICIENT_DATA"),
        ("LAST_SEARCH_INTENT", "INTENT_NOT_ENABLED"),
    ]
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.batch_get_intent_for_profile(
            DomainName="shop", IntentDomain="DEFAULT", Intents=["PRICE_SENSITIVITY"], KeyName="_account", KeyValues=["B-2"]
        )
