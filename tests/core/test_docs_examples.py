"""The runnable examples in docs/ run, and pass their own assertions."""

from __future__ import annotations

import pathlib
import re

import pytest

DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs"
RUNNABLE = ["delivery.md", "time.md", "pipes.md"]


@pytest.mark.parametrize("page", RUNNABLE)
def test_first_python_example_runs(page):
    text = (DOCS / page).read_text()
    code = re.search(r"## A runnable example\s+```python\n(.*?)```", text, re.S)
    assert code is not None, f"{page} has no runnable example"
    exec(compile(code.group(1), str(DOCS / page), "exec"), {"__name__": "docs_example"})


def test_moto_example_runs():
    """docs/moto.md's example: a rule in eventmock starts an execution in moto."""
    pytest.importorskip("moto")
    text = (DOCS / "moto.md").read_text()
    code = re.search(r"### Example\s+```python\n(.*?)```", text, re.S)
    assert code is not None, "moto.md has no example"
    namespace: dict = {"__name__": "docs_example"}
    exec(compile(code.group(1), str(DOCS / "moto.md"), "exec"), namespace)
    namespace["test_orders_start_a_workflow"]()
