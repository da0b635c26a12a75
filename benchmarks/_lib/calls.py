"""Per-call latency: one boto3 call answered by eventmock, by moto and by botocore's
``Stubber``, in the same process.

Each scenario is written once against boto3: the same set-up code creates the
resources under eventmock and under moto (they are drop-in for each other), and the
timed call is the same client method with the same params. The ``Stubber`` answers
that same call with the response eventmock gave, queued in advance: what is left is
botocore's own client-side cost (parameter validation, the event hooks, building the
response) with no emulation at all, the floor any in-process mock pays.

Each repeat enters a fresh mock per contender, sets up, warms up and times one batch,
then leaves; repeats alternate the contenders (see :mod:`.timing`).
"""

from __future__ import annotations

import functools
import gc
import itertools
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.stub import Stubber

from eventmock.core import registry

from . import timing

REGION = "us-east-1"
ACCOUNT = "123456789012"
KINESIS_ARN = f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/bench"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/bench"

#: A client factory: ``make("events")`` gives a client in ``REGION``.
Make = Callable[..., Any]


@dataclass
class Prepared:
    """The timed call: ``client.<method>(**params)``; ``check`` asserts that its answer
    shows the emulation did what the scenario says."""

    client: Any
    method: str
    params: dict[str, Any]
    check: Callable[[dict[str, Any]], object] = lambda result: None
    #: Params for successive calls instead of ``params`` each time (cycled through).
    variants: list[dict[str, Any]] | None = None

    def call(self) -> Callable[[], dict[str, Any]]:
        method = getattr(self.client, self.method)
        if self.variants is None:
            return functools.partial(method, **self.params)
        params = itertools.cycle(self.variants)
        return lambda: method(**next(params))


@dataclass
class Scenario:
    key: str
    #: Services eventmock must emulate for the scenario to run.
    services: tuple[str, ...]
    setup: Callable[[Make], Prepared]
    #: A simple call: the 1.3x-of-Stubber target applies to it.
    simple: bool
    #: Why moto is not compared (``None``: moto emulates the call).
    moto_skip: str | None = None
    #: Calls per timed batch, relative to the run's base number.
    weight: float = 1.0
    note: str = ""


# -- scenarios --------------------------------------------------------------------------


def _kinesis_stream(make: Make) -> None:
    make("kinesis").create_stream(StreamName="bench", ShardCount=1)


def get_app(make: Make) -> Prepared:
    pinpoint = make("pinpoint")
    app_id = pinpoint.create_app(CreateApplicationRequest={"Name": "bench"})["ApplicationResponse"]["Id"]
    return Prepared(pinpoint, "get_app", {"ApplicationId": app_id}, lambda r: r["ApplicationResponse"]["Id"] == app_id or _fail(r))


def put_event_stream(make: Make) -> Prepared:
    _kinesis_stream(make)
    pinpoint = make("pinpoint")
    app_id = pinpoint.create_app(CreateApplicationRequest={"Name": "bench"})["ApplicationResponse"]["Id"]
    stream = {"DestinationStreamArn": KINESIS_ARN, "RoleArn": ROLE_ARN}
    return Prepared(pinpoint, "put_event_stream", {"ApplicationId": app_id, "WriteEventStream": stream})


def _pattern(source: str) -> str:
    return json.dumps({"source": [source], "detail-type": ["Order Placed"], "detail": {"total": [{"numeric": [">", 100]}]}})


def put_rule(make: Make) -> Prepared:
    return Prepared(make("events"), "put_rule", {"Name": "bench", "EventPattern": _pattern("bench.orders")})


#: Sources never used before in this process: every call brings a new pattern.
_fresh = itertools.count()
#: Distinct params per set-up: more than any batch's calls (warm-up and check included).
VARIANTS = 4_096


def put_rule_new_pattern(make: Make) -> Prepared:
    variants = [{"Name": "bench", "EventPattern": _pattern(f"bench.{next(_fresh)}")} for _ in range(VARIANTS)]
    return Prepared(make("events"), "put_rule", variants[0], variants=variants)


def _entry(i: int = 0) -> dict[str, Any]:
    return {"Source": "bench.orders", "DetailType": "Order Placed", "Detail": json.dumps({"order": i, "total": 250})}


def _accepted(count: int) -> Callable[[dict[str, Any]], object]:
    def check(result: dict[str, Any]) -> object:
        return (result["FailedEntryCount"] == 0 and len(result["Entries"]) == count) or _fail(result)

    return check


