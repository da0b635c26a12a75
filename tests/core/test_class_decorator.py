"""``@mock_aws`` on a test class: which methods run mocked, and what state they share.

The unittest classes are made inside the tests and run with unittest's own runner (so
pytest does not collect them); the pytest classes run in a pytester session.
"""

from __future__ import annotations

import unittest

import boto3
import pytest

from eventmock import NotActiveError, current, mock_aws


def app_names() -> list[str]:
    client = boto3.client("pinpoint", region_name="us-east-1")
    return sorted(app["Name"] for app in client.get_apps()["ApplicationsResponse"]["Item"])


def create_app(name: str) -> None:
    boto3.client("pinpoint", region_name="us-east-1").create_app(CreateApplicationRequest={"Name": name})


def run(case: type[unittest.TestCase]) -> unittest.TestResult:
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(case).run(result)
    assert result.wasSuccessful(), result.failures + result.errors
    with pytest.raises(NotActiveError):  # nothing left active
        current()
    return result


def test_set_up_class_and_tear_down_class_run_in_one_mock_the_tests_share():
    seen: dict[str, list[str]] = {}

    @mock_aws
    class Case(unittest.TestCase):
        @classmethod
        def setUpClass(cls) -> None:
            create_app("from-setUpClass")

        @classmethod
        def tearDownClass(cls) -> None:
            seen["tearDownClass"] = app_names()

        def setUp(self) -> None:
            seen.setdefault("setUp", []).append(str(len(app_names())))

        def test_a(self) -> None:
            seen["test_a"] = app_names()
            create_app("from-test_a")

        def test_b(self) -> None:
            seen["test_b"] = app_names()

    assert run(Case).testsRun == 2
    assert seen["test_a"] == ["from-setUpClass"]
    assert seen["test_b"] == ["from-setUpClass", "from-test_a"]  # the class's state, shared
    assert seen["tearDownClass"] == ["from-setUpClass", "from-test_a"]
    with mock_aws():  # and dropped when the class is done
        assert app_names() == []


def test_a_tear_down_class_alone_also_gets_the_class_mock():
    seen = []

    @mock_aws
    class Case(unittest.TestCase):
        @classmethod
        def tearDownClass(cls) -> None:
            seen.append(app_names())

        def test_a(self) -> None:
            create_app("a")

    run(Case)
    assert seen == [["a"]]


def test_a_failing_set_up_class_leaves_no_mock_behind():
    @mock_aws
    class Case(unittest.TestCase):
        @classmethod
        def setUpClass(cls) -> None:
            create_app("half-made")
            raise RuntimeError("set-up failed")

        def test_never_runs(self) -> None:
            raise AssertionError("unreachable")

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Case).run(result)
    assert len(result.errors) == 1 and "set-up failed" in result.errors[0][1]
    with pytest.raises(NotActiveError):
        current()


def test_without_class_set_up_each_test_gets_fresh_state():
    seen = []

    @mock_aws
    class Case(unittest.TestCase):
        def test_a(self) -> None:
            seen.append(app_names())
            create_app("a")

        def test_b(self) -> None:
            seen.append(app_names())
            create_app("b")

    run(Case)
    assert seen == [[], []]


def test_inherited_static_and_class_method_tests_run_mocked():
    seen = []

    class Base(unittest.TestCase):
        def test_inherited(self) -> None:
            seen.append(("inherited", app_names()))
            create_app("inherited")

    @mock_aws
    class Case(Base):
        @staticmethod
        def test_static() -> None:
            seen.append(("static", app_names()))
            create_app("static")

        @classmethod
        def test_classmethod(cls) -> None:
            seen.append(("classmethod", app_names()))

    assert run(Case).testsRun == 3
    assert sorted(seen) == [("classmethod", []), ("inherited", []), ("static", [])]
    assert not hasattr(vars(Base)["test_inherited"], "__wrapped__")  # the base class is left as it was


def test_helpers_nested_classes_and_attributes_named_test_are_left_alone():
    @mock_aws
    class Case:
        test_data = ["not", "a", "method"]

        class TestNested:
            pass

        def helper(self) -> str:
            return "untouched"

    assert Case.test_data == ["not", "a", "method"]
    assert isinstance(Case.TestNested, type)
    assert Case().helper() == "untouched"


def test_pytest_classes(pytester):
    pytester.makepyfile(
        """
        import unittest
        import boto3, pytest
        import eventmock
        from eventmock import mock_aws

        def names():
            client = boto3.client("pinpoint", region_name="us-east-1")
            return sorted(a["Name"] for a in client.get_apps()["ApplicationsResponse"]["Item"])

        def create(name):
            boto3.client("pinpoint", region_name="us-east-1").create_app(CreateApplicationRequest={"Name": name})

        @mock_aws
        class TestSetupClass:
            @classmethod
            def setup_class(cls):
                create("from-setup_class")

            @classmethod
            def teardown_class(cls):
                assert names() == ["from-setup_class", "from-test_a"]

            def setup_method(self, method):
                assert "from-setup_class" in names()

            def test_a(self):
                assert names() == ["from-setup_class"]
                create("from-test_a")

            def test_b(self):
                assert names() == ["from-setup_class", "from-test_a"]

        class Base:
            def test_inherited(self):
                assert names() == []
                create("inherited")

        @mock_aws
        class TestInheritedAndStatic(Base):
            @staticmethod
            def test_static():
                assert names() == []
                create("static")

            def test_fresh(self):
                assert names() == []

        @mock_aws
        class TestFailingSetupClass:
            def setup_class(cls):  # a plain function, as pytest allows
                raise RuntimeError("setup_class failed")

            def test_never_runs(self):
                pass

        @mock_aws
        class TestUnittestUnderPytest(unittest.TestCase):
            @classmethod
            def setUpClass(cls):
                create("from-setUpClass")

            def test_sees_it(self):
                assert names() == ["from-setUpClass"]

        def test_nothing_is_left_active():
            with pytest.raises(eventmock.NotActiveError):
                eventmock.current()
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=7, errors=1)
    result.stdout.fnmatch_lines(["*RuntimeError: setup_class failed*"])
