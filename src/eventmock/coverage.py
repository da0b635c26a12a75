"""The per-service coverage table: which operations of each emulated service's botocore
model eventmock answers, generated from the registry and the models, so the docs cannot
drift from the code.

``python -m eventmock coverage`` prints it as markdown (``-o docs/coverage.md`` writes
it); :func:`markdown` returns it. An operation counts as emulated when the service's
backend has its method (the rule dispatch follows, :class:`eventmock.core.registry.ServiceTable`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import botocore
import botocore.session

from eventmock.core import registry

__all__ = ["Coverage", "markdown", "services"]

#: How to regenerate the page (printed in it).
COMMAND = "python -m eventmock coverage -o docs/coverage.md"


@dataclass(frozen=True)
class Coverage:
    """One service: its operations in the model, split into emulated and not."""

    service: str
    emulated: tuple[str, ...]
    missing: tuple[str, ...]
    #: Handed over whole to a mock underneath while one is active (S3).
    handed_over: bool

    @property
    def total(self) -> int:
        return len(self.emulated) + len(self.missing)


def services(session: Any = None) -> list[Coverage]:
    """Every emulated service's coverage against the installed botocore's models."""
    session = session or botocore.session.get_session()
    found = []
    for service in sorted(registry.SERVICES):
        model = session.get_service_model(service)
        cls = registry.backend_class(service)
        names = sorted(model.operation_names)
        emulated = tuple(n for n in names if callable(getattr(cls, registry.python_name(n), None)))
        missing = tuple(n for n in names if n not in emulated)
        found.append(Coverage(service, emulated, missing, service in registry.HANDED_OVER))
    return found


def _names(operations: tuple[str, ...]) -> str:
    return ", ".join(f"`{n}`" for n in operations) if operations else "none"


def markdown(session: Any = None) -> str:
    """The coverage page (docs/coverage.md), as markdown."""
    rows = services(session)
    lines = [
        "# Coverage",
        "",
        f"Operations of each service's botocore model that eventmock emulates, generated from",
        f"eventmock's registry and the models of botocore {botocore.__version__}. Do not edit by",
        f"hand: regenerate with `{COMMAND}` (a test fails when this page",
        "and the code differ).",
        "",
        "An operation not emulated raises `eventmock.NotEmulatedError`, or goes to a mock",
        "underneath (moto) when one is active ([moto.md](moto.md)). A service marked *handed",
        "over* goes to the mock underneath whole while one is active ([backends.md](backends.md#services-handed-over-whole)).",
        "",
        "| Service | Emulated | In the model | |",
        "|---|---:|---:|---|",
    ]
    for row in rows:
        note = "handed over" if row.handed_over else ("all" if not row.missing else "")
        lines.append(f"| `{row.service}` | {len(row.emulated)} | {row.total} | {note} |")
    emulated = sum(len(r.emulated) for r in rows)
    total = sum(r.total for r in rows)
    lines.append(f"| **total** | {emulated} | {total} | |")
    for row in rows:
        lines += ["", f"## `{row.service}`", ""]
        if row.handed_over:
            lines += ["Handed over whole to the mock underneath while one is active.", ""]
        lines += [f"Emulated ({len(row.emulated)}): {_names(row.emulated)}.", ""]
        lines += [f"Not emulated ({len(row.missing)}): {_names(row.missing)}."]
    return "\n".join(lines) + "\n"
