"""JSON paths into an event or a record, as EventBridge's ``InputPath`` and
``InputPathsMap`` and Pipes' templates and dynamic parameters write them: ``$``, then
steps (``.name``, ``[0]``, ``[*]``, ``.*``, ``['quoted name']``). One reader serves both.
"""

from __future__ import annotations

import re
from typing import Any

_PATH_TOKEN = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]|\[\*\]|\['([^']*)'\]|\[\"([^\"]*)\"\]")


class PathError(ValueError):
    """A JSON path eventmock cannot read (outside the syntax EventBridge supports)."""


def is_path(path: str) -> bool:
    """Whether ``path`` is a JSON path :func:`read_path` reads: ``$``, then steps
    (``.name``, ``[0]``, ``[*]``, ``.*``), each naming something (no ``$.``, no
    ``$..name``). PutTargets refuses any other path, so delivery never meets one."""
    if not path.startswith("$"):
        return False
    rest, position = path[1:], 0
    while position < len(rest):
        match = _PATH_TOKEN.match(rest, position)
        if match is None:
            return False
        position = match.end()
    return True


def read_path(document: Any, path: str) -> Any:
    """The value at ``path`` (``$.detail.items[0].id``, ``$.detail.*``) in ``document``,
    or ``None`` where there is none; a ``*`` step gives a list."""
    if not path.startswith("$"):
        raise PathError(path)
    rest, position, values, spread = path[1:], 0, [document], False
    while position < len(rest):
        match = _PATH_TOKEN.match(rest, position)
        if match is None:
            raise PathError(path)
        position = match.end()
        key, index, quoted, double = match.groups()
        name = key if key is not None else quoted if quoted is not None else double
        next_values: list[Any] = []
        for value in values:
            if name == "*" or match.group(0) == "[*]":
                spread = True
                if isinstance(value, dict):
                    next_values.extend(value.values())
                elif isinstance(value, list):
                    next_values.extend(value)
            elif name is not None:
                if isinstance(value, dict) and name in value:
                    next_values.append(value[name])
            elif isinstance(value, list) and int(index) < len(value):
                next_values.append(value[int(index)])
        values = next_values
    if spread:
        return values
    return values[0] if values else None
