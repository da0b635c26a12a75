"""Event actions (CreateEventAction ... DeleteEventAction) and the publication
(:func:`eventmock.publish_revision`) that runs them."""

from __future__ import annotations

import copy
from typing import Any

from eventmock.core import clock, ids
from eventmock.core.errors import EventmockError
from eventmock.services.dataexchange import keypatterns
from eventmock.services.dataexchange.models import DataSet, EventAction, Job, Revision
from eventmock.services.dataexchange.base import PUBLISHED_DETAIL_TYPES, S3_SNAPSHOT, _validation
from eventmock.services.dataexchange.jobs import Jobs


class EventActions(Jobs):
    def _check_action(self, action: dict[str, Any]) -> dict[str, Any]:
        export = action.get("ExportRevisionToS3")
        if export is None:
            raise _validation("Action must contain ExportRevisionToS3.")
        self._check_encryption(export.get("Encryption"))
        pattern = export["RevisionDestination"].get("KeyPattern")
        problem = keypatterns.problem(pattern) if pattern is not None else None
        if problem is not None:
            raise _validation(problem)
        return copy.deepcopy(action)

    def create_event_action(self, Action: dict[str, Any], Event: dict[str, Any], Tags: dict[str, str] | None = None) -> dict[str, Any]:
        published = Event.get("RevisionPublished")
        if published is None:
            raise _validation("Event must contain RevisionPublished.")
        data_set_id = published["DataSetId"]
        data_set = self.data_sets.get(data_set_id)
        if data_set is None:
            raise _validation(f"Data set {data_set_id} does not exist in this account and Region.")
        if data_set.asset_type != S3_SNAPSHOT:
            raise _validation(
                f"Data set {data_set_id} has asset type {data_set.asset_type}: revisions can be exported automatically "
                f"only from {S3_SNAPSHOT} data sets."
            )
        action = self._check_action(Action)
        tags = self._check_tags(Tags or {})
        now = clock.now()
        action_id = ids.hex32()
        event_action = EventAction(
            id=action_id,
            arn=self._arn(f"event-actions/{action_id}"),
            action=action,
            event={"RevisionPublished": {"DataSetId": data_set_id}},
            created=now,
            updated=now,
            seq=next(self._seq),
            tags=tags,
        )
        self.event_actions[action_id] = event_action
        return event_action.view()

    def get_event_action(self, EventActionId: str) -> dict[str, Any]:
        return self._event_action(EventActionId).view()

    def list_event_actions(
        self, EventSourceId: str | None = None, MaxResults: int | None = None, NextToken: str | None = None
    ) -> dict[str, Any]:
        found = [a for a in self.event_actions.values() if EventSourceId is None or a.data_set_id == EventSourceId]
        page, token = self._page(found, NextToken, MaxResults)
        return {"EventActions": [a.entry() for a in page], "NextToken": token}

    def update_event_action(self, EventActionId: str, Action: dict[str, Any] | None = None) -> dict[str, Any]:
        event_action = self._event_action(EventActionId)
        if Action is not None:
            event_action.action = self._check_action(Action)
        event_action.updated = clock.now()
        return event_action.entry()

    def delete_event_action(self, EventActionId: str) -> None:
        self._event_action(EventActionId)
        del self.event_actions[EventActionId]

    # -- publishing ---------------------------------------------------------------

    def _publish(self, data_set_id: str, revision_id: str, product: dict[str, str] | None) -> list[Job]:
        data_set = self.data_sets.get(data_set_id)
        if data_set is None:
            raise EventmockError(f"no data set {data_set_id} in account {self.account_id}, Region {self.region}")
        revision = data_set.revisions.get(revision_id)
        if revision is None:
            raise EventmockError(f"no revision {revision_id} in data set {data_set_id}")
        if not revision.finalized:
            raise EventmockError(f"revision {revision_id} is not finalized: AWS publishes only finalized revisions")
        if revision.revoked:
            raise EventmockError(f"revision {revision_id} is revoked")
        if revision.published:
            raise EventmockError(f"revision {revision_id} is already published")
        revision.published_at = clock.now()
        revision.product = dict(product) if product else None
        jobs = [
            self._auto_export(action, data_set, revision)
            for action in sorted(self.event_actions.values(), key=lambda a: a.seq)
            if action.data_set_id == data_set_id
        ]
        detail_type = PUBLISHED_DETAIL_TYPES.get(data_set.asset_type, PUBLISHED_DETAIL_TYPES[S3_SNAPSHOT])
        self._put_event(detail_type, data_set, self._revision_detail(data_set, revision))
        return jobs

    def _auto_export(self, action: EventAction, data_set: DataSet, revision: Revision) -> Job:
        """The ``EXPORT_REVISIONS_TO_S3`` job an event action runs for a published revision."""
        export = action.action["ExportRevisionToS3"]
        destination = export["RevisionDestination"]
        detail: dict[str, Any] = {
            "DataSetId": data_set.id,
            "Encryption": copy.deepcopy(export.get("Encryption")),
            "RevisionDestinations": [
                {
                    "Bucket": destination["Bucket"],
                    "KeyPattern": destination.get("KeyPattern") or keypatterns.EVENT_ACTION_DEFAULT,
                    "RevisionId": revision.id,
                }
            ],
            "EventActionArn": action.arn,
        }
        job = self._new_job("EXPORT_REVISIONS_TO_S3", {"ExportRevisionsToS3": detail}, None)
        job.state = "IN_PROGRESS"
        self._run(job)
        return job
