"""S3 objects: put, get, head, delete, copy."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from eventmock.core.backend import Reply
from eventmock.core.errors import ServiceError
from eventmock.services.s3.base import S3Base
from eventmock.services.s3.models import ARCHIVED, DEFAULT_CONTENT_TYPE, S3Object, byte_range, checksum, etag_of, now_seconds


class Objects(S3Base):

    def put_object(
        self,
        Bucket: str,
        Key: str,
        Body: bytes | None = None,
        ContentType: str | None = None,
        Metadata: dict[str, str] | None = None,
        ServerSideEncryption: str | None = None,
        SSEKMSKeyId: str | None = None,
        BucketKeyEnabled: bool | None = None,
        StorageClass: str | None = None,
        ChecksumAlgorithm: str | None = None,
        ChecksumCRC32: str | None = None,
        ChecksumCRC32C: str | None = None,
        ChecksumCRC64NVME: str | None = None,
        ChecksumSHA1: str | None = None,
        ChecksumSHA256: str | None = None,
        ContentMD5: str | None = None,
        ContentLength: int | None = None,
        CacheControl: str | None = None,
        ContentDisposition: str | None = None,
        ContentEncoding: str | None = None,
        ContentLanguage: str | None = None,
        ExpectedBucketOwner: str | None = None,
    ) -> dict[str, Any]:
        bucket = self._bucket(Bucket, ExpectedBucketOwner)
        self._check_key(Key)
        body = Body or b""
        if ContentLength is not None and ContentLength != len(body):
            raise ServiceError(
                "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.", status=400
            )
        if ContentMD5 is not None:
            self._check_md5(ContentMD5, body)
        storage_class = self._check_storage_class(StorageClass)
        encryption = self._encryption(bucket, ServerSideEncryption, SSEKMSKeyId, BucketKeyEnabled)
        sent = self._check_sent(
            body, {"CRC32": ChecksumCRC32, "CRC32C": ChecksumCRC32C, "CRC64NVME": ChecksumCRC64NVME, "SHA1": ChecksumSHA1, "SHA256": ChecksumSHA256}
        )
        algorithm = ChecksumAlgorithm or next(iter(sent), "CRC32")
        obj = S3Object(
            key=Key,
            body=body,
            etag=etag_of(body),
            last_modified=now_seconds(),
            content_type=ContentType or DEFAULT_CONTENT_TYPE,
            metadata={k.lower(): v for k, v in (Metadata or {}).items()},
            storage_class=storage_class,
            checksum_algorithm=algorithm,
            checksum=checksum(algorithm, body),
            cache_control=CacheControl,
            content_disposition=ContentDisposition,
            content_encoding=ContentEncoding,
            content_language=ContentLanguage,
            **encryption,
        )
        bucket.store(obj)
        return {
            "ETag": obj.etag,
            f"Checksum{algorithm}": obj.checksum,
            "ChecksumType": "FULL_OBJECT",
            **self._encryption_output(obj),
        }

    @staticmethod
    def _check_conditions(
        obj: S3Object,
        if_match: str | None,
        if_none_match: str | None,
        if_modified_since: dt.datetime | None,
        if_unmodified_since: dt.datetime | None,
    ) -> None:
        """HTTP conditional requests, with S3's precedence: If-Match wins over
        If-Unmodified-Since, If-None-Match over If-Modified-Since."""

        def matches(condition: str) -> bool:
            tags = [t.strip() for t in condition.split(",")]
            return "*" in tags or obj.etag in tags or obj.etag.strip('"') in tags

        def failed(condition: str) -> ServiceError:
            return ServiceError(
                "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", status=412, Condition=condition
            )

        if if_match is not None:
            if not matches(if_match):
                raise failed("If-Match")
        elif if_unmodified_since is not None and obj.last_modified > if_unmodified_since:
            raise failed("If-Unmodified-Since")
        if if_none_match is not None:
            if matches(if_none_match):
                raise ServiceError("NotModified", "Not Modified", status=304)
        elif if_modified_since is not None and obj.last_modified <= if_modified_since:
            raise ServiceError("NotModified", "Not Modified", status=304)

    def _read(
        self,
        obj: S3Object,
        range_spec: str | None,
        checksum_mode: str | None,
        overrides: dict[str, str | None],
    ) -> tuple[dict[str, Any], tuple[int, int] | None]:
        """The header members GetObject and HeadObject answer with."""
        span = byte_range(range_spec, obj.size)
        output: dict[str, Any] = {
            "AcceptRanges": "bytes",
            "LastModified": obj.last_modified,
            "ContentLength": obj.size if span is None else span[1] - span[0] + 1,
            "ETag": obj.etag,
            "ContentType": obj.content_type,
            "CacheControl": obj.cache_control,
            "ContentDisposition": obj.content_disposition,
            "ContentEncoding": obj.content_encoding,
            "ContentLanguage": obj.content_language,
            "Metadata": dict(obj.metadata),
            "StorageClass": None if obj.storage_class == "STANDARD" else obj.storage_class,
            **self._encryption_output(obj),
        }
        if span is not None:
            output["ContentRange"] = f"bytes {span[0]}-{span[1]}/{obj.size}"
        elif checksum_mode == "ENABLED" and obj.checksum_algorithm is not None:
            output[f"Checksum{obj.checksum_algorithm}"] = obj.checksum
            output["ChecksumType"] = obj.checksum_type
        for member, value in overrides.items():
            if value is not None:
                output[member] = value
        return output, span

    def get_object(
        self,
        Bucket: str,
        Key: str,
        Range: str | None = None,
        ChecksumMode: str | None = None,
        IfMatch: str | None = None,
        IfNoneMatch: str | None = None,
        IfModifiedSince: dt.datetime | None = None,
        IfUnmodifiedSince: dt.datetime | None = None,
        ResponseCacheControl: str | None = None,
        ResponseContentDisposition: str | None = None,
        ResponseContentEncoding: str | None = None,
        ResponseContentLanguage: str | None = None,
        ResponseContentType: str | None = None,
        ExpectedBucketOwner: str | None = None,
    ) -> dict[str, Any]:
        obj = self._object(self._bucket(Bucket, ExpectedBucketOwner), Key)
        if obj.storage_class in ARCHIVED:
            raise ServiceError("InvalidObjectState", "The operation is not valid for the object's storage class", StorageClass=obj.storage_class)
        # GetObject answers what HeadObject does (the same checks, the same headers), and the bytes.
        head = self.head_object(
            Bucket, Key, Range, ChecksumMode, IfMatch, IfNoneMatch, IfModifiedSince, IfUnmodifiedSince,
            ResponseCacheControl, ResponseContentDisposition, ResponseContentEncoding, ResponseContentLanguage,
            ResponseContentType, ExpectedBucketOwner,
        )  # fmt: skip
        if isinstance(head, Reply):  # a range: 206 Partial Content
            span = byte_range(Range, obj.size)
            assert span is not None
            return Reply({**head, "Body": obj.body[span[0] : span[1] + 1]}, status=head.status)
        return {**head, "Body": obj.body}

    def head_object(
        self,
        Bucket: str,
        Key: str,
        Range: str | None = None,
        ChecksumMode: str | None = None,
        IfMatch: str | None = None,
        IfNoneMatch: str | None = None,
        IfModifiedSince: dt.datetime | None = None,
        IfUnmodifiedSince: dt.datetime | None = None,
        ResponseCacheControl: str | None = None,
        ResponseContentDisposition: str | None = None,
        ResponseContentEncoding: str | None = None,
        ResponseContentLanguage: str | None = None,
        ResponseContentType: str | None = None,
        ExpectedBucketOwner: str | None = None,
    ) -> dict[str, Any]:
        obj = self._object(self._bucket(Bucket, ExpectedBucketOwner), Key)
        self._check_conditions(obj, IfMatch, IfNoneMatch, IfModifiedSince, IfUnmodifiedSince)
        overrides = {
            "CacheControl": ResponseCacheControl,
            "ContentDisposition": ResponseContentDisposition,
            "ContentEncoding": ResponseContentEncoding,
            "ContentLanguage": ResponseContentLanguage,
            "ContentType": ResponseContentType,
        }
        output, span = self._read(obj, Range, ChecksumMode, overrides)
        return output if span is None else Reply(output, status=206)

    def delete_object(self, Bucket: str, Key: str, ExpectedBucketOwner: str | None = None) -> None:
        self._bucket(Bucket, ExpectedBucketOwner).remove(Key)

    def copy_object(
        self,
        Bucket: str,
        CopySource: str,
        Key: str,
        MetadataDirective: str | None = None,
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
        ExpectedBucketOwner: str | None = None,
        ExpectedSourceBucketOwner: str | None = None,
    ) -> dict[str, Any]:
        target = self._bucket(Bucket, ExpectedBucketOwner)
        self._check_key(Key)
        source_bucket, source_key = self._copy_source(CopySource)
        source = self._object(self._bucket(source_bucket, ExpectedSourceBucketOwner), source_key)
        if source.storage_class in ARCHIVED:
            raise ServiceError(
                "InvalidObjectState", "Operation is not valid for the source object's storage class", StorageClass=source.storage_class
            )
        replace_metadata = MetadataDirective == "REPLACE"
        if (source_bucket, source_key) == (Bucket, Key) and not (
            replace_metadata or StorageClass or ServerSideEncryption or SSEKMSKeyId
        ):
            raise ServiceError(
                "InvalidRequest",
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's "
                "metadata, storage class, website redirect location or encryption attributes.",
            )
        storage_class = self._check_storage_class(StorageClass)
        encryption = self._encryption(target, ServerSideEncryption, SSEKMSKeyId, BucketKeyEnabled)
        algorithm = ChecksumAlgorithm or source.checksum_algorithm or "CRC32"
        if replace_metadata:
            described: dict[str, Any] = {
                "content_type": ContentType or DEFAULT_CONTENT_TYPE,
                "metadata": {k.lower(): v for k, v in (Metadata or {}).items()},
                "cache_control": CacheControl,
                "content_disposition": ContentDisposition,
                "content_encoding": ContentEncoding,
                "content_language": ContentLanguage,
            }
        else:
            described = {}  # S3 copies the source's, and ignores the request's
        obj = replace(
            source,
            key=Key,
            last_modified=now_seconds(),
            storage_class=storage_class,
            etag=etag_of(source.body),
            checksum_algorithm=algorithm,
            checksum=checksum(algorithm, source.body),
            checksum_type="FULL_OBJECT",
            **described,
            **encryption,
        )
        target.store(obj)
        result = {"ETag": obj.etag, "LastModified": obj.last_modified, f"Checksum{algorithm}": obj.checksum, "ChecksumType": "FULL_OBJECT"}
        return {"CopyObjectResult": result, **self._encryption_output(obj)}
