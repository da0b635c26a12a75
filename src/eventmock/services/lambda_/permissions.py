"""Lambda's resource-based policies: AddPermission, RemovePermission, GetPolicy, and the
whole-document API (Put/Get/DeleteResourcePolicy) on the same policies.

A policy belongs to a function, version or alias (its ARN, qualified when a
``Qualifier`` is given). AddPermission appends a statement as AWS writes it
(``Principal`` ``{"Service": ...}``, ``{"AWS": arn}`` or ``"*"``; conditions from
``SourceArn``, ``SourceAccount``, ``EventSourceToken``, ``FunctionUrlAuthType``,
``PrincipalOrgID``, ``InvokedViaFunctionUrl``); GetPolicy answers the document as
compact JSON with ``Version`` 2012-10-17 and ``Id`` ``default``. Removing the last
statement removes the policy. Every change gives the policy a new ``RevisionId``.

eventmock does not enforce these policies when other services invoke a function (see
docs/lambda.md, "Not confirmed"): deliveries from EventBridge, SNS, S3 and the rest
reach the function whether or not a statement allows them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventmock.core import arns, ids
from eventmock.core.errors import ServiceError
from eventmock.services.lambda_ import control

if TYPE_CHECKING:
    from eventmock.services.lambda_.backend import Function, LambdaBackend

_SERVICE_PRINCIPAL = re.compile(r"[a-z0-9.-]+\.(amazonaws\.com(\.cn)?|amazon\.com)")
_POLICY_ARN = re.compile(r"arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9_-]+)(?::([a-zA-Z0-9_$.-]+))?")


#: The largest policy document (compact JSON, characters) AWS keeps.
MAX_POLICY = 20_480


def check_length(statements: list[dict[str, Any]], head: dict[str, Any] | None = None) -> None:
    """AWS's ``PolicyLengthExceededException`` if the document would be too large."""
    size = len(Policy(statements, head=head or Policy().head).document())
    if size > MAX_POLICY:
        raise ServiceError(
            "PolicyLengthExceededException", f"The final policy size ({size}) is bigger than the limit ({MAX_POLICY}).", Type="User"
        )


def stale(api: str) -> ServiceError:
    """AWS's answer to a ``RevisionId`` that is not the latest (``api``: the call that
    reads the latest one, named as AWS's message names it)."""
    return ServiceError(
        "PreconditionFailedException",
        f"The Revision Id provided does not match the latest Revision Id. Call the {api} API to retrieve the latest Revision Id",
        Type="User",
    )


@dataclass
class Policy:
    """A resource policy document and its revision."""

    statements: list[dict[str, Any]] = field(default_factory=list)
    revision: str = field(default_factory=ids.uuid4)
    #: The document's other members, as PutResourcePolicy gave them.
    head: dict[str, Any] = field(default_factory=lambda: {"Version": "2012-10-17", "Id": "default"})

    def document(self) -> str:
        return json.dumps({**self.head, "Statement": self.statements}, separators=(",", ":"))

    def find(self, sid: str) -> dict[str, Any] | None:
        return next((s for s in self.statements if s.get("Sid") == sid), None)

    def changed(self) -> None:
        self.revision = ids.uuid4()


def principal_of(principal: str, partition: str) -> Any:
    """A statement's ``Principal`` for AddPermission's ``Principal`` parameter."""
    if principal == "*":
        return "*"
    if re.fullmatch(r"\d{12}", principal):
        return {"AWS": f"arn:{partition}:iam::{principal}:root"}
    if principal.startswith("arn:"):
        return {"AWS": principal}
    if _SERVICE_PRINCIPAL.fullmatch(principal):
        return {"Service": principal}
    raise control.invalid("The provided principal was invalid. Please check the principal and try again.")


def conditions(params: dict[str, Any]) -> dict[str, Any]:
    """A statement's ``Condition`` from AddPermission's params (in AWS's order)."""
    equals = {
        key: params[name]
        for name, key in (
            ("SourceAccount", "AWS:SourceAccount"),
            ("EventSourceToken", "lambda:EventSourceToken"),
            ("FunctionUrlAuthType", "lambda:FunctionUrlAuthType"),
            ("PrincipalOrgID", "aws:PrincipalOrgID"),
        )
        if params.get(name) is not None
    }
    condition: dict[str, Any] = {}
    if equals:
        condition["StringEquals"] = equals
    if params.get("SourceArn") is not None:
        condition["ArnLike"] = {"AWS:SourceArn": params["SourceArn"]}
    if params.get("InvokedViaFunctionUrl"):
        condition["Bool"] = {"lambda:InvokedViaFunctionUrl": "true"}
    return condition


