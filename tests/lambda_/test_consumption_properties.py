"""Properties of consumption through the shared poller, whatever the batching, the
sending and the failures: every matching message is handled successfully exactly once;
nothing else reaches the function; the queue ends empty."""

from __future__ import annotations

import json

import boto3
from hypothesis import given, settings
from hypothesis import strategies as st

from eventmock import mock_aws, register_lambda

FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:worker"


@settings(deadline=None, max_examples=25)
@given(
    kinds=st.lists(st.sampled_from(["a", "b"]), min_size=1, max_size=40),
    batch_size=st.integers(min_value=1, max_value=15),
    window=st.integers(min_value=0, max_value=3),
    chunk=st.integers(min_value=1, max_value=10),
    failing=st.sets(st.integers(min_value=0, max_value=39), max_size=5),
    partial=st.booleans(),
)
def test_each_matching_message_succeeds_exactly_once(kinds, batch_size, window, chunk, failing, partial):
    if batch_size > 10 and window == 0:
        window = 1
    with mock_aws() as aws:
        sqs = boto3.client("sqs", region_name="us-east-1")
        lam = boto3.client("lambda", region_name="us-east-1")
        url = sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "5"})["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        succeeded: list[int] = []
        attempts: dict[int, int] = {}

        def handler(event, context):
            records = [(r["messageId"], json.loads(r["body"])) for r in event["Records"]]
            bad = []
            for _, body in records:
                attempts[body["n"]] = attempts.get(body["n"], 0) + 1
                assert body["kind"] == "a"
            first_try_failures = [mid for mid, body in records if body["n"] in failing and attempts[body["n"]] == 1]
            if first_try_failures and not partial:
                raise RuntimeError("the whole batch fails")
            bad = set(first_try_failures)
            succeeded.extend(body["n"] for mid, body in records if mid not in bad)
            return {"batchItemFailures": [{"itemIdentifier": mid} for mid in bad]}

        register_lambda(FUNCTION, handler)
        lam.create_event_source_mapping(
            EventSourceArn=arn,
            FunctionName="worker",
            BatchSize=batch_size,
            MaximumBatchingWindowInSeconds=window,
            FilterCriteria={"Filters": [{"Pattern": json.dumps({"body": {"kind": ["a"]}})}]},
            FunctionResponseTypes=["ReportBatchItemFailures"] if partial else [],
        )
        bodies = [json.dumps({"kind": kind, "n": n}) for n, kind in enumerate(kinds)]
        for start in range(0, len(bodies), chunk):
            sqs.send_message_batch(
                QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": b} for i, b in enumerate(bodies[start : start + chunk])]
            )
        for _ in range(4):
            aws.advance(5)
        expected = [n for n, kind in enumerate(kinds) if kind == "a"]
        assert sorted(succeeded) == expected
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        assert attributes["ApproximateNumberOfMessages"] == attributes["ApproximateNumberOfMessagesNotVisible"] == "0"
