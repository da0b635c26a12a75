"""Resource policies: PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy,
ListResourcePolicies and ValidateResourcePolicy.

A secret's policy is named ``default`` (the only one a user can write); it is kept as
the text given and checked only for being a JSON policy document.
"""

from __future__ import annotations

import json
from typing import Any

from eventmock.core import pagination
from eventmock.core.errors import ServiceError
from eventmock.services.secretsmanager.base import SecretsBase, invalid_parameter

DEFAULT_POLICY = "default"


def _document(policy: str) -> dict[str, Any]:
    try:
        document = json.loads(policy)
    except ValueError:
        document = None
    if not isinstance(document, dict) or not isinstance(document.get("Statement"), (list, dict)):
        raise ServiceError("MalformedPolicyDocumentException", "This resource policy contains a syntax error.", status=400)
    return document


def _public(document: dict[str, Any]) -> bool:
    """Whether a policy document grants access to everyone (``Principal: "*"``)."""
    statements = document["Statement"]
    for statement in statements if isinstance(statements, list) else [statements]:
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow" or "Condition" in statement:
            continue
        principal = statement.get("Principal")
        if principal == "*" or (isinstance(principal, dict) and "*" in (principal.get("AWS"), [principal.get("AWS")])):
            return True
    return False


class PolicyOperations(SecretsBase):
    @staticmethod
    def _policy_name(name: str | None) -> str:
        if name not in (None, DEFAULT_POLICY):
            raise invalid_parameter(f"You can modify only the {DEFAULT_POLICY} resource policy.")
        return DEFAULT_POLICY

    def put_resource_policy(
        self, SecretId: str, ResourcePolicy: str, PolicyName: str | None = None, BlockPublicPolicy: bool | None = None
    ) -> dict[str, Any]:
        secret = self._secret(SecretId, replica_ok=False)
        name = self._policy_name(PolicyName)
        document = _document(ResourcePolicy)
        if BlockPublicPolicy and _public(document):
            raise ServiceError(
                "PublicPolicyException", "This resource policy will grant public access to the secret.", status=400
            )
        secret.policies[name] = ResourcePolicy
        self._changed(secret)
        return {"ARN": secret.arn, "Name": secret.name, "PolicyName": PolicyName}

    def get_resource_policy(self, SecretId: str, PolicyName: str | None = None) -> dict[str, Any]:
        secret = self._secret(SecretId, replica_ok=False)
        name = PolicyName or DEFAULT_POLICY
        return {
            "ARN": secret.arn,
            "Name": secret.name,
            "ResourcePolicy": secret.policies.get(name),
            "PolicyName": PolicyName,
        }

    def delete_resource_policy(self, SecretId: str, PolicyName: str | None = None) -> dict[str, Any]:
        secret = self._secret(SecretId, replica_ok=False)
        secret.policies.pop(self._policy_name(PolicyName), None)
        self._changed(secret)
        return {"ARN": secret.arn, "Name": secret.name, "PolicyName": PolicyName}

    def list_resource_policies(self, SecretId: str, MaxResults: int | None = None, NextToken: str | None = None) -> dict[str, Any]:
        secret = self._secret(SecretId)
        names = sorted(secret.policies, key=lambda n: (n != DEFAULT_POLICY, n))
        try:
            page, token = pagination.page(names, NextToken, MaxResults or 100)
        except pagination.InvalidToken:
            raise ServiceError("InvalidNextTokenException", "The NextToken value is invalid.", status=400) from None
        return {"ResourcePolicies": [{"PolicyName": n} for n in page], "NextToken": token}

    def validate_resource_policy(self, ResourcePolicy: str, SecretId: str | None = None) -> dict[str, Any]:
        if SecretId is not None:
            self._secret(SecretId)
        _document(ResourcePolicy)
        return {"PolicyValidationPassed": True, "ValidationErrors": []}
