"""Calculated attribute definitions, and their values for profiles (see
:mod:`.calculation` for how a value is computed)."""

from __future__ import annotations

from typing import Any

from eventmock.services.customer_profiles import calculation
from eventmock.services.customer_profiles.stored import DomainResources, Kind, Stored

CALCULATED_ATTRIBUTE = Kind("calculated-attributes", "Calculated attribute definition")
MAX_FIELDS = 2
_DEFINITION = ("DisplayName", "Description", "AttributeDetails", "Conditions", "Filter", "Statistic", "UseHistoricalData")


def _described(stored: Stored) -> dict[str, Any]:
    return {
        "CalculatedAttributeName": stored.name,
        **stored.members(*_DEFINITION),
        "CreatedAt": stored.created,
        "LastUpdatedAt": stored.updated,
        "Status": "COMPLETED",
        "Tags": dict(stored.tags) or None,
    }


class CalculatedAttributes(DomainResources):
    def create_calculated_attribute_definition(
        self,
        DomainName: str,
        CalculatedAttributeName: str,
        AttributeDetails: dict[str, Any],
        Statistic: str,
        DisplayName: str | None = None,
        Description: str | None = None,
        Conditions: dict[str, Any] | None = None,
        Filter: dict[str, Any] | None = None,
        UseHistoricalData: bool | None = None,
        Tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        self._domain(DomainName)
        names = {item["Name"] for item in AttributeDetails["Attributes"]}
        # "Each calculated attribute can only reference one ObjectType and at most two
        # fields from that ObjectType" (AWS's administrator guide).
        if len(names) > MAX_FIELDS:
            raise self._bad_request(f"A calculated attribute can reference at most {MAX_FIELDS} fields, {len(names)} were given")
        object_types = {name.split(".", 1)[0] for name in names if "." in name}
        if len(object_types) > 1:
            raise self._bad_request(
                f"A calculated attribute can reference only one object type, {len(object_types)} were given: "
                + ", ".join(sorted(object_types))
            )
        unknown = [name for name in calculation.references(AttributeDetails["Expression"]) if name not in names]
        if unknown:
            raise self._bad_request(
                f"Expression {AttributeDetails['Expression']} refers to {unknown[0]}, which is not one of the attributes"
            )
        body = {
            "DisplayName": DisplayName,
            "Description": Description,
            "AttributeDetails": AttributeDetails,
            "Conditions": Conditions,
            "Filter": Filter,
            "Statistic": Statistic,
            "UseHistoricalData": UseHistoricalData,
        }
        return _described(self._store(DomainName, CALCULATED_ATTRIBUTE, CalculatedAttributeName, body, Tags))

    def get_calculated_attribute_definition(self, DomainName: str, CalculatedAttributeName: str) -> dict[str, Any]:
        self._domain(DomainName)
        return _described(self._stored(DomainName, CALCULATED_ATTRIBUTE, CalculatedAttributeName))

    def update_calculated_attribute_definition(
        self,
        DomainName: str,
        CalculatedAttributeName: str,
        DisplayName: str | None = None,
        Description: str | None = None,
        Conditions: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        self._domain(DomainName)
        stored = self._stored(DomainName, CALCULATED_ATTRIBUTE, CalculatedAttributeName)
        changes = {"DisplayName": DisplayName, "Description": Description, "Conditions": Conditions}
        return _described(self._change(stored, changes))

    def delete_calculated_attribute_definition(self, DomainName: str, CalculatedAttributeName: str) -> dict[str, Any]:
        self._domain(DomainName)
        self._drop(DomainName, CALCULATED_ATTRIBUTE, CalculatedAttributeName)
        return {}

    def list_calculated_attribute_definitions(
        self, DomainName: str, NextToken: str | None = None, MaxResults: int | None = None
    ) -> dict[str, Any]:
        self._domain(DomainName)
        page, token = self._listed(DomainName, CALCULATED_ATTRIBUTE, NextToken, MaxResults)
        items = []
        for stored in page:
            described = _described(stored)
            for member in ("AttributeDetails", "Conditions", "Filter", "Statistic"):
                del described[member]
            items.append(described)
        return {"Items": items, "NextToken": token}

    # -- values ---------------------------------------------------------------------

    @staticmethod
    def _value_of(stored: Stored, fields: dict[str, Any]) -> dict[str, Any]:
        return {
            "CalculatedAttributeName": stored.name,
            "DisplayName": stored.body.get("DisplayName"),
            "IsDataPartial": "false",
            "Value": calculation.value(stored.body, fields),
        }

    def get_calculated_attribute_for_profile(
        self, DomainName: str, ProfileId: str, CalculatedAttributeName: str
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        stored = self._stored(DomainName, CALCULATED_ATTRIBUTE, CalculatedAttributeName)
        profile = self._profile(domain, ProfileId)
        return self._value_of(stored, profile.fields)

    def list_calculated_attributes_for_profile(
        self, DomainName: str, ProfileId: str, NextToken: str | None = None, MaxResults: int | None = None
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        profile = self._profile(domain, ProfileId)
        page, token = self._listed(DomainName, CALCULATED_ATTRIBUTE, NextToken, MaxResults)
        return {"Items": [self._value_of(stored, profile.fields) for stored in page], "NextToken": token}

    def batch_get_calculated_attribute_for_profile(
        self,
        CalculatedAttributeName: str,
        DomainName: str,
        ProfileIds: list[str],
        ConditionOverrides: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        stored = self._stored(DomainName, CALCULATED_ATTRIBUTE, CalculatedAttributeName)
        values: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        for profile_id in ProfileIds:
            profile = domain.profiles.get(profile_id)
            if profile is None:
                errors.append(
                    {
                        "Code": "ResourceNotFoundException",
                        "Message": f"Profile {profile_id} does not exist in domain {DomainName}",
                        "ProfileId": profile_id,
                    }
                )
            else:
                values.append({**self._value_of(stored, profile.fields), "ProfileId": profile_id})
        return {"Errors": errors or None, "CalculatedAttributeValues": values, "ConditionOverrides": ConditionOverrides}
