"""Amazon Kinesis Data Streams (service ``kinesis``): a destination for event streams."""
