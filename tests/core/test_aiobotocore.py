"""aiobotocore and aioboto3: answered in their own (awaitable) types, on the fast path
and in wire mode, and contained like botocore. Skipped where aiobotocore is not
installed (it pins botocore's version: CI runs this file in an environment of its own)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import sys
import textwrap

import pytest

from eventmock import mock_aws, register_lambda
from eventmock.core.containment import BlockedRequestError, MockExitedError

aiobotocore_session = pytest.importorskip("aiobotocore.session")

REGION = "us-east-1"
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:echo"


@pytest.fixture(params=[False, True], ids=["fast", "wire"])
def wire(request):
    return request.param


def _client(service: str):
    return aiobotocore_session.get_session().create_client(service, region_name=REGION)


def test_sqs_create_send_receive(wire):
    async def main():
        async with _client("sqs") as sqs:
            url = (await sqs.create_queue(QueueName="jobs"))["QueueUrl"]
            await sqs.send_message(QueueUrl=url, MessageBody="hello")
            received = await sqs.receive_message(QueueUrl=url)
            return url, [m["Body"] for m in received["Messages"]]

    with mock_aws(wire=wire):
        url, bodies = asyncio.run(main())
    assert url.endswith("/123456789012/jobs")
    assert bodies == ["hello"]


def test_s3_get_object_body_is_awaited(wire):
    async def main():
        async with _client("s3") as s3:
            await s3.create_bucket(Bucket="bucket")
            await s3.put_object(Bucket="bucket", Key="k", Body=b"0123456789")
            got = await s3.get_object(Bucket="bucket", Key="k")
            whole = await got["Body"].read()
            chunks = [c async for c in (await s3.get_object(Bucket="bucket", Key="k"))["Body"].iter_chunks(4)]
            async with (await s3.get_object(Bucket="bucket", Key="k"))["Body"] as body:
                in_context = await body.read()
            return got, whole, chunks, in_context

    with mock_aws(wire=wire):
        got, whole, chunks, in_context = asyncio.run(main())
    assert whole == in_context == b"0123456789"
    assert chunks == [b"0123", b"4567", b"89"]
    assert got["ContentLength"] == 10
    from aiobotocore.response import StreamingBody

    assert isinstance(got["Body"], StreamingBody)


def test_lambda_invoke_payload_is_awaited(wire):
    async def main():
        async with _client("lambda") as client:
            response = await client.invoke(FunctionName="echo", Payload=json.dumps({"n": 1}))
            return response["StatusCode"], json.loads(await response["Payload"].read())

    with mock_aws(wire=wire):
        register_lambda(FUNCTION, lambda event, context: {"got": event})
        status, payload = asyncio.run(main())
    assert (status, payload) == (200, {"got": {"n": 1}})


def test_errors_are_botocore_client_errors(wire):
    async def main():
        async with _client("sqs") as sqs:
            await sqs.get_queue_url(QueueName="missing")

    from botocore.exceptions import ClientError

    with mock_aws(wire=wire), pytest.raises(ClientError) as raised:
        asyncio.run(main())
    assert raised.value.response["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue"


def test_aioboto3_session(wire):
    aioboto3 = pytest.importorskip("aioboto3")

    async def main():
        session = aioboto3.Session()
        async with session.client("sqs", region_name=REGION) as sqs:
            await sqs.create_queue(QueueName="q")
            return (await sqs.list_queues())["QueueUrls"]

    with mock_aws(wire=wire):
        urls = asyncio.run(main())
    assert [u.rsplit("/", 1)[1] for u in urls] == ["q"]


def test_a_client_made_inside_a_mock_refuses_to_send_after_it(no_sockets):
    async def main():
        async with contextlib.AsyncExitStack() as stack:
            with mock_aws():
                sqs = await stack.enter_async_context(_client("sqs"))
                await sqs.list_queues()
            await sqs.list_queues()

    with pytest.raises(MockExitedError):
        asyncio.run(main())
    assert no_sockets == []


def test_a_session_made_before_eventmock_is_stopped_before_the_network():
    """aiobotocore loaded before eventmock: its HTTP sender is guarded at once."""
    script = textwrap.dedent(
        """
        import asyncio, socket
        import aiobotocore.session
        session = aiobotocore.session.get_session()
        def connect(self, address):
            raise SystemExit(f"LEAK {address}")
        socket.socket.connect = connect
        async def main():
            async with session.create_client("sqs", region_name="us-east-1", aws_access_key_id="AKIAREAL",
                                             aws_secret_access_key="real") as sqs:
                from eventmock.core import intercept
                for event, handler in intercept._HANDLERS:  # made before ``import eventmock``: no hooks
                    sqs.meta.events.unregister(event, handler)
                import eventmock
                from eventmock.core.containment import BlockedRequestError
                with eventmock.mock_aws():
                    try:
                        await sqs.list_queues()
                    except BlockedRequestError:
                        print("BLOCKED")
        import eventmock.core.intercept
        asyncio.run(main())
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert "BLOCKED" in result.stdout, result.stdout + result.stderr


def test_imds_of_an_earlier_session_is_refused(tmp_path, monkeypatch, no_sockets):
    (tmp_path / "config").write_text(
        "[profile box]\nrole_arn = arn:aws:iam::111122223333:role/r\ncredential_source = Ec2InstanceMetadata\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    session = aiobotocore_session.AioSession(profile="box")
    session.full_config  # read before the mock, as a long-lived session would have

    with mock_aws(), pytest.raises(BlockedRequestError, match="credential provider"):
        asyncio.run(session.get_credentials())
    assert no_sockets == []
