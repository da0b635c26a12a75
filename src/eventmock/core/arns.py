"""Amazon Resource Names: build and parse, and the partition a region belongs to."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple


class Arn(NamedTuple):
    partition: str
    service: str
    region: str
    account: str
    resource: str

    def __str__(self) -> str:
        return f"arn:{self.partition}:{self.service}:{self.region}:{self.account}:{self.resource}"


def parse(text: str) -> Arn | None:
    """Split an ARN into its parts; ``None`` if ``text`` is not shaped like an ARN."""
    parts = text.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or not parts[1] or not parts[2] or not parts[5]:
        return None
    return Arn(parts[1], parts[2], parts[3], parts[4], parts[5])


def build(service: str, region: str, account: str, resource: str, partition: str | None = None) -> str:
    """An ARN; its partition is the region's (:func:`partition_of`) unless given."""
    return f"arn:{partition or partition_of(region)}:{service}:{region}:{account}:{resource}"


@functools.lru_cache(maxsize=None)
def _partitions() -> tuple[dict[str, str], tuple[tuple[re.Pattern[str], str], ...]]:
    """botocore's partitions (``partitions.json``, the data its endpoint rules read):
    the regions each names, then each one's region pattern. Loaded once, when first
    needed."""
    from botocore.loaders import create_loader

    data = create_loader().load_data("partitions")
    named = {region: part["id"] for part in data["partitions"] for region in part.get("regions", {})}
    patterns = tuple((re.compile(part["regionRegex"]), part["id"]) for part in data["partitions"])
    return named, patterns


@functools.lru_cache(maxsize=256)
def partition_of(region: str) -> str:
    """The partition of ``region`` as botocore's data names it (``cn-north-1``:
    ``aws-cn``, ``us-iso-east-1``: ``aws-iso``); ``aws`` for a region it does not know."""
    if not region:
        return "aws"
    named, patterns = _partitions()
    found = named.get(region)
    if found is not None:
        return found
    for pattern, partition in patterns:
        if pattern.match(region):
            return partition
    return "aws"
