"""S3 buckets: create, list, head, delete."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from typing import Any

from eventmock.core.arns import partition_of
from eventmock.core.errors import NotEmulatedError, ServiceError
from eventmock.services.s3.base import S3Base
from eventmock.services.s3.models import MAX_BUCKETS, REGION, S3Bucket, bucket_name_is_valid, invalid_argument, now_seconds, owner_id


def _invalid_name(name: str) -> ServiceError:
    return ServiceError("InvalidBucketName", "The specified bucket is not valid.", status=400, BucketName=name)


def audit_create_bucket(params: Mapping[str, Any]) -> tuple[str, ServiceError] | None:
    """What a lenient mock records of a CreateBucket it hands to the mock underneath
    (:data:`eventmock.core.leniency.AUDITS`)."""
    name = params.get("Bucket")
    if not isinstance(name, str) or bucket_name_is_valid(name):
        return None
    return "s3.bucket-name", _invalid_name(name)


class Buckets(S3Base):

    def create_bucket(self, Bucket: str, CreateBucketConfiguration: dict[str, Any] | None = None) -> dict[str, Any]:
        name = Bucket
        if not bucket_name_is_valid(name):
            self.refuse("s3.bucket-name", _invalid_name(name))
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
        bucket = self.buckets[name] = S3Bucket(name, self.account_id, region, now_seconds())
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
            if constraint == "us-east-1" or not REGION.fullmatch(region) or partition_of(region) != self.partition:
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
            raise invalid_argument(f"Argument max-buckets must be an integer between 1 and {MAX_BUCKETS}", "max-buckets", str(MaxBuckets))
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
            "Owner": {"ID": owner_id(self.account_id)},
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
