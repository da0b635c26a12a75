"""docs/coverage.md is what ``python -m eventmock coverage`` prints: it cannot drift from
the code.

With the botocore the page was generated with, the page must be exactly what the
generator prints. With another botocore (CI's oldest leg, 1.40.0, or a newer release
than the page's) the models differ, so only what depends on eventmock's code is
compared: for every service, the operations the page lists as emulated that this
botocore's model has are exactly the ones the backend answers. A backend that gains
or loses an operation fails the test on every leg; a botocore release alone does not."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import botocore

from eventmock import coverage

PAGE = Path(__file__).resolve().parents[2] / "docs" / "coverage.md"


def _page_emulated(text: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for service, listed in re.findall(r"^## `([^`]+)`\n(?:.*\n)*?Emulated \(\d+\): (.*)\.$", text, re.M):
        found[service] = set(re.findall(r"`([^`]+)`", listed))
    return found


def test_the_coverage_page_matches_the_code():
    text = PAGE.read_text(encoding="utf-8")
    version = re.search(r"botocore (\d+\.\d+\.\d+)", text)
    assert version is not None
    if version.group(1) == botocore.__version__:
        assert text == coverage.markdown(), f"docs/coverage.md is stale: run `{coverage.COMMAND}`"
        return
    listed = _page_emulated(text)
    rows = coverage.services()
    assert set(listed) == {row.service for row in rows}, f"docs/coverage.md is stale: run `{coverage.COMMAND}`"
    for row in rows:
        in_model = set(row.emulated) | set(row.missing)
        assert listed[row.service] & in_model == set(row.emulated), f"{row.service}: docs/coverage.md is stale: run `{coverage.COMMAND}`"


def test_every_emulated_service_is_in_the_table_with_consistent_counts():
    rows = coverage.services()
    text = coverage.markdown()
    for row in rows:
        assert f"| `{row.service}` | {len(row.emulated)} | {row.total} |" in text
        assert not set(row.emulated) & set(row.missing)
    assert [r.service for r in rows if r.handed_over] == ["s3"]


def test_the_cli_prints_it(tmp_path):
    target = tmp_path / "coverage.md"
    done = subprocess.run([sys.executable, "-m", "eventmock", "coverage", "-o", str(target)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8") == coverage.markdown()
