"""Listing a bucket's objects: ListObjectsV2 and the first ListObjects."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from eventmock.services.s3.base import S3Base
from eventmock.services.s3.models import MAX_KEYS, S3Bucket, invalid_argument, owner_id


class Listing(S3Base):

    def _walk(
        self,
        bucket: S3Bucket,
        prefix: str,
        delimiter: str | None,
        start: int,
        limit: int,
        encode: Callable[[str], str],
        owner: bool,
        after_prefix: str | None = None,
    ) -> tuple[list[dict[str, Any]], list[str], str | None]:
        """One page of a listing from ``bucket.keys[start]`` on: the objects, the
        common prefixes (each counts as one key towards ``limit``) and the key the next
        page starts at. ``after_prefix``: a common prefix the previous page ended on."""
        keys = bucket.keys
        start = max(start, bisect.bisect_left(keys, prefix))
        contents: list[dict[str, Any]] = []
        prefixes: list[str] = []
        for index in range(start, len(keys)):
            key = keys[index]
            if not key.startswith(prefix):
                break
            common = None
            if delimiter:
                cut = key.find(delimiter, len(prefix))
                if cut >= 0:
                    common = key[: cut + len(delimiter)]
                    if (prefixes and prefixes[-1] == common) or common == after_prefix:
                        continue  # keys under one common prefix are adjacent
            if len(contents) + len(prefixes) >= limit:
                return contents, prefixes, key
            if common is not None:
                prefixes.append(common)
                continue
            obj = bucket.objects[key]
            contents.append(
                {
                    "Key": encode(key),
                    "LastModified": obj.last_modified,
                    "ETag": obj.etag,
                    "ChecksumAlgorithm": [obj.checksum_algorithm] if obj.checksum_algorithm else None,
                    "ChecksumType": obj.checksum_type if obj.checksum_algorithm else None,
                    "Size": obj.size,
                    "StorageClass": obj.storage_class,
                    "Owner": {"ID": owner_id(bucket.owner)} if owner else None,
                }
            )
        return contents, prefixes, None

    @staticmethod
    def _max_keys(max_keys: int | None) -> int:
        if max_keys is not None and max_keys < 0:
            raise invalid_argument("Provided max-keys not an integer or within integer range", "max-keys", str(max_keys))
        return MAX_KEYS if max_keys is None else min(max_keys, MAX_KEYS)

    def list_objects_v2(
        self,
        Bucket: str,
        Delimiter: str | None = None,
        EncodingType: str | None = None,
        MaxKeys: int | None = None,
        Prefix: str | None = None,
        ContinuationToken: str | None = None,
        FetchOwner: bool | None = None,
        StartAfter: str | None = None,
        ExpectedBucketOwner: str | None = None,
    ) -> dict[str, Any]:
        bucket = self._bucket(Bucket, ExpectedBucketOwner)
        limit = self._max_keys(MaxKeys)
        if ContinuationToken is not None:
            start = bisect.bisect_left(bucket.keys, self._decode_token(ContinuationToken))
        elif StartAfter is not None:
            start = bisect.bisect_right(bucket.keys, StartAfter)
        else:
            start = 0
        encode = self._encoder(EncodingType)
        prefix = Prefix or ""
        contents, prefixes, next_key = self._walk(bucket, prefix, Delimiter, start, limit, encode, bool(FetchOwner))
        return {
            "IsTruncated": next_key is not None,
            "Contents": contents or None,
            "Name": Bucket,
            "Prefix": encode(prefix),
            "Delimiter": encode(Delimiter) if Delimiter else None,
            "MaxKeys": MAX_KEYS if MaxKeys is None else MaxKeys,
            "CommonPrefixes": [{"Prefix": encode(p)} for p in prefixes] or None,
            "EncodingType": EncodingType,
            "KeyCount": len(contents) + len(prefixes),
            "ContinuationToken": ContinuationToken,
            "NextContinuationToken": self._encode_token(next_key) if next_key is not None else None,
            "StartAfter": encode(StartAfter) if StartAfter is not None and ContinuationToken is None else None,
        }

    def list_objects(
        self,
        Bucket: str,
        Delimiter: str | None = None,
        EncodingType: str | None = None,
        Marker: str | None = None,
        MaxKeys: int | None = None,
        Prefix: str | None = None,
        ExpectedBucketOwner: str | None = None,
    ) -> dict[str, Any]:
        """The first version of the listing (what boto3's resource API uses): objects
        after ``Marker``, each with its owner; ``NextMarker`` only with a delimiter."""
        bucket = self._bucket(Bucket, ExpectedBucketOwner)
        limit = self._max_keys(MaxKeys)
        start = bisect.bisect_right(bucket.keys, Marker) if Marker is not None else 0
        encode = self._encoder(EncodingType)
        prefix = Prefix or ""
        after = Marker if Marker is not None and Delimiter and Marker.endswith(Delimiter) else None
        contents, prefixes, next_key = self._walk(bucket, prefix, Delimiter, start, limit, encode, True, after)
        truncated = next_key is not None
        last = max([c["Key"] for c in contents[-1:]] + [encode(p) for p in prefixes[-1:]], default=None)
        return {
            "IsTruncated": truncated,
            "Marker": encode(Marker or ""),
            "NextMarker": last if truncated and Delimiter else None,
            "Contents": contents or None,
            "Name": Bucket,
            "Prefix": encode(prefix),
            "Delimiter": encode(Delimiter) if Delimiter else None,
            "MaxKeys": MAX_KEYS if MaxKeys is None else MaxKeys,
            "CommonPrefixes": [{"Prefix": encode(p)} for p in prefixes] or None,
            "EncodingType": EncodingType,
        }
