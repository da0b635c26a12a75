"""Log groups (with retention) and log streams."""

from __future__ import annotations

import re
from typing import Any

from eventmock.core import clock
from eventmock.core.errors import ServiceError
from eventmock.services.logs.base import DEFAULT_DESCRIBE_LIMIT, RETENTION_DAYS, LogsBase, _invalid, _stream_missing
from eventmock.services.logs.models import LogGroup, LogStream


class LogGroups(LogsBase):
    """CreateLogGroup, DeleteLogGroup, DescribeLogGroups, ListLogGroups, retention, log streams."""

    # -- log groups ---------------------------------------------------------------

    def create_log_group(
        self,
        logGroupName: str,
        kmsKeyId: str | None = None,
        tags: dict[str, str] | None = None,
        logGroupClass: str | None = None,
        deletionProtectionEnabled: bool | None = None,
    ) -> None:
        if logGroupName in self.groups:
            raise ServiceError("ResourceAlreadyExistsException", "The specified log group already exists")
        self.groups[logGroupName] = LogGroup(
            logGroupName,
            self._arn(f"log-group:{logGroupName}"),
            clock.epoch_ms(),
            logGroupClass or "STANDARD",
            kms_key_id=kmsKeyId,
            deletion_protection=bool(deletionProtectionEnabled),
            tags=dict(tags or {}),
        )

    def delete_log_group(self, logGroupName: str) -> None:
        if self._group(logGroupName).deletion_protection:
            raise ServiceError(
                "ValidationException", "Cannot delete log group with deletion protection enabled. Disable deletion protection first."
            )
        del self.groups[logGroupName]

    def put_log_group_deletion_protection(self, logGroupIdentifier: str, deletionProtectionEnabled: bool) -> None:
        self._identified(None, logGroupIdentifier).deletion_protection = deletionProtectionEnabled

    def associate_kms_key(self, kmsKeyId: str, logGroupName: str | None = None, resourceIdentifier: str | None = None) -> None:
        self._kms_target(logGroupName, resourceIdentifier, kmsKeyId)

    def disassociate_kms_key(self, logGroupName: str | None = None, resourceIdentifier: str | None = None) -> None:
        self._kms_target(logGroupName, resourceIdentifier, None)

    def _kms_target(self, name: str | None, identifier: str | None, key: str | None) -> None:
        """Associate ``key`` (``None``: none) with the log group, or with the account's
        query results (``arn:...:query-result:*``)."""
        if (name is None) == (identifier is None):
            raise _invalid("Exactly one of logGroupName and resourceIdentifier must be specified.")
        if identifier is not None and identifier.endswith(":query-result:*"):
            self.query_results_kms_key = key
            return
        group = self._group(name) if name is not None else self._group_by_arn(identifier or "")
        group.kms_key_id = key

    def describe_log_groups(
        self,
        accountIdentifiers: list[str] | None = None,
        includeLinkedAccounts: bool | None = None,
        logGroupNamePrefix: str | None = None,
        logGroupNamePattern: str | None = None,
        nextToken: str | None = None,
        limit: int | None = None,
        logGroupClass: str | None = None,
        logGroupIdentifiers: list[str] | None = None,
    ) -> dict[str, Any]:
        if logGroupNamePrefix is not None and logGroupNamePattern is not None:
            raise _invalid("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.")
        groups = sorted(self.groups.values(), key=lambda g: g.name)
        if logGroupNamePrefix is not None:
            groups = [g for g in groups if g.name.startswith(logGroupNamePrefix)]
        if logGroupNamePattern:
            groups = [g for g in groups if logGroupNamePattern in g.name]
        if logGroupClass is not None:
            groups = [g for g in groups if g.log_group_class == logGroupClass]
        if accountIdentifiers is not None and self.account_id not in accountIdentifiers:
            groups = []
        if logGroupIdentifiers is not None:
            wanted = {i.removesuffix(":*") for i in logGroupIdentifiers}
            groups = [g for g in groups if g.name in wanted or g.arn in wanted]
        # AWS's token is the name of the last group answered (boto/boto3#3170), and
        # the next page is the groups whose names sort after it: any string is a
        # token, and one after every name answers an empty page.
        if nextToken is not None:
            groups = [g for g in groups if g.name > nextToken]
        page = groups[: limit or DEFAULT_DESCRIBE_LIMIT]
        searched = bool(logGroupNamePattern)
        more = len(page) < len(groups) or (searched and nextToken is None)
        # A pattern search answers its first page with a token (recorded), whose
        # page is empty and the last.
        token = page[-1].name if more and page else None
        return {"logGroups": [g.description(searched) for g in page], "nextToken": token}

    def list_log_groups(
        self,
        logGroupNamePattern: str | None = None,
        logGroupClass: str | None = None,
        nextToken: str | None = None,
        limit: int | None = None,
        includeLinkedAccounts: bool | None = None,
        accountIdentifiers: list[str] | None = None,
        dataSources: list[dict[str, Any]] | None = None,
        fieldIndexNames: list[str] | None = None,
        logGroupTags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        groups = sorted(self.groups.values(), key=lambda g: g.name)
        if logGroupTags:
            groups = [g for g in groups if all(g.tags.get(k) == v for k, v in logGroupTags.items())]
        if accountIdentifiers is not None and self.account_id not in accountIdentifiers:
            groups = []
        if logGroupNamePattern:
            try:
                pattern = re.compile(logGroupNamePattern)
            except re.error:
                raise _invalid(f"Invalid logGroupNamePattern: {logGroupNamePattern}") from None
            groups = [g for g in groups if pattern.search(g.name)]
        if logGroupClass is not None:
            groups = [g for g in groups if g.log_group_class == logGroupClass]
        page, token = self._page(groups, nextToken, limit)
        return {
            "logGroups": [{"logGroupName": g.name, "logGroupArn": g.arn, "logGroupClass": g.log_group_class} for g in page],
            "nextToken": token,
        }

    def put_retention_policy(self, logGroupName: str, retentionInDays: int) -> None:
        if retentionInDays not in RETENTION_DAYS:
            allowed = ", ".join(map(str, RETENTION_DAYS))
            raise _invalid(
                f"1 validation error detected: Value '{retentionInDays}' at 'retentionInDays' failed to satisfy "
                f"constraint: Member must satisfy enum value set: [{allowed}]"
            )
        self._group(logGroupName).retention = retentionInDays

    def delete_retention_policy(self, logGroupName: str) -> None:
        self._group(logGroupName).retention = None

    # -- log streams --------------------------------------------------------------

    def create_log_stream(self, logGroupName: str, logStreamName: str) -> None:
        group = self._group(logGroupName)
        if logStreamName in group.streams:
            raise ServiceError("ResourceAlreadyExistsException", "The specified log stream already exists")
        group.streams[logStreamName] = LogStream(logStreamName, f"{group.arn}:log-stream:{logStreamName}", clock.epoch_ms())

    def delete_log_stream(self, logGroupName: str, logStreamName: str) -> None:
        group = self._group(logGroupName)
        if group.streams.pop(logStreamName, None) is None:
            raise _stream_missing()

    def describe_log_streams(
        self,
        logGroupName: str | None = None,
        logGroupIdentifier: str | None = None,
        logStreamNamePrefix: str | None = None,
        orderBy: str | None = None,
        descending: bool | None = None,
        nextToken: str | None = None,
        limit: int | None = None,
    ) -> dict[str, Any]:
        group = self._identified(logGroupName, logGroupIdentifier)
        self._expire(group)
        if orderBy == "LastEventTime" and logStreamNamePrefix is not None:
            raise _invalid("Cannot order by LastEventTime with a logStreamNamePrefix.")
        streams = list(group.streams.values())
        if logStreamNamePrefix is not None:
            streams = [s for s in streams if s.name.startswith(logStreamNamePrefix)]
        if orderBy == "LastEventTime":
            streams.sort(key=lambda s: (s.events[-1].timestamp if s.events else s.created, s.name), reverse=bool(descending))
        else:
            streams.sort(key=lambda s: s.name, reverse=bool(descending))
        page, token = self._page(streams, nextToken, limit)
        return {"logStreams": [s.description() for s in page], "nextToken": token}
