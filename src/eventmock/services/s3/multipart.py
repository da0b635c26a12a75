"""S3 multipart uploads: create, upload parts (or copy them), complete, abort, list.

As S3: parts are numbered 1 to 10,000, a part uploaded again replaces the one before,
and completing joins the listed parts, in ascending order, into one object whose ETag
is the MD5 of the parts' binary MD5s followed by ``-N``. Every part but the last must be
at least 5 MiB. An upload with a checksum algorithm checksums every part with it; the
object's checksum is, by the upload's checksum type, the checksum of the parts'
checksums followed by ``-N`` (``COMPOSITE``) or of the whole object (``FULL_OBJECT``).
An upload without one gets the CRC64NVME of the whole object, as S3 does since 2025
(computed with ``awscrt``; without it the object carries no checksum).
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from eventmock.core import ids
from eventmock.core.errors import ServiceError
from eventmock.services.s3.base import S3Base
from eventmock.services.s3.models import (
    DEFAULT_CONTENT_TYPE,
    MAX_PART_NUMBER,
    MIN_PART_SIZE,
    S3Object,
    Part,
    Upload,
    byte_range,
    checksum,
    etag_of,
    invalid_argument,
    no_such_key,
    now_seconds,
)

#: Checksum algorithms of a multipart upload, and the checksum types each takes.
_TYPES = {
    "CRC32": ("COMPOSITE", "FULL_OBJECT"),
    "CRC32C": ("COMPOSITE", "FULL_OBJECT"),
    "CRC64NVME": ("FULL_OBJECT",),
    "SHA1": ("COMPOSITE",),
    "SHA256": ("COMPOSITE",),
}


def _invalid_request(message: str) -> ServiceError:
    return ServiceError("InvalidRequest", message, status=400)


class Multipart(S3Base):
    def create_multipart_upload(
        self,
        Bucket: str,
        Key: str,
        ContentType: str | None = None,
        Metadata: dict[str, str] | None = None,
        CacheControl: str | None = None,
        ContentDisposition: str | None = None,
        ContentEncoding: str | None = None,
        ContentLanguage: str | None = None,
        ServerSideEncryption: str | None = None,
        SSEKMSKeyId: str | None = None,
        BucketKeyEnabled: bool | None = None,
        StorageClass: str | None = None,
        ChecksumAlgorithm: str | None = None,
        ChecksumType: str | None = None,
        ExpectedBucketOwner: str | None = None,
    ) -> dict[str, Any]:
        bucket = self._bucket(Bucket, ExpectedBucketOwner)
        self._check_key(Key)
        if ChecksumType is not None and ChecksumAlgorithm is None:
            raise _invalid_request("The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.")
        if ChecksumAlgorithm is not None and ChecksumAlgorithm not in _TYPES:
            raise _invalid_request(
                "Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]"
            )
        checksum_type = None
        if ChecksumAlgorithm is not None:
            checksum_type = ChecksumType or _TYPES[ChecksumAlgorithm][0]
            if checksum_type not in _TYPES[ChecksumAlgorithm]:
                raise _invalid_request(f"The {checksum_type} checksum type cannot be used with the {ChecksumAlgorithm.lower()} checksum algorithm.")
        template = S3Object(
            key=Key,
            body=b"",
            etag="",
            last_modified=now_seconds(),
            content_type=ContentType or DEFAULT_CONTENT_TYPE,
            metadata={k.lower(): v for k, v in (Metadata or {}).items()},
            storage_class=self._check_storage_class(StorageClass),
            cache_control=CacheControl,
            content_disposition=ContentDisposition,
            content_encoding=ContentEncoding,
            content_language=ContentLanguage,
            **self._encryption(bucket, ServerSideEncryption, SSEKMSKeyId, BucketKeyEnabled),
        )
        upload_id = base64.urlsafe_b64encode(hashlib.sha256(ids.uuid4().encode()).digest() * 2).decode().rstrip("=")
        bucket.uploads[upload_id] = Upload(upload_id, Key, now_seconds(), self.account_id, template, ChecksumAlgorithm, checksum_type)
        return {
            "Bucket": Bucket,
            "Key": Key,
            "UploadId": upload_id,
            "ChecksumAlgorithm": ChecksumAlgorithm,
            "ChecksumType": checksum_type,
            **self._encryption_output(template),
        }

    def _store_part(self, upload: Upload, number: int, body: bytes, sent: list[str]) -> Part:
        if not 1 <= number <= MAX_PART_NUMBER:
            raise invalid_argument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", str(number))
        algorithm = upload.checksum_algorithm or (sent[0] if sent else "CRC32")
        part = Part(number, body, etag_of(body), now_seconds(), checksum(algorithm, body))
        upload.parts[number] = part
        return part

    def _part_checksum(self, upload: Upload, part: Part, sent: list[str]) -> dict[str, Any]:
        return {f"Checksum{upload.checksum_algorithm or (sent[0] if sent else 'CRC32')}": part.checksum}

    def upload_part(
        self,
        Bucket: str,
        Key: str,
        PartNumber: int,
        UploadId: str,
        Body: bytes | None = None,
        ContentLength: int | None = None,
        ContentMD5: str | None = None,
        ChecksumAlgorithm: str | None = None,
        ChecksumCRC32: str | None = None,
        ChecksumCRC32C: str | None = None,
        ChecksumCRC64NVME: str | None = None,
        ChecksumSHA1: str | None = None,
        ChecksumSHA256: str | None = None,
        ExpectedBucketOwner: str | None = None,
    ) -> dict[str, Any]:
        upload = self._upload(self._bucket(Bucket, ExpectedBucketOwner), Key, UploadId)
        body = Body or b""
        if ContentLength is not None and ContentLength != len(body):
            raise ServiceError(
                "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.", status=400
            )
        if ContentMD5 is not None:
            self._check_md5(ContentMD5, body)
        sent = self._check_sent(
            body, {"CRC32": ChecksumCRC32, "CRC32C": ChecksumCRC32C, "CRC64NVME": ChecksumCRC64NVME, "SHA1": ChecksumSHA1, "SHA256": ChecksumSHA256}
        )
        if not sent and ChecksumAlgorithm is not None:
            sent = [ChecksumAlgorithm]
        part = self._store_part(upload, PartNumber, body, sent)
        return {"ETag": part.etag, **self._part_checksum(upload, part, sent), **self._encryption_output(upload.template)}

    def upload_part_copy(
        self,
        Bucket: str,
        CopySource: str,
        Key: str,
        PartNumber: int,
        UploadId: str,
        CopySourceRange: str | None = None,
        ExpectedBucketOwner: str | None = None,
        ExpectedSourceBucketOwner: str | None = None,
    ) -> dict[str, Any]:
        upload = self._upload(self._bucket(Bucket, ExpectedBucketOwner), Key, UploadId)
        source_bucket, source_key = self._copy_source(CopySource)
        source = self._object(self._bucket(source_bucket, ExpectedSourceBucketOwner), source_key)
        body = source.body
        if CopySourceRange is not None:
            span = byte_range(CopySourceRange, source.size) if CopySourceRange.startswith("bytes=") else None
            if span is None or not CopySourceRange[len("bytes=") :].split("-")[0]:
                raise invalid_argument(
                    "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the "
                    "zero-based offsets of the first and last bytes to copy",
                    "x-amz-copy-source-range",
                    CopySourceRange,
                )
            body = body[span[0] : span[1] + 1]
        part = self._store_part(upload, PartNumber, body, [])
        result = {"ETag": part.etag, "LastModified": part.last_modified, **self._part_checksum(upload, part, [])}
        return {"CopyPartResult": result, **self._encryption_output(upload.template)}

    def complete_multipart_upload(
        self,
        Bucket: str,
        Key: str,
        UploadId: str,
        MultipartUpload: dict[str, Any] | None = None,
        ChecksumCRC32: str | None = None,
        ChecksumCRC32C: str | None = None,
        ChecksumCRC64NVME: str | None = None,
        ChecksumSHA1: str | None = None,
        ChecksumSHA256: str | None = None,
        ChecksumType: str | None = None,
        MpuObjectSize: int | None = None,
        IfMatch: str | None = None,
        IfNoneMatch: str | None = None,
        ExpectedBucketOwner: str | None = None,
    ) -> dict[str, Any]:
        bucket = self._bucket(Bucket, ExpectedBucketOwner)
        upload = self._upload(bucket, Key, UploadId)
        listed = (MultipartUpload or {}).get("Parts") or []
        if not listed:
            raise _invalid_request("You must specify at least one part")
        if ChecksumType is not None and ChecksumType != upload.checksum_type:
            raise _invalid_request(
                f"The upload was created using the {upload.checksum_type or 'null'} checksum mode. "
                "The complete request must use the same checksum mode."
            )
        numbers = [p.get("PartNumber") for p in listed]
        if any(n is None for n in numbers) or any(b <= a for a, b in zip(numbers, numbers[1:])):
            raise ServiceError(
                "InvalidPartOrder",
                "The list of parts was not in ascending order. Parts must be ordered by part number.",
                status=400,
                UploadId=UploadId,
            )
        parts: list[Part] = []
        for given in listed:
            part = upload.parts.get(given["PartNumber"])
            etag = str(given.get("ETag") or "").strip('"')
            wanted = None if part is None or upload.checksum_algorithm is None else given.get(f"Checksum{upload.checksum_algorithm}")
            if part is None or etag != part.etag.strip('"') or (wanted is not None and wanted != part.checksum):
                raise ServiceError(
                    "InvalidPart",
                    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the "
                    "specified entity tag may not match the part's entity tag.",
                    status=400,
                    UploadId=UploadId,
                    ETag=etag,
                    PartNumber=str(given["PartNumber"]),
                )
            parts.append(part)
        for part in parts[:-1]:
            if len(part.body) < MIN_PART_SIZE:
                raise ServiceError(
                    "EntityTooSmall",
                    "Your proposed upload is smaller than the minimum allowed size",
                    status=400,
                    ETag=part.etag.strip('"'),
                    PartNumber=str(part.number),
                    ProposedSize=str(len(part.body)),
                    MinSizeAllowed=str(MIN_PART_SIZE),
                )
        body = b"".join(p.body for p in parts)
        if MpuObjectSize is not None and MpuObjectSize != len(body):
            raise _invalid_request(f"The provided 'x-amz-mp-object-size' header value {MpuObjectSize} does not match what was computed: {len(body)}")
        algorithm, value, checksum_type = self._object_checksum(upload, parts, body)
        sent = {"CRC32": ChecksumCRC32, "CRC32C": ChecksumCRC32C, "CRC64NVME": ChecksumCRC64NVME, "SHA1": ChecksumSHA1, "SHA256": ChecksumSHA256}
        for name, given_value in sent.items():
            if given_value is not None and name == algorithm and given_value.split("-")[0] != (value or "").split("-")[0]:
                raise ServiceError("BadDigest", f"The {name.lower()} you specified did not match the calculated checksum.", status=400)
        existing = bucket.objects.get(Key)
        if existing is not None or IfMatch is not None or IfNoneMatch is not None:
            self._check_write_conditions(Key, existing, IfMatch, IfNoneMatch)
        digest = hashlib.md5(b"".join(bytes.fromhex(p.etag.strip('"')) for p in parts)).hexdigest()
        obj = replace(
            upload.template,
            body=body,
            etag=f'"{digest}-{len(parts)}"',
            last_modified=now_seconds(),
            checksum_algorithm=algorithm,
            checksum=value,
            checksum_type=checksum_type,
        )
        bucket.store(obj)
        del bucket.uploads[UploadId]
        return {
            "Location": f"https://{Bucket}.s3.{bucket.region}.amazonaws.com/{quote(Key)}",
            "Bucket": Bucket,
            "Key": Key,
            "ETag": obj.etag,
            **({f"Checksum{algorithm}": value, "ChecksumType": checksum_type} if algorithm else {}),
            **self._encryption_output(obj),
        }

    @staticmethod
    def _object_checksum(upload: Upload, parts: list[Part], body: bytes) -> tuple[str | None, str | None, str]:
        """The completed object's checksum algorithm, value and type."""
        algorithm = upload.checksum_algorithm
        if algorithm is None:
            if importlib.util.find_spec("awscrt") is None:
                return None, None, "FULL_OBJECT"
            return "CRC64NVME", checksum("CRC64NVME", body), "FULL_OBJECT"
        if upload.checksum_type == "COMPOSITE":
            joined = b"".join(base64.b64decode(p.checksum or "") for p in parts)
            return algorithm, f"{checksum(algorithm, joined)}-{len(parts)}", "COMPOSITE"
        return algorithm, checksum(algorithm, body), "FULL_OBJECT"

    @staticmethod
    def _check_write_conditions(key: str, existing: S3Object | None, if_match: str | None, if_none_match: str | None) -> None:
        """Conditional writes: ``IfNoneMatch: *`` fails if the key exists, ``IfMatch``
        unless it exists with that ETag."""

        def failed(condition: str) -> ServiceError:
            return ServiceError(
                "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", status=412, Condition=condition
            )

        if if_none_match is not None and existing is not None:
            raise failed("If-None-Match")
        if if_match is not None:
            if existing is None:
                raise no_such_key(key)
            if if_match.strip('"') != existing.etag.strip('"') and if_match != "*":
                raise failed("If-Match")

    def abort_multipart_upload(self, Bucket: str, Key: str, UploadId: str, ExpectedBucketOwner: str | None = None) -> None:
        bucket = self._bucket(Bucket, ExpectedBucketOwner)
        self._upload(bucket, Key, UploadId)
        del bucket.uploads[UploadId]
