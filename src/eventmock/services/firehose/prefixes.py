"""Firehose's S3 prefixes: the rules ``Prefix`` and ``ErrorOutputPrefix`` obey, and
their ``!{timestamp:...}`` and ``!{firehose:...}`` expressions, evaluated at delivery."""

from __future__ import annotations

import datetime as dt
import re

from eventmock.core import ids
from eventmock.core.errors import NotEmulatedError, ServiceError

DEFAULT_PREFIX_TIME = "yyyy/MM/dd/HH/"
_EXPRESSION = re.compile(r"!\{([^:{}]*):([^{}]*)\}")
_PREFIX_RULE = "Ths supplied prefix(es) do not satisfy the following constraint: "


def _invalid(message: str) -> ServiceError:
    return ServiceError("InvalidArgumentException", message)


def java_time(pattern: str, when: dt.datetime) -> str:
    """``when`` formatted with a Java ``DateTimeFormatter`` pattern, as Firehose's
    ``!{timestamp:...}`` expressions are: letters are fields, text in single quotes
    is literal (``''`` is a quote), anything else is itself."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "'":
            end = pattern.find("'", i + 1)
            if end == i + 1:
                out.append("'")
                i += 2
                continue
            if end < 0:
                raise ValueError(f"unterminated quote in {pattern!r}")
            out.append(pattern[i + 1 : end])
            i = end + 1
        elif char.isascii() and char.isalpha():
            end = i
            while end < len(pattern) and pattern[end] == char:
                end += 1
            out.append(_time_field(char, end - i, when))
            i = end
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _time_field(letter: str, count: int, when: dt.datetime) -> str:
    if letter in "yu":
        return f"{when.year % 100:02d}" if count == 2 else f"{when.year:0{count}d}"
    if letter == "M":
        if count >= 4:
            return when.strftime("%B")
        if count == 3:
            return when.strftime("%b")
        return f"{when.month:0{count}d}"
    numbers = {"d": when.day, "H": when.hour, "m": when.minute, "s": when.second, "D": when.timetuple().tm_yday}
    if letter in numbers:
        return f"{numbers[letter]:0{count}d}"
    if letter == "S":
        return f"{when.microsecond:06d}"[:count].ljust(count, "0")
    if letter == "E":
        return when.strftime("%A" if count >= 4 else "%a")
    if letter == "a":
        return when.strftime("%p")
    raise NotEmulatedError("firehose", "CreateDeliveryStream", f"eventmock does not format the timestamp field {letter * count!r}")


def _expressions(prefix: str, member: str) -> list[tuple[str, str]]:
    """The ``!{namespace:value}`` expressions of a prefix, checked."""
    found = _EXPRESSION.findall(prefix)
    if prefix.count("!{") != len(found):
        raise _invalid(f"{_PREFIX_RULE}The sequence '!{{' can only appear in '!{{namespace:value}}' expressions in {member}")
    for namespace, value in found:
        if namespace == "timestamp":
            java_time(value, dt.datetime(2018, 8, 27, 10, 30, tzinfo=dt.timezone.utc))
        elif namespace == "firehose":
            if value not in ("error-output-type", "random-string"):
                raise _invalid(f"{_PREFIX_RULE}Unsupported value '{value}' for the firehose namespace in {member}")
        elif namespace in ("partitionKeyFromQuery", "partitionKeyFromLambda"):
            raise NotEmulatedError("firehose", "CreateDeliveryStream", "eventmock does not emulate dynamic partitioning")
        else:
            raise _invalid(f"{_PREFIX_RULE}Unsupported namespace '{namespace}' in {member}")
    return found


def check_prefixes(prefix: str | None, error_prefix: str | None) -> None:
    """AWS's rules for ``Prefix`` and ``ErrorOutputPrefix``."""
    in_prefix = _expressions(prefix or "", "Prefix")
    in_error = _expressions(error_prefix or "", "ErrorOutputPrefix")
    if in_prefix and not error_prefix:
        raise _invalid(f"{_PREFIX_RULE}ErrorOutputPrefix cannot be null or empty when Prefix contains expressions")
    if ("firehose", "error-output-type") in in_prefix:
        raise _invalid(f"{_PREFIX_RULE}Prefix cannot contain !{{firehose:error-output-type}}")
    if in_error and ("firehose", "error-output-type") not in in_error:
        raise _invalid(
            f"{_PREFIX_RULE}ErrorOutputPrefix must contain !{{firehose:error-output-type}} when it contains expressions"
        )


def evaluate_prefix(prefix: str, when: dt.datetime, error_output_type: str = "") -> str:
    """The prefix for an object whose oldest record arrived at ``when`` (in the
    destination's time zone); ``error_output_type`` for ``!{firehose:error-output-type}``
    (``processing-failed``, ``http-endpoint-failed``...)."""
    if not any(namespace == "timestamp" for namespace, _ in _EXPRESSION.findall(prefix)):
        prefix += "!{timestamp:" + DEFAULT_PREFIX_TIME + "}"

    def evaluate(match: re.Match[str]) -> str:
        namespace, value = match.groups()
        if namespace == "timestamp":
            return java_time(value, when)
        if value == "error-output-type":
            return error_output_type
        return ids.uuid4()[:11]  # firehose:random-string: a new one at each use

    return _EXPRESSION.sub(evaluate, prefix)
