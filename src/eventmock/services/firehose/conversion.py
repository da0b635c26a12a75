"""Record format conversion (``DataFormatConversionConfiguration`` of an extended S3
destination): checked as AWS checks it, stored, described as given.

At delivery AWS reads each record as JSON (one or more JSON objects, ``{"a":1}{"a":2}``)
and writes the batch as Parquet or ORC, typed by a Glue table. A record it cannot
read goes to the error output (``format-conversion-failed``). eventmock writes neither
Parquet nor ORC, so it does what it can do faithfully and no more:

- a record that is not JSON objects goes to the error output as AWS sends it there,
  with ``DataFormatConversion.ParseError``;
- a record AWS would convert is not written anywhere: it is kept, with the error
  ``eventmock.DataFormatConversionNotEmulated`` (``aws.firehose.records(arn)``), and a
  warning is logged. eventmock neither writes data in a format the stream does not
  ask for nor reports a failure AWS would not have.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from eventmock.services.firehose.models import Record, invalid

#: AWS's buffer size when the destination converts and gives no ``SizeInMBs``, and the
#: least it accepts.
CONVERSION_BUFFER_MB = 128
MIN_CONVERSION_BUFFER_MB = 64

PARSE_ERROR = "DataFormatConversion.ParseError"
NOT_EMULATED = "eventmock.DataFormatConversionNotEmulated"
NOT_EMULATED_MESSAGE = "eventmock does not write Parquet or ORC; the record was not delivered."


def enabled(conversion: dict[str, Any] | None) -> bool:
    """An ``Enabled`` left out means enabled (the model: "Defaults to true")."""
    return conversion is not None and conversion.get("Enabled", True) is not False


def _one_of(given: dict[str, Any] | None, members: tuple[str, str], what: str) -> None:
    present = [m for m in members if (given or {}).get(m) is not None]
    if len(present) != 1:
        raise invalid(f"Exactly one of {members[0]} and {members[1]} must be specified in the {what}.")


def check(conversion: dict[str, Any] | None, config: dict[str, Any]) -> dict[str, Any] | None:
    """``DataFormatConversionConfiguration``, checked against the destination
    ``config`` it belongs to: an enabled one needs the destination uncompressed, a
    buffer of at least 64 MiB when one is given, a schema, exactly one deserializer and
    exactly one serializer. A copy, or ``None``. A disabled one is stored as given."""
    if conversion is None:
        return None
    if enabled(conversion):
        if config.get("CompressionFormat", "UNCOMPRESSED") != "UNCOMPRESSED":
            raise invalid("CompressionFormat must be UNCOMPRESSED when data format conversion is enabled.")
        size = (config.get("BufferingHints") or {}).get("SizeInMBs")
        if size is not None and size < MIN_CONVERSION_BUFFER_MB:
            raise invalid(f"BufferingHints.SizeInMBs must be at least {MIN_CONVERSION_BUFFER_MB} when data format conversion is enabled.")
        for member in ("SchemaConfiguration", "InputFormatConfiguration", "OutputFormatConfiguration"):
            if conversion.get(member) is None:
                raise invalid(f"{member} must be specified when data format conversion is enabled.")
        schema = conversion["SchemaConfiguration"]
        for member in ("RoleARN", "DatabaseName", "TableName"):
            if not schema.get(member):
                raise invalid(f"SchemaConfiguration.{member} must be specified.")
        _one_of(conversion["InputFormatConfiguration"].get("Deserializer"), ("OpenXJsonSerDe", "HiveJsonSerDe"), "Deserializer")
        _one_of(conversion["OutputFormatConfiguration"].get("Serializer"), ("ParquetSerDe", "OrcSerDe"), "Serializer")
    return copy.deepcopy(conversion)


def merge(current: dict[str, Any] | None, update: dict[str, Any] | None) -> dict[str, Any] | None:
    """An update's ``DataFormatConversionConfiguration`` merged member by member into
    the current one (nested structures too)."""
    if update is None:
        return copy.deepcopy(current)
    if current is None:
        return copy.deepcopy(update)
    merged = copy.deepcopy(current)
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def parse_error(data: bytes) -> str | None:
    """Why a record is not what the JSON deserializers read (JSON objects, one after
    another, whitespace between them allowed), or ``None`` if it is."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "The record is not UTF-8 text."
    decoder = json.JSONDecoder()
    position, count = 0, 0
    while True:
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        if position == len(text):
            return None if count else "The record holds no JSON object."
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            return f"Malformed JSON at character {error.pos}: {error.msg}."
        if not isinstance(value, dict):
            return f"The record holds a JSON {type(value).__name__ if value is not None else 'null'} where a JSON object is read."
        count += 1


def catalog_table(conversion: dict[str, Any], account: str, region: str) -> dict[str, str]:
    """The ``dataCatalogTable`` of an error output line: the Glue table the schema names."""
    schema = conversion.get("SchemaConfiguration") or {}
    catalog = schema.get("CatalogId") or account
    table_region = schema.get("Region") or region
    return {
        "catalogId": catalog,
        "databaseName": schema.get("DatabaseName", ""),
        "tableName": schema.get("TableName", ""),
        "region": table_region,
        "versionId": schema.get("VersionId") or "LATEST",
        "catalogArn": f"arn:aws:glue:{table_region}:{catalog}:catalog",
    }


def split(pairs: list[tuple[Record, bytes]]) -> tuple[list[tuple[Record, bytes]], list[tuple[Record, str, str]]]:
    """The records AWS would convert, and those it would send to the error output
    (record, error code, message)."""
    readable: list[tuple[Record, bytes]] = []
    failed: list[tuple[Record, str, str]] = []
    for record, data in pairs:
        problem = parse_error(data)
        if problem is None:
            readable.append((record, data))
        else:
            failed.append((record, PARSE_ERROR, problem))
    return readable, failed
