"""Amazon S3: buckets and objects, enough for exports and for reading them back.

Bucket names are global: one namespace per partition (``aws``, ``aws-cn``,
``aws-us-gov``), shared by every account and region, as in AWS. The store keeps it
in one backend, the partition's namespace (account ``""``, region = the partition);
the backend of every (account, region) holds a reference to it, so any client, and
any service delivering into S3, finds a bucket by its name alone. A bucket records
its owner account and its region. eventmock has no IAM: any account may use any
bucket (AWS would need a bucket policy), and a call from another region reaches the
bucket as botocore's region redirection would make it.

Objects are kept whole and immutable (no versioning); a multipart upload keeps its
parts until it is completed into one object or aborted. Every object is encrypted
with SSE-S3 unless the request asks for SSE-KMS, as S3 does since 2023. Timestamps
have S3's precision, whole seconds. Other services read and write S3 through
:mod:`eventmock.services.s3.access` (which hands their calls to the mock underneath
while one takes S3 whole).

One module per resource family: ``buckets``, ``objects``, ``listing``,
``multipart``, ``multipart_listing``; ``base`` holds the shared lookups, ``models`` the stored things.
"""


from __future__ import annotations

from eventmock.services.s3.buckets import Buckets
from eventmock.services.s3.listing import Listing
from eventmock.services.s3.models import MAX_KEY_BYTES, NAMESPACE, S3Bucket, S3Object, bucket_name_is_valid, checksum
from eventmock.services.s3.multipart import Multipart
from eventmock.services.s3.multipart_listing import MultipartListing
from eventmock.services.s3.objects import Objects

__all__ = ["MAX_KEY_BYTES", "NAMESPACE", "S3Backend", "S3Bucket", "S3Object", "bucket_name_is_valid", "checksum"]


class S3Backend(Buckets, Objects, Listing, Multipart, MultipartListing):
    """The S3 backend dispatch sees: every resource family's operations over the
    shared state (:class:`~eventmock.services.s3.base.S3Base`)."""
