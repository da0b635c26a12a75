"""Log transformers: PutTransformer, GetTransformer, DeleteTransformer and
TestTransformer.

A transformer is stored with its log group. TestTransformer runs the processors
eventmock knows on each message and answers the result as AWS does (the transformed
event as JSON): ``parseJSON``, ``parseKeyValue``, ``addKeys``, ``deleteKeys``,
``renameKeys``, ``copyValue``, ``moveKeys``, ``lowerCaseString``, ``upperCaseString``,
``trimString`` and ``substituteString``. A configuration with any other processor
(``grok``, ``csv``, the ``parse*`` of AWS's vended logs...) is stored, but testing it
raises :class:`~eventmock.core.errors.NotEmulatedError`. Events are stored as put (the
transformer is not applied at ingestion).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from eventmock.core import clock
from eventmock.core.errors import NotEmulatedError, ServiceError
from eventmock.services.logs.base import LogsBase, _invalid
from eventmock.services.logs.models import Resource

KIND = "transformer"
PARSERS = frozenset(
    {"parseJSON", "parseKeyValue", "grok", "csv", "parseCloudfront", "parseRoute53", "parseToOCSF", "parsePostgres", "parseVPC", "parseWAF"}
)
Document = dict[str, Any]


def _get(document: Document, key: str) -> Any:
    value: Any = document
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _set(document: Document, key: str, value: Any, overwrite: bool = True) -> None:
    *parents, last = key.split(".")
    target = document
    for part in parents:
        child = target.get(part)
        if not isinstance(child, dict):
            child = target[part] = {}
        target = child
    if overwrite or last not in target:
        target[last] = value


def _delete(document: Document, key: str) -> Any:
    *parents, last = key.split(".")
    target: Any = document
    for part in parents:
        target = target.get(part) if isinstance(target, dict) else None
    return target.pop(last, None) if isinstance(target, dict) else None


def _parse_json(document: Document, spec: dict[str, Any]) -> None:
    source = spec.get("source", "@message")
    text = _get(document, source)
    try:
        parsed = json.loads(text) if isinstance(text, str) else None
    except (ValueError, RecursionError):
        parsed = None
    if isinstance(parsed, dict):
        if spec.get("destination"):
            _set(document, spec["destination"], parsed)
        else:
            if source == "@message":
                document.pop("@message", None)
            document.update(parsed)


def _parse_key_value(document: Document, spec: dict[str, Any]) -> None:
    text = _get(document, spec.get("source", "@message"))
    if not isinstance(text, str):
        return
    pairs: Document = {}
    for item in text.split(spec.get("fieldDelimiter", "&")):
        key, found, value = item.partition(spec.get("keyValueDelimiter", "="))
        if found:
            pairs[spec.get("keyPrefix", "") + key.strip()] = value
    if spec.get("destination"):
        _set(document, spec["destination"], pairs)
    else:
        document.pop("@message", None)
        for key, value in pairs.items():
            _set(document, key, value, spec.get("overwriteIfExists", False))


def _entries(apply: Callable[[Document, dict[str, Any]], None]) -> Callable[[Document, dict[str, Any]], None]:
    def run(document: Document, spec: dict[str, Any]) -> None:
        for entry in spec.get("entries", []):
            apply(document, entry)

    return run


def _strings(change: Callable[[str], str]) -> Callable[[Document, dict[str, Any]], None]:
    def run(document: Document, spec: dict[str, Any]) -> None:
        for key in spec.get("withKeys", []):
            value = _get(document, key)
            if isinstance(value, str):
                _set(document, key, change(value))

    return run


def _copy(document: Document, entry: dict[str, Any]) -> None:
    value = _get(document, entry["source"])
    if value is not None:
        _set(document, entry["target"], value, entry.get("overwriteIfExists", False))


def _move(document: Document, entry: dict[str, Any]) -> None:
    if _get(document, entry["source"]) is not None:
        _set(document, entry["target"], _delete(document, entry["source"]), entry.get("overwriteIfExists", False))


def _rename(document: Document, entry: dict[str, Any]) -> None:
    if _get(document, entry["key"]) is not None:
        _set(document, entry["renameTo"], _delete(document, entry["key"]), entry.get("overwriteIfExists", False))


def _delete_keys(document: Document, spec: dict[str, Any]) -> None:
    for key in spec.get("withKeys", []):
        _delete(document, key)


def _substitute(document: Document, entry: dict[str, Any]) -> None:
    value = _get(document, entry["source"])
    if isinstance(value, str):
        _set(document, entry["source"], re.sub(entry["from"], entry["to"], value))


PROCESSORS: dict[str, Callable[[Document, dict[str, Any]], None]] = {
    "parseJSON": _parse_json,
    "parseKeyValue": _parse_key_value,
    "addKeys": _entries(lambda d, e: _set(d, e["key"], e["value"], e.get("overwriteIfExists", False))),
    "deleteKeys": _delete_keys,
    "renameKeys": _entries(_rename),
    "copyValue": _entries(_copy),
    "moveKeys": _entries(_move),
    "lowerCaseString": _strings(str.lower),
    "upperCaseString": _strings(str.upper),
    "trimString": _strings(str.strip),
    "substituteString": _entries(_substitute),
}


def _check(config: list[dict[str, Any]]) -> None:
    for processor in config:
        if len([k for k, v in processor.items() if v is not None]) != 1:
            raise _invalid("Each processor must specify exactly one processor type.")
    first = next(k for k, v in config[0].items() if v is not None)
    if first not in PARSERS:
        raise _invalid("The first processor in a transformer must be a parser.")


class Transformers(LogsBase):
    """PutTransformer, GetTransformer, DeleteTransformer, TestTransformer."""

    def put_transformer(self, logGroupIdentifier: str, transformerConfig: list[dict[str, Any]]) -> None:
        group = self._identified(None, logGroupIdentifier)
        _check(transformerConfig)
        now = clock.epoch_ms()
        current = group.attached.get(KIND)
        created = current.body["creationTime"] if current is not None else now
        group.attached[KIND] = Resource(group.name, None, {"transformerConfig": transformerConfig, "creationTime": created, "lastModifiedTime": now})

    def get_transformer(self, logGroupIdentifier: str) -> dict[str, Any]:
        transformer = self._identified(None, logGroupIdentifier).attached.get(KIND)
        if transformer is None:
            raise ServiceError("ResourceNotFoundException", "The specified transformer does not exist.")
        return {"logGroupIdentifier": logGroupIdentifier, **transformer.description()}

    def delete_transformer(self, logGroupIdentifier: str) -> None:
        group = self._identified(None, logGroupIdentifier)
        if group.attached.pop(KIND, None) is None:
            raise ServiceError("ResourceNotFoundException", "The specified transformer does not exist.")

    def test_transformer(self, transformerConfig: list[dict[str, Any]], logEventMessages: list[str]) -> dict[str, Any]:
        _check(transformerConfig)
        steps = []
        for processor in transformerConfig:
            name, spec = next((k, v) for k, v in processor.items() if v is not None)
            run = PROCESSORS.get(name)
            if run is None:
                raise NotEmulatedError("logs", "TestTransformer", f"eventmock does not run the {name} processor")
            steps.append((run, spec))
        out = []
        for number, message in enumerate(logEventMessages, start=1):
            document: Document = {"@message": message}
            for run, spec in steps:
                run(document, spec)
            out.append({"eventNumber": number, "eventMessage": message, "transformedEventMessage": json.dumps(document, separators=(",", ":"))})
        return {"transformedLogs": out}
