"""The ground STS's operations stand on: who the caller is, issuing credentials that
act as an identity, role sessions, and the checks several operations share."""


from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import string
import zlib
from random import choices
from typing import Any

from eventmock.core import arns, clock, records, underneath
from eventmock.core.backend import Backend
from eventmock.core.errors import ServiceError
from eventmock.core.store import Identity

#: Session lengths, in seconds.
DEFAULT_ROLE_SESSION = 3600
ROLE_CHAINING_LIMIT = 3600
DEFAULT_SESSION_TOKEN = 43200
ROOT_SESSION_LIMIT = 3600
#: The room, in compressed bytes, of a session's packed policies and tags.
PACKED_ROOM = 1024

_UPPER_DIGITS = string.ascii_uppercase + string.digits
_SECRET_CHARS = string.ascii_letters + string.digits + "+/"
_ROLE_RESOURCE = re.compile(r"role/(?:[\x21-\x7e]*/)?(?P<name>[\w+=,.@-]{1,64})")
_ACCOUNT = re.compile(r"\d{12}")
#: The kinds of identity whose keys are long-term (not issued by STS).
LONG_TERM = frozenset({"root", "user"})
#: How many of the credentials STS issued are remembered (the latest, in one store): a
#: call signed with an older key acts as the root identity of the default account, as
#: one with a key STS never issued.
MAX_IDENTITIES = records.DEFAULT_LIMIT


def _validation_error(message: str) -> ServiceError:
    return ServiceError("ValidationError", message, status=400)


def _unique_id(prefix: str, seed: str) -> str:
    """An IAM unique id (``AROA`` + 17 characters for a role): the same for the same
    role ARN, as a role's id is fixed for its life."""
    digest = base64.b32encode(hashlib.sha1(seed.encode()).digest()).decode()
    return prefix + digest[:17]