class Permissions:
    """Mixin of :class:`~eventmock.services.lambda_.backend.LambdaBackend`."""

    def _policies(self) -> dict[str, Policy]:
        """Policies by resource ARN (a function's, a version's or an alias's)."""
        return control.state(self, "_lambda_policies", dict)

    def _policy_of(self, function: Function, qualifier: str | None) -> tuple[dict[str, Policy], str]:
        backend: LambdaBackend = self  # type: ignore[assignment]
        owner = control.owner(backend, function)
        return owner._policies(), control.qualified(function, None if qualifier == "$LATEST" else qualifier)

    @staticmethod
    def _check_policy_revision(function: Function, policy: Policy | None, revision: str | None, api: str) -> None:
        """A stale ``RevisionId``: AWS compares it with the function's (or version's or
        alias's) revision, which the policy's changes renew; without one, the policy's."""
        if revision is None:
            return
        latest = getattr(function, "revision_id", None) or (policy.revision if policy is not None else None)
        if revision != latest:
            raise stale(api)

    @staticmethod
    def _revision(function: Function, policy: Policy) -> str:
        """The ``RevisionId`` GetPolicy answers: the function's (version's, alias's) when it
        has one, which other changes renew too; else the policy's."""
        revision = getattr(function, "revision_id", None)
        return revision if isinstance(revision, str) else policy.revision

    @staticmethod
    def _renew(function: Function, policy: Policy) -> None:
        policy.changed()
        if hasattr(function, "revision_id"):
            function.revision_id = policy.revision

    def _forget_function(self, name: str) -> None:
        prefix = self._arn(f"function:{name}")  # type: ignore[attr-defined]
        policies = self._policies()
        for arn in [a for a in policies if a == prefix or a.startswith(prefix + ":")]:
            del policies[arn]
        super()._forget_function(name)  # type: ignore[misc]

    def _forget_version(self, name: str, qualifier: str) -> None:
        self._policies().pop(self._arn(f"function:{name}:{qualifier}"), None)  # type: ignore[attr-defined]
        super()._forget_version(name, qualifier)  # type: ignore[misc]

    def add_permission(
        self,
        FunctionName: str,
        StatementId: str,
        Action: str,
        Principal: str,
        SourceArn: str | None = None,
        FunctionUrlAuthType: str | None = None,
        InvokedViaFunctionUrl: bool | None = None,
        SourceAccount: str | None = None,
        EventSourceToken: str | None = None,
        Qualifier: str | None = None,
        RevisionId: str | None = None,
        PrincipalOrgID: str | None = None,
    ) -> dict[str, Any]:
        params = dict(locals())
        control.check("AddPermission", params)
        backend: LambdaBackend = self  # type: ignore[assignment]
        function, qualifier = control.target(backend, FunctionName, Qualifier)
        if qualifier == "$LATEST":
            raise control.invalid("We currently do not support adding policies for $LATEST.")
        policies, resource = self._policy_of(function, qualifier)
        policy = policies.get(resource)
        self._check_policy_revision(function, policy, RevisionId, "GetPolicy")
        partition = arns.partition_of(backend.region)
        statement: dict[str, Any] = {
            "Sid": StatementId,
            "Effect": "Allow",
            "Principal": principal_of(Principal, partition),
            "Action": Action,
            "Resource": resource,
        }
        condition = conditions(params)
        if condition:
            statement["Condition"] = condition
        if policy is not None and policy.find(StatementId) is not None:
            raise control.conflict(
                f"The statement id ({StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement."
            )
        check_length([*(policy.statements if policy is not None else []), statement], policy.head if policy is not None else None)
        if policy is None:
            policy = policies[resource] = Policy()
        policy.statements.append(statement)
        self._renew(function, policy)
        return {"Statement": json.dumps(statement, separators=(",", ":"))}

    def remove_permission(
        self, FunctionName: str, StatementId: str, Qualifier: str | None = None, RevisionId: str | None = None
    ) -> dict[str, Any]:
        control.check("RemovePermission", dict(locals()))
        backend: LambdaBackend = self  # type: ignore[assignment]
        try:
            function, qualifier = control.target(backend, FunctionName, Qualifier)
        except ServiceError as exc:
            if exc.code != "ResourceNotFoundException" or Qualifier is not None:
                raise
            raise control.not_found(f"No policy found for: {exc.message.removeprefix('Function not found: ')}") from None
        policies, resource = self._policy_of(function, qualifier)
        policy = policies.get(resource)
        if policy is None:
            raise control.not_found("No policy is associated with the given resource.")
        self._check_policy_revision(function, policy, RevisionId, "GetPolicy")
        statement = policy.find(StatementId)
        if statement is None:
            raise control.not_found(f"Statement {StatementId} is not found in resource policy.")
        policy.statements.remove(statement)
        self._renew(function, policy)
        if not policy.statements:
            del policies[resource]
        return {}

    def get_policy(self, FunctionName: str, Qualifier: str | None = None) -> dict[str, Any]:
        control.check("GetPolicy", dict(locals()))
        backend: LambdaBackend = self  # type: ignore[assignment]
        try:
            function, qualifier = control.target(backend, FunctionName, Qualifier)
        except ServiceError as exc:
            if exc.code != "ResourceNotFoundException":
                raise
            raise control.not_found() from None
        policies, resource = self._policy_of(function, qualifier)
        policy = policies.get(resource)
        if policy is None:
            raise control.not_found()
        return {"Policy": policy.document(), "RevisionId": self._revision(function, policy)}

    # -- the whole-document API ------------------------------------------------------

    def _resource(self, resource_arn: str) -> tuple[Function, dict[str, Policy], str]:
        backend: LambdaBackend = self  # type: ignore[assignment]
        match = _POLICY_ARN.fullmatch(resource_arn)
        if match is None:
            raise control.not_found()
        function, qualifier = control.target(backend, resource_arn, None)
        policies, resource = self._policy_of(function, qualifier)
        return function, policies, resource

    def put_resource_policy(self, ResourceArn: str, Policy: str, RevisionId: str | None = None) -> dict[str, Any]:
        control.check("PutResourcePolicy", dict(locals()))
        function, policies, resource = self._resource(ResourceArn)
        try:
            document = json.loads(Policy)
        except (ValueError, RecursionError):
            document = None
        if not isinstance(document, dict) or not isinstance(document.get("Statement", []), (list, dict)):
            raise control.invalid("The resource policy is not a valid JSON policy document.")
        current = policies.get(resource)
        self._check_policy_revision(function, current, RevisionId, "GetResourcePolicy")
        statements = document.get("Statement", [])
        head = {k: v for k, v in document.items() if k != "Statement"}
        policy = policies[resource] = _new_policy(statements if isinstance(statements, list) else [statements], head)
        self._renew(function, policy)
        return {"Policy": policy.document(), "RevisionId": self._revision(function, policy)}

    def get_resource_policy(self, ResourceArn: str) -> dict[str, Any]:
        control.check("GetResourcePolicy", dict(locals()))
        function, policies, resource = self._resource(ResourceArn)
        policy = policies.get(resource)
        if policy is None:
            raise control.not_found()
        return {"Policy": policy.document(), "RevisionId": self._revision(function, policy)}

    def delete_resource_policy(self, ResourceArn: str, RevisionId: str | None = None) -> dict[str, Any]:
        control.check("DeleteResourcePolicy", dict(locals()))
        function, policies, resource = self._resource(ResourceArn)
        policy = policies.get(resource)
        if policy is None:
            raise control.not_found()
        self._check_policy_revision(function, policy, RevisionId, "GetResourcePolicy")
        del policies[resource]
        if hasattr(function, "revision_id"):
            function.revision_id = ids.uuid4()
        return {}


def _new_policy(statements: list[dict[str, Any]], head: dict[str, Any]) -> Policy:
    policy = Policy(list(statements))
    if head:
        policy.head = head
    return policy
