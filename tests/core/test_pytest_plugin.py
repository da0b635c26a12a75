"""The ``eventmock`` fixture, as a user's test suite sees it (run by pytester)."""

from __future__ import annotations

from importlib.metadata import entry_points


def test_plugin_is_registered_through_the_pytest11_entry_point():
    plugins = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert plugins.get("eventmock") == "eventmock.pytest_plugin"


def test_fixture_gives_each_test_a_fresh_active_mock(pytester):
    pytester.makepyfile(
        """
        import boto3, pytest
        import eventmock

        @pytest.mark.parametrize("run", [1, 2, 3])
        def test_fresh(eventmock, run):
            assert isinstance(eventmock, __import__("eventmock").MockedAWS)
            assert __import__("eventmock").current() is eventmock
            client = boto3.client("pinpoint", region_name="us-east-1")
            client.create_app(CreateApplicationRequest={"Name": f"run{run}"})
            names = [a["Name"] for a in client.get_apps()["ApplicationsResponse"]["Item"]]
            assert names == [f"run{run}"]

        def test_no_mock_without_the_fixture():
            with pytest.raises(__import__("eventmock").NotActiveError):
                __import__("eventmock").current()
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)


def test_fixture_handle_exposes_backend_state(pytester):
    pytester.makepyfile(
        """
        import boto3, pytest

        def test_handle(eventmock):
            client = boto3.client("pinpoint", region_name="eu-west-1")
            app = client.create_app(CreateApplicationRequest={"Name": "seen"})["ApplicationResponse"]
            backend = eventmock.backend("pinpoint", region="eu-west-1")
            assert backend.apps[app["Id"]].name == "seen"

        def test_the_package_exceptions_are_on_the_handle(eventmock):
            # the fixture's name hides the package: its exceptions are on the handle
            with pytest.raises(eventmock.NotEmulatedError):
                boto3.client("dynamodb", region_name="us-east-1").list_tables()
            with pytest.raises(eventmock.ServiceError) as caught:
                raise eventmock.ServiceError("NotFoundException", "no such app")
            with pytest.raises(eventmock.UnknownServiceError):
                eventmock.backend("dynamodb")
            assert eventmock.DEFAULT_ACCOUNT_ID == "123456789012"
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
