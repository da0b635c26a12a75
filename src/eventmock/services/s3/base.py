"""The base of the S3 backend: the partition's bucket namespace, the lookups and
checks every resource family shares, and :meth:`S3Base._put` for other services."""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, unquote

from eventmock.core import ids
from eventmock.core.arns import partition_of
from eventmock.core.backend import Backend
from eventmock.core.errors import ServiceError
from eventmock.core.validation import InputProblem
from eventmock.services.s3.models import (
    DEFAULT_CONTENT_TYPE,
    MAX_KEY_BYTES,
    NAMESPACE,
    SSE_ALGORITHMS,
    STORAGE_CLASSES,
    TOKEN_PREFIX,
    S3Bucket,
    S3Object,
    Upload,
    checksum,
    etag_of,
    invalid_argument,
    no_such_bucket,
    no_such_key,
    no_such_upload,
    now_seconds,
)


class S3Base(Backend):
    """The shared state (the partition's bucket namespace) and lookups."""

    service = "s3"
    view = "eventmock.services.s3.inspect:S3View"

    @classmethod
    def _bad_input(cls, problem: InputProblem) -> ServiceError:
        if not problem.name:
            return ServiceError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", status=400)
        return invalid_argument(problem.message, problem.name)

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.partition = partition_of(self.region) if self.account_id != NAMESPACE else self.region
        if self.account_id == NAMESPACE:
            #: Every bucket of the partition, by name (this backend is the namespace).
            self.buckets: dict[str, S3Bucket] = {}
        else:
            namespace = self.store.backend("s3", NAMESPACE, self.partition)
            assert isinstance(namespace, S3Base)
            self.buckets = namespace.buckets

    @staticmethod
    def _new_request_id() -> str:
        return ids.upper_hex(16)

    # -- helpers ------------------------------------------------------------------

    def _bucket(self, name: str, expected_owner: str | None = None) -> S3Bucket:
        bucket = self.buckets.get(name)
        if bucket is None:
            raise no_such_bucket(name)
        if expected_owner is not None and expected_owner != bucket.owner:
            raise ServiceError("AccessDenied", "Access Denied", status=403)
        return bucket

    def _upload(self, bucket: S3Bucket, key: str, upload_id: str) -> Upload:
        upload = bucket.uploads.get(upload_id)
        if upload is None or upload.key != key:
            raise no_such_upload(upload_id)
        return upload

    def _object(self, bucket: S3Bucket, key: str) -> S3Object:
        obj = bucket.objects.get(key)
        if obj is None:
            raise no_such_key(key)
        return obj

    @staticmethod
    def _check_key(key: str) -> None:
        size = len(key.encode("utf-8"))
        if size > MAX_KEY_BYTES:
            raise ServiceError("KeyTooLongError", "Your key is too long", status=400, MaxSizeAllowed=MAX_KEY_BYTES, Size=size)

    def _encryption(self, bucket: S3Bucket, sse: str | None, key_id: str | None, bucket_key: bool | None) -> dict[str, Any]:
        algorithm = sse or "AES256"
        if algorithm not in SSE_ALGORITHMS:
            raise invalid_argument("The encryption method specified is not supported", "x-amz-server-side-encryption", algorithm)
        if not algorithm.startswith("aws:kms"):
            if key_id is not None:
                raise invalid_argument(
                    "Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms",
                    "x-amz-server-side-encryption-aws-kms-key-id",
                    key_id,
                )
            return {"server_side_encryption": algorithm, "sse_kms_key_id": None, "bucket_key_enabled": bucket_key or None}
        region, account = bucket.region, bucket.owner
        if key_id is None:
            # the AWS managed key aws/s3 of the bucket owner's account and region
            digest = hashlib.md5(f"aws/s3 {account} {region}".encode()).hexdigest()
            key_id = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:]}"
        if not key_id.startswith(("arn:", "alias/")):
            key_id = f"arn:{partition_of(region)}:kms:{region}:{account}:key/{key_id}"
        return {"server_side_encryption": algorithm, "sse_kms_key_id": key_id, "bucket_key_enabled": bucket_key or None}

    @staticmethod
    def _encryption_output(obj: S3Object) -> dict[str, Any]:
        return {
            "ServerSideEncryption": obj.server_side_encryption,
            "SSEKMSKeyId": obj.sse_kms_key_id,
            "BucketKeyEnabled": obj.bucket_key_enabled,
        }

    @staticmethod
    def _check_storage_class(storage_class: str | None) -> str:
        if storage_class is None:
            return "STANDARD"
        if storage_class not in STORAGE_CLASSES:
            raise ServiceError(
                "InvalidStorageClass", "The storage class you specified is not valid", status=400, StorageClassRequested=storage_class
            )
        return storage_class

    def _put(
        self,
        bucket: str,
        key: str,
        body: bytes,
        *,
        content_type: str | None = None,
        metadata: dict[str, str] | None = None,
        sse: dict[str, Any] | None = None,
    ) -> S3Object:
        """Write an object on behalf of another service (a delivery): the bucket is
        found by name in the namespace of this backend's partition. ``sse`` takes
        ``ServerSideEncryption`` and ``SSEKMSKeyId`` as in ``put_object``. Raises
        ``ServiceError`` ``NoSuchBucket`` if the bucket does not exist."""
        target = self._bucket(bucket)
        self._check_key(key)
        sse = sse or {}
        encryption = self._encryption(target, sse.get("ServerSideEncryption"), sse.get("SSEKMSKeyId"), sse.get("BucketKeyEnabled"))
        obj = S3Object(
            key=key,
            body=bytes(body),
            etag=etag_of(body),
            last_modified=now_seconds(),
            content_type=content_type or DEFAULT_CONTENT_TYPE,
            metadata={k.lower(): v for k, v in (metadata or {}).items()},
            **encryption,
        )
        target.store(obj)
        return obj

    @staticmethod
    def _check_md5(content_md5: str, body: bytes) -> None:
        try:
            given = base64.b64decode(content_md5, validate=True)
        except ValueError:  # not base64 (binascii.Error), or not even ASCII
            given = b""
        if len(given) != 16:
            raise ServiceError("InvalidDigest", "The Content-MD5 you specified was invalid.", status=400, fields={"Content-MD5": content_md5})
        calculated = hashlib.md5(body).digest()
        if given != calculated:
            raise ServiceError(
                "BadDigest",
                "The Content-MD5 you specified did not match what we received.",
                status=400,
                ExpectedDigest=given.hex(),
                CalculatedDigest=base64.b64encode(calculated).decode(),
            )

    @staticmethod
    def _check_sent(body: bytes, sent: dict[str, str | None]) -> list[str]:
        """Check the checksums the client sent (algorithm -> base64 value, ``None``
        when not sent) against ``body``: ``BadDigest`` if one differs; the algorithms
        sent. botocore sends a CRC32 with every upload unless told otherwise, in a
        header or a trailer, so the fast path never sees that one."""
        algorithms = [name for name, value in sent.items() if value is not None]
        for name in algorithms:
            if checksum(name, body) != sent[name]:
                raise ServiceError("BadDigest", f"The {name} you specified did not match the calculated checksum.", status=400)
        return algorithms

    @staticmethod
    def _copy_source(copy_source: str) -> tuple[str, str]:
        """Bucket and key of ``x-amz-copy-source`` (``bucket/key``, URL-encoded, as
        botocore sends both the string and the dict forms)."""
        path, _, query = copy_source.partition("?")
        bucket, _, key = unquote(path).lstrip("/").partition("/")
        if not bucket or not key:
            raise invalid_argument("Invalid copy source object key", "x-amz-copy-source", copy_source)
        if query:
            version = dict(p.partition("=")[::2] for p in query.split("&")).get("versionId")
            if version is not None and version != "null":
                raise invalid_argument("Invalid version id specified", "versionId", version)
        return bucket, key

    @staticmethod
    def _encoder(encoding_type: str | None) -> Callable[[str], str]:
        if encoding_type == "url":
            return lambda text: quote(text, safe="/")
        if encoding_type is not None:  # botocore does not check enums; S3 knows only "url"
            raise invalid_argument("Invalid Encoding Method specified in Request", "encoding-type", encoding_type)
        return lambda text: text

    # -- continuation tokens (list_buckets, list_objects_v2) --------------------

    @staticmethod
    def _encode_token(key: str) -> str:
        return base64.urlsafe_b64encode((TOKEN_PREFIX + key).encode()).decode()

    @staticmethod
    def _decode_token(token: str) -> str:
        try:
            text = base64.urlsafe_b64decode(token.encode()).decode()
        except (binascii.Error, UnicodeError, ValueError):
            text = ""
        if not token or not text.startswith(TOKEN_PREFIX):
            raise invalid_argument("The continuation token provided is incorrect", "continuation-token")
        return text[len(TOKEN_PREFIX) :]