def put_events_1(make: Make) -> Prepared:
    return Prepared(make("events"), "put_events", {"Entries": [_entry()]}, _accepted(1))


def put_events_10(make: Make) -> Prepared:
    return Prepared(make("events"), "put_events", {"Entries": [_entry(i) for i in range(10)]}, _accepted(10))


def _matching_rule(events: Any, target: dict[str, Any]) -> None:
    events.put_rule(Name="orders", EventPattern=json.dumps({"source": ["bench.orders"]}))
    events.put_targets(Rule="orders", Targets=[target])


def put_events_kinesis_target(make: Make) -> Prepared:
    _kinesis_stream(make)
    events = make("events")
    _matching_rule(events, {"Id": "stream", "Arn": KINESIS_ARN, "RoleArn": ROLE_ARN})
    return Prepared(events, "put_events", {"Entries": [_entry()]}, _accepted(1))


def put_events_sqs_target(make: Make) -> Prepared:
    queue_url = make("sqs").create_queue(QueueName="bench")["QueueUrl"]
    events = make("events")
    _matching_rule(events, {"Id": "queue", "Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:bench"})
    sqs = make("sqs")

    def check(result: dict[str, Any]) -> object:
        _accepted(1)(result)
        got = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=1, VisibilityTimeout=0).get("Messages")
        return got or _fail("the matched SQS target received nothing")

    return Prepared(events, "put_events", {"Entries": [_entry()]}, check)


def create_profile(make: Make) -> Prepared:
    _kinesis_stream(make)
    profiles = make("customer-profiles")
    profiles.create_domain(DomainName="bench", DefaultExpirationDays=365)
    profiles.create_event_stream(DomainName="bench", EventStreamName="bench", Uri=KINESIS_ARN)
    params = {"DomainName": "bench", "FirstName": "Ada", "LastName": "Lovelace", "EmailAddress": "ada@example.com"}
    return Prepared(profiles, "create_profile", params, lambda r: r["ProfileId"] or _fail(r))


def receive_message(make: Make) -> Prepared:
    sqs = make("sqs")
    url = sqs.create_queue(QueueName="bench")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"order": 1}))
    # VisibilityTimeout=0: the message stays visible, so every call receives it.
    params = {"QueueUrl": url, "MaxNumberOfMessages": 1, "VisibilityTimeout": 0}
    return Prepared(sqs, "receive_message", params, lambda r: len(r.get("Messages") or ()) == 1 or _fail(r))


def put_log_events(make: Make) -> Prepared:
    logs = make("logs")
    logs.create_log_group(logGroupName="/bench/app")
    logs.create_log_stream(logGroupName="/bench/app", logStreamName="bench")
    now = int(time.time() * 1000)
    params = {"logGroupName": "/bench/app", "logStreamName": "bench", "logEvents": [{"timestamp": now, "message": "GET /orders 200 12ms"}]}
    return Prepared(logs, "put_log_events", params, lambda r: "rejectedLogEventsInfo" not in r or _fail(r))


def put_log_events_10(make: Make) -> Prepared:
    """A batch of 10 events a millisecond apart, each batch after the last, as a
    process's log lines arrive (a batch older than what the stream holds is stored in
    order too, at the cost of an insertion)."""
    logs = make("logs")
    logs.create_log_group(logGroupName="/bench/app")
    logs.create_log_stream(logGroupName="/bench/app", logStreamName="bench")
    now = int(time.time() * 1000)
    variants = [
        {
            "logGroupName": "/bench/app",
            "logStreamName": "bench",
            "logEvents": [{"timestamp": now + 10 * call + i, "message": f"GET /orders/{i} 200 12ms"} for i in range(10)],
        }
        for call in range(4_096)
    ]
    return Prepared(logs, "put_log_events", variants[0], lambda r: "rejectedLogEventsInfo" not in r or _fail(r), variants)


def sns_publish_sqs(make: Make) -> Prepared:
    sqs = make("sqs")
    url = sqs.create_queue(QueueName="bench")["QueueUrl"]
    sns = make("sns")
    topic = sns.create_topic(Name="bench")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=f"arn:aws:sqs:{REGION}:{ACCOUNT}:bench")

    def check(result: dict[str, Any]) -> object:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, VisibilityTimeout=0).get("Messages")
        return (result["MessageId"] and got) or _fail("the SQS subscriber received nothing")

    return Prepared(sns, "publish", {"TopicArn": topic, "Message": json.dumps({"order": 1})}, check)


def _fail(detail: object) -> bool:
    raise AssertionError(f"unexpected answer: {detail!r}")


