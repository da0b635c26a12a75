"""Amazon S3 (service ``s3``): buckets and objects, a destination for exports."""
