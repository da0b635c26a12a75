"""``mock_aws.start()`` and ``.stop()``, as moto's users call them in ``setUp``,
``setUpClass`` and module fixtures."""

from __future__ import annotations

import unittest

import boto3
import pytest

from eventmock import MockedAWS, NotActiveError, current, mock_aws


def app_names() -> list[str]:
    client = boto3.client("pinpoint", region_name="us-east-1")
    return sorted(app["Name"] for app in client.get_apps()["ApplicationsResponse"]["Item"])


def create_app(name: str) -> None:
    boto3.client("pinpoint", region_name="us-east-1").create_app(CreateApplicationRequest={"Name": name})


def test_start_gives_the_handle_and_stop_drops_the_state():
    mock = mock_aws()
    aws = mock.start()
    try:
        assert isinstance(aws, MockedAWS) and current() is aws
        create_app("a")
        assert app_names() == ["a"]
    finally:
        mock.stop()
    with pytest.raises(NotActiveError):
        current()
    mock.start()
    try:
        assert app_names() == []  # a new start, fresh state
    finally:
        mock.stop()


def test_reset_false_is_accepted_as_in_moto():
    aws = mock_aws.start(reset=False)
    try:
        assert current() is aws
    finally:
        mock_aws.stop()


def test_a_with_nested_in_a_start_shares_its_state_and_resets_nothing():
    aws = mock_aws.start()
    try:
        create_app("outer")
        with mock_aws() as inner:
            assert inner is aws
            assert app_names() == ["outer"]
            create_app("inner")
        assert app_names() == ["inner", "outer"]  # still active after the with
        nested = mock_aws.start()  # a start inside a start nests the same way
        assert nested is aws
        mock_aws.stop()
        assert app_names() == ["inner", "outer"]
    finally:
        mock_aws.stop()
    with pytest.raises(NotActiveError):
        current()


def test_stop_without_start_is_an_error():
    with pytest.raises(NotActiveError):  # a RuntimeError, as moto raises
        mock_aws.stop()
    assert issubclass(NotActiveError, RuntimeError)


def test_start_and_stop_in_set_up_class_and_tear_down_class():
    seen = []

    class Case(unittest.TestCase):
        mock = mock_aws()

        @classmethod
        def setUpClass(cls) -> None:
            cls.aws = cls.mock.start()
            create_app("from-setUpClass")

        @classmethod
        def tearDownClass(cls) -> None:
            seen.append(app_names())
            cls.mock.stop()

        def test_a(self) -> None:
            self.assertIs(current(), self.aws)
            seen.append(app_names())
            create_app("from-test_a")

        def test_b(self) -> None:
            seen.append(app_names())

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Case).run(result)
    assert result.wasSuccessful(), result.failures + result.errors
    assert seen == [["from-setUpClass"], ["from-setUpClass", "from-test_a"], ["from-setUpClass", "from-test_a"]]
    with pytest.raises(NotActiveError):
        current()


def test_start_and_stop_in_set_up_and_tear_down():
    seen = []

    class Case(unittest.TestCase):
        def setUp(self) -> None:
            self.mock = mock_aws()
            self.mock.start()

        def tearDown(self) -> None:
            self.mock.stop()

        def test_a(self) -> None:
            seen.append(app_names())
            create_app("a")

        def test_b(self) -> None:
            seen.append(app_names())
            create_app("b")

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Case).run(result)
    assert result.wasSuccessful(), result.failures + result.errors
    assert seen == [[], []]


def test_module_level_start_and_stop(pytester):
    pytester.makepyfile(
        test_a_module="""
        import boto3, pytest
        import eventmock
        from eventmock import mock_aws

        mock = mock_aws()

        def setup_module():
            mock.start()
            boto3.client("pinpoint", region_name="us-east-1").create_app(CreateApplicationRequest={"Name": "module"})

        def teardown_module():
            mock.stop()

        def names():
            client = boto3.client("pinpoint", region_name="us-east-1")
            return [a["Name"] for a in client.get_apps()["ApplicationsResponse"]["Item"]]

        def test_sees_the_module_state():
            assert names() == ["module"]

        def test_fixture_nests_in_it(eventmock):
            assert names() == ["module"]
        """,
        test_b_after="""
        import pytest, eventmock

        def test_the_module_mock_was_stopped():
            with pytest.raises(eventmock.NotActiveError):
                eventmock.current()
        """,
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=3)
