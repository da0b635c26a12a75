"""Pinpoint application settings: GetApplicationSettings and UpdateApplicationSettings."""

from __future__ import annotations

import pytest
from freezegun import freeze_time


def test_a_new_application_has_no_settings_but_its_id(client):
    with freeze_time("2026-02-03 04:05:06.789"):
        app = client.create_app(CreateApplicationRequest={"Name": "a"})["ApplicationResponse"]
    settings = client.get_application_settings(ApplicationId=app["Id"])["ApplicationSettingsResource"]
    assert settings == {"ApplicationId": app["Id"], "LastModifiedDate": "2026-02-03T04:05:06.789Z"}


def test_update_keeps_what_it_is_given_and_returns_it(client, app):
    with freeze_time("2026-03-01 10:00:00"):
        updated = client.update_application_settings(
            ApplicationId=app["Id"],
            WriteApplicationSettingsRequest={
                "Limits": {"Daily": 5, "MessagesPerSecond": 50},
                "QuietTime": {"Start": "22:00", "End": "06:00"},
                "CloudWatchMetricsEnabled": True,
            },
        )["ApplicationSettingsResource"]
    assert updated == {
        "ApplicationId": app["Id"],
        "LastModifiedDate": "2026-03-01T10:00:00.000Z",
        "Limits": {"Daily": 5, "MessagesPerSecond": 50},
        "QuietTime": {"Start": "22:00", "End": "06:00"},
    }
    client.update_application_settings(
        ApplicationId=app["Id"], WriteApplicationSettingsRequest={"CampaignHook": {"Mode": "FILTER", "LambdaFunctionName": "f"}}
    )
    got = client.get_application_settings(ApplicationId=app["Id"])["ApplicationSettingsResource"]
    assert got["Limits"] == {"Daily": 5, "MessagesPerSecond": 50}
    assert got["CampaignHook"] == {"Mode": "FILTER", "LambdaFunctionName": "f"}


@pytest.mark.parametrize("operation", ["get_application_settings", "update_application_settings"])
def test_settings_of_an_unknown_application_are_not_found(client, operation):
    params = {"WriteApplicationSettingsRequest": {}} if operation.startswith("update") else {}
    with pytest.raises(client.exceptions.NotFoundException) as info:
        getattr(client, operation)(ApplicationId="f" * 32, **params)
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_settings_go_with_the_application(client):
    app = client.create_app(CreateApplicationRequest={"Name": "a"})["ApplicationResponse"]
    client.update_application_settings(ApplicationId=app["Id"], WriteApplicationSettingsRequest={"Limits": {"Total": 1}})
    client.delete_app(ApplicationId=app["Id"])
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_application_settings(ApplicationId=app["Id"])
