"""Core costs: a mocked ``pinpoint.get_app`` against botocore's ``Stubber`` answering the
same call, and entering and leaving ``mock_aws``.

    python benchmarks/core.py [--quick]

Prints medians of repeated runs; ratios are computed within one run.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import boto3
from botocore.stub import Stubber

from eventmock import mock_aws


def per_call(fn: Callable[[], object], number: int, repeat: int) -> float:
    """Median seconds per call of ``fn`` over ``repeat`` runs of ``number`` calls."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - start) / number)
    return statistics.median(runs)


def bench_get_app(number: int, repeat: int) -> tuple[float, float]:
    with mock_aws():
        client = boto3.client("pinpoint", region_name="us-east-1")
        app_id = client.create_app(CreateApplicationRequest={"Name": "bench"})["ApplicationResponse"]["Id"]
        client.get_app(ApplicationId=app_id)  # warm the dispatch table
        mocked = per_call(lambda: client.get_app(ApplicationId=app_id), number, repeat)

    stubbed_client = boto3.client(
        "pinpoint", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    response = {"ApplicationResponse": {"Arn": "arn:aws:mobiletargeting:us-east-1:123456789012:apps/" + app_id,
                                        "Id": app_id, "Name": "bench", "tags": {}, "CreationDate": "2026-01-01T00:00:00.000Z"}}
    stubber = Stubber(stubbed_client)
    with stubber:
        # Queue every answer first: the floor is the call alone, not add_response's
        # own validation of the queued response.
        for _ in range(number * repeat + 1):
            stubber.add_response("get_app", response, {"ApplicationId": app_id})
        stubbed_client.get_app(ApplicationId=app_id)
        floor = per_call(lambda: stubbed_client.get_app(ApplicationId=app_id), number, repeat)
    return mocked, floor


def bench_enter_exit(number: int, repeat: int) -> float:
    def pair() -> None:
        with mock_aws():
            pass

    return per_call(pair, number, repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smoke run of a few hundred milliseconds")
    args = parser.parse_args()
    number, repeat = (200, 3) if args.quick else (5000, 7)
    mocked, floor = bench_get_app(number, repeat)
    enter_exit = bench_enter_exit(number * 4, repeat)
    print(f"pinpoint.get_app  eventmock {mocked * 1e6:8.1f} us   Stubber {floor * 1e6:8.1f} us   ratio {mocked / floor:.2f}x")
    print(f"mock_aws enter+exit pair   {enter_exit * 1e6:8.1f} us")


if __name__ == "__main__":
    main()
