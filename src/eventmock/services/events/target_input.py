"""What a target receives for a matched event: ``Input``, ``InputPath``,
``InputTransformer``, or the whole event.

The rules follow EventBridge's documentation of ``InputTransformer`` and the responses
AWS gave in recorded tests (LocalStack's ``test_events_inputs.snapshot.json``):

- ``InputPathsMap`` binds variables to JSON paths into the event (dot notation, array
  indexes, ``*``). A path that finds nothing binds nothing: it renders as an empty
  string, also as a bare JSON value (``"command": <command>`` gives ``"command": ""``).
- The predefined variables: ``aws.events.rule-arn``, ``aws.events.rule-name``,
  ``aws.events.event.ingestion-time`` (ISO 8601), ``aws.events.event`` (the event's
  metadata, without ``detail``, with ``detailType`` for ``detail-type`` and the
  ingestion time for ``time``) and ``aws.events.event.json`` (the whole event, as JSON);
  the last two are inserted unescaped.
- A template that is a JSON object or array (it starts with ``{`` or ``[``) is a JSON
  template: a placeholder outside quotes becomes the value as JSON (a string gets its
  quotes); inside a JSON string, a string's characters (JSON-escaped), a number's or
  boolean's text. A list or object inside a JSON string makes the output invalid: the
  event is not delivered to that target (AWS drops it silently).
- Any other template is text: each placeholder is replaced by the value's text, where
  lists and objects take EventBridge's own unquoted form (``[ACTIVE,INACTIVE]``,
  ``{acc_id:123,sf_id:baz}``), and the result is sent as it stands.
"""

from __future__ import annotations

import json
import re
from typing import Any

from eventmock.core import clock
from eventmock.core.jsonpath import PathError, is_path, read_path

__all__ = ["InvalidOutput", "PathError", "is_path", "read_path", "render", "undefined_placeholders"]

_PLACEHOLDER = re.compile(r"<([^<>\s]+)>")
#: A placeholder name PutTargets checks against ``InputPathsMap``.
_NAME = re.compile(r"[A-Za-z0-9_.\-]+")
#: The variables EventBridge defines itself.
PREDEFINED = frozenset(
    {"aws.events.rule-arn", "aws.events.rule-name", "aws.events.event.ingestion-time", "aws.events.event", "aws.events.event.json"}
)
_RAW_JSON = {"aws.events.event", "aws.events.event.json"}
#: Bound by a path that found nothing.
_NOTHING: Any = object()


class InvalidOutput(ValueError):
    """A JSON template whose output is not JSON (a list or object inside a string)."""


def undefined_placeholders(transformer: dict[str, Any]) -> list[str]:
    """The placeholders of an ``InputTransformer``'s template that are neither in its
    ``InputPathsMap`` nor predefined, in order (PutTargets refuses the first)."""
    defined = set(transformer.get("InputPathsMap") or {}) | PREDEFINED
    names = (match.group(1) for match in _PLACEHOLDER.finditer(transformer.get("InputTemplate") or ""))
    return [name for name in names if _NAME.fullmatch(name) and name not in defined]


def _text(value: Any) -> str:
    """A value as EventBridge writes it into text: strings as they are, lists and
    objects in its unquoted form."""
    if value is _NOTHING or value is None:
        return ""
    out: list[str] = []
    stack: list[tuple[bool, Any]] = [(False, value)]  # (written as it is, item): no recursion
    while stack:
        literal, item = stack.pop()
        if literal or isinstance(item, str):
            out.append(item)
        elif item is None:
            out.append("null")
        elif item is _NOTHING:
            continue
        elif isinstance(item, (list, dict)):
            pairs = item.items() if isinstance(item, dict) else ((None, member) for member in item)
            parts: list[tuple[bool, Any]] = [(True, "{" if isinstance(item, dict) else "[")]
            for i, (key, member) in enumerate(pairs):
                head = "," if i else ""
                parts += [(True, head if key is None else f"{head}{key}:"), (False, member)]
            parts.append((True, "}" if isinstance(item, dict) else "]"))
            stack.extend(reversed(parts))
        else:
            out.append(json.dumps(item))
    return "".join(out)


def _metadata(event: dict[str, Any], ingestion_time: str) -> dict[str, Any]:
    """``<aws.events.event>``: the event's metadata, as AWS writes it."""
    out = {
        "id": event.get("id"),
        "account": event.get("account"),
        "detailType": event.get("detail-type"),
        "time": ingestion_time,
        "source": event.get("source"),
        "region": event.get("region"),
        "resources": event.get("resources"),
        "version": event.get("version"),
    }
    return {key: value for key, value in out.items() if value is not None}


def _variables(transformer: dict[str, Any], event: dict[str, Any], rule_arn: str, ingestion_time: str) -> dict[str, Any]:
    variables: dict[str, Any] = {}
    for name, path in (transformer.get("InputPathsMap") or {}).items():
        value = read_path(event, path)
        variables[name] = _NOTHING if value is None else value
    variables["aws.events.rule-arn"] = rule_arn
    variables["aws.events.rule-name"] = rule_arn.rsplit("/", 1)[-1]
    variables["aws.events.event.ingestion-time"] = ingestion_time
    variables["aws.events.event"] = _metadata(event, ingestion_time)
    variables["aws.events.event.json"] = event
    return variables


def _render_json_template(template: str, variables: dict[str, Any]) -> str:
    out: list[str] = []
    in_string, escaped, i = False, False, 0
    while i < len(template):
        char = template[i]
        match = _PLACEHOLDER.match(template, i) if char == "<" else None
        if match is not None and match.group(1) in variables:
            name = match.group(1)
            value = variables[name]
            if name in _RAW_JSON:
                out.append(json.dumps(value, separators=(",", ":")))
            elif in_string:
                if isinstance(value, (list, dict)):
                    raise InvalidOutput(f"<{name}> is a JSON {'array' if isinstance(value, list) else 'object'} inside a string")
                out.append(json.dumps(_text(value))[1:-1])
            else:
                out.append('""' if value is _NOTHING else json.dumps(value, separators=(",", ":")))
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


def _render_text_template(template: str, variables: dict[str, Any]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in variables:
            return match.group(0)
        if name in _RAW_JSON:
            return json.dumps(variables[name], separators=(",", ":"))
        return _text(variables[name])

    return _PLACEHOLDER.sub(replace, template)


def render(target: dict[str, Any], event: dict[str, Any], rule_arn: str, ingestion_time: str | None = None) -> str:
    """The text a target receives for ``event``, matched by the rule ``rule_arn``;
    ``ingestion_time`` (ISO 8601) defaults to now, read only if a template asks.
    :class:`InvalidOutput` if a JSON template's output would not be JSON."""
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
            return _render_json_template(template, variables)
        return _render_text_template(template, variables)
    return json.dumps(event, separators=(",", ":"))
