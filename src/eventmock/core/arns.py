"""Amazon Resource Names: build and parse."""

from __future__ import annotations

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


def build(service: str, region: str, account: str, resource: str, partition: str = "aws") -> str:
    return f"arn:{partition}:{service}:{region}:{account}:{resource}"
