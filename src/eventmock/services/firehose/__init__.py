"""Amazon Data Firehose (service ``firehose``): delivery streams into S3."""
