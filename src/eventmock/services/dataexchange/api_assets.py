"""API Gateway API assets: the ``IMPORT_ASSET_FROM_API_GATEWAY_API`` job that adds one to
a revision, and SendApiAsset, which sends a request to the API.

AWS forwards a SendApiAsset request to the provider's Amazon API Gateway API. eventmock
emulates no API Gateway: the request goes through :func:`eventmock.core.http.send` to
the asset's ``ApiEndpoint`` (``https://{ApiId}.execute-api.{region}.amazonaws.com/{Stage}``)
followed by ``Path`` and the query string, where a test answers it with
:func:`eventmock.register_http`. The handler's body and headers are the response's
``Body`` and ``ResponseHeaders``; a URL no handler answers, or a handler that raises, is a
``ValidationException``.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any
from urllib.parse import urlencode

from eventmock.core import clock, http, ids
from eventmock.services.dataexchange.base import API_GATEWAY_API, DataExchangeBase, _conflict, _job_error, _validation
from eventmock.services.dataexchange.models import Asset, Job

#: How long the specification upload URL of an import job lasts (eventmock's choice).
UPLOAD_URL_LIFETIME = dt.timedelta(hours=1)


class ApiAssets(DataExchangeBase):
    def _api_endpoint(self, api_id: str, stage: str) -> str:
        return f"https://{api_id}.execute-api.{self.region}.amazonaws.com/{stage}"

    def _check_api_import(self, detail: dict[str, Any]) -> dict[str, Any]:
        """Check an ``ImportAssetFromApiGatewayApi`` request; its response details."""
        data_set = self._owned(detail["DataSetId"])
        revision = self._revision(data_set, detail["RevisionId"])
        if data_set.asset_type != API_GATEWAY_API:
            raise _validation(
                f"Data set {data_set.id} has asset type {data_set.asset_type}: API Gateway APIs can be imported only "
                f"into {API_GATEWAY_API} data sets."
            )
        if revision.finalized:
            raise _conflict(f"Revision {revision.id} is finalized: no asset can be added to it.", "REVISION", revision.id)
        bucket = f"dataexchange-api-specifications-{self.region}"
        return {
            **copy.deepcopy(detail),
            "ApiSpecificationUploadUrl": f"https://{bucket}.s3.amazonaws.com/{self.account_id}/{ids.hex32()}/specification.json",
            "ApiSpecificationUploadUrlExpiresAt": clock.now() + UPLOAD_URL_LIFETIME,
        }

    def _import_api(self, job: Job) -> list[dict[str, Any]]:
        detail = job.detail()
        data_set = self.data_sets.get(detail["DataSetId"])
        revision = data_set.revisions.get(detail["RevisionId"]) if data_set is not None else None
        if data_set is None or revision is None:
            return [
                _job_error("RESOURCE_NOT_FOUND_EXCEPTION", f"Revision {detail['RevisionId']} not found.", "REVISION", detail["RevisionId"])
            ]
        api = {
            "ApiDescription": detail.get("ApiDescription"),
            "ApiEndpoint": self._api_endpoint(detail["ApiId"], detail["Stage"]),
            "ApiId": detail["ApiId"],
            "ApiKey": detail.get("ApiKey"),
            "ApiName": detail["ApiName"],
            "ProtocolType": detail["ProtocolType"],
            "Stage": detail["Stage"],
        }
        now = clock.now()
        asset_id = ids.hex32()
        revision.assets[asset_id] = Asset(
            id=asset_id,
            arn=self._arn(f"data-sets/{data_set.id}/revisions/{revision.id}/assets/{asset_id}"),
            data_set_id=data_set.id,
            revision_id=revision.id,
            name=detail["ApiName"],
            asset_type=API_GATEWAY_API,
            body=b"",
            created=now,
            updated=now,
            seq=next(self._seq),
            tags={t["Key"]: t["Value"] for t in (job.asset_configuration or {}).get("Tags") or ()},
            api={k: v for k, v in api.items() if v is not None},
        )
        return []

    def send_api_asset(
        self,
        AssetId: str,
        DataSetId: str,
        RevisionId: str,
        Body: str | None = None,
        QueryStringParameters: dict[str, str] | None = None,
        RequestHeaders: dict[str, str] | None = None,
        Method: str | None = None,
        Path: str | None = None,
    ) -> dict[str, Any]:
        asset = self._asset(self._revision(self._data_set(DataSetId), RevisionId), AssetId)
        if asset.api is None:
            raise _validation(f"Asset {AssetId} is not an API Gateway API asset (its type is {asset.asset_type}).")
        path = Path or "/"
        url = asset.api["ApiEndpoint"] + (path if path.startswith("/") else "/" + path)
        if QueryStringParameters:
            url += "?" + urlencode(QueryStringParameters)
        headers = dict(RequestHeaders or {})
        if asset.api.get("ApiKey"):
            headers.setdefault("x-api-key", asset.api["ApiKey"])
        try:
            response = http.send(self.store, Method or "POST", url, headers, Body or "")
        except http.Unreachable:
            raise _validation(f"Unable to reach the API of asset {AssetId}: no answer from {url}.") from None
        except Exception as error:  # noqa: BLE001 - the handler's failure is the API's
            raise _validation(f"Unable to reach the API of asset {AssetId}: {type(error).__name__}: {error}") from None
        return {"Body": response.body.decode("utf-8", errors="replace"), "ResponseHeaders": dict(response.headers)}
