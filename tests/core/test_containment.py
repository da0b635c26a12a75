"""Containment: inside a mock nothing reaches the network and no real credential is
read, whatever the client; generator functions are mocked for their whole run."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap

import boto3
import botocore.session
import pytest

from eventmock import NotEmulatedError, current, mock_aws
from eventmock.core.containment import BlockedRequestError


def test_a_client_made_without_eventmocks_hooks_is_stopped_before_the_network(no_sockets):
    from eventmock.core import intercept

    client = botocore.session.get_session().create_client(
        "events", region_name="us-east-1", aws_access_key_id="AKIAREAL", aws_secret_access_key="real"
    )
    for event, handler in intercept._HANDLERS:  # as if made before ``import eventmock``
        client.meta.events.unregister(event, handler)
    with mock_aws():
        with pytest.raises(BlockedRequestError, match="made before eventmock was imported"):
            client.list_event_buses()
    assert no_sockets == []


def test_the_guard_lets_loopback_through():
    with mock_aws(), pytest.raises(Exception) as raised:
        boto3.client("dynamodb", region_name="us-east-1", endpoint_url="http://127.0.0.1:9").list_tables()
    # refused as not emulated (the hook) rather than by the guard
    assert isinstance(raised.value, NotEmulatedError)


def test_a_process_whose_client_predates_the_import_sends_nothing(tmp_path):
    script = textwrap.dedent(
        """
        import socket, boto3
        client = boto3.client("sqs", region_name="us-east-1", aws_access_key_id="AKIAREAL", aws_secret_access_key="real")
        def connect(self, address):
            raise SystemExit(f"LEAK {address}")
        socket.socket.connect = connect
        import eventmock
        from eventmock.core.containment import BlockedRequestError
        with eventmock.mock_aws():
            try:
                client.list_queues()
            except BlockedRequestError:
                print("BLOCKED")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert "BLOCKED" in result.stdout, result.stdout + result.stderr


def test_named_profiles_read_no_real_credentials(tmp_path, monkeypatch):
    marker = tmp_path / "ran"
    (tmp_path / "credentials").write_text("[prod]\naws_access_key_id = AKIAREALREALREAL\naws_secret_access_key = real\n")
    (tmp_path / "config").write_text(
        f"[profile prod]\nregion = eu-west-1\n[profile tool]\ncredential_process = touch {marker}\n"
    )
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    with mock_aws():
        prod = boto3.Session(profile_name="prod")
        assert prod.get_credentials().access_key == "testing"
        assert prod.region_name == "eu-west-1"  # where, not who: kept
        tool = boto3.Session(profile_name="tool")
        assert tool.get_credentials().access_key == "testing"
        tool.client("sqs", region_name="us-east-1").list_queues()
    assert not marker.exists()
    # restored afterwards
    assert boto3.Session(profile_name="prod").get_credentials().access_key == "AKIAREALREALREAL"


def test_a_client_made_before_the_mock_with_no_credentials_works_in_both_modes(monkeypatch, tmp_path):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    client = boto3.session.Session().client("sqs", region_name="us-east-1")
    for wire in (False, True):
        with mock_aws(wire=wire):
            client.create_queue(QueueName="q")
            assert [u.rsplit("/", 1)[1] for u in client.list_queues()["QueueUrls"]] == ["q"]


# -- generator functions ------------------------------------------------------------


def _queues() -> list[str]:
    return boto3.client("sqs", region_name="us-east-1").list_queues().get("QueueUrls", [])


def test_a_decorated_generator_runs_inside_the_mock_throughout():
    seen = []

    @mock_aws
    def fixture():
        boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="setup")
        seen.append(current())
        yield "resource"
        seen.append(current())
        seen.append(len(_queues()))

    iterator = fixture()
    assert next(iterator) == "resource"
    assert len(_queues()) == 1  # the test body runs in the fixture's mock
    with pytest.raises(StopIteration):
        next(iterator)
    assert seen[0] is seen[1] and seen[2] == 1
    with pytest.raises(Exception):
        current()


def test_a_decorated_generator_closed_early_leaves_the_mock():
    @mock_aws
    def fixture():
        yield 1
        yield 2

    iterator = fixture()
    next(iterator)
    iterator.close()
    with pytest.raises(Exception):
        current()


def test_a_decorated_async_generator_runs_inside_the_mock_throughout():
    log = []

    @mock_aws
    async def fixture():
        boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="a")
        got = yield "first"
        log.append(got)
        log.append(len(_queues()))
        yield "second"

    async def run():
        agen = fixture()
        assert await agen.__anext__() == "first"
        log.append(len(_queues()))
        assert await agen.asend("sent") == "second"
        await agen.aclose()

    asyncio.run(run())
    assert log == [1, "sent", 1]
    with pytest.raises(Exception):
        current()
