"""What SNS sent where eventmock cannot deliver (email, SMS, mobile push):
``aws.sns.sent(...)``; and the deliveries that failed."""

from __future__ import annotations

from eventmock.core.store import Store
from eventmock.services.sns.backend import SnsBackend
from eventmock.services.sns.models import Failure, Sent


class SnsView:
    def __init__(self, store: Store) -> None:
        self._store = store

    def sent(self, endpoint: str | None = None, *, protocol: str | None = None) -> list[Sent]:
        """Every message SNS sent to an email address, a phone number or a mobile
        push endpoint (subscribed, or published to directly), in any account and region, oldest first; narrowed
        to one endpoint or protocol when named. Confirmation requests are there too,
        with their ``token`` for ``confirm_subscription``. (What went to http(s)
        endpoints is in ``aws.http.requests``.)"""
        out = [m for b in self._backends() for m in b.sent]
        return [m for m in out if (endpoint is None or m.endpoint == endpoint) and (protocol is None or m.protocol == protocol)]

    def failed_deliveries(self) -> list[Failure]:
        """Deliveries that failed (the queue was missing, the handler raised...)."""
        return [f for b in self._backends() for f in b.failed_deliveries]

    def _backends(self) -> list[SnsBackend]:
        return [b for b in self._store.existing("sns") if isinstance(b, SnsBackend)]
