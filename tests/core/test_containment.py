"""Containment: inside a mock nothing reaches the network and no real credential is
read, whatever the client; generator functions are mocked for their whole run."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import textwrap

import boto3
import botocore.config
import botocore.session
import pytest

from eventmock import NotEmulatedError, current, mock_aws
from eventmock.core import intercept
from eventmock.core.containment import BlockedRequestError, MockExitedError


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


# -- the server's own calls (Scheduler universal targets) ------------------------------


def test_the_servers_universal_targets_are_answered_from_its_own_state(no_sockets):
    """No mock is active in a server: the calls a service makes through it (a
    universal target) are answered from the server's store, or fail as not
    emulated; nothing is sent."""
    import json

    from eventmock.core.store import Store
    from eventmock.server import server
    from eventmock.services.scheduler.inspect import SchedulerView

    store = Store()
    with server(store=store) as endpoint:
        keys = {"aws_access_key_id": "123456789012", "aws_secret_access_key": "x"}
        sqs = boto3.client("sqs", region_name="us-east-1", endpoint_url=endpoint, **keys)
        scheduler = boto3.client("scheduler", region_name="us-east-1", endpoint_url=endpoint, **keys)
        url = sqs.create_queue(QueueName="q")["QueueUrl"]
        role = "arn:aws:iam::123456789012:role/scheduler"
        for name, target, payload in (
            ("send", "sqs:sendMessage", {"QueueUrl": url, "MessageBody": "hi"}),
            ("tables", "dynamodb:listTables", {}),
        ):
            scheduler.create_schedule(
                Name=name,
                ScheduleExpression="rate(1 hour)",
                FlexibleTimeWindow={"Mode": "OFF"},
                Target={"Arn": f"arn:aws:scheduler:::aws-sdk:{target}", "RoleArn": role, "Input": json.dumps(payload),
                        "RetryPolicy": {"MaximumRetryAttempts": 0}},
            )
        bodies = [m["Body"] for m in sqs.receive_message(QueueUrl=url).get("Messages", [])]
    assert bodies == ["hi"]
    (failure,) = SchedulerView(store).failures()
    assert failure.invocation.target_arn.endswith("dynamodb:listTables")
    assert "does not emulate the service 'dynamodb'" in failure.message
    assert no_sockets == []


# -- credential providers of sessions made before the mock ------------------------------


def _profile(tmp_path, monkeypatch, body: str) -> botocore.session.Session:
    (tmp_path / "config").write_text(body)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    session = botocore.session.Session(profile="p")
    session.full_config  # read before the mock, as by a long-lived session
    return session


def test_instance_metadata_of_an_earlier_session_is_refused(tmp_path, monkeypatch, no_sockets):
    session = _profile(
        tmp_path, monkeypatch, "[profile p]\nrole_arn = arn:aws:iam::111122223333:role/r\ncredential_source = Ec2InstanceMetadata\n"
    )
    with mock_aws(), pytest.raises(BlockedRequestError, match="credential provider"):
        session.get_credentials()
    assert no_sockets == []


def test_container_credentials_of_an_earlier_session_are_refused_even_on_loopback(tmp_path, monkeypatch, no_sockets):
    session = _profile(
        tmp_path, monkeypatch, "[profile p]\nrole_arn = arn:aws:iam::111122223333:role/r\ncredential_source = EcsContainer\n"
    )
    with mock_aws():
        # the variables a container sets, as a test might (the mock hides the real ones)
        monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/creds")
        with pytest.raises(BlockedRequestError, match="credential provider"):
            session.get_credentials()
    assert no_sockets == []


def test_credential_process_of_an_earlier_session_does_not_run(tmp_path, monkeypatch):
    marker = tmp_path / "ran"
    session = _profile(tmp_path, monkeypatch, f"[profile p]\ncredential_process = touch {marker}\n")
    # the profile is in no file the mock reads (else its harmless files give "p" fake keys)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    with mock_aws(), pytest.raises(BlockedRequestError, match="credential_process"):
        session.get_credentials()
    assert not marker.exists()


def test_sso_of_an_earlier_session_is_refused(tmp_path, monkeypatch, no_sockets):
    session = _profile(
        tmp_path,
        monkeypatch,
        "[profile p]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n"
        "sso_account_id = 111122223333\nsso_role_name = r\n",
    )
    monkeypatch.setenv("HOME", str(tmp_path))  # a cached token, as `aws sso login` leaves
    import hashlib
    import json

    cache = tmp_path / ".aws" / "sso" / "cache"
    cache.mkdir(parents=True)
    name = hashlib.sha1(b"https://x.awsapps.com/start").hexdigest() + ".json"
    (cache / name).write_text(json.dumps({"accessToken": "t", "expiresAt": "2999-01-01T00:00:00Z", "region": "us-east-1"}))
    with mock_aws(), pytest.raises(BlockedRequestError, match="SSO"):
        session.get_credentials().get_frozen_credentials()
    assert no_sockets == []


def test_a_multi_line_region_is_not_copied_into_the_harmless_config(tmp_path, monkeypatch):
    (tmp_path / "config").write_text(
        "[profile p]\nregion = us-east-1\n  role_arn = arn:aws:iam::111122223333:role/r\n  credential_source = Ec2InstanceMetadata\n"
        "[profile q]\nregion = eu-west-1\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    with mock_aws():
        import os

        written = open(os.environ["AWS_CONFIG_FILE"]).read()
        assert "role_arn" not in written and "credential_source" not in written
        assert boto3.Session(profile_name="p").get_credentials().access_key == "testing"
        assert boto3.Session(profile_name="q").region_name == "eu-west-1"


# -- names, proxies ---------------------------------------------------------------------


def test_a_localhost_subdomain_goes_to_127_0_0_1_without_a_lookup(no_sockets):
    """The server's virtual-hosted S3 names (``bucket.localhost``) are not asked of a
    resolver: RFC 6761 puts every ``*.localhost`` name on loopback."""
    from eventmock.server import server

    with mock_aws(), server() as endpoint:
        client = boto3.client(
            "s3",
            region_name="us-east-1",
            endpoint_url=endpoint.replace("127.0.0.1", "localhost"),
            config=botocore.config.Config(s3={"addressing_style": "virtual"}),  # to bucket.localhost
        )
        client.meta.events.unregister("before-call", intercept._answer)  # to the server, over HTTP
        sent: list[str] = []
        client.meta.events.register("before-send", lambda request, **_: sent.append(request.url))
        client.create_bucket(Bucket="bucket")
        client.put_object(Bucket="bucket", Key="k", Body=b"x")
        assert client.get_object(Bucket="bucket", Key="k")["Body"].read() == b"x"
    assert sent[-1].startswith("http://bucket.localhost:")
    assert no_sockets == []


def test_no_proxy_is_used_inside_a_mock(monkeypatch):
    from eventmock.server import server

    proxied: list[object] = []
    real_connect = socket.socket.connect

    def connect(self, address):
        if address[1] == 9:  # the proxy's port
            proxied.append(address)
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    with mock_aws(), server() as endpoint:
        client = boto3.client("sqs", region_name="us-east-1", endpoint_url=endpoint)
        client.meta.events.unregister("before-call", intercept._answer)
        client.create_queue(QueueName="q")
    assert proxied == []


# -- clients made inside a mock, after it ----------------------------------------------


def test_a_client_made_inside_a_mock_refuses_to_send_after_it(no_sockets):
    with mock_aws():
        client = boto3.client("sqs", region_name="us-east-1")
        client.create_queue(QueueName="q")
        resource = boto3.resource("sqs", region_name="us-east-1")
    for call in (client.list_queues, lambda: list(resource.queues.all())):
        with pytest.raises(MockExitedError, match="made inside a mock_aws that has exited"):
            call()
    assert no_sockets == []


def test_a_client_made_inside_a_mock_works_in_the_next_one():
    with mock_aws():
        client = boto3.client("sqs", region_name="us-east-1")
    with mock_aws():
        client.create_queue(QueueName="q")
        assert len(client.list_queues()["QueueUrls"]) == 1


def test_a_session_whose_credentials_a_mock_resolved_refuses_to_send_after_it(no_sockets):
    """A session made before the mock and first used inside it keeps the mock's fake
    keys: its clients made after the mock refuse too."""
    session = boto3.Session()
    with mock_aws():
        session.client("sqs", region_name="us-east-1").list_queues()
    with pytest.raises(MockExitedError):
        session.client("sqs", region_name="us-east-1").list_queues()
    assert no_sockets == []


def test_a_session_with_its_own_credentials_is_not_held_back_after_a_mock(no_sockets):
    from botocore.exceptions import HTTPClientError

    session = boto3.Session(aws_access_key_id="AKIAREAL", aws_secret_access_key="real")
    with mock_aws():
        session.client("sqs", region_name="us-east-1").list_queues()
    with pytest.raises(HTTPClientError):  # eventmock lets it go: the fixture stops it
        session.client("sqs", region_name="us-east-1").list_queues()
    assert set(no_sockets) == {("getaddrinfo", "sqs.us-east-1.amazonaws.com")}  # (with retries)


def test_a_client_made_before_the_mock_with_deferred_credentials_works_alike_in_both_modes(tmp_path, monkeypatch, no_sockets):
    """Credentials a provider fetches on first use (a role assumed when first needed)
    are not fetched inside the mock: the fast path does not sign, and the wire sends
    unsigned, so both answer in the default account."""
    session = _profile(
        tmp_path,
        monkeypatch,
        "[profile p]\nrole_arn = arn:aws:iam::111122223333:role/r\nsource_profile = base\n"
        "[profile base]\naws_access_key_id = AKIAREAL\naws_secret_access_key = real\n",
    )
    client = session.create_client("sqs", region_name="us-east-1")
    for wire in (False, True):
        with mock_aws(wire=wire):
            url = client.create_queue(QueueName="q")["QueueUrl"]
            assert url.endswith("/123456789012/q")
    assert no_sockets == []
