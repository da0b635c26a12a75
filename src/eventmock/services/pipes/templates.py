"""Pipes' input templates (``InputTemplate``) and JSON paths.

Pipes' template syntax differs from a rule's input transformer: there is no
``InputPathsMap``; paths are written inline (``<$.body.id>``), beside reserved
variables (``<aws.pipes.pipe-name>``); paths are read as a rule's are
(:mod:`eventmock.core.jsonpath`). An SQS ``body`` or Kinesis ``data`` that holds
JSON is parsed before a path reads it (implicit body parsing): ``<$.body.id>`` reads
``id`` out of the message body.

Rendering: a placeholder inside quotes (``"id": "<$.body.id>"``) is replaced by the
value's text, escaped for JSON; one outside quotes in a JSON template
(``"order": <$.body.order>``) by the value as JSON; in a template that is not JSON
(``Hello, <$.body.name>``) by the value's text. A template that is only a placeholder
(``<$.body>``) gives the value itself: an object stays an object; so does a JSON
template (the rendered JSON is what the enrichment or target receives).
"""

from __future__ import annotations

import json
import re
from typing import Any

from eventmock.core import clock, timestamps
from eventmock.core.jsonpath import read_path
from eventmock.services.consumers.records import filter_view

_PLACEHOLDER = re.compile(r"<(\$(?:[^<>]*)|aws\.pipes\.[a-z.\-]+)>")


def is_path(text: str) -> bool:
    """A dynamic parameter: the whole value is a JSON path (``$.body.group``)."""
    return text.startswith("$.") or text == "$"


def dynamic(value: str | None, item: Any) -> str | None:
    """A target parameter that may be a JSON path into the item (``$.body.group``)."""
    if value is None or not is_path(value):
        return value
    found = read_path(parsed(item), value)
    if found is None:
        return None
    return found if isinstance(found, str) else json.dumps(found)


def parsed(item: Any) -> Any:
    """The item as paths read it: an SQS ``body`` or Kinesis ``data`` holding JSON parsed."""
    return filter_view(item) if isinstance(item, dict) else item


def render(template: str, item: Any, variables: dict[str, str]) -> Any:
    """``template`` rendered for ``item``: a string, or the value itself for a template
    that is just one placeholder."""
    view = parsed(item)

    def value_of(name: str) -> Any:
        if name.startswith("$"):
            return read_path(view, name)
        if name == "aws.pipes.event":
            return item
        if name == "aws.pipes.event.json":
            return view
        if name == "aws.pipes.event.ingestion-time":
            return timestamps.iso8601(clock.now())
        return variables.get(name)

    whole = _PLACEHOLDER.fullmatch(template.strip())
    if whole is not None:
        return value_of(whole.group(1))
    json_like = template.lstrip()[:1] in ("{", "[")
    out = []
    last = 0
    for match in _PLACEHOLDER.finditer(template):
        out.append(template[last : match.start()])
        value = value_of(match.group(1))
        quoted = match.start() > 0 and template[match.start() - 1] == '"' and template[match.end() : match.end() + 1] == '"'
        if quoted:
            text = "" if value is None else value if isinstance(value, str) else json.dumps(value)
            out.append(json.dumps(text)[1:-1])
        elif json_like:
            out.append(json.dumps(value))
        else:
            out.append("" if value is None else value if isinstance(value, str) else json.dumps(value))
        last = match.end()
    out.append(template[last:])
    text = "".join(out)
    if json_like:
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            pass
    return text
