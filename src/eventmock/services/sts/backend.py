"""AWS STS, every operation: ``GetCallerIdentity``, ``AssumeRole``,
``AssumeRoleWithWebIdentity`` and ``GetSessionToken`` here; federation, SAML, root
tasks and key information in :mod:`.federation`; workload identities and scoped
sessions in :mod:`.workload`.

eventmock has no IAM: a caller whose access key is not one STS issued is the root
identity of the account its key names (a 12-digit key id, or the default account).
Credentials STS issues are recorded in the store (``Store.identities``), so a client
made with them acts in the account they were issued for, as whom they were issued:
a client with ``AssumeRole``'s credentials creates resources in the role's account,
and ``GetCallerIdentity`` answers with the assumed-role ARN. Every role can be assumed
by everyone (no trust policies).
"""

from __future__ import annotations

from typing import Any

from eventmock.core.errors import ServiceError
from eventmock.services.sts.base import LONG_TERM, StsBase, _jwt_claims
from eventmock.services.sts.federation import FederationOperations
from eventmock.services.sts.workload import WorkloadOperations


class StsBackend(FederationOperations, WorkloadOperations, StsBase):
    """The STS backend dispatch sees: every operation of the model."""

    def get_caller_identity(self) -> dict[str, Any]:
        caller = self._caller()
        return {"UserId": caller.user_id, "Account": caller.account_id, "Arn": caller.arn}

    def assume_role(
        self,
        RoleArn: str,
        RoleSessionName: str,
        PolicyArns: list[dict[str, str]] | None = None,
        Policy: str | None = None,
        DurationSeconds: int | None = None,
        Tags: list[dict[str, str]] | None = None,
        TransitiveTagKeys: list[str] | None = None,
        ExternalId: str | None = None,
        SerialNumber: str | None = None,
        TokenCode: str | None = None,
        SourceIdentity: str | None = None,
        ProvidedContexts: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        self._check_tags(Tags, TransitiveTagKeys)
        self._check_policy(Policy)
        identity, seconds, user = self._role(RoleArn, RoleSessionName, DurationSeconds)
        return {
            "Credentials": self._issue(identity, seconds),
            "AssumedRoleUser": user,
            "SourceIdentity": SourceIdentity,
        }

    def assume_role_with_web_identity(
        self,
        RoleArn: str,
        RoleSessionName: str,
        WebIdentityToken: str,
        ProviderId: str | None = None,
        PolicyArns: list[dict[str, str]] | None = None,
        Policy: str | None = None,
        DurationSeconds: int | None = None,
    ) -> dict[str, Any]:
        self._check_policy(Policy)
        claims = _jwt_claims(WebIdentityToken)
        if claims is None:
            raise ServiceError("InvalidIdentityToken", "The ID token provided is not a valid JWT. (You may see this error if you sent an Access Token)")
        identity, seconds, user = self._role(RoleArn, RoleSessionName, DurationSeconds)
        audience = claims.get("aud")
        if isinstance(audience, list):
            audience = audience[0] if audience else None
        issuer = claims.get("iss")
        provider = ProviderId or (issuer.removeprefix("https://") if isinstance(issuer, str) else None)
        subject = claims.get("sub")
        return {
            "Credentials": self._issue(identity, seconds),
            "SubjectFromWebIdentityToken": subject if isinstance(subject, str) else None,
            "AssumedRoleUser": user,
            "Provider": provider,
            "Audience": audience if isinstance(audience, str) else None,
        }

    def get_session_token(
        self, DurationSeconds: int | None = None, SerialNumber: str | None = None, TokenCode: str | None = None
    ) -> dict[str, Any]:
        caller = self._caller()
        if caller.kind not in LONG_TERM:  # credentials STS issued
            raise ServiceError("AccessDenied", "Cannot call GetSessionToken with session credentials", status=403)
        seconds = self._long_term_session(caller, DurationSeconds)
        return {"Credentials": self._issue(caller._replace(kind="session"), seconds)}

