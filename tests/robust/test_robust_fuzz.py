"""Fuzzing every emulated operation of every service from its model: whatever the
params, a mocked call raises only what boto3 raises for AWS's answers (``ClientError``),
botocore's own client-side errors, or eventmock's ``NotEmulatedError``; and eventmock's
net catches nothing (an ``InternalFailure`` would be a bug).

Two sources of params, per service: values of the model's types with hostile content
(lone surrogates and control characters, JSON nested past any parser's depth, broken
JSON paths, extreme numbers and timestamps), through a validating client; and values of the wrong type, through a client
with ``parameter_validation=False``. Resource names come from a small pool, so that a
run creates resources and then uses them.

Bounded by default (a few seconds per mode); ``EVENTMOCK_FUZZ=deep`` runs many more
examples.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import traceback
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from botocore.model import Shape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eventmock
from eventmock import NotEmulatedError
from eventmock.core import registry

#: One session for every client here: a session loads each service model once.
_SESSION = boto3.session.Session()
DEEP = os.environ.get("EVENTMOCK_FUZZ", "") == "deep"
EXAMPLES = 1500 if DEEP else 25
SERVICES = sorted(registry.SERVICES)

_DEEP_JSON = '{"a":' * 5_000 + "1" + "}" * 5_000
#: Strings that have broken eventmock before, and names that make calls meet.
HOSTILE = [
    "",
    "a",
    "b",
    "default",
    "a\ud800",
    "\udfff",
    "\x00",
    "x" * 300,
    _DEEP_JSON,
    "[" * 5_000 + "]" * 5_000,
    "{}",
    "[]",
    "null",
    '{"source":["a"]}',
    '{"a":"\\ud800"}',
    "$.",
    "$..a",
    "$.detail..a",
    "detail",
    "<a>",
    "rate(1 minute)",
    "cron(0 12 * * ? *)",
    "arn:aws:sqs:us-east-1:123456789012:a",
    "arn:aws:kinesis:us-east-1:123456789012:stream/a",
    "arn:aws:events:us-east-1:123456789012:event-bus/default",
    "arn:aws:firehose:us-east-1:123456789012:deliverystream/a",
    "arn:aws:iam::123456789012:role/r",
    "arn:aws:lambda:us-east-1:123456789012:function:a",
    "arn:aws:s3:::a",
    "https://sqs.us-east-1.amazonaws.com/123456789012/a",
    "-1",
    "1e400",
    "NaN",
    "99999999999999999999",
    "1e999",
    "rate(99999999999999 days)",
    "\x01",
    "a\x00b\x1f",
    "\x0b\x0c\ufffe",
]
#: What breaks a parser or an encoder: drawn often, so that rare combinations still come.
NASTY = [_DEEP_JSON, "[" * 5_000 + "]" * 5_000, "a\ud800", "", "$.", '{"a":"\ud800"}', "x" * 300, "{", "a\x00\x01\x1fb", "99999999999999999999"]
#: Any text, control characters and lone surrogates included.
_any_text = st.text(st.characters(exclude_categories=()), max_size=12)
_strings = st.one_of(st.just("aaa"), st.sampled_from(NASTY), st.sampled_from(HOSTILE), _any_text)
_integers = st.one_of(st.integers(-3, 20), st.sampled_from([0, 2**31 - 1, -(2**31), 2**63 - 1, 10**6]))
_floats = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-3, 3))
_times = st.datetimes(min_value=dt.datetime(1970, 1, 2), max_value=dt.datetime(2200, 1, 1), timezones=st.just(dt.timezone.utc))
_wrong = st.one_of(
    st.integers(),
    st.text(max_size=5),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.floats(),
)


def _values(shape: Shape, depth: int = 0, wrong: bool = False) -> st.SearchStrategy[Any]:
    """Values of ``shape``; with ``wrong``, any member may be of another type."""
    right = _right(shape, depth, wrong)
    return st.one_of(right, right, right, _wrong) if wrong else right


#: Members that name the resources ``SETUP`` makes: half the time, they name them.
NAMED = {
    "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/aaa",
    "StreamARN": "arn:aws:kinesis:us-east-1:123456789012:stream/aaa",
    "ResourceARN": "arn:aws:events:us-east-1:123456789012:rule/aaa",
    "Arn": "arn:aws:sqs:us-east-1:123456789012:aaa",
    "EventBusName": "aaa",
    "TopicArn": "arn:aws:sns:us-east-1:123456789012:aaa",
    "TargetArn": "arn:aws:sns:us-east-1:123456789012:aaa",
}


def _member(name: str, shape: Shape, depth: int, wrong: bool) -> st.SearchStrategy[Any]:
    values = _values(shape, depth + 1, wrong)
    if name in NAMED:
        return st.one_of(st.just(NAMED[name]), values)
    if shape.type_name == "string" and name.endswith("Name") and not shape.enum:
        return st.one_of(st.just(RES), values)
    return values


def _right(shape: Shape, depth: int, wrong: bool) -> st.SearchStrategy[Any]:
    kind = shape.type_name
    if kind == "structure":
        if shape.is_document_type or depth > 4:
            return st.just({})
        required = {name: _member(name, shape.members[name], depth, wrong) for name in shape.required_members}
        optional = {name: _member(name, m, depth, wrong) for name, m in shape.members.items() if name not in required}
        return st.fixed_dictionaries(required, optional=optional)
    if kind == "list":
        return st.lists(_values(shape.member, depth + 1, wrong), max_size=0 if depth > 4 else 3)
    if kind == "map":
        key = st.sampled_from(shape.key.enum) if shape.key.enum else _right(shape.key, depth + 1, False)
        return st.dictionaries(key, _values(shape.value, depth + 1, wrong), max_size=0 if depth > 4 else 3)
    if kind == "string":
        return st.one_of(st.sampled_from(shape.enum), _strings) if shape.enum else _strings
    if kind in ("integer", "long"):
        return _integers
    if kind in ("float", "double"):
        return _floats
    if kind == "boolean":
        return st.booleans()
    if kind == "timestamp":
        return _times
    if kind == "blob":
        return st.one_of(st.binary(max_size=16), st.sampled_from([_DEEP_JSON.encode(), b"\xff\xfe", b'{"a":1}']))
    return st.none()


def _calls(service: str, wrong: bool) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    model = _SESSION.client(service, region_name="us-east-1").meta.service_model
    table = registry.table(model)
    options = []
    for name in sorted(table.operations):
        shape = model.operation_model(name).input_shape
        params = _values(shape, 0, wrong) if shape is not None else st.just({})
        options.append(st.tuples(st.just(name), params))
    return st.one_of(*options)


RES = "aaa"
ROLE = "arn:aws:iam::123456789012:role/r"
QUEUE = "arn:aws:sqs:us-east-1:123456789012:" + RES

#: Resources named RES (the name the strings favour), so that calls reach past "not found".
SETUP: dict[str, Any] = {
    "sqs": lambda c: c.create_queue(QueueName=RES),
    "kinesis": lambda c: c.create_stream(StreamName=RES, ShardCount=1),
    "events": lambda c: (
        c.create_event_bus(Name=RES),
        c.put_rule(Name=RES, EventPattern='{"source":["a"]}'),
        c.put_targets(Rule=RES, Targets=[{"Id": RES, "Arn": "arn:aws:sqs:us-east-1:123456789012:" + RES}]),
    ),
    "s3": lambda c: c.create_bucket(Bucket=RES),
    "firehose": lambda c: c.create_delivery_stream(
        DeliveryStreamName=RES, ExtendedS3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::" + RES}
    ),
    "customer-profiles": lambda c: c.create_domain(DomainName=RES, DefaultExpirationDays=1),
    "lambda": lambda c: eventmock.register_lambda("arn:aws:lambda:us-east-1:123456789012:function:" + RES, lambda event, context: event),
    "sns": lambda c: c.subscribe(TopicArn=c.create_topic(Name=RES)["TopicArn"], Protocol="sqs", Endpoint=QUEUE),
    "logs": lambda c: (c.create_log_group(logGroupName=RES), c.create_log_stream(logGroupName=RES, logStreamName=RES)),
    "scheduler": lambda c: c.create_schedule(
        Name=RES, ScheduleExpression="rate(1 hour)", FlexibleTimeWindow={"Mode": "OFF"}, Target={"Arn": QUEUE, "RoleArn": ROLE}
    ),
    "pipes": lambda c: c.create_pipe(Name=RES, Source=QUEUE, Target=QUEUE, RoleArn=ROLE),
}
#: Services whose setup needs another's resources.
NEEDS = {"events": ["sqs"], "firehose": ["s3"], "sns": ["sqs"], "scheduler": ["sqs"], "pipes": ["sqs"]}


def _set_up(service: str) -> None:
    for name in [*NEEDS.get(service, []), service]:
        make = SETUP.get(name)
        if make is not None:
            client = _SESSION.client(name, region_name="us-east-1", aws_access_key_id="123456789012", aws_secret_access_key="x")
            make(client)


class _Caught(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _from_eventmock(exc: BaseException) -> bool:
    return any("/eventmock/" in frame.filename for frame in traceback.extract_tb(exc.__traceback__))


def _fuzz(service: str, wrong: bool) -> None:
    config = Config(parameter_validation=not wrong, retries={"max_attempts": 0})
    caught = _Caught()
    logger = logging.getLogger("eventmock")

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=not DEEP,  # the same examples on every CI run; the deep run explores
        suppress_health_check=list(HealthCheck),
    )
    @given(call=_calls(service, wrong))
    def run(call: tuple[str, dict[str, Any]]) -> None:
        caught.records.clear()  # each example answers for itself
        operation, params = call
        method = getattr(client, _python_name(operation))
        try:
            method(**params)
        except (ClientError, NotEmulatedError):
            pass
        except BotoCoreError:
            pass  # botocore's own client-side checks (ParamValidationError, ...)
        except UnicodeEncodeError as exc:
            _unsendable(service, exc)
        except Exception as exc:  # noqa: BLE001 - the point of the test
            if _from_eventmock(exc):
                raise AssertionError(f"{service}.{operation}({params!r}) raised {type(exc).__name__}: {exc}") from exc
            # botocore's serializer refusing a wrong type itself: not eventmock's
        assert not caught.records, f"{service}.{operation}({params!r}) reached eventmock's net: {caught.records[0].getMessage()}"

    with eventmock.mock_aws():
        _set_up(service)
        client = _SESSION.client(
            service, region_name="us-east-1", config=config, aws_access_key_id="123456789012", aws_secret_access_key="x"
        )
        logger.addHandler(caught)
        try:
            run()
        finally:
            logger.removeHandler(caught)


_NAMES: dict[str, str] = {}


def _python_name(operation: str) -> str:
    from botocore import xform_name

    name = _NAMES.get(operation)
    if name is None:
        name = _NAMES[operation] = xform_name(operation)
    return name


@pytest.mark.parametrize("service", SERVICES)
def test_valid_shapes_with_hostile_values(service: str) -> None:
    _fuzz(service, wrong=False)


@pytest.mark.parametrize("service", SERVICES)
def test_wrong_types_with_validation_off(service: str) -> None:
    _fuzz(service, wrong=True)


# -- a systematic sweep: every string member of every operation, each nasty value -----------

SWEEP = NASTY if DEEP else [_DEEP_JSON, "a\ud800", "$.", "a\x00\x01\x1fb"]


def _baseline(name: str, shape: Shape, depth: int = 0) -> Any:
    """A plain valid value: required members only, resources named as ``SETUP`` makes them."""
    kind = shape.type_name
    if kind == "structure":
        if shape.is_document_type:
            return {}
        return {n: _baseline(n, shape.members[n], depth + 1) for n in shape.required_members}
    if kind == "list":
        return [_baseline(name, shape.member, depth + 1)] if depth < 4 else []
    if kind == "map":
        return {}
    if kind == "string":
        return shape.enum[0] if shape.enum else NAMED.get(name, RES)
    if kind in ("integer", "long", "float", "double"):
        return max(1, shape.metadata.get("min", 1))
    if kind == "boolean":
        return False
    if kind == "timestamp":
        return dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    if kind == "blob":
        return b"a"
    return None


def _variants(shape: Shape, base: Any, depth: int = 0) -> list[Any]:
    """``base`` with one string (or string-valued map entry) at a time made nasty,
    down to structures of structures and first list items."""
    out: list[Any] = []
    if shape.type_name == "structure" and not shape.is_document_type and depth < 3:
        for name, member in shape.members.items():
            inner = base.get(name) if name in base else _baseline(name, member, depth + 1)
            for changed in _variants(member, inner, depth + 1):
                out.append({**base, name: changed})
    elif shape.type_name == "list" and depth < 3:
        item = base[0] if base else _baseline("", shape.member, depth + 1)
        out += [[changed] for changed in _variants(shape.member, item, depth + 1)]
    elif shape.type_name == "map" and shape.value.type_name == "string":
        keys = list(shape.key.enum) if shape.key.enum else ["a"]
        out += [{key: value} for key in keys for value in SWEEP]
    elif shape.type_name == "string" and not shape.enum:
        out += SWEEP
    return out


def _sweep_calls(service: str) -> list[tuple[str, dict[str, Any]]]:
    model = _SESSION.client(service, region_name="us-east-1").meta.service_model
    calls = []
    for name in sorted(registry.table(model).operations):
        shape = model.operation_model(name).input_shape
        if shape is None:
            calls.append((name, {}))
            continue
        base = _baseline("", shape)
        calls += [(name, base)] + [(name, params) for params in _variants(shape, base)]
    return calls


@pytest.mark.parametrize("service", SERVICES)
def test_every_string_member_with_each_nasty_value(service: str) -> None:
    caught = _Caught()
    logger = logging.getLogger("eventmock")
    with eventmock.mock_aws():
        _set_up(service)
        client = _SESSION.client(
            service, region_name="us-east-1", config=Config(retries={"max_attempts": 0}), aws_access_key_id="123456789012", aws_secret_access_key="x"
        )
        logger.addHandler(caught)
        try:
            for operation, params in _sweep_calls(service):
                try:
                    getattr(client, _python_name(operation))(**params)
                except (ClientError, NotEmulatedError, BotoCoreError):
                    pass
                except UnicodeEncodeError as exc:
                    _unsendable(service, exc)
                except Exception as exc:  # noqa: BLE001 - the point of the test
                    if _from_eventmock(exc):
                        raise AssertionError(f"{service}.{operation}({_short(params)}) raised {type(exc).__name__}: {exc}") from exc
                assert not caught.records, f"{service}.{operation}({_short(params)}) reached eventmock's net: {caught.records[0].getMessage()}"
        finally:
            logger.removeHandler(caught)


#: The protocols botocore encodes as UTF-8 text whole: a lone surrogate cannot be sent.
_UTF8_PROTOCOLS = ("query", "rest-xml", "rest-json")


def _unsendable(service: str, exc: UnicodeEncodeError) -> None:
    """botocore cannot encode a lone surrogate for these protocols (a rest-json URI or
    header member, too): it raises this before sending, and so does the fast path."""
    protocol = _SESSION.client(service, region_name="us-east-1").meta.service_model.protocol
    assert protocol in _UTF8_PROTOCOLS and exc.reason == "surrogates not allowed", f"{service}: {exc!r}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 300 else text[:300] + "..."