SCENARIOS = [
    Scenario("pinpoint.get_app", ("pinpoint",), get_app, simple=True),
    Scenario("pinpoint.put_event_stream", ("pinpoint", "kinesis"), put_event_stream, simple=True),
    Scenario("events.put_rule", ("events",), put_rule, simple=True, note="the same rule put again with the same pattern"),
    Scenario(
        "events.put_rule (a new pattern each call)",
        ("events",),
        put_rule_new_pattern,
        simple=True,
        note="every call compiles a pattern never seen before",
    ),
    Scenario("events.put_events (1 entry, no rule)", ("events",), put_events_1, simple=True),
    Scenario("events.put_events (10 entries, no rule)", ("events",), put_events_10, simple=False, weight=0.5),
    Scenario(
        "events.put_events (1 entry, matched Kinesis target)",
        ("events", "kinesis"),
        put_events_kinesis_target,
        simple=False,
        moto_skip="moto matches the rule but does not deliver to Kinesis targets",
        note="a Kinesis target: the same rule and event as the SQS row",
    ),
    Scenario("events.put_events (1 entry, matched SQS target)", ("events", "sqs"), put_events_sqs_target, simple=False),
    Scenario(
        "customer-profiles.create_profile (with an event stream)",
        ("customer-profiles", "kinesis"),
        create_profile,
        simple=False,
        moto_skip="moto does not emulate Customer Profiles",
    ),
    Scenario("sqs.receive_message (1 message)", ("sqs",), receive_message, simple=True),
    Scenario("logs.put_log_events (1 event)", ("logs",), put_log_events, simple=True),
    Scenario("logs.put_log_events (10 events)", ("logs",), put_log_events_10, simple=True),
    Scenario("sns.publish (1 SQS subscriber)", ("sns", "sqs"), sns_publish_sqs, simple=False),
]


# -- contenders -------------------------------------------------------------------------


class _Clients:
    """Clients come from one botocore session, made once moto (if compared) is
    imported, so that it carries every mock's hooks; its loader keeps the service
    models, so a new client costs milliseconds rather than a model load. Credentials
    are explicit fake ones, for every contender alike."""

    session: boto3.session.Session | None = None

    @classmethod
    def factory(cls, key: str = "testing") -> Make:
        if cls.session is None:
            cls.session = boto3.session.Session()
        session = cls.session

        def make(service: str, region: str = REGION) -> Any:
            return session.client(service, region_name=region, aws_access_key_id=key, aws_secret_access_key=key)

        return make


def _time_in(activation: Callable[[], Any], scenario: Scenario, number: int, warmup: int) -> tuple[float, dict[str, Any], Prepared]:
    """Enter a fresh mock, set the scenario up, check and time one batch, leave."""
    with activation():
        prepared = scenario.setup(_Clients.factory())
        call = prepared.call()
        result = call()
        prepared.check(result)
        for _ in range(warmup):
            call()
        seconds = timing.batch(call, number)
    return seconds, result, prepared


def _stubbed(scenario: Scenario, prepared: Prepared, response: dict[str, Any], number: int, warmup: int) -> float:
    client = _Clients.factory("stubber")(prepared.client.meta.service_model.service_name)
    call = functools.partial(getattr(client, prepared.method), **prepared.params)
    with Stubber(client) as stubber:
        # Queue every answer first: the floor is the call alone, not add_response's own
        # validation of the queued response.
        for _ in range(number + warmup):
            stubber.add_response(prepared.method, response)
        for _ in range(warmup):
            call()
        seconds = timing.batch(call, number)
        stubber.assert_no_pending_responses()
    return seconds


@dataclass
class Row:
    scenario: Scenario
    #: Seconds per call, median over repeats; ``None``: not measured.
    eventmock: float | None = None
    stubber: float | None = None
    moto: float | None = None
    skipped: str | None = None
    moto_note: str | None = None
    spread: dict[str, float] = field(default_factory=dict)
    #: Seconds per call of every repeat, per contender (repeat ``i`` of each ran back
    #: to back).
    runs: dict[str, list[float]] = field(default_factory=dict)

    @property
    def vs_stubber(self) -> float | None:
        return self._paired("eventmock", "stubber")

    @property
    def moto_speedup(self) -> float | None:
        return self._paired("moto", "eventmock")

    def _paired(self, top: str, bottom: str) -> float | None:
        """The median over repeats of ``top / bottom`` within each repeat: the two ran
        back to back, so a burst of load on the shared machine slows both alike and
        drops out of their ratio (the ratio of the medians would keep it)."""
        tops, bottoms = self.runs.get(top), self.runs.get(bottom)
        if not tops or not bottoms:
            return None
        return statistics.median(t / b for t, b in zip(tops, bottoms))


