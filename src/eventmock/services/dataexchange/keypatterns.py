"""Key patterns: how an exported revision names its S3 objects.

AWS documents the dynamic references ("Key patterns when exporting asset revisions from
AWS Data Exchange"); a pattern must hold at least one of the two ``Asset`` references,
the only ones that tell the assets of a revision apart::

    ${Asset.Id}  ${Asset.Name}  ${DataSet.Id}  ${DataSet.Name}  ${Revision.Id}
    ${Revision.CreatedAt}  ${Revision.CreatedAt.Year}  ${Revision.CreatedAt.Month}
    ${Revision.CreatedAt.Day}

``${Revision.CreatedAt}`` is the UTC creation time as AWS's example shows it,
``2021-10-08T16:33:19.787Z`` (milliseconds). Year, month and day are the parts of that
string: four digits, two, two.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from eventmock.core import clock

#: What an export job uses when its destination names no pattern (AWS documents it for
#: ``EXPORT_REVISIONS_TO_S3``: "The Amazon S3 object key defaults to the key pattern
#: ${Asset.Name}").
JOB_DEFAULT: Final = "${Asset.Name}"
#: What an event action uses when its destination names none: the pattern AWS's tools
#: give auto-exports (see docs/dataexchange.md), so that each revision lands apart.
EVENT_ACTION_DEFAULT: Final = "${Revision.CreatedAt}/${Asset.Name}"

REFERENCES: Final = (
    "Asset.Id",
    "Asset.Name",
    "DataSet.Id",
    "DataSet.Name",
    "Revision.CreatedAt",
    "Revision.CreatedAt.Day",
    "Revision.CreatedAt.Month",
    "Revision.CreatedAt.Year",
    "Revision.Id",
)
_ASSET_REFERENCES: Final = frozenset({"Asset.Id", "Asset.Name"})
_REFERENCE: Final = re.compile(r"\$\{([^}]*)\}")


def problem(pattern: str) -> str | None:
    """Why ``pattern`` is refused (the ``ValidationException`` message), or ``None``."""
    names = _REFERENCE.findall(pattern)
    for name in names:
        if name not in REFERENCES:
            known = ", ".join("${" + r + "}" for r in REFERENCES)
            return f"Invalid KeyPattern {pattern!r}: unknown dynamic reference ${{{name}}}. The dynamic references are {known}."
    if not _ASSET_REFERENCES.intersection(names):
        return f"Invalid KeyPattern {pattern!r}: it must include ${{Asset.Name}} or ${{Asset.Id}}."
    return None


def render(
    pattern: str,
    *,
    asset_id: str,
    asset_name: str,
    data_set_id: str,
    data_set_name: str,
    revision_id: str,
    revision_created: dt.datetime,
) -> str:
    """The object key ``pattern`` gives one asset (the pattern has passed :func:`problem`)."""
    created = clock.iso8601_millis(revision_created)
    values = {
        "Asset.Id": asset_id,
        "Asset.Name": asset_name,
        "DataSet.Id": data_set_id,
        "DataSet.Name": data_set_name,
        "Revision.CreatedAt": created,
        "Revision.CreatedAt.Year": created[0:4],
        "Revision.CreatedAt.Month": created[5:7],
        "Revision.CreatedAt.Day": created[8:10],
        "Revision.Id": revision_id,
    }
    return _REFERENCE.sub(lambda match: values[match.group(1)], pattern)
