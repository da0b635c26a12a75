"""Pinpoint applications: create, get, list with pagination, delete."""

from __future__ import annotations

import datetime as dt
import re

import boto3
import pytest
from freezegun import freeze_time


def test_create_app_returns_the_application(client):
    with freeze_time("2026-03-04 05:06:07.891"):
        response = client.create_app(CreateApplicationRequest={"Name": "shop", "tags": {"team": "growth"}})
    app = response["ApplicationResponse"]
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert re.fullmatch(r"[0-9a-f]{32}", app["Id"])
    assert app["Arn"] == f"arn:aws:mobiletargeting:us-east-1:123456789012:apps/{app['Id']}"
    assert app["Name"] == "shop"
    assert app["tags"] == {"team": "growth"}
    assert app["CreationDate"] == "2026-03-04T05:06:07.891Z"
    assert isinstance(app["CreationDate"], str)  # the model types it as a string


def test_app_ids_are_unique(client):
    ids = {client.create_app(CreateApplicationRequest={"Name": "same"})["ApplicationResponse"]["Id"] for _ in range(20)}
    assert len(ids) == 20


def test_get_app_returns_what_create_returned(client, app):
    assert client.get_app(ApplicationId=app["Id"])["ApplicationResponse"] == {**app, "tags": {}}


def test_get_unknown_app_is_not_found(client):
    with pytest.raises(client.exceptions.NotFoundException) as info:
        client.get_app(ApplicationId="f" * 32)
    assert info.value.response["Error"]["Message"] == "Application not found"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_empty_name_is_rejected_and_nothing_is_created(client):
    with pytest.raises(client.exceptions.BadRequestException, match="Name"):
        client.create_app(CreateApplicationRequest={"Name": ""})
    assert client.get_apps()["ApplicationsResponse"]["Item"] == []


def test_get_apps_lists_apps_in_creation_order(client):
    names = [f"app-{i}" for i in range(5)]
    for name in names:
        client.create_app(CreateApplicationRequest={"Name": name})
    page = client.get_apps()["ApplicationsResponse"]
    assert [a["Name"] for a in page["Item"]] == names
    assert "NextToken" not in page


def test_get_apps_when_there_are_none(client):
    assert client.get_apps()["ApplicationsResponse"] == {"Item": []}


def test_get_apps_paginates_with_page_size_and_token(client):
    names = [f"app-{i}" for i in range(7)]
    for name in names:
        client.create_app(CreateApplicationRequest={"Name": name})
    seen, pages, token = [], 0, None
    while True:
        kwargs = {"PageSize": "3"} | ({"Token": token} if token else {})
        page = client.get_apps(**kwargs)["ApplicationsResponse"]
        pages += 1
        assert len(page["Item"]) <= 3
        seen += [a["Name"] for a in page["Item"]]
        token = page.get("NextToken")
        if token is None:
            break
        assert isinstance(token, str)
    assert seen == names
    assert pages == 3


def test_get_apps_default_page_size_is_100(client):
    for i in range(101):
        client.create_app(CreateApplicationRequest={"Name": f"a{i}"})
    first = client.get_apps()["ApplicationsResponse"]
    assert len(first["Item"]) == 100
    rest = client.get_apps(Token=first["NextToken"])["ApplicationsResponse"]
    assert [a["Name"] for a in rest["Item"]] == ["a100"]


@pytest.mark.parametrize("page_size", ["0", "-1", "ten", "1.5", ""])
def test_get_apps_rejects_a_bad_page_size(client, page_size):
    with pytest.raises(client.exceptions.BadRequestException, match="PageSize"):
        client.get_apps(PageSize=page_size)


@pytest.mark.parametrize("token", ["garbage", "ZXZlbnRtb2NrOng=", "ZXZlbnRtb2NrOjk5"])
def test_get_apps_rejects_a_token_it_did_not_issue(client, app, token):
    with pytest.raises(client.exceptions.BadRequestException, match="Token"):
        client.get_apps(Token=token)


def test_delete_app_returns_the_deleted_app_and_forgets_it(client, app):
    deleted = client.delete_app(ApplicationId=app["Id"])
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert deleted["ApplicationResponse"]["Id"] == app["Id"]
    assert deleted["ApplicationResponse"]["Name"] == "my-app"
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_app(ApplicationId=app["Id"])
    assert client.get_apps()["ApplicationsResponse"]["Item"] == []


def test_delete_unknown_app_is_not_found(client):
    with pytest.raises(client.exceptions.NotFoundException, match="Application not found"):
        client.delete_app(ApplicationId="0" * 32)


def test_apps_are_isolated_per_account_and_region(eventmock):
    home = boto3.client("pinpoint", region_name="us-east-1")
    other_region = boto3.client("pinpoint", region_name="ap-southeast-2")
    other_account = boto3.client(
        "pinpoint", region_name="us-east-1", aws_access_key_id="210987654321", aws_secret_access_key="x"
    )
    app = home.create_app(CreateApplicationRequest={"Name": "home"})["ApplicationResponse"]
    for client in (other_region, other_account):
        assert client.get_apps()["ApplicationsResponse"]["Item"] == []
        with pytest.raises(client.exceptions.NotFoundException):
            client.get_app(ApplicationId=app["Id"])
    arn = other_account.create_app(CreateApplicationRequest={"Name": "x"})["ApplicationResponse"]["Arn"]
    assert arn.startswith("arn:aws:mobiletargeting:us-east-1:210987654321:apps/")


def test_creation_date_parses_as_iso8601_utc(client, app):
    parsed = dt.datetime.strptime(app["CreationDate"], "%Y-%m-%dT%H:%M:%S.%f%z")
    assert parsed.utcoffset() == dt.timedelta(0)
