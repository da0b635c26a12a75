"""Amazon S3: buckets and objects, enough for exports and for reading them back.

Bucket names are global: one namespace per partition (``aws``, ``aws-cn``,
``aws-us-gov``), shared by every account and region, as in AWS. The store keeps it
in one backend, the partition's namespace (account ``""``, region = the partition);
the backend of every (account, region) holds a reference to it, so any client, and
any service delivering into S3, finds a bucket by its name alone. A bucket records
its owner account and its region. eventmock has no IAM: any account may use any
bucket (AWS would need a bucket policy), and a call from another region reaches the
bucket as botocore's region redirection would make it.

Objects are kept whole and immutable (no versioning, no multipart upload); every
object is encrypted with SSE-S3 unless the request asks for SSE-KMS, as S3 does since
2023. Timestamps have S3's precision, whole seconds. Other services deliver with
:meth:`S3Backend._put`.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import datetime as dt
import hashlib
import importlib
import json
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote, unquote

from eventmock.core import clock, ids
from eventmock.core.arns import partition_of
from eventmock.core.backend import Backend, Reply
from eventmock.core.errors import NotEmulatedError, ServiceError
from eventmock.core.validation import InputProblem

#: The account under which the store keeps a partition's bucket namespace.
NAMESPACE = ""
DEFAULT_CONTENT_TYPE = "binary/octet-stream"
MAX_KEYS = 1000
MAX_BUCKETS = 10_000
MAX_KEY_BYTES = 1024
#: Storage classes S3 accepts on a PUT (the others name Outposts, Snow, FSx...).
STORAGE_CLASSES = frozenset(
    {"STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR"}
)
#: Objects in these classes must be restored before they can be read.
ARCHIVED = frozenset({"GLACIER", "DEEP_ARCHIVE"})
SSE_ALGORITHMS = frozenset({"AES256", "aws:kms", "aws:kms:dsse"})
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d+")
_BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]*[a-z0-9]")
_IP_ADDRESS = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")
_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
_TOKEN_PREFIX = "eventmock-s3:"


def bucket_name_is_valid(name: str) -> bool:
    """S3's naming rules for general purpose buckets."""
    return (
        3 <= len(name) <= 63
        and _BUCKET_NAME.fullmatch(name) is not None
        and ".." not in name
        and _IP_ADDRESS.fullmatch(name) is None
        and not name.startswith(_RESERVED_PREFIXES)
        and not name.endswith(_RESERVED_SUFFIXES)
    )


def checksum(algorithm: str, data: bytes) -> str:
    """The base64 checksum S3 reports for ``data`` (``x-amz-checksum-*``)."""
    if algorithm == "CRC32":
        return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()
    if algorithm in ("SHA1", "SHA256", "SHA512", "MD5"):
        return base64.b64encode(hashlib.new(algorithm.lower(), data).digest()).decode()
    if algorithm in ("CRC32C", "CRC64NVME"):
        try:  # botocore needs awscrt for these algorithms too
            checksums: Any = importlib.import_module("awscrt.checksums")
        except ImportError:
            raise NotEmulatedError("s3", "PutObject", f"computing a {algorithm} checksum needs awscrt (botocore[crt])") from None
        if algorithm == "CRC32C":
            return base64.b64encode(checksums.crc32c(data).to_bytes(4, "big")).decode()
        return base64.b64encode(checksums.crc64nvme(data).to_bytes(8, "big")).decode()
    raise NotEmulatedError("s3", "PutObject", f"eventmock does not compute {algorithm} checksums")


@dataclass(frozen=True)
class S3Object:
    """One stored object. Immutable: a PUT replaces it."""

    key: str
    body: bytes
    etag: str
    last_modified: dt.datetime
    content_type: str = DEFAULT_CONTENT_TYPE
    metadata: dict[str, str] = field(default_factory=dict)
    server_side_encryption: str = "AES256"
    sse_kms_key_id: str | None = None
    bucket_key_enabled: bool | None = None
    storage_class: str = "STANDARD"
    checksum_algorithm: str | None = None
    checksum: str | None = None
    cache_control: str | None = None
    content_disposition: str | None = None
    content_encoding: str | None = None
    content_language: str | None = None

    @property
    def size(self) -> int:
        return len(self.body)

    def text(self, encoding: str = "utf-8") -> str:
        return self.body.decode(encoding)

    def json(self) -> Any:
        """The body parsed as one JSON document."""
        return json.loads(self.body)

    def json_lines(self) -> list[Any]:
        """The body parsed as JSON lines (what Firehose deliveries of newline-ended
        records, such as Pinpoint's event stream, hold); blank lines are skipped."""
        return [json.loads(line) for line in self.body.splitlines() if line.strip()]


