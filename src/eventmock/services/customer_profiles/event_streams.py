"""Event streams: the Kinesis data streams profile changes are written to."""

from __future__ import annotations

import re
from typing import Any

from eventmock.core import clock
from eventmock.services.customer_profiles.base import DEFAULT_LIST_EVENT_STREAMS, CustomerProfilesBase
from eventmock.services.customer_profiles.models import EventStream

_KINESIS_STREAM_RE = re.compile(r"arn:aws[a-z-]*:kinesis:([a-z0-9-]+):(\d{12}):stream/([a-zA-Z0-9_.-]{1,128})")


class EventStreamOperations(CustomerProfilesBase):
    def create_event_stream(
        self, DomainName: str, Uri: str, EventStreamName: str, Tags: dict[str, str] | None = None
    ) -> dict[str, Any]:
        domain = self._domain(DomainName)
        match = _KINESIS_STREAM_RE.fullmatch(Uri)
        if match is None:
            raise self._bad_request(
                f"Invalid Uri: {Uri}. It must be the ARN of an Amazon Kinesis data stream "
                "(arn:aws:kinesis:region:account-id:stream/stream-name)"
            )
        if (match.group(1), match.group(2)) != (self.region, self.account_id):
            raise self._bad_request(
                f"Invalid Uri: {Uri}. The Kinesis data stream must be in the same Region ({self.region}) "
                f"and AWS account ({self.account_id}) as the domain"
            )
        if EventStreamName in domain.event_streams:
            raise self._bad_request(f"The Customer Profiles Domain: {DomainName} is already associated with an active EventStream")
        self._check_tags(Tags or {})
        stream = EventStream(
            name=EventStreamName,
            arn=self._arn(f"domains/{DomainName}/event-streams/{EventStreamName}"),
            domain_name=DomainName,
            uri=Uri,
            created=clock.now(),
            tags=dict(Tags or {}),
        )
        domain.event_streams[EventStreamName] = stream
        self._checked_health(stream)
        return {"EventStreamArn": stream.arn, "Tags": dict(stream.tags) or None}

    def get_event_stream(self, DomainName: str, EventStreamName: str) -> dict[str, Any]:
        return self._event_stream(self._domain(DomainName), EventStreamName).details()

    def list_event_streams(self, DomainName: str, NextToken: str | None = None, MaxResults: int | None = None) -> dict[str, Any]:
        domain = self._domain(DomainName)
        streams = [self._checked_health(s) for s in domain.event_streams.values()]
        page, token = self._page(streams, NextToken, self._page_size(MaxResults, DEFAULT_LIST_EVENT_STREAMS))
        return {"Items": [s.summary() for s in page], "NextToken": token}

    def delete_event_stream(self, DomainName: str, EventStreamName: str) -> None:
        domain = self._domain(DomainName)
        self._event_stream(domain, EventStreamName)
        del domain.event_streams[EventStreamName]
