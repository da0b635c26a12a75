"""STS's newer operations, around workload identities and scoped sessions:
``GetScopedCredentials``, ``GetDelegatedAccessToken``, ``GetWebIdentityToken``,
``GetCertificate``, ``GetTrustBundles``, ``IssueWorkloadIdentityContext``.

eventmock has no IAM, so no workload identity provider with a signer: what needs one
(an X.509 certificate, a JWT-SVID) answers ``SignerNotConfiguredException``."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import re
from random import choices
from typing import Any

from eventmock.core import arns, clock
from eventmock.core.errors import ServiceError
from eventmock.services.sts.base import DEFAULT_ROLE_SESSION, LONG_TERM, StsBase

#: Scope-down policies a session can carry.
MAX_SCOPES = 3
WEB_IDENTITY_TOKEN_SECONDS = 300
CONTEXT_SECONDS = 60
SIGNING_ALGORITHMS = frozenset({"RS256", "ES384"})
_CSR = re.compile(r"\s*-----BEGIN (?:NEW )?CERTIFICATE REQUEST-----\s*(?P<body>[A-Za-z0-9+/=\s]+?)\s*-----END (?:NEW )?CERTIFICATE REQUEST-----\s*")
_PROVIDER = re.compile(r"workload-identity-provider/[\w+=,.@/-]+")
_TEMPLATE = re.compile(r"workload-identity-template/(?P<name>[\w+=,.@/-]+)")


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _bad_attestation(reason: str, message: str) -> ServiceError:
    return ServiceError("InvalidAttestationDocument", message, reason=reason)


def _attestation(text: str) -> dict[str, str]:
    """The attestation document: a JSON object of at least one key, each value a
    non-empty printable string."""

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        if len(set(keys)) != len(keys):
            raise _bad_attestation("duplicateKey", "The attestation document has a duplicate key.")
        return dict(pairs)

    try:
        document = json.loads(text, object_pairs_hook=unique)
    except (ValueError, RecursionError):
        document = None
    if not isinstance(document, dict) or not document:
        raise _bad_attestation("cannotParse", "The attestation document must be a JSON object with at least one key.")
    for key, value in document.items():
        if not isinstance(value, str) or not value or not value.isprintable():
            raise _bad_attestation("invalidValue", f"The value of {key} must be a non-empty string of printable characters.")
    return document


class WorkloadOperations(StsBase):
    def get_scoped_credentials(
        self,
        Policy: str | None = None,
        DurationSeconds: int | None = None,
        MinimumSessionTokenSize: int | None = None,
        ScopedSessionDescription: str | None = None,
    ) -> dict[str, Any]:
        if Policy is None and DurationSeconds is None:
            raise ServiceError("ValidationError", "A request must provide at least one of Policy or DurationSeconds.", status=400)
        caller = self._caller()
        if caller.kind in LONG_TERM:
            raise ServiceError(
                "InvalidSubjectCredentials", "GetScopedCredentials can only be called with temporary security credentials."
            )
        self._check_policy(Policy)
        if Policy is not None and caller.scopes >= MAX_SCOPES:
            raise ServiceError(
                "ValidationError", f"The calling session already has {MAX_SCOPES} scope down policies.", status=400
            )
        scoped = caller._replace(scopes=caller.scopes + (Policy is not None))
        return {
            "Credentials": self._issue(scoped, DurationSeconds or DEFAULT_ROLE_SESSION),
            "SessionInfo": {"ScopedSessionId": caller.user_id, "Arn": caller.arn},
            "ScopedPoliciesCount": scoped.scopes,
        }

    def get_delegated_access_token(self, TradeInToken: str) -> dict[str, Any]:
        caller = self._caller()
        return {"Credentials": self._issue(caller, DEFAULT_ROLE_SESSION), "AssumedPrincipal": caller.arn}

    def get_web_identity_token(
        self,
        Audience: list[str],
        SigningAlgorithm: str,
        DurationSeconds: int | None = None,
        Scope: str | None = None,
        SubjectMode: str | None = None,
        Tags: list[dict[str, str]] | None = None,
        TokenType: str | None = None,
    ) -> dict[str, Any]:
        if SigningAlgorithm not in SIGNING_ALGORITHMS:
            raise ServiceError(
                "ValidationError", f"Invalid SigningAlgorithm {SigningAlgorithm}: it must be RS256 or ES384.", status=400
            )
        if SubjectMode is not None and TokenType is not None:
            raise ServiceError("ValidationError", "SubjectMode and TokenType are mutually exclusive.", status=400)
        if TokenType == "JWT_SVID":
            if Tags:
                raise ServiceError("ValidationError", "Tags cannot be specified when TokenType is JWT_SVID.", status=400)
            raise ServiceError(
                "SignerNotConfiguredException", "The workload identity provider for the calling session doesn't have a JWT signer."
            )
        if Scope is not None and len(set(Scope.split(" "))) != len(Scope.split(" ")):
            raise ServiceError("ValidationError", "Scope values must not repeat.", status=400)
        self._check_tags(Tags, None)
        caller = self._caller()
        now = clock.to_millis(clock.now()).replace(microsecond=0)
        expires = now + dt.timedelta(seconds=DurationSeconds or WEB_IDENTITY_TOKEN_SECONDS)
        claims: dict[str, Any] = {
            "iss": f"https://{hashlib.sha1(caller.account_id.encode()).hexdigest()[:32]}.tokens.sts.global.api.aws",
            "sub": caller.arn,
            "aud": Audience[0] if len(Audience) == 1 else Audience,
            "iat": int(now.timestamp()),
            "nbf": int(now.timestamp()),
            "exp": int(expires.timestamp()),
            "jti": _b64url(bytes(choices(range(256), k=16))),
            "https://sts.amazonaws.com/": {
                "aws_account": caller.account_id,
                "principal_id": caller.arn,
                **({"request_tags": {tag["Key"]: tag["Value"] for tag in Tags}} if Tags else {}),
            },
        }
        if Scope is not None:
            claims["scope"] = Scope
        header = {"alg": SigningAlgorithm, "typ": "JWT", "kid": "eventmock"}
        signature = bytes(choices(range(256), k=256 if SigningAlgorithm == "RS256" else 96))
        token = ".".join((_b64url(json.dumps(header).encode()), _b64url(json.dumps(claims).encode()), _b64url(signature)))
        return {"WebIdentityToken": token, "Expiration": expires}

    def get_certificate(self, CertificateSigningRequest: str, MaxDurationSeconds: int | None = None) -> dict[str, Any]:
        found = _CSR.fullmatch(CertificateSigningRequest)
        body = found.group("body") if found is not None else ""
        try:
            der = base64.b64decode("".join(body.split()), validate=True)
        except (binascii.Error, ValueError):
            der = b""
        if not der.startswith(b"\x30"):  # a DER SEQUENCE
            raise ServiceError(
                "MalformedCertificateSigningRequestException",
                "The certificate signing request isn't a valid PEM-encoded PKCS #10 request.",
            )
        raise ServiceError(
            "SignerNotConfiguredException", "The workload identity provider for the calling session doesn't have an X.509 signer."
        )

    def get_trust_bundles(self, ProviderArn: str) -> dict[str, Any]:
        arn = arns.parse(ProviderArn)
        if arn is None or arn.service != "iam" or not _PROVIDER.fullmatch(arn.resource):
            raise ServiceError("ValidationError", f"{ProviderArn} is not a valid workload identity provider ARN.", status=400)
        raise ServiceError("ResourceNotFoundException", f"The workload identity provider {ProviderArn} doesn't exist.")

    def issue_workload_identity_context(
        self,
        AttestationDocument: str,
        WorkloadIdentityTemplateArn: str | None = None,
        TargetRoleArn: str | None = None,
        DurationSeconds: int | None = None,
        SessionDurationSeconds: int | None = None,
    ) -> dict[str, Any]:
        if WorkloadIdentityTemplateArn is None:
            raise ServiceError("ValidationError", "WorkloadIdentityTemplateArn is required.", status=400)
        document = _attestation(AttestationDocument)
        template = arns.parse(WorkloadIdentityTemplateArn)
        found = _TEMPLATE.fullmatch(template.resource) if template is not None else None
        if template is None or found is None:
            raise ServiceError("ValidationError", f"{WorkloadIdentityTemplateArn} is not a valid workload identity template ARN.", status=400)
        owner = template.account
        path = "/".join(f"{key}/{document[key]}" for key in sorted(document))
        provider = f"arn:{template.partition}:iam::{owner}:workload-identity-provider/{found.group('name')}"
        answer: dict[str, Any] = {
            "ProvidedContext": {"ProviderArn": provider},
            "Subject": f"spiffe://{owner}.eventmock/{path}"[:256],
        }
        if TargetRoleArn is not None:
            now = clock.to_millis(clock.now()).replace(microsecond=0)
            context = json.dumps({"provider": provider, "subject": answer["Subject"], "role": TargetRoleArn})
            answer["ProvidedContext"]["ContextAssertion"] = _b64url(context.encode())[:3072]
            answer["Audience"] = "eventmock.amazonaws.com"
            answer["Expiration"] = now + dt.timedelta(seconds=DurationSeconds or CONTEXT_SECONDS)
            if SessionDurationSeconds is not None:
                answer["SessionExpiration"] = now + dt.timedelta(seconds=SessionDurationSeconds)
        return answer
