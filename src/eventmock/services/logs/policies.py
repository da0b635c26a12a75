"""Policies: resource policies, account policies and data protection policies.

Resource policies are stored and described; eventmock does not enforce them (an
EventBridge rule may write to any log group, as if the policy AWS wants were there).
A data protection policy (a log group's, or the account's ``DATA_PROTECTION_POLICY``
account policy) masks what it names in events put after it (:mod:`.masking`).
"""

from __future__ import annotations

import json
from typing import Any

from eventmock.core import clock, ids
from eventmock.core.errors import ServiceError
from eventmock.services.logs import masking
from eventmock.services.logs.base import LogsBase, _invalid
from eventmock.services.logs.models import Resource

RESOURCE_POLICY = "resource-policy"
ACCOUNT_POLICY = "account-policy"
MAX_RESOURCE_POLICIES = 10


def _json(document: str, what: str) -> None:
    try:
        json.loads(document)
    except (ValueError, RecursionError):
        raise _invalid(f"{what} is not valid JSON.") from None


def _policy_missing(name: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"Policy with name [{name}] does not exist.")


class Policies(LogsBase):
    """Put/Describe/DeleteResourcePolicy, Put/Describe/DeleteAccountPolic(y|ies),
    Put/Get/DeleteDataProtectionPolicy."""

    # -- resource policies ------------------------------------------------------------

    def put_resource_policy(
        self,
        policyName: str | None = None,
        policyDocument: str | None = None,
        resourceArn: str | None = None,
        expectedRevisionId: str | None = None,
    ) -> dict[str, Any]:
        if policyDocument is None:
            raise _invalid("policyDocument is required.")
        _json(policyDocument, "The policy document")
        policies = self._kind(RESOURCE_POLICY)
        if resourceArn is not None:
            self._group_by_arn(resourceArn)
            key = resourceArn
            current = policies.get(key)
            if expectedRevisionId is not None and (current is None or current.body.get("revisionId") != expectedRevisionId):
                raise ServiceError("OperationAbortedException", "The revision id does not match the current revision of the policy.")
            body: dict[str, Any] = {"policyDocument": policyDocument, "policyScope": "RESOURCE", "resourceArn": resourceArn, "revisionId": ids.uuid4()}
        else:
            if policyName is None:
                raise _invalid("policyName is required for an account-scoped resource policy.")
            key = policyName
            account_scoped = [p for p in policies.values() if p.body["policyScope"] == "ACCOUNT"]
            if key not in policies and len(account_scoped) >= MAX_RESOURCE_POLICIES:
                raise ServiceError("LimitExceededException", "Resource limit exceeded.")
            body = {"policyName": policyName, "policyDocument": policyDocument, "policyScope": "ACCOUNT"}
        body["lastUpdatedTime"] = clock.epoch_ms()
        policies[key] = Resource(key, None, body)
        out = {"resourcePolicy": policies[key].description()}
        if "revisionId" in body:
            out["revisionId"] = body["revisionId"]
        return out

    def describe_resource_policies(
        self, nextToken: str | None = None, limit: int | None = None, resourceArn: str | None = None, policyScope: str | None = None
    ) -> dict[str, Any]:
        found = [
            p
            for p in self._kind(RESOURCE_POLICY).values()
            if (resourceArn is None or p.body.get("resourceArn") == resourceArn) and (policyScope is None or p.body["policyScope"] == policyScope)
        ]
        page, token = self._page(found, nextToken, limit)
        return {"resourcePolicies": [p.description() for p in page], "nextToken": token}

    def delete_resource_policy(
        self, policyName: str | None = None, resourceArn: str | None = None, expectedRevisionId: str | None = None
    ) -> None:
        key = resourceArn if resourceArn is not None else policyName
        if key is None:
            raise _invalid("Either policyName or resourceArn must be specified.")
        if self._kind(RESOURCE_POLICY).pop(key, None) is None:
            raise _policy_missing(key)

    # -- account policies -------------------------------------------------------------

    def put_account_policy(
        self,
        policyName: str,
        policyDocument: str,
        policyType: str,
        scope: str | None = None,
        selectionCriteria: str | None = None,
        dryRun: bool | None = None,
    ) -> dict[str, Any]:
        _json(policyDocument, "The policy document")
        if policyType == "DATA_PROTECTION_POLICY":
            try:
                masking.masker(policyDocument)
            except masking.PolicyError as error:
                raise _invalid(str(error)) from None
            if selectionCriteria is not None:
                raise _invalid("selectionCriteria is not supported for DATA_PROTECTION_POLICY.")
        policy = {
            "policyName": policyName,
            "policyDocument": policyDocument,
            "lastUpdatedTime": clock.epoch_ms(),
            "policyType": policyType,
            "scope": scope or "ALL",
            "selectionCriteria": selectionCriteria,
            "accountId": self.account_id,
        }
        if dryRun:
            return {"accountPolicy": {k: v for k, v in policy.items() if v is not None}, "dryRunResult": {}}
        policies = self._kind(ACCOUNT_POLICY)
        if policyType == "DATA_PROTECTION_POLICY":
            # One account-level data protection policy: a new one replaces it.
            for key in [k for k, p in policies.items() if p.body["policyType"] == policyType]:
                del policies[key]
            self.account_data_protection = policyDocument
        policies[f"{policyType}/{policyName}"] = Resource(policyName, None, policy)
        return {"accountPolicy": policies[f"{policyType}/{policyName}"].description()}

    def describe_account_policies(
        self,
        policyType: str,
        policyName: str | None = None,
        accountIdentifiers: list[str] | None = None,
        nextToken: str | None = None,
    ) -> dict[str, Any]:
        found = [
            p
            for p in sorted(self._kind(ACCOUNT_POLICY).values(), key=lambda p: p.key)
            if p.body["policyType"] == policyType
            and (policyName is None or p.key == policyName)
            and (not accountIdentifiers or self.account_id in accountIdentifiers)
        ]
        page, token = self._page(found, nextToken, None)
        return {"accountPolicies": [p.description() for p in page], "nextToken": token}

    def delete_account_policy(self, policyName: str, policyType: str, dryRun: bool | None = None) -> dict[str, Any]:
        key = f"{policyType}/{policyName}"
        if key not in self._kind(ACCOUNT_POLICY):
            raise _policy_missing(policyName)
        if dryRun:
            return {"dryRunResult": {}}
        del self._kind(ACCOUNT_POLICY)[key]
        if policyType == "DATA_PROTECTION_POLICY":
            self.account_data_protection = None
        return {}

    # -- data protection policies -----------------------------------------------------

    def put_data_protection_policy(self, logGroupIdentifier: str, policyDocument: str) -> dict[str, Any]:
        group = self._identified(None, logGroupIdentifier)
        try:
            masking.masker(policyDocument)
        except masking.PolicyError as error:
            raise _invalid(str(error)) from None
        group.data_protection = (policyDocument, clock.epoch_ms())
        return {"logGroupIdentifier": logGroupIdentifier, "policyDocument": policyDocument, "lastUpdatedTime": group.data_protection[1]}

    def get_data_protection_policy(self, logGroupIdentifier: str) -> dict[str, Any]:
        group = self._identified(None, logGroupIdentifier)
        if group.data_protection is None:
            return {"logGroupIdentifier": logGroupIdentifier}
        document, updated = group.data_protection
        return {"logGroupIdentifier": logGroupIdentifier, "policyDocument": document, "lastUpdatedTime": updated}

    def delete_data_protection_policy(self, logGroupIdentifier: str) -> None:
        self._identified(None, logGroupIdentifier).data_protection = None
