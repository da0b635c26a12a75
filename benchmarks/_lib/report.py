"""The figures of one run as Markdown: the section ``run.py`` writes into
``docs/benchmarks.md`` between its markers (the rest of that file is left as it is)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import timing

BEGIN = "<!-- benchmarks/run.py: begin. Generated: edit benchmarks/run.py or benchmarks/_lib/, not this section. -->"
END = "<!-- benchmarks/run.py: end -->"

#: Target figures (the issue's budget).
SIMPLE_VS_STUBBER = 1.3
VS_MOTO = 4.0
PAIR_SECONDS = 0.2e-3
IMPORT_SECONDS = 50e-3
ROUTING_RATIO = 3.0
KINESIS_OVERHEAD_BYTES = 300


@dataclass
class Results:
    quick: bool
    env: dict[str, Any]
    settings: dict[str, Any]
    load_after: str = ""
    calls: list[Any] | None = None
    activation: dict[str, timing.Timing] | None = None
    suite: dict[str, Any] | None = None
    suite_tests: int = 0
    imports: dict[str, Any] | None = None
    routing: dict[str, list[Any]] | None = None
    memory: list[Any] | None = None
    targets: list[tuple[str, str, str, bool | None]] = field(default_factory=list)


def us(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1e6:,.1f}"


def ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1e3:,.2f}"


def ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}x"


def mib(size: int) -> str:
    return f"{size / 2**20:,.1f} MiB"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def evaluate(results: Results) -> None:
    """Fill ``results.targets``: (target, figure, comment, met: True/False/None)."""
    targets = results.targets
    for row in results.calls or ():
        if row.skipped:
            continue
        if row.scenario.simple:
            targets.append(
                (f"`{row.scenario.key}` at most {SIMPLE_VS_STUBBER}x Stubber", ratio(row.vs_stubber), "", row.vs_stubber <= SIMPLE_VS_STUBBER)
            )
        if row.moto is not None:
            targets.append(
                (f"`{row.scenario.key}` at least {VS_MOTO:.0f}x faster than moto", ratio(row.moto_speedup), "", row.moto_speedup >= VS_MOTO)
            )
    if results.activation:
        pair = results.activation["eventmock"].median
        targets.append((f"`mock_aws` enter+exit under {PAIR_SECONDS * 1e3:.1f} ms", f"{ms(pair)} ms", "", pair < PAIR_SECONDS))
    if results.imports:
        on_top = results.imports.get("eventmock, boto3 imported before")
        if on_top is not None:
            worst = max(on_top.importtime, on_top.wall or 0.0)
            targets.append(
                (
                    f"`import eventmock` under {IMPORT_SECONDS * 1e3:.0f} ms on top of boto3",
                    f"{ms(on_top.importtime)} ms (importtime)" + (f", {ms(on_top.wall)} ms (wall)" if on_top.wall is not None else ""),
                    "",
                    worst < IMPORT_SECONDS,
                )
            )
    if results.routing:
        levels = results.routing["eventmock"]
        first, last = levels[0], levels[-1]
        value = last.per_call / first.per_call
        targets.append(
            (f"routing: {last.rules:,} rules at most {ROUTING_RATIO:.0f}x the cost of {first.rules}", ratio(value), "", value <= ROUTING_RATIO)
        )
    for result in results.memory or ():
        if result.case == "kinesis" and result.payload is not None:
            measures = [("RSS", result.rss_delta / result.count, f"over {result.count:,} records")]
            if result.traced_per_item is not None:
                measures.insert(0, ("tracemalloc", result.traced_per_item, f"over {result.traced_count:,} records"))
            for measure, per_record, over in measures:
                overhead = per_record - result.payload
                targets.append(
                    (
                        f"under {KINESIS_OVERHEAD_BYTES} B per stored Kinesis record beyond its data ({measure})",
                        f"{overhead:,.0f} B",
                        f"{per_record:,.0f} B per record with {result.payload} B of data, {over}",
                        overhead < KINESIS_OVERHEAD_BYTES,
                    )
                )


def _mark(met: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "—"}[met]


def section(results: Results) -> str:
    env = results.env
    s = results.settings
    lines = [
        BEGIN,
        "",
        "## eventmock, moto and botocore's `Stubber`, side by side",
        "",
        "`python benchmarks/run.py` regenerates this section (install the `bench` extra first:",
        '`pip install -e ".[bench]"`, which brings moto 5.2 and pytest-benchmark); `--quick` is',
        "the CI smoke run, which prints and writes nothing, and skips moto when it is not installed.",
        "",
        f"Run of {dt.date.today().isoformat()}{' (quick: figures are rough)' if results.quick else ''}. "
        f"Machine: {env['cpu']}, {env['os']}. {env['python']}; boto3 {env['boto3']}, botocore {env['botocore']}, "
        f"eventmock {env['eventmock']}, moto {env['moto'] or 'not installed'}, pytest {env['pytest']}.",
        "",
        "How it is measured:",
        "",
        f"- every figure is a median over {s['repeat']} repeats; in-process figures count the CPU time of "
        f"the process (`time.process_time`, with garbage collection paused during a batch as `timeit` does);",
        "- contenders run in the same process and alternate within each repeat (eventmock, Stubber, moto, "
        "then again), so a burst of load slows all of them alike; a per-call ratio is the median over repeats "
        "of the ratio within each repeat, which cancels such a burst (the ratio of two medians would not);",
        "- the `Stubber` answers the same boto3 call with the response eventmock gave, queued in advance and "
        "without expected params: what remains is botocore's own client-side cost (validation, "
        "serialisation, the user-agent string, the event hooks), the floor of any in-process mock;",
        "- the machine is shared: other engineers' test suites were running on its 2 cores "
        f"(load average {env['load']} at the start, {results.load_after} at the end). CPU time is inflated much "
        "less than wall time by that, but absolute figures are still higher, and noisier, than on a quiet "
        "machine; ratios are the figures to read.",
        "",
    ]
    if results.targets:
        lines += ["### The budget", ""]
        lines += [
            "A report, not a test: nothing fails when a target is missed. Simple calls (the 1.3x target) are "
            "the rows marked so in the per-call table. The causes of the misses, with profiles, are in "
            "\"Where the time goes\" below.",
            "",
        ]
        lines += _table(["Target", "Measured", "Detail", "Verdict"], [[t, f, c, _mark(m)] for t, f, c, m in results.targets])
        lines += [""]
    if results.calls is not None:
        lines += _calls(results)
    if results.activation is not None:
        lines += _activation(results)
    if results.suite is not None:
        lines += _suite(results)
    if results.imports is not None:
        lines += _imports(results)
    if results.routing is not None:
        lines += _routing(results)
    if results.memory is not None:
        lines += _memory(results)
    lines += [END]
    return "\n".join(lines) + "\n"


def _calls(results: Results) -> list[str]:
    s = results.settings
    lines = [
        "### Per-call latency",
        "",
        f"One boto3 call, µs of CPU per call (batches of {s['number']:,} calls for eventmock and the Stubber, "
        "a tenth of that for moto). Each repeat enters a fresh mock and creates the resources "
        "the call needs through boto3.",
        "",
    ]
    assert results.calls is not None
    rows = []
    for row in results.calls:
        key = f"`{row.scenario.key}`" + (" (simple)" if row.scenario.simple else "")
        if row.skipped:
            rows.append([key, "—", "—", "—", "—", "—", row.skipped])
            continue
        remark = row.moto_note or ""
        if row.scenario.note:
            remark = f"{row.scenario.note}; {remark}" if remark else row.scenario.note
        rows.append(
            [key, us(row.eventmock), us(row.stubber), ratio(row.vs_stubber), us(row.moto), ratio(row.moto_speedup), remark]
        )
    lines += _table(["Call", "eventmock (µs)", "Stubber (µs)", "eventmock / Stubber", "moto (µs)", "moto / eventmock", "Notes"], rows)
    return lines + [""]


def _activation(results: Results) -> list[str]:
    timings = results.activation
    assert timings is not None
    rows = [["eventmock", us(timings["eventmock"].median), "1.00x"]]
    if "moto" in timings:
        moto = timings["moto"].median
        rows.append(["moto", us(moto), ratio(moto / timings["eventmock"].median)])
    lines = ["### Entering and leaving a mock", "", "`with mock_aws(): pass`, one pair, µs of CPU:", ""]
    lines += _table(["", "Pair (µs)", "vs eventmock"], rows)
    return lines + [""]


def _suite(results: Results) -> list[str]:
    suite = results.suite
    assert suite is not None
    n = results.suite_tests
    base = suite["no fixture"]
    noop = suite.get("no-op fixture")
    rows = []
    for name, t in suite.items():
        extra = t.cpu - base.cpu
        row = [name, f"{t.wall:.2f}", f"{t.cpu:.2f}", "—" if t is base else f"{extra:+.2f}", "—" if t is base else f"{extra / n * 1e3:+.3f}"]
        if noop is not None:
            row.append("—" if t is base or t is noop else f"{(t.cpu - noop.cpu) / n * 1e3:+.3f}")
        rows.append(row)
    header = ["Tests take", "Run (s, wall)", "Run (s, CPU)", "vs no fixture (s, CPU)", "per test (ms, CPU)"]
    if noop is not None:
        header.append("per test beyond a no-op fixture (ms, CPU)")
    lines = [
        f"### A {n:,}-test pytest suite",
        "",
        f"`python -m pytest` in a subprocess on a generated file of {n:,} trivial tests (`assert True`), "
        "taking no fixture, a fixture that only yields, the `eventmock` fixture, or a fixture around "
        "moto's `mock_aws()` (moto ships none). Each variant's `conftest.py` imports the same modules, "
        "so import time cancels out; the whole run includes pytest's start-up. Differences are taken on the "
        "CPU time of the pytest process (user + system), which the machine's other load disturbs less than "
        "its wall time; a few hundredths of a second between runs are noise.",
        "",
    ]
    lines += _table(header, rows)
    return lines + [""]


def _imports(results: Results) -> list[str]:
    assert results.imports is not None
    rows = [[label, ms(t.importtime), ms(t.wall)] for label, t in results.imports.items()]
    lines = [
        "### Import time",
        "",
        "A fresh interpreter per measure, bytecode caches in place. `-X importtime`: the cumulative time "
        "CPython reports for the top-level module (what was imported before is not counted again). Wall: "
        "`python -c \"<imports>\"` minus the same interpreter without the measured import.",
        "",
    ]
    lines += _table(["Import", "-X importtime (ms)", "wall (ms)"], rows)
    return lines + [""]


def _routing(results: Results) -> list[str]:
    routing = results.routing
    assert routing is not None
    counts = [level.rules for level in routing["eventmock"]]
    header = ["Rules on the bus", "eventmock (µs)", "vs 1 rule", "eventmock: create rules (s)"]
    if "moto" in routing:
        header += ["moto (µs)", "vs 1 rule", "moto / eventmock"]
    rows = []
    em_first = routing["eventmock"][0].per_call
    mo_first = routing["moto"][0].per_call if "moto" in routing else None
    for i, count in enumerate(counts):
        em = routing["eventmock"][i]
        row = [f"{count:,}", us(em.per_call), ratio(em.per_call / em_first), f"{em.build:.2f}"]
        if "moto" in routing:
            mo = routing["moto"][i]
            assert mo_first is not None
            row += [us(mo.per_call), ratio(mo.per_call / mo_first), ratio(mo.per_call / em.per_call)]
        rows.append(row)
    lines = [
        "### Routing cost against the number of rules",
        "",
        "`events.put_events` (one entry) through boto3, µs of CPU per call, with N rules on the default bus, "
        'each `{"source": ["app.<i>"]}`, the event matching one of them. Each N lives in its own region, so '
        "the counts alternate within each repeat. Rules are created with `put_rule` through boto3 (the time "
        "to create them is wall time).",
        "",
    ]
    lines += _table(header, rows)
    return lines + [""]


def _memory(results: Results) -> list[str]:
    labels = {
        "kinesis": "records written to a Kinesis stream (backend seam `KinesisBackend._deliver`)",
        "events": "events through EventBridge (`EventsBackend.put_events`, one rule, Kinesis target)",
        "rules": "rules on the default bus (`EventsBackend.put_rule`)",
    }
    assert results.memory is not None
    rows = []
    for r in results.memory:
        per_item_rss = r.rss_delta / r.count
        traced = f"{r.traced_per_item:,.0f} (over {r.traced_count:,})" if r.traced_per_item is not None else "—"
        payload = f"{r.payload} B data" if r.payload else "—"
        rows.append([f"{r.count:,} {labels[r.case]}", mib(r.rss_after), mib(r.rss_delta), f"{per_item_rss:,.0f}", traced, payload])
    lines = [
        "### Memory",
        "",
        "Each case in a fresh subprocess, through the backend seam rather than boto3 (a million boto3 calls "
        "would take minutes and botocore keeps nothing per call). RSS is `VmRSS` after a full collection; the "
        "delta is against the same process before the loop (eventmock imported, mock entered, stream "
        "created). `tracemalloc` runs in a second process over its own count. Kinesis records carry "
        "100 bytes of distinct data and a 36-character partition key each; the EventBridge events a "
        "100-byte detail.",
        "",
    ]
    lines += _table(["Stored", "RSS after", "RSS delta", "RSS B/item", "tracemalloc B/item", "Payload"], rows)
    return lines + [""]


def write(path: Path, generated: str) -> None:
    """Replace the generated section of ``path`` (between the markers), or put it after
    the title if the file has none; everything else in the file is kept."""
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = head + generated.rstrip("\n") + tail
    else:
        first, newline, rest = text.partition("\n")
        text = first + newline + "\n" + generated + "\n" + rest.lstrip("\n")
    path.write_text(text)
