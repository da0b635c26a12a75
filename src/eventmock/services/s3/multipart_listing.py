"""Listing multipart uploads in progress and their parts: ListMultipartUploads and
ListParts."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from eventmock.services.s3.base import S3Base
from eventmock.services.s3.models import MAX_KEYS, Part, Upload, invalid_argument, owner_id


class MultipartListing(S3Base):
    def list_parts(
        self,
        Bucket: str,
        Key: str,
        UploadId: str,
        MaxParts: int | None = None,
        PartNumberMarker: int | None = None,
        ExpectedBucketOwner: str | None = None,
    ) -> dict[str, Any]:
        upload = self._upload(self._bucket(Bucket, ExpectedBucketOwner), Key, UploadId)
        if MaxParts is not None and MaxParts < 0:
            raise invalid_argument("Argument max-parts must be an integer between 0 and 2147483647", "max-parts", str(MaxParts))
        limit = min(MAX_KEYS if MaxParts is None else MaxParts, MAX_KEYS)
        marker = PartNumberMarker or 0
        numbers = sorted(n for n in upload.parts if n > marker)
        page = numbers[:limit]
        owner = {"ID": owner_id(upload.initiator)}
        return {
            "Bucket": Bucket,
            "Key": Key,
            "UploadId": UploadId,
            "PartNumberMarker": marker,
            "NextPartNumberMarker": page[-1] if page else 0,
            "MaxParts": MAX_KEYS if MaxParts is None else MaxParts,
            "IsTruncated": len(numbers) > len(page),
            "Parts": [self._described_part(upload, upload.parts[n]) for n in page] or None,
            "Initiator": owner,
            "Owner": owner,
            "StorageClass": upload.template.storage_class,
            "ChecksumAlgorithm": upload.checksum_algorithm,
            "ChecksumType": upload.checksum_type,
        }

    @staticmethod
    def _described_part(upload: Upload, part: Part) -> dict[str, Any]:
        described: dict[str, Any] = {"PartNumber": part.number, "LastModified": part.last_modified, "ETag": part.etag, "Size": len(part.body)}
        if upload.checksum_algorithm is not None:
            described[f"Checksum{upload.checksum_algorithm}"] = part.checksum
        return described

    def list_multipart_uploads(
        self,
        Bucket: str,
        Delimiter: str | None = None,
        EncodingType: str | None = None,
        KeyMarker: str | None = None,
        MaxUploads: int | None = None,
        Prefix: str | None = None,
        UploadIdMarker: str | None = None,
        ExpectedBucketOwner: str | None = None,
    ) -> dict[str, Any]:
        bucket = self._bucket(Bucket, ExpectedBucketOwner)
        if MaxUploads is not None and MaxUploads < 0:
            raise invalid_argument("Argument max-uploads must be an integer between 0 and 2147483647", "max-uploads", str(MaxUploads))
        encode = self._encoder(EncodingType)
        limit = min(MAX_KEYS if MaxUploads is None else MaxUploads, MAX_KEYS)
        order = sorted(bucket.uploads.values(), key=lambda u: (u.key, u.initiated, u.id))
        keys = [(u.key, u.initiated, u.id) for u in order]
        start = 0
        if KeyMarker:
            if UploadIdMarker and UploadIdMarker in bucket.uploads and bucket.uploads[UploadIdMarker].key == KeyMarker:
                marked = bucket.uploads[UploadIdMarker]
                start = bisect.bisect_right(keys, (marked.key, marked.initiated, marked.id))
            else:
                start = next((i for i, u in enumerate(order) if u.key > KeyMarker), len(order))
        prefix = Prefix or ""
        uploads: list[Upload] = []
        prefixes: list[str] = []
        truncated = False
        for upload in order[start:]:
            if not upload.key.startswith(prefix):
                continue
            common = None
            if Delimiter:
                cut = upload.key.find(Delimiter, len(prefix))
                if cut >= 0:
                    common = upload.key[: cut + len(Delimiter)]
                    if common in prefixes:
                        continue
            if len(uploads) + len(prefixes) >= limit:
                truncated = True
                break
            if common is not None:
                prefixes.append(common)
            else:
                uploads.append(upload)
        last = uploads[-1] if uploads else None
        return {
            "Bucket": Bucket,
            "KeyMarker": encode(KeyMarker or ""),
            "UploadIdMarker": UploadIdMarker or "",
            "NextKeyMarker": encode(last.key) if last else "",
            "NextUploadIdMarker": last.id if last else "",
            "Prefix": encode(Prefix) if Prefix is not None else None,
            "Delimiter": encode(Delimiter) if Delimiter else None,
            "MaxUploads": MAX_KEYS if MaxUploads is None else MaxUploads,
            "IsTruncated": truncated,
            "Uploads": [self._described_upload(u, encode) for u in uploads] or None,
            "CommonPrefixes": [{"Prefix": encode(p)} for p in prefixes] or None,
            "EncodingType": EncodingType,
        }

    @staticmethod
    def _described_upload(upload: Upload, encode: Callable[[str], str]) -> dict[str, Any]:
        owner = {"ID": owner_id(upload.initiator)}
        return {
            "UploadId": upload.id,
            "Key": encode(upload.key),
            "Initiated": upload.initiated,
            "StorageClass": upload.template.storage_class,
            "Owner": owner,
            "Initiator": owner,
            "ChecksumAlgorithm": upload.checksum_algorithm,
            "ChecksumType": upload.checksum_type,
        }
