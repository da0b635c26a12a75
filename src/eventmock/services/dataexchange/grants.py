"""Data grants: a data set shared with another account, without AWS Marketplace.

The sender's side: CreateDataGrant, GetDataGrant, ListDataGrants, DeleteDataGrant. The
receiver's side: ListReceivedDataGrants, GetReceivedDataGrant, AcceptDataGrant.

A grant lives in the sender's account and Region; the receiver's backend of the same
Region sees the same object (``received_grants``, by ARN). Accepting it gives the
receiver an ``ENTITLED`` data set (its id is the grant's ``DataSetId``, fixed when the
grant is created) whose ``OriginDetails`` name the grant and whose ``SourceId`` is the
sender's data set. Its revisions are the finalized revisions of the sender's data set,
as they are at each call, under the entitled data set's id; the receiver can read and
export them, and change nothing (``AccessDeniedException``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from eventmock.core import clock, ids
from eventmock.services.dataexchange.base import DataExchangeBase, _conflict, _validation
from eventmock.services.dataexchange.models import ENTITLED, DataGrant, DataSet
from eventmock.core.errors import ServiceError


def _grant_not_found(grant: str) -> ServiceError:
    return ServiceError(
        "ResourceNotFoundException", f"Data grant {grant} not found.", ResourceId=grant, ResourceType="DATA_GRANT"
    )


class DataGrants(DataExchangeBase):
    # -- the sender's side --------------------------------------------------------

    def create_data_grant(
        self,
        GrantDistributionScope: str,
        Name: str,
        ReceiverPrincipal: str,
        SourceDataSetId: str,
        Description: str | None = None,
        EndsAt: dt.datetime | None = None,
        Tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        self._owned(SourceDataSetId)
        if Description is not None and not 1 <= len(Description) <= 16384:
            raise _validation("Description must be between 1 and 16384 characters long.")
        tags = self._check_tags(Tags or {})
        now = clock.now()
        grant_id = ids.hex32()
        grant = DataGrant(
            id=grant_id,
            arn=self._arn(f"data-grants/{grant_id}"),
            name=Name,
            sender=self.account_id,
            receiver=ReceiverPrincipal,
            scope=GrantDistributionScope,
            source_data_set_id=SourceDataSetId,
            data_set_id=ids.hex32(),
            created=now,
            updated=now,
            seq=next(self._seq),
            description=Description,
            ends_at=EndsAt,
            tags=tags,
        )
        self.data_grants[grant_id] = grant
        self._peer(ReceiverPrincipal).received_grants[grant.arn] = grant
        return grant.view()

    def _peer(self, account_id: str) -> DataExchangeBase:
        backend = self.store.backend("dataexchange", account_id, self.region)
        assert isinstance(backend, DataExchangeBase)
        return backend

    def _grant(self, grant_id_or_arn: str) -> DataGrant:
        grant_id = grant_id_or_arn.rsplit("/", 1)[-1]
        grant = self.data_grants.get(grant_id)
        if grant is None or (grant_id_or_arn.startswith("arn:") and grant.arn != grant_id_or_arn):
            raise _grant_not_found(grant_id_or_arn)
        return grant

    def get_data_grant(self, DataGrantId: str) -> dict[str, Any]:
        return self._grant(DataGrantId).view()

    def list_data_grants(self, MaxResults: int | None = None, NextToken: str | None = None) -> dict[str, Any]:
        page, token = self._page(self._newest_first(list(self.data_grants.values())), NextToken, MaxResults)
        return {"DataGrantSummaries": [g.entry() for g in page], "NextToken": token}

    def delete_data_grant(self, DataGrantId: str) -> None:
        grant = self._grant(DataGrantId)
        del self.data_grants[grant.id]
        receiver = self._peer(grant.receiver)
        receiver.received_grants.pop(grant.arn, None)
        entitled = receiver.data_sets.get(grant.data_set_id)
        if entitled is not None and entitled.origin == ENTITLED:
            del receiver.data_sets[grant.data_set_id]  # the receiver loses its access

    # -- the receiver's side ------------------------------------------------------

    def _received(self, arn: str) -> DataGrant:
        grant = self.received_grants.get(arn)
        if grant is None:
            raise _grant_not_found(arn)
        return grant

    def get_received_data_grant(self, DataGrantArn: str) -> dict[str, Any]:
        return self._received(DataGrantArn).received_view()

    def list_received_data_grants(
        self, AcceptanceState: list[str] | None = None, MaxResults: int | None = None, NextToken: str | None = None
    ) -> dict[str, Any]:
        states = set(AcceptanceState or ())  # the model's enum is checked before
        found = [g for g in self.received_grants.values() if not states or g.state in states]
        page, token = self._page(self._newest_first(found), NextToken, MaxResults)
        return {"DataGrantSummaries": [g.received_entry() for g in page], "NextToken": token}

    def accept_data_grant(self, DataGrantArn: str) -> dict[str, Any]:
        grant = self._received(DataGrantArn)
        if grant.accepted_at is not None:
            raise _conflict(f"Data grant {grant.id} has already been accepted.", "DATA_GRANT", grant.id)
        sender = self._peer(grant.sender)
        source = sender.data_sets.get(grant.source_data_set_id)
        if source is None:
            raise _conflict(
                f"The data set {grant.source_data_set_id} of data grant {grant.id} no longer exists.", "DATA_GRANT", grant.id
            )
        now = clock.now()
        self.data_sets[grant.data_set_id] = DataSet(
            id=grant.data_set_id,
            arn=self._arn(f"data-sets/{grant.data_set_id}"),
            name=source.name,
            description=source.description,
            asset_type=source.asset_type,
            created=now,
            updated=now,
            seq=next(self._seq),
            origin=ENTITLED,
            origin_details={"DataGrantId": grant.id},
            source_id=source.id,
        )
        grant.accepted_at = now
        grant.updated = now
        return grant.received_view()
