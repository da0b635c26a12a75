"""What a target receives for a matched event: ``Input``, ``InputPath``,
``InputTransformer``, or the whole event.

The rules follow EventBridge's documentation of ``InputTransformer``:

- ``InputPathsMap`` binds variables to JSON paths into the event (dot notation, array
  indexes, ``*``). A path that finds nothing binds ``null``.
- The predefined variables: ``aws.events.rule-arn``, ``aws.events.rule-name``,
  ``aws.events.event.ingestion-time`` (ISO 8601), ``aws.events.event`` (the event
  without its ``detail``, as JSON) and ``aws.events.event.json`` (the whole event, as
  JSON); the last two are inserted unescaped.
- A template that is a JSON object or array (it starts with ``{`` or ``[``) is a JSON
  template: a placeholder inside a JSON string is replaced by the value's text (a
  string's characters, JSON-escaped; anything else as JSON), a placeholder outside
  quotes by the value as JSON (a string gets its quotes).
- Any other template is text: each placeholder is replaced by the value's text (a
  string as is, anything else as JSON), and the result is sent as it stands.
"""

from __future__ import annotations

import json
import re
from typing import Any

from eventmock.core import clock
from eventmock.core.jsonpath import PathError, is_path, read_path

__all__ = ["PathError", "is_path", "read_path", "render"]

_PLACEHOLDER = re.compile(r"<([^<>\s]+)>")
def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


def _variables(transformer: dict[str, Any], event: dict[str, Any], rule_arn: str, ingestion_time: str) -> dict[str, Any]:
    variables = {name: read_path(event, path) for name, path in (transformer.get("InputPathsMap") or {}).items()}
    variables["aws.events.rule-arn"] = rule_arn
    variables["aws.events.rule-name"] = rule_arn.rsplit("/", 1)[-1]
    variables["aws.events.event.ingestion-time"] = ingestion_time
    return variables


_RAW_JSON = {"aws.events.event", "aws.events.event.json"}


def _render_json_template(template: str, variables: dict[str, Any], event: dict[str, Any]) -> str:
    out: list[str] = []
    in_string, escaped, i = False, False, 0
    while i < len(template):
        char = template[i]
        match = _PLACEHOLDER.match(template, i) if char == "<" else None
        if match is not None and (match.group(1) in variables or match.group(1) in _RAW_JSON):
            name = match.group(1)
            if name == "aws.events.event":
                out.append(json.dumps({k: v for k, v in event.items() if k != "detail"}, separators=(",", ":")))
            elif name == "aws.events.event.json":
                out.append(json.dumps(event, separators=(",", ":")))
            else:
                value = variables[name]
                if in_string:
                    text = _text(value) if value is not None else ""
                    out.append(json.dumps(text)[1:-1])
                else:
                    out.append(json.dumps(value, separators=(",", ":")))
            i = match.end()
            continue
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        out.append(char)
        i += 1
    return "".join(out)


def _render_text_template(template: str, variables: dict[str, Any], event: dict[str, Any]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "aws.events.event":
            return json.dumps({k: v for k, v in event.items() if k != "detail"}, separators=(",", ":"))
        if name == "aws.events.event.json":
            return json.dumps(event, separators=(",", ":"))
        if name not in variables:
            return match.group(0)
        value = variables[name]
        return "" if value is None else _text(value)

    return _PLACEHOLDER.sub(replace, template)


def render(target: dict[str, Any], event: dict[str, Any], rule_arn: str, ingestion_time: str | None = None) -> str:
    """The text a target receives for ``event``, matched by the rule ``rule_arn``;
    ``ingestion_time`` (ISO 8601) defaults to now, read only if a template asks."""
    if target.get("Input") is not None:
        return str(target["Input"])
    if target.get("InputPath") is not None:
        return json.dumps(read_path(event, target["InputPath"]), separators=(",", ":"))
    transformer = target.get("InputTransformer")
    if transformer is not None:
        if ingestion_time is None:
            ingestion_time = clock.iso8601_millis(clock.now())
        variables = _variables(transformer, event, rule_arn, ingestion_time)
        template = transformer["InputTemplate"]
        if template.lstrip().startswith(("{", "[")):
            return _render_json_template(template, variables, event)
        return _render_text_template(template, variables, event)
    return json.dumps(event, separators=(",", ":"))