def run(number: int, repeat: int, with_moto: bool, progress: Callable[[str], None] = print) -> list[Row]:
    import eventmock

    moto_activation: Callable[[], Any] | None = None
    if with_moto:
        import moto

        moto_activation = moto.mock_aws

    _Clients.session = None  # a new one, made after moto's import: it carries moto's hook
    rows = []
    for scenario in SCENARIOS:
        missing = [s for s in scenario.services if not registry.is_emulated(s)]
        if missing:
            row = Row(scenario, skipped=f"not emulated yet: {', '.join(missing)}")
            progress(f"  {scenario.key:<58} skipped: {row.skipped}")
            rows.append(row)
            continue
        n = max(10, int(number * scenario.weight))
        warmup = max(3, n // 20)
        runs: dict[str, list[float]] = {"eventmock": [], "stubber": [], "moto": []}
        compare_moto = moto_activation is not None and scenario.moto_skip is None
        response: dict[str, Any] | None = None
        template: Prepared | None = None
        for _ in range(repeat):
            gc.collect()
            seconds, result, prepared = _time_in(eventmock.mock_aws, scenario, n, warmup)
            runs["eventmock"].append(seconds)
            if response is None:
                # The Stubber answers the same call with the response eventmock gave.
                response = {k: v for k, v in result.items() if k != "ResponseMetadata"}
                template = prepared
            assert template is not None
            runs["stubber"].append(_stubbed(scenario, template, response, n, warmup))
            if compare_moto:
                assert moto_activation is not None
                # moto is ~10-100x slower: a tenth of the calls keeps the batch long enough.
                runs["moto"].append(_time_in(moto_activation, scenario, max(10, n // 10), max(2, warmup // 10))[0])
        row = Row(scenario)
        row.eventmock = statistics.median(runs["eventmock"])
        row.stubber = statistics.median(runs["stubber"])
        row.spread = {k: (max(v) - min(v)) / statistics.median(v) for k, v in runs.items() if v}
        row.runs = {k: v for k, v in runs.items() if v}
        if compare_moto:
            row.moto = statistics.median(runs["moto"])
        else:
            row.moto_note = "moto not installed" if moto_activation is None else scenario.moto_skip
        progress(_progress_line(row))
        rows.append(row)
    return rows


def _progress_line(row: Row) -> str:
    assert row.eventmock is not None and row.stubber is not None
    moto = f"moto {row.moto * 1e6:9.1f} us ({row.moto_speedup:5.1f}x slower)" if row.moto else f"moto: {row.moto_note}"
    return (
        f"  {row.scenario.key:<58} eventmock {row.eventmock * 1e6:7.1f} us  Stubber {row.stubber * 1e6:7.1f} us"
        f"  ({row.vs_stubber:4.2f}x)  {moto}"
    )


def profile(key: str, number: int, top: int = 25) -> None:
    """cProfile one scenario's call under eventmock: the functions with the most time of
    their own, and the time of each call split by where the code lives (eventmock,
    botocore, the rest). Profiling slows small functions most: read the split as
    proportions, not as absolute figures."""
    import cProfile
    import os
    import pstats

    import botocore

    import eventmock

    found = [s for s in SCENARIOS if s.key == key or s.key.startswith(key)]
    if not found:
        raise SystemExit(f"no scenario {key!r}; one of: {', '.join(s.key for s in SCENARIOS)}")
    scenario = found[0]
    _Clients.session = None
    with eventmock.mock_aws():
        prepared = scenario.setup(_Clients.factory())
        call = prepared.call()
        prepared.check(call())
        for _ in range(max(10, number // 20)):
            call()
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(number):
            call()
        profiler.disable()
    stats = pstats.Stats(profiler)
    roots = {
        "eventmock": os.path.dirname(eventmock.__file__),
        "botocore": os.path.dirname(botocore.__file__),
    }
    split = {"eventmock": 0.0, "botocore": 0.0, "other": 0.0}
    for (filename, _, _), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = next((name for name, root in roots.items() if filename.startswith(root)), "other")
        split[where] += own
    total = sum(split.values())
    print(f"{scenario.key}: {total / number * 1e6:.1f} us per call under cProfile")
    for where, own in split.items():
        print(f"  {where:<10} {own / number * 1e6:8.1f} us  {own / total:6.1%}")
    stats.sort_stats("tottime").print_stats(top)