@dataclass
class S3Bucket:
    name: str
    owner: str
    region: str
    created: dt.datetime
    objects: dict[str, S3Object] = field(default_factory=dict)
    #: The keys in order, kept alongside ``objects`` for listing.
    keys: list[str] = field(default_factory=list)

    @property
    def arn(self) -> str:
        return f"arn:{partition_of(self.region)}:s3:::{self.name}"

    def store(self, obj: S3Object) -> None:
        if obj.key not in self.objects:
            bisect.insort(self.keys, obj.key)
        self.objects[obj.key] = obj

    def remove(self, key: str) -> None:
        if self.objects.pop(key, None) is not None:
            del self.keys[bisect.bisect_left(self.keys, key)]


def _now() -> dt.datetime:
    return clock.now().replace(microsecond=0)


def _etag(body: bytes) -> str:
    return f'"{hashlib.md5(body).hexdigest()}"'


def _owner_id(account_id: str) -> str:
    """A canonical user id (64 hexadecimal digits), stable per account."""
    return hashlib.sha256(f"eventmock-canonical-{account_id}".encode()).hexdigest()


def _no_such_bucket(name: str) -> ServiceError:
    return ServiceError("NoSuchBucket", "The specified bucket does not exist", BucketName=name)


def _no_such_key(key: str) -> ServiceError:
    return ServiceError("NoSuchKey", "The specified key does not exist.", Key=key)


def _invalid_argument(message: str, name: str, value: str | None = None) -> ServiceError:
    fields = {"ArgumentName": name} if value is None else {"ArgumentName": name, "ArgumentValue": value}
    return ServiceError("InvalidArgument", message, status=400, fields=fields)


def _byte_range(spec: str | None, size: int) -> tuple[int, int] | None:
    """The inclusive byte range a ``Range`` header asks for, ``None`` when there is
    none or S3 would ignore it (not ``bytes=``, several ranges, malformed), and
    ``InvalidRange`` when it cannot be satisfied."""
    if spec is None:
        return None
    match = re.fullmatch(r"bytes=(\d*)-(\d*)", spec.strip())
    if match is None or match.group(1) == match.group(2) == "":
        return None
    first, last = match.groups()
    if first:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
        if last and int(last) < start:
            return None  # an invalid range is ignored, as HTTP says
    else:
        start, end = max(size - int(last), 0), size - 1
        if int(last) == 0:
            start = size
    if start >= size or end < start:
        raise ServiceError(
            "InvalidRange", "The requested range is not satisfiable", status=416, RangeRequested=spec, ActualObjectSize=size
        )
    return start, end


