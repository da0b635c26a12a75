"""The server answers only signed requests (any signature will do), and a signature
names where a call lands: SigV4, SigV4a (its scope names no region: X-Amz-Region-Set
does), SigV2 presigned S3 URLs (``aws s3 presign``)."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from typing import Any

import boto3
import pytest
from botocore import UNSIGNED
from botocore.auth import AUTH_TYPE_MAPS
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

import eventmock

ACCOUNT = "111122223333"
REGION = "eu-west-1"
needs_crt = pytest.mark.skipif("v4a" not in AUTH_TYPE_MAPS or AUTH_TYPE_MAPS["v4a"].__module__.startswith("eventmock"),
                               reason="SigV4a signing needs awscrt")


def client(service: str, endpoint: str, **config: Any) -> Any:
    return boto3.client(
        service, endpoint_url=endpoint, region_name=REGION, aws_access_key_id=ACCOUNT, aws_secret_access_key="x",
        config=Config(retries={"max_attempts": 0}, **config),
    )


def send(method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# -- unsigned requests ----------------------------------------------------------------------


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_an_unsigned_query_request_creates_nothing(endpoint, method):
    port = endpoint.rsplit(":", 1)[1]
    form = "Action=CreateTopic&Name=x"
    headers = {"Host": f"sns.localhost:{port}"}
    if method == "POST":
        status, _, body = send("POST", endpoint + "/", form.encode(), {**headers, "Content-Type": "application/x-www-form-urlencoded"})
    else:
        status, _, body = send("GET", f"{endpoint}/?{form}", None, headers)
    assert status == 403
    assert b"<Code>MissingAuthenticationToken</Code><Message>Request is missing Authentication Token</Message>" in body
    assert client("sns", endpoint).list_topics()["Topics"] == []


@pytest.mark.parametrize(
    ("service", "call", "code"),
    [
        ("sns", lambda c: c.list_topics(), "MissingAuthenticationToken"),
        ("sts", lambda c: c.get_caller_identity(), "MissingAuthenticationToken"),
        ("events", lambda c: c.create_event_bus(Name="b"), "MissingAuthenticationTokenException"),
        ("lambda", lambda c: c.list_functions(), "MissingAuthenticationTokenException"),
        ("s3", lambda c: c.create_bucket(Bucket="b"), "AccessDenied"),
    ],
)
def test_an_unsigned_sdk_call_is_refused_as_aws_refuses_it(endpoint, service, call, code):
    with pytest.raises(ClientError) as info:
        call(client(service, endpoint, signature_version=UNSIGNED))
    assert info.value.response["Error"]["Code"] == code
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert client("events", endpoint).list_event_buses()["EventBuses"][1:] == []


def test_an_unsigned_binary_body_is_refused_too(endpoint):
    status, headers, body = send("POST", endpoint + "/2015-03-31/functions/f/invocations", b"\xff\xfe\x00")
    assert (status, body) == (403, b'{"message":"Missing Authentication Token"}')
    assert {k.lower(): v for k, v in headers.items()}["x-amzn-errortype"] == "MissingAuthenticationTokenException"


def test_eventmocks_own_paths_need_no_signature(endpoint):
    assert send("GET", endpoint + "/_eventmock/health")[0] == 200


def test_an_ip_address_names_no_service(endpoint):
    """A signature naming an unknown service, sent to 127.0.0.1: no service ``127``."""
    headers = {"Authorization": f"AWS4-HMAC-SHA256 Credential={ACCOUNT}/20260101/{REGION}/nosuch/aws4_request, Signature=0"}
    status, _, body = send("GET", endpoint + "/a/b", None, headers)
    assert status == 501 and b"'nosuch'" in body and b"'127'" not in body


# -- SigV2 presigned S3 URLs ----------------------------------------------------------------


@pytest.fixture
def stored(endpoint):
    s3 = client("s3", endpoint)
    s3.create_bucket(Bucket="docs", CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_object(Bucket="docs", Key="a/readme.txt", Body=b"hello")
    return s3


def test_a_sigv2_presigned_url_is_answered(endpoint, stored):
    presigner = client("s3", endpoint, signature_version="s3")
    url = presigner.generate_presigned_url("get_object", Params={"Bucket": "docs", "Key": "a/readme.txt"}, ExpiresIn=60)
    assert "AWSAccessKeyId=" in url and "Signature=" in url and "127.0.0.1" in url
    status, _, body = send("GET", url)
    assert (status, body) == (200, b"hello")


def test_aws_s3_presign_gives_a_url_the_server_answers(endpoint, stored, tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "AWS_ACCESS_KEY_ID": ACCOUNT, "AWS_SECRET_ACCESS_KEY": "x",
        "AWS_DEFAULT_REGION": REGION, "AWS_CONFIG_FILE": str(tmp_path / "config"), "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
    }
    command = [sys.executable, "-m", "awscli", "--endpoint-url", endpoint, "s3", "presign", "s3://docs/a/readme.txt"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    status, _, body = send("GET", done.stdout.strip())
    assert (status, body) == (200, b"hello")


# -- SigV4a ---------------------------------------------------------------------------------


def _sigv4a(method: str, url: str, region_set: str, headers: dict[str, str], body: bytes) -> dict[str, str]:
    from botocore.crt.auth import CrtSigV4AsymAuth

    request = AWSRequest(method=method, url=url, data=body, headers=headers)
    CrtSigV4AsymAuth(Credentials(ACCOUNT, "x"), "events", region_set).add_auth(request)
    return {k: v.decode() if isinstance(v, bytes) else v for k, v in request.headers.items()}


@needs_crt
@pytest.mark.parametrize(("region_set", "region"), [("ap-south-1", "ap-south-1"), ("ap-south-1,eu-west-1", "ap-south-1"), ("*", "us-east-1")])
def test_a_sigv4a_request_lands_in_its_keys_account_and_its_region_set(endpoint, region_set, region):
    body = b'{"Name": "signed"}'
    headers = {"X-Amz-Target": "AWSEvents.CreateEventBus", "Content-Type": "application/x-amz-json-1.1"}
    signed = _sigv4a("POST", endpoint + "/", region_set, headers, body)
    assert signed["Authorization"].startswith("AWS4-ECDSA-P256-SHA256 Credential=111122223333/")
    status, _, answer = send("POST", endpoint + "/", body, signed)
    assert status == 200
    assert f"arn:aws:events:{region}:{ACCOUNT}:event-bus/signed".encode() in answer


@needs_crt
def test_a_client_signing_with_sigv4a_is_answered_in_its_account(endpoint):
    """The region comes from the signed region set: newer botocore signs for ``*``
    (the server's default region), older releases for the client's own region."""
    events = client("events", endpoint, signature_version="v4a")
    region_sets: list[str] = []
    events.meta.events.register("before-send.events", lambda request, **_: region_sets.append(request.headers["X-Amz-Region-Set"]))
    arn = events.create_event_bus(Name="signed")["EventBusArn"]
    [region_set] = {value.decode() if isinstance(value, bytes) else value for value in region_sets}
    region = "us-east-1" if region_set == "*" else region_set.split(",")[0]
    assert arn == f"arn:aws:events:{region}:{ACCOUNT}:event-bus/signed"


@needs_crt
def test_in_wire_mode_a_sigv4a_call_lands_in_the_clients_account_and_region():
    with eventmock.mock_aws(wire=True):
        events = boto3.client(
            "events", region_name=REGION, aws_access_key_id=ACCOUNT, aws_secret_access_key="x", config=Config(signature_version="v4a")
        )
        arn = events.create_event_bus(Name="signed")["EventBusArn"]
        assert arn == f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/signed"
        plain = boto3.client("events", region_name=REGION, aws_access_key_id=ACCOUNT, aws_secret_access_key="x")
        assert [b["Name"] for b in plain.list_event_buses()["EventBuses"]] == ["default", "signed"]
