"""Queues and channels (placeholder while being written)."""

from __future__ import annotations

from eventmock.services.kinesis.base import KinesisBase


class Resources(KinesisBase):
    pass
