"""Bytes retained per event: 200,000 events put to EventBridge (boto3, fast path,
batches of 10), one rule, two targets (an SQS queue and a Kinesis stream), measured
with ``tracemalloc`` (what is still allocated after the run, less what was before it).

    PYTHONPATH=src python benchmarks/memory_per_event.py [events | --quick]

Run in a fresh process; it prints one line of figures for docs/benchmarks.md.
``--quick`` (CI's smoke pass) puts 2,000 events.
"""

from __future__ import annotations

import gc
import json
import sys
import tracemalloc

import boto3

import eventmock


def main(total: int) -> None:
    with eventmock.mock_aws():
        session = boto3.session.Session()
        events = session.client("events", region_name="us-east-1")
        sqs = session.client("sqs", region_name="us-east-1")
        kinesis = session.client("kinesis", region_name="us-east-1")
        url = sqs.create_queue(QueueName="sink")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        kinesis.create_stream(StreamName="sink", ShardCount=1)
        stream_arn = kinesis.describe_stream_summary(StreamName="sink")["StreamDescriptionSummary"]["StreamARN"]
        events.put_rule(Name="all", EventPattern=json.dumps({"source": ["bench"]}))
        events.put_targets(
            Rule="all",
            Targets=[
                {"Id": "q", "Arn": queue_arn},
                {"Id": "k", "Arn": stream_arn, "RoleArn": "arn:aws:iam::123456789012:role/r"},
            ],
        )
        entry = {"Source": "bench", "DetailType": "tick", "Detail": json.dumps({"n": 0, "pad": "x" * 64})}
        events.put_events(Entries=[entry])  # warm every cache before measuring
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        sent = 1
        while sent < total:
            batch = [{**entry, "Detail": json.dumps({"n": sent + i, "pad": "x" * 64})} for i in range(10)]
            events.put_events(Entries=batch)
            sent += 10
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        per_event = (after - before) / (sent - 1)
        print(f"{sent - 1} events: {(after - before) / 2**20:.1f} MiB retained, {per_event:,.0f} B/event")


if __name__ == "__main__":
    argument = sys.argv[1] if len(sys.argv) > 1 else "200000"
    main(2_000 if argument == "--quick" else int(argument))
