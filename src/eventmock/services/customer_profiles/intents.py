"""Predictive Intent: the domain's intent definition (one per intent domain, put,
read and deleted), the intent types, and intents for a profile.

eventmock sees no web clickstream, so no intent is ever generated: every intent asked
for is an error, ``INTENT_NOT_ENABLED`` when the definition does not enable it,
``INSUFFICIENT_DATA`` when it does.
"""

from __future__ import annotations

from typing import Any

from eventmock.services.customer_profiles.stored import DomainResources, Kind, Stored

INTENT_DEFINITION = Kind("intents", "Intent definition", arn_path="intents")

#: Each intent type with its description (eventmock's) and its member of ``IntentConfig``.
INTENT_TYPES = (
    ("PRICE_SENSITIVITY", "How sensitive the profile is to price, from its recent activity.", "PriceSensitivityConfig"),
    ("WEB_SESSION_SUMMARY", "A summary of the profile's recent web sessions.", "WebSessionSummaryConfig"),
    ("UPGRADE_UPSELL_PROPENSITY", "How likely the profile is to upgrade or buy more.", "UpgradeUpsellPropensityConfig"),
    ("LAST_SEARCH_INTENT", "What the profile was looking for in its last searches.", "LastSearchIntentConfig"),
)
DEFAULT_TYPES_PAGE = 100


def _definition(stored: Stored, domain: str) -> dict[str, Any]:
    return {
        "DomainName": domain,
        "IntentDomain": stored.name,
        "Intents": stored.members("Intents")["Intents"],
        "CreatedAt": stored.created,
        "LastUpdatedAt": stored.updated,
    }


def _enabled(intents: list[dict[str, Any]]) -> set[str]:
    members = {member: name for name, _, member in INTENT_TYPES}
    return {members[m] for config in intents for m, v in config.items() if m in members and v.get("Enabled")}


class Intents(DomainResources):
    def put_intent_definition(
        self, DomainName: str, IntentDomain: str, Intents: list[dict[str, Any]], Tags: dict[str, str] | None = None
    ) -> dict[str, Any]:
        self._domain(DomainName)
        existing: Stored | None = self._resources(DomainName, INTENT_DEFINITION.key).get(IntentDomain)
        if existing is None:
            stored = self._store(DomainName, INTENT_DEFINITION, IntentDomain, {"Intents": Intents}, Tags)
        else:
            self._check_tags({**existing.tags, **(Tags or {})})
            stored = self._change(existing, {"Intents": Intents})
            stored.tags.update(Tags or {})
        return {**_definition(stored, DomainName), "IntentDefinitionArn": stored.arn, "Tags": dict(stored.tags) or None}

    def get_intent_definition(self, DomainName: str, IntentDomain: str) -> dict[str, Any]:
        self._domain(DomainName)
        return _definition(self._stored(DomainName, INTENT_DEFINITION, IntentDomain), DomainName)

    def delete_intent_definition(self, DomainName: str, IntentDomain: str) -> dict[str, Any]:
        self._domain(DomainName)
        self._drop(DomainName, INTENT_DEFINITION, IntentDomain)
        return {}

    def list_intent_types(
        self, IntentDomain: str | None = None, MaxResults: int | None = None, NextToken: str | None = None
    ) -> dict[str, Any]:
        groups = [
            {
                "IntentDomain": "DEFAULT",
                "Types": [{"IntentType": name, "Description": description} for name, description, _ in INTENT_TYPES],
            }
        ]
        if IntentDomain is not None:
            groups = [g for g in groups if g["IntentDomain"] == IntentDomain]
        page, token = self._page(groups, NextToken, MaxResults if MaxResults is not None else DEFAULT_TYPES_PAGE)
        return {"Items": page, "NextToken": token}

    def batch_get_intent_for_profile(
        self, DomainName: str, IntentDomain: str, Intents: list[str], KeyName: str, KeyValues: list[str]
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        self._one_profile(domain, KeyName, KeyValues)
        definition: Stored | None = self._resources(DomainName, INTENT_DEFINITION.key).get(IntentDomain)
        enabled = _enabled(definition.body["Intents"]) if definition is not None else set()
        errors = []
        for intent in dict.fromkeys(Intents):
            if intent in enabled:
                errors.append({"IntentType": intent, "Code": "INSUFFICIENT_DATA", "Message": "Not enough recent activity for the profile"})
            else:
                errors.append({"IntentType": intent, "Code": "INTENT_NOT_ENABLED", "Message": f"Intent {intent} is not enabled in the intent definition"})
        return {"Intents": [], "Errors": errors}
