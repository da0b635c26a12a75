"""S3 for the services that write into it (Firehose deliveries, Data Exchange
exports and imports): the one way they read and write objects.

S3 is a service eventmock only writes into, so it is handed over whole
(``eventmock.core.registry.HANDED_OVER``): while a mock underneath (moto) takes it,
every S3 call goes there, and so do these reads and writes, made as the calls AWS's
services make (``HeadBucket``, ``GetObject``, ``PutObject``) through botocore, so that
S3's state never splits between two mocks. With no mock underneath, eventmock's own
small S3 (:class:`~eventmock.services.s3.backend.S3Backend`) serves them directly.

Errors are raised as :class:`~eventmock.core.errors.ServiceError` with S3's code
(``NoSuchBucket``, ...), whichever S3 answered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventmock.core import intercept
from eventmock.core.errors import EventmockError, ServiceError

if TYPE_CHECKING:
    from eventmock.core.store import Store
    from eventmock.services.s3.backend import S3Backend

__all__ = ["exists", "read", "write"]


def _own(store: Store, account: str, region: str) -> S3Backend | None:
    """eventmock's S3 backend, or ``None`` when S3 is handed to a mock underneath."""
    if not intercept.emulates("s3"):
        return None
    from eventmock.services.s3.backend import S3Backend

    backend = store.backend("s3", account, region)
    assert isinstance(backend, S3Backend)
    return backend


def _call(store: Store, account: str, region: str, operation: str, **params: Any) -> dict[str, Any]:
    """One S3 call through botocore, for the mock underneath to answer; its errors as
    ``ServiceError`` (a HEAD's bare 404 as ``NoSuchBucket``)."""
    from botocore.exceptions import BotoCoreError, ClientError

    client = store.client("s3", account, region)
    try:
        response: dict[str, Any] = getattr(client, operation)(**params)
    except ClientError as error:
        details = error.response.get("Error", {})
        code = str(details.get("Code", "")) or "InternalError"
        status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 500)
        if code in ("404", "NoSuchBucket"):
            raise ServiceError("NoSuchBucket", "The specified bucket does not exist", status=404) from error
        raise ServiceError(code, str(details.get("Message", "")) or str(error), status=status) from error
    except (BotoCoreError, EventmockError) as error:
        raise ServiceError("InternalError", f"S3 through the mock underneath failed: {error}", status=500) from error
    return response


def exists(store: Store, account: str, region: str, bucket: str) -> bool:
    """Whether the bucket exists (any owner)."""
    own = _own(store, account, region)
    if own is not None:
        return bucket in own.buckets
    try:
        _call(store, account, region, "head_bucket", Bucket=bucket)
    except ServiceError as error:
        if error.code == "NoSuchBucket":
            return False
        raise
    return True


def read(store: Store, account: str, region: str, bucket: str, key: str) -> bytes | None:
    """The bytes of one object; ``None`` if the bucket or the key does not exist."""
    own = _own(store, account, region)
    if own is not None:
        found = own.buckets.get(bucket)
        obj = found.objects.get(key) if found is not None else None
        return obj.body if obj is not None else None
    try:
        response = _call(store, account, region, "get_object", Bucket=bucket, Key=key)
    except ServiceError as error:
        if error.code in ("NoSuchBucket", "NoSuchKey"):
            return None
        raise
    body: bytes = response["Body"].read()
    return body


def write(
    store: Store,
    account: str,
    region: str,
    bucket: str,
    key: str,
    body: bytes,
    *,
    content_type: str | None = None,
    sse: dict[str, Any] | None = None,
) -> None:
    """Put one object, as a service inside AWS does. ``sse`` takes
    ``ServerSideEncryption`` and ``SSEKMSKeyId`` as ``PutObject`` does. Raises
    ``ServiceError`` (``NoSuchBucket``, ``KeyTooLongError``...) when S3 refuses it."""
    own = _own(store, account, region)
    if own is not None:
        own._put(bucket, key, body, content_type=content_type, sse=sse)
        return
    params: dict[str, Any] = {"Bucket": bucket, "Key": key, "Body": bytes(body), **(sse or {})}
    if content_type is not None:
        params["ContentType"] = content_type
    _call(store, account, region, "put_object", **params)
