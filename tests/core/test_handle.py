"""The handle, ``MockedAWS``: its errors, its attributes, and its types."""

from __future__ import annotations

import ast
import os
import sys
import textwrap
import typing
from pathlib import Path

import boto3
import pytest

import eventmock
from eventmock import EventmockError, MockedAWS, UnknownServiceError, mock_aws
from eventmock import handle
from eventmock.core import registry
from eventmock.core.backend import Backend


def test_a_service_eventmock_does_not_emulate_is_a_clear_error():
    with mock_aws() as aws:
        with pytest.raises(UnknownServiceError) as caught:
            aws.backend("dynamodb")
    error = caught.value
    assert isinstance(error, EventmockError) and isinstance(error, KeyError)
    assert error.service == "dynamodb"
    assert error.emulated == sorted(registry.SERVICES)
    assert str(error).startswith("eventmock does not emulate 'dynamodb'; it emulates customer-profiles, dataexchange,")
    assert "sqs" in str(error)


def test_the_handle_carries_the_package_exceptions():
    with mock_aws() as aws:
        for name in ("EventmockError", "NotActiveError", "NotEmulatedError", "ServiceError", "UnknownServiceError"):
            assert getattr(aws, name) is getattr(eventmock, name)
        assert aws.DEFAULT_ACCOUNT_ID == eventmock.DEFAULT_ACCOUNT_ID
        with pytest.raises(aws.NotEmulatedError):
            boto3.client("dynamodb", region_name="us-east-1").list_tables()


def test_dir_lists_the_views():
    with mock_aws() as aws:
        listed = dir(aws)
        assert {"firehose", "kinesis", "logs", "pipes", "s3", "scheduler", "sns", "sqs"} <= set(_views())
        for view in _views():
            assert view in listed
            getattr(aws, view)  # and each one listed is there
        viewless = {s.replace("-", "_") for s in registry.SERVICES} - set(_views())
        assert viewless and not viewless & set(listed)  # only what is there is listed
        assert {"backend", "reset", "sqs", "store"} <= set(listed)


def test_the_handle_types_cover_every_service_and_view():
    """The overloads of ``backend`` and the typed views are written by hand: they must
    name every service the registry has, each with its own backend class and view."""
    if sys.version_info < (3, 11):
        pytest.skip("typing.get_overloads is Python 3.11+")
    namespace = {**vars(handle), **_backend_classes()}
    returns = {}
    for overload in typing.get_overloads(MockedAWS.backend):
        hints = typing.get_type_hints(overload, namespace)
        literal = typing.get_args(hints["service"])
        returns[literal[0] if literal else None] = hints["return"]
    assert returns.pop(None) is Backend  # the fallback, for a name known only at run time
    assert returns == {service: registry.backend_class(service) for service in registry.SERVICES}
    # The views' annotations sit under ``if TYPE_CHECKING:``, so they are read from the source.
    tree = ast.parse(Path(handle.__file__).read_text(encoding="utf-8"))
    (cls,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "MockedAWS"]
    annotated = {
        n.target.id: ast.unparse(n.annotation)
        for n in ast.walk(cls)
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
    }
    views = {name: view.__name__ for name, view in _views().items()}
    assert views and annotated == views


def _backend_classes() -> dict[str, type]:
    return {registry.backend_class(s).__name__: registry.backend_class(s) for s in registry.SERVICES}


def _views() -> dict[str, typing.Any]:
    """The handle's attribute -> view class, of every service that declares a view."""
    found = {}
    for service in registry.SERVICES:
        view = registry.view_class(service.replace("-", "_"))
        if view is not None:
            found[service.replace("-", "_")] = view
    return found


@pytest.mark.skipif(os.environ.get("EVENTMOCK_WIRE", "") not in ("", "0"), reason="typing does not depend on the mode")
def test_mypy_strict_knows_each_backend_and_view(tmp_path, monkeypatch):
    """One mypy run (``--strict``, the project's settings) over a small user file: a
    backend's own attributes and a view's methods type-check, and a wrong use is caught
    with the precise type (a ``Backend``, or ``Any``, would not be)."""
    api = pytest.importorskip("mypy.api")
    user = tmp_path / "uses_handle.py"
    user.write_text(
        textwrap.dedent(
            """
            from eventmock import mock_aws

            with mock_aws() as aws:
                failures = aws.backend("events").failed_deliveries
                bodies = [m.body.upper() for m in aws.sqs.messages("https://sqs.us-east-1.amazonaws.com/123456789012/q")]
                wrong: int = aws.backend("events").failed_deliveries
            """
        )
    )
    src = Path(eventmock.__file__).parents[1]
    if src.name != "site-packages":  # run from the source tree; mypy refuses site-packages there
        monkeypatch.setenv("MYPYPATH", str(src))
    config = src.parent / "pyproject.toml"
    args = [str(user), "--strict", "--follow-imports=silent", "--cache-dir", str(tmp_path / "cache")]
    limit = sys.getrecursionlimit()
    try:
        stdout, stderr, status = api.run(args + (["--config-file", str(config)] if config.exists() else []))
    finally:  # mypy raises the interpreter's recursion limit, for good; deep-JSON tests need it back
        sys.setrecursionlimit(limit)
    errors = [line.split(": error: ", 1)[1] for line in stdout.splitlines() if ": error: " in line]
    assert errors == [
        'Incompatible types in assignment (expression has type "Record[Failure]", variable has type "int")  [assignment]'
    ], stdout + stderr
    assert status == 1
