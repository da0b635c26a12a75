"""STS operations that issue credentials to federated and privileged callers
(``GetFederationToken``, ``AssumeRoleWithSAML``, ``AssumeRoot``) and those that tell
about keys and denials (``GetAccessKeyInfo``, ``DecodeAuthorizationMessage``)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import zlib
from typing import Any

from eventmock.core import arns, intercept, underneath
from eventmock.core.errors import ServiceError
from eventmock.core.store import Identity
from eventmock.services.sts import saml
from eventmock.services.sts.base import DEFAULT_ROLE_SESSION, LONG_TERM, StsBase

#: ``AssumeRoot``'s session length, and its longest.
ROOT_TASK_SESSION = 900
#: The task policies ``AssumeRoot`` accepts (``arn:aws:iam::aws:policy/root-task/<name>``).
ROOT_TASK_POLICIES = frozenset(
    {
        "IAMAuditRootUserCredentials",
        "IAMCreateRootUserPassword",
        "IAMDeleteRootUserCredentials",
        "S3UnlockBucketPolicy",
        "SQSUnlockQueuePolicy",
    }
)
_SESSION_NAME = re.compile(r"[\w+=,.@-]{2,64}")
_ACCOUNT = re.compile(r"\d{12}")
_MESSAGE_MAGIC = b"eventmock-authorization:"


def encode_authorization_message(document: dict[str, Any]) -> str:
    """An encoded authorization message (as AWS appends to some denials) carrying
    ``document``; ``DecodeAuthorizationMessage`` answers it as JSON text."""
    return base64.b64encode(zlib.compress(_MESSAGE_MAGIC + json.dumps(document).encode())).decode()


def _decode_authorization_message(encoded: str) -> str | None:
    try:
        raw = zlib.decompress(base64.b64decode(encoded.encode(), validate=True))
    except (binascii.Error, ValueError, zlib.error):
        return None
    if not raw.startswith(_MESSAGE_MAGIC):
        return None
    return raw[len(_MESSAGE_MAGIC) :].decode()


class FederationOperations(StsBase):
    def get_federation_token(
        self,
        Name: str,
        Policy: str | None = None,
        PolicyArns: list[dict[str, str]] | None = None,
        DurationSeconds: int | None = None,
        Tags: list[dict[str, str]] | None = None,
        MinimumSessionTokenSize: int | None = None,
    ) -> dict[str, Any]:
        caller = self._caller()
        if caller.kind not in LONG_TERM:  # credentials STS issued
            raise ServiceError("AccessDenied", "Cannot call GetFederationToken with session credentials", status=403)
        self._check_tags(Tags, None)
        self._check_policy(Policy)
        packed = self._packed_size(Policy, PolicyArns, Tags)
        seconds = self._long_term_session(caller, DurationSeconds)
        arn = f"arn:{self._partition()}:sts::{caller.account_id}:federated-user/{Name}"
        user_id = f"{caller.account_id}:{Name}"
        identity = Identity(caller.account_id, arn, user_id, "federated")
        return {
            "Credentials": self._issue(identity, seconds),
            "FederatedUser": {"FederatedUserId": user_id, "Arn": arn},
            "PackedPolicySize": packed,
        }

    def assume_role_with_saml(
        self,
        RoleArn: str,
        PrincipalArn: str,
        SAMLAssertion: str,
        PolicyArns: list[dict[str, str]] | None = None,
        Policy: str | None = None,
        DurationSeconds: int | None = None,
        MinimumSessionTokenSize: int | None = None,
    ) -> dict[str, Any]:
        self._check_policy(Policy)
        assertion = saml.parse(SAMLAssertion)
        if assertion is None:
            raise ServiceError("InvalidIdentityToken", "Invalid SAML response")
        if assertion.roles and (RoleArn, PrincipalArn) not in assertion.roles:
            raise ServiceError("AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML", status=403)
        session_name = assertion.session_name
        if session_name is None or not _SESSION_NAME.fullmatch(session_name):
            raise ServiceError("InvalidIdentityToken", "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}")
        packed = self._packed_size(Policy, PolicyArns, None)
        identity, _, user = self._role(RoleArn, session_name, None)
        limits = [DurationSeconds] if DurationSeconds is not None else []
        if assertion.session_duration is not None and assertion.session_duration.isdigit():
            limits.append(int(assertion.session_duration))
        provider = arns.parse(PrincipalArn)
        qualifier = None
        if assertion.issuer is not None and provider is not None:
            seed = assertion.issuer + provider.account + "/" + provider.resource.rpartition("/")[2]
            qualifier = base64.b64encode(hashlib.sha1(seed.encode()).digest()).decode()
        return {
            "Credentials": self._issue(identity, min(limits) if limits else DEFAULT_ROLE_SESSION),
            "AssumedRoleUser": user,
            "PackedPolicySize": packed,
            "Subject": assertion.subject,
            "SubjectType": assertion.subject_type,
            "Issuer": assertion.issuer,
            "Audience": assertion.audience,
            "NameQualifier": qualifier,
            "SourceIdentity": assertion.source_identity,
        }

    def assume_root(
        self,
        TargetPrincipal: str,
        TaskPolicyArn: dict[str, str],
        DurationSeconds: int | None = None,
        MinimumSessionTokenSize: int | None = None,
    ) -> dict[str, Any]:
        target = arns.parse(TargetPrincipal)
        account = target.account if target is not None else TargetPrincipal
        if not _ACCOUNT.fullmatch(account):
            raise ServiceError("ValidationError", f"TargetPrincipal {TargetPrincipal} is invalid", status=400)
        policy = arns.parse(TaskPolicyArn.get("arn", ""))
        if (
            policy is None
            or policy.service != "iam"
            or policy.account != "aws"
            or not policy.resource.startswith("policy/root-task/")
            or policy.resource.removeprefix("policy/root-task/") not in ROOT_TASK_POLICIES
        ):
            raise ServiceError("ValidationError", f"TaskPolicyArn {TaskPolicyArn.get('arn')} is invalid", status=400)
        root = Identity(account, f"arn:{self._partition()}:iam::{account}:root", account, "root-task")
        return {"Credentials": self._issue(root, ROOT_TASK_SESSION if DurationSeconds is None else DurationSeconds)}

    def get_access_key_info(self, AccessKeyId: str) -> dict[str, Any]:
        user = underneath.identity_of(AccessKeyId) if AccessKeyId not in self.store.identities else None
        return {"Account": user[0] if user is not None else intercept.account_for_key(AccessKeyId, self.store)}

    def decode_authorization_message(self, EncodedMessage: str) -> dict[str, Any]:
        decoded = _decode_authorization_message(EncodedMessage)
        if decoded is None:
            raise ServiceError("InvalidAuthorizationMessageException", "The encoded authorization message is invalid.")
        return {"DecodedMessage": decoded}
