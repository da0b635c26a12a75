"""Text as AWS measures and sends it: UTF-8, whatever a Python ``str`` holds.

A Python string may hold what no UTF-8 text can: a lone surrogate (``"\\ud800"``, from
JSON's ``"\\ud800"`` escape, which AWS's JSON parsers accept too, or from a caller's
own string). Every place that measures a text in bytes, hashes it or sends it on uses
these helpers, so that such a string is measured as the three bytes it takes in a
Java string's UTF-8 (CESU) encoding instead of failing with ``UnicodeEncodeError``.
Refusing the character, where a service does, is the service's check, made with
:func:`has_lone_surrogate`. :func:`xml_safe` makes a text fit an XML document.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
#: What XML 1.0 cannot hold, even as a character reference: C0 controls but tab, line
#: feed and carriage return; surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def utf8(text: str) -> bytes:
    """``text``'s UTF-8 bytes, a lone surrogate as its three bytes."""
    return text.encode("utf-8", "surrogatepass")


def utf8_size(text: str) -> int:
    """The length of :func:`utf8` of ``text`` (without encoding an ASCII text)."""
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` holds a surrogate code point (no UTF-8 text can)."""
    return not text.isascii() and _SURROGATE.search(text) is not None


def xml_safe(text: str) -> str:
    """``text`` with each character XML 1.0 cannot hold replaced by U+FFFD (what the
    XML protocols' answers carry where an input held one; not confirmed against
    AWS, docs/wire.md)."""
    return _NOT_XML.sub("\ufffd", text)


def first_lone_surrogate(value: object) -> str | None:
    """The first string in ``value`` (a string, or lists and dicts of them, keys
    included) that holds a lone surrogate, or ``None``."""
    if isinstance(value, str):
        return value if has_lone_surrogate(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = first_lone_surrogate(key) or first_lone_surrogate(item)
            if found is not None:
                return found
    elif isinstance(value, (list, tuple)):
        for item in value:
            found = first_lone_surrogate(item)
            if found is not None:
                return found
    return None
