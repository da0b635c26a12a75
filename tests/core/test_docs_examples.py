"""The documentation's code runs: every script in examples/, and every ```python block
of README.md and docs/*.md, pass their own assertions.

Conventions for the pages. A block may be preceded, on the line just before its fence,
by one of these HTML comments (GitHub does not render them):

- ``<!-- fragment -->``: a deliberate fragment, not run. It continues the page's
  earlier set-up, or elides with ``...`` what a real test would do.
- ``<!-- needs-server -->``: the block is a client of a running eventmock server
  (``python -m eventmock serve``). It runs against ``eventmock.server()`` on a free
  port, whose URL it reads from ``AWS_ENDPOINT_URL``.

Every other block is complete, and runs as written: in-process (a subprocess per block
would be slow), in a fresh namespace, with the directory of this Python's scripts first
on ``PATH`` (as in an activated virtual environment, for the ``aws`` CLI). Then each
``test_*`` function it defines is called, its parameters being the pytest fixtures of
those names (``eventmock``, ...). A block or script that imports what is not installed
(freezegun, moto: the test extras) is skipped.

The example scripts also run in-process, as ``__main__``; ``.ci/run`` runs each one as
a script too, in a fresh interpreter. Each prints a last line naming itself.
"""

from __future__ import annotations

import ast
import asyncio
import importlib.util
import inspect
import os
import pathlib
import re
import runpy
import shutil
import sys
from dataclasses import dataclass

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MARKERS = {"", "<!-- fragment -->", "<!-- needs-server -->"}
FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)


@dataclass(frozen=True)
class Block:
    page: pathlib.Path
    line: int  # of the fence, 1-based
    marker: str  # the line before the fence, when it is an HTML comment; else ""
    code: str

    @property
    def name(self) -> str:
        return f"{self.page.name}:{self.line}"


def blocks(page: pathlib.Path) -> list[Block]:
    text = page.read_text()
    found = []
    for match in FENCE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1].strip()
        marker = before if before.startswith("<!--") else ""
        found.append(Block(page, line, marker, match.group(1)))
    return found


BLOCKS = [block for page in PAGES for block in blocks(page)]
RUN = [block for block in BLOCKS if block.marker != "<!-- fragment -->"]


def imported_modules(source: str) -> set[str]:
    """The top-level names of the modules ``source`` imports."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names - {"__future__"}


def skip_unless_importable(source: str, what: str) -> None:
    missing = sorted(name for name in imported_modules(source) if importlib.util.find_spec(name) is None)
    if missing:
        pytest.skip(f"{what} needs {', '.join(missing)}")


# -- the pages' blocks ---------------------------------------------------------------


def test_every_marker_is_known() -> None:
    unknown = [f"{b.name}: {b.marker}" for b in BLOCKS if b.marker not in MARKERS]
    assert unknown == [], f"known markers: {sorted(MARKERS - {''})}"


@pytest.mark.parametrize("block", RUN, ids=[block.name for block in RUN])
def test_block_runs(block: Block, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    skip_unless_importable(block.code, block.name)
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    if '"aws"' in block.code and shutil.which("aws") is None:
        pytest.skip(f"{block.name} needs the AWS CLI")
    if block.marker == "<!-- needs-server -->":
        monkeypatch.setenv("AWS_ENDPOINT_URL", request.getfixturevalue("endpoint"))
    # padded so that a traceback names the page's own line numbers
    code = compile("\n" * block.line + block.code, str(block.page), "exec")
    namespace: dict[str, object] = {"__name__": "docs_block"}
    exec(code, namespace)
    for name, value in list(namespace.items()):
        if name.startswith("test_") and inspect.isfunction(value):
            fixtures = {param: request.getfixturevalue(param) for param in inspect.signature(value).parameters}
            result = value(**fixtures)
            if inspect.iscoroutine(result):
                asyncio.run(result)


@pytest.mark.parametrize(
    ("page", "heading"),
    [("delivery.md", "## A runnable example"), ("time.md", "## A runnable example"),
     ("pipes.md", "## A runnable example"), ("moto.md", "### Example"), ("README.md", "# eventmock")],
)
def test_the_pages_lead_examples_are_run(page: str, heading: str) -> None:
    """The examples a page leads with stay complete: the first block after the heading
    is run, not a fragment."""
    path = next(p for p in PAGES if p.name == page)
    heading_line = path.read_text().splitlines().index(heading) + 1
    first = next(b for b in BLOCKS if b.page == path and b.line > heading_line)
    assert first in RUN, f"{first.name} is marked {first.marker}"


# -- examples/ -------------------------------------------------------------------------


def test_there_are_examples() -> None:
    assert {s.name for s in EXAMPLES} >= {"eventbridge_to_sqs.py", "pinpoint_event_stream.py"}


@pytest.mark.parametrize("script", EXAMPLES, ids=[s.name for s in EXAMPLES])
def test_example_runs(script: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    skip_unless_importable(script.read_text(), script.name)
    runpy.run_path(str(script), run_name="__main__")
    printed = capsys.readouterr().out.strip().splitlines()
    assert printed and printed[-1].startswith(script.stem + ":"), f"the last line printed should begin {script.stem}:"


def test_the_readme_runs_an_example_that_needs_nothing_but_eventmock() -> None:
    """The README's set-up command installs eventmock alone (`pip install .`), so the
    example it runs imports nothing from the test extras."""
    [command] = [line for line in (ROOT / "README.md").read_text().splitlines()
                 if "pip install ." in line and "examples/" in line]
    script = ROOT / "examples" / command.split("examples/")[1].split()[0]
    assert script.exists(), command
    assert imported_modules(script.read_text()) <= {"boto3", "botocore", "eventmock", "json", "datetime", "typing"}
