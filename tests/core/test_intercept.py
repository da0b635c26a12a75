"""The botocore hooks: routing by service, account and region; errors; isolation."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import threading

import boto3
import botocore.config
import botocore.session
import pytest
from botocore.awsrequest import HeadersDict
from botocore.exceptions import ClientError
from botocore.parsers import create_parser
from botocore.stub import Stubber
from freezegun import freeze_time

from eventmock import NotEmulatedError, mock_aws
from eventmock.core import registry
from eventmock.core.intercept import account_for


def pinpoint(region="us-east-1", **kwargs):
    return boto3.client("pinpoint", region_name=region, **kwargs)


def test_unemulated_service_fails_loudly_naming_it():
    with mock_aws():
        iam = boto3.client("iam", region_name="us-east-1")
        with pytest.raises(NotEmulatedError, match=r"'iam'.*ListRoles") as info:
            iam.list_roles()
    assert (info.value.service, info.value.operation) == ("iam", "ListRoles")
    assert isinstance(info.value, NotImplementedError)


def test_unemulated_operation_of_an_emulated_service_fails_loudly_naming_it():
    with mock_aws():
        with pytest.raises(NotEmulatedError, match=r"pinpoint\.GetCampaigns"):
            pinpoint().get_campaigns(ApplicationId="a" * 32)


def test_client_created_before_the_mock_is_intercepted():
    client = pinpoint(aws_access_key_id="AKIAEXAMPLE", aws_secret_access_key="x")
    with mock_aws():
        client.create_app(CreateApplicationRequest={"Name": "early"})
        assert [a["Name"] for a in client.get_apps()["ApplicationsResponse"]["Item"]] == ["early"]


def test_without_an_active_mock_calls_are_left_to_botocore():
    # Outside a mock the hook answers nothing: a Stubber (registered after it) answers.
    client = pinpoint(aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(client) as stubber:
        stubber.add_response("get_apps", {"ApplicationsResponse": {"Item": [{"Arn": "a", "Id": "stub", "Name": "s"}]}})
        assert client.get_apps()["ApplicationsResponse"]["Item"][0]["Id"] == "stub"


def test_account_comes_from_a_12_digit_access_key_and_is_isolated():
    with mock_aws():
        mine = pinpoint(aws_access_key_id="111111111111", aws_secret_access_key="x")
        theirs = pinpoint(aws_access_key_id="222222222222", aws_secret_access_key="x")
        default = pinpoint()
        arn = mine.create_app(CreateApplicationRequest={"Name": "m"})["ApplicationResponse"]["Arn"]
        assert arn.startswith("arn:aws:mobiletargeting:us-east-1:111111111111:apps/")
        assert theirs.get_apps()["ApplicationsResponse"]["Item"] == []
        assert default.get_apps()["ApplicationsResponse"]["Item"] == []
        arn = default.create_app(CreateApplicationRequest={"Name": "d"})["ApplicationResponse"]["Arn"]
        assert ":123456789012:" in arn


def test_region_comes_from_the_client_and_is_isolated():
    with mock_aws():
        east, west = pinpoint("us-east-1"), pinpoint("eu-west-1")
        app = west.create_app(CreateApplicationRequest={"Name": "w"})["ApplicationResponse"]
        assert app["Arn"].startswith("arn:aws:mobiletargeting:eu-west-1:")
        assert east.get_apps()["ApplicationsResponse"]["Item"] == []
        with pytest.raises(east.exceptions.NotFoundException):
            east.get_app(ApplicationId=app["Id"])


def test_account_for_reads_credentials_without_refreshing_them():
    class Refreshable:
        def __init__(self):
            self._access_key = "333333333333"

        @property
        def access_key(self):  # pragma: no cover - must never run
            raise AssertionError("refreshed")

    assert account_for(Refreshable()) == "333333333333"
    assert account_for(None) == "123456789012"
    assert account_for(botocore.credentials.Credentials("AKIA123", "s")) == "123456789012"


def test_successful_response_metadata():
    with mock_aws():
        response = pinpoint().create_app(CreateApplicationRequest={"Name": "m"})
    meta = response["ResponseMetadata"]
    assert meta["HTTPStatusCode"] == 201  # CreateApp's modelled responseCode
    assert meta["RetryAttempts"] == 0
    assert meta["HTTPHeaders"]["x-amzn-requestid"] == meta["RequestId"]
    assert meta["HTTPHeaders"]["content-type"] == "application/json"
    assert len(meta["RequestId"]) == 36


def test_after_call_handlers_see_the_response_headers_and_status():
    seen = []

    def after_call(http_response, parsed, **_):
        seen.append((http_response.status_code, http_response.headers, parsed["ResponseMetadata"]["HTTPHeaders"]))

    with mock_aws():
        client = pinpoint()
        client.meta.events.register("after-call.pinpoint.CreateApp", after_call)
        client.create_app(CreateApplicationRequest={"Name": "h"})
    [(status, headers, metadata_headers)] = seen
    assert status == 201
    assert isinstance(headers, HeadersDict)  # case-insensitive, as for a real response
    assert dict(headers) == metadata_headers
    assert headers["X-Amzn-RequestId"] == metadata_headers["x-amzn-requestid"]


def test_a_stubber_on_a_client_still_answers_inside_a_mock():
    # A Stubber registers for the operation's own event, which botocore calls before the
    # generic ``before-call`` handlers, eventmock's included.
    with mock_aws():
        client = pinpoint()
        with Stubber(client) as stubber:
            stubber.add_response("get_apps", {"ApplicationsResponse": {"Item": [{"Arn": "a", "Id": "stub", "Name": "s"}]}})
            assert client.get_apps()["ApplicationsResponse"]["Item"][0]["Id"] == "stub"
        assert client.get_apps()["ApplicationsResponse"]["Item"] == []


def test_status_204_for_operations_aws_answers_with_no_content():
    with mock_aws():
        client = pinpoint()
        arn = client.create_app(CreateApplicationRequest={"Name": "t"})["ApplicationResponse"]["Arn"]
        response = client.tag_resource(ResourceArn=arn, TagsModel={"tags": {"k": "v"}})
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert set(response) == {"ResponseMetadata"}


def test_error_is_the_modelled_exception_with_aws_code_status_and_fields():
    with mock_aws():
        client = pinpoint()
        with pytest.raises(client.exceptions.NotFoundException) as info:
            client.get_app(ApplicationId="0" * 32)
    error = info.value
    assert isinstance(error, ClientError)
    assert error.response["Error"] == {"Code": "NotFoundException", "Message": "Application not found"}
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert error.response["Message"] == "Application not found"
    assert error.response["RequestID"] == error.response["ResponseMetadata"]["RequestId"]
    assert str(error) == "An error occurred (NotFoundException) when calling the GetApp operation: Application not found"


def test_error_response_equals_what_botocore_parses_from_aws_bytes():
    """Rebuild the HTTP response AWS would send for our error and let botocore's own
    rest-json parser parse it (as botocore's endpoint does, modelled fields included):
    the two must be equal."""
    with mock_aws():
        client = pinpoint()
        with pytest.raises(ClientError) as info:
            client.get_event_stream(ApplicationId="0" * 32)
    ours = info.value.response
    headers = ours["ResponseMetadata"]["HTTPHeaders"]
    body = {k: v for k, v in ours.items() if k not in ("Error", "ResponseMetadata")}
    raw = {"status_code": 404, "headers": HeadersDict(headers), "body": json.dumps(body).encode()}
    model = botocore.session.get_session().get_service_model("pinpoint")
    parser = create_parser("rest-json")
    parsed = parser.parse(raw, model.operation_model("GetEventStream").output_shape)
    parsed.update(parser.parse(raw, model.shape_for_error_code("NotFoundException")))
    parsed["ResponseMetadata"]["RetryAttempts"] = 0
    assert parsed == ours


@pytest.mark.parametrize("wire", [False, True], ids=["fast", "wire"])
def test_error_members_named_like_service_error_arguments_reach_the_client_error(monkeypatch, wire):
    """Firehose's KMS errors have a ``code`` member (the KMS error): a backend gives it
    in ``fields``, and boto3 shows it beside ``Error`` on both paths, as AWS sends it."""
    from eventmock.core.errors import ServiceError
    from eventmock.services.firehose.backend import FirehoseBackend

    def put_record(self, **params):
        raise ServiceError(
            "InvalidKMSResourceException", "The KMS key is not usable.", fields={"code": "KMS.NotFoundException"}
        )

    monkeypatch.setattr(FirehoseBackend, "put_record", put_record)
    monkeypatch.setattr(registry, "_tables", {})  # the tables read the methods' signatures
    with mock_aws(wire=wire):
        firehose = boto3.client("firehose", region_name="us-east-1")
        with pytest.raises(firehose.exceptions.InvalidKMSResourceException) as info:
            firehose.put_record(DeliveryStreamName="s", Record={"Data": b"x"})
    response = info.value.response
    assert response["Error"] == {"Code": "InvalidKMSResourceException", "Message": "The KMS key is not usable."}
    assert response["code"] == "KMS.NotFoundException"
    assert response["message"] == "The KMS key is not usable."
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.parametrize("wire", [False, True], ids=["fast", "wire"])
def test_error_members_bound_to_headers_are_sent_in_headers(monkeypatch, wire):
    """Lambda's ``TooManyRequestsException`` carries ``retryAfterSeconds`` in the
    ``Retry-After`` header: botocore reads it from there into the error's fields."""
    from eventmock.core.errors import ServiceError
    from eventmock.services.lambda_.backend import LambdaBackend

    def invoke(self, **params):
        raise ServiceError("TooManyRequestsException", "Rate exceeded", Type="User", retryAfterSeconds="3", Reason="CallerRateLimitExceeded")

    monkeypatch.setattr(LambdaBackend, "invoke", invoke)
    monkeypatch.setattr(registry, "_tables", {})  # the tables read the methods' signatures
    with mock_aws(wire=wire):
        client = boto3.client("lambda", region_name="us-east-1", config=botocore.config.Config(retries={"total_max_attempts": 1}))
        with pytest.raises(client.exceptions.TooManyRequestsException) as info:
            client.invoke(FunctionName="f")
    response = info.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert response["ResponseMetadata"]["HTTPHeaders"]["retry-after"] == "3"
    assert {k: response[k] for k in ("retryAfterSeconds", "Type", "Reason", "message")} == {
        "retryAfterSeconds": "3",
        "Type": "User",
        "Reason": "CallerRateLimitExceeded",
        "message": "Rate exceeded",
    }


def test_service_error_fields_merge_and_refuse_a_name_given_twice():
    from eventmock.core.errors import ServiceError

    error = ServiceError("C", "m", status=400, fields={"code": "x", "status": "y", "query_code": "z", "message": "w"}, Key="k")
    assert (error.code, error.message, error.status, error.query_code) == ("C", "m", 400, None)
    assert error.fields == {"code": "x", "status": "y", "query_code": "z", "message": "w", "Key": "k"}
    with pytest.raises(TypeError, match="given twice: Key"):
        ServiceError("C", "m", fields={"Key": "a"}, Key="b")


def test_failed_call_changes_no_state():
    with mock_aws():
        client = pinpoint()
        app = client.create_app(CreateApplicationRequest={"Name": "x"})["ApplicationResponse"]["Id"]
        with pytest.raises(client.exceptions.BadRequestException):
            client.put_event_stream(
                ApplicationId=app, WriteEventStream={"DestinationStreamArn": "not-an-arn", "RoleArn": "arn:aws:iam::123456789012:role/r"}
            )
        with pytest.raises(client.exceptions.NotFoundException):
            client.get_event_stream(ApplicationId=app)


def test_timestamps_come_from_the_freezegun_controlled_clock():
    with mock_aws(), freeze_time("2024-02-29 12:34:56.789"):
        app = pinpoint().create_app(CreateApplicationRequest={"Name": "t"})["ApplicationResponse"]
        date = pinpoint().get_apps()["ResponseMetadata"]["HTTPHeaders"]["date"]
    assert app["CreationDate"] == "2024-02-29T12:34:56.789Z"
    assert date == "Thu, 29 Feb 2024 12:34:56 GMT"


@pytest.mark.parametrize("tz_offset", [0, 5])
def test_every_time_eventmock_gives_reads_the_one_clock_under_freezegun(tz_offset):
    # freezegun's tz_offset shifts datetime.now(timezone.utc) but not time.time():
    # eventmock's times (an event's time, SQS's epoch milliseconds, the date header,
    # the inspection view) must all agree all the same.
    with freeze_time("2024-02-29 12:34:56", tz_offset=tz_offset), mock_aws() as aws:
        expected = dt.datetime.now(dt.timezone.utc)
        sqs = boto3.client("sqs", region_name="us-east-1")
        events = boto3.client("events", region_name="us-east-1")
        url = sqs.create_queue(QueueName="q", Attributes={"MessageRetentionPeriod": "3600"})["QueueUrl"]
        events.put_rule(Name="r", EventPattern=json.dumps({"source": ["app"]}))
        events.put_targets(Rule="r", Targets=[{"Id": "q", "Arn": "arn:aws:sqs:us-east-1:123456789012:q"}])
        events.put_events(Entries=[{"Source": "app", "DetailType": "t", "Detail": "{}"}])
        received = sqs.receive_message(QueueUrl=url, AttributeNames=["SentTimestamp"], VisibilityTimeout=600)
        [message] = received["Messages"]
        [seen] = aws.sqs.messages(url)
    assert json.loads(message["Body"])["time"] == expected.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert int(message["Attributes"]["SentTimestamp"]) == int(expected.timestamp() * 1000)
    assert received["ResponseMetadata"]["HTTPHeaders"]["date"] == expected.strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert seen.in_flight


def test_eight_threads_creating_concurrently_lose_nothing():
    with mock_aws():
        errors: list[BaseException] = []

        def worker(n: int) -> None:
            try:
                client = pinpoint()
                for i in range(25):
                    client.create_app(CreateApplicationRequest={"Name": f"t{n}-{i}"})
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        names = []
        client, token = pinpoint(), None
        while True:
            page = client.get_apps(PageSize="50", **({"Token": token} if token else {}))["ApplicationsResponse"]
            names += [a["Name"] for a in page["Item"]]
            token = page.get("NextToken")
            if not token:
                break
        assert sorted(names) == sorted(f"t{n}-{i}" for n in range(8) for i in range(25))


@pytest.mark.model("dataexchange", "CreateJobRequest", "AssetConfiguration")
def test_backend_methods_take_model_members_and_require_what_the_model_requires():
    """Dispatch passes boto3's params as keyword arguments. A backend method takes only
    members of its operation's input shape, by their boto3 names; it takes every
    required member, and requires nothing the model does not (models relax over time:
    a member required in one botocore may be optional in the next). (A member it does not take is refused
    at call time, next test, so a newer botocore model breaks nothing.)"""
    session = botocore.session.get_session()
    for service in registry.SERVICES:
        model = session.get_service_model(service)
        table = registry.ServiceTable(model)
        assert table.operations, f"{service} emulates no operation"
        cls = registry.backend_class(service)
        for name, op in table.operations.items():
            shape = model.operation_model(name).input_shape
            members = set(shape.members) if shape else set()
            required = set(shape.required_members) if shape else set()
            params = inspect.signature(getattr(cls, op.method)).parameters
            # a method written once for several operations takes ``**params``: any member
            open_ended = any(v.kind is inspect.Parameter.VAR_KEYWORD for v in params.values())
            taken = {p for p, v in params.items() if p != "self" and v.kind is not inspect.Parameter.VAR_KEYWORD}
            assert taken <= members, f"{service}.{name}: takes {sorted(taken - members)}, not in the model"
            reachable = taken | (members if open_ended else set())
            assert required <= reachable, f"{service}.{name}: does not take required {sorted(required - reachable)}"
            mandatory = {
                p for p, v in params.items() if p != "self" and v.default is inspect.Parameter.empty and v.kind is not inspect.Parameter.VAR_KEYWORD
            }
            assert mandatory <= required, f"{service}.{name}: requires {sorted(mandatory - required)}, the model does not"


def test_a_parameter_the_backend_does_not_take_fails_loudly_naming_it(monkeypatch):
    from eventmock.services.pinpoint.backend import PinpointBackend

    def get_apps(self, PageSize=None):  # a backend that does not take Token
        return {"ApplicationsResponse": {"Item": []}}

    monkeypatch.setattr(PinpointBackend, "get_apps", get_apps)
    monkeypatch.setattr(registry, "_tables", {})
    with mock_aws():
        client = pinpoint()
        assert client.get_apps(PageSize="5")["ApplicationsResponse"] == {"Item": []}
        with pytest.raises(NotEmulatedError, match=r"parameter\(s\) Token of pinpoint\.GetApps"):
            client.get_apps(Token="t")
