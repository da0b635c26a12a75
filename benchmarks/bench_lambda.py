"""Benchmark running a Lambda function's code: a trivial zip function against a
``register_lambda`` callable, both invoked through boto3.

    python benchmarks/bench_lambda.py           # full run, figures for docs/benchmarks.md
    python benchmarks/bench_lambda.py --quick   # smoke test (fewer invocations, one repeat)

Figures, wall time per ``lambda.invoke`` (median of the repeats):

- *callable*: a function bound with ``register_lambda`` (no package);
- *zip, warm*: a Python zip function, in-process, its module already imported;
- *zip, first*: the first invocation of a freshly created function (unpacking the zip
  and importing the handler in a namespace of its own, then the call);
- *subprocess, warm* / *subprocess, first*: the same function run by a worker process
  (``EVENTMOCK_RUNTIME=subprocess``), warm and including the worker's start.

Targets (issue #26): warm zip within 2x of the callable; first invocation under 20 ms.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import zipfile
from pathlib import Path

try:
    import eventmock
except ImportError:  # running from a checkout without installing the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import eventmock

import boto3

ROLE = "arn:aws:iam::123456789012:role/bench"
ARN = "arn:aws:lambda:us-east-1:123456789012:function:"


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return {'ok': True}\n")
    return buffer.getvalue()


def _create(client: object, name: str, subprocess_runtime: bool = False) -> None:
    env = {"Variables": {"EVENTMOCK_RUNTIME": "subprocess"}} if subprocess_runtime else {"Variables": {}}
    client.create_function(  # type: ignore[attr-defined]
        FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler", Code={"ZipFile": _zip()}, Environment=env
    )


def per_call(client: object, name: str, number: int) -> float:
    invoke = client.invoke  # type: ignore[attr-defined]
    invoke(FunctionName=name, Payload=b"{}")
    start = time.perf_counter()
    for _ in range(number):
        invoke(FunctionName=name, Payload=b"{}")
    return (time.perf_counter() - start) / number


def first_call(client: object, name: str, subprocess_runtime: bool = False) -> float:
    _create(client, name, subprocess_runtime)
    client.get_function(FunctionName=name)  # type: ignore[attr-defined]  # settles Pending -> Active
    start = time.perf_counter()
    client.invoke(FunctionName=name, Payload=b"{}")  # type: ignore[attr-defined]
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    number, repeat, firsts = (50, 1, 3) if args.quick else (2_000, 5, 30)
    figures: dict[str, list[float]] = {k: [] for k in ("callable", "zip, warm", "zip, first", "subprocess, warm", "subprocess, first")}
    with eventmock.mock_aws():
        client = boto3.client("lambda", region_name="us-east-1")
        eventmock.register_lambda(ARN + "bound", lambda event, context: {"ok": True})
        _create(client, "zipped")
        _create(client, "worker", subprocess_runtime=True)
        for _ in range(repeat):
            figures["callable"].append(per_call(client, "bound", number))
            figures["zip, warm"].append(per_call(client, "zipped", number))
            figures["subprocess, warm"].append(per_call(client, "worker", max(1, number // 10)))
        for i in range(firsts):
            figures["zip, first"].append(first_call(client, f"fresh{i}"))
        for i in range(max(1, firsts // 10)):
            figures["subprocess, first"].append(first_call(client, f"spawned{i}", subprocess_runtime=True))
    medians = {k: statistics.median(v) * 1000 for k, v in figures.items()}
    for name, ms in medians.items():
        print(f"{name:20} {ms:8.3f} ms")
    print(f"zip warm / callable: {medians['zip, warm'] / medians['callable']:.2f}x (target <= 2x)")
    print(f"zip first invocation: {medians['zip, first']:.1f} ms (target < 20 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
