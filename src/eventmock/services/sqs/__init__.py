"""Amazon Simple Queue Service (service ``sqs``): a destination for event streams."""
