"""API Gateway API assets: the import job adds one to a revision; SendApiAsset sends the
request to the API, answered by a handler registered with ``eventmock.register_http``."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from dataexchange_support import import_assets

from eventmock import HttpResponse, register_http

MD5 = "1B2M2Y8AsgTpgAmY7PhCfg=="
ENDPOINT = "https://abc123.execute-api.us-east-1.amazonaws.com/prod"


@pytest.fixture
def api_data_set(dx):
    return dx.create_data_set(AssetType="API_GATEWAY_API", Name="quotes", Description="Quotes API")


def import_api(dx, data_set_id, revision_id, **extra):
    details = {
        "ApiId": "abc123",
        "ApiName": "quotes-api",
        "ApiSpecificationMd5Hash": MD5,
        "DataSetId": data_set_id,
        "ProtocolType": "REST",
        "RevisionId": revision_id,
        "Stage": "prod",
        **extra,
    }
    return dx.create_job(Type="IMPORT_ASSET_FROM_API_GATEWAY_API", Details={"ImportAssetFromApiGatewayApi": details})


@pytest.fixture
def api_asset(dx, api_data_set):
    revision = dx.create_revision(DataSetId=api_data_set["Id"])
    job = import_api(dx, api_data_set["Id"], revision["Id"], ApiKey="provider-key")
    dx.start_job(JobId=job["Id"])
    assert dx.get_job(JobId=job["Id"])["State"] == "COMPLETED"
    [asset] = dx.list_revision_assets(DataSetId=api_data_set["Id"], RevisionId=revision["Id"])["Assets"]
    return asset


def test_import_job_answers_an_upload_url(dx, api_data_set):
    revision = dx.create_revision(DataSetId=api_data_set["Id"])
    job = import_api(dx, api_data_set["Id"], revision["Id"])
    details = job["Details"]["ImportAssetFromApiGatewayApi"]
    assert details["ApiSpecificationUploadUrl"].startswith("https://")
    assert details["ApiSpecificationUploadUrlExpiresAt"] > job["CreatedAt"]
    assert (details["ApiId"], details["Stage"], details["ApiSpecificationMd5Hash"]) == ("abc123", "prod", MD5)


def test_import_creates_an_api_asset(api_asset):
    assert api_asset["AssetType"] == "API_GATEWAY_API" and api_asset["Name"] == "quotes-api"
    assert api_asset["AssetDetails"] == {
        "ApiGatewayApiAsset": {
            "ApiEndpoint": ENDPOINT,
            "ApiId": "abc123",
            "ApiKey": "provider-key",
            "ApiName": "quotes-api",
            "ProtocolType": "REST",
            "Stage": "prod",
        }
    }


def test_import_into_an_s3_data_set_is_refused(dx, data_set, revision):
    with pytest.raises(ClientError) as exc_info:
        import_api(dx, data_set["Id"], revision["Id"])
    assert exc_info.value.response["Error"]["Code"] == "ValidationException"


def test_send_api_asset_forwards_the_request(dx, api_data_set, api_asset):
    seen = []

    def api(request):
        seen.append(request)
        return HttpResponse(200, b'{"price": 42}', {"content-type": "application/json", "x-quote": "fresh"})

    register_http(ENDPOINT, api)
    response = dx.send_api_asset(
        AssetId=api_asset["Id"],
        DataSetId=api_data_set["Id"],
        RevisionId=api_asset["RevisionId"],
        Method="GET",
        Path="/quotes/acme",
        QueryStringParameters={"currency": "EUR"},
        RequestHeaders={"accept": "application/json"},
    )
    assert response["Body"] == '{"price": 42}'
    assert response["ResponseHeaders"]["x-quote"] == "fresh"
    [request] = seen
    assert (request.method, request.url) == ("GET", f"{ENDPOINT}/quotes/acme?currency=EUR")
    assert request.headers["accept"] == "application/json"
    assert request.headers["x-api-key"] == "provider-key"


def test_send_api_asset_posts_the_body_by_default(dx, api_data_set, api_asset):
    seen = []
    register_http(ENDPOINT, lambda request: (seen.append(request), (200, "ok"))[1])
    response = dx.send_api_asset(
        AssetId=api_asset["Id"], DataSetId=api_data_set["Id"], RevisionId=api_asset["RevisionId"], Body='{"q": 1}'
    )
    assert response["Body"] == "ok"
    assert (seen[0].method, seen[0].url, seen[0].body) == ("POST", f"{ENDPOINT}/", b'{"q": 1}')


def test_send_api_asset_without_a_handler_is_refused(dx, api_data_set, api_asset):
    with pytest.raises(ClientError) as exc_info:
        dx.send_api_asset(AssetId=api_asset["Id"], DataSetId=api_data_set["Id"], RevisionId=api_asset["RevisionId"])
    assert exc_info.value.response["Error"]["Code"] == "ValidationException"


def test_send_api_asset_to_an_s3_asset_or_unknown_asset(dx, data_set, revision, source):
    [asset, _] = import_assets(dx, data_set["Id"], revision["Id"], source)
    with pytest.raises(ClientError) as exc_info:
        dx.send_api_asset(AssetId=asset["Id"], DataSetId=data_set["Id"], RevisionId=revision["Id"])
    assert exc_info.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as exc_info:
        dx.send_api_asset(AssetId="d" * 32, DataSetId=data_set["Id"], RevisionId=revision["Id"])
    assert exc_info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert exc_info.value.response["ResourceType"] == "ASSET"