class S3Backend(Backend):
    service = "s3"
    view = "eventmock.services.s3.inspect:S3View"

    @classmethod
    def _bad_input(cls, problem: InputProblem) -> ServiceError:
        if not problem.name:
            return ServiceError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", status=400)
        return _invalid_argument(problem.message, problem.name)

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.partition = partition_of(self.region) if self.account_id != NAMESPACE else self.region
        if self.account_id == NAMESPACE:
            #: Every bucket of the partition, by name (this backend is the namespace).
            self.buckets: dict[str, S3Bucket] = {}
        else:
            namespace = self.store.backend("s3", NAMESPACE, self.partition)
            assert isinstance(namespace, S3Backend)
            self.buckets = namespace.buckets

    @staticmethod
    def _new_request_id() -> str:
        return ids.upper_hex(16)

    # -- helpers ------------------------------------------------------------------

    def _bucket(self, name: str, expected_owner: str | None = None) -> S3Bucket:
        bucket = self.buckets.get(name)
        if bucket is None:
            raise _no_such_bucket(name)
        if expected_owner is not None and expected_owner != bucket.owner:
            raise ServiceError("AccessDenied", "Access Denied", status=403)
        return bucket

    def _object(self, bucket: S3Bucket, key: str) -> S3Object:
        obj = bucket.objects.get(key)
        if obj is None:
            raise _no_such_key(key)
        return obj

    @staticmethod
    def _check_key(key: str) -> None:
        size = len(key.encode("utf-8"))
        if size > MAX_KEY_BYTES:
            raise ServiceError("KeyTooLongError", "Your key is too long", status=400, MaxSizeAllowed=MAX_KEY_BYTES, Size=size)

    def _encryption(self, bucket: S3Bucket, sse: str | None, key_id: str | None, bucket_key: bool | None) -> dict[str, Any]:
        algorithm = sse or "AES256"
        if algorithm not in SSE_ALGORITHMS:
            raise _invalid_argument("The encryption method specified is not supported", "x-amz-server-side-encryption", algorithm)
        if not algorithm.startswith("aws:kms"):
            if key_id is not None:
                raise _invalid_argument(
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
            etag=_etag(body),
            last_modified=_now(),
            content_type=content_type or DEFAULT_CONTENT_TYPE,
            metadata={k.lower(): v for k, v in (metadata or {}).items()},
            **encryption,
        )
        target.store(obj)
        return obj

    # -- buckets ------------------------------------------------------------------

    def create_bucket(self, Bucket: str, CreateBucketConfiguration: dict[str, Any] | None = None) -> dict[str, Any]:
        name = Bucket
        if not bucket_name_is_valid(name):
            self.refuse("s3.bucket-name", ServiceError("InvalidBucketName", "The specified bucket is not valid.", status=400, BucketName=name))
        region = self._bucket_region(CreateBucketConfiguration)
        existing = self.buckets.get(name)
        if existing is not None:
            if existing.owner != self.account_id:
                raise ServiceError(
                    "BucketAlreadyExists",
                    "The requested bucket name is not available. The bucket namespace is shared by all users of the system. "
                    "Please select a different name and try again.",
                    BucketName=name,
                )
            if not (region == existing.region == "us-east-1"):
                raise ServiceError(
                    "BucketAlreadyOwnedByYou",
                    "Your previous request to create the named bucket succeeded and you already own it.",
                    BucketName=name,
                )
            # us-east-1 answers a re-creation of one's own bucket with 200 (legacy)
            return {"Location": f"/{name}", "BucketArn": existing.arn}
        bucket = self.buckets[name] = S3Bucket(name, self.account_id, region, _now())
        location = f"/{name}" if region == "us-east-1" else f"http://{name}.s3.amazonaws.com/"
        return {"Location": location, "BucketArn": bucket.arn}

    def _bucket_region(self, configuration: dict[str, Any] | None) -> str:
        """The region a CreateBucket call puts the bucket in, by AWS's rules: the
        us-east-1 endpoint (S3's global one) takes no constraint, or any other region's;
        every other endpoint needs its own region as the constraint."""
        if configuration is None:
            if self.region != "us-east-1":
                raise ServiceError(
                    "IllegalLocationConstraintException",
                    "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.",
                    status=400,
                )
            return "us-east-1"
        others = sorted(set(configuration) - {"LocationConstraint"})
        if others:
            raise NotEmulatedError("s3", "CreateBucket", f"eventmock does not emulate CreateBucketConfiguration.{others[0]}")
        constraint = configuration.get("LocationConstraint")
        if not constraint:
            raise ServiceError(
                "MalformedXML",
                "The XML you provided was not well-formed or did not validate against our published schema",
                status=400,
            )
        region = "eu-west-1" if constraint == "EU" else constraint
        invalid = ServiceError(
            "InvalidLocationConstraint", "The specified location-constraint is not valid", status=400, LocationConstraint=constraint
        )
        if self.region == "us-east-1":
            if constraint == "us-east-1" or not _REGION.fullmatch(region) or partition_of(region) != self.partition:
                raise invalid
            return region
        if constraint != self.region:
            raise ServiceError(
                "IllegalLocationConstraintException",
                f"The {constraint} location constraint is incompatible for the region specific endpoint this request was sent to.",
                status=400,
            )
        return region

    def list_buckets(
        self,
        MaxBuckets: int | None = None,
        ContinuationToken: str | None = None,
        Prefix: str | None = None,
        BucketRegion: str | None = None,
    ) -> dict[str, Any]:
        if MaxBuckets is not None and not 1 <= MaxBuckets <= MAX_BUCKETS:
            raise _invalid_argument(f"Argument max-buckets must be an integer between 1 and {MAX_BUCKETS}", "max-buckets", str(MaxBuckets))
        names = sorted(
            b.name
            for b in self.buckets.values()
            if b.owner == self.account_id
            and (Prefix is None or b.name.startswith(Prefix))
            and (BucketRegion is None or b.region == BucketRegion)
        )
        if ContinuationToken is not None:
            after = self._decode_token(ContinuationToken)
            names = names[bisect.bisect_right(names, after) :]
        page = names[: MaxBuckets or MAX_BUCKETS]
        more = len(names) > len(page)
        return {
            "Buckets": [
                {"Name": n, "CreationDate": self.buckets[n].created, "BucketRegion": self.buckets[n].region} for n in page
            ],
            "Owner": {"ID": _owner_id(self.account_id)},
            "ContinuationToken": self._encode_token(page[-1]) if more else None,
            "Prefix": Prefix,
        }

    def head_bucket(self, Bucket: str, ExpectedBucketOwner: str | None = None) -> dict[str, Any]:
        bucket = self._bucket(Bucket, ExpectedBucketOwner)
        return {"BucketRegion": bucket.region, "AccessPointAlias": False}

    def delete_bucket(self, Bucket: str, ExpectedBucketOwner: str | None = None) -> None:
        bucket = self._bucket(Bucket, ExpectedBucketOwner)
        if bucket.objects:
            raise ServiceError("BucketNotEmpty", "The bucket you tried to delete is not empty", status=409, BucketName=Bucket)
        del self.buckets[Bucket]

    # -- objects ------------------------------------------------------------------

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
        # The checksum the client sent (botocore sends a CRC32 with every upload unless
        # told otherwise: in a header or a trailer, so the fast path never sees it).
        sent = {
            name: value
            for name, value in (
                ("CRC32", ChecksumCRC32),
                ("CRC32C", ChecksumCRC32C),
                ("CRC64NVME", ChecksumCRC64NVME),
                ("SHA1", ChecksumSHA1),
                ("SHA256", ChecksumSHA256),
            )
            if value is not None
        }
        for name, value in sent.items():
            if checksum(name, body) != value:
                raise ServiceError("BadDigest", f"The {name} you specified did not match the calculated checksum.", status=400)
        algorithm = ChecksumAlgorithm or next(iter(sent), "CRC32")
        obj = S3Object(
            key=Key,
            body=body,
            etag=_etag(body),
            last_modified=_now(),
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
        span = _byte_range(range_spec, obj.size)
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
            output["ChecksumType"] = "FULL_OBJECT"
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
            span = _byte_range(Range, obj.size)
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
            last_modified=_now(),
            storage_class=storage_class,
            checksum_algorithm=algorithm,
            checksum=checksum(algorithm, source.body),
            **described,
            **encryption,
        )
        target.store(obj)
        result = {"ETag": obj.etag, "LastModified": obj.last_modified, f"Checksum{algorithm}": obj.checksum, "ChecksumType": "FULL_OBJECT"}
        return {"CopyObjectResult": result, **self._encryption_output(obj)}

    @staticmethod
    def _copy_source(copy_source: str) -> tuple[str, str]:
        """Bucket and key of ``x-amz-copy-source`` (``bucket/key``, URL-encoded, as
        botocore sends both the string and the dict forms)."""
        path, _, query = copy_source.partition("?")
        bucket, _, key = unquote(path).lstrip("/").partition("/")
        if not bucket or not key:
            raise _invalid_argument("Invalid copy source object key", "x-amz-copy-source", copy_source)
        if query:
            version = dict(p.partition("=")[::2] for p in query.split("&")).get("versionId")
            if version is not None and version != "null":
                raise _invalid_argument("Invalid version id specified", "versionId", version)
        return bucket, key

    # -- listing ------------------------------------------------------------------

    @staticmethod
    def _encode_token(key: str) -> str:
        return base64.urlsafe_b64encode((_TOKEN_PREFIX + key).encode()).decode()

    @staticmethod
    def _decode_token(token: str) -> str:
        try:
            text = base64.urlsafe_b64decode(token.encode()).decode()
        except (binascii.Error, UnicodeError, ValueError):
            text = ""
        if not token or not text.startswith(_TOKEN_PREFIX):
            raise _invalid_argument("The continuation token provided is incorrect", "continuation-token")
        return text[len(_TOKEN_PREFIX) :]

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
                    "ChecksumType": "FULL_OBJECT" if obj.checksum_algorithm else None,
                    "Size": obj.size,
                    "StorageClass": obj.storage_class,
                    "Owner": {"ID": _owner_id(bucket.owner)} if owner else None,
                }
            )
        return contents, prefixes, None

    @staticmethod
    def _encoder(encoding_type: str | None) -> Callable[[str], str]:
        if encoding_type == "url":
            return lambda text: quote(text, safe="/")
        if encoding_type is not None:  # botocore does not check enums; S3 knows only "url"
            raise _invalid_argument("Invalid Encoding Method specified in Request", "encoding-type", encoding_type)
        return lambda text: text

    @staticmethod
    def _max_keys(max_keys: int | None) -> int:
        if max_keys is not None and max_keys < 0:
            raise _invalid_argument("Provided max-keys not an integer or within integer range", "max-keys", str(max_keys))
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
