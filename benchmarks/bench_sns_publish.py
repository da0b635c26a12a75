"""sns.publish to a topic with one SQS subscription: eventmock against botocore's
``Stubber``, and one eventmock source tree against another (before and after a change).

    python benchmarks/bench_sns_publish.py                      # Stubber and this tree
    python benchmarks/bench_sns_publish.py --base /tmp/base/src # ... and another tree

Each figure is the best of 15 runs of 400 calls, in CPU time (``time.process_time``)
per call. The contenders run in fresh interpreters, in turn (Stubber, base, new, Stubber,
base, new...), five runs each time, so a burst of load on the shared machine falls on
all of them alike. A report, never a test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
CALLS = 400
RUNS = 15
PER_PROCESS = 5


def _measure(mode: str, runs: int) -> list[float]:
    """Seconds per call of ``runs`` batches of ``CALLS`` calls, in this interpreter."""
    import gc

    import boto3
    from botocore.stub import Stubber

    if mode != "stubber":
        import eventmock  # before the session: its clients carry eventmock's hooks

    session = boto3.session.Session()

    def client(service: str):  # type: ignore[no-untyped-def]
        return session.client(service, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")

    params = {"Message": json.dumps({"order": 1})}
    if mode == "stubber":
        sns = client("sns")
        params["TopicArn"] = "arn:aws:sns:us-east-1:123456789012:bench"
        stubber = Stubber(sns)
        stubber.activate()
        for _ in range((runs + 1) * CALLS):
            stubber.add_response("publish", {"MessageId": "2f8a47ce-14a5-4f5b-9c35-0b1e8c2b3f5a"}, params)
        answers = None
    else:
        answers = eventmock.mock_aws()
        answers.__enter__()
        sqs, sns = client("sqs"), client("sns")  # the queue keeps every message: sending costs the same
        sqs.create_queue(QueueName="bench")
        params["TopicArn"] = sns.create_topic(Name="bench")["TopicArn"]
        sns.subscribe(TopicArn=params["TopicArn"], Protocol="sqs", Endpoint="arn:aws:sqs:us-east-1:123456789012:bench")
    for _ in range(CALLS):  # warm up
        sns.publish(**params)
    seconds = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        start = time.process_time()
        for _ in range(CALLS):
            sns.publish(**params)
        seconds.append((time.process_time() - start) / CALLS)
        gc.enable()
    if answers is not None:
        answers.__exit__(None, None, None)
    return seconds


def _in_subprocess(mode: str, src: Path | None, runs: int = PER_PROCESS) -> list[float]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--runs", str(runs)], env=env, capture_output=True, text=True, check=True
    ).stdout
    return [float(x) for x in json.loads(out.strip().splitlines()[-1])]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="another eventmock src directory to compare with")
    parser.add_argument("--child", choices=("stubber", "eventmock"), help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=PER_PROCESS, help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="smoke run for CI: one run of each contender")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_measure(args.child, args.runs)))
        return 0
    contenders: list[tuple[str, str, Path | None]] = [("Stubber", "stubber", SRC)]
    if args.base is not None:
        contenders.append(("base", "eventmock", args.base))
    contenders.append(("new", "eventmock", SRC))
    figures: dict[str, list[float]] = {name: [] for name, _, _ in contenders}
    rounds, runs = (1, 1) if args.quick else (RUNS // PER_PROCESS, PER_PROCESS)
    for _ in range(rounds):
        for name, mode, src in contenders:
            figures[name].extend(_in_subprocess(mode, src, runs))
    stubber = min(figures["Stubber"])
    for name, runs in figures.items():
        best = min(runs)
        print(f"{name:<8} {best * 1e6:7.1f} us per call (best of {len(runs)} runs of {CALLS})  {best / stubber:4.2f}x Stubber")
    return 0


if __name__ == "__main__":
    sys.exit(main())
