"""mock_aws as decorator and context manager: forms, nesting, state lifetime, credentials."""

from __future__ import annotations

import asyncio
import os
import unittest

import boto3
import pytest

import eventmock
from eventmock import MockedAWS, NotActiveError, current, mock_aws


def app_names(region: str = "us-east-1") -> list[str]:
    client = boto3.client("pinpoint", region_name=region)
    return [app["Name"] for app in client.get_apps()["ApplicationsResponse"]["Item"]]


def create_app(name: str, region: str = "us-east-1") -> str:
    client = boto3.client("pinpoint", region_name=region)
    return client.create_app(CreateApplicationRequest={"Name": name})["ApplicationResponse"]["Id"]


def test_context_manager_yields_the_active_handle():
    with mock_aws() as aws:
        assert isinstance(aws, MockedAWS)
        assert current() is aws
        create_app("a")
        assert app_names() == ["a"]
    with pytest.raises(NotActiveError):
        current()


def test_bare_module_object_is_a_context_manager_too():
    with mock_aws as aws:
        create_app("a")
        assert [a.name for a in aws.backend("pinpoint").apps.values()] == ["a"]


def test_state_is_reset_when_the_outermost_mock_exits():
    with mock_aws():
        create_app("a")
    with mock_aws():
        assert app_names() == []


@mock_aws
def test_bare_decorator():
    create_app("bare")
    assert app_names() == ["bare"]


@mock_aws()
def test_decorator_with_parentheses():
    create_app("parens")
    assert app_names() == ["parens"]


def test_decorator_preserves_name_and_return_value():
    @mock_aws
    def make() -> str:
        return create_app("x")

    assert make.__name__ == "make"
    assert len(make()) == 32


def test_async_function_decorator():
    @mock_aws
    async def scenario() -> list[str]:
        create_app("async")
        await asyncio.sleep(0)
        return app_names()

    assert asyncio.iscoroutinefunction(scenario)
    assert asyncio.run(scenario()) == ["async"]


def test_async_context_manager():
    async def scenario() -> list[str]:
        async with mock_aws() as aws:
            assert current() is aws
            create_app("async-with")
            return app_names()

    assert asyncio.run(scenario()) == ["async-with"]


def test_nested_activation_shares_state_and_does_not_reset_it():
    with mock_aws() as outer:
        create_app("outer")
        with mock_aws() as inner:
            assert inner is outer
            assert app_names() == ["outer"]
            create_app("inner")
        assert app_names() == ["outer", "inner"]


def test_decorated_function_called_inside_a_mock_shares_its_state():
    @mock_aws
    def add() -> None:
        create_app("from-decorated")

    with mock_aws():
        add()
        assert app_names() == ["from-decorated"]


def test_state_survives_an_exception_and_is_reset_after():
    with pytest.raises(RuntimeError):
        with mock_aws():
            create_app("a")
            raise RuntimeError("boom")
    with mock_aws():
        assert app_names() == []
    with pytest.raises(NotActiveError):
        current()


def test_handle_reset_forgets_everything():
    with mock_aws() as aws:
        create_app("a")
        aws.reset()
        assert app_names() == []


@mock_aws
class TestClassDecorator:
    def setup_method(self, method):
        self.app_id = create_app("from-setup")

    def test_sees_what_setup_created(self):
        assert app_names() == ["from-setup"]

    def test_gets_fresh_state_per_test(self):
        create_app("second")
        assert app_names() == ["from-setup", "second"]

    def helper_not_a_test(self):
        return "untouched"


def test_class_decorator_leaves_non_test_methods_alone():
    assert TestClassDecorator().helper_not_a_test() == "untouched"
    with pytest.raises(NotActiveError):
        current()


@mock_aws
class UnitTestStyle(unittest.TestCase):
    def setUp(self):
        create_app("unittest-setup")

    def test_setup_and_test_share_one_mock(self):
        self.assertEqual(app_names(), ["unittest-setup"])

    def test_each_test_starts_fresh(self):
        create_app("mine")
        self.assertEqual(app_names(), ["unittest-setup", "mine"])


