"""Every script in examples/ runs and passes its own assertions.

Each runs in-process, as ``__main__`` (``runpy``), which is fast and goes through the
suite's strict output-shape checks; ``.ci/run`` also runs each one as a script, in a
fresh interpreter. A script whose imports are not installed (freezegun, moto: the test
extras) is skipped.
"""

from __future__ import annotations

import ast
import importlib.util
import pathlib
import runpy

import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))


def imported_modules(script: pathlib.Path) -> set[str]:
    """The top-level names of the modules ``script`` imports."""
    names = set()
    for node in ast.walk(ast.parse(script.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names - {"__future__"}


def test_there_are_examples() -> None:
    assert {s.name for s in SCRIPTS} >= {"eventbridge_to_sqs.py", "pinpoint_event_stream.py"}


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_example_runs(script: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = sorted(name for name in imported_modules(script) if importlib.util.find_spec(name) is None)
    if missing:
        pytest.skip(f"{script.name} needs {', '.join(missing)}")
    runpy.run_path(str(script), run_name="__main__")
    printed = capsys.readouterr().out.strip().splitlines()
    assert printed, f"{script.name} printed nothing"
    assert printed[-1].startswith(script.stem + ":"), f"the last line should say {script.stem}: succeeded"


def test_the_readme_runs_an_example_that_needs_nothing_but_eventmock() -> None:
    """The README's set-up command installs eventmock alone (`pip install .`), so the
    example it runs may import nothing from the test extras."""
    readme = (EXAMPLES.parent / "README.md").read_text()
    [command] = [line for line in readme.splitlines() if "pip install ." in line and "examples/" in line]
    script = EXAMPLES / command.split("examples/")[1].split()[0]
    assert script.exists(), command
    assert imported_modules(script) <= {"boto3", "botocore", "eventmock", "json", "datetime", "typing"}
