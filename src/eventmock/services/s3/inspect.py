"""Reading S3 without boto3: ``aws.s3.objects(bucket)``, ``aws.s3.body(bucket, key)``."""

from __future__ import annotations

from dataclasses import replace

from eventmock.core.errors import EventmockError
from eventmock.core.store import Store
from eventmock.services.s3.backend import NAMESPACE, S3Backend, S3Bucket, S3Object

__all__ = ["S3Object", "S3View"]


class S3View:
    def __init__(self, store: Store) -> None:
        self._store = store

    def _namespaces(self) -> list[S3Backend]:
        found = [b for b in self._store.existing("s3") if b.account_id == NAMESPACE]
        return [b for b in found if isinstance(b, S3Backend)]

    def _bucket(self, name: str) -> S3Bucket:
        for namespace in self._namespaces():
            bucket = namespace.buckets.get(name)
            if bucket is not None:
                return bucket
        from eventmock.core import intercept

        handed = "" if intercept.emulates("s3") else " (S3 is the mock underneath's while it is active: read it with boto3)"
        raise EventmockError(f"no S3 bucket {name!r}{handed}")

    def buckets(self) -> list[str]:
        """The names of every bucket, of every account, region and partition."""
        return sorted(name for namespace in self._namespaces() for name in namespace.buckets)

    def objects(self, bucket: str) -> dict[str, S3Object]:
        """Every object of the bucket, by key, in key order (copies: changing one
        changes nothing stored)."""
        found = self._bucket(bucket)
        return {key: replace(found.objects[key], metadata=dict(found.objects[key].metadata)) for key in found.keys}

    def body(self, bucket: str, key: str) -> bytes:
        """The bytes of one object."""
        obj = self._bucket(bucket).objects.get(key)
        if obj is None:
            raise EventmockError(f"no object {key!r} in S3 bucket {bucket!r}")
        return obj.body
