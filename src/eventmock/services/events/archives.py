"""EventBridge archives and replays.

An archive keeps the events of one bus that match its pattern. As AWS does, creating
an archive creates a managed rule on the bus (``Events-Archive-<name>``, managed by
``prod.vhs.events.aws.internal``) whose pattern is the archive's plus
``"replay-name": [{"exists": false}]``, so that replayed events are not archived again;
its one target is the archive. :meth:`EventsBase._dispatch` hands each event that rule
matches to :meth:`Archives._archive`. Deleting the archive deletes the rule.

``EventCount`` and ``SizeBytes`` count the events kept. An event is kept for
``RetentionDays`` days after it was archived on the mock's clock (0: for ever); what
has expired is dropped whenever the archive is read.

A replay runs while StartReplay is answered: the archived events whose ``time`` falls
between ``EventStartTime`` and ``EventEndTime`` (an event put without a ``Time`` is
taken at the instant it was sent, not at its whole second) are
sent again, oldest first, to the
rules of the archive's bus (or only to ``Destination.FilterArns``), each with a new id
and ``"replay-name"`` added after ``region``, as AWS adds it. StartReplay answers
``STARTING``, as AWS does; every later call sees the replay ``COMPLETED``.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterable
from typing import Any, Final

from eventmock.core import arns, clock, ids
from eventmock.core.errors import ServiceError
from eventmock.services.events.base import EventsBase, _compiled, _validation
from eventmock.services.events.models import ARCHIVE_RULE_MANAGER, Archive, ArchivedEvent, Replay, Rule
from eventmock.services.events.patterns import InvalidEventPattern

ARCHIVE_RULE_PREFIX: Final = "Events-Archive-"
#: The field AWS adds to a replayed event (and the archive rule's pattern excludes).
REPLAY_NAME: Final = "replay-name"
#: The ``time`` of an event envelope.
_EVENT_TIME_FORMAT: Final = "%Y-%m-%dT%H:%M:%SZ"


def _archive_not_found(name: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"Archive {name} does not exist.")


def _replay_not_found(name: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"Replay {name} does not exist.")


def _one_filter(operation: str, *filters: object) -> None:
    if sum(f is not None for f in filters) > 1:
        raise _validation(f"At most one filter is allowed for {operation}. Use either : State, EventSourceArn, or NamePrefix.")


def _check_pattern(pattern: str | None) -> None:
    if pattern is None:
        return
    try:
        _compiled(pattern)
    except InvalidEventPattern as exc:
        raise ServiceError("InvalidEventPatternException", str(exc)) from None


def _rule_pattern(pattern: str | None) -> str:
    """The managed rule's pattern: the archive's, without replayed events."""
    document = json.loads(pattern) if pattern else {}
    document[REPLAY_NAME] = [{"exists": False}]
    return json.dumps(document)


def _utf8_len(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8"))


def _event_size(event: dict[str, Any]) -> int:
    """The bytes an event counts in ``SizeBytes``: its source, detail type, detail (as
    JSON), time and resources (AWS's counting, inferred from its figures)."""
    parts = (event["source"], event["detail-type"], json.dumps(event["detail"]), event["time"], *event["resources"])
    return sum(_utf8_len(part) for part in parts)


def _event_time(event: dict[str, Any]) -> dt.datetime:
    return dt.datetime.strptime(event["time"], _EVENT_TIME_FORMAT).replace(tzinfo=clock.UTC)


def _replayed(event: dict[str, Any], replay_name: str) -> dict[str, Any]:
    """A copy of ``event`` as a replay sends it: a new id, ``replay-name`` after
    ``region``."""
    replayed: dict[str, Any] = {}
    for key, value in event.items():
        replayed[key] = value
        if key == "region":
            replayed[REPLAY_NAME] = replay_name
    replayed["id"] = ids.uuid4()
    replayed.setdefault(REPLAY_NAME, replay_name)
    return replayed


class Archives(EventsBase):
    """CreateArchive ... DeleteArchive, StartReplay ... CancelReplay."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.archives: dict[str, Archive] = {}
        self.replays: dict[str, Replay] = {}

    # -- archiving ----------------------------------------------------------------

    def _archive(self, rule: Rule, target: dict[str, Any], event: dict[str, Any]) -> bool:
        if target["Id"] != rule.name or not rule.name.startswith(ARCHIVE_RULE_PREFIX):
            return super()._archive(rule, target, event)
        archive = self.archives.get(rule.name[len(ARCHIVE_RULE_PREFIX) :])
        if archive is not None and archive.rule_name == rule.name and archive.bus_name == rule.bus_name:
            now, time = clock.now(), _event_time(event)
            at = now if now.replace(microsecond=0) == time else time
            archive.events.append(ArchivedEvent(event, time, now, _event_size(event), at))
        return True

    def _kept(self, archive: Archive) -> list[ArchivedEvent]:
        """The archive's events, once those past their retention are dropped."""
        if archive.retention_days and archive.events:
            oldest = clock.now() - dt.timedelta(days=archive.retention_days)
            if archive.events[0].archived <= oldest:
                archive.events = [e for e in archive.events if e.archived > oldest]
        return archive.events

    def _named_archive(self, name: str) -> Archive:
        archive = self.archives.get(name)
        if archive is None:
            raise _archive_not_found(name)
        return archive

    def _archive_summary(self, archive: Archive) -> dict[str, Any]:
        kept = self._kept(archive)
        return {
            "ArchiveName": archive.name,
            "EventSourceArn": archive.event_source_arn,
            "State": archive.state,
            "RetentionDays": archive.retention_days,
            "SizeBytes": sum(e.size for e in kept),
            "EventCount": len(kept),
            "CreationTime": archive.created,
        }

    @staticmethod
    def _archive_state(archive: Archive) -> dict[str, Any]:
        return {"ArchiveArn": archive.arn, "State": archive.state, "CreationTime": archive.created}

    # -- archives -----------------------------------------------------------------

    def create_archive(
        self,
        ArchiveName: str,
        EventSourceArn: str,
        Description: str | None = None,
        EventPattern: str | None = None,
        RetentionDays: int | None = None,
        KmsKeyIdentifier: str | None = None,
    ) -> dict[str, Any]:
        bus = self._bus(EventSourceArn)
        if ArchiveName in self.archives:
            raise ServiceError("ResourceAlreadyExistsException", f"Archive {ArchiveName} already exists.")
        _check_pattern(EventPattern)
        rule_name = ARCHIVE_RULE_PREFIX + ArchiveName
        archive = Archive(
            name=ArchiveName,
            arn=self._arn(f"archive/{ArchiveName}"),
            event_source_arn=bus.arn,
            created=clock.now(),
            bus_name=bus.name,
            rule_name=rule_name,
            description=Description,
            event_pattern=EventPattern,
            retention_days=RetentionDays or 0,
            kms_key_identifier=KmsKeyIdentifier,
        )
        template = (
            f'{{"archive-arn": "{archive.arn}:{ids.uuid4()}", "event": <aws.events.event.json>, '
            '"ingestion-time": <aws.events.event.ingestion-time>}'
        )
        target = {
            "Id": rule_name,
            "Arn": f"arn:{arns.partition_of(self.region)}:events:{self.region}:::",
            "InputTransformer": {"InputPathsMap": {}, "InputTemplate": template},
        }
        self._put_managed_rule(rule_name, ARCHIVE_RULE_MANAGER, _rule_pattern(EventPattern), None, bus.name, [target])
        self.archives[ArchiveName] = archive
        return self._archive_state(archive)

    def describe_archive(self, ArchiveName: str) -> dict[str, Any]:
        archive = self._named_archive(ArchiveName)
        return {
            **self._archive_summary(archive),
            "ArchiveArn": archive.arn,
            "Description": archive.description,
            "EventPattern": archive.event_pattern,
            "KmsKeyIdentifier": archive.kms_key_identifier,
        }

    def list_archives(
        self,
        NamePrefix: str | None = None,
        EventSourceArn: str | None = None,
        State: str | None = None,
        NextToken: str | None = None,
        Limit: int | None = None,
    ) -> dict[str, Any]:
        _one_filter("ListArchives", NamePrefix, EventSourceArn, State)
        source_arn = self._bus(EventSourceArn).arn if EventSourceArn is not None else None
        archives = sorted(
            (
                a
                for a in self.archives.values()
                if a.name.startswith(NamePrefix or "")
                and source_arn in (None, a.event_source_arn)
                and State in (None, a.state)
            ),
            key=lambda a: a.name,
        )
        page, token = self._page(archives, NextToken, Limit)
        return {"Archives": [self._archive_summary(a) for a in page], "NextToken": token}

    def update_archive(
        self,
        ArchiveName: str,
        Description: str | None = None,
        EventPattern: str | None = None,
        RetentionDays: int | None = None,
        KmsKeyIdentifier: str | None = None,
    ) -> dict[str, Any]:
        if Description is None and EventPattern is None and RetentionDays is None and KmsKeyIdentifier is None:
            raise _validation("At least one of EventPattern, RetentionDays or Description must be provided.")
        archive = self._named_archive(ArchiveName)
        _check_pattern(EventPattern)
        if EventPattern is not None:
            archive.event_pattern = EventPattern
            bus = self.buses.get(archive.bus_name)
            rule = bus.rules.get(archive.rule_name) if bus is not None else None
            if bus is not None and rule is not None:
                rule.event_pattern = _rule_pattern(EventPattern)
                rule.matcher = _compiled(rule.event_pattern)
                bus.reindex(rule)
        if Description is not None:
            archive.description = Description
        if RetentionDays is not None:
            archive.retention_days = RetentionDays
        if KmsKeyIdentifier is not None:
            archive.kms_key_identifier = KmsKeyIdentifier
        return self._archive_state(archive)

    def delete_archive(self, ArchiveName: str) -> None:
        archive = self._named_archive(ArchiveName)
        del self.archives[ArchiveName]
        bus = self.buses.get(archive.bus_name)
        if bus is not None and archive.rule_name in bus.rules:
            del bus.rules[archive.rule_name]
            bus.unindex(archive.rule_name)

    # -- replays ------------------------------------------------------------------

    def start_replay(
        self,
        ReplayName: str,
        EventSourceArn: str,
        EventStartTime: dt.datetime,
        EventEndTime: dt.datetime,
        Destination: dict[str, Any],
        Description: str | None = None,
    ) -> dict[str, Any]:
        # AWS checks the times first: a replay to another bus with its times reversed
        # is refused for its times (LocalStack's recorded test_start_replay_error_invalid_end_time)
        if EventStartTime >= EventEndTime:
            raise _validation("Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.")
        destination = arns.parse(Destination["Arn"])
        if destination is None or destination.service != "events" or not destination.resource.startswith("event-bus/"):
            raise _validation("Parameter Destination.Arn is not valid. Reason: Must contain an event bus ARN.")
        bus = self._bus(Destination["Arn"])
        source = arns.parse(EventSourceArn)
        archive_name = EventSourceArn.rpartition("/")[2]
        here = source is not None and (source.account, source.region) == (self.account_id, self.region)
        archive = self.archives.get(archive_name) if here and source is not None and source.resource.startswith("archive/") else None
        if archive is None:
            raise _validation(f"Parameter EventSourceArn is not valid. Reason: Archive {archive_name} does not exist.")
        if bus.arn != archive.event_source_arn:
            raise _validation("Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.")
        if ReplayName in self.replays:
            raise ServiceError("ResourceAlreadyExistsException", f"Replay {ReplayName} already exists.")
        replay = Replay(
            name=ReplayName,
            arn=self._arn(f"replay/{ReplayName}"),
            event_source_arn=archive.arn,
            destination=copy.deepcopy(Destination),
            event_start_time=EventStartTime,
            event_end_time=EventEndTime,
            started=clock.now(),
            description=Description,
        )
        self.replays[ReplayName] = replay
        answer = {"ReplayArn": replay.arn, "State": replay.state, "ReplayStartTime": replay.started}
        self._run(replay, bus.name, self._kept(archive))
        return answer

    def _run(self, replay: Replay, bus_name: str, archived: Iterable[ArchivedEvent]) -> None:
        # An event sent at 12:00:00.400 has the time 12:00:00 but comes after a start
        # time of 12:00:00.200 (ArchivedEvent.at).
        start, end = replay.event_start_time, replay.event_end_time
        chosen = sorted((e for e in archived if start <= e.at <= end), key=lambda e: e.at)
        filter_arns = replay.destination.get("FilterArns")
        replay.state = "RUNNING"
        for archived_event in chosen:
            bus = self.buses.get(bus_name)
            if bus is None:
                break
            self._dispatch(bus, _replayed(archived_event.event, replay.name), rule_arns=filter_arns)
            replay.last_replayed = archived_event.time
        replay.state = "COMPLETED"
        replay.ended = clock.now()

    def _named_replay(self, name: str) -> Replay:
        replay = self.replays.get(name)
        if replay is None:
            raise _replay_not_found(name)
        return replay

    def describe_replay(self, ReplayName: str) -> dict[str, Any]:
        return self._named_replay(ReplayName).description_response()

    def list_replays(
        self,
        NamePrefix: str | None = None,
        State: str | None = None,
        EventSourceArn: str | None = None,
        NextToken: str | None = None,
        Limit: int | None = None,
    ) -> dict[str, Any]:
        _one_filter("ListReplays", NamePrefix, EventSourceArn, State)
        replays = sorted(
            (
                r
                for r in self.replays.values()
                if r.name.startswith(NamePrefix or "")
                and EventSourceArn in (None, r.event_source_arn)
                and State in (None, r.state)
            ),
            key=lambda r: r.name,
        )
        page, token = self._page(replays, NextToken, Limit)
        return {"Replays": [r.summary() for r in page], "NextToken": token}

    def cancel_replay(self, ReplayName: str) -> dict[str, Any]:
        replay = self._named_replay(ReplayName)
        # A replay here completes while StartReplay is answered, where AWS's would
        # still be running: a completed replay can be cancelled (its events are sent).
        if replay.state not in ("STARTING", "RUNNING", "COMPLETED"):
            raise ServiceError("IllegalStatusException", f"Replay {ReplayName} is not in a valid state for this operation.")
        replay.state = "CANCELLED"
        return {"ReplayArn": replay.arn, "State": "CANCELLING"}
