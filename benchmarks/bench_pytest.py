"""The per-call scenarios of ``run.py`` as pytest-benchmark tests, for tracking eventmock's
own cost from commit to commit (``--benchmark-autosave``, ``--benchmark-compare``).

    pytest benchmarks/bench_pytest.py --benchmark-only            # needs the bench extra
    pytest benchmarks/bench_pytest.py --benchmark-autosave         # keep a run in .benchmarks/
    pytest benchmarks/bench_pytest.py --benchmark-compare          # against the last one kept
    python benchmarks/bench_pytest.py --quick                      # CI smoke: each test once

Each scenario is timed twice: answered by eventmock, and answered by botocore's
``Stubber`` with the same response (the floor). moto is compared by ``run.py``, not here:
its calls are 10-100x slower and would dominate the session.
"""

from __future__ import annotations

import sys


def main() -> int:
    """Run this file under pytest; ``--quick``: every test once, timing nothing (a smoke
    run for CI). Nothing of eventmock is imported before pytest starts, so that its
    plugin loads (and is assertion-rewritten) as usual."""
    import pytest

    quick = "--quick" in sys.argv[1:]
    try:
        import pytest_benchmark  # noqa: F401
    except ImportError:
        print('bench_pytest: pytest-benchmark is not installed (pip install -e ".[bench]"); skipped')
        return 0
    args = [__file__, "-q", "-p", "no:cacheprovider"]
    args += ["--benchmark-disable"] if quick else ["--benchmark-only"]
    return pytest.main(args + [a for a in sys.argv[1:] if a != "--quick"])


if __name__ == "__main__":
    sys.exit(main())


from pathlib import Path
from typing import Any

import pytest
from botocore.stub import Stubber

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _lib import calls  # noqa: E402

from eventmock import mock_aws  # noqa: E402
from eventmock.core import registry  # noqa: E402

pytest.importorskip("pytest_benchmark")

SCENARIOS = {scenario.key: scenario for scenario in calls.SCENARIOS}
#: Timed calls per test (single calls, so that the Stubber's queueing stays untimed).
ROUNDS = 1_000
WARMUP = 50


def _emulated(scenario: calls.Scenario) -> None:
    missing = [s for s in scenario.services if not registry.is_emulated(s)]
    if missing:
        pytest.skip(f"not emulated yet: {', '.join(missing)}")


@pytest.mark.parametrize("key", SCENARIOS)
def test_eventmock(benchmark: Any, key: str) -> None:
    scenario = SCENARIOS[key]
    _emulated(scenario)
    with mock_aws():
        prepared = scenario.setup(calls._Clients.factory())
        call = prepared.call()
        prepared.check(call())
        benchmark.pedantic(call, rounds=ROUNDS, warmup_rounds=WARMUP)


@pytest.mark.parametrize("key", SCENARIOS)
def test_stubber_floor(benchmark: Any, key: str) -> None:
    scenario = SCENARIOS[key]
    _emulated(scenario)
    with mock_aws():
        prepared = scenario.setup(calls._Clients.factory())
        result = prepared.call()()
    response = {k: v for k, v in result.items() if k != "ResponseMetadata"}
    client = calls._Clients.factory("stubber")(prepared.client.meta.service_model.service_name)
    method = getattr(client, prepared.method)
    with Stubber(client) as stubber:
        # Each answer is queued in the untimed set-up of its round.
        benchmark.pedantic(
            method,
            kwargs=prepared.params,
            setup=lambda: stubber.add_response(prepared.method, response),
            rounds=ROUNDS,
            warmup_rounds=WARMUP,
        )


