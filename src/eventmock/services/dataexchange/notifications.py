"""SendDataSetNotification: a provider tells the subscribers of a data set about a data
update, a delay, a schema change or a deprecation.

AWS delivers the notification to subscribers as an EventBridge event (source
``aws.dataexchange``, AWS Data Exchange user guide "Amazon EventBridge events"). eventmock
puts it on the default bus of the provider's account and Region (as
:func:`eventmock.publish_revision` does, AWS Marketplace subscriptions not being
emulated), and on that of every account that accepted a data grant of the data set,
naming the receiver's entitled data set there.

``ClientToken`` deduplicates: a notification of the same data set with a token sent in
the last five minutes (the latest 10,000 tokens) is accepted and sends nothing.
"""

from __future__ import annotations

import copy
from typing import Any, Final

from eventmock.core import clock, deduplication
from eventmock.core.timestamps import iso8601
from eventmock.services.dataexchange.base import DataExchangeBase, _validation
from eventmock.services.dataexchange.models import ACCEPTED

#: How many client tokens are remembered at most (botocore fills in a fresh one on every
#: call that gives none).
MAX_TOKENS: Final = 10_000
#: The event's detail type, by notification type.
NOTIFICATION_DETAIL_TYPES: Final = {
    "DATA_UPDATE": "Data Updated in Data Set",
    "DATA_DELAY": "Data Set Update Delayed",
    "SCHEMA_CHANGE": "Schema Change Planned for Data Set",
    "DEPRECATION": "Deprecation Planned for Data Set",
}
#: The member of ``Details`` each notification type may carry.
DETAILS_MEMBER: Final = {"DATA_UPDATE": "DataUpdate", "SCHEMA_CHANGE": "SchemaChange", "DEPRECATION": "Deprecation"}
#: The timestamp members of ``Details``, written ISO 8601 in the event.
_TIMESTAMPS: Final = ("DataUpdatedAt", "SchemaChangeAt", "DeprecationAt")


def _jsonable(details: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(details)
    for member in out.values():
        for name in _TIMESTAMPS:
            if isinstance(member, dict) and member.get(name) is not None:
                member[name] = iso8601(member[name])
    return out


class Notifications(DataExchangeBase):
    def send_data_set_notification(
        self,
        DataSetId: str,
        Type: str,
        ClientToken: str | None = None,
        Comment: str | None = None,
        Details: dict[str, Any] | None = None,
        Scope: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        data_set = self._owned(DataSetId)
        details = Details or {}
        given = sorted(k for k, v in details.items() if v is not None)
        allowed = DETAILS_MEMBER.get(Type)
        wrong = [member for member in given if member != allowed]
        if wrong:
            raise _validation(f"Details.{wrong[0]} cannot be given for a notification of type {Type}.")
        now_ms = clock.epoch_ms()
        deduplication.forget_expired(self.notification_tokens, now_ms)
        if ClientToken is not None:
            key = (DataSetId, ClientToken)
            seen = self.notification_tokens.get(key)
            if seen is not None and seen[0] > now_ms:
                return {}
            deduplication.remember(self.notification_tokens, key, (now_ms + deduplication.INTERVAL_MS,))
            while len(self.notification_tokens) > MAX_TOKENS:  # bounded: the oldest go first
                del self.notification_tokens[next(iter(self.notification_tokens))]
        notification: dict[str, Any] = {}
        if Comment is not None:
            notification["Comment"] = Comment
        if given:
            notification["Details"] = _jsonable({k: details[k] for k in given})
        if Scope:
            notification["Scope"] = copy.deepcopy(Scope)
        detail_type = NOTIFICATION_DETAIL_TYPES[Type]
        self._put_event(detail_type, data_set, self._notification_detail(data_set.id, data_set.name, data_set.asset_type, notification))
        for grant in sorted(self.data_grants.values(), key=lambda g: g.seq):
            if grant.source_data_set_id != DataSetId or grant.state != ACCEPTED:
                continue
            receiver = self.store.backend("dataexchange", grant.receiver, self.region)
            assert isinstance(receiver, DataExchangeBase)
            entitled = receiver.data_sets.get(grant.data_set_id)
            if entitled is not None:
                detail = self._notification_detail(entitled.id, entitled.name, entitled.asset_type, notification)
                receiver._put_event(detail_type, entitled, detail)
        return {}

    @staticmethod
    def _notification_detail(data_set_id: str, name: str, asset_type: str, notification: dict[str, Any]) -> dict[str, Any]:
        detail: dict[str, Any] = {"DataSet": {"Id": data_set_id, "Name": name, "AssetType": asset_type}}
        if notification:
            detail["Notification"] = copy.deepcopy(notification)
        return detail
