"""Wire mode: ``mock_aws(wire=True)`` and ``EVENTMOCK_WIRE=1`` answer through
``before-send`` (botocore serialises, signs and parses; eventmock parses and serialises
the bytes), scoped like activations, sharing their state, never reaching the network."""

from __future__ import annotations

import boto3
import botocore.endpoint
import pytest

import eventmock
from eventmock import NotEmulatedError, mock_aws
from eventmock.core import intercept


def pinpoint() -> object:
    return boto3.client("pinpoint", region_name="us-east-1")


def went_through_the_wire(response: dict) -> bool:
    # botocore reports the headers it parsed; the fast path does not make a body, so
    # it has no length to report
    return "content-length" in response["ResponseMetadata"]["HTTPHeaders"]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a request was sent")

    monkeypatch.setattr(botocore.endpoint.Endpoint, "_send", refuse)


def test_wire_true_answers_through_botocore_s_parser(no_network: None) -> None:
    with mock_aws(wire=True):
        client = pinpoint()
        created = client.create_app(CreateApplicationRequest={"Name": "wired", "tags": {"k": "v"}})
        assert went_through_the_wire(created)
        assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
        got = client.get_app(ApplicationId=created["ApplicationResponse"]["Id"])
        assert got["ApplicationResponse"] == created["ApplicationResponse"]
        with pytest.raises(client.exceptions.NotFoundException) as info:
            client.get_app(ApplicationId="0" * 32)
        assert info.value.response["Error"] == {"Code": "NotFoundException", "Message": "Application not found"}
        assert info.value.response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == "NotFoundException"


def test_the_fast_path_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTMOCK_WIRE", raising=False)
    with mock_aws():
        assert not went_through_the_wire(pinpoint().get_apps())


@pytest.mark.parametrize("value", ["1", "true"])
def test_the_environment_variable_is_read_when_a_mock_is_entered(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("EVENTMOCK_WIRE", value)
    with mock_aws():
        assert went_through_the_wire(pinpoint().get_apps())
    with mock_aws(wire=False):  # an explicit mode wins
        assert not went_through_the_wire(pinpoint().get_apps())
    monkeypatch.setenv("EVENTMOCK_WIRE", "0")
    with mock_aws():
        assert not went_through_the_wire(pinpoint().get_apps())


def test_an_inner_activation_sets_the_mode_for_its_extent_and_shares_the_state(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTMOCK_WIRE", raising=False)
    with mock_aws() as outer:
        app = pinpoint().create_app(CreateApplicationRequest={"Name": "fast"})["ApplicationResponse"]
        with mock_aws(wire=True) as inner:
            assert inner is outer
            listed = pinpoint().get_apps()
            assert went_through_the_wire(listed)
            assert [a["Id"] for a in listed["ApplicationsResponse"]["Item"]] == [app["Id"]]
            with mock_aws():  # names no mode: keeps the enclosing one
                assert went_through_the_wire(pinpoint().get_apps())
            pinpoint().create_app(CreateApplicationRequest={"Name": "wired"})
        after = pinpoint().get_apps()
        assert not went_through_the_wire(after)
        assert [a["Name"] for a in after["ApplicationsResponse"]["Item"]] == ["fast", "wired"]
    assert intercept.active.wire is False


def test_decorator_forms_take_the_mode() -> None:
    @mock_aws(wire=True)
    def wired() -> bool:
        return went_through_the_wire(pinpoint().get_apps())

    @mock_aws(wire=True)
    class Wired:
        def test_it(self) -> bool:
            return went_through_the_wire(pinpoint().get_apps())

    assert wired() is True
    assert Wired().test_it() is True
    assert repr(mock_aws(wire=True)) == "mock_aws(wire=True)"
    assert mock_aws(wire=None) is mock_aws


def test_what_is_not_emulated_fails_loudly_in_wire_mode_too(no_network: None) -> None:
    with mock_aws(wire=True):
        with pytest.raises(NotEmulatedError, match=r"'dynamodb'.*ListTables"):
            boto3.client("dynamodb", region_name="us-east-1").list_tables()
        with pytest.raises(NotEmulatedError, match=r"pinpoint\.GetCampaigns"):
            pinpoint().get_campaigns(ApplicationId="a" * 32)


def test_accounts_and_regions_come_from_the_signature_as_in_process() -> None:
    with mock_aws(wire=True):
        mine = boto3.client("kinesis", region_name="eu-west-1", aws_access_key_id="111111111111", aws_secret_access_key="x")
        mine.create_stream(StreamName="s", ShardCount=1)
        arn = mine.describe_stream(StreamName="s")["StreamDescription"]["StreamARN"]
        assert arn == "arn:aws:kinesis:eu-west-1:111111111111:stream/s"
        other = boto3.client("kinesis", region_name="eu-west-1", aws_access_key_id="222222222222", aws_secret_access_key="x")
        assert other.list_streams()["StreamNames"] == []
        assert eventmock.current().backend("kinesis", "111111111111", "eu-west-1").streams  # type: ignore[attr-defined]


def test_blob_payloads_and_modelled_headers_agree_between_the_paths() -> None:
    def invoke() -> dict:
        eventmock.register_lambda("arn:aws:lambda:us-east-1:123456789012:function:echo", lambda event, context: event)
        client = boto3.client("lambda", region_name="us-east-1")
        response = client.invoke(FunctionName="echo", Payload=b'{"a": 1}', LogType="Tail")
        response["Payload"] = response["Payload"].read()
        return response

    with mock_aws():
        fast = invoke()
    with mock_aws(wire=True):
        wired = invoke()
    for response in (fast, wired):
        meta = response.pop("ResponseMetadata")
        headers = meta["HTTPHeaders"]
        assert headers["x-amz-executed-version"] == "$LATEST"
        assert headers["x-amz-log-result"] == response["LogResult"]
        response.pop("LogResult")  # carries the request id
    assert fast == wired == {"StatusCode": 200, "ExecutedVersion": "$LATEST", "Payload": b'{"a": 1}'}
