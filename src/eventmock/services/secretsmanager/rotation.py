"""Rotation: RotateSecret and CancelRotateSecret, and rotations due on the mock's clock.

A rotation (``RotateSecret``, or the schedule of ``RotationRules`` coming due) runs as
AWS runs it: Secrets Manager adds an empty version, named by the rotation's token and
labelled ``AWSPENDING``, then invokes the rotation function (through the Lambda
backend, as every delivery to a function does) four times, with ``Step``
``createSecret``, ``setSecret``, ``testSecret`` and ``finishSecret`` and the event
``{"Step", "SecretId" (the ARN), "ClientRequestToken" (the token), "RotationToken"}``.
The function does the work through the API: ``PutSecretValue`` fills the pending
version, ``UpdateSecretVersionStage`` moves ``AWSCURRENT`` to it. A step that raises
ends the rotation there (the pending version stays, and the next ``RotateSecret``
answers that a previous rotation is not complete); the call that started it still
succeeds, as AWS's asynchronous rotation does.

The next rotation is due ``AutomaticallyAfterDays`` days after the last one, or at the
next occurrence of ``ScheduleExpression`` (``rate(...)`` or ``cron(...)``, UTC).

Every rotation started is kept in the backend's ``rotations`` (a bounded
:class:`~eventmock.core.records.Record` of :class:`Rotation`). When the active mock
does not answer Lambda itself (``mock_aws(exclude=["lambda"])``), a rotation is only
recorded there (``outcome="not invoked"``): no function is called and no version made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from eventmock.core import clock, ids, intercept, recurrence
from eventmock.core.errors import ServiceError
from eventmock.core.records import Record
from eventmock.services.secretsmanager.base import SecretsBase, invalid_parameter, invalid_request
from eventmock.services.secretsmanager.models import CURRENT, DEFAULT_KEY, PENDING, Secret, Version

STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")
NO_FUNCTION = "No Lambda rotation function ARN is associated with this secret."
IN_PROGRESS = "A previous rotation isn't complete. That rotation will be reattempted."
CANNOT_INVOKE = (
    "Secrets Manager cannot invoke the specified Lambda function. "
    "Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com."
)


def _check_rules(rules: dict[str, Any]) -> None:
    days = rules.get("AutomaticallyAfterDays")
    expression = rules.get("ScheduleExpression")
    if days is not None and expression is not None:
        raise invalid_parameter("You can't specify both AutomaticallyAfterDays and ScheduleExpression.")
    if days is not None and not 1 <= days <= 1000:
        raise invalid_parameter("The rotation interval must be between 1 and 1000 days.")
    if expression is not None:
        parsed = recurrence.parse(expression)
        if parsed is None:
            raise invalid_parameter(f"The schedule expression {expression} is not valid.")
        if isinstance(parsed, recurrence.Rate) and parsed.period < dt.timedelta(hours=4):
            raise invalid_parameter("The rotation interval must be at least 4 hours.")
    duration = rules.get("Duration")
    if duration is not None and not 1 <= int(duration[:-1]) <= 24:
        raise invalid_parameter("The rotation window duration must be between 1 and 24 hours.")


@dataclass(frozen=True)
class Rotation:
    """One rotation started (by RotateSecret or by the schedule)."""

    secret_arn: str
    #: The version the rotation makes (``ClientRequestToken`` of the function's events).
    token: str
    function_arn: str
    when: dt.datetime
    #: ``"rotated"`` (four steps ran), ``"failed at <Step>: <error>"``, or ``"not invoked"``.
    outcome: str


class RotationOperations(SecretsBase):
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        #: The rotations started, oldest first.
        self.rotations: Record[Rotation] = Record()

    def rotate_secret(
        self,
        SecretId: str,
        ClientRequestToken: str | None = None,
        RotationLambdaARN: str | None = None,
        RotationRules: dict[str, Any] | None = None,
        ExternalSecretRotationMetadata: list[dict[str, str]] | None = None,
        ExternalSecretRotationRoleArn: str | None = None,
        RotateImmediately: bool | None = None,
    ) -> dict[str, Any]:
        secret = self._secret(SecretId, replica_ok=False)
        function = RotationLambdaARN or secret.rotation_lambda
        if function is None:
            raise invalid_request(NO_FUNCTION)
        if RotationRules is not None:
            _check_rules(RotationRules)
        pending, current = secret.version_with(PENDING), secret.version_with(CURRENT)
        if pending is not None and pending is not current and pending.version_id != ClientRequestToken:
            raise invalid_request(IN_PROGRESS)
        if intercept.emulates("lambda") and not self._function_exists(function):
            raise ServiceError("AccessDeniedException", CANNOT_INVOKE, status=400)
        secret.rotation_lambda = function
        if RotationRules is not None:
            secret.rotation_rules = {k: v for k, v in RotationRules.items() if v is not None}
        if ExternalSecretRotationMetadata is not None or ExternalSecretRotationRoleArn is not None:
            secret.external_rotation = {"metadata": ExternalSecretRotationMetadata, "role": ExternalSecretRotationRoleArn}
        secret.rotation_enabled = True
        answer: dict[str, Any] = {"ARN": secret.arn, "Name": secret.name}
        if RotateImmediately is False:
            self._schedule_rotation(secret)
            return answer
        token = ClientRequestToken or ids.uuid4()
        self._rotate(secret, token)
        answer["VersionId"] = token
        return answer

    def cancel_rotate_secret(self, SecretId: str) -> dict[str, Any]:
        secret = self._secret(SecretId, replica_ok=False)
        if not secret.rotation_enabled and secret.rotation_lambda is None:
            raise invalid_request("Secret does not have rotation enabled.")
        secret.rotation_enabled = False
        secret.next_rotation = None
        if secret.rotation_job is not None:
            secret.rotation_job.cancel()
            secret.rotation_job = None
        pending, current = secret.version_with(PENDING), secret.version_with(CURRENT)
        answer: dict[str, Any] = {"ARN": secret.arn, "Name": secret.name}
        if pending is not None and pending is not current:
            answer["VersionId"] = pending.version_id
        return answer

    # -- running a rotation -----------------------------------------------------

    def _lambda(self) -> Any:
        return self.store.backend("lambda", self.account_id, self.region)

    def _function_exists(self, function_arn: str) -> bool:
        try:
            self._lambda()._resolve(function_arn, None)
        except ServiceError:
            return False
        return True

    def _rotate(self, secret: Secret, token: str) -> None:
        """One rotation: the pending version, then the function's four steps."""
        function = secret.rotation_lambda
        assert function is not None
        if not intercept.emulates("lambda"):
            self.rotations.append(Rotation(secret.arn, token, function, clock.now(), "not invoked"))
            self._schedule_rotation(secret)
            return
        if token not in secret.versions:
            now = clock.now()
            secret.versions[token] = Version(token, now, None, None, [], secret.kms_key_id or DEFAULT_KEY)
            self._move_stage(secret, PENDING, secret.versions[token])
        rotation_token = ids.uuid4()
        functions = self._lambda()
        outcome = "rotated"
        for step in STEPS:
            event = {"Step": step, "SecretId": secret.arn, "ClientRequestToken": token, "RotationToken": rotation_token}
            try:
                functions._invoke(function, event)
            except Exception as error:  # noqa: BLE001 - the function's failure ends the rotation
                outcome = f"failed at {step}: {type(error).__name__}: {error}"
                break
        else:
            secret.last_rotated = clock.now()
            finished = secret.versions.get(token)
            if finished is not None and CURRENT in finished.stages and PENDING in finished.stages:
                finished.stages.remove(PENDING)  # as AWS leaves a finished rotation
        self.rotations.append(Rotation(secret.arn, token, function, clock.now(), outcome))
        self._schedule_rotation(secret)
        self._changed(secret)

    def _schedule_rotation(self, secret: Secret) -> None:
        if secret.rotation_job is not None:
            secret.rotation_job.cancel()
            secret.rotation_job = None
        secret.next_rotation = None
        rules = secret.rotation_rules or {}
        base = secret.last_rotated or clock.now()
        if rules.get("AutomaticallyAfterDays"):
            due: dt.datetime | None = base + dt.timedelta(days=int(rules["AutomaticallyAfterDays"]))
        elif rules.get("ScheduleExpression"):
            parsed = recurrence.parse(rules["ScheduleExpression"])
            if isinstance(parsed, recurrence.Rate):
                due = parsed.after(base)
            elif isinstance(parsed, recurrence.Cron):
                found = parsed.next_after(clock.now().replace(tzinfo=None))
                due = found.replace(tzinfo=clock.UTC) if found is not None else None
            else:
                due = None
        else:
            due = None
        if due is None or not secret.rotation_enabled or secret.deleted is not None:
            return
        secret.next_rotation = due

        def rotate(when: dt.datetime) -> None:
            self._rotation_due(secret)

        secret.rotation_job = self.store.due.at(due, rotate)

    def _rotation_due(self, secret: Secret) -> None:
        secret.rotation_job = None
        if self.secrets.get(secret.name) is not secret or not secret.rotation_enabled or secret.deleted is not None:
            return
        pending, current = secret.version_with(PENDING), secret.version_with(CURRENT)
        token = pending.version_id if pending is not None and pending is not current else ids.uuid4()
        self._rotate(secret, token)