def test_unittest_class_runs_and_leaves_no_mock_behind():
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(UnitTestStyle)
    result = unittest.TestResult()
    suite.run(result)
    assert result.testsRun == 2
    assert result.wasSuccessful(), result.failures + result.errors
    with pytest.raises(NotActiveError):
        current()


@mock_aws
class NoSetupClass:
    def test_plain(self):
        create_app("plain")
        assert app_names() == ["plain"]


def test_class_without_setup_still_mocks_its_tests():
    NoSetupClass().test_plain()
    NoSetupClass().test_plain()  # fresh state each time, or this would see two apps


def test_exiting_more_often_than_entering_is_an_error():
    with pytest.raises(NotActiveError):
        mock_aws.__exit__(None, None, None)


def test_decorating_something_else_is_a_type_error():
    with pytest.raises(TypeError):
        mock_aws(42)  # type: ignore[call-overload]


class TestCredentials:
    def test_real_aws_variables_are_hidden_and_restored(self, monkeypatch):
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALKEY")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real-secret")
        monkeypatch.setenv("AWS_PROFILE", "production")
        monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
        monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-2")
        with mock_aws():
            assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"
            assert os.environ["AWS_SECRET_ACCESS_KEY"] == "testing"
            assert "AWS_PROFILE" not in os.environ
            assert os.environ["AWS_DEFAULT_REGION"] == "eu-west-2"  # where to call is kept
            os.environ["AWS_ACCESS_KEY_ID"] = "111111111111"  # a test may pick an account
        assert os.environ["AWS_ACCESS_KEY_ID"] == "AKIAREALKEY"
        assert os.environ["AWS_SECRET_ACCESS_KEY"] == "real-secret"
        assert os.environ["AWS_PROFILE"] == "production"
        assert "AWS_SESSION_TOKEN" not in os.environ

    def test_regions_changed_inside_are_restored(self, monkeypatch):
        monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-2")
        monkeypatch.delenv("AWS_REGION", raising=False)
        with mock_aws():
            os.environ["AWS_DEFAULT_REGION"] = "ap-south-1"
            os.environ["AWS_REGION"] = "sa-east-1"
        assert os.environ["AWS_DEFAULT_REGION"] == "eu-west-2"
        assert "AWS_REGION" not in os.environ
        with mock_aws():
            del os.environ["AWS_DEFAULT_REGION"]
        assert os.environ["AWS_DEFAULT_REGION"] == "eu-west-2"

    def test_a_failure_while_entering_changes_nothing(self, monkeypatch):
        from eventmock.core import containment

        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALKEY")
        monkeypatch.setenv("AWS_PROFILE", "production")
        monkeypatch.setenv("AWS_CONFIG_FILE", "/home/me/.aws/config")
        monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-2")
        before = dict(os.environ)

        def disk_full(real_env):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(containment, "harmless_files", disk_full)
        with pytest.raises(OSError, match="No space left"):
            with mock_aws():
                raise AssertionError("unreachable")
        assert dict(os.environ) == before
        with pytest.raises(NotActiveError):
            current()
        monkeypatch.undo()
        with mock_aws():  # and the next mock enters as usual
            assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"

    def test_default_session_clients_use_fake_credentials(self, monkeypatch):
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALKEY")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real-secret")
        boto3.setup_default_session()
        before = boto3.DEFAULT_SESSION
        with mock_aws():
            session = boto3.session.Session()
            assert session.get_credentials().access_key == "testing"
            boto3.client("pinpoint", region_name="us-east-1")
            assert boto3.DEFAULT_SESSION is not before
            assert boto3.DEFAULT_SESSION.get_credentials().access_key == "testing"
        assert boto3.DEFAULT_SESSION is before


def test_the_package_exports_its_public_api():
    assert eventmock.mock_aws is mock_aws
    assert set(eventmock.__all__) <= set(dir(eventmock))
