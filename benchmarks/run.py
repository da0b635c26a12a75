"""eventmock side by side with moto and botocore's ``Stubber``: one command for every figure.

    python benchmarks/run.py            # full run (~10 min): prints, and writes docs/benchmarks.md
    python benchmarks/run.py --quick    # CI smoke run (~20 s): prints, writes nothing
    python benchmarks/run.py --profile events.put_events   # where one call's time goes

Measures, in one process run (see docs/benchmarks.md for the method):

1. per-call latency of boto3 calls: eventmock, Stubber (the floor), moto;
2. entering and leaving ``mock_aws``; a 1,000-test pytest suite with and without the
   fixture (in a subprocess);
3. ``import eventmock`` time, alone and on top of boto3 (fresh interpreters);
4. routing cost of ``put_events`` against the number of rules on the bus;
5. memory after a million Kinesis records and 100,000 rules (subprocesses).

moto comes from the ``bench`` extra (``pip install -e ".[bench]"``); without it the
moto columns are left out. Services eventmock does not emulate yet are skipped with a
"not emulated yet" line. The figures are reported against the budget (per-call at most
1.3x the Stubber for simple calls and at least 4x faster than moto, enter+exit under
0.2 ms, import under 50 ms on top of boto3, 10,000 rules at most 3x one rule, under
300 B per stored Kinesis record beyond its data): a report, never a failing test.

Only the section between run.py's markers in docs/benchmarks.md is replaced; the
other sections (the event-pattern engine's, the profiles) are kept as they are.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

try:
    import eventmock  # noqa: F401
except ImportError:  # running from a checkout without installing the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _lib import activation, calls, env, imports, memory, report, routing, suite, timing  # noqa: E402

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
SECTIONS = ("calls", "activation", "suite", "imports", "routing", "memory")

FULL: dict[str, Any] = {
    "number": 2_000,  # calls per timed batch (per-call latency)
    "repeat": 7,
    "pair_number": 5_000,
    "suite_tests": 1_000,
    "suite_repeat": 5,
    "import_repeat": 9,
    "routing_counts": (1, 100, 1_000, 10_000),
    "routing_number": 1_000,
    "memory": {"kinesis": (1_000_000, 100_000), "events": (100_000, 20_000), "rules": (100_000, 20_000)},
}
QUICK: dict[str, Any] = {
    "number": 30,
    "repeat": 1,
    "pair_number": 500,
    "suite_tests": 50,
    "suite_repeat": 1,
    "import_repeat": 1,
    "routing_counts": (1, 100),
    "routing_number": 30,
    "memory": {"kinesis": (10_000, 2_000), "events": (1_000, 500), "rules": (1_000, 500)},
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run for CI: small counts, one repeat, writes nothing")
    parser.add_argument("--no-moto", action="store_true", help="leave moto out even if it is installed")
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run only this section (repeatable); writes nothing")
    parser.add_argument("--no-write", action="store_true", help="print only; do not update docs/benchmarks.md")
    parser.add_argument("--profile", metavar="CALL", help="cProfile one per-call scenario under eventmock (e.g. events.put_rule) and stop")
    args = parser.parse_args()
    if args.profile:
        calls.profile(args.profile, 300 if args.quick else 3_000)
        return 0
    settings = QUICK if args.quick else FULL
    sections = tuple(args.only or SECTIONS)
    with_moto = env.moto_available() and not args.no_moto
    write = not (args.quick or args.no_write or args.only)

    if os.environ.pop("EVENTMOCK_WIRE", None) is not None:
        # Wire mode (every call serialised and parsed) is not what the figures describe;
        # popped here, it is also gone from the subprocesses' environment.
        print("EVENTMOCK_WIRE ignored: the benchmarks measure the fast path")
    started = time.perf_counter()
    results = report.Results(quick=args.quick, env=env.describe(), settings=settings)
    e = results.env
    print(f"{e['python']} on {e['cpu']}; boto3 {e['boto3']}, eventmock {e['eventmock']}, moto {e['moto'] or 'not installed'}")
    print(f"load average {e['load']}; clock: {timing.CLOCK_NAME} time")
    if not with_moto:
        print("moto: not compared (" + ("--no-moto" if args.no_moto else 'not installed; pip install -e ".[bench]"') + ")")

    mark = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        print(f"  ({name}: {now - mark:.1f} s)")
        mark = now

    if "calls" in sections:
        print("\n== per-call latency")
        results.calls = calls.run(settings["number"], settings["repeat"], with_moto)
        lap("calls")
    if "activation" in sections:
        print("\n== mock_aws enter+exit")
        results.activation = activation.run(settings["pair_number"], settings["repeat"], with_moto)
        for name, t in results.activation.items():
            print(f"  {name:<10} {t.median * 1e6:10.1f} us per pair")
        lap("activation")
    if "suite" in sections:
        print(f"\n== {settings['suite_tests']:,}-test pytest suite (subprocess)")
        results.suite = suite.run(settings["suite_tests"], settings["suite_repeat"], with_moto, args.quick)
        results.suite_tests = settings["suite_tests"]
        for name, run in results.suite.items():
            print(f"  {name:<18} {run.wall:6.2f} s wall  {run.cpu:6.2f} s CPU")
        lap("suite")
    if "imports" in sections:
        print("\n== import time (fresh interpreters)")
        results.imports = imports.run(settings["import_repeat"], with_moto, args.quick)
        for label, imported in results.imports.items():
            print(f"  {label:<62} {imported.importtime * 1e3:7.1f} ms importtime  {report.ms(imported.wall)} ms wall")
        lap("imports")
    if "routing" in sections:
        print("\n== routing: put_events against the number of rules")
        results.routing = routing.run(settings["routing_counts"], settings["routing_number"], settings["repeat"], with_moto)
        for name, levels in results.routing.items():
            for level in levels:
                print(f"  {name:<10} {level.rules:>7,} rules  {level.per_call * 1e6:10.1f} us  ({level.per_call / levels[0].per_call:.2f}x)")
        lap("routing")
    if "memory" in sections:
        print("\n== memory (subprocesses)")
        results.memory = memory.run(settings["memory"])
        lap("memory")

    results.load_after = env.load_average()
    report.evaluate(results)
    generated = report.section(results)
    print("\n" + generated)
    if write:
        report.write(DOC, generated)
        print(f"wrote {DOC}")
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
