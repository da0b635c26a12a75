"""Revisions and their assets: CreateRevision ... DeleteRevision, ListRevisionAssets,
GetAsset, UpdateAsset, DeleteAsset."""

from __future__ import annotations

from typing import Any

from eventmock.core import clock, ids
from eventmock.services.dataexchange.models import Revision
from eventmock.services.dataexchange.base import REVOKED_DETAIL_TYPE, DataExchangeBase, _conflict


class Revisions(DataExchangeBase):
    def create_revision(self, DataSetId: str, Comment: str | None = None, Tags: dict[str, str] | None = None) -> dict[str, Any]:
        data_set = self._owned(DataSetId)
        tags = self._check_tags(Tags or {})
        now = clock.now()
        revision_id = ids.hex32()
        revision = Revision(
            id=revision_id,
            arn=self._arn(f"data-sets/{DataSetId}/revisions/{revision_id}"),
            data_set_id=DataSetId,
            created=now,
            updated=now,
            seq=next(self._seq),
            comment=Comment,
            tags=tags,
        )
        data_set.revisions[revision_id] = revision
        return revision.view()

    def get_revision(self, DataSetId: str, RevisionId: str) -> dict[str, Any]:
        return self._revision(self._data_set(DataSetId), RevisionId).view()

    def list_data_set_revisions(
        self, DataSetId: str, MaxResults: int | None = None, NextToken: str | None = None
    ) -> dict[str, Any]:
        data_set = self._data_set(DataSetId)
        page, token = self._page(self._newest_first(list(self._revisions(data_set).values())), NextToken, MaxResults)
        return {"Revisions": [r.entry() for r in page], "NextToken": token}

    def update_revision(
        self, DataSetId: str, RevisionId: str, Comment: str | None = None, Finalized: bool | None = None
    ) -> dict[str, Any]:
        revision = self._revision(self._owned(DataSetId), RevisionId)
        if revision.revoked:
            raise _conflict(f"Revision {RevisionId} is revoked and cannot be updated.", "REVISION", RevisionId)
        if revision.finalized:
            if Finalized is False:
                if revision.published:
                    raise _conflict(
                        f"Revision {RevisionId} is published to a product and cannot be unfinalized.", "REVISION", RevisionId
                    )
            elif Comment is not None:
                raise _conflict(
                    f"Revision {RevisionId} is finalized and cannot be updated. Unfinalize it first.", "REVISION", RevisionId
                )
        if Finalized is not None:
            revision.finalized = Finalized
        if Comment is not None:
            revision.comment = Comment
        revision.updated = clock.now()
        return revision.entry()

    def revoke_revision(self, DataSetId: str, RevisionId: str, RevocationComment: str) -> dict[str, Any]:
        data_set = self._owned(DataSetId)
        revision = self._revision(data_set, RevisionId)
        if not revision.finalized:
            raise _conflict(f"Revision {RevisionId} is not finalized and cannot be revoked.", "REVISION", RevisionId)
        first = not revision.revoked
        now = clock.now()
        if first:
            revision.revoked_at = now
        revision.revocation_comment = RevocationComment
        revision.updated = now
        if first and revision.published:
            detail = self._revision_detail(data_set, revision)
            detail = {"RevisionIds": detail.pop("RevisionIds"), "RevocationComment": RevocationComment, **detail}
            self._put_event(REVOKED_DETAIL_TYPE, data_set, detail)
        return revision.entry()

    def delete_revision(self, DataSetId: str, RevisionId: str) -> None:
        data_set = self._owned(DataSetId)
        revision = self._revision(data_set, RevisionId)
        if revision.finalized:
            raise _conflict(f"Revision {RevisionId} is finalized and cannot be deleted.", "REVISION", RevisionId)
        del data_set.revisions[RevisionId]

    # -- assets -------------------------------------------------------------------

    def list_revision_assets(
        self, DataSetId: str, RevisionId: str, MaxResults: int | None = None, NextToken: str | None = None
    ) -> dict[str, Any]:
        revision = self._revision(self._data_set(DataSetId), RevisionId)
        # "sorted alphabetically in descending order", as the API reference says
        assets = sorted(revision.assets.values(), key=lambda a: (a.name, a.seq), reverse=True)
        page, token = self._page(assets, NextToken, MaxResults)
        return {"Assets": [a.entry() for a in page], "NextToken": token}

    def get_asset(self, AssetId: str, DataSetId: str, RevisionId: str) -> dict[str, Any]:
        return self._asset(self._revision(self._data_set(DataSetId), RevisionId), AssetId).view()

    def update_asset(self, AssetId: str, DataSetId: str, Name: str, RevisionId: str) -> dict[str, Any]:
        revision = self._revision(self._owned(DataSetId), RevisionId)
        asset = self._asset(revision, AssetId)
        if revision.finalized:
            raise _conflict(f"Revision {RevisionId} is finalized: its assets cannot be updated.", "REVISION", RevisionId)
        asset.name = Name
        asset.updated = clock.now()
        return asset.entry()

    def delete_asset(self, AssetId: str, DataSetId: str, RevisionId: str) -> None:
        revision = self._revision(self._owned(DataSetId), RevisionId)
        self._asset(revision, AssetId)
        if revision.finalized and not revision.revoked:
            raise _conflict(f"Revision {RevisionId} is finalized: its assets cannot be deleted.", "REVISION", RevisionId)
        del revision.assets[AssetId]
