"""Amazon CloudWatch Logs (service ``logs``): log groups and streams, log events,
filter patterns, subscription filters, and EventBridge rule targets."""
