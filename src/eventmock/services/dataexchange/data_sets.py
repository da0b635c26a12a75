"""Data sets: CreateDataSet, GetDataSet, ListDataSets, UpdateDataSet, DeleteDataSet."""

from __future__ import annotations

from typing import Any

from eventmock.core import clock, ids
from eventmock.services.dataexchange.models import ENTITLED, OWNED, DataSet
from eventmock.services.dataexchange.base import DataExchangeBase, _conflict, _validation


class DataSets(DataExchangeBase):
    def create_data_set(
        self, AssetType: str, Description: str, Name: str, Tags: dict[str, str] | None = None
    ) -> dict[str, Any]:
        tags = self._check_tags(Tags or {})
        now = clock.now()
        data_set_id = ids.hex32()
        data_set = DataSet(
            id=data_set_id,
            arn=self._arn(f"data-sets/{data_set_id}"),
            name=Name,
            description=Description,
            asset_type=AssetType,
            created=now,
            updated=now,
            seq=next(self._seq),
            tags=tags,
        )
        self.data_sets[data_set_id] = data_set
        return data_set.view()

    def get_data_set(self, DataSetId: str) -> dict[str, Any]:
        return self._data_set(DataSetId).view()

    def list_data_sets(self, MaxResults: int | None = None, NextToken: str | None = None, Origin: str | None = None) -> dict[str, Any]:
        if Origin is not None and Origin not in (OWNED, ENTITLED):
            raise _validation(f"Invalid Origin: {Origin}. Origin must be {OWNED} or {ENTITLED}.")
        found = [d for d in self.data_sets.values() if Origin is None or d.origin == Origin]
        page, token = self._page(self._newest_first(found), NextToken, MaxResults)
        return {"DataSets": [d.entry() for d in page], "NextToken": token}

    def update_data_set(self, DataSetId: str, Description: str | None = None, Name: str | None = None) -> dict[str, Any]:
        data_set = self._owned(DataSetId)
        if Description is not None:
            data_set.description = Description
        if Name is not None:
            data_set.name = Name
        data_set.updated = clock.now()
        return data_set.entry()

    def delete_data_set(self, DataSetId: str) -> None:
        data_set = self._data_set(DataSetId)
        published = [r for r in data_set.revisions.values() if r.published]
        if published:
            raise _conflict(
                f"Data set {DataSetId} has revision {published[0].id} published to a product and cannot be deleted.",
                "DATA_SET",
                DataSetId,
            )
        del self.data_sets[DataSetId]  # its revisions and assets with it