def _jwt_claims(token: str) -> dict[str, Any] | None:
    """The claims of a JSON Web Token (``header.payload.signature``), unverified;
    ``None`` if ``token`` is no JWT."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = parts[1] + "=" * (-len(parts[1]) % 4)
        claims = json.loads(base64.urlsafe_b64decode(payload.encode()))
    except (ValueError, UnicodeError):
        return None
    return claims if isinstance(claims, dict) else None


class StsBase(Backend):
    service = "sts"
    #: STS answers the model's constraints with the query protocol's ``ValidationError``.
    constraint_error = "ValidationError"

    # -- helpers ------------------------------------------------------------------

    def _caller(self) -> Identity:
        """Who is calling: the identity STS issued the call's key for, else the IAM user
        a mock underneath (moto's IAM) issued it to, else the root identity of the
        account the key names."""
        key = self.call.access_key
        identity = self.store.identities.get(key) if key else None
        if identity is not None:
            return identity
        user = underneath.identity_of(key) if key and not _ACCOUNT.fullmatch(key) else None
        if user is not None:
            return Identity(user[0], user[1], user[2], "user")
        account = self.account_id
        return Identity(account, f"arn:{self._partition()}:iam::{account}:root", account, "root")

    @staticmethod
    def _long_term_session(caller: Identity, seconds: int | None) -> int:
        """The length of a session a long-term caller asks for (``GetSessionToken``,
        ``GetFederationToken``): an IAM user's lasts 12 hours unless asked otherwise;
        a root identity's an hour at most, longer requests capped."""
        if caller.kind == "user":
            return seconds or DEFAULT_SESSION_TOKEN
        return min(seconds or ROOT_SESSION_LIMIT, ROOT_SESSION_LIMIT)

    def _partition(self) -> str:
        return arns.partition_of(self.region)

    def _issue(self, identity: Identity, seconds: int) -> dict[str, Any]:
        """New temporary credentials acting as ``identity`` for ``seconds``."""
        key = "ASIA" + "".join(choices(_UPPER_DIGITS, k=16))
        while key in self.store.identities:  # pragma: no cover - 36**16 keys
            key = "ASIA" + "".join(choices(_UPPER_DIGITS, k=16))
        identities = self.store.identities
        identities[key] = identity
        while len(identities) > MAX_IDENTITIES:  # bounded: the oldest key is forgotten
            del identities[next(iter(identities))]
        token = base64.b64encode(bytes(choices(range(256), k=300))).decode()
        return {
            "AccessKeyId": key,
            "SecretAccessKey": "".join(choices(_SECRET_CHARS, k=40)),
            "SessionToken": "IQoJb3JpZ2luX2VjE" + token,
            "Expiration": clock.to_millis(clock.now()).replace(microsecond=0) + dt.timedelta(seconds=seconds),
        }

    def _role(self, role_arn: str, session_name: str, duration: int | None) -> tuple[Identity, int, dict[str, str]]:
        """The identity of a session of the role ``role_arn``, the session's length,
        and its ``AssumedRoleUser``."""
        arn = arns.parse(role_arn)
        if arn is None or not arn.service:
            raise _validation_error(f"{role_arn} is invalid")
        found = _ROLE_RESOURCE.fullmatch(arn.resource)
        if arn.service != "iam" or found is None or not _ACCOUNT.fullmatch(arn.account):
            caller = self._caller()
            raise ServiceError(
                "AccessDenied",
                f"User: {caller.arn} is not authorized to perform: sts:{self.call.operation} on resource: {role_arn}",
                status=403,
            )
        caller = self._caller()
        if duration is not None and caller.kind == "role" and duration > ROLE_CHAINING_LIMIT:
            raise _validation_error("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
        role_id = _unique_id("AROA", role_arn)
        user = {
            "AssumedRoleId": f"{role_id}:{session_name}",
            "Arn": f"arn:{arn.partition}:sts::{arn.account}:assumed-role/{found.group('name')}/{session_name}",
        }
        identity = Identity(arn.account, user["Arn"], user["AssumedRoleId"], "role")
        return identity, duration if duration is not None else DEFAULT_ROLE_SESSION, user

    # -- validation ----------------------------------------------------------------

    @staticmethod
    def _check_policy(policy: str | None) -> None:
        if policy is None:
            return
        try:
            document = json.loads(policy)
        except (ValueError, RecursionError):
            document = None
        if not isinstance(document, dict):
            raise ServiceError("MalformedPolicyDocument", "The policy is not in the valid JSON format.")

    @staticmethod
    def _check_tags(tags: list[dict[str, str]] | None, transitive: list[str] | None) -> None:
        keys = [tag["Key"] for tag in tags or []]
        if len({key.lower() for key in keys}) != len(keys):
            raise ServiceError(
                "InvalidParameterValue", "Duplicate tag keys found. Please note that Tag keys are case insensitive.", status=400
            )
        if transitive and not {key.lower() for key in transitive} <= {key.lower() for key in keys}:
            raise ServiceError(
                "InvalidParameterValue", "The specified transitive tag key must be included in the requested tags.", status=400
            )

    @staticmethod
    def _packed_size(
        policy: str | None, policy_arns: list[dict[str, str]] | None, tags: list[dict[str, str]] | None
    ) -> int | None:
        """``PackedPolicySize``: the percentage of the session's packed room that its
        policy, managed policy ARNs and tags take (``None`` when it has none); over 100,
        ``PackedPolicyTooLarge``."""
        if policy is None and not policy_arns and not tags:
            return None
        packed = json.dumps(
            [json.loads(policy) if policy else None, [item.get("arn") for item in policy_arns or []], tags or []],
            separators=(",", ":"),
        )
        size = -(-len(zlib.compress(packed.encode())) * 100 // PACKED_ROOM)
        if size > 100:
            raise ServiceError(
                "PackedPolicyTooLarge", f"Packed policy consumes {size}% of allotted space, please use smaller policy for session"
            )
        return size
