"""Rules of AWS's resource tags that several services share.

AWS reserves the ``aws:`` prefix (in any case) for its own tags: a user cannot add or
change such a key through a service's tagging operations, and most services allow
50 user tags per resource.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

#: Tags a resource can carry, in the services that document 50.
MAX_TAGS = 50


def as_list(tags: Mapping[str, str]) -> list[dict[str, str]]:
    """Tags as most APIs write them in a request or an answer: ``[{"Key": k, "Value": v}]``."""
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def as_map(tags: Iterable[Mapping[str, str]] | None) -> dict[str, str]:
    """``[{"Key": k, "Value": v}]`` as a map (a missing ``Value`` is ``""``)."""
    return {tag["Key"]: tag.get("Value", "") for tag in tags or ()}


def reserved_key(keys: Iterable[str]) -> str | None:
    """The first key that uses AWS's reserved ``aws:`` prefix, if any."""
    return next((key for key in keys if key[:4].lower() == "aws:"), None)
