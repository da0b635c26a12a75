"""Arrows point down: the core imports nothing above it.

Every module under ``src/eventmock/core`` is parsed, and every import in it counted:
at module level, inside functions, and under ``if TYPE_CHECKING:``. None may name a
service (``eventmock.services``), the handle (``eventmock.handle``, ``eventmock.mock``)
or the server; where the core needs a service's behaviour, the service registers it
(the registry, ``Backend.view``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import eventmock.core

CORE = Path(eventmock.core.__file__).parent
ABOVE = ("eventmock.services", "eventmock.handle", "eventmock.mock", "eventmock.server", "eventmock.pytest_plugin", "eventmock.coexist")


def imported_modules(source: str, package: str) -> list[tuple[int, str]]:
    """(line, module) of every import in ``source``, a module of ``package``;
    ``from eventmock import x`` counts as importing ``eventmock.x``, and relative
    imports are resolved."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def package_of(path: Path) -> str:
    return ".".join(("eventmock", *path.relative_to(CORE.parent).parts[:-1]))


def test_the_core_imports_no_service_handle_or_server():
    modules = sorted(CORE.rglob("*.py"))
    assert len(modules) > 20  # the walk found the core
    upward = [
        f"{path.relative_to(CORE.parent)}:{line}: {name}"
        for path in modules
        for line, name in imported_modules(path.read_text(encoding="utf-8"), package_of(path))
        if name.startswith(ABOVE)
    ]
    assert upward == []


def test_the_check_sees_imports_inside_functions_and_type_checking_blocks():
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from eventmock.services.sqs.inspect import SqsView\n"
        "def f():\n    from eventmock.handle import current\n    import eventmock.server\n"
        "from ... import mock\n"  # in eventmock.core.wire: eventmock.mock
        "from eventmock import services\n"
    )
    names = {name for _, name in imported_modules(source, "eventmock.core.wire")}
    assert {n for n in names if n.startswith(ABOVE)} == {
        "eventmock.services.sqs.inspect.SqsView",
        "eventmock.handle.current",
        "eventmock.server",
        "eventmock.mock",
        "eventmock.services",
    }
