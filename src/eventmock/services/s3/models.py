"""Amazon S3's stored things (buckets, objects, multipart uploads) and the rules and
helpers the resource families share: naming, checksums, ETags, errors, byte ranges."""

from __future__ import annotations

import base64
import bisect
import datetime as dt
import hashlib
import importlib
import json
import re
import zlib
from dataclasses import dataclass, field
from typing import Any

from eventmock.core import clock
from eventmock.core.arns import partition_of
from eventmock.core.errors import NotEmulatedError, ServiceError

#: The account under which the store keeps a partition's bucket namespace.
NAMESPACE = ""
DEFAULT_CONTENT_TYPE = "binary/octet-stream"
MAX_KEYS = 1000
MAX_BUCKETS = 10_000
MAX_KEY_BYTES = 1024
#: The smallest part of a multipart upload but the last, and the part numbers.
MIN_PART_SIZE = 5 * 1024 * 1024
MAX_PART_NUMBER = 10_000
#: Storage classes S3 accepts on a PUT (the others name Outposts, Snow, FSx...).
STORAGE_CLASSES = frozenset(
    {"STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR"}
)
#: Objects in these classes must be restored before they can be read.
ARCHIVED = frozenset({"GLACIER", "DEEP_ARCHIVE"})
SSE_ALGORITHMS = frozenset({"AES256", "aws:kms", "aws:kms:dsse"})
REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d+")
_BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]*[a-z0-9]")
_IP_ADDRESS = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")
_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
TOKEN_PREFIX = "eventmock-s3:"


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
    #: ``FULL_OBJECT``, or ``COMPOSITE`` for a multipart upload's checksum of its
    #: parts' checksums (``"...-N"``).
    checksum_type: str = "FULL_OBJECT"
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


@dataclass(frozen=True)
class Part:
    """One uploaded part of a multipart upload. A part uploaded again replaces it."""

    number: int
    body: bytes
    etag: str
    last_modified: dt.datetime
    checksum: str | None = None


@dataclass
class Upload:
    """A multipart upload in progress: the object it will become, without its body."""

    id: str
    key: str
    initiated: dt.datetime
    initiator: str
    #: What the completed object is made with (``S3Object``'s fields).
    template: S3Object
    checksum_algorithm: str | None = None
    checksum_type: str | None = None
    parts: dict[int, Part] = field(default_factory=dict)


@dataclass
class S3Bucket:
    name: str
    owner: str
    region: str
    created: dt.datetime
    objects: dict[str, S3Object] = field(default_factory=dict)
    #: The keys in order, kept alongside ``objects`` for listing.
    keys: list[str] = field(default_factory=list)
    #: Multipart uploads in progress, by upload id.
    uploads: dict[str, Upload] = field(default_factory=dict)

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


def now_seconds() -> dt.datetime:
    return clock.now().replace(microsecond=0)


def etag_of(body: bytes) -> str:
    return f'"{hashlib.md5(body).hexdigest()}"'


def owner_id(account_id: str) -> str:
    """A canonical user id (64 hexadecimal digits), stable per account."""
    return hashlib.sha256(f"eventmock-canonical-{account_id}".encode()).hexdigest()


def no_such_bucket(name: str) -> ServiceError:
    return ServiceError("NoSuchBucket", "The specified bucket does not exist", BucketName=name)


def no_such_key(key: str) -> ServiceError:
    return ServiceError("NoSuchKey", "The specified key does not exist.", Key=key)


def no_such_upload(upload_id: str) -> ServiceError:
    return ServiceError(
        "NoSuchUpload",
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
        UploadId=upload_id,
    )


def invalid_argument(message: str, name: str, value: str | None = None) -> ServiceError:
    fields = {"ArgumentName": name} if value is None else {"ArgumentName": name, "ArgumentValue": value}
    return ServiceError("InvalidArgument", message, status=400, fields=fields)


def byte_range(spec: str | None, size: int) -> tuple[int, int] | None:
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
